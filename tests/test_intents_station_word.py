"""Issue #4: everyday words that sound like 驿站 and share 站 (一站 yī zhàn, 一战) are words
jieba knows, not typos — the homophone match must leave them alone, and keep real typos."""
from __future__ import annotations

import pytest

from intents import understand
from intents.lexicon import CUE
from intents.matching import find_mentions
from intents.understand import default_lexicon


def _station_cues(text: str) -> list[str]:
    _, mentions = find_mentions(text, default_lexicon())
    return [text[m.start:m.end] for m in mentions if m.kind == CUE and m.target == "station"]


@pytest.mark.parametrize("text", ["坐一站地铁", "再坐一站地铁就到了", "下一站是哪", "到站了叫我",
                                  "一站式服务", "坐两站公交", "还有几站", "一站到底", "一战成名"])
def test_a_measure_word_or_common_word_is_not_the_station_word(text):
    assert _station_cues(text) == []


@pytest.mark.parametrize("text", ["坐一站地铁", "坐两站公交就到", "一站到底"])
def test_a_ride_is_not_a_station_request(text):
    assert understand(text).intent != "find_station"


def test_a_need_after_a_ride_is_still_the_need():
    u = understand("我坐一站地铁过去有厕所吗")
    assert u.intent == "find_need" and "toilet" in u.slots.get("codes", [])


@pytest.mark.parametrize("typo", ["易站", "驿占", "译站", "易战", "艺站"])
def test_homophone_typos_of_the_station_word_still_match(typo):
    assert _station_cues(f"附近有{typo}吗") == [typo]
    assert understand(f"最近的{typo}在哪").intent == "find_station"

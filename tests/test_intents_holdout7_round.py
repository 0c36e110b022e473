"""Message-level mechanisms of the holdout7 round (issue #4): variants of each category the
blind set found, not its sentences."""
from __future__ import annotations

import pytest

from intents import understand


@pytest.mark.parametrize("text", ["夏天哪儿有送伏茶的", "哪里冬天有热粥喝"])
def test_a_season_with_a_where_word_is_a_search(text):
    assert understand(text).intent == "find_need"


@pytest.mark.parametrize("text", ["冬天什么时候送热粥", "伏茶夏天送不送"])
def test_a_season_with_a_when_word_is_still_the_schedule(text):
    assert understand(text).intent == "schedule"


@pytest.mark.parametrize("text", ["喂喂喂", "在吗在吗", "你好你好"])
def test_a_repeated_greeting_is_a_greeting(text):
    assert understand(text).intent == "greeting"


def test_a_lone_filler_is_not_read_as_a_greeting():
    assert understand("嗯嗯").intent != "greeting"


@pytest.mark.parametrize("text", ["温州到台州动车几点", "杭州去上海的航班时刻"])
def test_a_travel_timetable_is_out_of_scope_not_a_place(text):
    got = understand(text)
    assert got.intent == "out_of_scope" and got.clarify is None


def test_a_station_near_the_train_station_is_still_ours():
    assert understand("火车站附近的驿站几点开门").intent != "out_of_scope"

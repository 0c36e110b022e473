"""Mechanisms of the holdout20 round (a day of mixed traffic), with sentences not in the set:
灌/装 as separable verbs of water; a day (周末 / 过年) said with a need is a search, not "when is it
served"; 教一下 after a how-to is help; a want said first (想热个饭) is a new search even with one
station in focus; thanks for a past recommendation with word that it was good stays thanks."""
from __future__ import annotations

import pytest

from intents import context, understand
from test_dialogue_last import rider


@pytest.mark.parametrize("text", ["哪能灌点水", "想装一壶水", "附近能灌个开水不"])
def test_filling_a_bottle_is_drinking_water(text):
    u = understand(text)
    assert u.intent == "find_need" and "drinking_water" in u.slots.get("codes", []), (text, u)


@pytest.mark.parametrize("text, code", [("过年有地方洗澡吗", "shower"), ("节假日能充电不", "charging")])
def test_a_day_said_with_a_need_is_a_search(text, code):
    u = understand(text)
    assert u.intent == "find_need" and u.clarify is None and code in u.slots["codes"], (text, u)


def test_when_a_need_is_served_on_a_day_still_asks_which_was_meant():
    assert understand("洗澡周末几点").clarify == "ambiguous"


@pytest.mark.parametrize("text", ["这个公众号咋用 教下", "怎么找驿站啊，教一下"])
def test_teach_me_after_a_how_to_is_help(text):
    assert understand(text).intent == "help", text


@pytest.mark.parametrize("text, searches", [("想洗个澡", True), ("我想要充电", True), ("要门禁卡吗", False), ("想问下几点关门", False),
                                            ("我想知道有没有厕所", False)])
def test_a_want_said_first_searches(text, searches):
    assert context.uses_search_verb(text) is searches


def test_a_want_after_a_single_station_place_is_a_search():
    send = rider()
    send("我在温州")                        # one station there: 红日亭, which has no microwave
    got = send("想热下饭")
    assert got.intent == "find_need" and "wz-lucheng-hongriting" not in got.meta["stations"]


@pytest.mark.parametrize("text, intent", [("谢谢你们上回推荐的，丁家桥真方便", "thanks"),
                                          ("谢谢你上次推荐的，丁家桥几点关门", "open_hours")])
def test_thanks_for_a_past_recommendation(text, intent):
    assert understand(text).intent == intent, text

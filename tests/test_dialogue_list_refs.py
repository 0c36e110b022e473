"""References to the list just shown that the holdout16/17 rounds left: "which of these" open
round the clock, "of these, which is nearest", the station the bot itself named (你说的那个),
and "I cannot find the one you named" as a wrong-location report — variants, not the sets' words."""
from __future__ import annotations

import pytest

from intents import understand
from test_dialogue_last import rider

TAIZHOU = (28.6600, 121.4200)     # list: 椒江365+ (24 h) · 红日亭 · 南苑
HANGZHOU = (30.2950, 120.2050)    # list: 东宁路 · 阳山时尚谷 · 公用事业高新 (none recorded 24 h)
JIAOJIANG, DONGNING = "tz-jiaojiang-365-001", "hz-dongning-aixinyijia"


@pytest.mark.parametrize("text", ["上面那几个谁是通宵开的", "这些里头哪个全天开放", "你列的哪家是24小时的"])
def test_round_the_clock_picks_from_the_list(text):
    u = understand(text)
    assert u.intent == "follow_up" and u.slots.get("pick") and u.slots.get("open_24h"), (text, u)


@pytest.mark.parametrize("text", ["附近哪个24小时开", "有没有24小时的驿站"])
def test_round_the_clock_with_a_where_word_stays_a_search(text):
    u = understand(text)
    assert u.intent == "open_hours" and not u.slots.get("pick"), (text, u)


def test_the_round_the_clock_pick_answers_that_stations_hours():
    send = rider()
    send(pin=TAIZHOU)
    got = send("这几个里哪家是全天开的")
    assert got.meta["stations"] == [JIAOJIANG] and "24" in got.text


def test_no_round_the_clock_station_in_the_list_says_so_without_inventing_hours():
    send = rider()
    send(pin=HANGZHOU)
    got = send("上面哪个是24小时的")
    assert "都没有记录" in got.text and DONGNING not in got.meta["stations"]


@pytest.mark.parametrize("text", ["上面几个哪个离我近一点", "这几个里面哪家最近", "刚才那些哪个最近"])
def test_which_of_these_is_nearest(text):
    u = understand(text)
    assert u.intent == "follow_up" and u.slots.get("nearer"), (text, u)


@pytest.mark.parametrize("text, slot", [("你刚说的那个有空调吗", "codes"), ("你推荐的那家几点关门", "attribute"),
                                        ("你发的那个在哪条路", "attribute")])
def test_the_station_the_bot_named_is_the_one_in_focus(text, slot):
    u = understand(text)
    assert u.intent == "follow_up" and u.slots.get(slot), (text, u)


def test_the_bots_own_pick_is_asked_about():
    send = rider()
    send(pin=TAIZHOU)
    got = send("你说的那个能换电吗")        # 椒江365+, first of the list, has the swap cabinet
    assert got.meta["stations"] == [JIAOJIANG] and "换电" in got.text


@pytest.mark.parametrize("text", ["你说的那家我找不到", "刚才那个地方找不着"])
def test_cannot_find_the_named_one_is_a_wrong_location_report(text):
    u = understand(text)
    assert u.intent == "report_problem" and u.slots.get("report_kind") == "wrong_location", (text, u)

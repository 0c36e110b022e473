"""Mechanisms of the holdout27 round (sessions that move between several stations), with sentences
not in the set: a bare need question right after one station was shown is a follow-up about it
(its 还有 is "still"); the first two of a list asked at once (两个都 / 俩 / 有啥区别) are compared;
另一个 is the station in view that is not in focus; who runs a station is answered from its data
(谁办的, and 这个号是谁做的 stays about the bot); since when it exists (什么时候开的) is its date; a
station asked about beside the place the rider is in is the question; 东宁路呢 / 椒江呢 after a fact
asks it of the station there; and a handful of words (浴室, 食堂便宜吗, 放假吗, coverage)."""
from __future__ import annotations

import pytest

from intents import understand
from understood import understood_as as _is
from test_dialogue_last import rider

IN_DEQING = (30.5400, 119.9700)      # 阳山时尚谷 nearest, 东宁路 second
NANYUAN = "nb-haishu-nanyuan"
YANGSHAN = "huz-wuxing-yangshan"
DONGNING = "hz-dongning-aixinyijia"


@pytest.mark.parametrize("text, intent, slots", [
    ("两家都有微波炉吗", "follow_up", {"codes": ["microwave"]}),
    ("这俩有什么不一样", "follow_up", {"attribute": "offers"}),
    ("另外一家几点关门", "follow_up", {"other": True}),
    ("哪个关门早", "follow_up", {"which": True}),
    ("谁在负责", "follow_up", {"attribute": "runner"}),
    ("开了几年了", "follow_up", {"attribute": "opened"}),
    ("我在温州，南苑有空调吗", "station_info", {"codes": ["air_conditioning"], "station": NANYUAN}),
    ("人在嘉兴，椒江365几点关门", "open_hours", {}),
    ("南苑有浴室吗", "station_info", {"codes": ["shower"]}),
    ("能查外地的驿站吗", "help", {"about": "coverage"}),
    ("后天放不放假", "out_of_scope", {}),
    ("离我近一点的有充电的驿站", "find_need", {"codes": ["charging"]}),
])
def test_what_a_session_across_stations_is_made_of(text, intent, slots):
    _is(text, intent, **slots)


def test_who_made_the_account_is_still_about_the_bot():
    assert understand("这个号是谁做的").intent == "help"


def test_a_bare_need_question_after_one_station_is_a_follow_up_about_it():
    send = rider()
    send("金华眼科医院在哪")
    got = send("老花镜还有吗")
    assert got.intent == "follow_up" and "老花镜" in got.text and got.meta["stations"][0] == "jh-wucheng-eye-hospital"


def test_the_first_two_of_a_list_asked_at_once_are_compared():
    send = rider()
    send(pin=IN_DEQING)
    got = send("两家都有厕所吗")
    assert got.intent == "follow_up" and "阳山时尚谷" in got.text and "东宁路" in got.text, got.text


def test_the_other_one_is_the_station_in_view_not_in_focus():
    send = rider()
    send(pin=IN_DEQING)
    got = send("另外那个呢")
    assert got.meta["stations"][0] == DONGNING, got.meta


def test_who_runs_a_station_is_answered_from_its_data():
    send = rider()
    send("红日亭在哪")
    got = send("谁在管")
    assert "鹿城区总工会" in got.text and got.meta["stations"] == ["wz-lucheng-hongriting"], got.text


def test_a_fragment_naming_a_stations_place_asks_the_same_fact_of_it():
    send = rider()
    send("丁家桥几点关门")
    got = send("椒江呢")
    assert got.intent == "open_hours" and "24小时" in got.text, got.text


def test_a_cheap_canteen_is_its_low_cost_meals():
    assert "低价餐饮" in rider()("南苑的食堂便宜吗").text


def test_these_two_after_one_station_each_are_the_two_talked_about_last():
    send = rider()
    send("南苑有空调吗")
    send("椒江365有空调吗")
    got = send("这两个哪个能洗澡")
    assert set(got.meta["stations"]) <= {NANYUAN, "tz-jiaojiang-365-001"} and "南苑" in got.text \
        and "椒江365+" in got.text, got.text


def test_the_station_before_the_focus_survives_the_session_json():
    from bot.dialogue.state import Session
    s = Session(focus=NANYUAN, before=YANGSHAN)
    assert Session.from_json(s.to_json()).before == YANGSHAN


def test_the_bigger_or_the_smaller_of_the_pair_compared_then_the_other():
    send = rider()
    send("丁家桥和南苑哪个大")
    got = send("小的那个在哪")
    assert got.meta["stations"] == ["jx-nanhu-dingjiaqiao"] and "丁家桥社区" in got.text, got.text
    got = send("大的那个有淋浴吗")
    assert got.meta["stations"][0] == NANYUAN and "有淋浴" in got.text, got.text


def test_the_far_one_of_the_pair_needs_the_riders_position():
    send = rider()
    send(pin=IN_DEQING)
    send("阳山时尚谷和东宁路哪个离我近")
    got = send("远的那个有母婴室吗")
    assert got.meta["stations"][0] == DONGNING and "有母婴室" in got.text, got.text


@pytest.mark.parametrize("text, attribute", [("鹿城区那边谁在管", "runner"), ("海曙有几个工作人员", "staff"),
                                             ("那就去椒江吧 怎么进去", "entry")])
def test_a_fact_only_a_station_has_asked_of_a_district_is_of_its_one_station(text, attribute):
    u = understand(text)
    assert u.intent == "station_info" and u.slots.get("attribute") == attribute and len(u.slots["stations"]) == 1, u


def test_a_search_in_a_district_stays_a_search():
    assert understand("椒江哪里能充电").intent == "find_need"

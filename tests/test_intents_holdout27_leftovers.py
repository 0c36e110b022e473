"""The holdout27 leftovers, with sentences not in the set: the station near the rider pointed at
(我旁边那个) after asking about one elsewhere; a fact asked of "this one" then 那X呢 of another; a
place of the list turned down (第二个不去了) and the search made without it; the stations toured
one by one, ranked (最早的那个); two stations compared on hours, then a time (半夜去哪个); a
one-station district paired with a station (红日亭和椒江哪个大); two cities in one list."""
from __future__ import annotations

from intents import understand
from test_dialogue_last import rider

NEAR_JIAOJIANG = (28.6600, 121.4300)
NEAR_JINHUA_EYE = (29.0850, 119.6490)
IN_XIAOSHAN = (30.1840, 120.2640)       # 东宁路 nearest, 公用事业高新 second
JIAOJIANG = "tz-jiaojiang-365-001"
DINGJIAQIAO = "jx-nanhu-dingjiaqiao"
HONGRITING = "wz-lucheng-hongriting"


def test_the_one_near_me_is_the_station_nearest_the_riders_pin():
    send = rider()
    send(pin=NEAR_JIAOJIANG)
    send("南苑有几个工作人员")
    got = send("那我旁边那个呢")
    assert got.meta["stations"] == [JIAOJIANG] and "无人值守" in got.text, got.text
    got = send("它怎么进去")
    assert got.meta["stations"] == [JIAOJIANG] and "刷卡" in got.text, got.text


def test_the_one_near_me_without_a_position_names_no_station():
    send = rider()
    send("南苑有几个工作人员")
    got = send("我旁边那个呢")
    assert JIAOJIANG not in (got.meta.get("stations") or []), got.text


def test_a_fact_of_this_one_is_asked_again_of_another_named_with_its_city():
    send = rider()
    send(pin=NEAR_JINHUA_EYE)
    send("它面积多少")
    got = send("那嘉兴丁家桥那个呢")
    assert got.meta["stations"] == [DINGJIAQIAO] and "30" in got.text, got.text


def test_a_place_of_the_list_turned_down_is_left_out_of_the_search():
    u = understand("第二个不去了，哪里能热饭")
    assert u.intent == "find_need" and u.slots.get("exclude_ordinal") == 2 and "ordinal" not in u.slots, u
    assert understand("第二个不要钱吧").slots.get("ordinal") == 2        # a question about it, kept
    send = rider()
    listed = send(pin=IN_XIAOSHAN)
    turned_down = listed.meta["stations"][0]
    got = send("头一个不想去 有没有能充电的")
    assert got.intent == "find_need" and turned_down not in got.meta["stations"], got.text
    got = send("它多大")
    assert got.meta["stations"] == [got.meta["stations"][0]] and got.meta["stations"][0] != turned_down


def test_the_stations_toured_one_by_one_are_ranked_among_themselves():
    send = rider()
    send("红日亭哪年建的")
    send("丁家桥呢")
    send("椒江那个呢")
    got = send("最早的那个在哪")
    assert got.meta["stations"] == [DINGJIAQIAO], got.text
    assert "刚才问到的3个" in got.text and "丁家桥社区" in got.text, got.text
    got = send("第二早的呢")
    assert got.meta["stations"] == [JIAOJIANG] and "刚才问到的" in got.text, got.text


def test_a_ranking_without_a_back_reference_is_of_all_the_data():
    send = rider()
    send("红日亭哪年建的")
    send("丁家桥呢")
    got = send("哪个驿站建得最早")
    assert "刚才问到的" not in got.text, got.text


def test_after_two_compared_on_hours_a_time_picks_the_one_open_then():
    send = rider()
    send("椒江365和丁家桥哪个开得晚")
    got = send("半夜一点去哪个")
    assert got.intent == "open_hours" and got.meta["stations"] == [JIAOJIANG], got.text


def test_a_district_with_one_station_paired_with_a_station_is_that_station():
    u = understand("红日亭和椒江哪个大")
    assert set(u.slots.get("stations") or []) == {HONGRITING, JIAOJIANG}, u
    assert understand("椒江哪里能充电").slots.get("stations") is None


def test_two_cities_in_one_question_list_both():
    send = rider()
    got = send("温州和嘉兴有哪些驿站")
    assert {HONGRITING, DINGJIAQIAO} <= set(got.meta["stations"]), got.text
    got = send("那喝水呢")
    assert set(got.meta["stations"]) <= {HONGRITING, DINGJIAQIAO} and got.meta["stations"], got.text
    got = send("宁波哪里能喝水")
    assert all(i.startswith("nb-") for i in got.meta["stations"]), got.text

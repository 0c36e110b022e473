"""Mechanisms of the holdout17 round: requests with several constraints at once — variants of each
mechanism, never the set's sentences:
a station left out of the search (除了X / X以外 / 不要X那个, a place standing for its one station),
needs stacked and dropped over turns (还要 / 再加个 / X不要了 / 只要X / X就行) with the place and
the excluded stations kept, the closest partial match when no station meets every need, lists of
the whole data (全省哪些驿站 / 一共几个) and a pick from such a list, rankings by a fact the data
gives (largest, smallest, earliest, newest, n-th, of a list in view) that name the stations whose
fact is not recorded, a need and a fact of one station asked together, how often asked of a named
station, a time-bound need search said as a relative clause, asking several needs at once as a
help question, and water asked in a clause of its own among other needs."""
from __future__ import annotations

import pytest

from intents import context, ranking, understand
from test_dialogue_last import rider

HANGZHOU = (30.2950, 120.2100)
SHAOXING = (30.0000, 120.5800)
JIAXING = (30.7600, 120.7500)
JINHUA = (29.0800, 119.6500)

DONGNING, NANYUAN, GONGYONG = "hz-dongning-aixinyijia", "nb-haishu-nanyuan", "sx-yuecheng-gongyong-gaoxin"
DINGJIAQIAO, EYE, YANGSHAN = "jx-nanhu-dingjiaqiao", "jh-wucheng-eye-hospital", "huz-wuxing-yangshan"
HONGRITING, JIAOJIANG = "wz-lucheng-hongriting", "tz-jiaojiang-365-001"


def _codes(send, ids):
    return [send.engine.kb.get(i).codes for i in ids]


# --- a station left out ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, left_out, code", [
    ("除了丁家桥还有哪能热饭", DINGJIAQIAO, "microwave"),
    ("南苑以外哪里能充电", NANYUAN, "charging"),
    ("不要红日亭那个，附近能喝水的", HONGRITING, "drinking_water"),
    ("别推金华那个 能热饭的有吗", EYE, "microwave"),        # a place + 那个: its one station
])
def test_a_station_left_out_is_a_search_without_it(text, left_out, code):
    u = understand(text)
    assert u.intent == "find_need" and not u.clarify, u
    assert u.slots["exclude"] == [left_out] and "stations" not in u.slots
    assert code in u.slots["codes"]
    assert "city" not in u.slots          # 金华那个 names the station, not the area searched


def test_an_area_with_a_station_left_out_asks_for_the_others():
    u = understand("宁波除了南苑还有别的驿站吗")
    assert u.intent == "find_station" and not u.clarify
    assert u.slots["exclude"] == [NANYUAN] and u.slots["city"] == "宁波市"


def test_a_station_asked_about_is_not_left_out():
    u = understand("红日亭能充电吗")
    assert u.intent == "station_info" and "exclude" not in u.slots


def test_after_a_list_the_station_left_out_is_never_shown_again():
    send = rider()
    send(pin=JINHUA)
    first = send("附近能热饭的")
    assert first.meta["stations"][0] == EYE
    got = send("除了眼科医院还有哪")
    assert got.meta["stations"] and EYE not in got.meta["stations"]
    assert all("microwave" in c for c in _codes(send, got.meta["stations"]))      # the need is kept


def test_no_other_station_in_the_area_is_said_as_such():
    got = rider()("宁波除了南苑还有别的驿站吗")
    assert "除了南苑" in got.text and NANYUAN not in got.meta["stations"]


# --- needs stacked and dropped over turns ------------------------------------------------------------
@pytest.mark.parametrize("text, adds", [
    ("也要能喝水", True), ("另外还得有空调", True), ("再加一个充电", True), ("还有热水吗", False),
    ("有热水吗", False),
])
def test_adding_a_need_is_read_from_its_words(text, adds):
    assert context.adds_need(text) is adds


@pytest.mark.parametrize("text, only", [("能充电就行", True), ("只想洗个澡", True), ("能充电吗", False)])
def test_only_this_need_is_read_from_its_words(text, only):
    assert context.only_need(text) is only


def test_an_added_need_joins_the_last_search_and_a_declined_one_leaves_it():
    send = rider()
    send(pin=HANGZHOU)
    assert send("哪里能充电").meta["stations"][0] == DONGNING
    both = send("再加个淋浴")
    assert both.meta["stations"][0] == GONGYONG and DONGNING not in both.meta["stations"]
    assert all({"charging", "shower"} <= c for c in _codes(send, both.meta["stations"]))
    back = send("淋浴不要了")
    assert back.intent == "find_need" and back.meta["stations"][0] == DONGNING


def test_only_the_need_said_now_after_a_single_station_answer_is_a_search():
    send = rider()
    send(pin=SHAOXING)
    one = send("附近有卫生间吗")
    assert one.meta["stations"][0] == DONGNING
    narrowed = send("还要有wifi")
    assert narrowed.meta["stations"] == [NANYUAN]           # the only one with both
    only = send("那就只要能喝水的")
    assert only.intent == "find_need" and only.meta["stations"][0] == GONGYONG


def test_a_need_added_while_the_place_is_awaited_is_kept_for_the_pin():
    send = rider()
    assert send("能充电的驿站有吗").meta["asks_location"]
    waiting = send("还要能洗澡")
    assert waiting.meta["asks_location"]
    got = send(pin=HANGZHOU)
    assert got.meta["stations"][0] == GONGYONG and DONGNING not in got.meta["stations"]


def test_an_area_and_a_left_out_station_survive_an_added_need():
    send = rider()
    send(pin=HANGZHOU)
    send("除了东宁路 附近哪能热饭")
    got = send("还要能充电")
    assert got.meta["stations"] and DONGNING not in got.meta["stations"]
    assert all({"microwave", "charging"} <= c for c in _codes(send, got.meta["stations"]))


# --- no station meets every need -----------------------------------------------------------------
def test_the_closest_partial_match_keeps_as_many_needs_as_one_station_meets():
    send = rider()
    send(pin=HANGZHOU)
    got = send("又能喂奶又能洗澡还能充电的")
    assert "没有同时提供" in got.text
    assert got.meta["stations"] == [DONGNING]               # nursing room + charging, no shower anywhere with it


def test_the_partial_match_prefers_two_needs_met_over_the_first_need_alone():
    send = rider()
    send(pin=HANGZHOU)
    got = send("有冰箱能洗澡有厕所的")
    # no station has all three, nor the fridge with either other: shower + toilet (not the nearest fridge)
    assert got.meta["stations"] == [NANYUAN]


def test_the_partial_match_in_an_area_keeps_two_of_three_needs():
    got = rider()("绍兴能热饭能洗澡有厕所的")
    assert got.meta["stations"] == [GONGYONG] and "没有同时提供" in got.text


# --- the whole data ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, whole", [
    ("全省哪些驿站有冰箱", True), ("有AED的驿站一共几个", True), ("你们总共有多少家驿站", True),
    ("附近哪些驿站能充电", False), ("宁波有几个驿站", False), ("热饭充电全部都要", False),
])
def test_the_whole_data_is_read_from_its_words(text, whole):
    assert bool(understand(text).slots.get("everywhere")) is whole


def test_every_station_with_a_need_is_listed_without_a_location():
    send = rider()
    got = send("全省哪些驿站有冰箱")
    assert got.intent == "find_need" and not got.meta["asks_location"]
    assert sorted(got.meta["stations"]) == sorted([DINGJIAQIAO, EYE]) and "2个" in got.text
    pick = send("哪个能看电视")
    assert pick.meta["stations"] == [EYE]                    # of those two, the one with a TV


def test_a_count_of_one_is_said_and_shown():
    got = rider()("有AED的驿站一共几个")
    assert got.meta["stations"] == [YANGSHAN] and "1个" in got.text


def test_a_long_whole_list_waits_for_a_pin_to_order_it():
    send = rider()
    first = send("浙江哪些驿站能充电")
    assert first.meta["asks_location"] and len(first.meta["stations"]) == 3 and "7个" in first.text
    got = send(pin=JIAXING)
    assert got.meta["stations"][0] == DINGJIAQIAO and "公里" in got.text


# --- rankings by a fact the data gives -------------------------------------------------------------
@pytest.mark.parametrize("text, key", [
    ("哪家驿站面积最大", "area_max"), ("最小的驿站是哪个", "area_min"), ("哪个驿站成立得最早", "opened_min"),
    ("最新建的驿站是哪个", "opened_max"), ("最早几点开门", None), ("大概几点到", None), ("红日亭在哪", None),
])
def test_a_ranking_is_read_from_its_words(text, key):
    assert ranking.rank(text) == key


def test_the_nth_place_of_a_ranking():
    assert ranking.nth("第三大的呢") == 3 and ranking.nth("哪个最大") == 1


def test_the_smallest_and_then_the_third_smallest():
    send = rider()
    got = send("哪家驿站面积最小")
    assert got.meta["stations"] == [EYE] and "十平方米" in got.text
    assert "红日亭" in got.text and "没写" in got.text      # no area recorded: named, not ranked
    third = send("第三小的呢")
    assert third.meta["stations"] == [DINGJIAQIAO] and "30平方米" in third.text


def test_the_newest_names_the_stations_without_a_date():
    got = rider()("最新建的驿站是哪个")
    assert got.meta["stations"] == [HONGRITING] and "2023年3月" in got.text
    for undated in ("南苑", "阳山时尚谷", "东宁路", "金华眼科医院"):
        assert undated in got.text
    assert "没写" in got.text


def test_a_ranking_of_the_stations_with_a_need():
    got = rider()("能洗澡的驿站哪个最大")
    assert got.meta["stations"] == [NANYUAN] and "650" in got.text and "阳山" not in got.text


def test_a_comparative_ranks_the_list_in_view():
    send = rider()
    send(pin=JIAXING)
    shown = send("附近能热饭的").meta["stations"]
    got = send("哪个大一点")
    assert got.meta["stations"][0] in shown and got.meta["stations"] == [YANGSHAN]


def test_a_size_word_said_of_something_else_is_no_ranking():
    send = rider()
    send(pin=JIAXING)
    got = send("你声音大点")
    assert "面积" not in (got.text or "")


# --- one station, two questions; how often -----------------------------------------------------------
def test_a_need_and_the_size_of_one_station_are_both_answered():
    got = rider()("丁家桥能热饭吗 有多大")
    assert "热饭" in got.text and "30平方米" in got.text


def test_a_need_and_the_opening_date_of_one_station_are_both_answered():
    got = rider()("椒江365能换电吗 哪年建的")
    assert "2022年8月" in got.text


def test_how_often_asked_of_a_named_station_is_its_schedule():
    u = understand("丁家桥每个月搞几次")
    assert u.intent == "schedule" and not u.clarify
    assert "两次" in rider()("丁家桥每个月搞几次").text


# --- a time-bound need, several needs at once, water in its own clause --------------------------
@pytest.mark.parametrize("text", ["半夜三点还能充电的驿站", "这时候还营业的能喝水的"])
def test_a_need_bound_to_a_time_in_a_relative_clause_is_a_search(text):
    u = understand(text)
    assert u.intent == "find_need" and not u.clarify


def test_a_bare_when_of_a_need_is_still_asked_back():
    assert understand("热饭几点").clarify == "ambiguous"


def test_this_hour_is_now():
    assert understand("这个钟点还开着的驿站有吗").slots.get("open_now") is True


@pytest.mark.parametrize("text", ["可以同时问两三个要求吗", "能一起查好几样吗"])
def test_asking_several_needs_at_once_is_help(text):
    assert understand(text).intent == "help"


def test_water_in_a_clause_of_its_own_among_other_needs():
    u = understand("找个地方 要能热饭 要有水")
    assert u.slots["codes"] == ["microwave", "drinking_water"]


def test_the_other_end_of_a_ranking_keeps_its_scope():
    send = rider()
    send("能热饭的驿站哪个面积最大")
    got = send("那最小的呢")
    assert got.meta["stations"] == [EYE]                   # of the stations that heat food, as before
    assert "有热饭" in got.text

"""Mechanisms of the holdout24 round (corrections, comparisons and a rider on the move), with
sentences not in the set: a place denied or left behind gives way to the other place said; a number
or need taken back is replaced (and the need declined); the rider's own position put right is a
place given, not a report; two named stations compared by hours, distance or frequency, a station
named by its area beside one named by name; 那X呢 after a comparison asks the same fact of X; the
list just shown ranked, picked from or narrowed (这俩哪个 / 哪个最小 / 这些里哪个关门最晚 / 不要X那个)."""
from __future__ import annotations

import pytest

from intents import understand
from understood import understood_as as _is
from test_dialogue_last import rider

DINGJIAQIAO = "jx-nanhu-dingjiaqiao"
JIAOJIANG = "tz-jiaojiang-365-001"
YANGSHAN = "huz-wuxing-yangshan"
NANYUAN = "nb-haishu-nanyuan"
BY_DONGNING = (30.3005, 120.2190)
IN_JIAOJIANG = (28.6800, 121.4500)


# --- a rider on the move, and corrections ------------------------------------------------------
@pytest.mark.parametrize("text, intent, slot, value", [
    ("不是杭州 是嘉兴 哪能热饭", "find_need", "city", "嘉兴市"),
    ("我从温州到台州了", "give_place", "city", "台州市"),
    ("不在海曙了 到越城了", "give_place", "district", "越城区"),
    ("刚从宁波过来 现在在绍兴", "give_place", "city", "绍兴市"),
])
def test_the_place_left_or_denied_gives_way_to_the_other(text, intent, slot, value):
    _is(text, intent, **{slot: value})


def test_a_place_left_said_alone_is_still_the_place():
    _is("从杭州过来的", "give_place", city="杭州市")


def test_a_number_taken_back_is_replaced():
    _is("第一个怎么走 不对 第三个", "follow_up", ordinal=3)


def test_a_need_taken_back_is_declined():
    _is("热饭 搞错了 是喝水", "find_need", codes=["drinking_water"], negated=["microwave"])


@pytest.mark.parametrize("text", ["定位有点偏 我其实在椒江", "我发的位置不准，我现在在越城区"])
def test_the_riders_own_position_put_right_is_a_place(text):
    _is(text, "give_place")


def test_a_map_that_led_nowhere_stays_a_report_with_a_place_beside_it():
    _is("导航过去根本没驿站 我在海曙", "report_problem", report_kind="wrong_location")


# --- two named stations compared ----------------------------------------------------------------
@pytest.mark.parametrize("text, intent", [
    ("阳山时尚谷和丁家桥哪个关得早", "open_hours"),
    ("南苑跟丁家桥哪个义剪更勤", "schedule"),
])
def test_hours_and_frequency_compared_keep_their_intent(text, intent):
    _is(text, intent)


@pytest.mark.parametrize("text", ["丁家桥跟椒江那个比哪个大", "椒江那个和丁家桥哪个开得久"])
def test_a_station_named_by_its_area_beside_one_named_by_name(text):
    u = understand(text)
    assert set(u.slots["stations"]) == {DINGJIAQIAO, JIAOJIANG}, u


def test_which_closes_later_names_the_one_open_round_the_clock():
    got = rider()("丁家桥和椒江365哪个关门晚")
    assert got.text.startswith("椒江365+24小时开放") and "8:30–17:00" in got.text, got.text


def test_hours_the_data_lacks_are_said_missing_not_compared():
    got = rider()("南苑和丁家桥哪个开得早")
    assert "没写南苑的开放时间" in got.text and "比不出来" in got.text, got.text


def test_an_area_the_data_lacks_is_named():
    got = rider()("红日亭和南苑哪个大")
    assert "没写红日亭的面积" in got.text and "650" in got.text, got.text


def test_which_is_nearer_asks_a_pin_and_the_pin_answers_it():
    send = rider()
    got = send("南苑和阳山时尚谷哪个离我近")
    assert got.meta.get("asks_location"), got.text
    got = send(pin=BY_DONGNING)
    assert got.meta["stations"] == [YANGSHAN, NANYUAN], got.meta
    assert got.text.startswith("阳山时尚谷离您更近"), got.text


def test_which_is_nearer_with_a_pin_known_orders_them_by_distance():
    send = rider()
    send(pin=IN_JIAOJIANG)
    got = send("丁家桥和椒江365哪个近")
    assert got.meta["stations"] == [JIAOJIANG, DINGJIAQIAO] and "公里" in got.text, got.text


def test_and_that_one_after_a_comparison_asks_the_same_fact_of_it():
    send = rider()
    send("阳山时尚谷和丁家桥哪个大")
    got = send("那南苑呢")
    assert "650" in got.text and got.meta["stations"] == [NANYUAN], got.text


# --- the list just shown ------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["这俩哪个能洗澡", "那两个哪个有厕所"])
def test_which_of_these_two_picks_from_the_list(text):
    _is(text, "follow_up", pick=True)


@pytest.mark.parametrize("text", ["哪个最小", "这几个里哪个最早建的"])
def test_a_bare_ranking_is_of_the_list_shown(text):
    _is(text, "follow_up")


def test_a_ranking_of_stations_in_general_stays_a_search():
    _is("哪个驿站最小", "find_station")


def test_not_that_one_is_the_last_search_without_it():
    send = rider()
    send(pin=BY_DONGNING)
    first = send("附近驿站").meta["stations"]
    assert understand("不要阳山时尚谷那个").intent == "follow_up"
    got = send("不要阳山时尚谷那个")
    assert YANGSHAN not in got.meta["stations"] and got.meta["stations"][0] == first[0], got.meta


def test_which_of_the_list_closes_latest_compares_their_hours():
    send = rider()
    send(pin=IN_JIAOJIANG)
    send("附近驿站")
    got = send("这几个哪个关门最晚")
    assert got.intent == "follow_up" and got.text.startswith("椒江365+24小时开放"), got.text
    assert got.meta["stations"] == [JIAOJIANG], got.meta


# --- a station's landmark typed as where the rider is (every set labels it a place) -------------
@pytest.mark.parametrize("text", ["明月嘉苑公交站", "眼科医院门口", "我到埭溪了", "越东路这边"])
def test_a_landmark_typed_alone_is_a_place(text):
    _is(text, "give_place")


@pytest.mark.parametrize("text", ["红日亭", "椒江365", "东宁路爱心驿家"])
def test_a_station_name_typed_alone_stays_the_station(text):
    _is(text, "station_info")


@pytest.mark.parametrize("text", ["越东路上有驿站吗", "我在明月嘉苑这边，附近有没有驿站"])
def test_stations_asked_of_a_landmark_are_a_search_there(text):
    _is(text, "find_station")


def test_the_riders_working_hours_are_no_hours_question():
    _is("夜里跑单，温州鹿城有驿站吗", "find_station", city="温州市")
    _is("夜里跑单，附近驿站还开着吗", "open_hours")

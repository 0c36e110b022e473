"""Mechanisms of the holdout23 round (the free services and the fine print), with sentences not in
the set: a condition of use (booking, papers, membership, family, the rider's trade) asked of a
station is a fact of it — station_info when named, follow_up when just shown — answered with what
the data says (free only where it says free; whom it serves) or that it does not say; whether a
station holds a service is a fact, not a schedule; papers as a condition are no errand; a county
straddling two words read is none; 那边的驿站 is an area, 的驿站 + a question names its one station."""
from __future__ import annotations

import pytest

from intents import understand
from understood import understood_as as _is
from test_dialogue_last import rider

BY_HONGRITING = (28.0180, 120.6630)
BY_NANYUAN = (29.8570, 121.5330)


# --- the fine print of a named station ---------------------------------------------------------
@pytest.mark.parametrize("text, attr", [("南苑吃饭要排队预约吗", "terms"), ("阳山时尚谷量血压收钱不", "cost"),
                                        ("我是保安 丁家桥我能去吗", "serves")])
def test_the_fine_print_of_a_named_station_is_its_fact(text, attr):
    _is(text, "station_info", attribute=attr)


@pytest.mark.parametrize("text", ["红日亭有没有法律援助", "南苑和丁家桥哪个有微波炉"])
def test_whether_a_station_holds_a_service_is_no_schedule(text):
    _is(text, "station_info")


def test_when_it_is_held_stays_a_schedule():
    _is("丁家桥每天都有义诊吗", "schedule", codes=["health_check"])
    _is("国庆红日亭有义诊吗", "schedule")


def test_a_closed_door_on_the_day_of_a_service_is_a_report():
    _is("红日亭说好今天有义诊 结果锁门了", "report_problem", report_kind="closed")


# --- the station just shown ---------------------------------------------------------------------
@pytest.mark.parametrize("text", ["这个需要出示工作证吗", "那家能带老人去吗", "刚才那个地方是会员才能用吗", "得提前约吗"])
def test_a_condition_about_the_station_just_shown_is_a_follow_up(text):
    _is(text, "follow_up", attribute="terms")


def test_stations_sought_by_a_condition_are_a_search():
    assert understand("环卫工能去的驿站有哪些").intent == "find_station"
    assert understand("骑手之家能免费吃早饭的").intent == "find_need"


# --- papers -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["外地户口可以加入工会吗", "入会需要带身份证吗"])
def test_papers_asked_as_a_condition_of_joining_are_joining(text):
    _is(text, "join_union")


def test_papers_as_an_errand_stay_out_of_scope():
    _is("丢了身份证怎么补办", "out_of_scope")


# --- places -------------------------------------------------------------------------------------
def test_a_county_straddling_two_words_is_none():
    u = _is("嘉兴义剪啥时候有", "schedule", station="jx-nanhu-dingjiaqiao")
    assert "county" not in u.slots
    assert understand("义乌哪里能热饭").slots.get("county") == "义乌"


def test_an_area_there_is_a_search_and_its_station_asked_is_named():
    u = _is("温州那边的驿站", "find_station", city="温州市")
    assert "station" not in u.slots
    _is("台州的驿站几点开", "open_hours", station="tz-jiaojiang-365-001")


# --- words ----------------------------------------------------------------------------------------
def test_free_cutting_and_borrowing_books():
    _is("想剪个头 哪能免费剪", "find_need", codes=["haircut"])
    _is("南苑的书能借走吗", "station_info", codes=["library"])


@pytest.mark.parametrize("text", ["你都能答些啥", "发个位置你就能帮我查吗", "你会记得我的定位吗"])
def test_questions_about_the_bot_are_help(text):
    _is(text, "help")


# --- answers ------------------------------------------------------------------------------------
def test_free_only_where_the_data_says_free():
    send = rider()
    got = send("南苑吃饭的地方 微波炉免费用吗")
    assert "免费" in got.text, got.text
    for text in ("红日亭理发收钱不", "丁家桥剪头发要钱吗"):     # 义剪 / 理发: the article says no 免费
        got = send(text)
        assert "是免费的" not in got.text and "没写是否收费" in got.text, got.text


def test_a_free_thing_named_in_a_note_is_free_and_only_that_thing():
    # the article: 金华眼科医院 has a 免费充电站 among its fridge, microwave, water …
    send = rider()
    got = send("金华眼科医院手机充电收费吗")
    assert "充电是免费的" in got.text, got.text
    got = send("金华眼科医院用微波炉要钱不")
    assert "是免费的" not in got.text and "没写是否收费" in got.text, got.text


def test_whom_it_serves_is_said_back_and_conditions_are_not_invented():
    send = rider()
    got = send("外卖骑手能去红日亭吗")
    assert got.intent == "station_info" and "外卖" in got.text, got.text
    got = send("要带身份证吗")
    assert got.intent == "follow_up" and "没写" in got.text and "问问驿站" in got.text, got.text


def test_both_stations_asked_whether_they_have_it():
    got = rider()("南苑和公用事业高新都能洗澡吗")
    assert "南苑" in got.text and "公用事业高新" in got.text, got.text


def test_the_clock_time_to_go_after_a_schedule_is_the_hours():
    send = rider()
    send("丁家桥义剪多久一次")
    got = send("几点能过去")
    assert got.intent in ("follow_up", "open_hours") and "8:30" in got.text, (got.intent, got.text)


def test_who_holds_a_service_asked_how_often_is_its_schedule():
    send = rider()
    send("温州哪里能修家电")
    got = send("律师多久来一次")
    assert got.intent in ("follow_up", "schedule"), (got.intent, got.text)

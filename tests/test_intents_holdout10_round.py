"""Mechanisms of the holdout10 round: variants of each category the blind set found, never its
sentences — two questions about one station in one message, bare questions about the station in
focus (what it has, what is free, whether it costs), searches for stations open at a named time,
holiday hours by ellipsis, locked-door and stopped-working reports, forwarded texts, a town then
a where-word."""
from __future__ import annotations

import pytest

from intents import understand
from intents.features import clock_time
from test_dialogue_last import JIAXING, rider

NANYUAN, DINGJIAQIAO, JIAOJIANG = "nb-haishu-nanyuan", "jx-nanhu-dingjiaqiao", "tz-jiaojiang-365-001"
HONGRITING = "wz-lucheng-hongriting"


# --- two questions about one station ------------------------------------------------------------
@pytest.mark.parametrize("text", ["南苑有淋浴吗，几点关门", "丁家桥几点关门 能量血压吗"])
def test_hours_and_a_need_in_two_clauses_are_one_station_answer(text):
    u = understand(text)
    assert u.intent == "station_info" and u.clarify is None and u.slots.get("codes")


def test_a_service_time_in_one_clause_stays_a_schedule():
    assert understand("丁家桥什么时候有义剪").intent == "schedule"


def test_both_answers_carry_the_hours_and_the_service_schedule():
    send = rider()
    r = send("丁家桥能理发吗 几点关门")
    assert "8:30" in r.text and "两次" in r.text and r.meta["stations"] == [DINGJIAQIAO]


def test_where_is_it_with_a_need_it_lacks_still_shows_the_station():
    send = rider()
    r = send("椒江365+在哪里 能洗澡吗")
    assert JIAOJIANG in r.meta["stations"]


def test_list_shows_each_stations_hours_when_closing_time_was_asked():
    send = rider()
    send("哪里能充电 几点开门")
    r = send(pin=JIAXING)
    assert "8:30–17:00" in r.text


def test_list_without_an_hours_question_stays_short():
    send = rider()
    send("哪里能充电")
    assert "8:30–17:00" not in send(pin=JIAXING).text


# --- bare questions about the station in focus -------------------------------------------------------
@pytest.mark.parametrize("text, attribute", [
    ("那里面都有哪些服务", "offers"), ("里头有啥", "offers"), ("哪些是免费的", "cost"),
])
def test_bare_offers_and_free_questions_are_about_the_focus(text, attribute):
    u = understand(text)
    assert u.intent == "follow_up" and u.slots.get("attribute") == attribute


def test_asking_the_bot_what_it_does_is_not_about_a_station():
    assert understand("你有什么服务").intent != "follow_up"


@pytest.mark.parametrize("text", ["洗澡收钱吗", "进去要收费吗"])
def test_a_fee_question_is_not_a_report(text):
    assert understand(text).intent != "report_problem"


def test_a_fee_complaint_is_still_a_report():
    assert understand("南苑乱收费").slots.get("report_kind") == "other"


def test_free_services_of_the_focus_are_named():
    send = rider()
    send("红日亭是干什么的")
    assert "免费早餐" in send("哪些是免费的").text


def test_facilities_of_the_focus_are_listed():
    send = rider()
    send("南苑几点开")
    assert "淋浴" in send("里头都有啥").text


# --- open at a named time ----------------------------------------------------------------------------
@pytest.mark.parametrize("text, hhmm", [
    ("夜里两点", "02:00"), ("晚上十点半", "22:30"), ("下午4:45", "16:45"), ("二十二点", "22:00"),
    ("早上七点", "07:00"), ("近一点的", None),
])
def test_clock_time_with_part_of_day(text, hhmm):
    assert clock_time(text) == hhmm


def test_which_are_open_at_a_time_is_a_search_not_the_focus():
    send = rider()
    send(pin=JIAXING)
    r = send("夜里两点有没有开门的")
    assert DINGJIAQIAO not in r.meta["stations"] and JIAOJIANG in r.meta["stations"]


def test_still_open_without_which_is_the_focus():
    send = rider()
    send("丁家桥在哪")
    assert send("现在还开着吗").meta["stations"] == [DINGJIAQIAO]


def test_tonight_is_night():
    assert understand("今晚哪个驿站还开").slots.get("night") is True


@pytest.mark.parametrize("first, holiday", [("丁家桥几点关门", "春节呢"), ("椒江365+几点开", "五一呢")])
def test_holiday_ellipsis_after_hours_is_holiday_hours(first, holiday):
    send = rider()
    send(first)
    r = send(holiday)
    assert r.intent == "open_hours" and ("资料里没有记录" in r.text or "24" in r.text)


# --- reports ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "我下午跑到南苑，大门上了一把锁，这驿站还开不开啊",
    "去丁家桥敲了半天门都没人，到底开不开",
])
def test_a_locked_door_found_is_a_closed_report_even_with_a_question(text):
    assert understand(text).slots.get("report_kind") == "closed"


@pytest.mark.parametrize("text", ["丁家桥的饮水机不热了", "南苑空调又不凉了", "红日亭的风扇不转了"])
def test_equipment_that_stopped_working_is_broken(text):
    u = understand(text)
    assert u.intent == "report_problem" and u.slots.get("report_kind") == "broken"


def test_declining_a_thing_is_no_report():
    assert understand("微波炉不要了 想找个厕所").intent != "report_problem"


# --- forwarded text, a town ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["【转发】宁波新建30个户外劳动者驿站 提供热饭充电", "转自工会公众号：驿站服务升级"])
def test_forwarded_text_is_no_request(text):
    assert understand(text).intent == "out_of_scope"


def test_a_question_after_a_forward_is_still_a_question():
    assert understand("转发的那个驿站在哪").intent != "out_of_scope"


def test_town_then_where_word_is_a_search_there():
    u = understand("段塘街道哪里能洗澡")
    assert u.intent == "find_need" and u.slots.get("place") == "段塘街道"


def test_porridge_alone_names_the_service():
    assert understand("红日亭冬天有没有粥").slots.get("codes") == ["winter_porridge"]

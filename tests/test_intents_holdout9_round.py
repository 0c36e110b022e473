"""Mechanisms of the holdout9 round: variants of each category the blind set found, never its
sentences — pinyin sentences and English need words, attribute questions about the station in
focus, hours ellipsis, follow-ups, out-of-scope fuel and railway stations, bare places, a
station's midday break, sound-alike names with 有, off smells, hesitation and restarts."""
from __future__ import annotations

import pytest

from intents import latin, understand
from intents.normalize import normalize
from test_dialogue_last import JIAXING, rider

NANYUAN, DINGJIAQIAO, JIAOJIANG = "nb-haishu-nanyuan", "jx-nanhu-dingjiaqiao", "tz-jiaojiang-365-001"
GAOXIN = "sx-yuecheng-gongyong-gaoxin"


def test_pinyin_run_is_segmented_into_syllables():
    assert latin.segment("zuijinyoucesuo") == ["zui", "jin", "you", "ce", "suo"]
    assert latin.segment("xian") is None          # one syllable: nothing to segment
    assert latin.segment("toilet") is None and latin.segment("hello") is None


@pytest.mark.parametrize("text, intent, codes", [
    ("zuijin you cesuo ma", "find_need", ["toilet"]),
    ("nali keyi xizao", "find_need", ["shower"]),
    ("fujin nali you yizhan", "find_station", []),
    ("哪儿能 shower", "find_need", ["shower"]),
    ("附近有没有 restroom", "find_need", ["toilet"]),
    ("想找个地方 charging", "find_need", ["charging"]),
])
def test_pinyin_sentences_and_english_need_words(text, intent, codes):
    u = understand(text)
    assert u.intent == intent and (u.slots.get("codes") or []) == codes


def test_function_words_alone_stay_latin():
    assert understand("you").intent == "out_of_scope"


@pytest.mark.parametrize("text, attribute", [
    ("这个驿站宽敞吗", "area"), ("有人值班吗", "staff"), ("什么时候建的", "opened"),
    ("搞过多少场活动", "events"), ("那里面积大不大", "area"),
])
def test_bare_attribute_questions_are_about_the_focus(text, attribute):
    u = understand(text)
    assert u.intent == "follow_up" and u.slots.get("attribute") == attribute


def test_people_counted_are_not_a_place():
    u = understand("有几个人在里面值班")
    assert u.intent == "follow_up" and "place" not in u.slots


def test_condition_of_entry_is_about_the_focus():
    u = understand("需要刷卡才可以进去吗")
    assert u.intent == "follow_up" and u.slots.get("codes") == ["card_access"]


@pytest.mark.parametrize("text, intent", [
    ("那就去它 发我导航", "follow_up"), ("换点其他的给我看看", "follow_up"), ("还能推荐别的吗", "follow_up"),
    ("我应该怎么提问", "help"),
    ("95号汽油今天多少钱", "out_of_scope"), ("去宁波南站怎么走", "out_of_scope"),
    ("柴油哪里便宜", "out_of_scope"),
])
def test_follow_ups_help_and_out_of_scope(text, intent):
    assert understand(text).intent == intent


def test_a_number_before_hao_is_no_ordinal():
    assert "ordinal" not in understand("12号楼在哪").slots
    assert understand("2号怎么走").slots.get("ordinal") == 2


def test_at_a_railway_station_is_a_place():
    assert understand("我在宁波南站附近").intent == "give_place"


@pytest.mark.parametrize("text", ["宁波海曙区段塘街道", "我的位置是段塘", "地址在越东路"])
def test_bare_and_labelled_places(text):
    assert understand(text).intent == "give_place"


def test_labelled_question_is_not_a_place():
    assert understand("地址是什么").intent != "give_place"


def test_midday_break_is_hours_and_resting_is_a_need():
    u = understand("南苑午饭时间休息吗")
    assert u.intent == "open_hours" and u.slots.get("station") == NANYUAN
    assert "rest" in (understand("中午可以在驿站休息吗").slots.get("codes") or [])


def test_sound_alike_name_with_having():
    u = understand("南院有没有微波炉")
    assert u.intent == "station_info" and u.slots.get("station") == NANYUAN


@pytest.mark.parametrize("text", ["驿站冰箱里的东西发霉了", "那边的茶水味道不对"])
def test_off_smell_or_spoilt_is_a_report(text):
    u = understand(text)
    assert u.intent == "report_problem" and u.slots.get("report_kind") == "other"


def test_hesitation_and_restart_are_dropped():
    assert normalize("呃这个 厕所 厕所在哪") == "厕所在哪"
    assert understand("嗯这个，驿站 驿站附近有吗").intent == "find_station"


# --- the dialogue side ------------------------------------------------------------------------
def test_hours_ellipsis_other_station_and_other_day():
    send = rider()
    send("南苑几点开门")
    assert send("那丁家桥呢").intent == "open_hours"
    send = rider()
    send("丁家桥几点关门")
    assert send("星期六呢").intent == "open_hours"


def test_unmanned_station_says_so_and_events_are_counted():
    send = rider()
    send("椒江365+在哪")
    assert "无人" in send("有人值班吗").text
    assert "30" in send("搞过多少场").text


def test_cost_of_a_free_service_and_a_service_schedule():
    send = rider()
    send(pin=JIAXING)
    send("丁家桥有什么")
    assert "两次" in send("可以剪头发吗").text

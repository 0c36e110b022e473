"""Message-level mechanisms of the last generalisation round (issue #4): each case is a variant
of a category the blind set holdout3 found, not one of its sentences."""
from __future__ import annotations

import pytest

from intents import understand


def u(text):
    return understand(text)


@pytest.mark.parametrize("text", ["离我最近的易战", "易战在哪"])
def test_a_full_homophone_of_the_station_word_with_matching_tones(text):
    assert u(text).intent == "find_station"


def test_a_toneless_homophone_without_a_shared_character_is_not_the_station_word():
    from intents.matching import _toned_cue_match
    from intents.understand import default_lexicon
    lex = default_lexicon()
    assert _toned_cue_match("易战", lex) is not None
    assert _toned_cue_match("一战", lex) is None          # yī zhàn: another tone, another word


def test_the_station_is_the_object_when_a_rest_word_only_describes_it():
    assert u("我就想问问附近有没有给送快递的歇歇脚的驿站").intent == "find_station"
    assert u("附近哪里能歇脚").intent == "find_need"          # no station word: a need


def test_the_riders_own_things_running_out_are_not_a_report():
    got = u("话费用完了 附近哪有wifi")
    assert got.intent == "find_need" and "report_kind" not in got.slots
    assert u("驿站的纸用完了").slots.get("report_kind") == "other"


def test_a_blocked_entrance_is_upkeep_not_closed():
    assert u("门口停满了车 进不去").slots.get("report_kind") == "other"
    assert u("门锁着进不去").slots.get("report_kind") == "closed"


def test_a_locked_gate_said_with_a_rhetorical_question_is_a_report():
    got = u("跑了三趟都大门紧锁 是不是不开了啊")
    assert got.intent == "report_problem" and got.slots["report_kind"] == "closed"


@pytest.mark.parametrize("text", ["义诊多久搞一次", "丁家桥义剪几点开始"])
def test_when_a_service_happens_is_a_schedule_question(text):
    assert u(text).intent == "schedule"


def test_a_split_service_word_with_a_count_infix():
    assert "haircut" in u("多久能理一回发").slots.get("codes", [])


def test_a_labelled_place_is_given_not_asked_about():
    got = u("地址：宁波市海曙区段塘街道")
    assert got.intent == "give_place" and got.slots.get("district") == "海曙区"
    assert u("南苑驿站的地址").intent == "station_info"


@pytest.mark.parametrize("text", ["换几家看看", "再换几个"])
def test_asking_for_other_stations_is_more(text):
    got = u(text)
    assert got.intent == "follow_up" and got.slots.get("more")


@pytest.mark.parametrize("text", ["下午好 师傅", "你好 驿站的大姐", "有人在吗"])
def test_greetings_addressed_to_someone(text):
    assert u(text).intent == "greeting"


def test_a_greeting_followed_by_an_hours_question_is_the_question():
    assert u("早上好 几点开门").intent == "open_hours"


@pytest.mark.parametrize("text", ["这个公众号能干嘛", "该怎么问你", "你们能查什么"])
def test_help_phrasings(text):
    assert u(text).intent == "help"


@pytest.mark.parametrize("text", ["快递怎么寄到上海", "寄件到广州多少钱"])
def test_a_city_inside_an_out_of_scope_request_is_not_a_place(text):
    assert u(text).intent == "out_of_scope"


def test_a_cost_question_is_a_cost_attribute():
    assert u("要钱不").slots.get("attribute") == "cost"
    assert u("乱收费").slots.get("report_kind") == "other"

"""Mechanisms of the holdout11 round (voice and first contact): variants of each category the
blind set found, never its sentences — spoken self-corrections, the recogniser's 一站 for 驿站 as a
noun, station names heard as sound-alikes, questions about the account itself, Wu dialect (侬, 伐),
the previous item of a list, distances between two cities, 是…坏的 reports and where-to-repair
searches, a need declined before another, a question with its place said after it, and a station
name given in answer to "which station?"."""
from __future__ import annotations

import pytest

from intents import understand
from test_dialogue_last import rider

NANYUAN, DINGJIAQIAO, DONGNING = "nb-haishu-nanyuan", "jx-nanhu-dingjiaqiao", "hz-dongning-aixinyijia"
HANGZHOU_PIN = (30.2978, 120.2185)


# --- self-corrections: what follows the marker replaces the word of the same kind before it ----
def test_a_corrected_city_is_replaced():
    u = understand("去杭州 哦不对 是宁波 哪里能热饭")
    assert u.intent == "find_need" and u.slots["city"].startswith("宁波") and u.slots["codes"] == ["microwave"]


def test_a_corrected_station_is_replaced():
    u = understand("东宁路 不对 是南苑 在哪")
    assert u.slots["stations"] == [NANYUAN]


def test_a_corrected_need_is_replaced_and_the_wrong_one_declined():
    u = understand("洗澡 说错了 是充电 附近哪有")
    assert u.intent == "find_need" and u.slots["codes"] == ["charging"] and u.slots["negated"] == ["shower"]


def test_a_contrast_with_bare_bushi_still_declines():
    u = understand("我要洗澡不是充电")
    assert u.slots["codes"] == ["shower"] and u.slots["negated"] == ["charging"]


def test_wrong_without_a_repair_stays_a_report():
    u = understand("南苑的地址不对")
    assert u.intent == "report_problem" and u.slots["stations"] == [NANYUAN]


# --- 一站 heard for 驿站, only where it stands as a noun ---------------------------------------
@pytest.mark.parametrize("text", ["附近哪里有一站", "帮我找一个离我近的一站"])
def test_yizhan_as_a_noun_is_a_station(text):
    assert understand(text).intent == "find_station"


def test_yizhan_as_a_noun_with_an_area():
    u = understand("宁波有没有一站")
    assert u.intent == "find_station" and u.slots["city"].startswith("宁波")


@pytest.mark.parametrize("text", ["坐一站公交就到", "一站路而已", "一站式办理"])
def test_yizhan_counting_stops_is_no_station(text):
    assert understand(text).intent not in ("find_station", "open_hours", "station_info")


# --- station names heard as sound-alikes --------------------------------------------------------
def test_full_homophone_before_a_demonstrative_and_station_word():
    u = understand("男园那个驿站能充电吗")
    assert u.slots.get("stations") == [NANYUAN]


def test_sound_alike_owning_equipment_in_a_report():
    u = understand("南院的饮水机坏了")
    assert u.intent == "report_problem" and u.slots.get("stations") == [NANYUAN]


def test_sound_alike_said_alone_is_the_name():
    assert understand("南院").slots.get("stations") == [NANYUAN]


# --- the account itself, Wu dialect ------------------------------------------------------------
@pytest.mark.parametrize("text", ["这个是干什么用的", "我关注的这个是干嘛的", "这个都能查什么"])
def test_what_is_this_account_is_help(text):
    assert understand(text).intent == "help"


def test_this_station_is_not_the_account():
    assert understand("这个驿站是干什么的").intent != "help"


def test_wu_you_greets():
    assert understand("侬好呀").intent == "greeting"


def test_wu_question_particle_fa():
    u = understand("南苑礼拜六开伐")
    assert u.intent == "open_hours" and u.slots["stations"] == [NANYUAN]


# --- list navigation: the previous item ---------------------------------------------------------
def test_previous_goes_back_one_item():
    send = rider()
    first = send(pin=HANGZHOU_PIN).meta["stations"]
    send("第三个")
    r = send("前一个")
    assert r.meta["stations"] == [first[1]]


# --- distances between two areas are a trip -----------------------------------------------------
def test_distance_between_two_cities_is_out_of_scope():
    assert understand("宁波到温州有多少公里").intent == "out_of_scope"


def test_distance_of_a_station_stays_ours():
    assert understand("南苑离我多远").intent != "out_of_scope"


# --- reports and repairs ------------------------------------------------------------------------
def test_broken_as_shi_de_predicate_is_a_report():
    u = understand("南苑的插座全是坏的")
    assert u.intent == "report_problem" and u.slots["report_kind"] == "broken"


def test_where_to_repair_is_a_search():
    u = understand("电器坏了哪能修")
    assert u.intent == "find_need" and u.slots["codes"] == ["appliance_repair"]


# --- needs -------------------------------------------------------------------------------------
def test_a_need_declined_then_rest_asked_is_a_need_search():
    u = understand("热饭不要了 有没有能歇脚的地方")
    assert u.intent == "find_need" and u.slots["codes"] == ["rest"] and u.slots["negated"] == ["microwave"]


def test_question_with_the_place_said_after_it():
    u = understand("没有热水吗那边")
    assert u.intent == "find_need" and u.slots["codes"] and not u.slots.get("negated") \
        and not u.slots.get("place")


# --- "which station?" answered by a name --------------------------------------------------------
def test_a_fact_asked_with_no_station_then_the_name():
    send = rider()
    r = send("这里有多大")
    assert not r.meta["stations"] and "200" not in r.text
    r = send("东宁路")
    assert r.meta["stations"] == [DONGNING] and "200" in r.text

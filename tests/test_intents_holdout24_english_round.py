"""Mechanisms of the holdout24 English round, with sentences not in the set: English question and
function words glossed into the Chinese the rules read (intents/english.py) while pinyin typed with
spaces passes untouched; a low battery said as a percentage or a shutdown; the small hours stated
as the rider's moment ask what is open now; asking what the bot remembers is help; a
greeting with a remark on the rider's day stays a greeting; a platform's station master and food
recommended in a city are out of scope, while a meal asked for is a need."""
from __future__ import annotations

import pytest

from intents import english, latin, understand
from intents.normalize import normalize
from understood import understood_as as _is

DINGJIAQIAO, NANYUAN, DONGNING = "jx-nanhu-dingjiaqiao", "nb-haishu-nanyuan", "hz-dongning-aixinyijia"


# --- English -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, city", [("I am in wenzhou", "温州市"), ("currently in jiaxing", "嘉兴市"),
                                        ("im at taizhou now", "台州市")])
def test_english_place_statement_gives_the_place(text, city):
    _is(text, "give_place", city=city)


def test_a_time_adverb_said_last_does_not_join_the_place():
    assert _is("i am in wenzhou right now", "give_place").slots["place"] == "温州"


def test_english_place_then_need():
    _is("now in hangzhou, is there a toilet nearby", "find_need", codes=["toilet"], city="杭州市")


@pytest.mark.parametrize("text", ["is there a rest stop nearby", "where is the nearest station",
                                  "rest stations around here"])
def test_english_station_search(text):
    _is(text, "find_station")


def test_near_me_said_last_is_no_place():
    u = _is("shower near me", "find_need", codes=["shower"])
    assert "place" not in u.slots


@pytest.mark.parametrize("text", ["how do i join a union", "how can I become a union member"])
def test_english_joining_the_union(text):
    _is(text, "join_union")


@pytest.mark.parametrize("text, station", [("what time does 南苑 open", NANYUAN), ("is 东宁路 still open", DONGNING)])
def test_english_hours_of_a_named_station(text, station):
    _is(text, "open_hours", station=station)


def test_english_schedule_of_a_service():
    _is("how often is the free haircut at 丁家桥", "schedule", station=DINGJIAQIAO, codes=["haircut"])


@pytest.mark.parametrize("text", ["what can you do", "how to use this"])
def test_english_asking_how_to_use_the_bot(text):
    _is(text, "help")


@pytest.mark.parametrize("text, norm", [("wo xiang zhao ce suo", "woxiangzhaocesuo"),
                                        ("fu jin you yi zhan ma", "fujinyouyizhanma"),
                                        ("ni hao", "nihao")])
def test_pinyin_with_spaces_is_not_glossed(text, norm):
    assert normalize(text) == norm


def test_no_gloss_entry_is_pinyin_alone():
    for entry in english.entries():
        words = entry.replace("'", " ").split()
        assert any(w not in latin.SYLLABLES and not w.isdigit() for w in words), entry


def test_small_words_are_dropped_only_where_something_was_glossed():
    assert english.gloss("the") == "the"
    assert "the" not in english.gloss("where is the toilet")


# --- a low battery stated as a percentage or a shutdown ----------------------------------------
@pytest.mark.parametrize("text", ["电量就剩8%了", "手机马上关机了", "还剩百分之五", "接单接到手机15%"])
def test_low_battery_is_a_charging_need(text):
    _is(text, "find_need", codes=["charging"])


def test_a_full_battery_is_no_need():
    assert "charging" not in (understand("手机电量100%").slots.get("codes") or [])


# --- the small hours stated as the rider's moment ----------------------------------------------
def test_small_hours_stated_then_which_is_open_asks_open_now():
    u = _is("凌晨下班了 附近哪个驿站还开着", "open_hours", open_now=True)
    assert "open_24h" not in u.slots


def test_small_hours_asked_about_stays_round_the_clock():
    _is("深夜哪个驿站还开着", "open_hours", open_24h=True)


# --- what the bot remembers --------------------------------------------------------------------
@pytest.mark.parametrize("text", ["你能记下我住哪吗", "下次还记得我吗"])
def test_asking_what_the_bot_remembers_is_help(text):
    _is(text, "help", about="privacy")


def test_the_riders_own_memory_is_no_question_to_the_bot():
    assert understand("我记得南苑有食堂").intent != "help"


# --- a greeting and a remark on the rider's day ------------------------------------------------
@pytest.mark.parametrize("text", ["早上好 才下班", "你好 我刚下班", "晚上好 终于下班了"])
def test_greeting_with_a_remark_on_the_day_is_a_greeting(text):
    _is(text, "greeting")


def test_greeting_then_an_hours_request_stays_open_hours():
    _is("晚上好 24小时的驿站", "open_hours")


# --- out of scope: a platform's station master, food recommended -------------------------------
@pytest.mark.parametrize("text", ["饿了么站长的手机号多少", "顺丰网点负责人电话"])
def test_a_platforms_people_are_not_a_stations(text):
    _is(text, "out_of_scope")


def test_a_stations_people_stay_the_stations():
    _is("南苑工作人员电话", "station_info", station=NANYUAN)


@pytest.mark.parametrize("text", ["嘉兴有什么小吃", "杭州什么好喝", "宁波哪家面馆好吃"])
def test_food_recommended_in_a_city_is_out_of_scope(text):
    _is(text, "out_of_scope")


@pytest.mark.parametrize("text", ["金华哪里能吃饭", "附近有吃饭的地方吗", "附近有没有便宜又好吃的饭"])
def test_a_meal_asked_for_is_a_need(text):
    _is(text, "find_need", codes=["low_cost_meals"])

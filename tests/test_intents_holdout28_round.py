"""Mechanisms of the holdout28 round (workers other than delivery riders, the hour and the weather,
and questions the article does not answer), with sentences not in the set."""
from __future__ import annotations

import pytest

from intents import understand
from understood import understood_as as _is
from test_dialogue_last import rider

NEAR_JINHUA_EYE = (29.0800, 119.6600)
NEAR_WENZHOU = (27.8000, 120.6000)
NEAR_NANYUAN = (29.8200, 121.5500)
HONGRITING = "wz-lucheng-hongriting"
EYE = "jh-wucheng-eye-hospital"


@pytest.mark.parametrize("text, intent, slots", [
    # 这个 / 那儿 + any short time + an hours word: the station just shown
    ("这个周六开不开", "follow_up", {}),
    ("那儿中午开吗", "follow_up", {}),
    ("这个点还开着的驿站有吗", "open_hours", {}),
    # the list's neighbour asked whether it has a need
    ("下一家有微波炉不", "follow_up", {"codes": ["microwave"], "next": True}),
    ("换一家能充电的", "find_need", {"codes": ["charging"]}),
    # what the bot covers and can do
    ("都能查哪几个城市", "help", {"about": "coverage"}),
    ("有些啥功能", "help", {}),
    # the weather asked is no state of the rider's; a station's hours in that weather are hours
    ("温州下雪了没", "out_of_scope", {}),
    ("台风天驿站开不开门", "open_hours", {}),
    ("下大雨了", "find_need", {"codes": ["umbrella"]}),
    # opening every day / that early, a station "at work"
    ("有没有开这么早的驿站", "open_hours", {}),
    ("丁家桥是不是每天都开", "open_hours", {}),
    ("丁家桥国庆上班吗", "open_hours", {}),
    # how often a service is given
    ("热粥每天都送吗", "schedule", {"codes": ["winter_porridge"]}),
    # equipment burnt out is broken; a throat "smoking" is thirst
    ("换电柜烧坏了", "report_problem", {"report_kind": "broken"}),
    ("渴死了 嗓子都冒烟了", "find_need", {"codes": ["drinking_water"]}),
    # the rider's own things run out; online is no wifi; 它 relied on is the rider's phone
    ("话费用完了 哪个驿站有wifi", "find_need", {"codes": ["wifi"]}),
    ("入会可以网上办吗", "join_union", {}),
    ("电动车没电了 送外卖全靠它 哪能充", "find_need", {}),
    # a phone low and the navigation needed: charging, asked plainly (no clarifying question)
    ("手机就剩3%了 还得开导航", "find_need", {"codes": ["charging"]}),
    ("有没有坐的地方", "find_need", {"codes": ["rest"]}),
    ("想冲个热水澡", "find_need", {"codes": ["shower"]}),
    ("东宁路能停卡车吗", "station_info", {"codes": ["parking"]}),
    # since when it was set up, said plainly
    ("哪一年弄起来的", "follow_up", {"attribute": "opened"}),
    # a time the rider would come, then shut out: the hours asked
    ("那我六点去不是进不去", "open_hours", {"at_time": "06:00"}),
    ("温州就没有开着的？", "open_hours", {"city": "温州市"}),
])
def test_what_the_hour_the_weather_and_other_trades_bring(text, intent, slots):
    _is(text, intent, **slots)


def test_the_weather_words_in_a_need_search_still_search():
    u = understand("台风天哪里能避雨")
    assert u.intent == "find_need" and "rest" in u.slots["codes"], u


def test_not_a_state_at_night_is_no_time_to_go():
    assert "night" not in understand("失眠 晚上睡不好 想找人聊聊").slots
    assert understand("晚上哪个驿站能找人聊聊").slots.get("night")


def test_equipment_found_shut_is_still_a_report():
    assert understand("早上去的时候锁门了").intent == "report_problem"


@pytest.mark.parametrize("text, thing", [("红日亭能带猫进去吗", "能不能带猫进去"), ("南苑有没有床", "有没有床"),
                                         ("椒江365半夜能睡一觉吗", "能不能睡一觉"),
                                         ("丁家桥 我牵着羊 带着羊能进去吗", "能不能带羊进去")])
def test_a_thing_the_data_has_no_word_for_is_asked_of_the_station(text, thing):
    u = understand(text)
    assert u.intent == "station_info" and u.slots.get("unlisted") == thing, u


def test_coming_in_is_no_unlisted_thing():
    assert "unlisted" not in understand("晚上还能去红日亭吗").slots
    assert "unlisted" not in understand("南苑有热水吗").slots


def test_the_answer_says_the_source_is_silent_never_yes():
    send = rider()
    send(pin=NEAR_NANYUAN)
    got = send("里面能抽烟不")
    assert got.intent == "follow_up" and "资料里没有写这里能不能抽烟" in got.text, got.text
    got = send("能带狗吗")
    assert got.intent == "follow_up" and "资料里没有写" in got.text and "可以带" not in got.text, got.text


def test_while_there_a_yes_no_question_is_about_the_station_in_view():
    send = rider()
    send(pin=NEAR_JINHUA_EYE)
    send("能借伞吗")
    got = send("顺带能测视力吗 眼睛有点花")
    assert got.intent == "follow_up" and got.meta["stations"] == [EYE], got.text


def test_by_the_way_adding_a_need_is_still_a_search():
    send = rider()
    send(pin=NEAR_JINHUA_EYE)
    send("能借伞吗")
    assert send("顺便能充电的有没有").intent == "find_need"


def test_the_cost_of_the_service_just_found_is_asked_of_the_first_shown():
    send = rider()
    send(pin=NEAR_WENZHOU)
    send("被拖欠工资了")
    got = send("要钱不 律师费贵不贵")
    assert got.intent == "follow_up" and got.meta["stations"] == [HONGRITING], got.text
    assert "收费" in got.text, got.text

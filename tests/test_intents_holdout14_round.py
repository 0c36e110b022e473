"""Mechanisms of the holdout14 round: riders state a SITUATION, not a need (knowledge/vocabulary.yaml
`situations`, read by intents/situations.py) — variants of each kind, never the set's sentences:
heat, cold, rain, tiredness, hunger and cold food, a flat battery (phone vs e-bike), urgency, small
injuries, aches, a child along, sweat, unpaid wages, a complaint, low mood, joining the union;
emergencies say to call 120 / 122 themselves; a state in a city or station context is a new search;
a negated state declines its needs; a question about the weather is no state."""
from __future__ import annotations

import pytest

from intents import situations, understand
from test_dialogue_last import JIAXING, rider


@pytest.mark.parametrize("text, code", [
    ("热得快晕了", "drinking_water"), ("今天太阳好毒啊", "drinking_water"), ("满头大汗", "drinking_water"),
    ("冷得手都僵了", "air_conditioning"), ("脚冻得没感觉", "air_conditioning"),
    ("碰上雷阵雨了", "umbrella"), ("衣服淋透了", "umbrella"),
    ("累死我了", "rest"), ("骑了一天腿酸", "rest"), ("肩膀疼", "rest"),
    ("肚子好饿", "microwave"), ("带的便当都冷了", "microwave"), ("晚饭还没顾上吃", "microwave"),
    ("手机只剩两格了", "charging"), ("手机电量低", "charging"),
    ("电动车快没电了", "battery_swap"),
    ("急着上厕所", "toilet"), ("人快憋不住了", "toilet"),
    ("刚才摔伤了", "medicine_kit"), ("脚崴了", "medicine_kit"), ("手指被割伤了", "medicine_kit"),
    ("宝宝饿了在哭", "nursing_room"),
    ("身上黏糊糊的", "shower"),
    ("老板克扣我工资", "legal_aid"),
    ("心情好差", "counselling"), ("被站长吼了一顿", "counselling"),
])
def test_a_stated_situation_is_a_search_for_what_helps(text, code):
    u = understand(text)
    assert u.intent == "find_need" and code in u.slots["codes"], (text, u)


def test_a_need_named_outright_outranks_what_the_state_implies():
    u = understand("冷死了，哪里能喝热水")
    assert u.slots["codes"] == ["drinking_water"]


def test_a_declined_state_declines_its_needs():
    u = understand("不想吃饭，想找地方躺一下")
    assert "rest" in u.slots["codes"] and "low_cost_meals" in u.slots.get("negated", [])


def test_the_longer_state_wins_phone_versus_ebike():
    names = [m.situation.name for m in situations.find("电瓶车没电了")]
    assert names == ["ebike_battery"]


@pytest.mark.parametrize("text", ["后天会下雨吗", "明天热不热", "今天杭州下不下雨"])
def test_a_weather_question_is_no_state(text):
    assert situations.find(text) == [] or all(m.negated for m in situations.find(text))
    assert understand(text).intent != "find_need" or not understand(text).slots.get("codes")


@pytest.mark.parametrize("text", ["饿了么怎么注册骑手", "感谢娘家人的帮助"])
def test_names_and_thanks_are_no_state(text):
    assert situations.find(text) == []


def test_joining_said_as_finding_the_organisation():
    assert understand("我想进组织").intent == "join_union"


def test_an_emergency_says_to_call_120_and_never_that_the_bot_called():
    send = rider()
    send(pin=JIAXING)
    r = send("工友突然晕过去了")
    assert r.intent == "find_need" and "120" in r.text and "拨打" in r.text
    assert "已为您" not in r.text and "已经帮您" not in r.text


def test_a_traffic_accident_says_122():
    send = rider()
    r = send("路口出车祸了")
    assert "122" in r.text and "120" in r.text


def test_a_state_after_a_city_is_a_new_search_not_a_question_about_the_focus():
    send = rider()
    send("我在嘉兴")
    r = send("手机也没电了")
    assert r.intent == "find_need" and r.meta["stations"]


def test_a_state_without_a_location_asks_for_one_and_acknowledges_it():
    r = rider()("冷得受不了")
    assert r.intent == "find_need" and r.meta["asks_location"] and "保暖" in r.text


def test_own_sweat_is_no_report():
    assert understand("一身汗味，想冲凉").intent == "find_need"


def test_an_emergency_lists_only_a_station_close_enough_to_fetch_a_kit():
    far = rider()
    far(pin=JIAXING)
    assert far("同事晕过去了").meta["stations"] == []
    near = rider()
    near(pin=(30.016, 120.631))            # a few hundred metres from 公用事业高新 (medicine kit)
    assert near("同事晕过去了").meta["stations"]


def test_a_phone_with_a_number_left_is_its_battery():
    assert understand("手机就剩3%").slots.get("codes") == ["charging"]


def test_a_need_after_a_search_in_a_named_city_is_searched_there():
    send = rider()
    send("湖州哪里能洗澡")                  # none in 湖州: the nearest elsewhere are listed
    r = send("有热水吗")
    assert r.intent == "find_need" and not r.meta["asks_location"] and "huz-wuxing-yangshan" in r.meta["stations"]


def test_following_the_map_to_no_station_is_a_wrong_location_report():
    u = understand("跟着地图走到这儿没看到驿站")
    assert u.intent == "report_problem" and u.slots.get("report_kind") == "wrong_location"

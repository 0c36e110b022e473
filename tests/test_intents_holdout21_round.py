"""Mechanisms of the holdout21 round (驿站 and its look-alikes, half-remembered names, distance limits),
with sentences not in the set: a distance or time limit read as metres and honoured by the answer
(only stations inside it; none inside said so, the nearest with its real distance); other names of
union stations (司机之家 / 小哥之家); parcel points denied, passed by or mistaken for a station; other
things called 驿站 (a hostel, the word, the bot's own name); how to use the bot and what it covers;
喝/吃 + a named drink or food; a name fragment before 那个 + the station word; wrong-place reports
(根本不在那 / 位置差了几百米); a station named with the wrong city answered with its real one."""
from __future__ import annotations

import pytest

from intents import understand
from intents.limits import within
from test_dialogue_last import rider

WEST_LAKE = (30.2590, 120.1480)        # 东宁路 8 km, the next station 45 km and more
BY_EYE_HOSPITAL = (29.0850, 119.6500)  # 金华眼科医院 ~200 m
BY_NANYUAN = (29.8570, 121.5330)       # 南苑 ~100 m


# --- a limit the rider sets ----------------------------------------------------------------------
@pytest.mark.parametrize("text, metres", [("两公里以内有没有能接水的", 2000), ("方圆800米有驿站吗", 800),
                                          ("骑电动车五分钟能到的", 1250), ("步行一刻钟内能歇脚的", 1200),
                                          ("开车半小时能到的驿站", 12000), ("周围1.5km有没有", 1500),
                                          ("十分钟内能到的厕所", 800)])
def test_a_limit_is_read_as_metres(text, metres):
    limit = within(text)
    assert limit is not None and limit.metres == metres, (text, limit)


@pytest.mark.parametrize("text", ["定位偏了三百米", "最近的那个有几公里", "有没有24小时的", "走了两公里都没看到",
                                  "还有十分钟关门", "骑了半小时了 哪能歇会"])
def test_a_number_that_is_no_limit(text):
    assert within(text) is None, text


@pytest.mark.parametrize("text", ["三公里以内的有没有", "走路十分钟能到的有吗"])
def test_a_limit_with_a_find_word_alone_is_a_station_search(text):
    u = understand(text)
    assert u.intent == "find_station" and u.slots["within_m"] > 0, (text, u)


def test_only_stations_inside_the_limit_are_shown():
    send = rider()
    send(pin=BY_EYE_HOSPITAL)
    got = send("800米以内能喝水吗")
    assert got.intent == "find_need" and got.meta["stations"] == ["jh-wucheng-eye-hospital"]


def test_none_inside_the_limit_is_said_and_the_nearest_shown_with_its_real_distance():
    send = rider()
    send(pin=WEST_LAKE)
    got = send("步行一刻钟内有驿站吗")
    assert got.meta["stations"] == ["hz-dongning-aixinyijia"] and not got.meta["asks_location"]
    assert "没找到" in got.text and "8.2公里" in got.text, got.text


def test_a_limit_waits_for_a_pin_not_an_area():
    send = rider()
    asked = send("两公里以内有能洗澡的吗")
    assert asked.meta["asks_location"] and "2公里" in asked.text
    again = send("我在宁波海曙")               # an area is no point to measure from
    assert again.meta["asks_location"]
    got = send(pin=BY_NANYUAN)
    assert got.meta["stations"] == ["nb-haishu-nanyuan"]     # the other shower is 89 km away


def test_more_inside_a_limit_never_lists_the_far_rest():
    send = rider()
    send(pin=BY_NANYUAN)
    got = send("两公里内还有别的吗")
    assert got.meta["stations"] == [] and "2公里" in got.text, got.text


def test_a_limit_said_as_a_fragment_repeats_the_search_inside_it():
    send = rider()
    send(pin=WEST_LAKE)
    send("附近能充电的")
    got = send("那500米以内的呢")
    assert got.intent == "find_need" and got.meta["stations"] == ["hz-dongning-aixinyijia"]
    assert "500米" in got.text and "没找到" in got.text


# --- other names of union stations -----------------------------------------------------------------
@pytest.mark.parametrize("text, city", [("司机之家在哪里", None), ("附近有没有小哥之家", None), ("宁波有职工之家吗", "宁波市")])
def test_other_names_of_union_stations_are_stations(text, city):
    u = understand(text)
    assert u.intent == "find_station" and u.slots.get("city") == city, (text, u)


# --- parcel points --------------------------------------------------------------------------------
@pytest.mark.parametrize("text, intent", [("不是快递驿站，是工会的那种 附近有吗", "find_station"),
                                          ("丰巢柜旁边有没有能喝水的", "find_need"),
                                          ("从菜鸟驿站出来 想找地方歇会", "find_need"),
                                          ("哪个驿站可以寄件", "out_of_scope"),
                                          ("包裹放驿站了 怎么拿", "out_of_scope")])
def test_a_parcel_point_denied_or_passed_by_is_no_parcel_question(text, intent):
    u = understand(text)
    assert u.intent == intent and u.clarify is None, (text, u)


def test_a_point_shown_that_is_a_parcel_point_is_a_wrong_location_report():
    u = understand("导航给的地方其实是个快递驿站")
    assert u.intent == "report_problem" and u.slots["report_kind"] == "wrong_location", u


def test_union_or_parcel_asked_of_the_station_shown_is_answered():
    send = rider()
    send(pin=BY_NANYUAN)
    got = send("刚才那个是工会的还是快递的")
    assert got.intent == "follow_up" and "工会驿站" in got.text, got.text


@pytest.mark.parametrize("text, intent", [("驿站客栈住一晚多少钱", "out_of_scope"), ("古时候的驿站是做什么用的", "out_of_scope"),
                                          ("驿站用英语怎么讲", "out_of_scope"), ("你好 驿站小助手", "greeting")])
def test_other_things_called_yizhan(text, intent):
    assert understand(text).intent == intent, text


# --- using the bot ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["公众号里咋查驿站", "可以按位置找驿站吗 怎么操作"])
def test_how_to_look_things_up_with_the_bot_is_help(text):
    assert understand(text).intent == "help", text


def test_what_the_data_covers_is_answered_with_its_cities():
    u = understand("你们能查外地的驿站吗")
    assert u.intent == "help" and u.slots.get("about") == "coverage", u
    got = rider()("你们能查外地的驿站吗")
    assert "温州" in got.text and "8个城市" in got.text, got.text


# --- words ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, code", [("哪能喝到凉茶", "summer_tea"), ("想吃个早饭", "free_breakfast"), ("找个地方泡茶", "tea_bar"),
                                        ("找个地方坐会", "rest")])
def test_drinking_or_eating_a_named_thing_asks_for_that_thing(text, code):
    assert understand(text).slots.get("codes", [])[:1] == [code], text


@pytest.mark.parametrize("text, station", [("绍兴事业那个驿站有空调吗", "sx-yuecheng-gongyong-gaoxin"),
                                           ("湖州阳山那个站点有多大", "huz-wuxing-yangshan")])
def test_a_name_fragment_then_that_and_the_station_word(text, station):
    assert understand(text).slots.get("station") == station, text


@pytest.mark.parametrize("text", ["导航去丁家桥 根本就不在这", "地图上的位置差了好几百米"])
def test_not_where_the_map_said_is_a_wrong_location_report(text):
    u = understand(text)
    assert u.intent == "report_problem" and u.slots["report_kind"] == "wrong_location", (text, u)


# --- a station named with the wrong place ------------------------------------------------------------
@pytest.mark.parametrize("text, own, said", [("温州的丁家桥几点开门", "嘉兴", "8:30"), ("北京的红日亭在哪", "温州", "红日亭"),
                                             ("杭州的红日亭什么时候送粥", "温州", "粥")])
def test_a_station_named_with_the_wrong_place_is_answered_with_its_real_one(text, own, said):
    got = rider()(text)
    assert own in got.text and said in got.text and got.meta["stations"], (text, got.text)

"""Mechanisms of the holdout22 round (one working shift of each kind of outdoor worker), with
sentences not in the set: the hour before dawn is no broken light; the rider's own water run out is
a need; V一V rest words; new to the bot + how to look up is help; what stands beside a station asks
its whereabouts; a schedule or a fault in an area with one station names that station; stressed
emptiness, nobody coming to open and being kept out are reports; "are you there" to someone is a
greeting; 工会/职工 before the station word is no name fragment; "the near one" and "over there"
point at the list just shown. Then the two gaps of the holdout21 round: a distance limit carried
to the next need, and 走路能到的 read as a limit of about 1 km."""
from __future__ import annotations

import pytest

from intents import understand
from intents.limits import within
from test_dialogue_last import rider

WEST_LAKE = (30.2590, 120.1480)        # 东宁路 8 km, the next station 45 km and more
BY_NANYUAN = (29.8570, 121.5330)       # 南苑 ~100 m
FENGHUA = (29.6600, 121.4100)          # 南苑 25 km, then 公用事业高新 85 km


def _is(text, intent, **slots):
    u = understand(text)
    assert u.intent == intent, (text, u)
    for k, v in slots.items():
        got = u.slots.get(k)
        assert (set(v) <= set(got or [])) if isinstance(v, list) else got == v, (text, k, u.slots)
    return u


# --- reports and what only sounds like one ----------------------------------------------------
def test_the_hour_before_dawn_is_no_broken_light():
    u = _is("天都不亮呢就出门了 哪里能歇会", "find_need", codes=["rest"])
    assert "report_kind" not in u.slots
    _is("驿站里的灯不亮了", "report_problem", report_kind="broken")


def test_the_riders_own_water_run_out_is_a_need():
    _is("水壶没水了 去哪接点水", "find_need", codes=["drinking_water"])
    _is("饮水机没水了", "report_problem")


@pytest.mark.parametrize("text", ["热水器里一点热水也不出", "饮水机一口水都没了"])
def test_stressed_emptiness_of_equipment_is_a_report(text):
    _is(text, "report_problem", report_kind="broken")


def test_nobody_coming_to_open_is_a_closed_report():
    _is("等了半小时都没人来开", "report_problem", report_kind="closed")


def test_being_kept_out_is_a_report_but_asking_whether_one_may_is_not():
    _is("门卫不让快递小哥进门", "report_problem")
    assert understand("让不让骑手进去歇脚").intent != "report_problem"


def test_a_fault_or_a_schedule_in_an_area_with_one_station_names_it():
    _is("鹿城那边伏茶什么时候送", "schedule", station="wz-lucheng-hongriting")
    _is("越城的空调坏了", "report_problem", station="sx-yuecheng-gongyong-gaoxin")
    assert "station" not in understand("鹿城哪里能喝水").slots      # a search stays an area


# --- words -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["想找个地方歇一歇", "有没有地方能躺一躺", "累了 想找地方坐一坐"])
def test_reduplicated_rest_words(text):
    _is(text, "find_need", codes=["rest"])


# --- the bot's own use, greetings ---------------------------------------------------------------
@pytest.mark.parametrize("text", ["刚开始用 怎么找驿站", "我不怎么会用，怎么查", "你教我一下吧"])
def test_new_to_the_bot_asking_how_to_look_up_is_help(text):
    _is(text, "help")


def test_not_knowing_the_bot_but_naming_a_need_is_the_search():
    _is("我不太会用 就想找个厕所", "find_need", codes=["toilet"])


@pytest.mark.parametrize("text", ["师傅在么", "小哥你在没", "在不"])
def test_asking_whether_someone_is_there_is_a_greeting(text):
    _is(text, "greeting")


# --- stations named or pointed at ---------------------------------------------------------------
@pytest.mark.parametrize("text, station", [("丁家桥旁边是哪个小区", "jx-nanhu-dingjiaqiao"),
                                           ("红日亭对面是什么路", "wz-lucheng-hongriting")])
def test_what_stands_beside_a_station_asks_where_it_is(text, station):
    _is(text, "station_info", station=station, attribute="address")


def test_a_place_then_a_search_stays_a_place():
    assert understand("宁波站附近哪里能充电").slots.get("place") == "宁波站"


@pytest.mark.parametrize("text, city", [("金华的工会驿站都在哪儿", "金华市"), ("杭州的职工驿站有哪些", "杭州市")])
def test_the_kind_of_station_is_no_fragment_of_a_name(text, city):
    u = _is(text, "find_station", city=city)
    assert "station" not in u.slots


@pytest.mark.parametrize("text", ["近一点的那家几点关门", "离我近的那个在哪"])
def test_the_near_one_is_the_nearest_of_the_list(text):
    _is(text, "follow_up", nearer=True)


def test_near_ones_with_a_station_word_are_a_search():
    assert understand("近的驿站在哪").intent == "find_station"


def test_over_there_asked_yes_or_no_is_the_station_just_shown():
    _is("那儿能借伞吗", "follow_up", codes=["umbrella"])
    _is("那边哪里能借伞", "find_need", codes=["umbrella"])


def test_the_near_one_gets_what_is_asked_of_it():
    send = rider()
    send(click="find:microwave")
    send(pin=FENGHUA)
    got = send("近点的那个怎么走")
    assert got.intent == "follow_up" and got.meta["stations"] == ["nb-haishu-nanyuan"]
    assert "uri.amap.com" in got.text


# --- limits --------------------------------------------------------------------------------------
def test_a_limit_is_kept_for_the_next_need():
    send = rider()
    send(pin=BY_NANYUAN)
    send("两公里内能洗澡吗")
    got = send("那热饭呢")
    assert got.intent == "find_need" and got.meta["stations"] == ["nb-haishu-nanyuan"]
    assert "2公里" in got.text, got.text
    more = send("还要能充电")
    assert more.meta["stations"] == ["nb-haishu-nanyuan"] and "2公里" in more.text, more.text


def test_a_new_limit_replaces_the_kept_one():
    send = rider()
    send(pin=WEST_LAKE)
    send("十公里以内能接水吗")
    got = send("那3公里内的厕所呢")
    assert "3公里" in got.text and "没找到" in got.text, got.text


@pytest.mark.parametrize("text", ["步行就能到的厕所", "有没有走着能到的", "走过去就到的有没有"])
def test_walking_reach_without_a_number_is_about_a_kilometre(text):
    limit = within(text)
    assert limit is not None and limit.metres == 1000 and "走路能到" in limit.said, (text, limit)


@pytest.mark.parametrize("text", ["第二个走路能到吗", "走着过去要多久"])
def test_walking_asked_of_one_station_is_no_limit(text):
    assert within(text) is None, text


def test_walking_reach_is_said_in_the_answer():
    send = rider()
    send(pin=WEST_LAKE)
    got = send("有没有走着就能到的驿站")
    assert got.meta["stations"] == ["hz-dongning-aixinyijia"] and "没找到" in got.text
    assert "走路能到" in got.text and "1公里" in got.text, got.text

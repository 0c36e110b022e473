"""Session.last: the previous question replayed by ellipsis with the one slot the rider changed,
and the landmark answer to "where are you?" (issue #4, last round)."""
from __future__ import annotations

from bot.config import Config
from bot.dialogue.engine import Engine
from bot.dialogue.state import Session
from bot.messages import EVENT, LOCATION, TEXT, Incoming
from bot.store import MemoryStore
from bot.store.keys import Keys
from test_dialogue_support import real_source

SOURCE = real_source()
WENZHOU = (28.019, 120.659)
JIAXING = (30.749, 120.768)


def rider(store=None, **engine_kw):
    """send(text | pin | click) → Reply, for one rider of a fresh engine (engine_kw: reports=…)."""
    engine = Engine(SOURCE, store or MemoryStore(), Keys("yzlast"), Config(), **engine_kw)
    at = [1_700_000_000.0]

    def send(text=None, pin=None, click=None):
        at[0] += 30
        if pin is not None:
            return engine.handle(Incoming(user="r1", kind=LOCATION, lat=pin[0], lng=pin[1], at=at[0]))
        if click:
            return engine.handle(Incoming(user="r1", kind=EVENT, event="click", key=click, at=at[0]))
        return engine.handle(Incoming(user="r1", kind=TEXT, text=text, at=at[0]))
    send.engine = engine
    return send


def test_last_question_survives_the_session_json():
    s = Session(last={"intent": "find_need", "slots": {"codes": ["toilet"], "city": "宁波市"},
                      "stations": ["nb-haishu-nanyuan"], "at": 10.0})
    again = Session.from_json(s.to_json())
    assert again.last_question(20.0) == s.last
    assert again.last_question(10.0 + 3600) is None          # stale: not revived


def test_ellipsis_after_a_typed_place_search_is_the_same_search_for_the_new_need():
    send = rider()
    send("宁波海曙哪里能洗澡")
    got = send("那喝水呢")
    assert got.intent == "find_need" and not got.meta["asks_location"]
    assert "饮水" in got.text or "喝水" in got.text
    assert all(i.startswith("nb-") for i in got.meta["stations"])      # still 宁波, not asked again


def test_when_fragment_asks_the_schedule_of_the_last_need_in_the_same_place():
    send = rider()
    send("台州哪里能义剪")
    got = send("一般什么时候有")
    assert got.intent == "schedule"
    assert "义剪" in got.text or "理发" in got.text


def test_cost_fragment_is_about_the_station_in_focus_and_invents_no_price():
    send = rider()
    send(pin=WENZHOU)
    send("哪能修家电")
    got = send("收费吗")
    assert got.intent == "follow_up" and len(got.meta["stations"]) == 1
    assert "没写是否收费" in got.text


def test_a_search_after_a_broken_report_leaves_out_that_station():
    send = rider()
    assert send("丁家桥的微波炉坏了").intent == "report_problem"
    asked = send("那还能去哪热饭")
    assert asked.intent == "find_need" and asked.meta["asks_location"]
    listed = send(pin=JIAXING)
    assert listed.meta["stations"] and "jx-nanhu-dingjiaqiao" not in listed.meta["stations"]


def test_a_need_after_hours_of_the_first_station_of_a_pin_list_is_about_that_station():
    send = rider()
    first = send(pin=JIAXING).meta["stations"][0]
    send("现在还开着吗")
    got = send("有淋浴吗")
    # the focus lacks a shower: the answer is about it, meta lists only the nearest that has one
    assert got.intent == "follow_up" and got.text.startswith(send.engine.kb.get(first).short_name)
    assert first not in got.meta["stations"]


def test_a_need_right_after_a_pin_list_is_still_a_search():
    send = rider()
    send(pin=JIAXING)
    got = send("有淋浴吗")
    assert got.intent == "find_need"


def test_a_landmark_answers_the_location_question():
    send = rider()
    assert send("哪能充电").meta["asks_location"]
    got = send("华盖山旁边")
    assert got.intent == "give_place" and got.meta["stations"][0] == "wz-lucheng-hongriting"


def test_a_station_named_with_a_question_is_still_about_the_station():
    send = rider()
    send("哪能充电")
    got = send("红日亭在哪")
    assert got.intent == "station_info"


def test_join_union_names_stations_only_where_the_rider_is():
    send = rider()
    blind = send(click="join_union")
    assert blind.intent == "join_union" and blind.meta["stations"] == [] and "发送位置" in blind.text
    send(pin=(28.662, 121.427))
    near = send("怎么入会")
    assert near.intent == "join_union" and near.meta["stations"]


def test_over_there_after_a_pin_list_is_the_station_in_focus():
    send = rider()
    first = send(pin=JIAXING).meta["stations"][0]
    got = send("那边能洗澡吗")
    assert got.intent == "follow_up" and got.text.startswith(send.engine.kb.get(first).short_name)
    assert first not in got.meta["stations"]


def test_over_there_with_a_where_word_is_still_a_search():
    send = rider()
    send(pin=JIAXING)
    assert send("那边附近哪有厕所").intent == "find_need"


def test_a_pointed_need_question_with_nothing_shown_is_searched_from_the_pin_sent_instead_of_a_name():
    """这个有热水吗 as the first message (a rider standing at some station): asked which station, with a pin
    offered as the other way; the pin searches that need from there — the need is not dropped."""
    send = rider()
    asked = send("这个能洗澡吗")
    assert asked.meta.get("clarify") and "发送位置" in asked.text and "淋浴" in asked.text
    found = send(pin=(29.87, 121.55))
    assert found.intent == "find_need" and "淋浴" in found.text
    assert found.meta["stations"][0] == "nb-haishu-nanyuan"
    named = rider()
    named("这个能洗澡吗")
    assert "南苑" in named("南苑").text        # a name said instead still answers about that station

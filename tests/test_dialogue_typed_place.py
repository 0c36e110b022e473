"""A typed place is the rider's place for the next questions, like a pin; corrections, parcel
points and searches after a report (issue #4, round after the fifth blind set)."""
from __future__ import annotations

from bot.config import Config
from bot.dialogue.engine import Engine
from bot.messages import LOCATION, TEXT, Incoming
from bot.store import MemoryStore
from bot.store.keys import Keys
from test_dialogue_support import real_source

SOURCE = real_source()
HANGZHOU = (30.29, 120.2)
SHAOXING = (30.01, 120.64)


def rider(step=30.0):
    engine = Engine(SOURCE, MemoryStore(), Keys("yztyped"), Config())
    at = [1_700_000_000.0]

    def send(text=None, pin=None, wait=0.0):
        at[0] += step + wait
        if pin is not None:
            return engine.handle(Incoming(user="r1", kind=LOCATION, lat=pin[0], lng=pin[1], at=at[0]))
        return engine.handle(Incoming(user="r1", kind=TEXT, text=text, at=at[0]))
    return send


def test_a_typed_district_answers_the_next_need_without_asking_again():
    send = rider()
    send("我在宁波海曙")
    got = send("哪里能洗澡")
    assert not got.meta["asks_location"] and got.meta["stations"][0] == "nb-haishu-nanyuan"


def test_a_pin_after_a_typed_area_wins_and_a_typed_area_after_a_pin_wins():
    send = rider()
    send("我在宁波海曙")
    send(pin=HANGZHOU)
    assert send("哪能热饭").meta["stations"][0] == "hz-dongning-aixinyijia"
    send("我在宁波海曙")
    assert send("哪能热饭").meta["stations"][0] == "nb-haishu-nanyuan"


def test_a_typed_area_goes_stale_like_a_pin():
    send = rider()
    send("我在宁波海曙")
    got = send("哪能热饭", wait=Config().location_ttl + 60)
    assert got.meta["asks_location"]


def test_a_place_more_precise_than_the_data_knows_says_so_and_uses_the_city():
    send = rider()
    got = send("我在金华火车站附近")
    assert got.intent == "give_place" and "没找到“金华火车站”的具体位置" in got.text
    assert got.meta["stations"]


def test_a_correction_replaces_the_need_and_never_offers_a_station_without_it():
    send = rider()
    send(pin=SHAOXING)
    send("不用热饭 想洗个澡")
    got = send("不是 我要上厕所")
    kb = SOURCE.kb
    assert got.intent == "find_need" and got.meta["stations"]
    assert all("toilet" in kb.get(i).codes for i in got.meta["stations"])


def test_another_station_for_a_need_after_a_locked_report_leaves_it_out():
    send = rider()
    first = send(pin=HANGZHOU).meta["stations"][0]
    assert send("锁门了 进不去").intent == "report_problem"
    got = send("那还有别的能热饭的吗")
    assert got.intent == "find_need" and got.meta["stations"] and first not in got.meta["stations"]


def test_how_often_after_a_service_search_is_its_schedule():
    send = rider()
    send("我在嘉兴南湖")
    send("哪里有义剪")
    got = send("一个月有几次")
    assert got.intent == "schedule" and "jx-nanhu-dingjiaqiao" in got.meta["stations"]


def test_a_parcel_station_is_not_ours_and_shows_no_station():
    send = rider()
    got = send("菜鸟驿站几点开门")
    assert got.intent == "out_of_scope" and got.meta["stations"] == []

"""Answer polish: a named city far from the pin, addresses said once, the approximate-position
note once per message, message size; schedules through the activity index; warm-up."""
from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from bot.config import Config
from bot.dialogue import render
from bot.dialogue.engine import Engine
from bot.messages import LOCATION, TEXT, Incoming
from bot.store import MemoryStore
from bot.store.keys import Keys
from knowledge.kb import KnowledgeBase
from test_dialogue_support import real_source

HANGZHOU = (30.30, 120.21)
NINGBO = (29.857, 121.532)          # next to 南苑
SOURCE = real_source()
MAX_REPLY_BYTES = 2048              # WeChat's limit for a passive text reply


def rider(source=SOURCE):
    engine = Engine(source, MemoryStore(), Keys("yzp"), Config())
    at = [1_700_000_000.0]

    def send(text=None, pin=None):
        at[0] += 30
        if pin is not None:
            return engine.handle(Incoming(user="r1", kind=LOCATION, lat=pin[0], lng=pin[1], at=at[0]))
        return engine.handle(Incoming(user="r1", kind=TEXT, text=text, at=at[0]))
    return send, engine


def test_a_city_far_from_the_pin_is_answered_about_that_city():
    send, _ = rider()
    send(pin=HANGZHOU)
    got = send("宁波哪里能洗澡")
    assert got.meta["stations"] == ["nb-haishu-nanyuan"]
    assert got.text.startswith("宁波")
    # nothing relative to the 杭州 pin: no far warning, no "closer without it", no distance
    assert "也在" not in got.text and "离您更近" not in got.text and "公里" not in got.text


def test_a_city_the_rider_is_in_is_listed_nearest_first_with_distances():
    send, _ = rider()
    send(pin=NINGBO)
    got = send("宁波哪里能洗澡")
    assert got.meta["stations"] == ["nb-haishu-nanyuan"] and "米" in got.text


def test_address_and_landmark_are_not_said_twice():
    send, _ = rider()
    got = send("眼科医院那个驿站在哪")
    assert "金华眼科医院门诊大厅" in got.text
    assert got.text.count("门诊大厅") == 1
    st = SOURCE.kb.get("sx-yuecheng-gongyong-gaoxin")
    assert render.address_text(st).count("公用事业集团高新区废清运分公司内") == 1
    assert render.address_text(st).startswith("绍兴市越城区，越东路151号")


def test_address_text_cases():
    def st(**kw):
        return SimpleNamespace(**{"city": "", "district": None, "address": None, "landmark": None, **kw})
    assert render.address_text(st(city="宁波市", district="海曙区", address="宁波市海曙区段塘街道1号")) == \
        "宁波市海曙区段塘街道1号"
    assert render.address_text(st(city="温州市", district="鹿城区", landmark="华盖山脚下")) == "温州市鹿城区，华盖山脚下"
    assert render.address_text(st(city="杭州市", address="东宁路1号", landmark="东宁路1号旁公交站")) == \
        "杭州市，东宁路1号旁公交站"
    assert render.address_text(st(city="杭州市", address="东宁路1号东门", landmark="东门广场")) == \
        "杭州市，东宁路1号东门，广场"


def test_the_approximate_note_is_said_once_per_list():
    send, _ = rider()
    got = send(pin=HANGZHOU)
    assert len(got.meta["stations"]) == 3
    assert got.text.count(render.APPROX_NOTE) == 1          # every seed station is approximate


def test_a_mixed_list_marks_the_approximate_stations_only():
    kb = SOURCE.kb
    surveyed = dataclasses.replace(kb.get("hz-dongning-aixinyijia"), coord_precision_m=None)
    stations = [surveyed if s.id == surveyed.id else s for s in kb.stations]
    send, _ = rider(SimpleNamespace(kb=KnowledgeBase.from_stations(stations)))
    got = send(pin=HANGZHOU)
    assert got.text.count(render.APPROX_NOTE) == 1
    first, second = got.text.split("\n2. ")[0], got.text.split("\n2. ")[1]
    assert render.APPROX_MARK not in first.splitlines()[1]   # 东宁路, surveyed: no mark
    assert second.split("（")[0].endswith(render.APPROX_MARK)


def test_three_long_named_stations_stay_well_under_the_reply_limit():
    kb = SOURCE.kb
    long_name = "某某市某某区某某街道某某社区新就业形态劳动者暖心服务驿站第一分站"
    stations = [dataclasses.replace(s, short_name=long_name + str(i), name=long_name + str(i) * 3)
                for i, s in enumerate(kb.stations)]
    send, _ = rider(SimpleNamespace(kb=KnowledgeBase.from_stations(stations)))
    for ask in (None, "附近哪里能热饭", "24小时开放的驿站"):
        got = send(ask, pin=HANGZHOU if ask is None else None)
        assert len(got.text.encode("utf-8")) < MAX_REPLY_BYTES * 3 // 4, (ask, len(got.text.encode("utf-8")))


def test_schedule_reads_only_stations_with_an_activity(monkeypatch):
    send, engine = rider()
    send(pin=(30.75, 120.75))                                  # 嘉兴, near 丁家桥
    got = send("附近什么时候有义剪")
    assert "每月两次" in got.text and got.meta["stations"][0] == "jx-nanhu-dingjiaqiao"


def test_schedule_without_any_recorded_time_names_who_offers_it():
    send, engine = rider()
    kb = SOURCE.kb
    offered = [c for s in kb.stations for c in s.services
               if not any(a.service == c for a in s.activities)]
    code = next(c for c in offered if not any(a.service == c for st in kb.stations for a in st.activities))
    hits = kb.in_area(codes=[code], scheduled=True)
    assert hits == []
    send(pin=HANGZHOU)
    u = SimpleNamespace(slots={"codes": [code]}, intent="schedule")
    from bot.dialogue import answers
    t = answers.Turn(msg=Incoming(user="r1", kind=TEXT, text="什么时候有", at=1.7e9), session=answers.Session(),
                     location=answers.Location(HANGZHOU[0], HANGZHOU[1], 1.7e9), stateful=False)
    got = answers.schedule(engine, t, u)
    assert "暂时没有找到" in got.text and "资料里没写具体时间" in got.text and got.meta["stations"]


def test_warm_up_builds_before_serving():
    _, engine = rider()
    engine.warm_up()
    assert engine._lex_for is SOURCE.kb
    assert SOURCE.kb.geo._trees                              # the all-stations tree at least

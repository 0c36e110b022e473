"""The dialogue engine: pending questions, pins, follow-ups, reports, events, locks, failures."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from urllib.parse import quote


from bot.config import Config
from bot.messages import EVENT, LOCATION, MEDIA, TEXT, VOICE, Incoming
from bot.store import MemoryStore, StoreError
from bot.store.keys import Keys, user_hash
from bot.dialogue.engine import Engine
from test_dialogue_support import real_source

HANGZHOU = (30.30, 120.21)      # near 东宁路
JIAOJIANG = (28.66, 121.42)     # near 椒江365+
SOURCE = real_source()


class FakeReports:
    def __init__(self, closed=0):
        self.added, self.closed = [], closed

    def add(self, station_id, kind, text, user_hash, at=None):
        self.added.append((station_id, kind, text, user_hash))

    def recent_count(self, station_id, kind, days=7):
        return self.closed if kind == "closed" else 0


class FakeUsage:
    def __init__(self):
        self.records = []

    def record(self, kind, intent, text, answered, place_source=None, clarified=False, at=None):
        self.records.append((kind, intent, answered, place_source))


@dataclass
class Place:
    lat: float
    lng: float
    level: str
    city: str = ""
    district: str = ""
    name: str = ""
    source: str = "amap"


class FakeGeocoder:
    def __init__(self, place):
        self.place, self.asked = place, []

    def locate(self, text):
        self.asked.append(text)
        return self.place


def make(store=None, prefix="yzt", **kw):
    config = kw.pop("config", Config())
    store = store or MemoryStore()
    return Engine(SOURCE, store, Keys(prefix), config, **kw), store


class Rider:
    def __init__(self, engine, user="rider-1"):
        self.engine, self.user, self.at = engine, user, 1_700_000_000.0

    def send(self, **kw):
        self.at += 30
        kw.setdefault("kind", TEXT)
        return self.engine.handle(Incoming(user=self.user, at=self.at, **kw))

    def text(self, text):
        return self.send(text=text)

    def pin(self, point):
        return self.send(kind=LOCATION, lat=point[0], lng=point[1])


def test_asking_for_a_location_names_the_need_in_words_that_read_right():
    r = Rider(make()[0])
    asked = r.text("哪里有厕所")        # a noun need: 有卫生间, never 能厕所
    assert asked.meta["asks_location"] and "有卫生间的驿站" in asked.text and "能厕所" not in asked.text
    assert "有热饭/微波炉的驿站" in Rider(make()[0]).text("哪里能热饭").text


def test_question_waits_for_a_pin_then_pin_is_reused(any_store, key_prefix):
    engine, _ = make(any_store, key_prefix)
    r = Rider(engine)
    first = r.text("附近哪里能热饭")
    assert first.meta["asks_location"] and "位置" in first.text and not first.meta["stations"]
    answer = r.pin(HANGZHOU)
    assert answer.meta["stations"][0] == "hz-dongning-aixinyijia"
    assert "uri.amap.com/navigation" in answer.text and ("公里" in answer.text or "米" in answer.text)
    again = r.text("哪有厕所")          # the pin is reused: no second request for a location
    assert not again.meta["asks_location"] and again.meta["stations"]


def test_pin_expires_after_location_ttl():
    clock = [0.0]
    store = MemoryStore(clock=lambda: clock[0])
    engine, _ = make(store, config=Config(location_ttl=60, session_ttl=600))
    r = Rider(engine)
    r.pin(HANGZHOU)
    assert not r.text("附近的驿站").meta["asks_location"]
    clock[0] += 61
    assert r.text("附近的驿站").meta["asks_location"]


def test_follow_ups_on_the_last_list():
    engine, _ = make()
    r = Rider(engine)
    listed = r.pin(HANGZHOU)
    second = listed.meta["stations"][1]
    nav = r.text("第二个怎么走")
    station = SOURCE.kb.get(second)
    assert nav.meta["stations"] == [second]
    assert f"to={station.lng:.6f},{station.lat:.6f},{quote(station.short_name, safe='')}&mode=ride" in nav.text
    more = r.text("更多")
    assert more.meta["stations"] and not set(more.meta["stations"]) & set(listed.meta["stations"])
    hours = r.text("它几点关门")
    assert hours.meta["stations"] == more.meta["stations"][:1]


def test_at_most_three_stations_and_no_invented_facts():
    engine, _ = make()
    r = Rider(engine)
    listed = r.pin(HANGZHOU)
    assert len(listed.meta["stations"]) <= 3
    info = r.text("红日亭能热饭吗")
    assert "没有记录" in info.text and info.text.startswith("红日亭") and "wz-lucheng-hongriting" not in info.meta["stations"]
    assert "开放时间未标注" in r.text("红日亭在哪").text
    assert "位置为大致位置" in info.text


def test_far_match_is_said_plainly():
    engine, _ = make()
    r = Rider(engine)
    r.pin(HANGZHOU)
    far = r.text("附近哪里能换电")
    assert far.meta["stations"][0] == "tz-jiaojiang-365-001"
    assert "公里外" in far.text and "东宁路" in far.text


def test_city_overrides_pin_elsewhere():
    engine, _ = make()
    r = Rider(engine)
    r.pin(HANGZHOU)
    got = r.text("宁波哪里能洗澡")
    assert got.meta["stations"] == ["nb-haishu-nanyuan"]


def test_typed_city_answers_pending_question():
    engine, _ = make()
    r = Rider(engine)
    assert r.text("哪里能洗澡").meta["asks_location"]
    got = r.text("我在宁波")
    assert got.meta["stations"] == ["nb-haishu-nanyuan"] and got.intent == "give_place"


def test_geocoded_point_is_used_like_a_pin():
    geo = FakeGeocoder(Place(30.3005, 120.219, "point", "杭州市", name="东宁路"))
    engine, store = make(geocoder=geo)
    r = Rider(engine)
    r.text("哪里能热饭")
    got = r.text("我在杭州东宁路")
    assert geo.asked and got.meta["stations"][0] == "hz-dongning-aixinyijia"
    assert store.get_json(Keys("yzt").location(r.user))["source"] == "typed"


def test_new_question_replaces_pending_one():
    engine, _ = make()
    r = Rider(engine)
    r.text("哪里能洗澡")
    r.text("附近哪里能热饭")
    got = r.pin(HANGZHOU)
    assert got.meta["stations"][0] == "hz-dongning-aixinyijia"   # microwave, not the shower search


def test_report_is_recorded_with_hashed_user_and_thanked():
    reports = FakeReports()
    engine, _ = make(reports=reports)
    r = Rider(engine)
    got = r.text("东宁路驿站锁门了")
    assert reports.added == [("hz-dongning-aixinyijia", "closed", "东宁路驿站锁门了", user_hash(r.user))]
    assert "谢谢" in got.text
    r.text("红日亭在哪")
    r.text("微波炉坏了")                      # the station just shown
    assert reports.added[-1][:2] == ("wz-lucheng-hongriting", "broken")


def test_report_without_station_asks_which_then_records():
    reports = FakeReports()
    engine, _ = make(reports=reports)
    r = Rider(engine)
    assert "哪个驿站" in r.text("驿站锁门了").text and not reports.added
    r.text("丁家桥")
    assert reports.added and reports.added[0][:2] == ("jx-nanhu-dingjiaqiao", "closed")


def test_repeated_closed_reports_warn_riders():
    engine, _ = make(reports=FakeReports(closed=2))
    assert "近期有骑手反映该驿站未开门" in Rider(engine).text("丁家桥在哪").text


def test_schedule_quotes_the_source():
    engine, _ = make()
    got = Rider(engine).text("丁家桥什么时候有义剪")
    assert "每月两次" in got.text


def test_events_and_media():
    engine, store = make(config=Config(location_event_system="wgs84"))
    r = Rider(engine)
    assert "位置" in r.send(kind=EVENT, event="subscribe").text
    assert r.send(kind=EVENT, event="location_select").text is None
    assert r.send(kind=EVENT, event="location", lat=HANGZHOU[0], lng=HANGZHOU[1]).text is None
    stored = store.get_json(Keys("yzt").location(r.user))
    assert stored and stored["lat"] != HANGZHOU[0]          # converted WGS-84 → GCJ-02
    assert not r.text("附近的驿站").meta["asks_location"]      # the reported position is used
    assert r.send(kind=EVENT, event="unsubscribe").text is None
    assert store.get(Keys("yzt").location(r.user)) is None and store.get(Keys("yzt").session(r.user)) is None
    assert "打字" in r.send(kind=VOICE).text
    assert r.send(kind=MEDIA).text


def test_menu_clicks():
    engine, _ = make()
    r = Rider(engine)
    assert r.send(kind=EVENT, event="click", key="find:microwave").meta["asks_location"]
    assert r.pin(HANGZHOU).meta["stations"][0] == "hz-dongning-aixinyijia"
    assert r.send(kind=EVENT, event="click", key="find:24h").meta["stations"] == ["tz-jiaojiang-365-001"]
    assert "入会" in r.send(kind=EVENT, event="click", key="join_union").text
    assert r.send(kind=EVENT, event="click", key="no-such-key").text


def test_usage_is_recorded_without_failing():
    usage = FakeUsage()
    engine, _ = make(usage=usage)
    r = Rider(engine)
    r.text("你好")
    r.pin(HANGZHOU)
    assert usage.records[0][:2] == ("text", "greeting") and usage.records[1][3] == "pin"


def test_one_users_concurrent_messages_run_one_after_another(any_store, key_prefix):
    engine, _ = make(any_store, key_prefix)
    Rider(engine, "busy").pin(HANGZHOU)
    replies = []

    def send(i):
        replies.append(engine.handle(Incoming(user="busy", kind=TEXT, text="附近的驿站", at=1e9 + i)))
    threads = [threading.Thread(target=send, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(replies) == 10 and all(r.meta["stations"] for r in replies)


class BrokenStore(MemoryStore):
    def get(self, key):
        raise StoreError("down")

    def set(self, key, value, ttl):
        raise StoreError("down")

    def lock(self, name, ttl=10.0, wait=4.0):
        raise StoreError("down")


def test_store_down_still_answers_statelessly():
    engine, _ = make(BrokenStore())
    got = Rider(engine).text("红日亭在哪")
    assert got.meta["stations"] == ["wz-lucheng-hongriting"]


def test_lock_not_acquired_proceeds_without_state():
    store = MemoryStore()
    engine, _ = make(store)
    with store.lock(Keys("yzt").user_lock("held"), ttl=30, wait=0):
        got = engine.handle(Incoming(user="held", kind=TEXT, text="红日亭在哪"))  # waits ≤ 4 s
    assert got.meta["stations"] == ["wz-lucheng-hongriting"]


def test_engine_never_raises():
    class Exploding:
        @property
        def kb(self):
            raise RuntimeError("boom")
    engine = Engine(Exploding(), MemoryStore(), Keys("x"), Config())
    got = engine.handle(Incoming(user="u", kind=TEXT, text="附近的驿站"))
    assert got.text and got.intent == "error"
    engine, _ = make()
    for bad in [Incoming(user="u", kind=LOCATION, lat=float("nan"), lng=1.0),
                Incoming(user="u", kind=LOCATION, lat=None, lng=None),
                Incoming(user="u", kind="weird"), Incoming(user="u", kind=TEXT, text="\x00" * 5000)]:
        assert engine.handle(bad).text

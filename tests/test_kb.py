"""knowledge.kb.KnowledgeBase: search by point, codes, area, opening time and name."""
from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.cache import load_kb
from knowledge.coords import haversine_m
from knowledge.hours import CHINA, parse_hours
from knowledge.kb import KnowledgeBase, area_key
from knowledge.model import Station

SEED_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "stations.yaml"
HOURS = ["24h", "daily 08:30-17:00", "daily 08:30-12:00,14:30-18:00", "mon-fri 09:00-18:00", "unknown",
         "daily 22:00-06:00"]
CODES = ["microwave", "toilet", "shower", "charging", "haircut", "legal_aid"]
CITIES = [("杭州市", "西湖区"), ("杭州市", "上城区"), ("宁波市", "海曙区"), ("宁波市", "鼓楼区"), ("福州市", "鼓楼区")]


def synthetic_stations(n: int, seed: int) -> list[Station]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        city, district = rnd.choice(CITIES)
        lat, lng = 30.0 + rnd.gauss(0, 0.08), 120.0 + rnd.gauss(0, 0.08)
        if i % 17 == 0 and out:                       # same spot as an earlier station: a tie
            lat, lng = out[-1].lat, out[-1].lng
        codes = {c for c in CODES if rnd.random() < 0.4}
        out.append(Station(id=f"t-{rnd.randrange(10**6):06d}-{i}", name=f"测试驿站{i}", short_name=f"测试{i}",
                           city=city, district=district, lat=lat, lng=lng,
                           hours=parse_hours(rnd.choice(HOURS)),
                           facilities=frozenset(c for c in codes if c not in ("haircut", "legal_aid")),
                           services=frozenset(c for c in codes if c in ("haircut", "legal_aid"))))
    return out


STATIONS = synthetic_stations(300, 7)
KB = KnowledgeBase.from_stations(STATIONS)


@pytest.fixture(scope="module")
def seed_kb(tmp_path_factory):
    return load_kb(SEED_FILE, tmp_path_factory.mktemp("cache"))


def brute(stations, lat, lng, k, codes=(), city=None, district=None, open_at=None, max_m=None):
    rows = []
    for s in stations:
        if not set(codes) <= s.codes:
            continue
        if city and area_key(s.city) != area_key(city):
            continue
        if district and area_key(s.district or "") != area_key(district):
            continue
        if open_at is not None and s.hours.is_open(open_at) is not True:
            continue
        d = haversine_m(lat, lng, s.lat, s.lng)
        if max_m is not None and d > max_m:
            continue
        rows.append((d, s.id))
    rows.sort()
    return rows[:k]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lat=st.floats(29.7, 30.3), lng=st.floats(119.7, 120.3), k=st.integers(1, 10),
    codes=st.sets(st.sampled_from(CODES), max_size=2),
    area=st.sampled_from([(None, None), ("杭州", None), ("宁波市", None), (None, "鼓楼"), ("福州", "鼓楼区")]),
    open_at=st.none() | st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2024, 12, 31),
                                      timezones=st.just(CHINA)),
    max_m=st.none() | st.floats(500, 30_000),
)
def test_nearest_equals_brute_force(lat, lng, k, codes, area, open_at, max_m):
    city, district = area
    hits = KB.nearest(lat, lng, k=k, codes=codes, city=city, district=district, open_at=open_at,
                      max_distance_m=max_m)
    want = brute(STATIONS, lat, lng, k, codes, city, district, open_at, max_m)
    assert [h.station.id for h in hits] == [sid for _, sid in want]
    assert [h.distance_m for h in hits] == pytest.approx([d for d, _ in want], abs=1e-6)


def test_in_area_filters_and_is_in_id_order():
    at = datetime(2024, 5, 6, 10, 0, tzinfo=CHINA)        # a Monday morning
    got = KB.in_area(city="宁波", codes=["toilet"], open_at=at)
    want = sorted((s for s in STATIONS if s.city == "宁波市" and "toilet" in s.codes and s.hours.is_open(at)),
                  key=lambda s: s.id)
    assert got == want and got
    assert {s.city for s in KB.in_area(district="鼓楼")} == {"宁波市", "福州市"}
    assert {s.city for s in KB.in_area(city="福州市", district="鼓楼")} == {"福州市"}
    assert KB.in_area(city="北京") == []
    assert len(KB.in_area()) == len(STATIONS)


def test_unknown_code_or_area_finds_nothing_and_bad_points_say_so():
    assert KB.nearest(30.0, 120.0, codes=["teleporter"]) == []
    assert KB.nearest(30.0, 120.0, city="火星") == []
    assert KB.in_area(codes=["teleporter"]) == []
    for bad in [("abc", 120.0), (float("nan"), 120.0), (91.0, 120.0), (30.0, 181.0), (None, None)]:
        with pytest.raises(ValueError, match="not a coordinate"):
            KB.nearest(*bad)
    with pytest.raises(ValueError, match="open_at"):
        KB.nearest(30.0, 120.0, open_at="now")


def test_area_names_are_suffix_tolerant():
    assert area_key("宁波市") == area_key("宁波") == "宁波"
    assert area_key("海曙区") == "海曙"
    assert area_key("津市") == "津市"                      # a one-character stem keeps its suffix
    assert KB.resolve_city("宁波") == "宁波市"
    assert sorted(KB.resolve_district("鼓楼")) == [("宁波市", "鼓楼区"), ("福州市", "鼓楼区")]
    assert KB.resolve_city("上海") is None


def test_seed_kb_search(seed_kb):
    assert len(seed_kb.stations) == 8
    assert "宁波市" in seed_kb.cities()
    assert seed_kb.districts()["鹿城区"] == "温州市"
    hongriting = seed_kb.get("wz-lucheng-hongriting")
    assert hongriting.short_name == "红日亭"
    near = seed_kb.nearest(hongriting.lat, hongriting.lng, k=3)
    assert near[0].station.id == hongriting.id and near[0].distance_m == pytest.approx(0.0, abs=1e-6)
    assert [h.distance_m for h in near] == sorted(h.distance_m for h in near)
    station, distance = near[1]                              # a Hit unpacks
    assert distance == near[1].distance_m and station is near[1].station
    assert all("microwave" in h.station.facilities for h in seed_kb.nearest(30.27, 120.15, k=8, codes=["microwave"]))
    assert seed_kb.get("no-such-station") is None


def test_seed_kb_open_at_keeps_only_known_open(seed_kb):
    night = datetime(2024, 5, 6, 3, 0, tzinfo=CHINA)
    hits = seed_kb.nearest(30.27, 120.15, k=8, open_at=night)
    assert hits and all(h.station.hours.is_open(night) is True for h in hits)
    assert len(hits) < 8                                    # unknown hours are not "open"


def test_name_lookup_helpers(seed_kb):
    index = seed_kb.name_index()
    assert index["红日亭"] == ("wz-lucheng-hongriting",)
    assert [s.id for s in seed_kb.find_by_name(" 红日亭 ")] == ["wz-lucheng-hongriting"]
    assert seed_kb.find_by_name("不存在的驿站") == []
    every = {n for s in seed_kb.stations for n in s.names}
    assert set(seed_kb.names()) == every


def test_stations_sequence_materialises_equal_objects(seed_kb, tmp_path):
    from knowledge.loader import load_stations
    original = load_stations(SEED_FILE)
    assert list(seed_kb.stations) == original
    assert seed_kb.stations[-1] == original[-1] and seed_kb.stations[1:3] == original[1:3]
    with pytest.raises(IndexError):
        seed_kb.stations[8]


# --- national scale: lookups without materialising, area pages, activity and 24 h filters -------

def test_name_lookup_equals_the_name_index():
    for kb in (KB, load_kb(SEED_FILE, None)):
        index = kb.name_index()
        assert len(kb.name_lookup) >= len(index)
        for key, ids in index.items():
            assert kb.name_lookup.get(key) == ids
        assert kb.name_lookup.get("没有这个驿站") is None and "没有这个驿站" not in kb.name_lookup


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(STATIONS) - 1), st.integers(0, 30), st.integers(2, 6), st.sampled_from([None, "宁波"]))
def test_text_search_equals_brute_force(i, start, length, city):
    from knowledge.kb import TextIndex
    text = TextIndex.text_of(STATIONS[i])
    sub = text[start:start + length]
    if len(sub) < 2 or "|" in sub:
        return
    want = [j for j, s in enumerate(STATIONS) if sub in TextIndex.text_of(s)
            and (city is None or area_key(s.city) == city)]
    assert KB.text_search(sub, city=city, limit=10_000) == want


def test_in_area_limit_materialises_only_what_it_returns(monkeypatch):
    every = KB.in_area(city="宁波", codes=["toilet"])
    made = []
    real = KB.station_at
    monkeypatch.setattr(KB, "station_at", lambda i: made.append(i) or real(i))
    page = KB.in_area(city="宁波", codes=["toilet"], limit=3)
    assert page == every[:3] and len(made) == 3
    assert KB.count_in_area(city="宁波", codes=["toilet"]) == len(every)
    assert KB.count_in_area(codes=["teleporter"]) == 0


def test_always_open_and_scheduled_filters():
    hits = KB.nearest(30.0, 120.0, k=5, always_open=True)
    assert hits and all(h.station.hours.always for h in hits)
    brute = sorted((haversine_m(30.0, 120.0, s.lat, s.lng), s.id) for s in STATIONS if s.hours.always)[:5]
    assert [h.id for h in hits] == [sid for _, sid in brute]
    assert all(s.hours.always for s in KB.in_area(city="杭州", always_open=True))
    seed = KnowledgeBase.from_stations(list(load_kb(SEED_FILE, None).stations))
    with_haircut = [s.id for s in seed.stations if any(a.service == "haircut" for a in s.activities)]
    assert with_haircut
    assert [h.id for h in seed.nearest(30.75, 120.75, k=8, codes=["haircut"], scheduled=True)] == with_haircut
    assert {s.id for s in seed.in_area(scheduled=True)} == {s.id for s in seed.stations if s.activities}
    assert seed.in_area(codes=["shower"], scheduled=True) == [
        s for s in seed.stations if any(a.service == "shower" for a in s.activities)]


def test_area_centre_and_brief():
    members = [s for s in STATIONS if s.city == "宁波市"]
    lat, lng = KB.area_centre("宁波")
    assert lat == pytest.approx(sum(s.lat for s in members) / len(members))
    assert lng == pytest.approx(sum(s.lng for s in members) / len(members))
    assert KB.area_centre("北京") is None
    s = STATIONS[3]
    assert KB.brief(KB.ids.index(s.id)) == (s.id, s.lat, s.lng, s.city, s.district or "")

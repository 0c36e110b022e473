"""Typed places: Amap levels and cache, knowledge-base fallback, the 2 s bound; `kb geocode`."""
from __future__ import annotations

import argparse
import socket
import threading
import time
from types import SimpleNamespace

import httpx
import pytest

from bot.config import ROOT, Config
from bot.outbound.amap import Geocoder, Place
from bot.store import MemoryStore
from bot.store.keys import Keys
from knowledge.kb import KnowledgeBase
from knowledge.loader import load_stations

STATIONS = load_stations(ROOT / "knowledge" / "stations.yaml")
KB = SimpleNamespace(kb=KnowledgeBase.from_stations(STATIONS))


def amap_answer(level: str, location="120.219,30.30", city="杭州市", district="上城区",
                province="浙江省", address="浙江省杭州市上城区东宁路"):
    return {"status": "1", "info": "OK", "infocode": "10000", "count": "1",
            "geocodes": [{"formatted_address": address, "province": province,
                          "city": city, "district": district, "location": location, "level": level}]}


class FakeAmap:
    def __init__(self, body=None, status=200, exc: Exception | None = None):
        self.body, self.status, self.exc = body, status, exc
        self.requests: list[httpx.Request] = []

    def __call__(self, request):
        self.requests.append(request)
        if self.exc:
            raise self.exc
        return httpx.Response(self.status, json=self.body)


def geocoder(fake=None, key="AMAPKEY", store=None, kb=KB, **kw):
    client = httpx.Client(transport=httpx.MockTransport(fake)) if fake else None
    return Geocoder(Config(amap_key=key), store or MemoryStore(), Keys("t"), kb, client=client, **kw)


@pytest.mark.parametrize("level,expected", [("门牌号", "point"), ("道路", "point"), ("兴趣点", "point"),
                                            ("区县", "district"), ("市", "city"), ("省", "city")])
def test_amap_match_level_is_honoured(level, expected):
    fake = FakeAmap(amap_answer(level))
    place = geocoder(fake).locate("我在杭州东宁路")
    assert place.level == expected and place.source == "amap"
    assert (place.lat, place.lng) == (30.30, 120.219)        # Amap writes "lng,lat"
    assert place.city == "杭州市"
    params = fake.requests[0].url.params
    assert params["address"] == "杭州东宁路" and params["key"] == "AMAPKEY"
    assert params["city"] == "杭州市"                          # the KB's city narrows Amap's search


def test_province_match_names_the_province_when_amap_gives_no_city():
    place = geocoder(FakeAmap(amap_answer("省", city=[], district=[], location="120.15,30.27"))).locate("浙江")
    assert (place.level, place.city, place.district) == ("city", "浙江省", "")


def test_cache_hit_avoids_a_second_call():
    fake, store = FakeAmap(amap_answer("道路")), MemoryStore()
    first = geocoder(fake, store=store).locate("杭州东宁路")
    again = geocoder(fake, store=store).locate("  杭州东宁路！")     # another process, same store
    assert first == again and len(fake.requests) == 1
    (key,) = [k for k in store.keys() if k.startswith("t:geo:")]
    assert 6 * 86400 < store.ttl(key) <= 7 * 86400


def test_without_a_key_the_kb_answers_and_says_so():
    g = geocoder(key="")
    place = g.locate("宁波海曙段塘")
    assert (place.source, place.level, place.city, place.district) == ("kb", "point", "宁波市", "海曙区")
    assert place.station_id == "nb-haishu-nanyuan" and place.name == "段塘"
    dongning = g.locate("东宁路")
    assert (dongning.city, dongning.station_id) == ("杭州市", "hz-dongning-aixinyijia")
    assert g.locate("我在温州") == Place(lat=pytest.approx(28.017, abs=0.01), lng=pytest.approx(120.662, abs=0.01),
                                      level="city", city="温州市", name="温州市", source="kb")
    district = g.locate("鹿城区这边")
    assert (district.level, district.city, district.district) == ("district", "温州市", "鹿城区")
    # a road the KB does not know, in a city it does: answered by city, not by a made-up point
    assert g.locate("杭州中山路").level == "city"
    assert g.locate("火星基地") is None
    assert g.locate("") is None and g.locate("好") is None


@pytest.mark.parametrize("fake", [
    FakeAmap(exc=httpx.ReadTimeout("slow")),
    FakeAmap(exc=httpx.ConnectError("down")),
    FakeAmap({"status": "0", "info": "INVALID_USER_KEY", "infocode": "10001"}),
    FakeAmap({"status": "1", "count": "0", "geocodes": []}),
    FakeAmap(status=502, body={}),
    FakeAmap({"status": "1", "geocodes": [{"location": "garbage"}]}),
])
def test_amap_failures_fall_back_to_the_kb(fake):
    place = geocoder(fake).locate("宁波海曙段塘")
    assert place.source == "kb" and place.station_id == "nb-haishu-nanyuan"


def test_failures_are_not_cached_but_misses_are():
    down, store = FakeAmap(exc=httpx.ConnectError("down")), MemoryStore()
    geocoder(down, store=store).locate("宁波海曙段塘")
    assert not [k for k in store.keys() if ":geo:" in k]
    miss = FakeAmap({"status": "1", "count": "0", "geocodes": []})
    geocoder(miss, store=store).locate("宁波海曙段塘")
    geocoder(miss, store=store).locate("宁波海曙段塘")
    assert len(miss.requests) == 1


def test_a_silent_amap_costs_at_most_about_two_seconds():
    """A real socket that accepts and never answers: the client's own timeouts must end it."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    accepted = []
    stop = threading.Event()

    def accept():
        srv.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(srv.accept()[0])
            except OSError:
                continue
    t = threading.Thread(target=accept, daemon=True)
    t.start()
    try:
        g = geocoder(url=f"http://127.0.0.1:{srv.getsockname()[1]}/v3/geocode/geo")
        started = time.monotonic()
        place = g.locate("宁波海曙段塘")
        elapsed = time.monotonic() - started
        assert place.source == "kb"
        assert elapsed < 2.2, elapsed
    finally:
        stop.set()
        t.join(timeout=2)
        for c in accepted:
            c.close()
        srv.close()


def test_kb_reload_rebuilds_the_index():
    source = SimpleNamespace(kb=KnowledgeBase.from_stations(STATIONS))
    g = geocoder(key="", kb=source)
    assert g.locate("东宁路") is not None
    source.kb = KnowledgeBase.from_stations([s for s in STATIONS if s.city != "杭州市"])
    assert g.locate("东宁路") is None


def test_the_kb_fallback_never_materialises_stations(monkeypatch):
    """At 190,000 stations a Station per station cost ~5 s and ~500 MB: the fallback reads the
    KB's columns and text index only."""
    kb = KnowledgeBase.from_stations(STATIONS)
    monkeypatch.setattr(kb, "station_at", lambda i: pytest.fail("a station was materialised"))
    g = geocoder(key="", kb=SimpleNamespace(kb=kb))
    g.warm()
    place = g.locate("宁波海曙段塘")
    assert (place.level, place.station_id, place.district) == ("point", "nb-haishu-nanyuan", "海曙区")
    assert g.locate("我在温州").level == "city"
    assert g.locate("杭州中山路").level == "city"


def test_landmark_prefers_the_named_district():
    twin = STATIONS[0].__class__(**{**{f: getattr(STATIONS[0], f) for f in STATIONS[0].__dataclass_fields__
                                       if STATIONS[0].__dataclass_fields__[f].init},
                                    "id": "hz-twin", "district": "西湖区", "lat": 30.25, "lng": 120.10})
    kb = KnowledgeBase.from_stations([STATIONS[0], twin])
    g = geocoder(key="", kb=SimpleNamespace(kb=kb))
    assert g.locate("东宁路").station_id == STATIONS[0].id          # first in file order
    assert g.locate("杭州西湖东宁路").station_id == "hz-twin"         # the district decides


def test_broken_kb_never_raises():
    assert geocoder(key="", kb=SimpleNamespace(kb=None)).locate("东宁路") is None
    assert geocoder(key="", kb=SimpleNamespace(kb=SimpleNamespace(stations=[object()]))).locate("东宁路") is None


# --- kb geocode ---

def run_kb_geocode(path, out, fake, key="AMAPKEY"):
    from bot.ops import kb_geocode
    args = argparse.Namespace(path=str(path), out=str(out) if out else None)
    client = httpx.Client(transport=httpx.MockTransport(fake))
    args.delay = 0
    return kb_geocode.main(args, config=Config(amap_key=key), client=client)


def test_kb_geocode_updates_approximate_stations_and_keeps_comments(tmp_path, capsys):
    src = ROOT / "knowledge" / "stations.yaml"
    out = tmp_path / "stations.yaml"

    def amap(request):
        address = request.url.params["address"]
        if "越东路151号" in address:             # 绍兴 station: an exact door number
            return httpx.Response(200, json=amap_answer("门牌号", "120.6401,30.0123", "绍兴市", "越城区"))
        if "华盖山" in address:                  # 红日亭: Amap only knows the district
            return httpx.Response(200, json=amap_answer("区县", "120.65,28.02", "温州市", "鹿城区"))
        if "段塘" in address:                    # 南苑: a point in another city is refused
            return httpx.Response(200, json=amap_answer("兴趣点", "116.40,39.90", "北京市", "东城区"))
        return httpx.Response(200, json={"status": "1", "count": "0", "geocodes": []})

    assert run_kb_geocode(src, out, amap) == 0
    text = out.read_text(encoding="utf-8")
    assert "# 工会驿站 — the stations the assistant knows" in text        # comments kept
    by_id = {s.id: s for s in load_stations(out)}
    sx = by_id["sx-yuecheng-gongyong-gaoxin"]
    assert (sx.lat, sx.lng) == (30.0123, 120.6401) and sx.coord_precision_m == 50
    assert by_id["wz-lucheng-hongriting"].lat == next(s for s in STATIONS if s.id == "wz-lucheng-hongriting").lat
    assert by_id["nb-haishu-nanyuan"].lat < 31                            # not moved to 北京
    report = capsys.readouterr().out
    assert "wz-lucheng-hongriting" in report and "district" in report
    assert "nb-haishu-nanyuan" in report and "北京市" in report
    assert src.read_text(encoding="utf-8") != text                         # --out left the source alone


def test_kb_geocode_needs_a_key(tmp_path, capsys):
    assert run_kb_geocode(ROOT / "knowledge" / "stations.yaml", tmp_path / "o.yaml",
                          lambda r: pytest.fail("no call without a key"), key="") == 2
    assert "AMAP_KEY" in capsys.readouterr().err


def test_kb_geocode_never_prints_the_key(tmp_path, capsys):
    out = tmp_path / "o.yaml"
    assert run_kb_geocode(ROOT / "knowledge" / "stations.yaml", out,
                          lambda r: httpx.Response(502, text="bad gateway")) == 0
    printed = capsys.readouterr().out
    assert "HTTP 502" in printed and "AMAPKEY" not in printed
    assert not out.exists()                                               # nothing placed, nothing written

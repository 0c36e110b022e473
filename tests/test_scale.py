"""Scale smoke test: 20,000 synthetic stations through synth → cache → search."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from knowledge import cache
from knowledge.cache import load_kb
from knowledge.coords import haversine_m
from knowledge.synth import write_synthetic

N = 20_000


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    d = tmp_path_factory.mktemp("scale")
    path = write_synthetic(d / "national.synth.yaml", N, seed=5)
    return path, d / "cache"


def test_synthetic_file_is_marked_and_deterministic(synth, tmp_path):
    path, _ = synth
    head = path.read_text(encoding="utf-8")[:400]
    assert head.startswith("# SYNTHETIC")
    again = write_synthetic(tmp_path / "again.synth.yaml", N, seed=5)
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(path.read_bytes()).digest()
    other = write_synthetic(tmp_path / "other.synth.yaml", 50, seed=6)
    assert other.read_bytes() != path.read_bytes()[: len(other.read_bytes())]
    body = json.loads("".join(line for line in path.read_text(encoding="utf-8").splitlines(True)
                              if not line.startswith("#")))
    stations = body["stations"]
    assert len(stations) == N and stations[0]["id"] == "synth-000001"
    assert all(s["synthetic"] is True for s in stations)
    share_24h = sum(s["hours"] == "24h" for s in stations) / N
    assert 0.05 < share_24h < 0.09                       # ≈ 7%, as nationally
    battery = sum("battery_swap" in s["facilities"] for s in stations) / N
    assert 0.005 < battery < 0.02                        # ≈ 1%
    assert len({s["city"] for s in stations}) > 50


def test_load_through_cache_and_search(synth, monkeypatch):
    path, cdir = synth
    kb = load_kb(path, cdir)                             # cold: validates, compiles, writes
    assert len(kb.stations) == N
    monkeypatch.setattr(cache, "parse_source", lambda *a: pytest.fail("warm load parsed the file"))
    kb = load_kb(path, cdir)                             # warm: from the cache only
    assert kb.get("synth-000001").synthetic is True
    lat, lng = kb.geo.lat.tolist(), kb.geo.lng.tolist()
    has = [("microwave" in s.facilities) for s in kb.stations]      # materialises every station
    rng = np.random.default_rng(0)
    for i in rng.integers(0, N, 20).tolist():
        qlat, qlng = lat[i] + 0.003, lng[i] - 0.002
        hits = kb.nearest(qlat, qlng, k=5, codes=["microwave"])
        brute = sorted((haversine_m(qlat, qlng, a, b), kb.ids[j])
                       for j, (a, b) in enumerate(zip(lat, lng)) if has[j])[:5]
        assert [h.id for h in hits] == [sid for _, sid in brute]
        assert [h.distance_m for h in hits] == pytest.approx([d for d, _ in brute], abs=1e-6)
    shanghai = kb.in_area(city="上海", codes=["shower"])
    assert shanghai and all(s.city == "上海市" and "shower" in s.facilities for s in shanghai)
    assert "上海市" in kb.cities() and len(kb.districts()) > 100


def test_national_engine_answers_without_materialising_a_city(synth, monkeypatch):
    """A city list, a typed place and a schedule read only the stations they show."""
    from types import SimpleNamespace

    from bot.config import Config
    from bot.dialogue.engine import Engine
    from bot.messages import TEXT, Incoming
    from bot.outbound.amap import Geocoder
    from bot.store import MemoryStore
    from bot.store.keys import Keys
    path, cdir = synth
    kb = load_kb(path, cdir)
    source = SimpleNamespace(kb=kb)
    store = MemoryStore()
    geocoder = Geocoder(Config(amap_key=""), store, Keys("sc"), source)
    engine = Engine(source, store, Keys("sc"), Config(), geocoder=geocoder)   # jieba: the project's cache
    engine.warm_up()
    city = kb.city_names[int(np.bincount(kb._city).argmax())]          # the biggest city
    street = kb.get("synth-000001").address[len(kb.get("synth-000001").city):][-8:]
    made = []
    real = kb.station_at
    monkeypatch.setattr(kb, "station_at", lambda i: made.append(i) or real(i))
    at = 1_700_000_000.0
    for n, text in enumerate((f"{city}有哪些驿站", f"{city}哪里能洗澡", f"我在{street}这边", "帮我找一下附近的工会驿站🙏",
                              f"{city}什么时候有义剪")):
        made.clear()
        got = engine.handle(Incoming(user="u", kind=TEXT, text=text, at=at + n))
        assert got.text and len(made) <= 12, (text, len(made))
    assert kb.count_in_area(city=city) > 100

"""A brute-force knowledge base with KnowledgeBase's contract, for dialogue tests.

Used when knowledge.kb / knowledge.source are not importable (they are built in parallel);
it answers exactly as the contract in ARCHITECTURE.md says, just without an index.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from knowledge.coords import haversine_m
from knowledge.loader import load_stations


@dataclass(frozen=True)
class Hit:
    station: Any
    distance_m: float


class ListKB:
    def __init__(self, stations):
        self.stations = list(stations)
        self._by_id = {s.id: s for s in self.stations}

    def get(self, station_id):
        return self._by_id.get(station_id)

    def _ok(self, s, codes, city, district, open_at) -> bool:
        if codes and not set(codes) <= s.codes:
            return False
        if city and s.city != city:
            return False
        if district and s.district != district:
            return False
        return open_at is None or s.hours.is_open(open_at) is True

    def nearest(self, lat, lng, k=5, codes=None, city=None, district=None, open_at=None, max_distance_m=None):
        hits = [Hit(s, haversine_m(lat, lng, s.lat, s.lng)) for s in self.stations
                if self._ok(s, codes, city, district, open_at)]
        hits = [h for h in hits if max_distance_m is None or h.distance_m <= max_distance_m]
        return sorted(hits, key=lambda h: h.distance_m)[:k]

    def in_area(self, city=None, district=None, codes=None, open_at=None):
        return [s for s in self.stations if self._ok(s, codes, city, district, open_at)]

    def cities(self):
        return sorted({s.city for s in self.stations})

    def districts(self):
        return sorted({s.district for s in self.stations if s.district})


class Source:
    def __init__(self, kb):
        self.kb = kb

    def check(self):
        return False


def real_source(path=None):
    """knowledge.source.KnowledgeSource when it exists, else the brute-force stand-in."""
    from bot.config import Config
    config = Config.from_env({})
    path = path or config.stations_path
    try:
        from knowledge.source import KnowledgeSource
    except ImportError:
        return Source(ListKB(load_stations(path)))
    return KnowledgeSource(path, cache_dir=config.cache_dir)

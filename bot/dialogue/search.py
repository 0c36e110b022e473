"""Finding stations for a turn: near a point, or in a named city/district, with filters.

A thin layer over knowledge.kb.KnowledgeBase that adds what a rider's question needs and the
KB does not: "open round the clock", "open tonight", and the far-away warning.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from knowledge.coords import haversine_m
from knowledge.hours import china_time

from .render import FAR_M
from .state import LIST_MAX, Location

_FILTER_POOL = 60      # candidates fetched when a filter the KB doesn't know is applied after


@dataclass
class Found:
    station: Any
    distance_m: float | None


@dataclass
class Where:
    """Where to search: a point (pin/typed place) and/or an area (city/district)."""
    point: Location | None = None
    city: str | None = None
    district: str | None = None

    @property
    def known(self) -> bool:
        return self.point is not None or bool(self.city or self.district)


def evening(at: float) -> float:
    """21:00 China time on the day of `at` (or now, if later): what "晚上还开吗" asks about."""
    now = china_time(at)
    nine = now.replace(hour=21, minute=0, second=0, microsecond=0)
    return max(at, nine.timestamp()) if now.hour < 21 else at


def opening_filter(slots: dict, at: float):
    """(open_at for the KB, extra predicate on a station) for the time words of the question."""
    if slots.get("open_24h"):
        return None, lambda s: bool(getattr(s.hours, "always", False))
    if slots.get("night"):
        t = evening(at)
        return None, lambda s: s.hours.is_open(t) is True
    if slots.get("open_now"):
        return at, None
    return None, None


def search(kb: Any, where: Where, codes: list[str], open_at: float | None = None,
           pred=None, k: int = LIST_MAX) -> list[Found]:
    """Nearest first; in an area without a point, in the KB's order."""
    pool = _FILTER_POOL if pred else k
    if where.city or where.district:
        stations = kb.in_area(city=where.city, district=where.district, codes=codes or None,
                              open_at=_when(open_at))
        found = [Found(s, _distance(where.point, s)) for s in stations]
        if where.point is not None:
            found.sort(key=lambda f: f.distance_m)
    elif where.point is not None:
        hits = kb.nearest(where.point.lat, where.point.lng, k=pool, codes=codes or None,
                          open_at=_when(open_at))
        found = [Found(h.station, h.distance_m) for h in hits]
    else:
        return []
    if pred is not None:
        found = [f for f in found if pred(f.station)]
    return found[:k]


def closer_without(kb: Any, where: Where, first: Found) -> list[Found]:
    """Stations nearer than a far match (which lack what was asked): "what is closer without it"."""
    if where.point is None or first.distance_m is None or first.distance_m <= FAR_M:
        return []
    hits = kb.nearest(where.point.lat, where.point.lng, k=2, max_distance_m=first.distance_m - 1)
    return [Found(h.station, h.distance_m) for h in hits if h.station.id != first.station.id]


def _distance(point: Location | None, station: Any) -> float | None:
    if point is None:
        return None
    return haversine_m(point.lat, point.lng, station.lat, station.lng)


def _when(at: float | None):
    """The KB's open_at: an aware datetime in China time (Hours accepts those and unix seconds)."""
    return None if at is None else china_time(at)


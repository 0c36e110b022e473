"""Finding stations for a turn: near a point, or in a named city/district, with filters.

A thin layer over knowledge.kb.KnowledgeBase that adds what a rider's question needs and the
KB does not: "open round the clock", "open tonight", and the far-away warning.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from knowledge.hours import china_time

from .render import FAR_M

# Beyond this from an approximate place, a station is no longer "near" it (乐清's centre → 椒江, 74 km).
APPROX_REACH_M = 50_000
from .state import LIST_MAX, Location


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


def next_time(at: float, hhmm: str) -> float:
    """The next HH:MM China time from `at` (凌晨三点 asked at 22:00 → 03:00 tomorrow)."""
    from datetime import timedelta  # noqa: PLC0415
    now = china_time(at)
    hour, minute = (int(x) for x in str(hhmm).split(":")[:2])
    then = now.replace(hour=hour % 24, minute=minute % 60, second=0, microsecond=0)
    if then.timestamp() < at - 60:
        then += timedelta(days=1)
    return then.timestamp()


@dataclass
class Opening:
    """The time words of a question as the KB's filters: open at a time, or round the clock."""
    at: float | None = None
    always: bool = False


def opening_filter(slots: dict, at: float) -> Opening:
    """24小时 → round the clock; 凌晨三点还开着的 → open at 03:00 next; 晚上还开吗 → open at 21:00
    tonight; 现在开着 → open now."""
    if slots.get("open_24h"):
        return Opening(always=True)
    if slots.get("at_time"):
        return Opening(at=next_time(at, slots["at_time"]))
    if slots.get("night"):
        return Opening(at=evening(at))
    if slots.get("open_now"):
        return Opening(at=at)
    return Opening()


def search(kb: Any, where: Where, codes: list[str], opening: Opening | None = None, k: int = LIST_MAX,
           scheduled: bool = False) -> list[Found]:
    """Nearest first. In a named area: nearest first when the rider is in or next to it (its
    nearest station within FAR_M of the point); otherwise — no point, or "宁波哪里能洗澡" asked
    from 杭州 — the area's stations in the KB's order, without distances from a point they
    have nothing to do with. Every filter runs in the KB, so only the stations returned are
    materialised. `scheduled`: only stations with a recorded activity of the codes."""
    opening = opening or Opening()
    filters = dict(codes=codes or None, open_at=_when(opening.at), always_open=opening.always,
                   scheduled=scheduled)
    if where.city or where.district:
        found: list[Found] = []
        if where.point is not None:
            hits = kb.nearest(where.point.lat, where.point.lng, k=k, city=where.city, district=where.district,
                              **filters)
            if hits and hits[0].distance_m <= FAR_M:
                found = [Found(h.station, h.distance_m) for h in hits]
        if not found:
            found = [Found(st, None) for st in kb.in_area(city=where.city, district=where.district, limit=k,
                                                           **filters)]
        return found
    if where.point is not None:
        hits = kb.nearest(where.point.lat, where.point.lng, k=k, **filters)
        if where.point.approximate:
            # a place guessed from a name (a county's centre, a landmark): the nearest is shown
            # however far, the next ones only while they are still within reach of that place
            hits = hits[:1] + [h for h in hits[1:] if h.distance_m <= APPROX_REACH_M]
        return [Found(h.station, h.distance_m) for h in hits]
    return []


def closer_without(kb: Any, where: Where, first: Found) -> list[Found]:
    """Stations nearer than a far match (which lack what was asked): "what is closer without it"."""
    if where.point is None or first.distance_m is None or first.distance_m <= FAR_M:
        return []
    hits = kb.nearest(where.point.lat, where.point.lng, k=2, max_distance_m=first.distance_m - 1)
    return [Found(h.station, h.distance_m) for h in hits if h.station.id != first.station.id]


def _when(at: float | None):
    """The KB's open_at: an aware datetime in China time (Hours accepts those and unix seconds)."""
    return None if at is None else china_time(at)


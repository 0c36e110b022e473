"""Words a rider reads at a glance on a phone: distance, hours, what a station has, a map link.

Only facts the knowledge base holds: a station "has X" only if X is in its codes; hours it
does not record are "开放时间未标注".
"""
from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import quote

MAX_STATIONS = 3          # per message: more does not fit a phone screen
FAR_M = 20_000            # beyond this, say plainly that the nearest match is far
CLOSED_REPORTS_WARN = 2   # "closed" reports within a week before warning riders

ASK_LOCATION = ("请发送您的位置：点击输入框旁的“+” → “位置”，选好后发送；"
                "也可以直接打字告诉我城市或路名，比如“我在宁波海曙”。")


def distance_text(metres: float | None) -> str:
    """约350米 / 约1.2公里 / 约35公里."""
    if metres is None:
        return ""
    if metres < 1000:
        return f"约{max(10, int(round(metres, -1)))}米"
    km = metres / 1000
    return f"约{km:.1f}公里" if km < 10 else f"约{km:.0f}公里"


def nav_link(station: Any) -> str:
    """Amap ride navigation from "where I am" to the station (Amap wants lng,lat)."""
    name = quote(station.short_name or station.name, safe="")
    return (f"https://uri.amap.com/navigation?to={station.lng:.6f},{station.lat:.6f},{name}"
            f"&mode=ride&callnative=1")


def hours_text(station: Any, at: float) -> str:
    hours = getattr(station, "hours", None)
    if hours is None or not getattr(hours, "known", False):
        return "开放时间未标注"
    return hours.describe(at)


def hours_full(station: Any) -> str:
    hours = getattr(station, "hours", None)
    if hours is None or not getattr(hours, "known", False):
        return "开放时间未标注"
    return hours.text()


def labels(codes: Iterable[str], vocab: Any) -> str:
    return "、".join(vocab.label(c) for c in codes)


def station_block(n: int | None, station: Any, distance_m: float | None, codes: Iterable[str],
                  at: float, vocab: Any, warn_closed: bool = False) -> str:
    """A few short lines for one station in a list."""
    head = f"{n}. " if n else ""
    dist = distance_text(distance_m)
    lines = [f"{head}{station.short_name}" + (f"（{dist}）" if dist else "")]
    has = [c for c in codes if c in station.codes]
    if has:
        lines.append(f"有：{labels(has, vocab)}")
    lines.append(hours_text(station, at))
    if warn_closed:
        lines.append("⚠ 近期有骑手反映该驿站未开门")
    if getattr(station, "coord_precision_m", None):
        lines.append("位置为大致位置，到附近请再确认")
    lines.append(f"导航：{nav_link(station)}")
    return "\n   ".join(lines)

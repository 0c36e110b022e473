"""Words a rider reads at a glance on a phone: distance, hours, what a station has, a map link.

Only facts the knowledge base holds: a station "has X" only if X is in its codes; hours it
does not record are "开放时间未标注".
"""
from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import quote

MAX_STATIONS = 3          # per message: more does not fit a phone screen
NAV_NAME_MAX = 12         # characters of the station name in a map link
FAR_M = 20_000            # beyond this, say plainly that the nearest match is far
CLOSED_REPORTS_WARN = 2   # "closed" reports within a week before warning riders

APPROX_NOTE = "位置为大致位置，到附近请再确认"
APPROX_MARK = "*"         # after the name of an approximately placed station in a mixed list

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
    # the name only labels the pin on the map: a long one, percent-encoded (9 bytes a
    # character), would take a fifth of a 3-station reply's 2048 bytes
    name = quote((station.short_name or station.name)[:NAV_NAME_MAX], safe="")
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


def stations_with(codes: list[str], vocab: Any) -> str:
    """有热饭/微波炉的驿站 — or just 驿站 when no need is asked: how a list's header names its stations."""
    return f"有{labels(codes, vocab)}的驿站" if codes else "驿站"


# Said under a station riders recently reported closed (bot.ops.reports), wherever it is shown.
CLOSED_WARNING = "⚠ 近期有骑手反映该驿站未开门"


def is_approximate(station: Any) -> bool:
    return bool(getattr(station, "coord_precision_m", None))


def station_block(n: int | None, station: Any, distance_m: float | None, codes: Iterable[str],
                  at: float, vocab: Any, warn_closed: bool = False, mark_approx: bool = False,
                  full_hours: bool = False) -> str:
    """A few short lines for one station in a list. Approximate coordinates are said once per
    message (approx_footer), with a mark on the station when only some are approximate.
    `full_hours` (the rider asked when stations open or close): the hours themselves before
    whether it is open now (每天 8:30–17:00，已关门，明天8:30开门)."""
    head = f"{n}. " if n else ""
    dist = distance_text(distance_m)
    mark = APPROX_MARK if mark_approx and is_approximate(station) else ""
    lines = [f"{head}{station.short_name}{mark}" + (f"（{dist}）" if dist else "")]
    has = [c for c in codes if c in station.codes]
    if has:
        lines.append(f"有：{labels(has, vocab)}")
    now = hours_text(station, at)
    full = hours_full(station)
    hours = getattr(station, "hours", None)
    lines.append(f"{full}，{now}" if full_hours and getattr(hours, "known", False) and full != now
                 and not getattr(hours, "always", False) else now)
    if warn_closed:
        lines.append(CLOSED_WARNING)
    lines.append(f"导航：{nav_link(station)}")
    return "\n   ".join(lines)


def approx_footer(stations: list[Any]) -> tuple[str, bool]:
    """(the one line about approximate positions, whether stations carry APPROX_MARK)."""
    approx = [is_approximate(s) for s in stations]
    if not any(approx):
        return "", False
    if all(approx):
        return ("以上" if len(stations) > 1 else "") + APPROX_NOTE + "。", False
    return f"标{APPROX_MARK}的驿站{APPROX_NOTE}。", True


def address_text(station: Any) -> str:
    """Where a station is — 金华市婺城区，金华眼科医院门诊大厅 — saying no part twice: an address
    that starts with the city (or city + district) is not preceded by them again; a landmark
    the address already holds (门诊大厅) is left out, and one that repeats the address's end
    gives only the rest."""
    city, district = (station.city or "").strip(), (station.district or "").strip()
    address = (station.address or "").strip()
    landmark = (getattr(station, "landmark", None) or "").strip()
    admin = city + (district if district and not district.startswith(city) else "") if city else district
    if address.startswith(admin) or (city and address.startswith(city)):
        admin = ""
    parts = [p for p in (admin, address) if p]
    if landmark and landmark not in "".join(parts):
        if address and address in landmark:
            parts[-1] = landmark                      # the landmark says it all, and more
        else:
            parts.append(_after_overlap(parts[-1] if parts else "", landmark))
    return "，".join(p for p in parts if p)


def _after_overlap(before: str, part: str) -> str:
    """`part` without the start it shares with the end of `before` (2+ characters)."""
    for k in range(min(len(before), len(part)) - 1, 1, -1):   # longest overlap first
        if before.endswith(part[:k]):
            return part[k:]
    return part

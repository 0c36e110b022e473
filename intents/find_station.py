"""find_station — "附近的驿站", "宁波有哪些驿站", "最近的驿站怎么走".

Slots: city, district, place. Needs a location unless a city or district is named.
Answer: up to 3 nearest stations (or those of the named area), each with distance, hours and
a map link.
"""
from __future__ import annotations

from . import cues, follow_up, help, open_hours, report_problem
from .features import Features

NAME = "find_station"
NEEDS_LOCATION = True
ASK = "找附近的驿站"
SLOTS = ("city", "district", "place")
EXAMPLES = ("附近的驿站", "最近的驿站在哪", "宁波有哪些驿站", "附近有没有工会驿站", "找个歇脚的地方")


_FILLER = ("附近", "最近", "周边", "周围", "离我", "的", "有没有", "有吗", "哪里", "哪儿", "哪有", "哪个",
           "在哪", "有", "吗", "啊", "呢", "找", "一下", "帮我", "我想", "我要", "想", "要", "个", "，",
           "什么", "是", "去")


def leftover(f: Features) -> str:
    """What is left of the text once the find words are taken out: 附近有没有加油站 → 加油站."""
    rest = f.text
    for w in sorted(_FILLER, key=len, reverse=True):
        rest = rest.replace(w, "")
    return rest


# Needs every station serves: said about a 驿站 they describe it (给外卖员歇脚的那种), they do not
# narrow the search.
GENERIC_CODES = frozenset(("rest",))


def describes_station(f: Features) -> bool:
    """附近有没有那种工会的驿站…歇脚的那种: the thing asked for is a station."""
    # (厕所不用了 有没有能歇脚的地方: with another need declined, 歇脚 is the need asked instead)
    # (有没有能歇脚的地方: 能 + the need + 地方 asks for the need; 能歇脚的工会驿站 names a station)
    return "station" in f.cues and bool(f.codes) and set(f.codes) <= GENERIC_CODES and not f.negated \
        and not f.able_place


def _outside_limit(f: Features) -> str:
    """What is left once the limit and the find words are taken out (骑车十分钟能到的有吗 → "")."""
    start, end = f.within.span
    rest = f.text[:start] + f.text[end:]
    for w in sorted(_FILLER, key=len, reverse=True):
        rest = rest.replace(w, "")
    return rest


def score(f: Features) -> float:
    if describes_station(f) and not (f.stations or report_problem.kind(f)):
        return 0.9 if f.has(*cues.FIND) or f.cities or f.districts or f.place or f.county else 0.75
    if f.elsewhere and not f.codes:
        return 0.95           # 丁家桥没开门 还有别的驿站吗: another station — the search, without that one
    if f.codes or f.stations or report_problem.kind(f):
        return 0.4
    if f.not_ours():
        return 0.2            # 火车站在哪: a place the bot knows nothing about
    if help.teaches(f):
        return 0.5            # 怎么查附近驿站 教教我 → help
    station_word = "station" in f.cues
    area = bool(f.cities or f.districts or f.place or f.county)
    if (f.has(*cues.HOURS, *cues.OPEN_NOW, *cues.OPEN_24H, *cues.HOLIDAY) or f.clock) \
            and not (open_hours.holiday_only(f) and f.has(*cues.FIND)):
        return 0.6            # 24小时开放的驿站 → open_hours (过年没回家 附近有驿站吗 stays a search)
    if station_word and follow_up.refers_back(f) and not area:
        return 0.5            # 这个驿站在哪: the station just talked about, not a new search
    if station_word and (area or f.has(*cues.FIND, *cues.NAVIGATE, *cues.DISTANCE)):
        return 0.9
    if f.within and f.has(*cues.FIND) and not _outside_limit(f):
        return 0.85           # 骑车十分钟能到的有吗: stations inside the rider's limit
    if f.has("附近", "最近", "周边", "周围", "离我最近"):
        # 附近有没有加油站: near, but something the bot does not know about
        return 0.8 if len(leftover(f)) <= 1 else 0.2
    if station_word:
        return 0.75
    return 0.0

"""open_hours — "现在开着吗", "24小时开放的驿站", "晚上还开吗", "丁家桥几点关门".

Slots: stations, open_now, open_24h, night. With a named station: its hours (Hours.describe).
Without: the stations nearby that are open now (or round the clock), which needs a location.
"""
from __future__ import annotations

import re

from . import cues, out_of_scope, report_problem
from .features import Features

NAME = "open_hours"
NEEDS_LOCATION = True   # only when no station is named or shown
ASK = "问开放时间"
SLOTS = ("stations", "open_now", "open_24h", "night")
EXAMPLES = ("现在开着吗", "24小时开放的驿站", "晚上还开吗", "几点关门", "丁家桥几点开门")


# 晚上好 / 早上好 open a message; they are a greeting, not a time of day asked about.
DAY_GREETINGS = ("早上好", "上午好", "中午好", "下午好", "晚上好")


def after_greeting(text: str) -> str | None:
    """What follows a leading 晚上好 (None when the message does not start with one)."""
    for g in DAY_GREETINGS:
        if text.startswith(g):
            return text[len(g):]
    return None


def asks_hours(text: str) -> bool:
    return any(c in text for c in (*cues.HOURS, *cues.OPEN_NOW, *cues.OPEN_24H, *cues.HOLIDAY))


# 还有开着的吗 / 有没有开门的 / 哪个还开着: which stations are open — asked of stations in general
# (有 + an opening verb + 的 with no noun, or a which-word), not of the one in focus.
_WHICH_OPEN = re.compile(r"有(?:没有)?(?:还|在)?(?:开着|开门|开放|营业|开)的|哪(?:个|家|些|里|儿|边)[^，]{0,6}开")


def searches(f: Features) -> bool:
    return not f.stations and bool(_WHICH_OPEN.search(f.text))


def score(f: Features) -> float:
    timely = f.has(*cues.HOURS, *cues.OPEN_NOW, *cues.OPEN_24H, *cues.HOLIDAY, *cues.IN_TIME) \
        or (f.clock and bool(f.stations))
    rest = after_greeting(f.text)
    if rest is not None:
        timely = asks_hours(rest)
    if f.has(*cues.OUT_OF_SCOPE) and not (f.stations or "station" in f.cues):
        return 0.0            # 今年放假安排: the calendar, not a station's hours
    if timely and cues.travel_time(f.text) and not f.has("开", "关门", "营业"):
        return 0.0            # 骑过去得多长时间: how long the way takes, not when it opens
    if not timely or f.text in cues.GREETING or out_of_scope.asks_clock(f) or out_of_scope.parcel(f):
        return 0.0
    if report_problem.kind(f) and not report_problem.asks(f):
        return 0.5            # 门关着，贴的时间明明是开着的: a complaint, not a question
    if f.place and not f.has("开", "关门", "营业"):
        return 0.3            # 我晚上在宁波: a place, not a question about hours
    if f.codes:
        return 0.6 if f.has(*cues.OPEN_24H, *cues.OPEN_NOW) else 0.7
    if f.stations:
        return 0.9
    return 0.9 if f.has(*cues.OPEN_24H, *cues.OPEN_NOW, *cues.NIGHT) else 0.85

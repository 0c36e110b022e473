"""schedule — when an activity happens: "丁家桥什么时候有义剪" → "每月两次", as the source
says; never an invented date. Slots: stations, codes.
Answer: each matching activity with its schedule in the source's words; a station named →
that station's; none → the stations nearby (or all, when few) that hold it.
"""
from __future__ import annotations

from . import cues
from .features import Features

NAME = "schedule"
NEEDS_LOCATION = False
ASK = "问活动时间"
SLOTS = ("stations", "codes")
EXAMPLES = ("丁家桥什么时候有义剪", "义剪每个月几次", "红日亭什么时候送伏茶", "有什么活动")


def asks_when(f: Features) -> bool:
    """A when-question; a season next to a where-word names the service sought instead."""
    if any(w in f.text for w in cues.WHEN if w not in cues.SEASON):
        return True
    return f.has(*cues.SEASON) and not f.has(*cues.WHERE_SEARCH)


def score(f: Features) -> float:
    opening = f.has("开门", "关门", "营业", "开放", "几点开", "几点关") and not f.has("几点开始")
    when = asks_when(f)
    activity = f.has(*cues.ACTIVITY)
    service = bool(f.services)    # facilities (空调, 厕所) have no schedule; services do
    if when and (service or activity) and not opening:
        return 0.92
    if activity and f.stations and not opening:
        return 0.88
    if activity and f.has("有什么", "有啥", "有哪些", "最近"):
        return 0.8
    return 0.0

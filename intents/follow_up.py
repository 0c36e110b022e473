"""follow_up — about the list just shown: "第二个怎么走", "更多", "它几点关门", "第一个有没有厕所".

Slots: ordinal, more, attribute, codes. Answer: from the session's last list; without one,
say so and offer to search.
"""
from __future__ import annotations

from . import cues, report_problem
from .features import Features

NAME = "follow_up"
NEEDS_LOCATION = False
ASK = "继续看刚才的结果"
SLOTS = ("ordinal", "more", "attribute", "codes")
EXAMPLES = ("第二个怎么走", "更多", "它几点关门", "第一个有没有厕所", "还有吗")


# Facts of "the station just shown", asked without naming it.
_IMPLICIT = ("多大", "面积", "多少平", "工作人员", "几个人", "电话", "开业", "成立", "建成")


def refers_back(f: Features) -> bool:
    """它 / 那个驿站 / 刚才那个 — but not 椒江那个驿站, which describes a station by its place."""
    return not f.stations and not f.described and f.has(*cues.ANAPHORA)


_PRONOUNS = ("它", "这", "那", "你", "我", "您", "刚", "上", "第", "头", "最后")


def unknown_destination(f: Features) -> bool:
    """火车站怎么走: a destination the bot knows nothing about, not the station just shown."""
    for cue in cues.NAVIGATE:
        at = f.text.find(cue)
        if at >= 2:
            head = f.text[:at]
            return not (head.startswith(_PRONOUNS) or f.mentions or f.ordinal is not None)
    return False


def score(f: Features) -> float:
    if report_problem.kind(f):
        return 0.5            # 导航过去根本没有这个驿站 → report_problem about it
    if f.has(*cues.NOT_OURS, *cues.OFF_TOPIC) or unknown_destination(f):
        return 0.2            # 外卖平台客服电话 / 火车站怎么走: not about a station
    if f.has(*cues.DISTANCE) and not (f.stations or f.codes or "station" in f.cues):
        return 0.85           # 那个离我多远
    if f.ordinal is not None and not f.stations:
        return 0.95
    if f.has(*cues.MORE):
        return 0.6 if f.codes else 0.9
    if f.has(*cues.NEXT) and not (f.codes or f.stations):
        return 0.9            # 下一个 / 换一家: the next station of the last list
    if refers_back(f):
        return 0.95
    bare = not (f.codes or f.stations or "station" in f.cues or f.place or f.cities or f.districts)
    if bare and f.has(*cues.NAVIGATE):
        return 0.8            # bare "怎么走": the station just shown
    if bare and f.has(*cues.WHERE, *_IMPLICIT, *cues.COST):
        return 0.7            # "有几个工作人员" right after a station was shown
    return 0.0

"""follow_up — about the list just shown: "第二个怎么走", "更多", "它几点关门", "第一个有没有厕所".

Slots: ordinal, more (also 再远一点的), nearer (有没有更近的), attribute, codes. Answer: from the
session's last list; without one, say so and offer to search.
"""
from __future__ import annotations

import re

from . import cues, report_problem
from .features import Features

NAME = "follow_up"
NEEDS_LOCATION = False
ASK = "继续看刚才的结果"
SLOTS = ("ordinal", "more", "nearer", "attribute", "codes")
EXAMPLES = ("第二个怎么走", "更多", "它几点关门", "第一个有没有厕所", "还有吗")


# Facts of "the station just shown", asked without naming it.
_IMPLICIT = ("多大", "面积", "多少平", "工作人员", "几个人", "电话", "开业", "成立", "建成")


def refers_back(f: Features) -> bool:
    """它 / 那个驿站 / 刚才那个 — but not 椒江那个驿站, which describes a station by its place."""
    return not f.stations and not f.described and f.has(*cues.ANAPHORA)


_PRONOUNS = ("它", "这", "那", "你", "我", "您", "刚", "上", "第", "头", "最")
# What may follow a navigation verb without naming a destination: 导航过去 / 带我去一下.
_NO_OBJECT = re.compile(r"^(?:过去|过来|一下|下|吧|呗|给我|我|们|啊|呀|哈|呢|吗)*$")


def unknown_destination(f: Features) -> bool:
    """火车站怎么走 / 导航去万达广场: a destination the bot knows nothing about — named before the
    navigation verb or as its object — not the station just shown (nor a station, a list item
    or a need named in the message)."""
    if f.mentions or f.ordinal is not None:
        return False
    for cue in cues.NAVIGATE:
        at = f.text.find(cue)
        if at < 0:
            continue
        if at >= 2:
            return not f.text.startswith(_PRONOUNS)
        obj = f.text[at + len(cue):].split("，")[0]
        obj = obj[1:] if obj.startswith(("去", "到", "往", "至")) else obj
        if len(obj) >= 2 and not _NO_OBJECT.match(obj):
            return not obj.startswith(_PRONOUNS)
    return False


_CONTACT = ("电话", "联系方式", "手机号", "号码")
# Who at a station has a phone: 工作人员电话 asks the station's.
_STATION_PEOPLE = ("工作人员", "管理员", "值班", "负责人", "站长", "工会")


def unknown_owner(f: Features) -> bool:
    """顺丰快递电话多少 / 饿了么商家电话: the phone number of someone the bot knows nothing about
    (named before the contact word), not of the station just shown."""
    if f.mentions or f.ordinal is not None:
        return False
    for cue in _CONTACT:
        at = f.text.find(cue)
        if at >= 2:
            head = f.text[:at].removesuffix("的")
            return len(head) >= 2 and not head.startswith(_PRONOUNS) \
                and not any(w in head for w in _STATION_PEOPLE)
    return False


def score(f: Features) -> float:
    if report_problem.kind(f):
        return 0.5            # 导航过去根本没有这个驿站 → report_problem about it
    if f.has(*cues.NOT_OURS, *cues.OFF_TOPIC, *cues.MERCHANT) or unknown_destination(f) or unknown_owner(f):
        return 0.2            # 外卖平台客服电话 / 火车站怎么走 / 顺丰快递电话: not about a station
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
    if bare and f.has(*cues.NEARER, *cues.FARTHER):
        return 0.85           # 有没有更近的 / 再远一点的也行: other stations than those just shown
    if bare and f.has(*cues.NAVIGATE):
        return 0.8            # bare "怎么走": the station just shown
    if bare and f.has(*cues.WHERE, *_IMPLICIT, *cues.COST):
        return 0.7            # "有几个工作人员" right after a station was shown
    return 0.0

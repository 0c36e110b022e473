"""join_union — "怎么入会", "加入工会有什么好处". Slots: none.
Answer: how to join (scan the code at a station that offers 扫码入会, or ask the local
union), plus the stations offering 扫码入会 when the rider asks where.
"""
from __future__ import annotations

import re

from . import cues, fine_print, follow_up
from .features import Features

# 工会咋加 / 工会怎么入 / 工会能进吗: 工会 fronted as the topic, a joining verb closing the clause
# (工会加班费 is no joining: the verb must end the clause or take only a question particle).
_TOPIC_JOIN = re.compile(r"工会[^，]{0,5}?(?:加入|参加|加|入|进)(?:[吗么嘛不没呢]|$|，)")

NAME = "join_union"
NEEDS_LOCATION = False
ASK = "了解怎么入会"
SLOTS = ()
EXAMPLES = ("怎么入会", "怎么加入工会", "入会有什么好处", "我想入工会")


def score(f: Features) -> float:
    if not (f.has(*cues.JOIN) or "join_union" in f.codes or _TOPIC_JOIN.search(f.text)):
        return 0.0
    if (f.stations or follow_up.refers_back(f)) and fine_print.terms(f) and "join_union" not in f.codes:
        return 0.6            # 刚才那个站要会员吗: a condition of using that station, not joining
    if [c for c in f.codes if c != "join_union"]:
        return 0.5
    if (f.stations or f.ordinal is not None or follow_up.refers_back(f)) and "join_union" in f.codes:
        return 0.6            # 椒江那个驿站 / 第一个 / 它能扫码入会吗 → about that station
    return 0.92

"""schedule — when an activity happens: "丁家桥什么时候有义剪" → "每月两次", as the source
says; never an invented date. Slots: stations, codes.
Answer: each matching activity with its schedule in the source's words; a station named →
that station's; none → the stations nearby (or all, when few) that hold it.
"""
from __future__ import annotations

import re

from . import context, cues, fine_print, report_problem
from .features import Features
from .normalize import POINTING

NAME = "schedule"
NEEDS_LOCATION = False
ASK = "问活动时间"
SLOTS = ("stations", "codes")
EXAMPLES = ("丁家桥什么时候有义剪", "义剪每个月几次", "红日亭什么时候送伏茶", "有什么活动")


def asks_when(f: Features) -> bool:
    """A when-question; a season next to a where-word names the service sought instead."""
    if any(w in f.text for w in cues.WHEN if w not in cues.SEASON):
        return True
    # 国庆有义剪吗 / 义剪是周末搞吗: a day or an occasion asked of it, as a season is
    return f.has(*cues.SEASON, *cues.OCCASION) and not f.has(*cues.WHERE_SEARCH)


# 夏天送啥 / 中秋发什么: what a station gives on an occasion — a question about its activities.
_GIVES = re.compile(r"(?:送|发)(?:些|点)?(?:什么|啥)")


# 元宵节送汤圆吗 / 中秋节有没有送月饼: whether something is given on an occasion — a yes/no
# question about its activities, whatever the thing (the data may name none).
_GIVES_THING = re.compile(r"(?:送|发)(?!了)[\u4e00-\u9fff]{1,4}?(?:吗|么|没|不|嘛|$)")
_OCCASIONS = (*cues.SEASON, *cues.HOLIDAY, "元宵", "端午", "冬至", "中秋")


def asks_gift(f: Features) -> bool:
    if not f.has(*_OCCASIONS) or f.has(*cues.WHERE_SEARCH):
        return False
    return bool(_GIVES.search(f.text)) or (bool(_GIVES_THING.search(f.text)) and not f.has(*cues.OUT_OF_SCOPE, *cues.OFF_TOPIC))


# How often (一个月几次 / 多久搞一回), asked of a named station with no service named: its
# recurring activities (丁家桥一个月几次 → 爱心义剪，每月两次).
_HOW_OFTEN = re.compile(r"(?:一个月|每个月|每月|一周|每周|一年|每年|多久|多长时间)[有搞办剪来开]?(?:几次|几回|一次|一回)")


# (not 这个月 / 今年: a stretch of time, not a day a schedule could name)
_NAMED_DAYS = tuple(w for w in (*cues.OCCASION, *cues.SEASON, "元宵", "端午", "冬至", "中秋", "夏天", "冬天")
                    if not w.startswith("开始") and w[-1] not in "月年周")


def occasion_named(f: Features) -> str:
    """The day or occasion the message names (国庆 / 周末 / 元宵), "" for none."""
    if not f.has(*_NAMED_DAYS):
        return ""
    return min((w for w in _NAMED_DAYS if w in f.text), key=f.text.find)


# 丁家桥有没有义诊 / 红日亭跟丁家桥哪个有义剪 / 都有义剪吗: whether a station holds the service —
# a fact of the station (labelling rules), not when it is held.
# (是不是有义诊 / 有义诊吗，免费看病的那种: asked yes-or-no, the clause may be followed by another)
_HOLDS = re.compile(r"有没有|有无|是不是有|是否有|(?:哪个|哪家|都|也|还)有|有[^，]{1,6}?(?:吗|么|嘛|不|没)(?=$|，)|"
                    r"能(?:做|看|测|查|剪)")


def holds_question(f: Features) -> bool:
    return bool(f.services) and not f.has("活动") and bool(_HOLDS.search(f.text))


def score(f: Features) -> float:
    if asks_gift(f) and not f.services:
        return 0.85           # 中秋节有没有送月饼: a gift the data may not name
    if f.stations and not f.codes and _HOW_OFTEN.search(f.text):
        return 0.88
    opening = f.has("开门", "关门", "营业", "开放", "几点开", "几点关") and not f.has("几点开始")
    when = asks_when(f)
    activity = f.has(*cues.ACTIVITY)
    service = bool(f.services)    # facilities (空调, 厕所) have no schedule; services do
    if (when or asks_gift(f)) and (service or activity) and not opening:
        # 这个什么时候有义剪: of the station just shown — the follow-up answers it with its schedule
        return 0.8 if POINTING.match(f.text) and not f.stations else 0.92
    if activity and f.stations and not opening and not (holds_question(f) or fine_print.terms(f) or f.has(*cues.COST)) \
            and report_problem.kind(f) not in ("closed", "broken"):
        return 0.88
    if activity and f.has("有什么", "有啥", "有哪些", "最近"):
        return 0.8
    if context.when_fragment(f.text):
        return 0.6            # 一个月几次 / 具体哪天: the schedule of what was just asked about
    return 0.0

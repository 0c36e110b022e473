"""report_problem — "东宁路驿站锁门了", "微波炉坏了", "位置不对".

Slots: report_kind (closed | broken | wrong_location | other), stations (named, else the
station last shown), codes (the broken thing). Recorded through ReportLog.add for the union's
staff, then thanked. Needs no location.
"""
from __future__ import annotations

from . import cues
from .features import Features

NAME = "report_problem"
NEEDS_LOCATION = False
ASK = "反映驿站的问题"
SLOTS = ("report_kind", "stations", "codes")
EXAMPLES = ("东宁路驿站锁门了", "微波炉坏了", "驿站位置不对", "饮水机不出水")

_ASKING = ("吗", "么", "没有", "嘛", "没")


_OWN = ("家里", "我家", "家中", "自己的", "我的手机", "我的电动车", "我的车")
_CLOSED_QUESTIONS = ("开不开", "开没开", "开门没", "开了没", "会不会关", "关不关")


def kind(f: Features) -> str | None:
    """The kind of problem the text reports, or None (asked by several intents: worked out once
    per message and kept on the Features)."""
    if not f.report_kind_known:
        f.report_kind, f.report_kind_known = _kind(f), True
    return f.report_kind


def _kind(f: Features) -> str | None:
    if f.has(*_OWN):
        return None           # 家里冰箱坏了: the rider's own thing (→ 修家电), not a station's
    if f.has(*cues.REPORT_WRONG_LOCATION):
        return "wrong_location"
    if f.has(*cues.REPORT_BROKEN) or _equipment_dead(f):
        return "broken"
    if f.has(*cues.REPORT_CLOSED) and not f.has(*_CLOSED_QUESTIONS):
        return "closed"
    if f.has(*cues.REPORT_OTHER):
        return "other"
    return None


def _equipment_dead(f: Features) -> bool:
    """插座没电 / 充电柜没电了: station equipment without power (手机没电 is a need)."""
    at = f.text.find("没电")
    return at > 0 and any(w in f.text[max(0, at - 6):at] for w in cues.EQUIPMENT)


def asks(f: Features) -> bool:
    """The message is a question (关门了吗), not a statement of what the rider found."""
    return f.text.endswith(_ASKING) or f.has(*_CLOSED_QUESTIONS)


def score(f: Features) -> float:
    k = kind(f)
    if k is None:
        return 0.0
    # "关门了吗" / "没开吗" ask about hours; "关门了" / "锁门了" report.
    if k == "closed" and f.text.endswith(_ASKING) and not f.has("锁", "进不去"):
        return 0.5
    return 0.95

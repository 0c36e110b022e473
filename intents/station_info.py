"""station_info — facts of a named station: "红日亭在哪", "南苑驿站有多大",
"眼科医院那个驿站有什么", "丁家桥有微波炉吗".

Slots: stations, codes (a yes/no question about one), attribute (address, navigate, area,
offers, staff, opened, serves, phone). Answer: only what the knowledge base holds; "未标注"
for the rest.
"""
from __future__ import annotations

from . import cues, fine_print, report_problem, schedule
from .features import Features
from .lexicon import CODE, STATION

NAME = "station_info"
NEEDS_LOCATION = False
ASK = "了解{station}的情况"
SLOTS = ("stations", "codes", "attribute")
EXAMPLES = ("红日亭在哪", "南苑驿站有多大", "眼科医院那个驿站有什么", "丁家桥有微波炉吗", "东宁路爱心驿家地址")


# Asking when a station opens: in a clause of its own, next to a clause asking for a need.
_OPENING = ("开门", "关门", "几点开", "几点关", "营业", "开放", "开到几点", "开着吗", "开吗")


def hours_and_need_apart(f: Features) -> bool:
    """丁家桥几点开，有义剪吗 / 南苑有淋浴吗，几点关门: two questions about one station in two
    clauses — its opening hours in one, a need (yes/no) in the other. Neither is a schedule
    question (几点有义剪 asks the service's time in one clause); the station's facts answer both,
    its hours included."""
    parts = f.text.split("，")
    if len(parts) < 2:
        return False
    timed = [any(w in p for w in _OPENING) for p in parts]
    needy = [any(c in p for c in _need_words(f)) for p in parts]
    return any(t and not n for t, n in zip(timed, needy)) and any(n and not t for t, n in zip(timed, needy))


def _need_words(f: Features) -> list[str]:
    return [f.text[m.start:m.end] for m in f.mentions if m.kind == CODE]


def fact_at_a_time(f: Features) -> bool:
    """椒江那个驿站半夜有人值班吗 / 半夜去椒江365怎么进门: its staff or its way in, asked for a time
    of day — a fact of the station, not its opening hours."""
    return f.has(*cues.STAFF, *cues.ENTRY) and not f.has("开", "关", "营业", "几点")


def _asked_of_it(f: Features) -> bool:
    """我在金华。红日亭早餐免费吗: a station named in a clause of its own with a question about it,
    beside the clause saying where the rider is."""
    return any(m.kind == STATION and f.text.rfind("，", 0, m.start) >= 0 for m in f.mentions) \
        and bool(f.codes or fine_print.asks(f) or f.has(*cues.COST, *cues.AREA))


def score(f: Features) -> float:
    if not f.stations:
        return 0.0
    if f.place and (f.labelled or not (f.has(*cues.INFO, *cues.WHERE) or _asked_of_it(f))):
        return 0.6            # 我在越东路这边 → give_place (the station is a landmark)
    if fine_print.asks(f) and not report_problem.kind(f) and not schedule.asks_when(f):
        return 0.9            # 丁家桥义剪要预约吗 / 环卫工能去红日亭吗: the fine print of that station
    # (a need only implied by the rider's state — 下暴雨 想进去躲会儿 — asks nothing of it)
    if (f.has(*cues.HOURS, *cues.OPEN_NOW, *cues.OPEN_24H) or f.clock or cues.asks_opening_when(f.text)
            or cues.at_work_asked(f.text)) \
            and not (f.codes and not f.implied) and not fact_at_a_time(f):
        return 0.75           # 丁家桥几点关门 / 椒江那个是不是24h的 → open_hours
    if f.codes and hours_and_need_apart(f) and not report_problem.kind(f):
        return 0.85           # 丁家桥几点开 有义剪吗: two questions, one answer with both
    fact = schedule.holds_question(f) or (f.has(*cues.COST) and not schedule.asks_when(f))
    if (f.has(*cues.WHEN, *cues.ACTIVITY) and not fact) or report_problem.kind(f) \
            or (f.services and schedule.asks_when(f)) or schedule.asks_gift(f):
        return 0.7            # → schedule (元宵节红日亭送汤圆吗) / report_problem
    return 0.85

"""station_info — facts of a named station: "红日亭在哪", "南苑驿站有多大",
"眼科医院那个驿站有什么", "丁家桥有微波炉吗".

Slots: stations, codes (a yes/no question about one), attribute (address, navigate, area,
offers, staff, opened, serves, phone). Answer: only what the knowledge base holds; "未标注"
for the rest.
"""
from __future__ import annotations

from . import cues, report_problem
from .features import Features

NAME = "station_info"
NEEDS_LOCATION = False
ASK = "了解{station}的情况"
SLOTS = ("stations", "codes", "attribute")
EXAMPLES = ("红日亭在哪", "南苑驿站有多大", "眼科医院那个驿站有什么", "丁家桥有微波炉吗", "东宁路爱心驿家地址")


def score(f: Features) -> float:
    if not f.stations:
        return 0.0
    if f.place and (f.labelled or not f.has(*cues.INFO, *cues.WHERE)):
        return 0.6            # 我在越东路这边 → give_place (the station is a landmark)
    if (f.has(*cues.HOURS, *cues.OPEN_NOW) or f.clock) and not f.codes:
        return 0.75           # 丁家桥几点关门 → open_hours
    if f.has(*cues.WHEN, *cues.ACTIVITY) or report_problem.kind(f):
        return 0.7            # → schedule / report_problem
    return 0.85

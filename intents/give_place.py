"""give_place — the rider says where they are: "我在杭州东宁路", "宁波", "海曙区".

Slots: city, district, place. Answer: the pending question, asked again with this place; or
the stations there. Typed places go through Geocoder.locate, else the KB's city/district names.
"""
from __future__ import annotations

from . import cues, follow_up, out_of_scope
from .features import Features

NAME = "give_place"
NEEDS_LOCATION = False
ASK = "告诉我您的位置"
SLOTS = ("city", "district", "place")
EXAMPLES = ("我在杭州东宁路", "宁波", "海曙区", "我现在在段塘附近")


def score(f: Features) -> float:
    if not (f.place or f.cities or f.districts or f.other_city or f.county):
        return 0.0
    if f.has(*cues.OUT_OF_SCOPE, *cues.OFF_TOPIC) or (out_of_scope.trains(f) and f.has(*cues.TIMETABLE)) \
            or out_of_scope.between_places(f) or out_of_scope.facility_question(f) \
            or out_of_scope.food_recommended(f) or out_of_scope.weather_asked(f):
        return 0.2            # 杭州天气; 宁波到杭州高铁几点; 杭州什么好吃 — not where the rider is
    if f.not_ours() and not out_of_scope.elsewhere(f):
        return 0.2            # 导航去杭州东站: a railway station the rider asks about, not where they are
    if f.county and not f.place and follow_up.unknown_destination(f):
        return 0.2            # 导航到西湖银泰: a county inside where the rider wants to go, not where they are
    if f.labelled:
        return 0.95           # 位置：宁波市海曙区段塘街道
    if f.codes or "station" in f.cues or f.has(*cues.WHEN, *cues.INFO, *cues.OPEN_24H, *cues.OPEN_NOW):
        return 0.5            # (杭州就没有24小时的？: the hours asked there)
    if f.stations or f.ordinal is not None:
        # 我在宁波，红日亭几点开 / 我在宁波 第二个远吗: a station named (or a place in the last
        # list) besides the place — asked about
        return 0.5
    if f.has(*cues.HOURS, *cues.OPEN_NOW, *cues.OPEN_24H) and f.has("开", "关门", "营业"):
        return 0.5            # 我在宁波 现在开着门的有没有: which are open there — the place is where to search
    if f.has(*cues.FIND) and not f.place:
        return 0.6
    return 0.92

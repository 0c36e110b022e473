"""find_need — a facility or service: 热饭, 喝水, 充电, 厕所, 洗澡, 母婴室, 换电, 免费查眼睛,
义剪, 义诊, 法律咨询, 心理咨询, 修家电, 免费早餐, 便宜的饭 …

Slots: codes (from knowledge/vocabulary.yaml), negated, city, district, place, open_now,
open_24h. Needs a location unless a city or district is named.
Answer: up to 3 nearest stations that offer every asked code; when the nearest is far, say so
and name what is closer without it.
"""
from __future__ import annotations

import re

from . import cues, find_station, follow_up, out_of_scope, report_problem, schedule
from .features import Features

NAME = "find_need"
NEEDS_LOCATION = True
ASK = "找有{need}的地方"
SLOTS = ("codes", "negated", "city", "district", "place", "open_now", "open_24h")
EXAMPLES = ("附近哪里能热饭", "哪有厕所", "宁波哪里能洗澡", "手机没电了哪能充", "哪里能免费查眼睛")


def _timed_search(f: Features) -> bool:
    """凌晨两点还能热饭的驿站 / 这会儿还营业的能充电的: stations with the need that are open at that
    time (the time a condition in a relative clause, or the station word said) — a search, not
    when the need is served (热饭几点)."""
    return "station" in f.cues or ("还" in f.text and "的" in f.text and (f.clock or f.has(*cues.NOW))) \
        or bool(_OPEN_ONES.search(f.text))


# Hours words that ask when (几点 / 开门 …); a part of the night or a day said with a need (半夜能洗澡吗 /
# 周末有地方热饭不) asks for the need then — a search, not "when is it served".
_DAYS = ("周末", "节假日", "过年", "春节")
_HOURS_ASKED = tuple(w for w in cues.HOURS if w not in cues.NIGHT and w not in _DAYS)
# 晚上开的 / 现在还营业的: "the ones open (then)" — a condition on the stations searched.
_OPEN_ONES = re.compile(r"(?:开|开着|开门|营业|开放)的(?:就行|就好|吧)?(?:，|$)")


def score(f: Features) -> float:
    if not f.codes:
        # 不用热饭: something was said about needs, but nothing is asked for.
        return 0.45 if f.negated else 0.0
    if find_station.describes_station(f):
        return 0.6            # 附近有给骑手歇脚的驿站吗 → find_station
    if f.stations or f.ordinal is not None or follow_up.refers_back(f) or follow_up.picks_from_list(f) \
            or follow_up.there_asked(f) or follow_up.asks_nearest(f):
        return 0.6            # 丁家桥有微波炉吗 → station_info; 第一个有没有厕所 / 这几个哪个能热饭 → follow_up
    find = f.has(*cues.FIND) or bool(f.cities or f.districts or f.place or f.county)
    if f.not_ours() or out_of_scope.off_topic(f) or out_of_scope.other_business(f) or out_of_scope.chat_after_mood(f):
        return 0.3            # 汽车充电桩: a need word, but not one a station serves
    if f.codes == ["join_union"]:
        return 0.6            # 怎么入会 / 扫码入会在哪扫 → join_union
    if (schedule.asks_when(f) and f.services) or (report_problem.kind(f) and not f.elsewhere):
        return 0.7            # 义剪是哪天 → schedule; 微波炉坏了 → report_problem
    if f.has(*_HOURS_ASKED) and not find and not f.has(*cues.OPEN_24H, *cues.OPEN_NOW) and not _timed_search(f):
        return 0.75           # 热饭几点 — ambiguous with open_hours on purpose: ask
    return 0.9 if find else 0.85

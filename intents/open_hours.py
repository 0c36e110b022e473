"""open_hours — "现在开着吗", "24小时开放的驿站", "晚上还开吗", "丁家桥几点关门".

Slots: stations, open_now, open_24h, night. With a named station: its hours (Hours.describe).
Without: the stations nearby that are open now (or round the clock), which needs a location.
"""
from __future__ import annotations

import re

from . import cues, follow_up, out_of_scope, report_problem, schedule, station_info, unlisted
from .features import Features

NAME = "open_hours"
NEEDS_LOCATION = True   # only when no station is named or shown
ASK = "问开放时间"
SLOTS = ("stations", "open_now", "open_24h", "night")
EXAMPLES = ("现在开着吗", "24小时开放的驿站", "晚上还开吗", "几点关门", "丁家桥几点开门")


# 晚上好 / 早上好 open a message; they are a greeting, not a time of day asked about.
DAY_GREETINGS = ("早上好", "上午好", "中午好", "下午好", "晚上好")


def after_greeting(text: str) -> str | None:
    """What follows a leading 晚上好 (None when the message does not start with one)."""
    for g in DAY_GREETINGS:
        if text.startswith(g):
            return text[len(g):]
    return None


def asks_hours(text: str) -> bool:
    return any(c in text for c in (*cues.HOURS, *cues.OPEN_NOW, *cues.OPEN_24H, *cues.HOLIDAY))


# 还有开着的吗 / 有没有开门的 / 哪个还开着: which stations are open — asked of stations in general
# (有 + an opening verb + 的 with no noun, or a which-word), not of the one in focus.
_WHICH_OPEN = re.compile(r"有(?:没有)?(?:还|在)?(?:开着|开门|开放|营业|开)的|哪(?:个|家|些|里|儿|边)[^，]{0,6}开")


def searches(f: Features) -> bool:
    return not f.stations and bool(_WHICH_OPEN.search(f.text)) and not cues.open_to_whom(f.text)


# Words that ask about opening itself; a holiday said without any of them (过年没回家 附近有驿站吗)
# is when the rider is out, not a question about the hours.
_OPENING_ASKED = tuple(w for w in (*cues.HOURS, *cues.OPEN_NOW, *cues.OPEN_24H, *cues.IN_TIME, *cues.NIGHT)
                       if w not in cues.HOLIDAY) + ("开", "关", "营业")


def holiday_only(f: Features) -> bool:
    """The only time word is a holiday or the weekend: no opening asked, no clock time."""
    return f.has(*cues.HOLIDAY) and not (f.has(*_OPENING_ASKED) or f.clock or cues.asks_opening_when(f.text))


# 知道几点关门了 / 明白什么时候开了: the rider says they now know — the question words are what
# they learnt, not a question (你知道几点关门吗 ends as a question).
_NOW_KNOWN = re.compile(r"(?:^|，|" + "|".join(map(re.escape, cues.THANKS)) + r")(?:我|那我|这下|现在)?"
                        r"(?:知道|晓得|明白|清楚|懂)(?:了)?[^，]{1,8}了$")


# A time of day said of the rider's own work (晚上送单 / 半夜还在跑单 / 周末加班).
_WORKING_TIME = re.compile(r"(?:晚上|夜里|夜间|半夜|深夜|凌晨|周末|节假日|过年|春节)(?:在|还在|还|要|得|都)?"
                           r"(?:送单|跑单|送外卖|送快递|跑外卖|送货|干活|上班|加班|值班|扫马路|扫大街|拉货|出车|开车|拉客)")


# 24小时的驿站 / 那个24小时的: round the clock as what picks the station out, not the question.
_ROUND_THE_CLOCK_ONE = re.compile(r"(?:24|二十四)小时(?:开)?的(?:那个|那家|驿站|站点|站)")


# The rider's shift over (下班了 / 刚下班 / 下了班): their day, not a station closing.
_OFF_WORK = re.compile(r"(?:(?:刚|已经|终于|我)|(?<![院站家们馆]))下(?:了)?班(?:了|后|以后|回家)")   # (医院下班了: not the rider's)


def score(f: Features) -> float:
    if cues.festive(f.text):
        return 0.0            # 中秋快乐: a greeting
    if _NOW_KNOWN.search(f.text):
        return 0.3            # 谢啦 知道几点关门了: thanks for the answer
    timely = f.has(*cues.HOURS, *cues.OPEN_NOW, *cues.OPEN_24H, *cues.HOLIDAY, *cues.IN_TIME) \
        or cues.asks_opening_when(f.text) \
        or (f.clock and bool(f.stations))
    at_work = bool(f.stations or "station" in f.cues) and cues.at_work_asked(f.text)
    timely = timely or at_work or report_problem.would_be_shut(f)
    rest = after_greeting(f.text)
    if rest is not None:
        timely = asks_hours(rest)
    if timely and _WORKING_TIME.search(f.text) and not (f.has("开", "关", "营业") or at_work):
        timely = False        # 晚上送单，海曙有驿站吗: when the rider works, not an hours question
    if timely and _OFF_WORK.search(f.text) and not (asks_hours(_OFF_WORK.sub("", f.text)) or f.clock):
        timely = False        # 下班了想洗个澡: the rider's own shift is over, no station's hours asked
    if f.has(*cues.OUT_OF_SCOPE, *cues.OTHER_BUSINESS) and not (f.stations or "station" in f.cues):
        return 0.0            # 今年放假安排: the calendar, not a station's hours
    if timely and cues.travel_time(f.text) and not f.has("开", "关门", "营业"):
        return 0.0            # 骑过去得多长时间: how long the way takes, not when it opens
    if not timely or f.text in cues.GREETING or out_of_scope.asks_clock(f) or out_of_scope.parcel(f) \
            or cues.open_to_whom(f.text):
        return 0.0            # (面向哪些人开放: whom it serves)
    if schedule.asks_gift(f):
        return 0.5            # 中秋发什么: the occasion's gifts (schedule), not the hours then
    if report_problem.kind(f) and not report_problem.asks(f):
        return 0.5            # 门关着，贴的时间明明是开着的: a complaint, not a question
    if f.place and not f.stations and not f.has("开", "关门", "营业"):
        return 0.3            # 我晚上在宁波: a place, not a question about hours
    if f.stations and f.has(*cues.WHERE, *cues.NAVIGATE) and _ROUND_THE_CLOCK_ONE.search(f.text):
        return 0.5            # 椒江那个24小时的驿站在哪: 24小时 says which one; where it is is asked
    if not f.has("开", "关", "营业", "几点") and unlisted.thing(f):
        return 0.5            # 晚上能在那睡一宿吗: a thing done at night there, not its hours
    if holiday_only(f) and "station" in f.cues and f.has(*cues.FIND) and not f.stations:
        return 0.5            # 过年没回家 附近有工会驿站吗: a station searched for on a holiday
    if f.codes and not (f.implied and f.stations):
        return 0.6 if f.has(*cues.OPEN_24H, *cues.OPEN_NOW) else 0.7
    if station_info.fact_at_a_time(f):
        return 0.5            # 半夜有人值班吗 / 晚上有人吗: its staff then (a station's fact, or of the one shown)
    if f.stations:
        return 0.9
    if (follow_up.refers_back(f) or f.ordinal is not None) and not searches(f):
        return 0.8            # 它开着吗 / 第二个是24小时的吗: a station just shown — a follow-up about it
    if follow_up.picks_from_list(f) or follow_up.ranks_list(f):
        return 0.7            # 这几个哪个是24小时的 / 这些里哪个开到最晚: of the list shown, by its hours
    return 0.9 if f.has(*cues.OPEN_24H, *cues.OPEN_NOW, *cues.NIGHT) else 0.85

"""A distance the rider puts on a search: 1公里内 / 500米以内 / 半径两公里 / 3km / 走路五分钟 /
骑车十分钟 / 开车二十分钟 / 走路能到的 → metres, so the answer lists only stations inside it (bot/dialogue/lists.py).

A number with a unit is a limit only when said as one (内 / 以内 / 半径 / 附近 / 能到 …): 位置差了两公里
reports an error, 有几公里 asks a distance — neither is a limit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Metres a minute. Walking 4.8 km/h; an e-bike or a bicycle in town 15 km/h; a car in town 24 km/h.
# A time said without a way of going is read as walking: the smallest radius never claims too much.
_SPEED = {"走路": 80, "骑车": 250, "开车": 400}
_MODE = (r"(?P<walk>走路|步行|走过去|走)|(?P<ride>骑(?:车|电驴|电动车|电瓶车|小电驴|自行车|单车|摩托)?)|"
         r"(?P<drive>开车|驾车|打车|坐车)")

_NUM = r"(?P<n>[0-9]+(?:[.，][0-9])?|[一二两三四五六七八九十百千半]{1,5})"
# (里 alone after a number is the 里 of 500 m: 两里地)
_DIST_UNIT = r"(?P<u>公里|千米|km|里地?|米|m)(?![a-z])"
_INSIDE = r"(?:以内|之内|内|范围|以下|左右|上下|能到|到得了)"
_BEFORE = r"(?:半径|方圆|附近|周边|周围|离我|距离我|距我|离这|这附近)"
# The number as a limit: marked before or after it (周边2km有没有 / 1公里内 / 两公里有没有).
_DISTANCE = re.compile(rf"(?P<pre>{_BEFORE})?{_NUM}{_DIST_UNIT}(?P<post>{_INSIDE}|(?=有|能|可以|哪|的))?")
# 差了两公里 / 偏了500米 / 走了两公里: a quantity reported, not a limit.
_REPORTED = re.compile(r"(?:差|偏|远|多|走|骑|跑|开)了?$")
_TIME = re.compile(rf"(?:(?:{_MODE})[^，了]{{0,3}}?)?{_NUM}(?P<t>个?小时|个?钟头|分钟|分|刻钟|刻)"
                   rf"(?P<post>{_INSIDE}|的|路程)?")

# 走路能到的 / 走路就能到的 / 走着过去就到的, no number: within walking reach, taken as about 1 km
# (some 12 minutes on foot) and said so in the answer; 的 marks the stations wanted (走路能到吗 of
# one station asks its distance).
_ON_FOOT = re.compile(r"(?:走路|步行|走着|走过去)(?:就|也|都)?(?:能|可以)?(?:走)?(?:到|得到|到得了)的|走得到的|步行可达的?")
ON_FOOT_M = 1000

_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class Limit:
    metres: int
    said: str          # how the answer names it: 1公里 / 走路5分钟（约400米）
    span: tuple[int, int] = (0, 0)     # where the text says it


def number(text: str) -> float | None:
    """1 / 2.5 / 两 / 十五 / 二十 / 五百 / 一千五 / 半 → the value; None when it is none."""
    text = text.replace("，", ".")
    if re.fullmatch(r"[0-9]+(?:\.[0-9])?", text):
        return float(text)
    if text == "半":
        return 0.5
    total, digit = 0, 0
    for i, ch in enumerate(text):
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (digit or 1) * unit
            digit = 0
            if i == len(text) - 1:
                return float(total)
            # 一千五 / 两百五: the digit after the last unit is a tenth of it
            if i == len(text) - 2 and text[-1] in _DIGIT:
                return float(total + _DIGIT[text[-1]] * unit // 10)
        else:
            return None
    return float(total + digit) if total + digit else None


def within(text: str) -> Limit | None:
    """The limit the text sets, or None."""
    for m in _DISTANCE.finditer(text):
        value = number(m.group("n"))
        if value is None or not (m.group("pre") or m.group("post") is not None) \
                or _REPORTED.search(text, 0, m.start()):
            continue
        unit = m.group("u")
        metres = value * (1000 if unit in ("公里", "千米", "km") else 500 if unit.startswith("里") else 1)
        return Limit(int(metres), _metres_text(metres), m.span()) if metres >= 50 else None
    for m in _TIME.finditer(text):
        value = number(m.group("n"))
        mode = "走路" if m.group("walk") else "骑车" if m.group("ride") else "开车" if m.group("drive") else ""
        unit = m.group("t")
        minutes = value * (60 if "时" in unit or "钟头" in unit else 15 if unit.startswith("刻") else 1) if value else 0
        # without a way of going, only 以内 / 能到 make it a limit, and only a short one (24小时的 is hours)
        if not minutes or not (mode or (m.group("post") not in (None, "的") and minutes <= 60)):
            continue
        metres = minutes * _SPEED[mode or "走路"]
        return Limit(int(metres), f"{mode or '走路'}{minutes:g}分钟（约{_metres_text(metres)}）", m.span())
    m = _ON_FOOT.search(text)
    if m:
        return Limit(ON_FOOT_M, f"走路能到的范围（约{_metres_text(ON_FOOT_M)}）", m.span())
    return None


def _metres_text(metres: float) -> str:
    return f"{int(round(metres, -1))}米" if metres < 1000 else f"{round(metres / 1000, 1):g}公里"

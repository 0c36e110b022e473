"""Questions about all the stations at once, or that rank them by a fact the data gives.

* the whole data (浙江哪些驿站能洗澡 / 全省哪几个驿站有厕所 / 能理发的驿站一共几个): every station
  with the need, not the nearest ones — no location is needed to answer;
* a ranking (哪个驿站最大 / 面积最小的是哪个 / 哪个驿站建得最早 / 第二大的呢 / 哪个大一点): the
  stations ordered by their area or their opening date, as knowledge/stations.yaml records them.

The word patterns live here; bot/dialogue decides the scope (the whole data, an area, the list
just shown) and answers only with what the data states.
"""
from __future__ import annotations

import re

from .features import ORDINALS

# The whole data, said as the province or as "all" (the data is one province's stations).
_WHOLE = re.compile(r"浙江|全省|省内|(?:全部|所有)的?(?:工会)?(?:驿站|站点|服务站)|(?:一共|总共|共有)有?[^，]{0,4}?(?:几|多少)|"
                    r"(?:哪些|哪几个|哪几家|多少个|多少家|几个|几家)(?:工会)?(?:驿站|站点|服务站)")
# …unless the rider asks near them or names where (附近哪些驿站 / 宁波有几个驿站: the engine
# also checks for a named area).
_NEAR = ("附近", "周边", "周围", "离我", "最近的", "这边", "这附近", "我这")
# How many (一共几个 / 有多少个): a count is asked, said with the list.
_COUNT = re.compile(r"几个|几家|多少个|多少家|多少")

# Area: the largest / smallest (最大 / 面积最小 / 第二大 / 最宽敞), or of a list shown, the bigger
# (哪个大一点 / 更大). Not 大概 / 大厅 / 小时 / 小站: the size word must follow 最/更/第N or lead 一点.
_BIG = re.compile(r"(?:最|更|第[二三四五六七八2-8])(?:大|宽敞|宽)|大(?:一点|一些|些|点)(?!心)|哪个大|哪家大|面积大")
_SMALL = re.compile(r"(?:最|更|第[二三四五六七八2-8])(?:小|窄)(?!时)|小(?:一点|一些|些|点)|哪个小|哪家小|面积小")
# Opening date: the earliest / the newest built (建得最早 / 最早成立 / 最老的驿站 / 最新建的).
_EARLY = re.compile(r"最早|最先|最老|更早|早一点|哪个早|哪个先|第[二三四五六七八2-8]早")
_LATE = re.compile(r"最新|最晚|最迟|更晚|晚一点|哪个新|最近(?:才)?(?:建|成立|开业|投用)")
# What makes a date word a question about when a station was set up, not its daily hours or a
# service's schedule (最早几点开门 / 最晚开到几点 / 最早什么时候有义剪 are not).
_BUILT = ("建", "成立", "开业", "投用", "投入使用", "运营", "开张", "驿站", "站点", "哪个", "哪家")
_HOURS = ("几点", "开门", "关门", "营业", "开到", "开得", "关得", "开放时间", "时候有", "时间有", "义剪", "活动")
_NTH = re.compile(r"第([二三四五六七八2-8])(?:大|小|早|晚|新|老)")
# A comparative (大一点 / 更小 / 哪个早): of a few stations already in view, not the whole data.
_COMPARATIVE = re.compile(r"更|一点|一些|些|哪个大|哪家大|哪个小|哪家小|哪个早|哪个先|哪个新")


def rank(text: str) -> str | None:
    """"area_max" / "area_min" / "opened_min" (earliest) / "opened_max" (newest), else None."""
    if _BIG.search(text) and not _SMALL.search(text):
        return "area_max"
    if _SMALL.search(text) and not _BIG.search(text):
        return "area_min"
    if any(w in text for w in _HOURS) or not any(w in text for w in _BUILT):
        return None
    if _EARLY.search(text):
        return "opened_min"
    if _LATE.search(text):
        return "opened_max"
    return None


def by_date(text: str) -> str | None:
    """最早的那个 / 最新的呢, right after opening dates were asked: the date ranking without 建 said."""
    if any(w in text for w in _HOURS):
        return None
    return "opened_min" if _EARLY.search(text) else "opened_max" if _LATE.search(text) else None


def nth(text: str) -> int:
    """第二大的 → 2; 1 otherwise."""
    m = _NTH.search(text)
    if not m:
        return 1
    d = m.group(1)
    return int(d) if d.isdigit() else ORDINALS[d]


def comparative(text: str) -> bool:
    """哪个大一点 / 更小的: compares a few stations in view (the list just shown)."""
    return _COMPARATIVE.search(text) is not None and not re.search(r"最|第", text)


def whole(text: str) -> bool:
    """浙江哪些驿站能洗澡 / 全省一共几个驿站 / 哪几个驿站有义剪: every station of the data."""
    return _WHOLE.search(text) is not None and not any(w in text for w in _NEAR)


def counts(text: str) -> bool:
    """一共几个 / 有多少家: how many."""
    return _COUNT.search(text) is not None

"""Things called 驿站 that are no union station: parcel points (菜鸟驿站, 快递驿站 …), a hostel named
驿站, the word itself (古代的驿站, 驿站这个词) and the bot's own name (驿站助手).

features.extract calls `apply` once the mentions are read: their 驿站 is no station cue, and
`Features.parcel` says whether a parcel point is what the message is about.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import cues
from .lexicon import CUE

if TYPE_CHECKING:
    from .features import Features

_PARCEL = "|".join(map(re.escape, cues.PARCEL))
# 不是菜鸟驿站 / 不是取快递那种驿站: a parcel point denied — the union's kind is the one meant.
_DENIED = re.compile(rf"(?:不是|不要|不找|并非|而不是)[^，]{{0,3}}?(?:{_PARCEL})")
# 工会的还是菜鸟的: whether a station is the union's or a parcel point — asked of ours.
_WHICH_KIND = re.compile(rf"工会[^，]{{0,6}}还是[^，]{{0,4}}(?:{_PARCEL}|快递)|(?:{_PARCEL}|快递)[^，]{{0,6}}还是[^，]{{0,4}}工会")
# 菜鸟驿站旁边 / 刚从快递驿站出来: where the rider is or was — the need asked there is the question.
_WHEREABOUTS = re.compile(rf"(?:{_PARCEL})[^，]{{0,3}}?(?:旁边|附近|边上|对面|门口|隔壁|周边|出来)|"
                          rf"从[^，]{{0,3}}(?:{_PARCEL})")
# 你们标的驿站其实是个菜鸟驿站 / 这个位置是菜鸟驿站吗: what the point shown really is — about ours.
# (工会的还是菜鸟的 asks which it is: see _WHICH_KIND)
MISTAKEN = re.compile(rf"(?:地图|位置|定位|导航|给的|标的|推荐的|说的|这个|那个)(?:(?!还是)[^，]){{0,10}}?是(?:个|一个)?"
                      rf"(?:{_PARCEL}|快递点|快递站)")
# 驿站青年旅舍 / 驿站酒店: 驿站 in the name of another business.
_BUSINESS = re.compile(r"(?:青年旅舍|青旅|旅舍|旅社|客栈|酒店|宾馆|民宿|饭店|餐厅|酒家|茶馆)")
# 古代的驿站 / 驿站这个词 / 英文怎么说: the word or the old post station, not a place to go.
_THE_WORD = ("古代", "古时候", "古时", "历史上", "这个词", "这个字", "英文", "英语", "用英语", "怎么翻译")
# 驿站助手 / 驿站小助手: the bot addressed by its name.
_OWN_NAME = re.compile(r"驿站小?助手")


def apply(f: "Features") -> None:
    parcel = f.has(*cues.PARCEL)
    denied = parcel and bool(_DENIED.search(f.text) or _WHICH_KIND.search(f.text))
    f.parcel = parcel and not denied and not _WHEREABOUTS.search(f.text) and not MISTAKEN.search(f.text)
    if "station" not in f.cues:
        return
    keep = []
    for m in f.mentions:
        if m.kind == CUE and m.target == "station" and _not_ours(f, m.start, m.end, parcel and not denied):
            continue
        keep.append(m)
    if len(keep) != len(f.mentions):
        f.mentions = keep
        if not any(m.kind == CUE and m.target == "station" for m in keep):
            f.cues.discard("station")


def asks_kind(text: str) -> bool:
    """上面那个是工会的还是菜鸟的: whether the station shown is the union's."""
    return bool(_WHICH_KIND.search(text))


def the_word(f: "Features") -> bool:
    """古代的驿站是干嘛的 / 驿站这个词英文怎么说: the word asked about, nothing of a station."""
    return f.has(*_THE_WORD) and not (f.stations or f.codes)


def chain_name(place: str) -> bool:
    """菜鸟驿站 said as where the rider is: there is one on every street — it places nobody."""
    return any(place.startswith(w) for w in cues.PARCEL) or place in ("快递点", "驿站")


def _not_ours(f: "Features", start: int, end: int, parcel: bool) -> bool:
    left = f.text.rfind("，", 0, start) + 1
    right = f.text.find("，", end)
    clause = f.text[left:len(f.text) if right < 0 else right]
    union = f.text.startswith("工会", start) or f.text.endswith("工会", left, start)    # 工会驿站 is ours
    if parcel and not union and any(w in clause for w in cues.PARCEL):
        return True           # the 驿站 of 菜鸟驿站 / 取快递那种驿站 / 哪个驿站能寄快递
    return bool(_BUSINESS.match(f.text, end) or _OWN_NAME.match(f.text, start) or the_word(f))

"""The fine print of using a station or a service: booking, papers, membership, who may come along,
who may use it (要预约吗 / 要带身份证吗 / 要会员吗 / 家属能来吗 / 环卫工能去吗).

Asked of a station (named, or the one just shown) it is a fact of that station — station_info or
follow_up, never a schedule, a search or chit-chat. The data records none of these conditions
except whom a station serves, so the answer says so (bot/dialogue/facts.py).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .features import Features

# A condition asked: 要预约吗 / 得提前约 / 需要带证件 / 要会员才行 / 非会员能用吗.
_TERMS = re.compile(r"预约|提前约|挂号|排队|(?:要|需要|得|带|凭|拿|出示)[^，]{0,3}?(?:身份证|证件|工作证|会员卡|工会卡|会员)|"
                    r"(?:是|不是|非)会员|会员(?:才|能|可以)|身份证|户口|外地人?|本地人")
# Someone else brought along: 家属能一起来吗 / 能带孩子去吗 / 老人能用吗.
_COMPANY = re.compile(r"家属|家人|老婆|老公|孩子|小孩|娃|老人|父母|朋友|亲戚|带人")
# The rider's trade, asked whether it may use a station: 环卫工能去吗 / 我是保安能用吗.
TRADES = ("环卫", "快递", "外卖", "骑手", "保安", "网约车", "司机", "货车", "保洁", "建筑工", "工人", "职工",
          "户外劳动者", "新就业")
_MAY = re.compile(r"(?:能|可以|可不可以|能不能|让不让|让|准)[^，]{0,4}?(?:去|来|用|进|歇|吃|坐|待|呆)|"
                  r"(?:能|可以)(?:吗|不|么)|接待|服务(?:谁|吗|不)")


# 快递员能去的驿站有哪些 / 有没有不用预约的地方 / 环卫工能去哪热饭: stations sought — a search.
_SOUGHT = re.compile(r"的(?:驿站|服务站|站点|地方)(?!的)|有哪些|哪里|哪儿|哪有|哪能|(?:去|到)哪|的$")


# Several intents ask these of one message: each works on the text alone, so it is worked out once.
def terms(f: "Features") -> bool:
    """A condition of use asked (booking, papers, membership, someone brought along)."""
    return _terms(f.text)


def trade(f: "Features") -> str:
    """The rider's trade said with "may I use it" (我是环卫工 红日亭我能去吗), or ""."""
    return _trade(f.text)


# 挂号怎么挂 / 怎么挂号 / 在哪挂号: how a hospital registers patients — its procedure, not a condition
# of the station's service (看眼睛要挂号吗 asks one).
_HOSPITAL_PROCEDURE = re.compile(r"(?:怎么|咋|如何|在哪|哪里|去哪)(?:挂号|挂)|挂号[^，]{0,2}?(?:怎么|咋|如何|在哪)")


@lru_cache(maxsize=256)
def _terms(text: str) -> bool:
    if _SOUGHT.search(text) or _HOSPITAL_PROCEDURE.search(text):
        return False
    return bool(_TERMS.search(text) or (_COMPANY.search(text) and _MAY.search(text)))


@lru_cache(maxsize=256)
def _trade(text: str) -> str:
    if not _MAY.search(text) or _SOUGHT.search(text):
        return ""
    # (骑手之家 / 快递驿站 name a kind of place, not the rider's trade)
    return next((w for w in TRADES if re.search(w + r"(?!之家|驿站|港湾|小站)", text)), "")


def asks(f: "Features") -> bool:
    return terms(f) or bool(trade(f))


# Papers as a condition of use or of joining (要带身份证吗 / 外地户口能入会吗) — not the civil
# service's business of issuing them (补身份证 / 落户口), which stays off-topic.
_PAPERS_REQUIRED = re.compile(r"(?:要|需要|得|带|凭|拿|出示|用)[^，]{0,3}?(?:身份证|证件)|户口[^，]{0,4}?(?:能|可以|让)")


def papers_required(f: "Features") -> bool:
    return bool(_PAPERS_REQUIRED.search(f.text))

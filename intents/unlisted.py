"""Something asked of a station that the data has no word for: 能带狗进去吗 / 有床吗 / 晚上能在那睡一宿吗 /
停得下大货车不. The honest answer is that the source does not say (bot/dialogue/facts.py) — never a
yes, never a no, and not "out of scope": the rider asked about the station.

Only a yes/no question about having or doing a thing, with no need, fact or report recognised in
it; the thing is returned as the rider put it (有没有床 / 能不能带狗进去) so the answer can repeat it.
"""
from __future__ import annotations

import re

from . import cues
from .features import Features

# 有床吗 / 有没有床 / 有床没有: having a thing (1–5 characters, no clause break).
_HAVE = re.compile(r"(?:^|[^没])有(?!没有)(?P<x>[\u4e00-\u9fff]{1,5}?)(?:吗|么|嘛|不|没|没有)$|有没有(?P<y>[\u4e00-\u9fff]{1,5})$")
# 能带狗进去吗 / 可以在里面睡一宿不 / 让不让抽烟: being allowed to do a thing.
_CAN = re.compile(r"(?:能不能|可不可以|让不让|准不准|能|可以|允许)"
                  r"(?:在(?:这个|那个)?(?:驿站|站|那儿|这儿|那里|这里|那|这)?(?:里面|里头|里)?)?"
                  r"(?P<x>[\u4e00-\u9fff]{1,8}?)(?:吗|么|嘛|不|没|呀|啊)?$")
# …that is a question the data does answer elsewhere: coming in (hours), costs, staff, places.
# (去南苑 / 进去 / 过来: coming in is its hours)
_NOT_A_THING = re.compile(r"^(?:去|来|进|过去|过来|到|回|走)|"
                          r"^(?:用|开|关|找|问|查|看看|说|行|好|是|人|地方|驿站|站|吃|喝|住|在|有|要|吃的|喝的)$|"
                          r"驿站|站点|站$|的|地方|时间|几点|多少|多大|哪|谁|什|啥|怎么|免费|钱|"
                          r"工会|入会|会员|营业|开门|关门|^(?:雨|雪|风|大风|台风|太阳)$")


# 巡逻带着狗 能进去吗 / 带孩子可以进吗: coming in with someone or something — whether that is allowed.
_BRING = re.compile(r"带(?:着|上)?(?P<x>[一-鿿]{1,3}?)，?(?:能|可以|能不能|可不可以)(?:进|进去|进来)(?:吗|么|嘛|不)?$")


def thing(f: Features) -> str:
    """"有没有床" / "能不能带狗进去" when the message asks whether a station has or allows a thing
    the data has no word for; "" otherwise."""
    if f.codes or f.negated or f.ordinal is not None or "哪" in f.text \
            or f.has(*cues.COST, *cues.WHERE, *cues.NAVIGATE):
        return ""             # (哪里能洗: where, not whether)
    m = _BRING.search(f.text)
    if m and not _NOT_A_THING.search(m.group("x")):
        return f"能不能带{m.group('x')}进去"
    last = f.text.rsplit("，", 1)[-1]
    m = _CAN.search(last)
    if m and not _NOT_A_THING.search(m.group("x")):
        return "能不能" + m.group("x")
    m = _HAVE.search(last)
    x = m and (m.group("x") or m.group("y"))
    if x and not _NOT_A_THING.search(x):
        return "有没有" + x
    return ""

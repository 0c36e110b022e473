"""help — "怎么用", "你能做什么". Answer: what to send (a pin, a need, a station name)."""
from __future__ import annotations

import re

from . import cues
from .features import Features

# 你会些什么 / 你都能做什么 / 有什么功能: asking what the bot can do.
_CAN_DO = re.compile(r"(^|你|您|你们)(都|还|到底)?(会|能|可以)(些|点)?(帮我|帮)?(做|干|查|问|找)?(些|点)?(什么|哪些)(事|忙)?$|"
                     r"(有|是)?什么(功能|用)$|"
                     # 这个号能干嘛 / 你都能查些什么 / 我该怎么问你: what to ask, what it is for
                     r"(这个号|公众号|^号|你们|您们|你|您)(都|还|到底)?(能|可以|会)(干|做|查|问|帮)(些|点)?(嘛|啥|什么|哪些|$)|"
                     r"(怎么|咋|如何)(问|用|使唤)(你|您)|(能|可以|该)问(你|您)?(些|点)?(什么|啥|哪些)|"
                     # 我该怎么问 / 应该怎么说: how to put a question to the bot, 你 understood
                     r"^(我|我们)?(该|应该|要)(怎么|如何)(问|提问|说|用)(呢|啊)?$|"
                     # 这是干什么的 / 我扫码进来的这个是做什么的 / 这个能查什么: "this" with no noun
                     # after it is the account the rider is talking to (这个驿站是干什么的 is not;
                     # a leading 这个 is already gone as a filler, see normalize._FILLER_HEAD)
                     r"(^|的这个?|的这是|^这是)(号|公众号|东西|程序|小程序|玩意儿?)?(是|能|可以|会)?(用来)?(干|做|查|问)(些|点)?(什么|嘛)(的|用的)?$")

NAME = "help"
NEEDS_LOCATION = False
ASK = "看使用说明"
SLOTS = ()
EXAMPLES = ("怎么用", "你能做什么", "帮助", "菜单")


# 怎么查驿站 教教我 / 教我怎么用: asking to be taught how to look things up — the bot's own use.
_TEACH = re.compile(r"(?:^|，)教(?:教|一下)?我(?:一下)?(?:吧|呗|啊|呀)?(?:，|$)|教(?:教)?我怎么(?:用|查|问|找驿站)")


# 发语音你能听懂吗 / 能打字告诉你地址吗 / 可以发图片吗: whether a way of talking to the bot works.
_CHANNEL = re.compile(r"(?:发|用|说|讲|打|传)(?:语音|文字|图片|照片|视频|定位)|打字|语音")
_WORKS = re.compile(r"(?:能|可以|可不可以|行不行|听懂|听得懂|看懂|看得懂|识别|认识)[^，]*(?:吗|不|么|没|[?？])?$")


def asks_channel(f: Features) -> bool:
    return bool(_CHANNEL.search(f.text)) and bool(_WORKS.search(f.text)) \
        and not (f.codes or f.stations or f.cities or f.districts or f.county or f.report_kind_known and f.report_kind)


def score(f: Features) -> float:
    if asks_channel(f):
        return 0.9
    if _TEACH.search(f.text) and not f.content:
        return 0.87
    if f.has(*cues.HELP) or _CAN_DO.search(f.text):
        return 0.35 if f.content else 0.87
    return 0.0

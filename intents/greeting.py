"""greeting — "你好", "在吗". Answer: a short hello and what the bot can do."""
from __future__ import annotations

import re

from . import cues, open_hours
from .features import Features

# 师傅好 / 大哥你好 / 各位好: a greeting addressed to someone.
_WHO = r"(?:工会的?|驿站的?)?(?:师傅|师父|老师|大哥|大姐|老哥|老铁|哥们|小哥|小姐姐|兄弟|老板|同志|各位|大家|亲|小编|客服)们?"
_ADDRESSED = re.compile(rf"^{_WHO}(你|您)?(好|早)$|"
                        # 晚上好 工会的同志 / 你好师傅: the greeting, then whom it is for
                        rf"^(你好|您好|早上好|上午好|中午好|下午好|晚上好|早安|哈喽|嗨)，?{_WHO}$")

NAME = "greeting"
NEEDS_LOCATION = False
ASK = "打个招呼"
SLOTS = ()
EXAMPLES = ("你好", "在吗", "早上好", "有人吗")


# 喂喂 / 在吗在吗 / 你好你好: a greeting said twice is still a greeting (么 is the question
# particle 吗 as riders type it: 在么在么).
_REPEATED = re.compile(r"^(喂|嗨|哈喽|你好|您好|在[吗么]|在不在|有人[吗么])\1+$")


# 老板在不 / 师傅在吗 / 你在没: whether someone is there to answer — a call for attention.
_THERE = re.compile(rf"^(?:{_WHO})?(?:你|您)?(?:还)?在(?:吗|么|不|不在|没|嘛|伐|没在)$")


# Cantonese 早晨 (good morning) said alone or with 好 — not the part of the day of 早晨几点开门.
_MORNING = re.compile(r"^早晨好?$|"
                      # 早 / 早早早 / 早师傅: good morning, said the short way
                      rf"^早+(?:，?{_WHO})?$")


def score(f: Features) -> float:
    if any(p.match(f.text) for p in (_ADDRESSED, _REPEATED, _THERE, _MORNING)) or cues.festive(f.text):
        return 0.95
    if not f.has(*cues.GREETING):
        return 0.0
    if f.content or "station" in f.cues or f.has(*cues.OUT_OF_SCOPE, *cues.STAFF):
        return 0.2            # (晚上有人吗: whether a station is staffed then, no call for attention)
    rest = open_hours.after_greeting(f.text)
    if rest and open_hours.asks_hours(rest):
        return 0.5            # 晚上好，晚上开到几点: the question after the greeting counts
    return 0.97 if f.text in cues.GREETING else 0.9

"""greeting — "你好", "在吗". Answer: a short hello and what the bot can do."""
from __future__ import annotations

import re

from . import cues
from .features import Features

# 师傅好 / 大哥你好 / 各位好: a greeting addressed to someone.
_ADDRESSED = re.compile(r"^(师傅|师父|老师|大哥|大姐|老哥|老铁|哥们|小哥|小姐姐|兄弟|老板|同志|各位|大家|亲|小编|客服)们?(你|您)?好$")

NAME = "greeting"
NEEDS_LOCATION = False
ASK = "打个招呼"
SLOTS = ()
EXAMPLES = ("你好", "在吗", "早上好", "有人吗")


def score(f: Features) -> float:
    if _ADDRESSED.match(f.text):
        return 0.95
    if not f.has(*cues.GREETING):
        return 0.0
    if f.content or "station" in f.cues or f.has(*cues.OUT_OF_SCOPE):
        return 0.2
    return 0.97 if f.text in cues.GREETING else 0.9

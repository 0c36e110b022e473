"""greeting — "你好", "在吗". Answer: a short hello and what the bot can do."""
from __future__ import annotations

from . import cues
from .features import Features

NAME = "greeting"
NEEDS_LOCATION = False
ASK = "打个招呼"
SLOTS = ()
EXAMPLES = ("你好", "在吗", "早上好", "有人吗")


def score(f: Features) -> float:
    if not f.has(*cues.GREETING):
        return 0.0
    if f.content or "station" in f.cues:
        return 0.2
    return 0.97 if f.text in cues.GREETING else 0.9

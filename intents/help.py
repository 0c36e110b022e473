"""help — "怎么用", "你能做什么". Answer: what to send (a pin, a need, a station name)."""
from __future__ import annotations

from . import cues
from .features import Features

NAME = "help"
NEEDS_LOCATION = False
ASK = "看使用说明"
SLOTS = ()
EXAMPLES = ("怎么用", "你能做什么", "帮助", "菜单")


def score(f: Features) -> float:
    if f.has(*cues.HELP):
        return 0.35 if f.content else 0.87
    return 0.0

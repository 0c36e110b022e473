"""thanks — "谢谢", "好的". Answer: you're welcome, ride safe."""
from __future__ import annotations

from . import cues
from .features import Features

NAME = "thanks"
NEEDS_LOCATION = False
ASK = "道谢"
SLOTS = ()
EXAMPLES = ("谢谢", "好的谢谢", "辛苦了", "收到")


def score(f: Features) -> float:
    if not f.has(*cues.THANKS):
        return 0.0
    return 0.25 if f.content or "station" in f.cues else 0.88

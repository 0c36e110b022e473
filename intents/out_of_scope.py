"""out_of_scope — weather, chit-chat, "讲个笑话". Answer: a short honest line and what the bot
can do; never a station list. Also the best guess for a message with nothing the bot knows,
at a confidence low enough that the engine answers with help rather than pretend.
"""
from __future__ import annotations

from . import cues, follow_up
from .features import Features

NAME = "out_of_scope"
NEEDS_LOCATION = False
ASK = "闲聊"
SLOTS = ()
EXAMPLES = ("今天天气怎么样", "讲个笑话", "你是机器人吗", "陪我聊聊天")


def off_topic(f: Features) -> bool:
    """Roads, weather events, platform rules, licences — unless a need is searched for with it
    (台风天哪里能避雨 is a search)."""
    return f.has(*cues.OFF_TOPIC) and not f.stations and not (f.codes and f.has(*cues.FIND))


def score(f: Features) -> float:
    if off_topic(f):
        return 0.95
    if f.has(*cues.NOT_OURS, *cues.ASK_CLOCK) or follow_up.unknown_destination(f):
        return 0.85 if not f.stations else 0.3
    if f.has(*cues.OUT_OF_SCOPE):
        # a city inside such a request (顺丰怎么寄到北京) is where a parcel goes, not where the rider is
        return 0.3 if f.codes or f.negated or f.stations or "station" in f.cues else 0.82
    if not f.text:
        return 0.0
    # Nothing recognised at all: most likely chit-chat, but not sure enough to say so.
    return 0.35 if not (f.content or f.cues or f.mentions) else 0.1

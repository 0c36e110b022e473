"""A shared check for the understanding-round tests: the message is understood as this intent,
with no clarifying question, and carries at least these slots (a list slot: these values among
others; any other slot: exactly this value)."""
from __future__ import annotations

from intents import understand


def understood_as(text, intent, **slots):
    u = understand(text)
    assert u.intent == intent and u.clarify is None, (text, u)
    for k, v in slots.items():
        got = u.slots.get(k)
        assert (set(v) <= set(got or [])) if isinstance(v, list) else got == v, (text, k, u.slots)
    return u

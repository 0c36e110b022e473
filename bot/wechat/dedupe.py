"""WeChat retries a message up to three times in ~15 s; each one must get the first try's reply.

The first try claims the message with `set_nx` (atomic in Redis, so this holds across
processes and machines), runs the engine, and stores the reply under the same key. A retry
finds the key: it returns the stored reply, or, while the first try is still working, waits
for it (bounded — WeChat itself gives up after 5 s). Nothing is ever processed twice.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Callable

from bot.store import Store
from bot.store.keys import Keys

PENDING = "…"

FIRST = "first"        # this request processes the message
REPLAY = "replay"      # a retry answered with the stored reply
TIMEOUT = "timeout"    # a retry whose first try did not finish in time: answer "success"


@dataclass
class Outcome:
    status: str
    text: str | None = None
    intent: str = ""


class Deduper:
    def __init__(self, store: Store, keys: Keys, ttl: float = 120.0, wait: float = 4.5,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.store, self.keys, self.ttl, self.wait = store, keys, ttl, wait
        self._sleep, self._clock = sleep, clock

    def claim(self, msg_key: str) -> Outcome:
        key = self.keys.dedupe(msg_key)
        if self.store.set_nx(key, PENDING, self.ttl):
            return Outcome(FIRST)
        deadline = self._clock() + self.wait
        pause = 0.005
        while True:
            stored = self.store.get(key)
            if stored is None:
                # claim expired or the store lost it; processing now would risk a double run
                return Outcome(TIMEOUT)
            if stored != PENDING:
                return _decode(stored)
            if self._clock() >= deadline:
                return Outcome(TIMEOUT)
            self._sleep(pause)
            pause = min(pause * 2, 0.1)

    def finish(self, msg_key: str, text: str | None, intent: str = "") -> None:
        payload = json.dumps({"t": text, "i": intent}, ensure_ascii=False, separators=(",", ":"))
        self.store.set(self.keys.dedupe(msg_key), payload, self.ttl)


def _decode(stored: str) -> Outcome:
    try:
        data = json.loads(stored)
        text = data.get("t")
        return Outcome(REPLAY, text if isinstance(text, str) else None, str(data.get("i", "")))
    except (ValueError, AttributeError):
        return Outcome(TIMEOUT)

"""WeChat retries a message up to three times in ~15 s; each one must get the first try's reply.

The first try claims the message (atomic in Redis, so this holds across processes and
machines), runs the engine, and stores the reply under the same key. A retry finds the key:
it returns the stored reply, or, while the first try is still working, waits for it (bounded —
WeChat itself gives up after 5 s). Nothing is ever processed twice.

With the dialogue engine the claim and the stored reply ride on the rider's own two store
calls (Engine.handle_once, bot.dialogue.state.Once); this module then only encodes replies and
waits for another try's. `claim`/`finish` are the same guarantee for any other engine.

The key lives config.dedupe_ttl seconds (YZ_DEDUPE_TTL, default DEDUPE_TTL): WeChat's retries
are over within ~15 s, and a stored reply per message is most of what Redis holds per rider, so
longer only costs memory.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Callable

from bot.store import Store
from bot.store.base import CLAIM_MARK
from bot.store.keys import Keys

DEDUPE_TTL = 30.0

FIRST = "first"        # this request processes the message
REPLAY = "replay"      # a retry answered with the stored reply
TIMEOUT = "timeout"    # a retry whose first try did not finish in time: answer "success"


@dataclass
class Outcome:
    status: str
    text: str | None = None
    intent: str = ""


def encode(text: str | None, intent: str = "") -> str:
    """The stored reply: what a retry answers (None: "success")."""
    return json.dumps({"t": text, "i": intent}, ensure_ascii=False, separators=(",", ":"))


class Deduper:
    def __init__(self, store: Store, keys: Keys, ttl: float = DEDUPE_TTL, wait: float = 4.5,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.store, self.keys, self.ttl, self.wait = store, keys, ttl, wait
        self._sleep, self._clock = sleep, clock

    def key(self, user: str, msg_key: str) -> str:
        return self.keys.dedupe(user, msg_key)

    def claim(self, user: str, msg_key: str) -> Outcome:
        key = self.key(user, msg_key)
        prior = self.store.claim(key, self.ttl)
        return Outcome(FIRST) if prior is None else self.await_reply(key, prior)

    def await_reply(self, key: str, prior: str, wait: float | None = None) -> Outcome:
        """Another try has the message: its stored reply, waiting for it at most `wait` seconds."""
        deadline = self._clock() + (self.wait if wait is None else wait)
        stored: str | None = prior
        pause = 0.005
        while True:
            if stored is None:
                # claim expired or the store lost it; processing now would risk a double run
                return Outcome(TIMEOUT)
            if stored != CLAIM_MARK:
                return _decode(stored)
            if self._clock() >= deadline:
                return Outcome(TIMEOUT)
            self._sleep(pause)
            pause = min(pause * 2, 0.1)
            stored = self.store.get(key)

    def finish(self, key: str, text: str | None, intent: str = "") -> None:
        self.store.set(key, encode(text, intent), self.ttl)


def _decode(stored: str) -> Outcome:
    try:
        data = json.loads(stored)
        text = data.get("t")
        return Outcome(REPLAY, text if isinstance(text, str) else None, str(data.get("i", "")))
    except (ValueError, AttributeError):
        return Outcome(TIMEOUT)

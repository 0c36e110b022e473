"""Structured logs: one JSON line per message, and a rate-limited warning helper.

Users appear only as `user_hash(openid)`; the text and position a rider sent are logged only
when the operator opts in with YZ_LOG_RAW=1 (config.log_raw) — they can reveal where a worker is.
"""
from __future__ import annotations

import json
import logging
import sys
import threading
import time

from bot.store.keys import user_hash

MESSAGE_LOG = logging.getLogger("yz.message")
log = logging.getLogger("yz")


def setup(level: int = logging.INFO) -> None:
    """Plain lines to stderr; message lines are already JSON. Idempotent."""
    root = logging.getLogger("yz")
    if any(getattr(h, "_yz", False) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler._yz = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False


def message_line(*, user: str, kind: str, intent: str, latency_ms: float, reply_bytes: int,
                 dedupe: str, status: int = 200, event: str = "", raw: dict | None = None,
                 log_raw: bool = False) -> dict:
    """The record for one handled message (returned too, so tests can check what is logged)."""
    rec = {"ts": round(time.time(), 3), "msg": "message", "user": user_hash(user) if user else "",
           "kind": kind, "event": event, "intent": intent, "latency_ms": round(latency_ms, 2),
           "reply_bytes": reply_bytes, "dedupe": dedupe, "status": status}
    if log_raw and raw:
        rec["raw"] = raw
    MESSAGE_LOG.info(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
    return rec


def event_line(msg: str, level: int = logging.INFO, **fields) -> None:
    """Any other structured line (start-up, rejected requests, store outages)."""
    log.log(level, json.dumps({"ts": round(time.time(), 3), "msg": msg, **fields},
                              ensure_ascii=False, separators=(",", ":"), default=str))


class Throttle:
    """True at most once per `every` seconds: "redis unavailable" once a minute, not per call."""

    def __init__(self, every: float = 60.0, clock=time.monotonic):
        self.every, self._clock = every, clock
        self._last: float | None = None
        self._lock = threading.Lock()

    def ready(self) -> bool:
        with self._lock:
            now = self._clock()
            if self._last is None or now - self._last >= self.every:
                self._last = now
                return True
            return False

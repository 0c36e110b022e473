"""Embedded in-process store: the default, so a newcomer needs no Redis server.

Honours the same TTLs as Redis. Expired keys are swept as writes arrive, so a flood of
one-off users does not grow the process without bound.
"""
from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from contextlib import contextmanager
from typing import Iterator

from .base import STREAM_TTL, Store, check_ttl

_SWEEP_EVERY = 1024  # writes between sweeps of expired keys


class MemoryStore(Store):
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._data: dict[str, tuple[str, float]] = {}   # key -> (value, expires_at)
        self._streams: dict[str, deque] = {}
        self._stream_exp: dict[str, float] = {}         # stream -> expires_at, renewed per append
        self._mutex = threading.Lock()
        self._locks: dict[str, float] = {}              # lock name -> expires_at
        self._lock_cv = threading.Condition(self._mutex)
        self._writes = 0
        self._seq = itertools.count()

    # --- key/value ---
    def _live(self, key: str) -> str | None:
        item = self._data.get(key)
        if item is None:
            return None
        if item[1] <= self._clock():
            del self._data[key]
            return None
        return item[0]

    def _sweep_maybe(self) -> None:
        self._writes += 1
        if self._writes % _SWEEP_EVERY:
            return
        now = self._clock()
        for k in [k for k, (_, exp) in self._data.items() if exp <= now]:
            del self._data[k]

    def get(self, key: str) -> str | None:
        with self._mutex:
            return self._live(key)

    def set(self, key: str, value: str, ttl: float) -> None:
        check_ttl(ttl)
        with self._mutex:
            self._data[key] = (value, self._clock() + ttl)
            self._sweep_maybe()

    def set_nx(self, key: str, value: str, ttl: float) -> bool:
        check_ttl(ttl)
        with self._mutex:
            if self._live(key) is not None:
                return False
            self._data[key] = (value, self._clock() + ttl)
            self._sweep_maybe()
            return True

    def delete(self, *keys: str) -> None:
        with self._mutex:
            for k in keys:
                self._data.pop(k, None)

    def incr(self, key: str, ttl: float, amount: int = 1) -> int:
        check_ttl(ttl)
        with self._mutex:
            cur = self._live(key)
            if cur is None:
                value, exp = amount, self._clock() + ttl
            else:
                value, exp = int(cur) + amount, self._data[key][1]
            self._data[key] = (str(value), exp)
            self._sweep_maybe()
            return value

    def ttl(self, key: str) -> float | None:
        """Seconds left, for tests that check every key expires."""
        with self._mutex:
            if key in self._streams:
                self._expire_stream(key)
                return self._stream_exp[key] - self._clock() if key in self._streams else None
            if self._live(key) is None:
                return None
            return self._data[key][1] - self._clock()

    def keys(self) -> list[str]:
        """Every live key and stream, for tests that check nothing is kept forever."""
        with self._mutex:
            for s in list(self._streams):
                self._expire_stream(s)
            return [k for k in list(self._data) if self._live(k) is not None] + list(self._streams)

    # --- locks ---
    @contextmanager
    def lock(self, name: str, ttl: float = 10.0, wait: float = 4.0) -> Iterator[bool]:
        deadline = self._clock() + wait
        with self._lock_cv:
            while True:
                now = self._clock()
                exp = self._locks.get(name)
                if exp is None or exp <= now:
                    self._locks[name] = now + ttl
                    acquired = True
                    break
                if now >= deadline:
                    acquired = False
                    break
                self._lock_cv.wait(timeout=min(deadline - now, exp - now, 0.05))
        try:
            yield acquired
        finally:
            if acquired:
                with self._lock_cv:
                    self._locks.pop(name, None)
                    self._lock_cv.notify_all()

    # --- streams ---
    def stream_add(self, stream: str, fields: dict[str, str], maxlen: int, ttl: float = STREAM_TTL) -> str:
        check_ttl(ttl)
        with self._mutex:
            self._expire_stream(stream)
            self._stream_exp[stream] = self._clock() + ttl
            q = self._streams.setdefault(stream, deque(maxlen=maxlen))
            entry_id = f"{int(time.time() * 1000)}-{next(self._seq)}"
            q.append((entry_id, dict(fields)))
            return entry_id

    def _expire_stream(self, stream: str) -> None:
        if self._stream_exp.get(stream, float("inf")) <= self._clock():
            self._streams.pop(stream, None)
            self._stream_exp.pop(stream, None)

    def stream_range(self, stream: str, since_ms: int = 0) -> list[tuple[str, dict[str, str]]]:
        with self._mutex:
            self._expire_stream(stream)
            return [(i, dict(f)) for i, f in self._streams.get(stream, ())
                    if int(i.split("-")[0]) >= since_ms]

    def ping(self) -> bool:
        return True

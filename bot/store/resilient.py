"""A store that never fails a reply: Redis down → the bot answers without memory.

`ResilientStore(inner)` turns each `StoreError` into a stateless fallback (reads → None,
writes dropped, locks not acquired but never waited for) and logs "redis unavailable" at most
once a minute. After a failure it stops calling Redis for `retry_after` seconds — a Redis
that times out would otherwise cost every message several socket timeouts against WeChat's
5 s deadline — then tries again, so it recovers by itself when Redis is back.
"""
from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from typing import Iterable, Iterator, Mapping, Sequence

from bot.logs import Throttle, event_line

from .base import STREAM_TTL, Held, Store, StoreError


class ResilientStore(Store):
    def __init__(self, inner: Store, retry_after: float = 1.0, log_every: float = 60.0,
                 clock=time.monotonic):
        self.inner = inner
        self.retry_after = retry_after
        self._clock = clock
        self._down_until = 0.0
        self._throttle = Throttle(log_every, clock)
        self._mutex = threading.Lock()
        self.failures = 0          # for /healthz and tests

    @property
    def available(self) -> bool:
        return self._clock() >= self._down_until

    def _failed(self, err: Exception) -> None:
        with self._mutex:
            self.failures += 1
            self._down_until = self._clock() + self.retry_after
        if self._throttle.ready():
            event_line("redis unavailable", logging.WARNING, error=str(err)[:200],
                       note="answering without memory until it is back")

    def _run(self, fallback, fn, *args):
        if not self.available:
            return fallback
        try:
            return fn(*args)
        except StoreError as e:
            self._failed(e)
            return fallback

    def get(self, key: str) -> str | None:
        return self._run(None, self.inner.get, key)

    def set(self, key: str, value: str, ttl: float) -> None:
        self._run(None, self.inner.set, key, value, ttl)

    def set_nx(self, key: str, value: str, ttl: float) -> bool:
        # True: without a store this process cannot know of other tries; answering the
        # message (possibly twice) beats answering nothing.
        return self._run(True, self.inner.set_nx, key, value, ttl)

    def delete(self, *keys: str) -> None:
        self._run(None, self.inner.delete, *keys)

    def incr(self, key: str, ttl: float, amount: int = 1) -> int:
        return self._run(amount, self.inner.incr, key, ttl, amount)

    @contextmanager
    def lock(self, name: str, ttl: float = 10.0, wait: float = 4.0) -> Iterator[bool]:
        if not self.available:
            yield False
            return
        cm = self.inner.lock(name, ttl, wait)
        try:
            acquired = cm.__enter__()
        except StoreError as e:
            self._failed(e)
            yield False
            return
        try:
            yield acquired
        finally:
            try:
                cm.__exit__(None, None, None)
            except StoreError as e:
                self._failed(e)

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        return self._run([None] * len(keys), self.inner.get_many, keys)

    def set_many(self, items: Iterable[tuple[str, str, float]]) -> None:
        self._run(None, self.inner.set_many, list(items))

    def incr_many(self, keys: Sequence[str] | Mapping[str, int], ttl: float, amount: int = 1) -> None:
        self._run(None, self.inner.incr_many, keys, ttl, amount)

    def stream_add_many(self, stream: str, entries: Sequence[dict[str, str]], maxlen: int,
                        ttl: float = STREAM_TTL) -> None:
        self._run(None, self.inner.stream_add_many, stream, entries, maxlen, ttl)

    @contextmanager
    def locked(self, name: str, read: Sequence[str] = (), ttl: float = 10.0, wait: float = 4.0,
               claim: tuple[str, float] | None = None) -> Iterator[Held]:
        """Redis down → a Held that was not acquired (the turn runs without memory), at once.

        A claim is then granted, as `set_nx` is: without the store no other try can be known
        of, and answering a message (possibly twice) beats answering nothing.
        """
        claimed = Held(False, [None] * len(read), claim=claim[0] if claim is not None else None)
        if not self.available:
            yield claimed
            return
        cm = self.inner.locked(name, read, ttl, wait, claim)
        try:
            held = cm.__enter__()
        except StoreError as e:
            self._failed(e)
            yield claimed
            return
        try:
            yield held
        except BaseException as exc:
            try:
                cm.__exit__(type(exc), exc, exc.__traceback__)
            except StoreError as e:
                self._failed(e)
            raise
        try:
            cm.__exit__(None, None, None)
        except StoreError as e:        # the state is not saved: this turn's answer still goes out
            self._failed(e)

    def claim(self, key: str, ttl: float) -> str | None:
        return self._run(None, self.inner.claim, key, ttl)

    def stream_add(self, stream: str, fields: dict[str, str], maxlen: int, ttl: float = STREAM_TTL) -> str:
        return self._run("", self.inner.stream_add, stream, fields, maxlen, ttl)

    def stream_range(self, stream: str, since_ms: int = 0) -> list[tuple[str, dict[str, str]]]:
        return self._run([], self.inner.stream_range, stream, since_ms)

    def ping(self) -> bool:
        ok = self.inner.ping()
        if ok:
            self._down_until = 0.0      # back: stop skipping calls at once
        return ok

    def after_fork(self) -> None:
        self.inner.after_fork()

"""Redis-backed store shared by every process and machine.

Short socket timeouts: a Redis that hangs must not hold a WeChat reply past its 5 s deadline.
Errors surface as StoreError; `ResilientStore` turns them into a stateless fallback.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import redis

from .base import STREAM_TTL, Store, StoreError, check_ttl

_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
           redis.exceptions.BusyLoadingError, redis.exceptions.ReadOnlyError, OSError)


def _ms(ttl: float) -> int:
    return max(1, int(check_ttl(ttl) * 1000))


class RedisStore(Store):
    def __init__(self, url: str, socket_timeout: float = 0.5):
        self.url = url
        self.r = redis.Redis.from_url(
            url, decode_responses=True, socket_timeout=socket_timeout,
            socket_connect_timeout=socket_timeout, health_check_interval=30,
            retry_on_timeout=False)

    def _call(self, fn, *a, **kw):
        try:
            return fn(*a, **kw)
        except _ERRORS as e:
            raise StoreError(str(e)) from e

    def get(self, key):
        return self._call(self.r.get, key)

    def set(self, key, value, ttl):
        self._call(self.r.set, key, value, px=_ms(ttl))

    def set_nx(self, key, value, ttl):
        return bool(self._call(self.r.set, key, value, px=_ms(ttl), nx=True))

    def delete(self, *keys):
        if keys:
            self._call(self.r.delete, *keys)

    def incr(self, key, ttl, amount=1):
        def run():
            pipe = self.r.pipeline()
            pipe.incrby(key, amount)
            pipe.pexpire(key, _ms(ttl), nx=True)
            return pipe.execute()[0]
        return int(self._call(run))

    @contextmanager
    def lock(self, name, ttl=10.0, wait=4.0) -> Iterator[bool]:
        lk = self.r.lock(name, timeout=ttl, blocking_timeout=wait, sleep=0.01)
        acquired = bool(self._call(lk.acquire))
        try:
            yield acquired
        finally:
            if acquired:
                try:
                    lk.release()
                except (redis.exceptions.LockError, *_ERRORS):
                    pass  # expired or Redis gone: the TTL frees it

    def stream_add(self, stream, fields, maxlen, ttl=STREAM_TTL):
        def run():
            pipe = self.r.pipeline()
            pipe.xadd(stream, fields, maxlen=maxlen, approximate=True)
            pipe.pexpire(stream, _ms(ttl))
            return pipe.execute()[0]
        return self._call(run)

    def stream_range(self, stream, since_ms=0):
        return self._call(self.r.xrange, stream, min=f"{since_ms}-0", max="+")

    def after_fork(self):
        # redis-py also checks the pid lazily; resetting here makes the intent explicit and
        # guarantees a worker never writes on a socket its parent or a sibling also holds.
        self.r.connection_pool.reset()

    def ping(self):
        try:
            return bool(self.r.ping())
        except _ERRORS:
            return False

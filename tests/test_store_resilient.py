"""Store guarantees: a TTL on every write, Redis outages answered without memory, recovery without
a restart, no Redis connection shared across fork."""
from __future__ import annotations

import json
import logging
import multiprocessing
import shutil
import socket
import subprocess
import time

import pytest

from bot.store import MemoryStore, StoreError
from bot.store.redis_store import RedisStore
from bot.store.resilient import ResilientStore


def _ttl(store, key):
    if isinstance(store, MemoryStore):
        return store.ttl(key)
    return store.r.pttl(key) / 1000


def test_every_write_carries_a_ttl(any_store, key_prefix):
    k = f"{key_prefix}:t"
    any_store.set(k + ":a", "1", 30)
    assert any_store.set_nx(k + ":b", "1", 30)
    assert not any_store.set_nx(k + ":b", "2", 30)
    assert any_store.incr(k + ":c", 30) == 1 and any_store.incr(k + ":c", 30, 5) == 6
    any_store.stream_add(k + ":s", {"a": "1"}, maxlen=10)
    for suffix in ("a", "b", "c", "s"):
        assert 0 < _ttl(any_store, f"{k}:{suffix}") <= (400 * 86400 if suffix == "s" else 30)
    for bad in (0, -1, None):
        with pytest.raises(ValueError):
            any_store.set(k + ":x", "1", bad)
    any_store.delete(*(f"{k}:{s}" for s in "abcs"))


def test_lock_is_exclusive_and_released(any_store, key_prefix):
    name = f"{key_prefix}:lock"
    with any_store.lock(name, ttl=5, wait=1) as got:
        assert got
        t0 = time.monotonic()
        with any_store.lock(name, ttl=5, wait=0.2) as second:
            assert not second
        assert time.monotonic() - t0 < 1.0
    with any_store.lock(name, ttl=5, wait=0.2) as again:
        assert again


class Flaky(MemoryStore):
    """An embedded store that fails like an unreachable Redis while `down` is set."""

    def __init__(self):
        super().__init__()
        self.down = False
        self.calls = 0

    def _check(self):
        self.calls += 1
        if self.down:
            raise StoreError("Connection refused")

    def get(self, key):
        self._check()
        return super().get(key)

    def set(self, key, value, ttl):
        self._check()
        super().set(key, value, ttl)

    def set_nx(self, key, value, ttl):
        self._check()
        return super().set_nx(key, value, ttl)

    def incr(self, key, ttl, amount=1):
        self._check()
        return super().incr(key, ttl, amount)

    def lock(self, name, ttl=10.0, wait=4.0):
        self._check()
        return super().lock(name, ttl, wait)

    def stream_range(self, stream, since_ms=0):
        self._check()
        return super().stream_range(stream, since_ms)


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def _warnings(caplog):
    return [json.loads(r.getMessage()) for r in caplog.records
            if r.name == "yz" and "redis unavailable" in r.getMessage()]


def test_outage_degrades_logs_once_a_minute_and_recovers(caplog):
    inner, clock = Flaky(), Clock()
    store = ResilientStore(inner, retry_after=1.0, log_every=60.0, clock=clock)
    store.set("k", "v", 60)
    inner.down = True
    with caplog.at_level(logging.WARNING, logger="yz"):
        assert store.get("k") is None                    # read → None
        store.set("k2", "v", 60)                         # write dropped, no exception
        assert store.set_nx("n", "1", 60) is True        # claim granted: answer rather than drop
        assert store.incr("c", 60) == 1
        assert store.stream_range("s") == []
        with store.lock("l") as got:
            assert got is False
        calls = inner.calls
        for _ in range(50):                              # inside retry_after: Redis is not even called
            store.get("k")
        assert inner.calls == calls
        for _ in range(30):                              # 30 s of failures: still one warning
            clock.t += 1.5
            store.get("k")
        assert len(_warnings(caplog)) == 1
        clock.t += 31
        store.get("k")
        assert len(_warnings(caplog)) == 2
    inner.down = False
    clock.t += 1.5
    assert store.get("k") == "v"                         # back, no restart
    store.set("k3", "w", 60)
    assert inner.get("k3") == "w"


def test_dead_redis_answers_fast():
    store = ResilientStore(RedisStore("redis://127.0.0.1:1/0", socket_timeout=0.2))
    t0 = time.monotonic()
    assert store.get("x") is None
    store.set("x", "1", 10)
    with store.lock("x:lock") as got:
        assert got is False
    assert store.ping() is False
    assert time.monotonic() - t0 < 2.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_redis(port):
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    probe = RedisStore(f"redis://127.0.0.1:{port}/0")
    for _ in range(100):
        if probe.ping():
            return proc
        time.sleep(0.02)
    proc.kill()
    pytest.fail("redis-server did not start")


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")
def test_real_redis_restart_recovers_without_restarting_the_bot():
    port = _free_port()
    proc = _start_redis(port)
    store = ResilientStore(RedisStore(f"redis://127.0.0.1:{port}/0", socket_timeout=0.3), retry_after=0.2)
    try:
        store.set("yz:k", "1", 60)
        assert store.get("yz:k") == "1"
        proc.terminate()
        proc.wait(5)
        assert store.get("yz:k") is None                 # down: answered, not raised
        proc = _start_redis(port)
        time.sleep(0.25)
        store.set("yz:k", "2", 60)
        assert store.get("yz:k") == "2"
    finally:
        proc.terminate()
        proc.wait(5)


def _child_client_id(store, conn):
    store.after_fork()
    conn.send(store.r.client_id())
    conn.close()


def test_forked_worker_does_not_share_the_parents_redis_connection(redis_store):
    parent_id = redis_store.r.client_id()
    ctx = multiprocessing.get_context("fork")
    a, b = ctx.Pipe()
    p = ctx.Process(target=_child_client_id, args=(redis_store, b))
    p.start()
    assert a.poll(10)
    child_id = a.recv()
    p.join(5)
    assert child_id != parent_id
    assert redis_store.r.client_id() == parent_id        # the parent's connection is intact

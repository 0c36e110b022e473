"""Memory (issue #6 item 6): a flood of distinct riders does not grow the process, and nothing
is kept forever.

- Embedded store: 100,000 riders' sessions and pins, TTL 60 s, a clock moving on as they come —
  expired keys are swept, so the process's RSS after 100,000 riders is what it was after 20,000.
- Through the real engine, short TTLs from Config: live keys stay bounded by the riders of the
  last TTL.
- With Redis the process keeps no per-rider data: heap growth per rider ≈ 0 over 600 riders.
- Every key a conversation writes to Redis has a TTL.
"""
from __future__ import annotations

import gc
import tracemalloc
import uuid

import pytest

from bench import loadgen
from bot.messages import LOCATION, Incoming
from bot.store import MemoryStore
from bot.store.keys import Keys
from support.wechat import wsgi_call

pytest.importorskip("knowledge.source")

TOKEN = "memoryToken"


class Clock:
    def __init__(self):
        self.t = 1_000.0

    def __call__(self):
        return self.t


def _heap() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def test_embedded_store_sweeps_a_hundred_thousand_riders():
    """The engine's two keys per rider (Keys.session, Keys.location), written as StateStore does."""
    from support.servers import rss_kb
    clock = Clock()
    store = MemoryStore(clock=clock)
    keys = Keys("yzmem")
    session = '{"pending":null,"ids":["hz-dongning-aixinyijia","wz-lucheng-hongriting"],"shown":2}'
    location = '{"lat":30.27,"lng":120.15,"at":1000.0,"source":"pin"}'
    rss_at = {}
    for i in range(100_000):
        user = f"oMemRider{i:08d}"
        store.set(keys.session(user), session, 60)
        store.set(keys.location(user), location, 60)
        if i % 100 == 99:
            clock.t += 1.0                          # 100 new riders a second
        if i + 1 in (20_000, 100_000):
            gc.collect()
            rss_at[i + 1] = rss_kb()
    live = store.keys()
    # the last 60 s hold 6,000 riders × 2 keys, plus what waits for the next sweep
    assert len(live) <= 2 * 6_100, len(live)
    growth_mb = (rss_at[100_000] - rss_at[20_000]) / 1024
    # without sweeping, 80,000 more riders would hold ≈ 80,000 × 2 × 250 B ≈ 40 MB
    assert growth_mb < 8, f"RSS grew {growth_mb:.1f} MB from 20,000 to 100,000 riders"


def test_engine_state_stays_bounded_with_short_ttls(tmp_path):
    from bot.config import Config
    from bot.runtime import build_runtime
    clock = Clock()
    store = MemoryStore(clock=clock)
    rt = build_runtime(Config(token=TOKEN, session_ttl=5, location_ttl=5, var_dir=tmp_path), store=store)
    for i in range(3_000):
        lat, lng = loadgen.pin_for(i)
        reply = rt.engine.handle(Incoming(user=f"oEngineRider{i:06d}", kind=LOCATION, lat=lat, lng=lng))
        assert reply.text
        if i % 50 == 49:
            clock.t += 1.0                          # 50 riders a second, TTL 5 s
    user_keys = [k for k in store.keys() if ":{u:" in k]
    assert len(user_keys) <= 2 * 50 * 6, len(user_keys)


@pytest.fixture
def redis_app(tmp_path, key_prefix):
    from conftest import TEST_REDIS_URL, _redis_or_skip
    _redis_or_skip()
    from bot.config import Config
    from bot.runtime import build_runtime
    from bot.wechat.app import WeChatApp
    rt = build_runtime(Config(token=TOKEN, redis_url=TEST_REDIS_URL, key_prefix=key_prefix, var_dir=tmp_path))
    yield WeChatApp.from_runtime(rt), rt.store.inner.r
    for k in rt.store.inner.r.scan_iter(f"{key_prefix}:*", count=1000):
        rt.store.inner.r.delete(k)


def test_with_redis_the_process_keeps_nothing_per_rider(redis_app):
    app, _ = redis_app
    run = uuid.uuid4().hex[:8]
    base = 10**12

    def riders(start, stop):
        for i in range(start, stop):
            user, xml = loadgen.message(base, run, i, 0)          # a pin from a new rider
            status, _ = wsgi_call(app, TOKEN, xml.encode())
            assert status == 200

    riders(0, 200)                                                # warm caches, connections
    tracemalloc.start()
    try:
        before = _heap()
        riders(200, 800)
        after = _heap()
    finally:
        tracemalloc.stop()
    per_rider = (after - before) / 600
    assert per_rider < 100, f"{per_rider:.0f} bytes kept per rider"


def test_every_key_a_conversation_writes_expires(redis_app, key_prefix):
    app, r = redis_app
    run = uuid.uuid4().hex[:8]
    for i in range(10):
        for step in range(len(loadgen.SCRIPT)):
            _, xml = loadgen.message(10**12, run, i, step)
            assert wsgi_call(app, TOKEN, xml.encode())[0] == 200
    keys = list(r.scan_iter(f"{key_prefix}:*", count=1000))
    assert len(keys) >= 30, keys                      # sessions, pins, dedupe, usage …
    forever = {k: r.pttl(k) for k in keys if r.pttl(k) <= 0}
    assert not forever, f"keys without a TTL: {forever}"

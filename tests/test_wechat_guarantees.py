"""The guarantees the fast path must keep (issue #3 item 4, issue #6 items 2 and 4):
a retry reaching another process is answered with the first reply and processed once; one
rider's concurrent messages lose no state update; every state key expires."""
from __future__ import annotations

import threading
import time

import httpx
import pytest
from defusedxml.ElementTree import fromstring

from bot.config import Config
from bot.dialogue.state import StateStore
from bot.messages import Reply
from bot.store.keys import Keys
from bot.store.redis_store import RedisStore
from bot.store.resilient import ResilientStore
from bot.wechat import simulator as sim
from bot.wechat.app import WeChatApp

from conftest import TEST_REDIS_URL
from support.redis_calls import commands_sent

TOKEN = "yzGuarantees"
USER = "oRider_guarantees_0001"


class CountingEngine:
    """Read-modify-write of the rider's session under the engine's own lock and state calls:
    appends one id per message, so a lost update shows as a missing id."""

    def __init__(self, store, keys, delay: float = 0.0):
        self.state = StateStore(store, keys, session_ttl=60, location_ttl=60)
        self.calls = 0
        self.delay = delay
        self._mutex = threading.Lock()

    def handle(self, msg):
        with self._mutex:
            self.calls += 1
        with self.state.open(msg.user, 10, 4) as us:
            assert us.stateful
            session = us.session
            if self.delay:
                threading.Event().wait(self.delay)
            session.ids = [*session.ids, msg.text]
            us.save_session(session)
        return Reply(f"第{len(session.ids)}条：{msg.text}", intent="count")


def _app(store, keys, engine):
    return WeChatApp(engine, store, keys, Config(token=TOKEN, key_prefix=keys.p), kb_source=None)


def _post(app, xml: str) -> str:
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://wx.test") as c:
        r = c.post(f"/wechat?{sim.signed_query(TOKEN)}", content=xml.encode())
    assert r.status_code == 200
    return fromstring(r.content).find("Content").text if r.content != b"success" else "success"


@pytest.fixture
def two_processes(redis_store, key_prefix):
    """Two apps with their own Redis connections and engines, one Redis: two `serve` instances."""
    keys = Keys(key_prefix)
    stores = [ResilientStore(RedisStore(TEST_REDIS_URL)) for _ in range(2)]
    engines = [CountingEngine(s, keys, delay=0.2) for s in stores]
    yield [_app(s, keys, e) for s, e in zip(stores, engines)], engines, stores[0]
    for k in redis_store.r.scan_iter(f"{key_prefix}:*"):
        redis_store.r.delete(k)


def test_a_retry_at_the_other_instance_gets_the_same_reply_and_is_processed_once(two_processes):
    apps, engines, _ = two_processes
    xml = sim.text_xml(USER, "热饭", msg_id=90001)
    replies: dict[int, str] = {}

    def send(i: int):
        replies[i] = _post(apps[i % 2], xml)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]   # first try + 3 retries
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sum(e.calls for e in engines) == 1
    assert set(replies.values()) == {"第1条：热饭"}
    assert _post(apps[1], xml) == "第1条：热饭"                              # a late retry too


@pytest.mark.parametrize("backend", ["memory", "redis"])
def test_ten_concurrent_messages_from_one_rider_lose_no_update(backend, key_prefix, request):
    if backend == "redis":
        store = ResilientStore(request.getfixturevalue("redis_store"))
    else:
        from bot.store import MemoryStore
        store = MemoryStore()
    keys = Keys(key_prefix)
    engine = CountingEngine(store, keys, delay=0.01)
    app = _app(store, keys, engine)
    texts = [f"消息{i}" for i in range(10)]
    answers: list[str] = []

    def send(i: int):
        answers.append(_post(app, sim.text_xml(USER, texts[i], msg_id=91000 + i)))

    threads = [threading.Thread(target=send, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(15)
    try:
        assert len(answers) == 10 and all(a.startswith("第") for a in answers)
        assert sorted(int(a[1:a.index("条")]) for a in answers) == list(range(1, 11))   # one after another
        saved = store.get_json(keys.session(USER))
        assert sorted(saved["ids"]) == sorted(texts)                                       # none lost
    finally:
        r = getattr(getattr(store, "inner", store), "r", None)
        if r is not None:
            for k in r.scan_iter(f"{key_prefix}:*"):
                r.delete(k)


def test_real_engine_turns_keep_state_and_every_key_expires(redis_store, key_prefix, tmp_path):
    """The runtime's engine through the app with Redis: pin, then a question that uses it,
    sent concurrently with other messages of the same rider; every key has a TTL."""
    from bot.runtime import build_runtime
    rt = build_runtime(Config(token=TOKEN, redis_url=TEST_REDIS_URL, key_prefix=key_prefix,
                              var_dir=tmp_path))
    app = WeChatApp.from_runtime(rt)
    try:
        assert "驿站" in _post(app, sim.location_xml(USER, 30.2741, 120.1551, msg_id=92000))
        out: list[str] = []
        threads = [threading.Thread(target=lambda i=i: out.append(
            _post(app, sim.text_xml(USER, "附近哪里能热饭", msg_id=92001 + i)))) for i in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        assert len(out) == 10
        assert all("公里" in o for o in out), out       # each used the remembered pin: distances
        loc = rt.store.get_json(rt.keys.location(USER))
        assert loc and abs(loc["lat"] - 30.2741) < 1e-6
        for k in redis_store.r.scan_iter(f"{key_prefix}:*"):
            assert redis_store.r.pttl(k) > 0, k
    finally:
        for k in redis_store.r.scan_iter(f"{key_prefix}:*"):
            redis_store.r.delete(k)


# --- the dialogue engine's own path: claim + lock + state in one call, reply + state in another ---

@pytest.fixture
def runtime_apps(redis_store, key_prefix, tmp_path):
    """Two `serve` instances' worth of the real runtime (own Redis connections, one Redis),
    their engines slowed down and counting the messages they process."""
    from bot.runtime import build_runtime
    apps, calls = [], []
    for i in range(2):
        rt = build_runtime(Config(token=TOKEN, redis_url=TEST_REDIS_URL, key_prefix=key_prefix,
                                  var_dir=tmp_path / str(i)))
        real = rt.engine._dispatch

        def slow(t, real=real):
            calls.append(t.msg.msg_id)
            threading.Event().wait(0.2)
            return real(t)
        rt.engine._dispatch = slow
        apps.append((WeChatApp.from_runtime(rt), rt))
    yield apps, calls
    for k in redis_store.r.scan_iter(f"{key_prefix}:*"):
        redis_store.r.delete(k)


def test_engine_path_retries_at_either_instance_are_processed_once(runtime_apps):
    apps, calls = runtime_apps
    assert all(hasattr(rt.engine, "handle_once") for _, rt in apps)
    xml = sim.location_xml(USER, 30.2741, 120.1551, msg_id=93001)
    replies: dict[int, str] = {}

    def send(i: int):
        replies[i] = _post(apps[i % 2][0], xml)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]   # first try + 3 retries
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert calls == ["id:93001"]
    assert len(set(replies.values())) == 1 and "驿站" in replies[0]
    assert _post(apps[1][0], xml) == replies[0]                              # a late retry too
    assert calls == ["id:93001"]


def test_engine_path_costs_two_redis_round_trips_and_the_reply_expires_in_30_s(runtime_apps, redis_store):
    apps, _ = runtime_apps
    app, rt = apps[0]
    app.flush = None                          # usage counts are batched; not part of a message
    inner = rt.store.inner
    # warm: connections, scripts loaded, the reports snapshot the "closed" warnings read
    _post(app, sim.location_xml(USER, 30.2741, 120.1551, msg_id=93100))
    with commands_sent(inner) as sent:
        assert "驿站" in _post(app, sim.location_xml(USER, 30.2741, 120.1551, msg_id=93101))
    assert sent == ["EVALSHA", "EVALSHA"], sent
    key = rt.keys.dedupe(USER, "id:93101")
    assert 0 < redis_store.r.pttl(key) <= 30_000
    assert redis_store.r.pttl(rt.keys.user_lock(USER)) == -2                 # released


def test_engine_path_without_redis_still_answers_each_message(key_prefix, tmp_path):
    from bot.runtime import build_runtime
    rt = build_runtime(Config(token=TOKEN, redis_url="redis://127.0.0.1:1/0", key_prefix=key_prefix,
                              var_dir=tmp_path))
    rt.store.inner.r.connection_pool.connection_kwargs.update(socket_timeout=0.2, socket_connect_timeout=0.2)
    app = WeChatApp.from_runtime(rt)
    for i in range(3):
        text = _post(app, sim.location_xml(USER, 30.2741, 120.1551, msg_id=93200 + i))
        assert "驿站" in text


def test_a_turn_whose_lock_is_held_too_long_still_answers_once(redis_store, key_prefix):
    """The rider's lock is stuck (a crashed holder): after the lock wait the message is claimed
    on its own and answered without memory; its retry gets the same reply."""
    keys = Keys(key_prefix)
    store = ResilientStore(RedisStore(TEST_REDIS_URL))
    state = StateStore(store, keys, session_ttl=60, location_ttl=60)
    from bot.dialogue.state import Once
    from bot.wechat.dedupe import encode
    redis_store.set(keys.user_lock(USER), "crashed-holder", 30)
    try:
        once = Once(keys.dedupe(USER, "id:1"), 30, lambda r: encode(r.text, r.intent))
        with state.open(USER, 10, 0.1, once) as us:
            assert not us.stateful and not us.duplicate
            us.finish(Reply("无记忆的回答", intent="x"))
        assert once.saved and redis_store.get(once.key) == encode("无记忆的回答", "x")
        again = Once(once.key, 30, lambda r: "unused")
        with state.open(USER, 10, 0.1, again) as us:
            assert us.duplicate
        assert again.prior == encode("无记忆的回答", "x")
    finally:
        for k in redis_store.r.scan_iter(f"{key_prefix}:*"):
            redis_store.r.delete(k)


def test_buffered_counts_are_flushed_when_the_last_request_in_flight_ends(key_prefix):
    """Whoever has every response finds every message counted: the app flushes usage counts
    when no other request is in flight, before that last response leaves — not per message."""
    from bot.store import MemoryStore
    store, keys = MemoryStore(), Keys(key_prefix)
    gate = threading.Event()
    flushes: list[tuple[int, int]] = []

    class Gated(CountingEngine):
        def handle(self, msg):
            gate.wait(5)
            return super().handle(msg)

    engine = Gated(store, keys)
    app = _app(store, keys, engine)
    app.flush = lambda: flushes.append((app._busy, engine.calls))
    threads = [threading.Thread(target=_post, args=(app, sim.text_xml(f"oFlush{i}", "你好", msg_id=94000 + i)))
               for i in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    gate.set()
    for t in threads:
        t.join(10)
    assert flushes and all(busy == 0 for busy, _ in flushes)
    assert flushes[-1][1] == 4 and len(flushes) < 4        # after all four, not once per message
    _post(app, sim.text_xml("oFlushLater", "你好", msg_id=94100))
    assert len(flushes) >= 2 and flushes[-1] == (0, 5)      # alone in flight: flushed at once

"""Faults (issue #6 item 3), against live `serve --workers 2` processes and a private Redis:

- Redis stopped during load → every request answered (statelessly), never a 500; Redis back →
  conversations keep state again, same processes, no restart.
- Redis hung (SIGSTOP: connections open, nothing answers) → every reply well inside WeChat's 5 s.
- A worker killed with SIGKILL during load → gunicorn starts another, the server keeps serving.
- A slow Amap (silent, or trickling its answer) never holds a reply past 4.5 s.

The shared Redis on 6379 is never stopped: these tests start their own on a free port.
"""
from __future__ import annotations

import os
import shutil
import signal
import threading
import time

import httpx
import pytest

from bench import loadgen
from bot.wechat import simulator as sim
from support.servers import BotServer, RedisServer, bot_env, wait_until
from support.slow_http import SlowHTTPServer
from support.wechat import content, post, wsgi_call

pytest.importorskip("knowledge.source")
pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")

TOKEN = "faultsToken"
DEADLINE_S = 4.5        # WeChat gives up after 5 s


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bot(redis_server, tmp_path_factory):
    env = bot_env(TOKEN, REDIS_URL=redis_server.url, YZ_KEY_PREFIX="yzfault",
                  YZ_VAR_DIR=str(tmp_path_factory.mktemp("var")))
    server = BotServer(env, workers=2).start().wait_ready()
    yield server
    log = server.log()
    server.close()
    assert "Traceback" not in log, log[-3000:]


class BackgroundLoad:
    """Riders talking to the server until stopped; checks what holds without memory."""

    def __init__(self, base: str, concurrency: int = 8):
        self.stop_event = threading.Event()
        self.result: loadgen.LoadResult | None = None
        self._thread = threading.Thread(target=self._run, args=(base, concurrency), daemon=True)

    def _run(self, base, concurrency):
        self.result = loadgen.run_conversations(base, TOKEN, riders=100_000, concurrency=concurrency,
                                                stop=self.stop_event, check_state=False)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        self._thread.join(30)
        assert not self._thread.is_alive(), "load generator did not stop"


def _health(bot) -> dict:
    return httpx.get(bot.base + "/healthz", timeout=5).json()


def _conversation_keeps_state(bot, riders=20) -> None:
    res = loadgen.run_conversations(bot.base, TOKEN, riders=riders, concurrency=5)
    assert res.errors == 0, (res.statuses, res.transport_errors[:3], res.failures[:5])


def test_redis_stopped_during_load_answers_everything_and_recovers_without_restart(bot, redis_server):
    pids = bot.worker_pids()
    with BackgroundLoad(bot.base) as load:
        time.sleep(1.0)
        redis_server.stop()
        try:
            wait_until(lambda: _health(bot)["store"] == "down", 5, what="/healthz store down")
            time.sleep(2.0)                                   # load keeps coming with Redis gone
            sent_while_down = load.result is None
        finally:
            redis_server.start()                              # same port, empty: a restarted Redis
        wait_until(lambda: _health(bot)["store"] == "ok", 10, what="/healthz store ok again")
        time.sleep(1.0)
    res = load.result
    assert sent_while_down and res.sent > 50, res.sent
    assert res.statuses and set(res.statuses) == {200}, res.statuses      # no 500, no 4xx
    assert not res.transport_errors, res.transport_errors[:3]
    assert not res.failures, res.failures[:5]                             # XML, addressee, no fallback
    assert max(res.latencies_ms) < DEADLINE_S * 1000
    # back: pins, lists and follow-ups are remembered again, by the same processes
    _conversation_keeps_state(bot)
    assert bot.worker_pids() == pids
    assert redis_server.client().dbsize() > 0


def test_hung_redis_never_holds_a_reply_past_the_deadline(bot, redis_server):
    with BackgroundLoad(bot.base) as load:
        time.sleep(0.5)
        redis_server.freeze()
        try:
            time.sleep(2.5)
        finally:
            redis_server.thaw()
        time.sleep(1.0)
    res = load.result
    assert set(res.statuses) == {200} and not res.transport_errors, (res.statuses, res.transport_errors[:3])
    assert not res.failures, res.failures[:5]
    assert max(res.latencies_ms) < DEADLINE_S * 1000, max(res.latencies_ms)
    wait_until(lambda: _health(bot)["store"] == "ok", 10, what="/healthz store ok again")
    _conversation_keeps_state(bot)


def test_a_worker_killed_during_load_is_replaced_and_serving_continues(bot):
    before = bot.worker_pids()
    assert len(before) == 2, before
    concurrency = 8
    with BackgroundLoad(bot.base, concurrency) as load:
        time.sleep(1.0)
        os.kill(before[0], signal.SIGKILL)
        new = wait_until(lambda: (set(bot.worker_pids()) - set(before)) and len(bot.worker_pids()) == 2,
                         15, what="a replacement worker")
        time.sleep(1.5)                                     # and it carries load
    res = load.result
    assert new and before[0] not in bot.worker_pids()
    assert set(res.statuses) == {200}, res.statuses
    # only requests in flight on the killed worker can be lost (WeChat retries those)
    assert len(res.transport_errors) <= concurrency, res.transport_errors
    assert not res.failures, res.failures[:5]
    _conversation_keeps_state(bot)


# --- slow outbound calls ------------------------------------------------------------------------

@pytest.fixture
def app_with_amap(tmp_path):
    """The real app with an Amap key, its geocoder pointed at a loopback server of the test's."""
    from bot.config import Config
    from bot.runtime import build_runtime
    from bot.store import MemoryStore
    from bot.wechat.app import WeChatApp

    def make(url: str):
        rt = build_runtime(Config(token=TOKEN, amap_key="test-key", var_dir=tmp_path), store=MemoryStore())
        rt.geocoder.url = url          # no setting names Amap's address (see the report)
        return WeChatApp.from_runtime(rt)
    return make


@pytest.mark.parametrize("mode", [
    "silent",
    "trickle",
])
def test_a_slow_amap_never_holds_a_reply_past_the_deadline(app_with_amap, mode):
    with SlowHTTPServer(mode, every=0.2, hold=5) as slow:
        app = app_with_amap(slow.url)
        user = f"oSlowAmap_{mode}"
        t0 = time.monotonic()
        status, body = wsgi_call(app, TOKEN, sim.text_xml(user, "我在杭州西湖区文三路").encode())
        took = time.monotonic() - t0
        assert slow.connections >= 1, "the geocoder never called the slow server"
    assert status == 200 and b"<Content>" in body
    assert took < DEADLINE_S, f"reply took {took:.1f} s"


def test_slow_amap_under_concurrency_keeps_every_reply_inside_the_deadline(app_with_amap):
    """Eight riders typing places at once while Amap is silent: each still answered in time."""
    with SlowHTTPServer("silent", hold=12) as slow:
        app = app_with_amap(slow.url)
        took: list[float] = []
        statuses: list[int] = []

        def one(i):
            t0 = time.monotonic()
            status, _ = wsgi_call(app, TOKEN, sim.text_xml(f"oSlowMany{i}", "我在杭州文三路").encode())
            statuses.append(status)
            took.append(time.monotonic() - t0)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        assert slow.connections >= 1
    assert statuses == [200] * 8
    assert max(took) < DEADLINE_S, took


def test_content_of_a_reply_while_amap_is_silent_says_something_useful(app_with_amap):
    with SlowHTTPServer("silent", hold=8) as slow:
        app = app_with_amap(slow.url)
        with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://wx.test") as c:
            text = content(post(c, TOKEN, sim.text_xml("oSlowText", "我在宁波海曙")))
        assert slow.connections >= 1
    assert text and not any(m in text for m in loadgen.FALLBACK_MARKS), text

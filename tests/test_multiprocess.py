"""Many processes, one state (issue #6 item 2): two `serve` instances on different ports share one
Redis. A conversation hopping between them keeps its state; a WeChat retry that lands on the other
instance gets the first try's reply and is processed once (checked in the reply and in the
recorded problem reports)."""
from __future__ import annotations

import threading
import uuid

import httpx
import pytest

from bot.store.keys import Keys, user_hash
from bot.wechat import simulator as sim
from support.servers import BotServer, bot_env
from support.wechat import content, post

from bench.loadgen import listed

pytest.importorskip("knowledge.source")

TOKEN = "multiProcToken"
HANGZHOU = (30.2741, 120.1551)
DONGNING = "hz-dongning-aixinyijia"


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    from conftest import TEST_REDIS_URL, _redis_or_skip
    _redis_or_skip()
    prefix = f"yzmp{uuid.uuid4().hex[:8]}"
    var = tmp_path_factory.mktemp("var")
    env = bot_env(TOKEN, REDIS_URL=TEST_REDIS_URL, YZ_KEY_PREFIX=prefix, YZ_VAR_DIR=str(var))
    servers = [BotServer(env, workers=1), BotServer(env, workers=1)]
    try:
        for s in servers:          # start both, then wait: the loads overlap
            s.start()
        for s in servers:
            s.wait_ready()
        clients = [httpx.Client(base_url=s.base, timeout=10) for s in servers]
        yield clients, prefix, var, TEST_REDIS_URL
        for c in clients:
            c.close()
    finally:
        logs = [s.log() for s in servers]
        for s in servers:
            s.close()
        import redis
        r = redis.Redis.from_url(TEST_REDIS_URL)
        for k in r.scan_iter(f"{prefix}:*", count=1000):
            r.delete(k)
    for log in logs:
        assert "Traceback" not in log, log[-3000:]


def _reports(prefix: str, var, redis_url: str, user: str) -> list:
    from bot.ops.reports import ReportLog
    from bot.store.redis_store import RedisStore
    log = ReportLog(RedisStore(redis_url), Keys(prefix), var)
    return [r for r in log.list() if r.user == user_hash(user)]


def test_a_conversation_alternating_between_instances_keeps_its_state(pair):
    (a, b), *_ = pair
    user = f"oMultiProc{uuid.uuid4().hex[:18]}"
    first = content(post(a, TOKEN, sim.location_xml(user, *HANGZHOU)))        # pin on A
    assert listed(first), first
    question = content(post(b, TOKEN, sim.text_xml(user, "附近哪里能热饭")))     # question on B
    assert "请发送您的位置" not in question, "B did not see the pin sent to A"
    shown = listed(question)
    assert len(shown) >= 2 and "热饭" in question, question
    second = content(post(a, TOKEN, sim.text_xml(user, "第二个怎么走")))         # follow-up on A
    assert second.startswith(shown[1][1]), (shown, second[:60])
    assert "uri.amap.com/navigation" in second
    more = content(post(b, TOKEN, sim.text_xml(user, "更多")))                  # and again on B
    nxt = listed(more)
    assert (nxt and nxt[0][0] == shown[-1][0] + 1) or "就这些" in more, more[:80]


def test_a_retry_at_the_other_instance_gets_the_same_reply_and_is_processed_once(pair):
    (a, b), prefix, var, url = pair
    user = f"oMultiProc{uuid.uuid4().hex[:18]}"
    xml = sim.text_xml(user, "东宁路驿站锁门了", msg_id=int(uuid.uuid4().int % 10**15))
    r1 = content(post(a, TOKEN, xml))
    r2 = content(post(b, TOKEN, xml))                 # WeChat's retry, routed to the other instance
    assert r1 and r1 == r2
    assert "记录" in r1, r1
    reports = _reports(prefix, var, url, user)
    assert [(r.station_id, r.kind) for r in reports] == [(DONGNING, "closed")]


def test_a_retry_arriving_while_the_first_try_runs_waits_for_its_reply(pair):
    (a, b), prefix, var, url = pair
    user = f"oMultiProc{uuid.uuid4().hex[:18]}"
    xml = sim.text_xml(user, "东宁路驿站的微波炉坏了", msg_id=int(uuid.uuid4().int % 10**15))
    go = threading.Barrier(2)
    replies: dict[int, str | None] = {}

    def send(i, client):
        go.wait(5)
        replies[i] = content(post(client, TOKEN, xml))

    threads = [threading.Thread(target=send, args=(i, c)) for i, c in enumerate((a, b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(15)
    assert replies[0] and replies[0] == replies[1], replies
    reports = _reports(prefix, var, url, user)
    assert len(reports) == 1 and reports[0].station_id == DONGNING, reports

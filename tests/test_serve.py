"""`python run_bot.py serve` as a real process: start-up refusals, then one and two gunicorn workers
answering a signed WeChat message on a loopback port."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from defusedxml.ElementTree import fromstring

from bot.wechat import simulator as sim
from support.servers import BotServer, bot_env

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "serveTestToken"


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "REDIS_URL", "YZ_"))}
    env.update(PYTHONUNBUFFERED="1", **extra)
    return env


def _run(env, *args, timeout=60):
    return subprocess.run([sys.executable, "run_bot.py", "serve", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_missing_token_stops_with_a_clear_message():
    r = _run(_env())
    assert r.returncode != 0
    assert "WECHAT_TOKEN" in r.stderr and "Traceback" not in r.stderr


def test_malformed_aes_key_stops_with_a_clear_message():
    r = _run(_env(WECHAT_TOKEN=TOKEN, WECHAT_AES_KEY="tooshort", WECHAT_APP_ID="wx1"))
    assert r.returncode != 0
    assert "WECHAT_AES_KEY" in r.stderr and "Traceback" not in r.stderr


def test_invalid_stations_file_refuses_to_start(tmp_path):
    pytest.importorskip("knowledge.source")
    bad = tmp_path / "stations.yaml"
    bad.write_text("stations:\n  - id: x\n    name: 坏数据\n    lat: 999\n    lng: abc\n", encoding="utf-8")
    r = _run(_env(WECHAT_TOKEN=TOKEN, STATIONS_PATH=str(bad), YZ_CACHE_DIR=str(tmp_path / "c")))
    assert r.returncode != 0
    assert str(bad) in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_a_signed_message(workers, key_prefix, tmp_path):
    pytest.importorskip("knowledge.source")
    from conftest import TEST_REDIS_URL, _redis_or_skip
    _redis_or_skip()
    env = bot_env(TOKEN, REDIS_URL=TEST_REDIS_URL, YZ_KEY_PREFIX=key_prefix,
                  YZ_VAR_DIR=str(tmp_path / "var"))
    server = BotServer(env, workers=workers)
    try:
        with server, httpx.Client(base_url=server.base, timeout=5) as client:
            health = client.get("/healthz")
            assert health.json()["store"] == "ok" and health.json()["stations"] > 0
            for i in range(4):     # a few, so both workers are likely to answer one
                r = client.post(f"/wechat?{sim.signed_query(TOKEN)}",
                                content=sim.text_xml(f"oServe{i}", "你好").encode())
                assert r.status_code == 200
                assert r.headers["content-type"] == "application/xml; charset=utf-8"
                root = fromstring(r.content)
                assert root.find("ToUserName").text == f"oServe{i}" and root.find("Content").text
            assert client.post(f"/wechat?{sim.signed_query('forged')}",
                               content=sim.text_xml("oX", "x").encode()).status_code == 403
        assert "Traceback" not in server.log()
    finally:
        server.close()
        import redis
        r = redis.Redis.from_url(TEST_REDIS_URL)
        for k in r.scan_iter(f"{key_prefix}:*"):
            r.delete(k)


def test_workers_without_redis_keep_one_rider_state(tmp_path):
    """No REDIS_URL: the embedded store lives in one process, so --workers 2 must not split a
    rider's state between processes — a pin and the next question always meet."""
    pytest.importorskip("knowledge.source")
    server = BotServer(bot_env(TOKEN, YZ_VAR_DIR=str(tmp_path / "var")), workers=2, threads=8)
    try:
        server.start()
        server.workers = 1      # asked for 2, served as threads of one process: expect one worker
        server.wait_ready()
        close = {"Connection": "close"}   # a new connection each time, as WeChat's are
        with httpx.Client(base_url=server.base, timeout=5) as client:
            for i in range(6):   # each rider: a pin, then a question that needs it
                user = f"oNoRedis{i}"
                r = client.post(f"/wechat?{sim.signed_query(TOKEN)}", headers=close,
                                content=sim.location_xml(user, 30.30, 120.21).encode())
                assert r.status_code == 200
                r = client.post(f"/wechat?{sim.signed_query(TOKEN)}", headers=close,
                                content=sim.text_xml(user, "附近哪里能热饭").encode())
                content = fromstring(r.content).find("Content").text
                assert "东宁路" in content, content      # answered from the pin, not asked again
        server.stop()
        log = server.log()
        assert "1 process × 16 threads" in log and "Traceback" not in log
    finally:
        server.close()


def test_the_served_app_is_built_with_its_start_up_heap_frozen(tmp_path):
    """What `serve` builds before forking (knowledge base, jieba, lexicon) is frozen out of the
    garbage collector's full collections, which would otherwise stall every rider in flight."""
    import gc

    from bot.config import Config
    from bot.wechat.serve import build_app
    gc.unfreeze()
    try:
        app = build_app(Config(token="t", var_dir=tmp_path))
        assert gc.get_freeze_count() > 100_000
        assert app.kb_source.kb.n == 8
    finally:
        gc.unfreeze()

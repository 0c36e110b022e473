"""Smoke test with the runtime's real engine and knowledge base behind the WSGI app: a whole
conversation answers 200 with well-formed XML, and every key it leaves in the store expires."""
from __future__ import annotations

import time

import httpx
import pytest
from defusedxml.ElementTree import fromstring

from bot.config import Config
from bot.store import MemoryStore
from bot.wechat import simulator as sim
from bot.wechat.app import WeChatApp

pytest.importorskip("knowledge.source")

TOKEN = "e2eToken"
USER = "oE2E_rider_000000000000001"


@pytest.fixture(params=["memory", "redis"])
def runtime(request, key_prefix, tmp_path):
    from bot.runtime import build_runtime
    url = ""
    if request.param == "redis":
        from conftest import TEST_REDIS_URL, _redis_or_skip
        _redis_or_skip()
        url = TEST_REDIS_URL
    config = Config(token=TOKEN, redis_url=url, key_prefix=key_prefix, var_dir=tmp_path)
    rt = build_runtime(config)
    yield rt
    if url:
        r = rt.store.inner.r
        for k in r.scan_iter(f"{key_prefix}:*"):
            r.delete(k)


def _keys_and_ttls(rt, prefix):
    if isinstance(rt.store, MemoryStore):
        return {k: rt.store.ttl(k) for k in rt.store.keys()}
    r = rt.store.inner.r
    return {k: r.pttl(k) / 1000 for k in r.scan_iter(f"{prefix}:*")}


def test_a_conversation_answers_and_every_key_expires(runtime, key_prefix):
    app = WeChatApp.from_runtime(runtime)
    now = int(time.time())
    steps = [
        sim.event_xml(USER, "subscribe", key="", created=now - 10),
        sim.text_xml(USER, "附近哪里能热饭"),
        sim.location_xml(USER, 30.2741, 120.1551, label="杭州"),
        sim.text_xml(USER, "第二个怎么走"),
        sim.text_xml(USER, "更多"),
        sim.event_xml(USER, "CLICK", key="find:microwave", created=now - 5),
        sim.message_xml("voice", USER, msg_id=1, MediaId="m", Format="amr"),
        sim.message_xml("image", USER, msg_id=2, MediaId="m", PicUrl="http://x"),
        sim.event_xml(USER, "LOCATION", created=now - 1, Latitude=30.27, Longitude=120.15, Precision=30.0),
    ]
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://wx.test") as client:
        for xml in steps:
            r = client.post(f"/wechat?{sim.signed_query(TOKEN)}", content=xml.encode())
            assert r.status_code == 200, xml
            if "LOCATION" in xml:
                assert r.text == "success"
            elif r.text != "success":
                root = fromstring(r.content)
                assert root.find("ToUserName").text == USER and root.find("Content").text
        assert client.get("/healthz").status_code == 200
    keys = _keys_and_ttls(runtime, key_prefix)
    assert keys, "the conversation should leave some state (at least the dedupe keys)"
    forever = {k: t for k, t in keys.items() if t is None or t <= 0}
    assert not forever, f"keys without TTL: {forever}"

"""The real WSGI app over HTTP semantics (httpx's WSGI transport), XML exactly as WeChat sends it,
against the embedded store and a real Redis. A recording fake engine shows what the channel
passed on; the engine's own answers are tested elsewhere."""
from __future__ import annotations

import json
import logging
import threading
import time
from types import SimpleNamespace

import httpx
import pytest
from defusedxml.ElementTree import fromstring

from bot import messages as m
from bot.config import Config
from bot.messages import Incoming, Reply
from bot.store.keys import Keys, user_hash
from bot.wechat import simulator as sim
from bot.wechat.app import BAD_LOCATION, FALLBACK, WeChatApp
from bot.wechat.protocol import MAX_BODY, MAX_REPLY_BYTES, MORE_POINTER, Crypto, sign

TOKEN = "yzTestToken42"
USER = "oRider_0123456789abcdefghij"


class Recorder:
    """Fake engine: records every Incoming, answers with what the test asks for."""

    def __init__(self, answer=lambda msg: Reply(f"答:{msg.kind}:{msg.text}", intent="fake"), delay=0.0):
        self.seen: list[Incoming] = []
        self.answer, self.delay = answer, delay
        self._lock = threading.Lock()

    def handle(self, msg):
        with self._lock:
            self.seen.append(msg)
        if self.delay:
            time.sleep(self.delay)
        return self.answer(msg)


def fake_kb(n=8):
    return SimpleNamespace(kb=SimpleNamespace(stations=list(range(n))))


@pytest.fixture
def make(any_store, key_prefix):
    """make(engine=None, config overrides…, app kwargs…) → (client, app, engine)."""
    made = []

    def _make(engine=None, kb_source=None, aes=None, **app_kw):
        engine = engine or Recorder()
        cfg = {"token": TOKEN, "key_prefix": key_prefix}
        if aes:
            cfg.update(aes_key=aes[0], app_id=aes[1])
        app = WeChatApp(engine, any_store, Keys(key_prefix), Config(**cfg),
                        kb_source=kb_source or fake_kb(), **app_kw)
        client = httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://wx.test")
        made.append(client)
        return client, app, engine

    yield _make
    for c in made:
        c.close()
    r = getattr(any_store, "r", None)
    if r is not None:
        for k in r.scan_iter(f"{key_prefix}:*"):
            r.delete(k)


def post(client, xml, query=None, **kw):
    return client.post(f"/wechat?{sim.signed_query(TOKEN) if query is None else query}", content=xml.encode() if isinstance(xml, str) else xml, **kw)


def content_of(resp) -> str:
    return fromstring(resp.content).find("Content").text


# --- verification and signatures -----------------------------------------------------------

def test_get_verification_echoes_echostr(make):
    client, _, _ = make()
    r = client.get(f"/wechat?{sim.signed_query(TOKEN, echostr='4711abc')}")
    assert r.status_code == 200 and r.text == "4711abc"


@pytest.mark.parametrize("query", [
    "", "signature=abc&timestamp=1&nonce=2",
    sim.signed_query("wrong-token"),
    sim.signed_query(TOKEN, timestamp=int(time.time()) - 3600),   # replayed an hour later
])
def test_bad_missing_or_stale_signature_is_403_and_nothing_is_processed(make, query):
    client, _, engine = make(max_skew=300)     # the replay window production sets (YZ_SIGNATURE_MAX_AGE)
    assert client.get(f"/wechat?{query}&echostr=x").status_code == 403
    assert post(client, sim.text_xml(USER, "你好"), query=query).status_code == 403
    assert engine.seen == []


def test_methods_and_paths(make):
    client, _, _ = make()
    assert client.put(f"/wechat?{sim.signed_query(TOKEN)}").status_code == 405
    assert client.delete("/wechat").headers.get("allow") == "GET, POST"
    assert client.get("/nope").status_code == 404
    assert client.post("/healthz").status_code == 405


# --- plaintext messages → Incoming ----------------------------------------------------------

def test_text_message_round_trip(make):
    client, _, engine = make()
    r = post(client, sim.text_xml(USER, "附近哪里能热饭", msg_id=1001))
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/xml; charset=utf-8"
    root = fromstring(r.content)
    assert root.find("ToUserName").text == USER and root.find("FromUserName").text == sim.OFFICIAL
    assert root.find("MsgType").text == "text"
    assert root.find("Content").text == "答:text:附近哪里能热饭"
    (msg,) = engine.seen
    assert (msg.user, msg.kind, msg.text, msg.msg_id) == (USER, m.TEXT, "附近哪里能热饭", "id:1001")


def test_every_message_type_maps_to_one_incoming(make):
    client, _, engine = make()
    cases = [
        (sim.location_xml(USER, 30.274, 120.155, label="杭州东站"),
         dict(kind=m.LOCATION, lat=30.274, lng=120.155, label="杭州东站")),
        (sim.message_xml("voice", USER, msg_id=11, MediaId="m", Format="amr", Recognition="哪里能充电"),
         dict(kind=m.TEXT, text="哪里能充电", via_voice=True)),
        (sim.message_xml("voice", USER, msg_id=12, MediaId="m", Format="amr", Recognition=""),
         dict(kind=m.VOICE, text="")),
        (sim.message_xml("voice", USER, msg_id=13, MediaId="m", Format="amr"), dict(kind=m.VOICE)),
        (sim.message_xml("image", USER, msg_id=14, PicUrl="http://x/p.jpg", MediaId="m"), dict(kind=m.MEDIA)),
        (sim.message_xml("video", USER, msg_id=15, MediaId="m"), dict(kind=m.MEDIA)),
        (sim.message_xml("shortvideo", USER, msg_id=16, MediaId="m"), dict(kind=m.MEDIA)),
        (sim.message_xml("link", USER, msg_id=17, Title="t", Url="http://x"), dict(kind=m.MEDIA)),
        (sim.message_xml("file", USER, msg_id=18, Title="a.pdf"), dict(kind=m.MEDIA)),
        (sim.message_xml("hologram", USER, msg_id=19), dict(kind=m.MEDIA)),
        (sim.event_xml(USER, "subscribe", key="", created=1), dict(kind=m.EVENT, event="subscribe")),
        (sim.event_xml(USER, "CLICK", key="find:microwave", created=2),
         dict(kind=m.EVENT, event="click", key="find:microwave")),
        (sim.event_xml(USER, "VIEW", key="https://example.org", created=3), dict(kind=m.EVENT, event="view")),
        (sim.event_xml(USER, "location_select", key="nearby", created=4),
         dict(kind=m.EVENT, event="location_select", key="nearby")),
        (sim.event_xml(USER, "SCAN", key="123", created=5), dict(kind=m.EVENT, event="scan", key="123")),
    ]
    for xml, want in cases:
        r = post(client, xml)
        assert r.status_code == 200, xml
        got = engine.seen[-1]
        for field, value in want.items():
            assert getattr(got, field) == value, (xml, field)
    assert len(engine.seen) == len(cases)


@pytest.mark.parametrize("event", ["LOCATION", "unsubscribe"])
def test_events_that_must_not_be_answered_reply_success(make, event):
    client, _, engine = make()
    fields = {"Latitude": 30.27, "Longitude": 120.15, "Precision": 65.0} if event == "LOCATION" else {}
    r = post(client, sim.event_xml(USER, event, created=int(time.time()), **fields))
    assert r.status_code == 200 and r.text == "success"
    (msg,) = engine.seen              # the engine still sees it: it stores the position / forgets the user
    assert msg.event == event.lower()
    if event == "LOCATION":
        assert (msg.lat, msg.lng) == (30.27, 120.15)


@pytest.mark.parametrize("lat,lng", [("abc", "120.1"), ("91", "120"), ("30", "181"), ("", ""), ("nan", "1")])
def test_unreadable_location_gets_a_polite_reply_without_the_engine(make, lat, lng):
    client, _, engine = make()
    r = post(client, sim.message_xml("location", USER, msg_id=5, Location_X=lat, Location_Y=lng, Scale=15))
    assert r.status_code == 200 and content_of(r) == BAD_LOCATION
    r = post(client, sim.event_xml(USER, "LOCATION", created=7, Latitude=lat, Longitude=lng))
    assert r.status_code == 200 and r.text == "success"        # never a reply to a LOCATION event
    assert engine.seen == []


def test_engine_returning_none_is_success(make):
    client, _, _ = make(engine=Recorder(answer=lambda msg: Reply(None, intent="silent")))
    r = post(client, sim.text_xml(USER, "x"))
    assert r.status_code == 200 and r.text == "success"


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    b"<xml><ToUserName>a</ToUserName>",                                                 # malformed
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;">]><xml><FromUserName>&lol2;</FromUserName></xml>',   # billion laughs
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>',     # XXE
    b"<xml><ToUserName>gh</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>",    # no user
    b"<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><Content>x</Content></xml>",    # no type
    "<xml><FromUserName>用户</FromUserName><MsgType>text</MsgType></xml>".encode("gb18030"),       # not UTF-8
    b"\xff\xfe\x00<",
    b"",
])
def test_bad_bodies_are_400_with_no_trace(make, body):
    client, _, engine = make()
    r = post(client, body)
    assert r.status_code == 400
    assert b"Traceback" not in r.content and b"Error" not in r.content
    assert engine.seen == []


def test_oversized_bodies_are_refused_whatever_content_length_says(make):
    client, app, engine = make()
    big = sim.text_xml(USER, "驿" * MAX_BODY)
    assert post(client, big).status_code == 413
    # no Content-Length (chunked): the app reads at most 64 KB + 1 and refuses
    import io
    status = []
    env = {"REQUEST_METHOD": "POST", "PATH_INFO": "/wechat", "QUERY_STRING": sim.signed_query(TOKEN),
           "wsgi.input": io.BytesIO(big.encode())}
    app(env, lambda s, h: status.append(s))
    assert status == ["413 Payload Too Large"]
    env.update({"CONTENT_LENGTH": "banana", "wsgi.input": io.BytesIO(b"<xml/>")})
    app(env, lambda s, h: status.append(s))
    assert status[-1].startswith("400")
    assert engine.seen == []


def test_engine_exception_becomes_a_polite_reply(make):
    def boom(msg):
        raise RuntimeError("secret internals")
    client, _, _ = make(engine=Recorder(answer=boom))
    r = post(client, sim.text_xml(USER, "你好"))
    assert r.status_code == 200 and content_of(r) == FALLBACK
    assert b"secret" not in r.content


def test_reply_is_escaped_and_limited(make):
    long_text = "\n".join(f"{i}. 驿站{i} ]]> 约{i}公里" for i in range(300))
    client, _, _ = make(engine=Recorder(answer=lambda msg: Reply("a]]>b\x00\x07c\n" + long_text)))
    r = post(client, sim.text_xml(USER, "x"))
    text = content_of(r)
    assert text.startswith("a]]>bc\n0. 驿站0 ]]> 约0公里")
    assert len(text.encode()) <= MAX_REPLY_BYTES and text.endswith(MORE_POINTER)


# --- retries --------------------------------------------------------------------------------

def test_the_same_msgid_is_processed_once_and_replayed(make):
    client, _, engine = make()
    xml = sim.text_xml(USER, "热饭", msg_id=777)
    replies = [content_of(post(client, xml)) for _ in range(3)]
    assert len(engine.seen) == 1 and replies == [replies[0]] * 3
    post(client, sim.text_xml(USER, "热饭", msg_id=778))
    assert len(engine.seen) == 2


def test_events_dedupe_on_user_and_create_time(make):
    client, _, engine = make()
    xml = sim.event_xml(USER, "CLICK", key="nearby", created=1_700_000_000)
    assert content_of(post(client, xml)) == content_of(post(client, xml))
    post(client, sim.event_xml("oOther", "CLICK", key="nearby", created=1_700_000_000))
    assert len(engine.seen) == 2


def test_a_retry_during_the_first_try_waits_for_its_reply(make):
    client, _, engine = make(engine=Recorder(delay=0.4))
    xml = sim.text_xml(USER, "慢一点", msg_id=4242)
    out: dict[str, str] = {}

    def first():
        out["first"] = content_of(post(client, xml))
    t = threading.Thread(target=first)
    t.start()
    time.sleep(0.1)
    out["retry"] = content_of(post(client, xml))
    t.join(5)
    assert out["retry"] == out["first"] == "答:text:慢一点"
    assert len(engine.seen) == 1


def test_a_retry_gives_up_with_success_rather_than_processing_twice(make):
    client, _, engine = make(engine=Recorder(delay=0.6), dedupe_wait=0.15)
    xml = sim.text_xml(USER, "很慢", msg_id=4343)
    t = threading.Thread(target=post, args=(client, xml))
    t.start()
    time.sleep(0.1)
    r = post(client, xml)
    t.join(5)
    assert r.status_code == 200 and r.text == "success"
    assert len(engine.seen) == 1


# --- safe and compatible mode -----------------------------------------------------------------

from test_wechat_protocol import (VEC_AES, VEC_APPID, VEC_ENC, VEC_NONCE, VEC_SIG,  # noqa: E402
                                        VEC_TOKEN, VEC_TS)


def test_official_vector_is_decrypted_answered_and_the_reply_decrypts(any_store, key_prefix):
    engine = Recorder(answer=lambda msg: Reply(f"你说：{msg.text}"))
    app = WeChatApp(engine, any_store, Keys(key_prefix),
                    Config(token=VEC_TOKEN, aes_key=VEC_AES, app_id=VEC_APPID, key_prefix=key_prefix),
                    kb_source=fake_kb(), max_skew=0)   # the vector's timestamp is from 2014
    q = (f"signature={sign(VEC_TOKEN, VEC_TS, VEC_NONCE)}&timestamp={VEC_TS}&nonce={VEC_NONCE}"
         f"&encrypt_type=aes&msg_signature={VEC_SIG}")
    body = f"<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[{VEC_ENC}]]></Encrypt></xml>"
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://wx.test") as client:
        r = client.post(f"/wechat?{q}", content=body.encode())
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
        assert engine.seen[0].text == "hello"
        env = {el.tag: el.text for el in fromstring(r.content)}
        assert sign(VEC_TOKEN, env["TimeStamp"], env["Nonce"], env["Encrypt"]) == env["MsgSignature"]
        inner = fromstring(Crypto(VEC_TOKEN, VEC_AES, VEC_APPID).decrypt(env["Encrypt"]))
        assert inner.find("Content").text == "你说：hello"
        # a tampered msg_signature → 403 before any decryption; an undecryptable body → 400
        bad_sig = q.replace(VEC_SIG, "0" * 40)
        assert client.post(f"/wechat?{bad_sig}", content=body.encode()).status_code == 403
        junk = "A" * 64
        q2 = q.replace(VEC_SIG, sign(VEC_TOKEN, VEC_TS, VEC_NONCE, junk))
        assert client.post(f"/wechat?{q2}", content=body.replace(VEC_ENC, junk).encode()).status_code == 400
        assert len(engine.seen) == 1


def test_official_vector_with_only_msg_signature_is_answered_by_default_config(any_store, key_prefix):
    """The vector as published carries msg_signature, timestamp and nonce but no plain signature:
    msg_signature already signs token, timestamp, nonce and the body, so it is enough — and a
    plaintext body may not ride on it."""
    engine = Recorder(answer=lambda msg: Reply(f"你说：{msg.text}"))
    app = WeChatApp(engine, any_store, Keys(key_prefix),
                    Config(token=VEC_TOKEN, aes_key=VEC_AES, app_id=VEC_APPID, key_prefix=key_prefix),
                    kb_source=fake_kb())
    q = f"timestamp={VEC_TS}&nonce={VEC_NONCE}&encrypt_type=aes&msg_signature={VEC_SIG}"
    body = f"<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[{VEC_ENC}]]></Encrypt></xml>"
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://wx.test") as client:
        r = client.post(f"/wechat?{q}", content=body.encode())
        assert r.status_code == 200 and engine.seen[0].text == "hello"
        env = {el.tag: el.text for el in fromstring(r.content)}
        inner = fromstring(Crypto(VEC_TOKEN, VEC_AES, VEC_APPID).decrypt(env["Encrypt"]))
        assert inner.find("Content").text == "你说：hello"
        assert client.post(f"/wechat?{q.replace(VEC_SIG, '1' * 40)}", content=body.encode()).status_code == 403
        plain = sim.text_xml(USER, "没有签名的明文")
        assert client.post(f"/wechat?{q}", content=plain.encode()).status_code == 403
        assert len(engine.seen) == 1


@pytest.mark.parametrize("compatible", [False, True])
def test_safe_and_compatible_mode_reply_encrypted(make, compatible):
    client, app, engine = make(aes=(VEC_AES, VEC_APPID))
    query, body = sim.encrypted_request(app.crypto, sim.text_xml(USER, "加密的问题"), compatible=compatible)
    r = post(client, body, query=query)
    assert r.status_code == 200
    env = {el.tag: el.text for el in fromstring(r.content)}
    inner = fromstring(app.crypto.decrypt(env["Encrypt"]))
    assert inner.find("Content").text == "答:text:加密的问题"
    assert inner.find("ToUserName").text == USER
    assert engine.seen[0].text == "加密的问题"


def test_encrypted_message_without_msg_signature_is_403(make):
    client, app, engine = make(aes=(VEC_AES, VEC_APPID))
    query, body = sim.encrypted_request(app.crypto, sim.text_xml(USER, "x"))
    query = "&".join(kv for kv in query.split("&") if not kv.startswith("msg_signature="))
    assert post(client, body, query=query).status_code == 403
    assert engine.seen == []


# --- health, resilience, logs -------------------------------------------------------------------

def test_healthz(make):
    client, _, _ = make(kb_source=fake_kb(8))
    r = client.get("/healthz")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["stations"] == 8 and body["status"] == "ok" and body["store"] in ("ok", "embedded")
    client, _, _ = make(kb_source=SimpleNamespace(kb=None))      # not loaded yet
    assert client.get("/healthz").status_code == 503


def test_redis_down_still_answers_200(key_prefix):
    from bot.store.redis_store import RedisStore
    from bot.store.resilient import ResilientStore
    store = ResilientStore(RedisStore("redis://127.0.0.1:1/0", socket_timeout=0.2))
    engine = Recorder()
    app = WeChatApp(engine, store, Keys(key_prefix), Config(token=TOKEN, key_prefix=key_prefix),
                    kb_source=fake_kb())
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url="http://wx.test") as client:
        for i in range(3):
            r = post(client, sim.text_xml(USER, f"第{i}条"))
            assert r.status_code == 200 and content_of(r) == f"答:text:第{i}条"
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json()["store"] == "down"


def test_one_json_log_line_per_message_without_raw_data(make, caplog):
    client, _, _ = make()
    with caplog.at_level(logging.INFO, logger="yz.message"):
        post(client, sim.text_xml(USER, "我在东宁路附近", msg_id=99))
        post(client, sim.location_xml(USER, 30.2741, 120.1551))
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "yz.message"]
    assert len(lines) == 2
    first = lines[0]
    assert first["user"] == user_hash(USER) and first["kind"] == "text" and first["intent"] == "fake"
    assert first["dedupe"] == "first" and first["reply_bytes"] > 0 and first["latency_ms"] >= 0
    everything = caplog.text
    assert USER not in everything and "东宁路" not in everything and "30.2741" not in everything


# --- the query string ---------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text("ab=%+&2EF\u4f60", max_size=6), st.text("ab=%+&2EF\u4f60 ", max_size=6)),
                max_size=5).map(lambda kv: "&".join(f"{k}={v}" if v else k for k, v in kv)))
def test_query_parsing_matches_parse_qs(qs):
    from urllib.parse import parse_qs

    from bot.wechat.app import _query
    want = {k: v[0] for k, v in parse_qs(qs, keep_blank_values=True).items()}
    assert _query({"QUERY_STRING": qs}) == want

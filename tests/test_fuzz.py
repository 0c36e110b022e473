"""Hostile input (issue #6 item 5).

- The engine (`Engine.handle`) fed random Unicode, emoji, control characters, 10,000-character
  messages, garbage coordinates and event keys: no exception escapes, and none is swallowed either
  (a swallowed one shows as intent "error").
- The XML endpoint fed random bytes and random WeChat-shaped XML: 200 with well-formed XML (or
  "success") addressed to the sender, or a 4xx — never a 5xx.
- Attacks on a live server: entity expansion, external entities, deep nesting, huge bodies, slow
  clients — each answered with a 4xx within 1 s, and the server keeps serving.
"""
from __future__ import annotations

import logging
import socket
import time
from contextlib import contextmanager

import httpx
import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.messages import EVENT, LOCATION, MEDIA, TEXT, VOICE, Incoming, Reply
from bot.wechat import simulator as sim
from support.servers import BotServer, bot_env
from support.wechat import wsgi_call

pytest.importorskip("knowledge.source")

TOKEN = "fuzzToken"
FUZZ = settings(max_examples=120, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Words the understanding layer reacts to, so random mixes reach deep into it.
WORDS = ["附近", "哪里", "能", "热饭", "热反", "微博炉", "厕所", "洗澡", "换电", "母婴室", "驿站", "易站",
         "红日亭", "红日停", "丁家桥", "丁家乔", "南苑", "东宁路", "几点", "关门", "开门", "24小时",
         "晚上", "还开吗", "不用", "没有", "吗", "第二个", "第99个", "第0个", "更多", "它", "怎么走",
         "锁门了", "坏了", "我在", "杭州", "宁波", "海曙", "段塘", "义剪", "什么时候", "入会", "你好",
         "谢谢", "天气", "？", "！", "。", "，", " ", "\n", "\t", "🙂", "🛵", "👍🏽", "\u200b", "\u202e",
         "\x00", "\x1b[31m", "]]>", "<xml>", "&amp;", "'; DROP TABLE", "%s%n", "{}", "\ufeff", "ｈｅｌｌｏ"]

texts = st.one_of(
    st.text(max_size=200),                                                    # any Unicode scalar
    st.lists(st.sampled_from(WORDS), max_size=30).map("".join),               # near-meaningful
    st.text(alphabet=st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), max_size=50),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=50),         # control characters
    st.text(alphabet=st.characters(categories=["Cs", "Co", "Cn"]), max_size=20),  # surrogates, private use
)
floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, 90.0, -90.0, 180.0, 30.27]))
events = st.sampled_from(["subscribe", "unsubscribe", "click", "location", "location_select", "view",
                          "scan", "", "CLICK", "⚠️"])
keys = st.one_of(st.sampled_from(["nearby", "find:microwave", "find:24h", "find:", "find:nonexistent",
                                  "join_union", "help", ""]), st.text(max_size=40))
users = st.sampled_from(["oFuzzA", "oFuzzB", "oFuzzC", "", "o" * 500, "\u202euser", "用户"])


@st.composite
def incomings(draw) -> Incoming:
    kind = draw(st.sampled_from([TEXT, TEXT, TEXT, LOCATION, EVENT, VOICE, MEDIA, "unknown"]))
    return Incoming(user=draw(users), kind=kind, text=draw(texts), lat=draw(floats), lng=draw(floats),
                    label=draw(st.text(max_size=30)), event=draw(events), key=draw(keys),
                    msg_id=draw(st.text(max_size=20)), at=draw(st.floats(min_value=0, max_value=4e9)),
                    via_voice=draw(st.booleans()))


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    from bot.config import Config
    from bot.runtime import build_runtime
    from bot.store import MemoryStore
    return build_runtime(Config(token=TOKEN, var_dir=tmp_path_factory.mktemp("var")), store=MemoryStore())


@pytest.fixture(scope="module")
def app(runtime):
    from bot.wechat.app import WeChatApp
    return WeChatApp.from_runtime(runtime)


class _Swallowed(logging.Handler):
    """Collects exceptions the engine or channel logged while catching them."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def capture_errors():
    """Exceptions logged (and caught) by the channel or the engine while the block runs."""
    h = _Swallowed()
    root, yz = logging.getLogger(), logging.getLogger("yz")
    propagate = yz.propagate
    root.addHandler(h)
    yz.propagate = True          # bot.logs stops "yz" at its own handler; let the test see it
    try:
        yield h.records
    finally:
        root.removeHandler(h)
        yz.propagate = propagate


def _assert_answer(reply, msg):
    assert isinstance(reply, Reply)
    assert reply.intent != "error", f"the engine swallowed an exception on {msg!r}"
    assert reply.text is None or (isinstance(reply.text, str) and reply.text.strip())


# --- the engine ---------------------------------------------------------------------------------

@FUZZ
@given(msg=incomings())
def test_engine_answers_anything_without_an_exception(runtime, msg):
    reply = runtime.engine.handle(msg)
    _assert_answer(reply, msg)


@pytest.mark.parametrize("text", [
    "热" * 10_000,
    "附近哪里能热饭" * 1430,
    "🛵🙂👍🏽" * 3000,
    "\x00" * 10_000,
    "\u202e\u200b" * 5000,
    "a" * 10_000,
    "".join(chr(c) for c in range(0x4E00, 0x4E00 + 10_000)),
    "我在" + "杭州东宁路" * 2000,
    "第" + "9" * 9_999 + "个",
    "东宁路驿站锁门了" + "！" * 9_992,
], ids=["one-char", "question-repeated", "emoji", "nul", "bidi-zero-width", "latin", "cjk-block",
        "place-repeated", "huge-ordinal", "report-shouting"])
def test_engine_answers_ten_thousand_character_messages_in_time(runtime, text):
    assert len(text) >= 10_000
    with capture_errors() as swallowed:
        t0 = time.monotonic()
        reply = runtime.engine.handle(Incoming(user="oFuzzLong", kind=TEXT, text=text))
        took = time.monotonic() - t0
    _assert_answer(reply, text[:40])
    assert not swallowed, [r.getMessage() for r in swallowed]
    assert took < 2.0, f"{took:.2f} s for a 10,000-character message"


# --- the XML endpoint, in process ---------------------------------------------------------------

def _check_http(status: int, body: bytes, request: bytes | None = None) -> None:
    assert status < 500, (status, body[:200])
    if status == 200 and body != b"success":
        root = fromstring(body)                       # well-formed, no DTD
        assert root.tag == "xml" and root.findtext("MsgType") == "text"
        assert (root.findtext("Content") or "").strip()
        if request is not None:     # addressed to whoever sent it
            from bot.wechat.protocol import clean, parse_xml
            assert root.findtext("ToUserName") == clean(parse_xml(request)["FromUserName"])
    elif status != 200:
        assert 400 <= status < 500


@FUZZ
@given(body=st.binary(max_size=3000))
def test_random_bytes_are_refused_with_a_4xx(app, body):
    status, out = wsgi_call(app, TOKEN, body)
    _check_http(status, out)
    assert status != 200 or out == b"success" or body.startswith(b"<")


FIELDS = ["ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "MsgId", "Location_X",
          "Location_Y", "Label", "Event", "EventKey", "Recognition", "Latitude", "Longitude", "Encrypt"]
MSG_TYPES = ["text", "location", "voice", "image", "event", "link", "video", "TEXT", "", "shortvideo", "💥"]


@st.composite
def wechat_xml(draw) -> tuple[bytes, str]:
    user = draw(st.sampled_from(["oFuzzX", "oFuzzY", "", " ", "o" * 300]))
    fields = {"ToUserName": "gh_fuzz", "FromUserName": user, "CreateTime": draw(st.text(max_size=12)),
              "MsgType": draw(st.sampled_from(MSG_TYPES))}
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=8)):
        fields[name] = draw(st.one_of(texts, floats.map(str), st.integers().map(str)))
    raw = draw(st.booleans())      # raw: unescaped text, which may break the XML (→ 400)
    parts = []
    for name, value in fields.items():
        parts.append(f"<{name}>{value}</{name}>" if raw else f"<{name}><![CDATA[{sim.cdata(value)}]]></{name}>")
    body = ("<xml>" + "".join(parts) + "</xml>").encode("utf-8", "surrogatepass")
    return body, user


@FUZZ
@given(case=wechat_xml())
def test_random_wechat_xml_gets_xml_or_a_4xx(app, case):
    body, user = case
    with capture_errors() as swallowed:
        status, out = wsgi_call(app, TOKEN, body)
    _check_http(status, out, body)
    errors = [r for r in swallowed if r.exc_info]
    assert not errors, [r.getMessage() for r in errors]


# --- attacks on a live server ---------------------------------------------------------------------

BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']><xml><ToUserName>a</ToUserName><FromUserName>oAtk</FromUserName><CreateTime>1</CreateTime>'
                    b'<MsgType>text</MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>')
XXE_FILE = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'<xml><FromUserName>oAtk</FromUserName><MsgType>text</MsgType><Content>&xxe;</Content></xml>')
XXE_PARAM = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>'
             b'<xml><FromUserName>oAtk</FromUserName><MsgType>text</MsgType><Content>x</Content></xml>')
XXE_DTD = (b'<?xml version="1.0"?><!DOCTYPE xml SYSTEM "http://127.0.0.1:9/evil.dtd">'
           b'<xml><FromUserName>oAtk</FromUserName><MsgType>text</MsgType><Content>x</Content></xml>')
DOCTYPE_LOWER = b'<!doctype xml [<!entity a "b">]><xml><FromUserName>o</FromUserName><MsgType>text</MsgType></xml>'
_DEPTH = 9_000
DEEP = (b"<xml><FromUserName>oAtk</FromUserName><MsgType>text</MsgType>" + b"<a>" * _DEPTH + b"x"
        + b"</a>" * _DEPTH + b"</xml>")
WIDE = b"<xml>" + b"<FromUserName>oAtk</FromUserName><MsgType>text</MsgType>" + b"<a/>" * 15_000 + b"</xml>"
UTF16 = '<?xml version="1.0" encoding="UTF-16"?><xml><FromUserName>o</FromUserName></xml>'.encode("utf-16")
NOT_UTF8 = b"<xml><FromUserName>o\xff\xfe</FromUserName><MsgType>text</MsgType></xml>"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = BotServer(bot_env(TOKEN, YZ_VAR_DIR=str(tmp_path_factory.mktemp("var"))), workers=1, threads=4)
    server.start().wait_ready()
    yield server
    log = server.log()
    server.close()
    assert "Traceback" not in log, log[-3000:]


def _still_serving(live) -> None:
    with httpx.Client(base_url=live.base, timeout=5) as c:
        t0 = time.monotonic()
        r = c.post(f"/wechat?{sim.signed_query(TOKEN)}", content=sim.text_xml("oAfter", "你好").encode())
        assert r.status_code == 200 and fromstring(r.content).findtext("Content")
        assert time.monotonic() - t0 < 1.0


HOSTILE = {"billion laughs": BILLION_LAUGHS, "external entity (file)": XXE_FILE,
           "external parameter entity": XXE_PARAM, "external DTD": XXE_DTD, "lower-case doctype": DOCTYPE_LOWER,
           "deep nesting": DEEP, "wide": WIDE, "utf-16": UTF16, "not utf-8": NOT_UTF8,
           "10 MB": b"<xml>" + b"a" * 10_000_000 + b"</xml>"}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_bodies_get_a_4xx_within_a_second(live, name):
    body = HOSTILE[name]
    with httpx.Client(base_url=live.base, timeout=5) as c:
        t0 = time.monotonic()
        try:
            r = c.post(f"/wechat?{sim.signed_query(TOKEN)}", content=body)
            status = r.status_code
        except httpx.WriteError:
            status = 413          # the server answered 413 and closed while the client still sent
        took = time.monotonic() - t0
    if name == "wide":            # well-formed, no DTD: a message with junk beside it is answered
        assert status == 200 and fromstring(r.content).findtext("Content")
    else:
        assert 400 <= status < 500, (name, status)
    assert took < 1.0, f"{name}: {took:.2f} s"
    _still_serving(live)


def test_a_chunked_body_over_the_limit_gets_413(live):
    def chunks():
        for _ in range(200):
            yield b"<xml>" + b"a" * 8192
    with httpx.Client(base_url=live.base, timeout=5) as c:
        t0 = time.monotonic()
        try:
            status = c.post(f"/wechat?{sim.signed_query(TOKEN)}", content=chunks()).status_code
        except httpx.WriteError:
            status = 413
        assert status in (400, 413) and time.monotonic() - t0 < 1.0
    _still_serving(live)


def _slow_client(port: int, declared: int = 2000, every: float = 0.1, for_s: float = 3.0) -> tuple[bytes, float]:
    """Send the headers and a first bit of the body, then trickle a byte every `every` seconds.
    Returns what the server answered and after how long (the client gives up after `for_s`)."""
    head = (f"POST /wechat?{sim.signed_query(TOKEN)} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
            f"Content-Length: {declared}\r\n\r\n").encode()
    return _trickle(port, head + b"<xml><ToUserName>", b"a", every, for_s)


def _slow_headers(port: int, every: float = 0.1, for_s: float = 3.0) -> tuple[bytes, float]:
    """The request line and one header, then a header that never ends, a byte at a time."""
    first = f"POST /wechat?{sim.signed_query(TOKEN)} HTTP/1.1\r\nHost: x\r\nX-Slow: ".encode()
    return _trickle(port, first, b"a", every, for_s)


def _trickle(port: int, first: bytes, byte: bytes, every: float, for_s: float) -> tuple[bytes, float]:
    s = socket.create_connection(("127.0.0.1", port), timeout=for_s)
    t0 = time.monotonic()
    answer = b""
    try:
        s.sendall(first)
        s.setblocking(False)
        while time.monotonic() - t0 < for_s:
            try:
                answer = s.recv(4096)
                if answer or answer == b"":
                    break
            except BlockingIOError:
                pass
            try:
                s.send(byte)
            except OSError:
                break
            time.sleep(every)
        if not answer:                      # one last look: a reply may have come with a reset
            s.settimeout(0.2)
            try:
                answer = s.recv(4096)
            except OSError:
                pass
    finally:
        took = time.monotonic() - t0
        s.close()
    return answer, took


def test_a_client_trickling_its_body_gets_a_4xx_within_a_second(live):
    answer, took = _slow_client(live.port, for_s=2.0)
    assert answer.startswith(b"HTTP/1.1 4"), answer[:100]
    assert took < 1.0, f"answered after {took:.1f} s"


def test_a_client_trickling_its_headers_gets_408_within_a_second(live):
    answer, took = _slow_headers(live.port, for_s=2.0)
    assert answer.startswith(b"HTTP/1.1 408"), answer[:100]
    assert took < 1.0, f"answered after {took:.1f} s"


@pytest.mark.parametrize("attack", ["body", "headers", "idle"])
def test_slow_or_idle_clients_do_not_stop_the_server_answering_others(live, attack):
    """Twice as many slow clients as the worker has threads — trickling a body, trickling
    headers, or connected and silent — and a normal message is still answered within 1 s."""
    import threading
    idle: list[socket.socket] = []
    threads = []
    if attack == "idle":
        idle = [socket.create_connection(("127.0.0.1", live.port)) for _ in range(live.threads * 2)]
    else:
        target = _slow_client if attack == "body" else _slow_headers
        threads = [threading.Thread(target=target, args=(live.port,), kwargs={"for_s": 2.0}, daemon=True)
                   for _ in range(live.threads * 2)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    try:
        _still_serving(live)
    finally:
        for t in threads:
            t.join(5)
        for sock in idle:
            sock.close()

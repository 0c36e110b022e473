"""The WSGI app: `/wechat` (GET verification, POST messages) and `GET /healthz`.

Order of a POST, each step refusing before any work is done: query signature (403) →
timestamp freshness (403) → body size (413) → body in within BODY_LIMIT (408) → XML without
DTD (400) → in safe mode msg_signature (403) then decrypt (400) → WeRoBot's typed message,
required fields (400) → dedupe + engine → render → encrypt (protocol.py wraps WeRoBot for
signatures, AES and rendering; mapping.py for message types). WeRoBot's own app and
sessions are not used: state lives in our store, retries are deduplicated before the engine. Every exception is caught here: a polite text when the
message could be read, else 400 — never a 500, never a stack trace in a response.

Round trips per message with the dialogue engine and Redis: two (see Engine.handle_once);
usage counts are buffered (bot.ops.stats) and written when the worker goes idle — `flush`,
called here after the last request in flight, before its response leaves — or every second.
"""
from __future__ import annotations

import json
import threading
import time
from typing import Any, Callable, Iterable
from urllib.parse import unquote_plus

from werobot.messages.events import WeChatEvent

from bot import logs
from bot.config import Config
from bot.messages import Incoming, Reply
from bot.dialogue.state import Once
from bot.store import MemoryStore, Store, StoreError
from bot.store.keys import Keys

from . import protocol as p
from .deadline import BodyDeadline, BodyTimeout
from .dedupe import FIRST, Deduper, encode
from .mapping import BadContent, Typed, no_reply_allowed, parse_message, to_incoming

BAD_LOCATION = "没能读出这个位置。请点输入框旁的“+”→“位置”，重新发送一次您的位置。"
FALLBACK = "抱歉，系统刚才开了小差，请稍后再发一次。也可以直接发送您的位置，查找附近的工会驿站。"

XML = "application/xml; charset=utf-8"
PLAIN = "text/plain; charset=utf-8"
JSON = "application/json; charset=utf-8"

StartResponse = Callable[..., Any]


class Response:
    __slots__ = ("status", "body", "ctype", "extra")

    def __init__(self, status: int, body: str | bytes = b"", ctype: str = PLAIN, extra=()):
        self.status = status
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.ctype = ctype
        self.extra = list(extra)


_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 408: "Request Timeout", 411: "Length Required",
            413: "Payload Too Large",
            500: "Internal Server Error", 503: "Service Unavailable"}
SUCCESS = Response(200, p.SUCCESS_BODY)


class WeChatApp:
    def __init__(self, engine, store: Store, keys: Keys, config: Config, kb_source=None,
                 path: str = "/wechat", max_skew: float | None = None,
                 dedupe_ttl: float | None = None, dedupe_wait: float = 4.5,
                 flush: Callable[[], None] | None = None, body_deadline: BodyDeadline | None = None):
        self.engine, self.store, self.keys, self.config = engine, store, keys, config
        self.kb_source = kb_source
        self.path = path
        # A request signed more than this many seconds ago is a replay (0 disables the check).
        self.max_skew = float(max_skew if max_skew is not None else config.signature_max_age)
        self.crypto = p.Crypto(config.token, config.aes_key, config.app_id) if config.aes_key else None
        ttl = dedupe_ttl or config.dedupe_ttl
        self.deduper = Deduper(store, keys, ttl=float(ttl), wait=dedupe_wait)
        # the dialogue engine claims a message with the rider's lock: no round trip of its own
        self._handle_once = getattr(engine, "handle_once", None)
        self.flush = flush
        self.body_deadline = body_deadline or BodyDeadline()
        self._busy = 0
        self._busy_lock = threading.Lock()

    @classmethod
    def from_runtime(cls, rt, **kw) -> "WeChatApp":
        usage = getattr(rt, "usage", None)
        kw.setdefault("flush", getattr(usage, "flush", None))
        return cls(rt.engine, rt.store, rt.keys, rt.config, kb_source=rt.kb_source, **kw)

    def after_fork(self) -> None:
        self.store.after_fork()

    def at_exit(self) -> None:
        """A worker stops: write what is still buffered (usage counts)."""
        if self.flush is not None:
            try:
                self.flush()
            except Exception:  # noqa: BLE001 - exiting anyway; counts are best effort
                logs.log.exception("flush at exit failed")

    # --- WSGI entry ---
    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        with self._busy_lock:
            self._busy += 1
        try:
            resp = self._route(environ)
        except Exception:  # noqa: BLE001 - the boundary: log it, answer 400, keep serving
            logs.log.exception("unhandled error outside a message")
            resp = Response(400, "bad request")
        finally:
            with self._busy_lock:
                self._busy -= 1
                idle = self._busy == 0
        if idle and self.flush is not None:
            # the last request in flight: write buffered counts before its response leaves, so
            # whoever got every response also finds every message counted
            try:
                self.flush()
            except Exception:  # noqa: BLE001 - statistics never cost a rider an answer
                logs.log.exception("usage flush failed")
        headers = [("Content-Type", resp.ctype), ("Content-Length", str(len(resp.body))), *resp.extra]
        start_response(f"{resp.status} {_REASONS.get(resp.status, '')}", headers)
        return [resp.body]

    def _route(self, environ: dict) -> Response:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path.rstrip("/") == self.path:
            if method == "POST":
                return self._post(environ)
            if method == "GET":
                return self._verify(environ)
            return Response(405, "method not allowed", extra=[("Allow", "GET, POST")])
        if path == "/healthz":
            if method not in ("GET", "HEAD"):
                return Response(405, "method not allowed", extra=[("Allow", "GET")])
            return self.health()
        return Response(404, "not found")

    # --- GET /healthz ---
    def health(self) -> Response:
        try:
            stations = len(self.kb_source.kb.stations)
        except Exception:  # noqa: BLE001 - not loaded (yet) is exactly what 503 reports
            return Response(503, json.dumps({"status": "starting"}), JSON)
        if isinstance(self.store, MemoryStore):
            store = "embedded"
        else:
            store = "ok" if self.store.ping() else "down"   # down still serves, without memory
        body = {"status": "ok", "stations": stations, "store": store}
        return Response(200, json.dumps(body), JSON)

    # --- GET /wechat: the console's URL check ---
    def _verify(self, environ: dict) -> Response:
        q = _query(environ)
        if not self._signed(q):
            return Response(403, "forbidden")
        return Response(200, q.get("echostr", ""))

    def _signed(self, q: dict[str, str]) -> bool:
        ts, nonce = q.get("timestamp", ""), q.get("nonce", "")
        if not p.signature_ok((self.config.token, ts, nonce), q.get("signature")):
            logs.event_line("rejected", reason="bad signature")
            return False
        if not p.timestamp_fresh(ts, self.max_skew):
            logs.event_line("rejected", reason="stale timestamp")
            return False
        return True

    # --- POST /wechat: a message ---
    def _post(self, environ: dict) -> Response:
        started = time.perf_counter()
        q = _query(environ)
        # Safe mode signs the body itself (msg_signature over token, timestamp, nonce and Encrypt,
        # checked below before anything is decrypted), so a request carrying only msg_signature
        # — as WeChat's published test vector does — needs no plain `signature` as well.
        by_msg_signature = (self.crypto is not None and bool(q.get("msg_signature"))
                            and q.get("encrypt_type", "").lower() == "aes" and "signature" not in q)
        if by_msg_signature:
            if not p.timestamp_fresh(q.get("timestamp", ""), self.max_skew):
                logs.event_line("rejected", reason="stale timestamp")
                return Response(403, "forbidden")
        elif not self._signed(q):
            return Response(403, "forbidden")
        try:
            body = _read_body(environ, self.body_deadline)
            fields = p.parse_xml(body)
            encrypted = self._want_encryption(q, fields)
            if by_msg_signature and not encrypted:
                raise p.ProtocolError(403, "plaintext body without a signature")
            if encrypted:
                fields = p.parse_xml(self.crypto.open(q.get("timestamp", ""), q.get("nonce", ""),
                                                      q.get("msg_signature"), fields["Encrypt"]))
            typed = parse_message(fields)
            msg = to_incoming(typed, self.config.location_event_system)
        except BodyTimeout:
            logs.event_line("rejected", reason="body not received in time", status=408)
            return Response(408, "request timeout")
        except p.ProtocolError as e:
            logs.event_line("rejected", reason=e.reason, status=e.status)
            return Response(e.status, "forbidden" if e.status == 403 else "bad request")
        except BadContent:
            # a LOCATION event must never be answered, even when its coordinates are garbage
            text = None if isinstance(typed, WeChatEvent) else BAD_LOCATION
            return self._answer(typed, None, text, encrypted, q, started, "bad_content", "")

        try:
            if self._handle_once is not None:
                return self._once(typed, msg, encrypted, q, started)
            outcome = self.deduper.claim(msg.user, msg.msg_id)
            if outcome.status == FIRST:
                reply = self._handle(msg)
                text = None if no_reply_allowed(msg) else reply.text
                self.deduper.finish(self.deduper.key(msg.user, msg.msg_id), text, reply.intent)
                return self._answer(typed, msg, text, encrypted, q, started, FIRST, reply.intent)
            return self._answer(typed, msg, outcome.text, encrypted, q, started, outcome.status, outcome.intent)
        except Exception:  # noqa: BLE001 - a readable message always gets a polite answer
            logs.log.exception("error while answering a message")
            text = None if no_reply_allowed(msg) else FALLBACK
            return self._answer(typed, msg, text, encrypted, q, started, "error", "error")

    def _once(self, typed: Typed, msg: Incoming, encrypted: bool, q: dict[str, str],
              started: float) -> Response:
        """The engine claims the message with the rider's lock and stores the reply with their
        state; a duplicate (a retry) waits for that reply instead."""
        silent = no_reply_allowed(msg)
        once = Once(self.deduper.key(msg.user, msg.msg_id), self.deduper.ttl,
                    lambda r: encode(None if silent else r.text, r.intent))
        try:
            reply = self._handle_once(msg, once)
        except Exception:  # noqa: BLE001 - the engine promises never to raise; keep the promise for it
            logs.log.exception("engine raised")
            reply = Reply(FALLBACK, intent="error")
        if not isinstance(reply, Reply):
            reply = Reply(FALLBACK, intent="error")
        if once.duplicate:
            left = self.deduper.wait - (time.perf_counter() - started)
            out = self.deduper.await_reply(once.key, once.prior, wait=max(0.0, left))
            return self._answer(typed, msg, out.text, encrypted, q, started, out.status, out.intent)
        text = None if silent else reply.text
        if not once.saved:            # the turn failed or ran without the store: store it now
            try:
                self.deduper.finish(once.key, text, reply.intent)
            except StoreError as e:
                logs.event_line("reply not stored for retries", error=str(e)[:200])
        return self._answer(typed, msg, text, encrypted, q, started, FIRST, reply.intent)

    def _want_encryption(self, q: dict[str, str], fields: p.Fields) -> bool:
        """Safe mode, or compatible mode with our key: decrypt and answer encrypted."""
        if q.get("encrypt_type", "").lower() != "aes" and "FromUserName" in fields:
            return False
        if "Encrypt" not in fields:
            if "FromUserName" in fields:
                return False
            raise p.ProtocolError(400, "neither plaintext fields nor Encrypt")
        if self.crypto is None:
            if "FromUserName" in fields:     # compatible mode, but we have no key: use plaintext
                return False
            raise p.ProtocolError(400, "encrypted message but WECHAT_AES_KEY is not configured")
        if not isinstance(fields["Encrypt"], str):
            raise p.ProtocolError(400, "Encrypt has child elements")
        return True

    def _handle(self, msg: Incoming) -> Reply:
        try:
            reply = self.engine.handle(msg)
        except Exception:  # noqa: BLE001 - the engine promises never to raise; keep the promise for it
            logs.log.exception("engine raised")
            return Reply(FALLBACK, intent="error")
        return reply if isinstance(reply, Reply) else Reply(FALLBACK, intent="error")

    def _answer(self, typed: Typed, msg: Incoming | None, text: str | None, encrypted: bool,
                q: dict[str, str], started: float, dedupe: str, intent: str) -> Response:
        user = msg.user if msg is not None else typed.source or ""
        if text is None or not text.strip():
            resp = SUCCESS
        else:
            # WeRoBot's reply convention: the request's source becomes the target
            xml = p.render_text(user, typed.target or "", text)
            if encrypted:
                xml = self.crypto.wrap(xml, nonce=q.get("nonce") or None)
            resp = Response(200, xml, XML)
        raw = None
        if self.config.log_raw and msg is not None:
            raw = {"text": msg.text, "lat": msg.lat, "lng": msg.lng}
        logs.message_line(user=user, kind=msg.kind if msg else "bad_content",
                          event=msg.event if msg else "", intent=intent,
                          latency_ms=(time.perf_counter() - started) * 1000,
                          reply_bytes=len(resp.body), dedupe=dedupe, raw=raw, log_raw=self.config.log_raw)
        return resp


def _query(environ: dict) -> dict[str, str]:
    """The query as {name: first value}, as parse_qs(keep_blank_values=True) gives it; split by
    hand because WeChat's query is plain ASCII and parse_qs costs more than the signature check."""
    qs = environ.get("QUERY_STRING", "")
    if len(qs) > 4096:
        return {}
    out: dict[str, str] = {}
    for part in qs.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        if "%" in part or "+" in part:
            name, value = unquote_plus(name), unquote_plus(value)
        out.setdefault(name, value)
    return out


def _read_body(environ: dict, deadline: BodyDeadline) -> bytes:
    """At most MAX_BODY + 1 bytes, whatever Content-Length claims, within the body deadline."""
    raw_len = environ.get("CONTENT_LENGTH") or ""
    if raw_len:
        try:
            length = int(raw_len)
        except ValueError:
            raise p.ProtocolError(400, "bad Content-Length") from None
        if length < 0:
            raise p.ProtocolError(400, "bad Content-Length")
        if length > p.MAX_BODY:
            raise p.ProtocolError(413, "body too large")
        to_read = length
    else:
        to_read = p.MAX_BODY + 1   # chunked or unknown: read one byte past the limit to detect it
    body = deadline.read(environ["wsgi.input"], to_read, environ.get("gunicorn.socket")) if to_read else b""
    if len(body) > p.MAX_BODY:
        raise p.ProtocolError(413, "body too large")
    return body


__all__ = ["WeChatApp", "BAD_LOCATION", "FALLBACK"]

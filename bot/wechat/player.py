"""Play messages through the real WSGI app in process, exactly as WeChat's servers send them.

`python run_bot.py eval --via-webhook` and the tests use it to check that what a rider gets
through WeChat is what the engine answered: signed query, XML body, dedupe and the rider's
lock (`Engine.handle_once`), escaping and the 2048-byte cut, and the XML reply parsed back.

WeChat's XML carries only the reply text. `Reply.intent` and `Reply.meta` (stations shown,
asks_location …) are read from a `ReplyTap` around the engine — the Reply the app received,
before it rendered it — so meta-based expectations are checked on what the engine decided,
while the text is always the one parsed out of the HTTP response. Nothing in the app changes
for this: the tap is an engine as far as WeChatApp is concerned.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import httpx

from bot.config import Config
from bot.messages import Incoming, Reply
from bot.store import Store
from bot.store.keys import Keys

from . import simulator as sim
from .app import WeChatApp
from .protocol import SUCCESS_BODY, ProtocolError, parse_xml

PLAYER_TOKEN = "yzPlayerToken"    # used when the config has none (eval runs without WECHAT_TOKEN)


class ReplyTap:
    """An engine wrapper that keeps the last Reply the engine returned (None until one is)."""

    def __init__(self, engine: Any):
        self.engine = engine
        self.last: Reply | None = None
        # WeChatApp takes the one-round-trip path only when the engine offers it; mirror that.
        if hasattr(engine, "handle_once"):
            self.handle_once = self._handle_once

    def handle(self, msg: Incoming) -> Reply:
        self.last = self.engine.handle(msg)
        return self.last

    def _handle_once(self, msg: Incoming, once: Any) -> Reply:
        self.last = self.engine.handle_once(msg, once)
        return self.last


@dataclass
class Played:
    status: int                   # HTTP status of the response
    text: str | None              # Content of the XML text reply; None for "success" (no reply)
    engine_reply: Reply | None    # what the engine answered (None: the engine was not reached)
    problem: str = ""             # why the response is not a valid reply, when it is not


class WebhookPlayer:
    """One WSGI app around `engine`, called over httpx's in-process WSGI transport."""

    def __init__(self, engine: Any, store: Store, keys: Keys, config: Config, kb_source: Any = None):
        if not config.token:
            config = dataclasses.replace(config, token=PLAYER_TOKEN)
        self.token = config.token
        self.tap = ReplyTap(engine)
        self.app = WeChatApp(self.tap, store, keys, config, kb_source=kb_source)
        self.client = httpx.Client(transport=httpx.WSGITransport(app=self.app), base_url="http://wechat.local")

    def post(self, xml: str) -> Played:
        """POST one signed plaintext message to /wechat and read the reply."""
        self.tap.last = None
        resp = self.client.post("/wechat?" + sim.signed_query(self.token), content=xml.encode("utf-8"),
                                headers={"Content-Type": "text/xml"})
        text, problem = read_reply(resp.status_code, resp.content)
        return Played(resp.status_code, text, self.tap.last, problem)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "WebhookPlayer":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def read_reply(status: int, body: bytes) -> tuple[str | None, str]:
    """(reply text or None for "success", problem) of a /wechat response."""
    if status != 200:
        return None, f"HTTP {status}"
    if body == SUCCESS_BODY.encode("ascii"):
        return None, ""
    try:
        fields = parse_xml(body)
    except ProtocolError as e:
        return None, f"reply is not valid XML ({e.reason})"
    if fields.get("MsgType") != "text" or not isinstance(fields.get("Content"), str):
        return None, f"reply is not a text message: {sorted(fields)}"
    return fields["Content"], ""


__all__ = ["Played", "ReplyTap", "WebhookPlayer", "read_reply"]

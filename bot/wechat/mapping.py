"""Parsed WeChat fields → a typed WeRoBot message → one plain `bot.messages.Incoming`.

`werobot.parser.process_message` picks the message class (TextMessage, LocationMessage,
VoiceMessage, ClickEvent, LocationEvent …, UnknownMessage / UnknownEvent for the rest); this
module first refuses what would make WeRoBot raise (missing MsgType or FromUserName, a field
that should be text but has child elements), then reads the typed attributes defensively:
WeRoBot's Int/FloatEntry raise ValueError on text such as "abc".

The channel only maps; the engine decides every text. Two cases are answered here because
they are protocol matters, not dialogue: a location pin whose coordinates cannot be read
(WeChat's own client never sends one, so it is garbage or a forgery) and a LOCATION event
with bad coordinates (WeChat forbids any reply to it anyway).
"""
from __future__ import annotations

import math
import time
from typing import Any

from werobot.messages.events import (
    LocationEvent,
    LocationSelectEvent,
    UnknownEvent,
    WeChatEvent,
)
from werobot.messages.messages import (
    LocationMessage,
    TextMessage,
    UnknownMessage,
    VoiceMessage,
    WeChatMessage,
)
from werobot.parser import process_message

from bot import messages as m
from bot.messages import Incoming

from .protocol import Fields, ProtocolError

MAX_TEXT = 2000   # characters passed to the engine; a WeChat text message is at most ~2 KB
MAX_LABEL = 200

Typed = WeChatMessage | WeChatEvent

# Fields WeChat always sends as plain text; child elements in one of them are a forgery.
_SCALAR = frozenset({"ToUserName", "FromUserName", "CreateTime", "MsgType", "MsgId", "MsgID", "Event",
           "EventKey", "Content", "Location_X", "Location_Y", "Scale", "Label", "Recognition",
           "Latitude", "Longitude", "Precision", "MediaId", "Format"})
# Containers WeChat nests one level deep, with the text fields WeRoBot reads from them.
_NESTED = {"SendLocationInfo": ("Location_X", "Location_Y", "Scale", "Label", "Poiname"),
           "ScanCodeInfo": ("ScanType", "ScanResult")}
# Typed attributes read here that WeRoBot converts with int()/float() and may raise on.
_NUMBER_ERRORS = (ValueError, TypeError, OverflowError)


class BadContent(Exception):
    """A well-formed message whose content cannot be used; the channel answers politely."""


def parse_message(fields: Fields) -> Typed:
    """The typed WeRoBot message of a parsed body; ProtocolError(400) when it is not one."""
    # WeRoBot keeps the fields in the message's __dict__, where a lower-case tag such as
    # <source> or <content> would shadow its own attributes; WeChat's tags are capitalised.
    # A copy, too: process_message pops MsgType and Event.
    raw: dict = {}
    for name, value in fields.items():
        if type(value) is str:
            if name in _NESTED:
                raise ProtocolError(400, f"{name} has no child elements")
        elif name in _SCALAR:
            raise ProtocolError(400, f"{name} has child elements")
        elif name in _NESTED and not all(type(value.get(c, "")) is str for c in _NESTED[name]):
            raise ProtocolError(400, f"{name} is not as WeChat sends it")
        if "A" <= name[:1] <= "Z":
            raw[name] = value
    if not raw.get("FromUserName") or not raw.get("MsgType"):
        raise ProtocolError(400, "FromUserName or MsgType missing")
    if raw["MsgType"].lower() == "event":
        raw.setdefault("Event", "")    # WeRoBot pops it unconditionally; "" → UnknownEvent
    try:
        return process_message(raw)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        # a class whose constructor reads nested fields (the pic_* events) choked on a
        # malformed body; process_message had set raw["type"] by then. Nothing the bot
        # answers depends on those fields.
        return UnknownEvent(raw) if raw["type"].endswith("_event") else UnknownMessage(raw)


def event_name(msg: Typed) -> str:
    """Lower-case event name ("click", "location" …); "" for a message."""
    kind = getattr(msg, "type", "")
    return kind[: -len("_event")] if isinstance(msg, WeChatEvent) and kind.endswith("_event") else ""


def _number(msg: Typed, attr: str) -> Any:
    try:
        return getattr(msg, attr)
    except _NUMBER_ERRORS:
        return None


def coords(lat: Any, lng: Any) -> tuple[float, float]:
    if not isinstance(lat, float) or not isinstance(lng, float):
        raise BadContent("coordinates are not numbers")
    if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise BadContent("coordinates out of range")
    return lat, lng


def dedupe_key(msg: Typed) -> str:
    """MsgId for messages; events have message_id == 0, so FromUserName + CreateTime (+ the
    event name, because entering the chat can fire LOCATION in the same second as subscribe)."""
    return _dedupe_key(msg, msg.source, _number(msg, "time"))


def _dedupe_key(msg: Typed, user: str, created: int | None) -> str:
    msg_id = _number(msg, "message_id")
    if msg_id:
        return f"id:{msg_id}"
    return f"ev:{user}:{'' if created is None else created}:{event_name(msg)}"


def to_incoming(msg: Typed, event_system: str = "gcj02") -> Incoming:
    """Raises BadContent for content that cannot be used (unreadable coordinates).

    `event_system`: the coordinate system of LOCATION events (WeChat does not say whether it
    is GCJ-02 or WGS-84; config.location_event_system). Incoming always carries GCJ-02.
    """
    user, created = msg.source, _number(msg, "time")
    base = {"user": user, "msg_id": _dedupe_key(msg, user, created), "at": float(created or 0) or time.time()}

    if isinstance(msg, TextMessage):
        return Incoming(kind=m.TEXT, text=(msg.content or "")[:MAX_TEXT], **base)
    if isinstance(msg, LocationMessage):
        # WeRoBot's location is (Location_X, Location_Y) = (latitude, longitude)
        lat, lng = coords(_number(msg, "location_x"), _number(msg, "location_y"))
        return Incoming(kind=m.LOCATION, lat=lat, lng=lng, label=(msg.label or "")[:MAX_LABEL], **base)
    if isinstance(msg, VoiceMessage):
        said = (msg.recognition or "").strip()       # None when Recognition is missing or empty
        if said:
            return Incoming(kind=m.TEXT, text=said[:MAX_TEXT], via_voice=True, **base)
        return Incoming(kind=m.VOICE, **base)
    if isinstance(msg, WeChatEvent):
        return _event(msg, event_system, base)
    # image, video, link, file … and types WeChat adds later: nothing to understand
    return Incoming(kind=m.MEDIA, **base)


def _event(msg: WeChatEvent, event_system: str, base: dict) -> Incoming:
    event = event_name(msg)
    key = (getattr(msg, "key", None) or "")[:MAX_LABEL]      # SimpleEvent / TicketEvent: EventKey
    if isinstance(msg, LocationEvent):
        lat, lng = coords(_number(msg, "latitude"), _number(msg, "longitude"))
        if event_system != "gcj02":
            from knowledge.coords import to_gcj02  # noqa: PLC0415 - only for this setting
            try:
                lat, lng = to_gcj02(lat, lng, event_system)
            except ValueError:   # a misconfigured system name: drop the event, not the server
                raise BadContent("unknown coordinate system") from None
        return Incoming(kind=m.EVENT, event=event, lat=lat, lng=lng, **base)
    if isinstance(msg, LocationSelectEvent):
        label = msg.label or msg.poi_name or ""
        return Incoming(kind=m.EVENT, event=event, key=key, label=label[:MAX_LABEL], **base)
    return Incoming(kind=m.EVENT, event=event, key=key, **base)


def no_reply_allowed(msg: Incoming) -> bool:
    """WeChat forbids answering a LOCATION event; an unsubscribed user cannot read a reply."""
    return msg.kind == m.EVENT and msg.event in ("location", "unsubscribe")


__all__ = ["BadContent", "Typed", "parse_message", "to_incoming", "dedupe_key", "event_name",
           "no_reply_allowed"]

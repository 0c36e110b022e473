"""WeChat message fields → one plain `bot.messages.Incoming`.

The channel only maps; the engine decides every text. Two cases are answered here because
they are protocol matters, not dialogue: a location pin whose coordinates cannot be read
(WeChat's own client never sends one, so it is garbage or a forgery) and a LOCATION event
with bad coordinates (WeChat forbids any reply to it anyway).
"""
from __future__ import annotations

import math
import time

from bot import messages as m
from bot.messages import Incoming

from .protocol import ProtocolError

MAX_TEXT = 2000   # characters passed to the engine; a WeChat text message is at most ~2 KB


class BadContent(Exception):
    """A well-formed message whose content cannot be used; the channel answers politely."""


def coords(lat_raw: str | None, lng_raw: str | None) -> tuple[float, float]:
    try:
        lat, lng = float(lat_raw or ""), float(lng_raw or "")
    except ValueError:
        raise BadContent("coordinates are not numbers") from None
    if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise BadContent("coordinates out of range")
    return lat, lng


def dedupe_key(f: dict[str, str]) -> str:
    """MsgId for messages; events have none, so FromUserName + CreateTime (+ the event name,
    because entering the chat can fire LOCATION in the same second as subscribe)."""
    msg_id = f.get("MsgId") or f.get("MsgID") or ""
    if msg_id and msg_id != "0":
        return f"id:{msg_id}"
    return f"ev:{f.get('FromUserName', '')}:{f.get('CreateTime', '')}:{f.get('Event', '').lower()}"


def to_incoming(f: dict[str, str], event_system: str = "gcj02") -> Incoming:
    """Raises ProtocolError(400) when required fields are missing, BadContent for bad content.

    `event_system`: the coordinate system of LOCATION events (WeChat does not say whether it
    is GCJ-02 or WGS-84; config.location_event_system). Incoming always carries GCJ-02.
    """
    user, msg_type = f.get("FromUserName", ""), f.get("MsgType", "").lower()
    if not user or not msg_type:
        raise ProtocolError(400, "FromUserName or MsgType missing")
    try:
        at = float(f.get("CreateTime") or 0)
    except ValueError:
        at = 0.0
    base = {"user": user, "msg_id": dedupe_key(f), "at": at or time.time()}

    if msg_type == "text":
        return Incoming(kind=m.TEXT, text=f.get("Content", "")[:MAX_TEXT], **base)
    if msg_type == "location":
        lat, lng = coords(f.get("Location_X"), f.get("Location_Y"))   # Location_X is the latitude
        return Incoming(kind=m.LOCATION, lat=lat, lng=lng, label=f.get("Label", "")[:200], **base)
    if msg_type == "voice":
        said = (f.get("Recognition") or "").strip()
        if said:
            return Incoming(kind=m.TEXT, text=said[:MAX_TEXT], via_voice=True, **base)
        return Incoming(kind=m.VOICE, **base)
    if msg_type == "event":
        event = f.get("Event", "").lower()
        key = f.get("EventKey", "")[:200]
        if event == "location":
            lat, lng = coords(f.get("Latitude"), f.get("Longitude"))
            if event_system != "gcj02":
                from knowledge.coords import to_gcj02  # noqa: PLC0415 - only for this setting
                try:
                    lat, lng = to_gcj02(lat, lng, event_system)
                except ValueError:   # a misconfigured system name: drop the event, not the server
                    raise BadContent("unknown coordinate system") from None
            return Incoming(kind=m.EVENT, event=event, lat=lat, lng=lng, **base)
        if event == "location_select":
            label = f.get("SendLocationInfo.Label") or f.get("SendLocationInfo.Poiname") or ""
            return Incoming(kind=m.EVENT, event=event, key=key, label=label[:200], **base)
        return Incoming(kind=m.EVENT, event=event, key=key, **base)
    # image, video, link, file … and types WeChat adds later: nothing to understand
    return Incoming(kind=m.MEDIA, **base)


def no_reply_allowed(msg: Incoming) -> bool:
    """WeChat forbids answering a LOCATION event; an unsubscribed user cannot read a reply."""
    return msg.kind == m.EVENT and msg.event in ("location", "unsubscribe")

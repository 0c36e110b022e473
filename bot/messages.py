"""The plain data that flows between the channel and the dialogue engine.

The WeChat channel turns XML into an `Incoming`; the engine answers with a `Reply`.
The terminal chat and the tests build `Incoming` directly, so nothing here knows WeChat.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

# Incoming.kind
TEXT = "text"          # typed text, or voice with a recognition result
LOCATION = "location"  # a location pin (GCJ-02)
VOICE = "voice"        # voice without a usable recognition
MEDIA = "media"        # image, video, link, file …: nothing to understand
EVENT = "event"        # subscribe, unsubscribe, click, location_select, location, view …


@dataclass(frozen=True)
class Incoming:
    user: str                      # the channel's user id (WeChat openid); hash before logging
    kind: str                      # one of the kinds above
    text: str = ""                 # text content / voice recognition
    lat: float | None = None       # location pin or LOCATION event, GCJ-02
    lng: float | None = None
    label: str = ""                # place name WeChat attaches to a pin
    event: str = ""                # lower-case event name for kind == EVENT
    key: str = ""                  # EventKey (menu button key)
    msg_id: str = ""               # dedupe key: MsgId, or FromUserName+CreateTime for events
    at: float = field(default_factory=time.time)  # unix seconds the message was sent
    via_voice: bool = False        # text came from speech recognition


@dataclass
class Reply:
    text: str | None               # None: answer nothing ("success")
    intent: str = ""               # what the engine understood, for logs and stats
    meta: dict = field(default_factory=dict)  # e.g. {"stations": [...ids]} for logs/tests

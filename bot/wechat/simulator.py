"""Build requests exactly as WeChat's servers send them: signed query, XML body, optional AES.

Used by the tests, the channel benchmark and anyone checking a deployment by hand, so all of
them speak the same protocol as production traffic.
"""
from __future__ import annotations

import os
import time
from urllib.parse import urlencode

from .protocol import Crypto, cdata, sign

OFFICIAL = "gh_0123456789ab"     # the account's own id (ToUserName)


def message_xml(msg_type: str, user: str, created: int | None = None, msg_id: int | None = None,
                to: str = OFFICIAL, **fields: str | float | int) -> str:
    """A message body; `fields` in WeChat's own names (Content, Location_X, Event, EventKey …)."""
    created = int(time.time()) if created is None else created
    parts = [f"<ToUserName><![CDATA[{cdata(to)}]]></ToUserName>",
             f"<FromUserName><![CDATA[{cdata(user)}]]></FromUserName>",
             f"<CreateTime>{created}</CreateTime>",
             f"<MsgType><![CDATA[{msg_type}]]></MsgType>"]
    for name, value in fields.items():
        if isinstance(value, (int, float)):
            parts.append(f"<{name}>{value}</{name}>")
        else:
            parts.append(f"<{name}><![CDATA[{cdata(value)}]]></{name}>")
    if msg_id is not None:
        parts.append(f"<MsgId>{msg_id}</MsgId>")
    return "<xml>" + "".join(parts) + "</xml>"


def text_xml(user: str, content: str, msg_id: int | None = None, **kw) -> str:
    return message_xml("text", user, msg_id=msg_id if msg_id is not None else _msg_id(), Content=content, **kw)


def location_xml(user: str, lat, lng, label: str = "", msg_id: int | None = None, **kw) -> str:
    return message_xml("location", user, msg_id=msg_id if msg_id is not None else _msg_id(),
                       Location_X=lat, Location_Y=lng, Scale=15, Label=label, **kw)


def event_xml(user: str, event: str, key: str | None = None, created: int | None = None, **fields) -> str:
    if key is not None:
        fields["EventKey"] = key
    return message_xml("event", user, created=created, Event=event, **fields)


def location_select_xml(user: str, key: str = "nearby", lat: float | None = None, lng: float | None = None,
                        label: str = "", created: int | None = None) -> str:
    """The location_select menu event; WeChat nests the chosen place in <SendLocationInfo>
    (and sends it again as a location message right after)."""
    xml = event_xml(user, "location_select", key=key, created=created)
    if lat is None or lng is None:
        return xml
    info = (f"<SendLocationInfo><Location_X>{lat}</Location_X><Location_Y>{lng}</Location_Y>"
            f"<Scale>15</Scale><Label><![CDATA[{cdata(label)}]]></Label><Poiname><![CDATA[]]></Poiname>"
            "</SendLocationInfo>")
    return xml[:-len("</xml>")] + info + "</xml>"


def voice_xml(user: str, recognition: str | None, msg_id: int | None = None, **kw) -> str:
    """A voice message; `recognition` None leaves <Recognition> out (recognition switched off)."""
    if recognition is not None:
        kw["Recognition"] = recognition
    return message_xml("voice", user, msg_id=msg_id if msg_id is not None else _msg_id(),
                       MediaId="media_voice_0001", Format="amr", **kw)


# the fields WeChat sends with each kind of message the bot does not read
_MEDIA_FIELDS: dict[str, dict[str, str]] = {
    "image": {"PicUrl": "http://mmbiz.qpic.cn/sim.jpg", "MediaId": "media_image_0001"},
    "video": {"MediaId": "media_video_0001", "ThumbMediaId": "media_thumb_0001"},
    "shortvideo": {"MediaId": "media_video_0002", "ThumbMediaId": "media_thumb_0002"},
    "link": {"Title": "链接", "Description": "", "Url": "http://example.invalid/"},
    "file": {"Title": "文件.pdf", "Description": "", "FileKey": "sim", "FileMd5": "0" * 32,
             "FileTotalLen": "1024"},
}


def media_xml(user: str, kind: str = "image", msg_id: int | None = None, **kw) -> str:
    """An image, video, shortvideo, link or file message (any other kind: no extra fields)."""
    return message_xml(kind, user, msg_id=msg_id if msg_id is not None else _msg_id(),
                       **{**_MEDIA_FIELDS.get(kind, {}), **kw})


def _msg_id() -> int:
    return int.from_bytes(os.urandom(7), "big")


def signed_query(token: str, timestamp: int | None = None, nonce: str | None = None, **extra: str) -> str:
    timestamp_s = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or str(int.from_bytes(os.urandom(4), "big"))
    q = {"signature": sign(token, timestamp_s, nonce), "timestamp": timestamp_s, "nonce": nonce,
         "openid": "o_sim", **extra}
    return urlencode(q)


def encrypted_request(crypto: Crypto, xml: str, timestamp: int | None = None,
                      nonce: str | None = None, compatible: bool = False) -> tuple[str, str]:
    """(query, body) for safe mode, or compatible mode (plaintext fields beside Encrypt)."""
    timestamp_s = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or str(int.from_bytes(os.urandom(4), "big"))
    encrypted = crypto.encrypt(xml)
    query = signed_query(crypto.token, int(timestamp_s), nonce, encrypt_type="aes",
                         msg_signature=sign(crypto.token, timestamp_s, nonce, encrypted))
    inner = xml[len("<xml>"):-len("</xml>")] if compatible else f"<ToUserName><![CDATA[{OFFICIAL}]]></ToUserName>"
    return query, f"<xml>{inner}<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"

"""WeChat's wire protocol: signatures, AES safe mode, XML in, XML out.

Pure functions and one small class, no I/O, so every rule here is unit-tested directly.
WeRoBot does the same jobs but raises on bad input (→ HTTP 500), compares signatures with `==`,
parses with xmltodict (no DTD guard) and formats replies without escaping; this module is the
strict version the notes in ../shared/notes/werobot.md ask for. Tests cross-check it against
WeRoBot's `MessageCrypt` and WeChat's published test vector.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import struct
import time

from xml.parsers import expat

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

MAX_BODY = 64 * 1024          # WeChat messages are < 2 KB; anything near this is hostile
MAX_REPLY_BYTES = 2048        # Content limit of a text reply, in UTF-8 bytes
MORE_POINTER = "…（回复“更多”查看其余）"


class ProtocolError(Exception):
    """The request breaks the protocol; `status` is the HTTP answer (never 500)."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


# --- signatures ---------------------------------------------------------------------------

def sign(*parts: str) -> str:
    """sha1 of the sorted, concatenated parts: WeChat's `signature` and `msg_signature`."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def signature_ok(expected_parts: tuple[str, ...], given: str | None) -> bool:
    """Constant-time comparison, so response timing does not leak how much of a forgery matched."""
    if not given or not all(expected_parts):
        return False
    return hmac.compare_digest(sign(*expected_parts).encode(), given.encode("utf-8", "replace"))


def timestamp_fresh(timestamp: str, max_skew: float, now: float | None = None) -> bool:
    """False for a timestamp further than `max_skew` seconds from now: a replayed request."""
    if max_skew <= 0:
        return True
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    return abs((time.time() if now is None else now) - ts) <= max_skew


# --- AES safe mode ------------------------------------------------------------------------

class Crypto:
    """AES-256-CBC as WeChat specifies: IV = key[:16], PKCS#7 to 32-byte blocks,
    plaintext = 16 random bytes + 4-byte big-endian length + XML + AppID."""

    def __init__(self, token: str, aes_key: str, app_id: str):
        key = base64.b64decode(aes_key + "=")
        if len(key) != 32:
            raise ValueError("EncodingAESKey must decode to 32 bytes")
        self.token, self.app_id = token, app_id
        self._cipher = Cipher(algorithms.AES(key), modes.CBC(key[:16]))

    def decrypt(self, encrypted: str) -> bytes:
        """The inner XML; ProtocolError(400) for anything that is not a valid envelope for us."""
        try:
            data = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError):
            raise ProtocolError(400, "Encrypt is not base64") from None
        if not data or len(data) % 16:
            raise ProtocolError(400, "Encrypt has a bad length")
        dec = self._cipher.decryptor()
        plain = dec.update(data) + dec.finalize()
        pad = plain[-1]
        if not 1 <= pad <= 32 or plain[-pad:] != bytes([pad]) * pad:
            raise ProtocolError(400, "bad padding")
        content = plain[16:-pad]
        if len(content) < 4:
            raise ProtocolError(400, "envelope too short")
        (length,) = struct.unpack(">I", content[:4])
        if length > len(content) - 4:
            raise ProtocolError(400, "bad length field")
        xml, app_id = content[4:4 + length], content[4 + length:]
        if not hmac.compare_digest(app_id, self.app_id.encode()):
            raise ProtocolError(400, "AppID mismatch")
        return xml

    def encrypt(self, xml: str) -> str:
        raw = xml.encode("utf-8")
        body = os.urandom(16) + struct.pack(">I", len(raw)) + raw + self.app_id.encode()
        pad = 32 - len(body) % 32
        body += bytes([pad]) * pad
        enc = self._cipher.encryptor()
        return base64.b64encode(enc.update(body) + enc.finalize()).decode()

    def wrap(self, xml: str, timestamp: str | None = None, nonce: str | None = None) -> str:
        """The encrypted reply envelope, signed with msg_signature."""
        timestamp = timestamp or str(int(time.time()))
        nonce = nonce or os.urandom(5).hex()
        encrypted = self.encrypt(xml)
        sig = sign(self.token, timestamp, nonce, encrypted)
        return (f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt>"
                f"<MsgSignature><![CDATA[{sig}]]></MsgSignature>"
                f"<TimeStamp>{timestamp}</TimeStamp><Nonce><![CDATA[{cdata(nonce)}]]></Nonce></xml>")


# --- XML in -------------------------------------------------------------------------------

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


MAX_DEPTH = 8     # WeChat nests two levels under <xml> (SendLocationInfo, ScanCodeInfo …)
KEEP_DEPTH = 4    # fields kept: <xml> plus up to four levels, as "Parent.Child"


def parse_xml(body: bytes) -> dict[str, str]:
    """A WeChat message body → flat {tag: text}; nested tags as "Parent.Child".

    A DTD or entity declaration is refused before any parser sees it (billion laughs,
    external entities); the parser then refuses them again, as defusedxml does: expat with
    handlers that raise on a doctype, an entity declaration or an external reference. It
    builds the flat dict directly — no element tree for a 300-byte body that is read once.
    """
    if len(body) > MAX_BODY:
        raise ProtocolError(413, "body too large")
    if _DTD.search(body):
        raise ProtocolError(400, "DTD or entity declaration")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "body is not UTF-8") from None
    return _FlatParser().parse(body)


def _forbidden(*_args) -> None:
    raise ProtocolError(400, "DTD, entity or external reference")


class _FlatParser:
    __slots__ = ("names", "texts", "leaf", "fields", "root")

    def __init__(self):
        self.names: list[str] = []      # open elements below <xml>
        self.texts: list[str] = []      # character data of the innermost open element
        self.leaf = False               # the innermost open element has no child (yet)
        self.fields: dict[str, str] = {}
        self.root: str | None = None

    def parse(self, body: bytes) -> dict[str, str]:
        px = expat.ParserCreate()
        px.buffer_text = True
        px.StartDoctypeDeclHandler = _forbidden
        px.EntityDeclHandler = _forbidden
        px.UnparsedEntityDeclHandler = _forbidden
        px.ExternalEntityRefHandler = _forbidden
        px.StartElementHandler = self._start
        px.EndElementHandler = self._end
        px.CharacterDataHandler = self.texts.append
        try:
            px.Parse(body, True)
        except expat.ExpatError:
            raise ProtocolError(400, "malformed XML") from None
        if self.root != "xml":
            raise ProtocolError(400, "root element is not <xml>")
        return self.fields

    def _start(self, name: str, _attrs) -> None:
        if self.root is None:
            self.root = name
            return
        if len(self.names) >= MAX_DEPTH:
            raise ProtocolError(400, "XML nested too deep")
        self.names.append(name)
        self.texts.clear()            # a parent's own text is not a field
        self.leaf = True

    def _end(self, _name: str) -> None:
        if not self.names:            # </xml>
            return
        if self.leaf and len(self.names) <= KEEP_DEPTH:
            self.fields.setdefault(".".join(self.names), "".join(self.texts).strip())
        self.names.pop()
        self.texts.clear()
        self.leaf = False


# --- XML out ------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Drop control characters (XML 1.0 forbids most; \\n and \\t stay) and lone surrogates."""
    return _CONTROL.sub("", text)


def cdata(text: str) -> str:
    """Text safe inside <![CDATA[ … ]]>: a `]]>` is split across two sections."""
    return clean(text).replace("]]>", "]]]]><![CDATA[>")


def fit(text: str, limit: int = MAX_REPLY_BYTES) -> str:
    """Keep a reply within `limit` UTF-8 bytes, cut at a line boundary, with a pointer to 更多."""
    if len(text.encode("utf-8")) <= limit:
        return text
    budget = limit - len(("\n" + MORE_POINTER).encode("utf-8"))
    kept: list[str] = []
    used = 0
    for line in text.split("\n"):
        size = len(line.encode("utf-8")) + (1 if kept else 0)
        if used + size > budget:
            break
        kept.append(line)
        used += size
    if not kept:   # one huge first line: cut it at a character boundary instead
        kept = [text.encode("utf-8")[:budget].decode("utf-8", "ignore")]
    return "\n".join(kept).rstrip() + "\n" + MORE_POINTER


def render_text(to_user: str, from_user: str, text: str, now: float | None = None) -> str:
    """A text reply; `to_user`/`from_user` are the request's FromUserName/ToUserName swapped."""
    created = int(time.time() if now is None else now)
    return (f"<xml><ToUserName><![CDATA[{cdata(to_user)}]]></ToUserName>"
            f"<FromUserName><![CDATA[{cdata(from_user)}]]></FromUserName>"
            f"<CreateTime>{created}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{cdata(fit(clean(text)))}]]></Content></xml>")

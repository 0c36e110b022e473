"""WeChat's wire protocol: signatures, AES safe mode, XML in, XML out — WeRoBot, wrapped.

WeRoBot 1.13.1 computes the sha1 signatures (`werobot.utils.get_signature`), does the AES-CBC
envelope (`werobot.crypto`) and renders replies (`werobot.replies`). It compares signatures with
`==`, raises on malformed ciphertext (→ HTTP 500), parses with xmltodict (no DTD guard) and
formats replies into CDATA unescaped (../shared/notes/werobot.md). This module adds what is
missing: constant-time checks, input validated before WeRoBot sees it and its exceptions turned
into `ProtocolError(4xx)`, a DTD-refusing parse of our own, and text escaped and cut to 2048
bytes before WeRoBot renders it. Pure functions and one small class, no I/O.
"""
from __future__ import annotations

import base64
import binascii
import hmac
import os
import re
import struct
import time
from xml.parsers import expat

from werobot.crypto import MessageCrypt
from werobot.crypto.exceptions import (
    AppIdValidationError,
    InvalidSignature,
    UnvalidEncodingAESKey,
)
from werobot.replies import SuccessReply, TextReply
from werobot.utils import get_signature

MAX_BODY = 64 * 1024          # WeChat messages are < 2 KB; anything near this is hostile
MAX_REPLY_BYTES = 2048        # Content limit of a text reply, in UTF-8 bytes
MORE_POINTER = "…（回复“更多”查看其余）"
SUCCESS_BODY = SuccessReply().render()     # "success": WeChat's "no reply", stops its retries


class ProtocolError(Exception):
    """The request breaks the protocol; `status` is the HTTP answer (never 500)."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


# --- signatures ---------------------------------------------------------------------------

def sign(*parts: str) -> str:
    """sha1 of the sorted, concatenated parts: WeChat's `signature` and `msg_signature`."""
    return get_signature(*parts)


def signature_ok(expected_parts: tuple[str, ...], given: str | None) -> bool:
    """Constant-time comparison (WeRoBot's check_signature uses `==`), so response timing
    does not leak how much of a forgery matched. A missing part is never a valid signature."""
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

# WeRoBot's own failures on a bad envelope; anything else would be a bug of ours and stays loud.
_DECRYPT_ERRORS = (AppIdValidationError, InvalidSignature, UnvalidEncodingAESKey,
                   ValueError, struct.error, IndexError, TypeError)
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9]{1,32}")   # what may go unescaped into the reply envelope


class Crypto:
    """WeChat's AES-256-CBC envelope through `werobot.crypto.MessageCrypt`.

    The wrapper checks msg_signature in constant time before anything is decrypted (403),
    checks base64 and block length first and turns WeRoBot's exceptions into a 400, and only
    lets a digits-and-letters timestamp/nonce into the reply envelope WeRoBot formats unescaped.
    """

    def __init__(self, token: str, aes_key: str, app_id: str):
        try:
            self._crypt = MessageCrypt(token, aes_key, app_id)
        except (UnvalidEncodingAESKey, binascii.Error) as e:
            raise ValueError("EncodingAESKey must decode to 32 bytes") from e
        self.token, self.app_id = token, app_id

    def open(self, timestamp: str, nonce: str, msg_signature: str | None, encrypted: str) -> bytes:
        """The inner XML of a safe-mode body: 403 for a bad msg_signature, 400 for a bad envelope."""
        if not signature_ok((self.token, timestamp, nonce, encrypted), msg_signature):
            raise ProtocolError(403, "bad msg_signature")
        return self.decrypt(encrypted)

    def decrypt(self, encrypted: str) -> bytes:
        """The inner XML; ProtocolError(400) for anything that is not a valid envelope for us.

        PKCS#7 padding is not checked byte by byte (WeRoBot strips it blindly), but the AppID
        sits right before it: a wrong pad length moves the AppID and WeRoBot refuses the
        envelope, and a too-large length field leaves no AppID at all.
        """
        try:
            data = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError):
            raise ProtocolError(400, "Encrypt is not base64") from None
        if not data or len(data) % 16:
            raise ProtocolError(400, "Encrypt has a bad length")
        try:
            xml = self._crypt.prp_crypto.decrypt(encrypted, self.app_id)
        except _DECRYPT_ERRORS:
            raise ProtocolError(400, "not a valid envelope for this account") from None
        if not xml:
            raise ProtocolError(400, "empty envelope")
        return xml

    def encrypt(self, xml: str) -> str:
        """The base64 `Encrypt` value for `xml` (random prefix, length, AppID, PKCS#7)."""
        return self._crypt.prp_crypto.encrypt(xml, self.app_id).decode("ascii")

    def wrap(self, xml: str, timestamp: str | None = None, nonce: str | None = None) -> str:
        """The encrypted reply envelope, signed with msg_signature."""
        if not (timestamp and timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
            timestamp = str(int(time.time()))
        if not (nonce and _TOKEN_CHARS.fullmatch(nonce)):
            nonce = os.urandom(5).hex()
        return self._crypt.encrypt_message(xml, timestamp, nonce)


# --- XML in -------------------------------------------------------------------------------

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

MAX_DEPTH = 8     # WeChat nests two levels under <xml> (SendLocationInfo, ScanCodeInfo …)
KEEP_DEPTH = 4    # levels below <xml> that are kept; deeper elements are dropped

Fields = dict[str, "str | Fields"]


def parse_xml(body: bytes) -> Fields:
    """A WeChat message body → {tag: text}, a nested element as {tag: {child: text}}: the dict
    werobot.parser.process_message expects from xmltodict, without xmltodict.

    A DTD or entity declaration is refused before any parser sees it (billion laughs,
    external entities); the parser then refuses them again, as defusedxml does: expat with
    handlers that raise on a doctype, an entity declaration or an external reference. The
    first of repeated tags wins; attributes are ignored (WeChat sends none).
    """
    if len(body) > MAX_BODY:
        raise ProtocolError(413, "body too large")
    if _DTD.search(body):
        raise ProtocolError(400, "DTD or entity declaration")
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "body is not UTF-8") from None
    return _Parser().parse(body)


def _forbidden(*_args) -> None:
    raise ProtocolError(400, "DTD, entity or external reference")


class _Parser:
    __slots__ = ("names", "kids", "texts", "fields", "root")

    def __init__(self):
        self.fields: Fields = {}
        self.names: list[str] = []                  # open elements below <xml>
        self.kids: list[Fields | None] = [self.fields]   # children of <xml> and of each open element
        self.texts: list[str] = []                  # character data of the innermost open element
        self.root: str | None = None

    def parse(self, body: bytes) -> Fields:
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
        if self.kids[-1] is None:       # the parent's first child: the parent becomes a dict
            self.kids[-1] = {}
        self.names.append(name)
        self.kids.append(None)
        self.texts.clear()              # a parent's own text is not a field

    def _end(self, _name: str) -> None:
        if not self.names:              # </xml>
            return
        name = self.names.pop()
        kids = self.kids.pop()
        if len(self.names) < KEEP_DEPTH:
            value = kids if kids is not None else "".join(self.texts).strip()
            self.kids[-1].setdefault(name, value)
        self.texts.clear()


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
    """A text reply via werobot.replies.TextReply; `to_user`/`from_user` are the request's
    FromUserName/ToUserName swapped. Every value is cleaned, escaped and (the text) cut to
    2048 bytes here, because TextReply formats them into CDATA as they are."""
    created = int(time.time() if now is None else now)
    reply = TextReply(target=cdata(to_user), source=cdata(from_user), time=created,
                      content=cdata(fit(clean(text))))
    return reply.render().strip()

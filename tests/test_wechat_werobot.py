"""Where WeRoBot is used and how it is wrapped: typed messages from our safe parse, its crypto
behind constant-time checks and 4xx errors, its reply renderer fed escaped text."""
from __future__ import annotations

import base64
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import given, settings
from hypothesis import strategies as st
from test_wechat_protocol import (
    VEC_AES,
    VEC_APPID,
    VEC_ENC,
    VEC_NONCE,
    VEC_SIG,
    VEC_TOKEN,
    VEC_TS,
)
from werobot.crypto import MessageCrypt, PrpCrypto
from werobot.messages.events import (
    ClickEvent,
    LocationEvent,
    LocationSelectEvent,
    SubscribeEvent,
    UnknownEvent,
)
from werobot.messages.messages import (
    ImageMessage,
    LocationMessage,
    TextMessage,
    UnknownMessage,
    VideoMessage,
    VoiceMessage,
)
from werobot.utils import get_signature

from bot import messages as m
from bot.wechat import protocol as p
from bot.wechat import simulator as sim
from bot.wechat.mapping import BadContent, dedupe_key, parse_message, to_incoming

ROOT = Path(__file__).resolve().parent.parent
USER = "oRider_werobot"


def typed(xml: str):
    return parse_message(p.parse_xml(xml.encode()))


# --- typed messages -------------------------------------------------------------------------------

def test_each_wechat_type_becomes_its_werobot_class():
    cases = [
        (sim.text_xml(USER, "热饭", msg_id=1), TextMessage),
        (sim.location_xml(USER, 30.27, 120.15, msg_id=2), LocationMessage),
        (sim.message_xml("voice", USER, msg_id=3, MediaId="m", Format="amr"), VoiceMessage),
        (sim.message_xml("image", USER, msg_id=4, PicUrl="http://x/p.jpg"), ImageMessage),
        (sim.message_xml("shortvideo", USER, msg_id=5, MediaId="m"), VideoMessage),
        (sim.message_xml("hologram", USER, msg_id=6), UnknownMessage),
        (sim.event_xml(USER, "subscribe", key="qrscene_1", created=7), SubscribeEvent),
        (sim.event_xml(USER, "CLICK", key="find:toilet", created=8), ClickEvent),
        (sim.event_xml(USER, "LOCATION", created=9, Latitude=30.2, Longitude=120.1), LocationEvent),
        (sim.event_xml(USER, "location_select", key="nearby", created=10), LocationSelectEvent),
        (sim.event_xml(USER, "brand_new_event", created=11), UnknownEvent),
    ]
    for xml, cls in cases:
        msg = typed(xml)
        assert type(msg) is cls, xml
        assert msg.source == USER and msg.target == sim.OFFICIAL


def test_location_is_latitude_first_and_events_have_message_id_zero():
    pin = typed(sim.location_xml(USER, 30.2741, 120.1551, label="东宁路", msg_id=42))
    assert pin.location == (30.2741, 120.1551) and pin.message_id == 42
    inc = to_incoming(pin)
    assert (inc.kind, inc.lat, inc.lng, inc.label, inc.msg_id) == (m.LOCATION, 30.2741, 120.1551, "东宁路", "id:42")
    click = typed(sim.event_xml(USER, "CLICK", key="nearby", created=1_700_000_000))
    assert click.message_id == 0
    assert dedupe_key(click) == f"ev:{USER}:1700000000:click"


def test_voice_without_recognition_is_none_in_werobot_and_voice_for_the_engine():
    for xml in (sim.message_xml("voice", USER, msg_id=3, MediaId="m", Format="amr"),
                sim.message_xml("voice", USER, msg_id=3, MediaId="m", Format="amr", Recognition="")):
        msg = typed(xml)
        assert msg.recognition is None
        assert to_incoming(msg).kind == m.VOICE
    said = to_incoming(typed(sim.message_xml("voice", USER, msg_id=4, Recognition=" 哪里能充电 ")))
    assert (said.kind, said.text, said.via_voice) == (m.TEXT, "哪里能充电", True)


def test_location_select_reads_the_nested_send_location_info():
    xml = ("<xml><ToUserName>gh</ToUserName><FromUserName>u1</FromUserName><CreateTime>5</CreateTime>"
           "<MsgType>event</MsgType><Event>location_select</Event><EventKey>nearby</EventKey>"
           "<SendLocationInfo><Location_X>30.1</Location_X><Location_Y>120.2</Location_Y>"
           "<Scale>15</Scale><Label><![CDATA[东宁路]]></Label><Poiname/></SendLocationInfo></xml>")
    msg = typed(xml)
    assert msg.label == "东宁路" and msg.location_x == "30.1"
    inc = to_incoming(msg)
    assert (inc.kind, inc.event, inc.key, inc.label) == (m.EVENT, "location_select", "nearby", "东宁路")


@pytest.mark.parametrize("xml", [
    "<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><Content><b>x</b></Content></xml>",
    "<xml><FromUserName><a>u</a></FromUserName><MsgType>text</MsgType></xml>",
    "<xml><FromUserName>u</FromUserName><MsgType><t/></MsgType></xml>",
    "<xml><FromUserName>u</FromUserName><MsgType>event</MsgType><Event>location_select</Event>"
    "<SendLocationInfo>flat text</SendLocationInfo></xml>",
    "<xml><FromUserName>u</FromUserName><MsgType>event</MsgType><Event>location_select</Event>"
    "<SendLocationInfo><Label><x>1</x></Label></SendLocationInfo></xml>",
    "<xml><FromUserName>u</FromUserName></xml>",
    "<xml><MsgType>text</MsgType></xml>",
])
def test_fields_werobot_would_misread_are_refused(xml):
    with pytest.raises(p.ProtocolError) as e:
        typed(xml)
    assert e.value.status == 400


def test_lower_case_tags_cannot_shadow_werobots_attributes():
    msg = typed("<xml><FromUserName>real</FromUserName><MsgType>text</MsgType><Content>hi</Content>"
                "<source>forged</source><content>forged</content><type>location</type></xml>")
    assert isinstance(msg, TextMessage) and msg.source == "real" and msg.content == "hi"


def test_what_werobot_cannot_convert_is_answered_not_raised():
    # an event class that reads nested fields in its constructor, given none
    assert isinstance(typed(sim.event_xml(USER, "pic_sysphoto", key="k", created=3)), UnknownEvent)
    msg = typed("<xml><FromUserName>u</FromUserName><MsgType>event</MsgType></xml>")   # no Event
    assert isinstance(msg, UnknownEvent) and to_incoming(msg).event == ""
    # WeRoBot's IntEntry raises ValueError on text: MsgId / CreateTime that are not numbers
    inc = to_incoming(typed("<xml><FromUserName>u</FromUserName><MsgType>text</MsgType>"
                            "<CreateTime>abc</CreateTime><MsgId>x1</MsgId><Content>hi</Content></xml>"))
    assert inc.text == "hi" and inc.msg_id == "ev:u::" and inc.at > 1_600_000_000
    for lat in ("abc", "", "nan", "91"):
        with pytest.raises(BadContent):
            to_incoming(typed(sim.message_xml("location", USER, msg_id=5, Location_X=lat, Location_Y="120")))


# --- signatures and AES through werobot.crypto -----------------------------------------------

def test_sign_is_werobots_get_signature():
    assert p.sign("tok", "1", "n") == get_signature("tok", "1", "n")
    assert p.sign(VEC_TOKEN, VEC_TS, VEC_NONCE, VEC_ENC) == VEC_SIG


def test_open_checks_msg_signature_before_decrypting():
    c = p.Crypto(VEC_TOKEN, VEC_AES, VEC_APPID)
    assert b"<Content><![CDATA[hello]]></Content>" in c.open(VEC_TS, VEC_NONCE, VEC_SIG, VEC_ENC)
    for bad in ("0" * 40, "", None, VEC_SIG.upper()):
        with pytest.raises(p.ProtocolError) as e:
            c.open(VEC_TS, VEC_NONCE, bad, VEC_ENC)
        assert e.value.status == 403


def test_a_bad_encoding_aes_key_is_a_value_error():
    for key in ("short", "!" * 43, VEC_AES[:-2]):
        with pytest.raises(ValueError):
            p.Crypto(VEC_TOKEN, key, VEC_APPID)


def _envelope(plain: bytes, last: int | None = None) -> str:
    """Encrypt hand-made plaintext with the vector's key: PKCS#7-padded, or filled to a block
    and ended with the pad byte `last` (a lie)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    if last is None:
        n = 32 - len(plain) % 32
        plain += bytes([n]) * n
    else:
        plain += b"\x01" * ((-len(plain) - 1) % 32) + bytes([last])
    key = base64.b64decode(VEC_AES + "=")
    enc = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(enc.update(plain) + enc.finalize()).decode()


R16 = os.urandom(16)
APP = VEC_APPID.encode()


@pytest.mark.parametrize("plain,last", [
    (R16, 0),                                                       # pad byte 0 → WeRoBot: struct.error
    (R16 + struct.pack(">I", 6) + b"<xml/>" + APP, 200),            # pad byte > block → struct.error
    (R16 + struct.pack(">I", 10_000) + b"<xml/>" + APP, None),      # length field lies → no AppID
    (R16 + struct.pack(">I", 6) + b"<xml/>" + b"\xff\xfe" * 9, None),  # AppID not UTF-8
    (R16 + struct.pack(">I", 6) + b"<xml/>wx0000000000000000", None),  # someone else's AppID
    (R16 + struct.pack(">I", 0) + APP, None),                       # empty XML
    (b"", 32),                                                      # nothing but padding
], ids=["pad-0", "pad-200", "length-lies", "appid-not-utf8", "other-appid", "empty-xml", "only-padding"])
def test_broken_envelopes_are_400_not_werobot_exceptions(plain, last):
    with pytest.raises(p.ProtocolError) as e:
        p.Crypto(VEC_TOKEN, VEC_AES, VEC_APPID).decrypt(_envelope(plain, last))
    assert e.value.status == 400
    good = _envelope(R16 + struct.pack(">I", 6) + b"<xml/>" + APP)
    assert p.Crypto(VEC_TOKEN, VEC_AES, VEC_APPID).decrypt(good) == b"<xml/>"


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=1, max_size=20).map(lambda b: b * (64 // len(b) + 1)))
def test_random_ciphertext_is_always_a_400(blob):
    ct = base64.b64encode(blob[: len(blob) // 16 * 16] or b"\x00" * 16).decode()
    with pytest.raises(p.ProtocolError):
        p.Crypto(VEC_TOKEN, VEC_AES, VEC_APPID).decrypt(ct)


def test_wrap_is_werobots_envelope_and_keeps_hostile_nonces_out():
    ours = p.Crypto(VEC_TOKEN, VEC_AES, VEC_APPID)
    theirs = MessageCrypt(VEC_TOKEN, VEC_AES, VEC_APPID)
    xml = p.render_text(USER, "gh", "你好")
    for nonce, ts in (("n1", "1700000000"), ("]]><x>", "1<2"), (None, None), ("a" * 100, "9" * 40)):
        env = {el.tag: el.text for el in fromstring(ours.wrap(xml, ts, nonce).encode())}
        assert set(env) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}
        assert env["Nonce"].isalnum() and env["TimeStamp"].isdigit()
        if nonce == "n1":
            assert (env["Nonce"], env["TimeStamp"]) == ("n1", "1700000000")
        inner = theirs.decrypt_message(env["TimeStamp"], env["Nonce"], env["MsgSignature"], env["Encrypt"])
        assert inner.decode() == xml
    # and what WeRoBot's PrpCrypto encrypts, the wrapper opens
    enc = PrpCrypto(base64.b64decode(VEC_AES + "=")).encrypt("<xml>x</xml>", VEC_APPID).decode()
    assert ours.decrypt(enc) == b"<xml>x</xml>"


# --- replies through werobot.replies ----------------------------------------------------------

def test_text_reply_is_werobots_template_with_escaped_values():
    xml = p.render_text("o]]>u", "gh\x01", "热饭]]>\x00去东宁路", now=1_700_000_000)
    assert xml.startswith("<xml>") and xml.endswith("</xml>")
    root = fromstring(xml.encode())
    assert [el.tag for el in root] == ["ToUserName", "FromUserName", "CreateTime", "MsgType", "Content"]
    assert (root.findtext("ToUserName"), root.findtext("FromUserName")) == ("o]]>u", "gh")
    assert root.findtext("Content") == "热饭]]>去东宁路" and root.findtext("MsgType") == "text"
    assert p.SUCCESS_BODY == "success"


# --- what must never happen ---------------------------------------------------------------------

def test_werobot_pay_is_never_imported_and_nothing_shadows_werobot():
    code = ("import sys, bot.wechat.app, bot.wechat.serve, bot.wechat.simulator; "
            "assert 'werobot.pay' not in sys.modules, 'werobot.pay imported'; "
            "import werobot; assert werobot.__file__.endswith('werobot/__init__.py'), werobot.__file__")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)
    ours = [f for f in ROOT.rglob("werobot*") if ".git" not in f.parts and "site-packages" not in f.parts]
    assert ours == []

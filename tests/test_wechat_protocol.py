"""The protocol rules in isolation: signatures, AES (WeChat's own vector, WeRoBot interop), XML in/out."""
from __future__ import annotations

import base64
import time

import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.wechat import protocol as p

# WeChat's published test vector (../shared/notes/wechat.md)
VEC_TOKEN = "QDG6eK"
VEC_AES = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
VEC_APPID = "wx5823bf96d3bd56c7"
VEC_SIG = "477715d11cdb4164915debcba66cb864d751f3e6"
VEC_TS, VEC_NONCE = "1409659813", "1372623149"
VEC_ENC = ("RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/"
           "sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+"
           "HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJ"
           "B3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fV"
           "Kn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==")


def test_signature_accepts_the_right_one_and_refuses_others():
    good = p.sign("tok", "123", "abc")
    assert p.signature_ok(("tok", "123", "abc"), good)
    assert not p.signature_ok(("tok", "123", "abc"), good[:-1] + ("0" if good[-1] != "0" else "1"))
    assert not p.signature_ok(("tok", "123", "abc"), "")
    assert not p.signature_ok(("tok", "123", "abc"), None)
    assert not p.signature_ok(("tok", "", "abc"), p.sign("tok", "", "abc"))   # missing timestamp
    assert not p.signature_ok(("tok", "123", "abc"), "签名")                    # non-ASCII never raises


def test_timestamp_freshness():
    now = 1_700_000_000
    assert p.timestamp_fresh(str(now - 100), 300, now)
    assert not p.timestamp_fresh(str(now - 301), 300, now)
    assert not p.timestamp_fresh(str(now + 301), 300, now)
    assert not p.timestamp_fresh("abc", 300, now)
    assert p.timestamp_fresh("1409659813", 0, now)     # 0 disables the check


def test_official_vector_signature_and_decryption():
    assert p.signature_ok((VEC_TOKEN, VEC_TS, VEC_NONCE, VEC_ENC), VEC_SIG)
    xml = p.Crypto(VEC_TOKEN, VEC_AES, VEC_APPID).decrypt(VEC_ENC)
    fields = p.parse_xml(xml)
    assert fields["Content"] == "hello"
    assert fields["MsgType"] == "text"


def test_decrypt_refuses_wrong_app_id_and_garbage():
    with pytest.raises(p.ProtocolError) as e:
        p.Crypto(VEC_TOKEN, VEC_AES, "wx0000000000000000").decrypt(VEC_ENC)
    assert e.value.status == 400
    c = p.Crypto(VEC_TOKEN, VEC_AES, VEC_APPID)
    for garbage in ["not base64!!", "", base64.b64encode(b"x" * 15).decode(),
                    base64.b64encode(b"\x00" * 64).decode(), VEC_ENC[:-8] + "AAAAAAA="]:
        with pytest.raises(p.ProtocolError):
            c.decrypt(garbage)


def test_encrypt_round_trip_and_werobot_interop():
    from werobot.crypto import MessageCrypt
    ours = p.Crypto(VEC_TOKEN, VEC_AES, VEC_APPID)
    theirs = MessageCrypt(VEC_TOKEN, VEC_AES, VEC_APPID)
    xml = "<xml><Content><![CDATA[你好，驿站]]></Content></xml>"
    assert ours.decrypt(ours.encrypt(xml)).decode() == xml
    # WeRoBot encrypts → we decrypt; we encrypt → WeRoBot decrypts
    wrapped = theirs.encrypt_message(xml, "1700000000", "n1")
    env = p.parse_xml(wrapped.encode())
    assert ours.decrypt(env["Encrypt"]).decode() == xml
    env = p.parse_xml(ours.wrap(xml, "1700000000", "n2").encode())
    assert p.signature_ok((VEC_TOKEN, env["TimeStamp"], env["Nonce"], env["Encrypt"]), env["MsgSignature"])
    assert theirs.decrypt_message(env["TimeStamp"], env["Nonce"], env["MsgSignature"], env["Encrypt"]).decode() == xml


@pytest.mark.parametrize("body", [
    b"<!DOCTYPE xml [<!ENTITY a 'aaaa'>]><xml><Content>&a;</Content></xml>",
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    b"<xml><Content>&lol2;</Content></xml>",
    b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>',
    b"<! doctype xml><xml/>",
    b"<xml><Content>unclosed</xml>",
    b"not xml at all",
    b"",
    b"<other><MsgType>text</MsgType></other>",
    "<xml><Content>中文</Content></xml>".encode("gbk"),
    b"<xml><Content>&undefined;</Content></xml>",
])
def test_parse_refuses_hostile_or_broken_bodies(body):
    with pytest.raises(p.ProtocolError) as e:
        p.parse_xml(body)
    assert e.value.status == 400


def test_parse_refuses_oversized_body_and_flattens_nested_fields():
    with pytest.raises(p.ProtocolError) as e:
        p.parse_xml(b"<xml>" + b"a" * p.MAX_BODY + b"</xml>")
    assert e.value.status == 413
    f = p.parse_xml(("<xml><Event>location_select</Event><SendLocationInfo><Location_X>30.1</Location_X>"
                    "<Label><![CDATA[东宁路]]></Label></SendLocationInfo></xml>").encode())
    assert f["Event"] == "location_select" and f["SendLocationInfo"] == {"Location_X": "30.1", "Label": "东宁路"}


def _content(xml: str) -> str:
    return fromstring(xml.encode()).find("Content").text


def test_render_escapes_cdata_end_and_drops_control_characters():
    xml = p.render_text("user]]><x>", "gh", "a]]>b\x00\x01c\r\n\td\x7f", now=1)
    root = fromstring(xml.encode())
    assert root.find("ToUserName").text == "user]]><x>"
    assert root.find("Content").text == "a]]>bc\n\td"
    assert root.find("CreateTime").text == "1"


def test_fit_cuts_at_a_line_boundary_with_a_pointer():
    lines = [f"{i}. 丁家桥驿站 约{i}公里 有微波炉" for i in range(200)]
    text = "\n".join(lines)
    out = p.fit(text)
    assert len(out.encode()) <= p.MAX_REPLY_BYTES
    assert out.endswith(p.MORE_POINTER)
    body = out[: -len(p.MORE_POINTER)].rstrip("\n").split("\n")
    assert body == lines[: len(body)] and len(body) > 10          # whole lines, in order
    assert p.fit("短消息") == "短消息"
    one_line = "驿" * 3000                                          # no line break at all
    out = p.fit(one_line)
    assert len(out.encode()) <= p.MAX_REPLY_BYTES and out.startswith("驿驿") and out.endswith(p.MORE_POINTER)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=1500))
def test_any_text_renders_to_parseable_xml_within_the_limit(text):
    xml = p.render_text("o_user", "gh", text, now=time.time())
    content = _content(xml) or ""
    assert len(content.encode()) <= p.MAX_REPLY_BYTES
    if len(p.clean(text).encode()) <= p.MAX_REPLY_BYTES:
        assert content == p.clean(text)


def test_parse_refuses_deep_nesting_and_ignores_a_parents_own_text():
    deep = b"<xml>" + b"<a>" * 50 + b"x" + b"</a>" * 50 + b"</xml>"
    with pytest.raises(p.ProtocolError) as e:
        p.parse_xml(deep)
    assert e.value.status == 400
    f = p.parse_xml(b"<xml><P>own<C> v </C>tail</P><MsgType>text</MsgType><MsgType>dup</MsgType></xml>")
    assert f == {"P": {"C": "v"}, "MsgType": "text"}      # first value wins

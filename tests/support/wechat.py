"""Signed WeChat requests and their replies, for tests over HTTP (live server or WSGITransport)."""
from __future__ import annotations

import io

import httpx
from defusedxml.ElementTree import fromstring

from bot.wechat import simulator as sim


def post(client: httpx.Client, token: str, xml: str | bytes, **kw) -> httpx.Response:
    body = xml.encode("utf-8") if isinstance(xml, str) else xml
    return client.post(f"/wechat?{sim.signed_query(token)}", content=body, **kw)


def content(resp: httpx.Response) -> str | None:
    """The reply's text; None for WeChat's "success" (answer nothing). Fails on anything else."""
    assert resp.status_code == 200, (resp.status_code, resp.text[:300])
    if resp.text == "success":
        return None
    root = fromstring(resp.content)
    return root.find("Content").text or ""


def to_user(resp: httpx.Response) -> str:
    return fromstring(resp.content).find("ToUserName").text


def wsgi_call(app, token: str, body: bytes, query: str | None = None) -> tuple[int, bytes]:
    """One POST straight into a WSGI callable, no HTTP client: (status, body). Thread-safe."""
    status: list[str] = []
    env = {"REQUEST_METHOD": "POST", "PATH_INFO": "/wechat",
           "QUERY_STRING": query if query is not None else sim.signed_query(token),
           "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    out = b"".join(app(env, lambda s, h, exc=None: status.append(s)))
    return int(status[0].split()[0]), out

"""`python run_bot.py chat`: talk to the same engine as WeChat does, from a terminal.

Lines are plain text (a city or road name is text too: the engine understands it), or:
  /loc 30.27,120.15    send a location pin (latitude,longitude, GCJ-02)
  /voice [words]       a voice message, with or without speech recognition
  /event subscribe     an event (subscribe, unsubscribe, location_select …)
  /click KEY           a menu button (nearby, find:microwave, join_union, help …)
  /image               a picture (any media)
  /help  /quit
Works with piped stdin, so scripts and tests can hold a conversation.
"""
from __future__ import annotations

import argparse
import sys
import time
import uuid
from typing import Iterable, TextIO

from bot import messages as m
from bot.messages import Incoming

HELP = """命令：
  /loc 30.27,120.15    发送位置（纬度,经度）
  /voice [文字]        语音消息（带或不带识别结果）
  /event subscribe     事件（subscribe、unsubscribe、location_select …）
  /click KEY           菜单按钮（nearby、find:microwave、join_union、help …）
  /image               图片等媒体消息
  /help  /quit
其他内容都作为文字消息发送（城市、路名也直接输入）。"""
NO_REPLY = "（无回复）"


def register(subparsers: argparse._SubParsersAction) -> None:
    sp = subparsers.add_parser("chat", help="talk to the assistant in the terminal",
                               description="Talk to the assistant as a WeChat user would. " + HELP)
    sp.add_argument("--user", default="terminal-user", help="user id for this conversation")
    sp.set_defaults(func=run)


def parse_line(line: str, user: str) -> Incoming | str | None:
    """A typed line → an Incoming; a str is an answer from the chat itself; None means quit."""
    line = line.strip()
    base = {"user": user, "msg_id": uuid.uuid4().hex, "at": time.time()}
    if not line.startswith("/"):
        return Incoming(kind=m.TEXT, text=line, **base)
    cmd, _, rest = line.partition(" ")
    rest = rest.strip()
    if cmd in ("/quit", "/exit", "/q"):
        return None
    if cmd == "/help":
        return HELP
    if cmd == "/loc":
        try:
            lat_s, lng_s = rest.replace("，", ",").split(",")
            lat, lng = float(lat_s), float(lng_s)
        except ValueError:
            return "用法：/loc 纬度,经度   例如 /loc 30.27,120.15"
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            return "纬度在 -90 到 90 之间，经度在 -180 到 180 之间，例如 /loc 30.27,120.15"
        return Incoming(kind=m.LOCATION, lat=lat, lng=lng, **base)
    if cmd == "/voice":
        if rest:
            return Incoming(kind=m.TEXT, text=rest, via_voice=True, **base)
        return Incoming(kind=m.VOICE, **base)
    if cmd == "/event":
        if not rest:
            return "用法：/event subscribe（或 unsubscribe、location_select …）"
        return Incoming(kind=m.EVENT, event=rest.split()[0].lower(), **base)
    if cmd == "/click":
        if not rest:
            return "用法：/click KEY   例如 /click nearby 或 /click find:microwave"
        return Incoming(kind=m.EVENT, event="click", key=rest, **base)
    if cmd == "/image":
        return Incoming(kind=m.MEDIA, **base)
    return f"不认识的命令 {cmd}。\n{HELP}"


def converse(engine, lines: Iterable[str], out: TextIO, user: str, prompt: str = "") -> int:
    """Feed lines to the engine and print each answer; returns the number of messages sent."""
    sent = 0
    if prompt:
        out.write(prompt)
        out.flush()
    for raw in lines:
        if not raw.strip():
            if prompt:
                out.write(prompt)
                out.flush()
            continue
        msg = parse_line(raw, user)
        if msg is None:
            break
        if isinstance(msg, str):
            out.write(msg + "\n")
        else:
            try:
                reply = engine.handle(msg)
                text = reply.text
            except Exception as e:  # noqa: BLE001 - a terminal session survives an engine bug
                text = f"（出错了：{type(e).__name__}）"
            sent += 1
            out.write((text if text else NO_REPLY) + "\n")
        if prompt:
            out.write(prompt)
        out.flush()
    return sent


def run(args: argparse.Namespace) -> int:
    from bot.config import Config
    from bot.runtime import build_runtime
    try:
        rt = build_runtime(Config.from_env())
        _ = rt.kb_source.kb
    except Exception as e:
        if any(c.__name__ == "KBError" for c in type(e).__mro__):
            print(f"error: the stations file is invalid:\n{e}", file=sys.stderr)
            return 2
        raise
    interactive = sys.stdin.isatty()
    if interactive:
        print("驿站助手 — 输入问题，或 /loc 30.27,120.15 发送位置，/help 查看命令，/quit 退出。")
    converse(rt.engine, sys.stdin, sys.stdout, args.user, prompt="> " if interactive else "")
    return 0

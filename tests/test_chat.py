"""`python run_bot.py chat`: terminal lines → the same Incoming the WeChat channel produces."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot import messages as m
from bot.chat import NO_REPLY, converse, parse_line
from bot.messages import Reply

ROOT = Path(__file__).resolve().parent.parent


class Recorder:
    def __init__(self):
        self.seen = []

    def handle(self, msg):
        self.seen.append(msg)
        return Reply(None if msg.event == "unsubscribe" else f"ok {len(self.seen)}")


def test_lines_map_to_incoming():
    loc = parse_line("/loc 30.27,120.15", "u")
    assert (loc.kind, loc.lat, loc.lng, loc.user) == (m.LOCATION, 30.27, 120.15, "u")
    assert parse_line("/loc 30.27，120.15", "u").lng == 120.15          # full-width comma
    assert parse_line("杭州", "u").kind == m.TEXT and parse_line("杭州", "u").text == "杭州"
    v = parse_line("/voice 哪里能充电", "u")
    assert (v.kind, v.text, v.via_voice) == (m.TEXT, "哪里能充电", True)
    assert parse_line("/voice", "u").kind == m.VOICE
    ev = parse_line("/event subscribe", "u")
    assert (ev.kind, ev.event) == (m.EVENT, "subscribe")
    click = parse_line("/click find:microwave", "u")
    assert (click.kind, click.event, click.key) == (m.EVENT, "click", "find:microwave")
    assert parse_line("/image", "u").kind == m.MEDIA
    assert parse_line("/quit", "u") is None
    a, b = parse_line("x", "u"), parse_line("x", "u")
    assert a.msg_id != b.msg_id                                           # never deduped away


@pytest.mark.parametrize("line", ["/loc abc", "/loc 91,200", "/loc", "/click", "/event", "/nonsense"])
def test_bad_commands_answer_with_usage_not_a_crash(line):
    out = parse_line(line, "u")
    assert isinstance(out, str) and out


def test_converse_prints_each_answer_and_stops_at_quit():
    engine, out = Recorder(), io.StringIO()
    sent = converse(engine, ["你好\n", "\n", "/loc abc\n", "/loc 30.27,120.15\n", "/event unsubscribe\n",
                             "/quit\n", "never sent\n"], out, "u")
    assert sent == 3 and len(engine.seen) == 3
    lines = out.getvalue().splitlines()
    assert lines[0] == "ok 1" and lines[-1] == NO_REPLY and "用法" in out.getvalue()


def test_chat_command_with_piped_stdin(tmp_path):
    pytest.importorskip("knowledge.source")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WECHAT_", "REDIS_URL", "YZ_"))}
    env["YZ_VAR_DIR"] = str(tmp_path)
    r = subprocess.run([sys.executable, "run_bot.py", "chat"], cwd=ROOT, env=env, text=True,
                       input="你好\n/loc 30.27,120.15\n/click nearby\n/quit\n", capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "Traceback" not in r.stderr
    answers = [line for line in r.stdout.splitlines() if line.strip()]
    assert len(answers) >= 3

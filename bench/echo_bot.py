#!/usr/bin/env python3
"""The benchmark's anchor: a bare WeRoBot echo bot, served exactly like `run_bot.py serve`.

    WECHAT_TOKEN=tok python bench/echo_bot.py --port 8090 --workers 2

Same gunicorn options (bot.wechat.serve.serve_wsgi: gthread, preload, same threads), so
the only difference measured is what happens inside the app.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.wechat.serve import DEFAULT_THREADS  # noqa: E402


def make_app(token: str):
    import werobot
    robot = werobot.WeRoBot(token=token, SESSION_STORAGE=False)

    @robot.handler
    def echo(message):
        return getattr(message, "content", None) or "ok"

    return robot.wsgi


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8090)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    args = ap.parse_args()
    token = os.environ.get("WECHAT_TOKEN", "")
    if not token:
        print("error: set WECHAT_TOKEN", file=sys.stderr)
        return 2
    from bot.wechat.serve import serve_wsgi
    serve_wsgi(make_app(token), args.host, args.port, args.workers, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())

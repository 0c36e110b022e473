"""Sub-commands of run_bot.py.

Each command lives next to the concern it belongs to and exposes `register(subparsers)`;
they import their heavy dependencies inside their handlers so `--help` stays instant.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from bot.config import ConfigError
from bot.store import StoreError

# module → registers one or more sub-commands
COMMAND_MODULES = [
    "bot.wechat.serve",     # serve
    "bot.chat",             # chat
    "intents.evaluate",     # eval
    "knowledge.cli",        # kb validate | import | synth | geocode | reload
    "bot.ops.menu",         # menu push | show
    "bot.ops.reports",      # reports
    "bot.ops.stats",        # stats
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="run_bot.py", description="驿站助手 — union rest-station assistant")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except (ConfigError, StoreError, OSError) as e:
        # what an operator can fix (a setting, a file, Redis) gets one line; anything else
        # is a bug in the bot and keeps its traceback for whoever reports it
        print(f"error: {e}", file=sys.stderr)
        return 2

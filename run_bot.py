#!/usr/bin/env python3
"""驿站助手 command line: serve, chat, eval, kb …, menu …, reports, stats.  See README.md."""
import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())

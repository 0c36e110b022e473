"""Helpers shared by the load, fault, fuzz and memory tests: live servers, an own Redis,
signed WeChat requests. Imported as `support` (pytest puts tests/ on sys.path)."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:          # bench.loadgen (the shared message mix) lives at the root
    sys.path.insert(0, str(ROOT))

"""Cities outside the knowledge base: "上海哪里能热饭" names a place the data has no station in.

The KB's own cities and districts are lexicon entries (lexicon.py). This module recognises the
other common Chinese cities (knowledge/places.yaml) and every county-level division
(knowledge/areas.csv, see knowledge/areas.py), so the bot can say plainly that it has no
station there instead of asking for a location it could not use. Matching is one set
intersection with the message's substrings (Features.grams), so it costs nothing per message.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Callable

import yaml

PLACES_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "places.yaml"

_lock = threading.Lock()
_cities: frozenset[str] | None = None


def known_cities(path: Path = PLACES_PATH) -> frozenset[str]:
    """The city names of places.yaml (read once per process; an unreadable file → none)."""
    global _cities
    with _lock:
        if _cities is None:
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
                _cities = frozenset(str(c).strip() for c in data.get("cities") or () if str(c).strip())
            except (OSError, yaml.YAMLError, AttributeError):
                _cities = frozenset()
        return _cities


# 北京路, 南京东路, 上海街: streets named after cities exist in every town — not the city.
_STREET_AFTER = re.compile(r"^(?:[东西南北中]?(?:路|街|大道|巷|弄)|[东西南北]?大街)")


def county(text: str, grams: frozenset[str], is_covered: Callable[[str], bool],
           inside_names: list[tuple[int, int]] = ()) -> str:
    """The first county-level division (knowledge/areas.csv: 义乌, 德清县, 余杭区) the text names
    that is none of the KB's own cities/districts, or "". Not a street named after it (义乌路),
    nor part of a station's own name (阳山时尚谷 is no mention of 阳山县), nor straddling a word
    already read — a city, district or need (嘉兴义诊 is no mention of 兴义)."""
    from knowledge.areas import load_areas  # noqa: PLC0415 - read on first use

    hits = grams & load_areas().names
    best, at = "", len(text) + 1
    for name in hits:
        pos = text.find(name)
        while pos >= 0 and any(s <= pos < e or s < pos + len(name) <= e for s, e in inside_names):
            pos = text.find(name, pos + 1)
        if pos < 0 or is_covered(name) or _STREET_AFTER.match(text[pos + len(name):]):
            continue
        if pos < at or (pos == at and len(name) > len(best)):
            best, at = name, pos
    return best


def other_city(text: str, grams: frozenset[str], is_covered: Callable[[str], bool]) -> str:
    """The first city of places.yaml the text names that the KB does not cover (is_covered
    says whether a name is one of the KB's cities/districts), or ""."""
    hits = grams & known_cities()
    best, at = "", len(text) + 1
    for name in hits:
        pos = text.find(name)
        if is_covered(name) or _STREET_AFTER.match(text[pos + len(name):]):
            continue
        if pos < at or (pos == at and len(name) > len(best)):
            best, at = name, pos
    return best

"""Pinyin typed as letters: "chongdian", "热fan", "附近yizhan" — a rider who did not pick a
character from the keyboard's candidates.

A run of latin letters is read against the lexicon's pinyin index: it matches a word when the
letters are exactly that word's toneless syllables run together (neighbouring Chinese
characters may supply some syllables by any of their readings). The span is then rewritten as
the word itself, so everything downstream sees ordinary Chinese. Only words of 2+ syllables
are indexed, so an English word (ok, hello, help) almost never spells one.
"""
from __future__ import annotations

import re

from .lexicon import Entry, Lexicon, char_readings

_UNIT = re.compile(r"[a-z]+|[\u4e00-\u9fff]|.", re.S)
_LATIN = re.compile(r"[a-z]")
_MAX_SYLLABLE = 6           # zhuang, shuang
_MAX_WORD_UNITS = 6


def rewrite(text: str, lex: Lexicon) -> str:
    """`text` with each latin span that spells a lexicon word replaced by that word."""
    if not _LATIN.search(text):
        return text
    units = _UNIT.findall(text)
    out: list[str] = []
    i = 0
    while i < len(units):
        best: tuple[int, Entry] | None = None
        for end, entry in _matches_at(units, i, lex):
            if any(_is_latin(u) for u in units[i:end]) and (best is None or end > best[0]):
                best = (end, entry)
        if best is None:
            out.append(units[i])
            i += 1
        else:
            out.append(best[1].word)
            i = best[0]
    return "".join(out)


def _is_latin(unit: str) -> bool:
    return unit[0].isascii() and unit[0].isalpha()


def _first_syllables(unit: str) -> list[str]:
    if _is_latin(unit):
        return [unit[:n] for n in range(1, min(_MAX_SYLLABLE, len(unit)) + 1)]
    if "\u4e00" <= unit <= "\u9fff":
        return list(char_readings(unit))
    return []


def _matches_at(units: list[str], i: int, lex: Lexicon):
    """(end unit index, entry) for every lexicon word the units from i spell."""
    for first in _first_syllables(units[i]):
        for syllables, entry in lex.by_pinyin.get(first, ()):
            end = _consume(syllables, units, i)
            if end is not None:
                yield end, entry


def _consume(syllables: tuple[str, ...], units: list[str], i: int) -> int | None:
    """Index after the units that spell exactly these syllables, or None. A latin unit must be
    spelt whole by consecutive syllables; a Chinese character by one of its readings."""
    s = 0
    while s < len(syllables):
        if i >= len(units) or i - s > _MAX_WORD_UNITS:
            return None
        unit = units[i]
        if _is_latin(unit):
            spelt = ""
            while s < len(syllables) and len(spelt) < len(unit):
                spelt += syllables[s]
                s += 1
            if spelt != unit:
                return None
        elif "\u4e00" <= unit <= "\u9fff" and syllables[s] in char_readings(unit):
            s += 1
        else:
            return None
        i += 1
    return i

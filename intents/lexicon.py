"""The words the understanding layer recognises, built from the shared data — never a private copy.

* facility/service words come from `knowledge/vocabulary.yaml` (one code per word);
* station names, short names and aliases, cities and districts come from the knowledge base.

Every entry is also indexed by toneless pinyin, so a homophone typo from a pinyin keyboard
(热反, 微博炉, 红日停) finds the word it was meant to be.

pypinyin is imported only when a lexicon is built, not when one is read back from the cache
(intents/lexicon_cache.py): its import alone is a fifth of a second of every start-up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from knowledge.vocabulary import Term, load_vocabulary

from .shapes import shape_key


# Entry kinds
CODE, STATION, CITY, DISTRICT, CUE = "code", "station", "city", "district", "cue"

# Administrative suffixes riders usually leave out: 宁波市 → 宁波, 海曙区 → 海曙.
_ADMIN_SUFFIX = re.compile(r"(市|区|县|镇|街道)$")


@dataclass(frozen=True)
class Entry:
    word: str        # the surface form as written in the data
    kind: str        # CODE | STATION | CITY | DISTRICT
    target: str      # vocabulary code, station id, or the canonical city/district name


@dataclass(frozen=True)
class StationNames:
    """What the understanding layer needs of a station: its id and every name riders use."""
    id: str
    names: tuple[str, ...]
    city: str = ""
    district: str = ""


def load_vocabulary_terms(path: Path | None = None) -> list[Term]:
    """Facility and service terms of the shared lexicon (knowledge/vocabulary.yaml)."""
    return list(load_vocabulary(path))


# Generic tails of station names: 东宁路驿站 → 东宁路 is what a rider says.
_GENERIC_TAIL = re.compile(r"(工会户外劳动者服务站点?|户外劳动者服务站点?|劳动者驿站|服务站点?|爱心驿站|驿站|驿家|"
                           r"小站|站点)$")
# Landmarks: 毗邻明月嘉苑三区公交车站 → 明月嘉苑; 华盖山脚下 → 华盖山; 越东路151号… → 越东路.
_LANDMARK_HEAD = re.compile(r"^(毗邻|位于|靠近|紧邻|地处|坐落于|在)")
_LANDMARK_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,6}?(街道|社区|山|路|苑|桥|谷|镇|村|园|广场)")


# The kind of institution that houses a station, dropped as riders drop it (金华眼科医院 → 金华眼科).
_HOST_TAIL = re.compile(r"(?:医院|中心|公司|大厦|学校)$")
_MODIFIERS = {"爱心", "暖心", "惠工", "工会", "职工", "劳动者", "户外", "365", "365+"}


def station_names_from(stations: Iterable[Any]) -> list[StationNames]:
    """Names riders may use for each station: full name, short name, aliases, and the shorter
    names derived from them and from the landmark (东宁路, 华盖山, 段塘) when only one station
    answers to them."""
    stations = list(stations)
    derived: dict[str, set[str]] = {}
    by_district: dict[str, list[Any]] = {}
    for s in stations:
        for n in _derived(s):
            derived.setdefault(n, set()).add(str(s.id))
        if getattr(s, "district", None):
            by_district.setdefault(s.district, []).append(s)
    for district, members in by_district.items():   # 椒江驿站 when 椒江 has one station
        if len(members) == 1:
            derived.setdefault(short_place(district) + "驿站", set()).add(str(members[0].id))
    out = []
    for s in stations:
        names = [getattr(s, "name", ""), getattr(s, "short_name", ""), *(getattr(s, "aliases", None) or ())]
        names += [n for n, ids in derived.items() if ids == {str(s.id)}]
        names = tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))
        out.append(StationNames(str(s.id), names, getattr(s, "city", "") or "", getattr(s, "district", "") or ""))
    return out


def distinctive(name: str) -> str:
    """A station name without its generic tail: 南苑户外劳动者服务站 → 南苑."""
    return _GENERIC_TAIL.sub("", name)


def _derived(s: Any) -> set[str]:
    found = set()
    admin = {getattr(s, "city", "") or "", getattr(s, "district", "") or ""}
    admin |= {short_place(a) for a in admin if a}
    for n in (getattr(s, "short_name", ""), *(getattr(s, "aliases", None) or ())):
        core = _GENERIC_TAIL.sub("", n or "")
        # 爱心驿家 → 爱心 would be a modifier, not a name
        if len(core) >= 2 and core != n and core not in admin and core not in _MODIFIERS:
            found.add(core)
        # 金华眼科医院 → 金华眼科: the institution a station is housed in, named without its kind
        host = _HOST_TAIL.sub("", core)
        if len(host) >= 4 and host != core and host not in admin:
            found.add(host)
    for text in (getattr(s, "landmark", None), getattr(s, "address", None)):
        text = _LANDMARK_HEAD.sub("", text or "")
        m = _LANDMARK_PLACE.match(text)
        if m and len(m.group(0)) >= 2:
            found.add(m.group(0))
            if m.group(1) == "街道" and len(m.group(0)) >= 4:
                found.add(m.group(0)[:-2])    # 段塘街道 → 段塘
    return {f for f in found if f not in admin}


def short_place(name: str) -> str:
    """宁波市 → 宁波; 海曙区 → 海曙 (kept when the rest would be a single character)."""
    short = _ADMIN_SUFFIX.sub("", name)
    return short if len(short) >= 2 else name


# character → its toneless readings; filled from the cached table (use_readings) or, for a
# character not in it, from pypinyin on first use
_READINGS: dict[str, tuple[str, ...]] = {}
CJK_FIRST, CJK_LAST = 0x4E00, 0x9FFF      # the characters riders type (CJK Unified Ideographs)


def char_readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of one character, sorted (polyphones: 长 → chang, zhang)."""
    r = _READINGS.get(ch)
    if r is None:
        if not ("\u4e00" <= ch <= "\u9fff"):
            return (ch.lower(),)
        r = _READINGS[ch] = _pypinyin_readings(ch)
    return r


def _pypinyin_readings(ch: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin  # noqa: PLC0415 - see the module docstring
    return tuple(sorted(set(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])))


def readings_table() -> dict[str, tuple[str, ...]]:
    """The readings of every CJK character, for the cache (≈ 1 s to compute, once)."""
    return {chr(c): _pypinyin_readings(chr(c)) for c in range(CJK_FIRST, CJK_LAST + 1)}


def use_readings(table: dict[str, tuple[str, ...]]) -> None:
    """Take a readings table (from the cache) as the process's."""
    _READINGS.update(table)


def word_syllables(word: str) -> tuple[str, ...]:
    """Toneless pinyin of a lexicon word, read as a phrase (so polyphones get the right reading)."""
    from pypinyin import Style, lazy_pinyin  # noqa: PLC0415 - see the module docstring
    return tuple(s.lower() for s in lazy_pinyin(word, style=Style.NORMAL))


@dataclass
class Lexicon:
    terms: dict[str, Term]
    entries: dict[str, list[Entry]] = field(default_factory=dict)   # surface word → entries
    by_pinyin: dict[str, list[tuple[tuple[str, ...], Entry]]] = field(default_factory=dict)
    by_syllables: dict[tuple[str, ...], list[Entry]] = field(default_factory=dict)   # 热饭 ← (re, fan)
    by_shape: dict[str, list[Entry]] = field(default_factory=dict)                   # see shapes.py
    stations: dict[str, StationNames] = field(default_factory=dict)
    max_len: int = 1
    district_city: dict[str, str] = field(default_factory=dict)
    area_station: dict[str, str] = field(default_factory=dict)   # city/district with one station → it
    _fuzzy: list[str] = field(default_factory=list)
    spell_stations: bool = True          # index station names for pinyin typed as letters
    _splits: dict | None = None          # separable.py's verb table, built on first use
    _prefilter: "Prefilter | None" = None   # matching.py's quick rejections, built on first use
    _initials: dict | None = None        # latin.py's station names by pinyin initials, built on first use
    # A national KB's names, matched exactly through its index (name_key → ids) rather than
    # registered one by one; see understand.build_lexicon.
    station_index: dict[str, tuple[str, ...]] | None = None

    @classmethod
    def build(cls, terms: list[Term], stations: Iterable[StationNames] = (),
              cities: Iterable[str] = (), districts: Iterable[str] = (),
              cues: dict[str, Iterable[str]] | None = None, spell_stations: bool = True) -> "Lexicon":
        """`cues`: domain words of the intents (驿站, 服务站 …) that deserve homophone matching too."""
        lex = cls(terms={t.code: t for t in terms}, spell_stations=spell_stations)
        for t in terms:
            for w in t.words:
                lex._add(w, CODE, t.code)
        for s in stations:
            lex.stations[s.id] = s
            for n in s.names:
                lex._add(n, STATION, s.id)
        for c in cities:
            for form in {c, short_place(c)}:
                lex._add(form, CITY, c)
        for d in districts:
            for form in {d, short_place(d)}:
                lex._add(form, DISTRICT, d)
        for cue, words in (cues or {}).items():
            for w in words:
                lex._add(w, CUE, cue)
        lex._fuzzy = sorted({e.word for b in lex.entries.values() for e in b
                             if e.kind == STATION and len(distinctive(e.word)) >= 3})
        return lex

    def _add(self, word: str, kind: str, target: str) -> None:
        key = word.lower()
        if not key:
            return
        bucket = self.entries.setdefault(key, [])
        entry = Entry(word, kind, target)
        if entry in bucket:
            return
        bucket.append(entry)
        self.max_len = max(self.max_len, len(key))
        # Homophone index only for words of 2+ Chinese characters: a single syllable matches
        # far too much by sound alone.
        if len(word) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in word):
            return
        syl = word_syllables(word)
        if len(syl) != len(word):
            return
        self.by_syllables.setdefault(syl, []).append(entry)
        self.by_shape.setdefault(shape_key(word), []).append(entry)
        # The first-syllable index serves letters typed as pinyin (latin.py); station names are
        # left out of it so that it stays small with a national knowledge base.
        if kind != STATION or self.spell_stations:
            self.by_pinyin.setdefault(syl[0], []).append((syl, entry))

    def prefilter(self) -> "Prefilter":
        """What the matcher checks before trying a span the slow way (built once, on first use)."""
        if self._prefilter is None:
            self._prefilter = Prefilter.of(self)
        return self._prefilter

    def words(self) -> list[str]:
        """Every surface word, for jieba's user dictionary."""
        return [e.word for bucket in self.entries.values() for e in bucket]

    def fuzzy_names(self) -> list[str]:
        """Station names long enough for fuzzy matching (3+ characters)."""
        return self._fuzzy

    def everyday(self, code: str) -> str:
        """The rider's own word for a code (热饭 rather than 微波炉): the first word after the label."""
        t = self.terms.get(code)
        if not t:
            return code
        return t.words[1] if len(t.words) > 1 else t.label

    def label(self, code: str) -> str:
        t = self.terms.get(code)
        return t.label if t else code

    def is_service(self, code: str) -> bool:
        t = self.terms.get(code)
        return bool(t and t.kind == "service")

    # --- plain data, for the cache (intents/lexicon_cache.py) ---
    def to_plain(self) -> dict[str, Any]:
        """Everything derived, as marshal-able plain data; entries by number, so each Entry
        object is shared by every index again when read back. Not: terms (the vocabulary's
        own), station_index (the KB's), the separable-verb table (built on first use)."""
        number: dict[Entry, int] = {}
        for bucket in self.entries.values():
            for e in bucket:
                number.setdefault(e, len(number))

        def n(e: Entry) -> int:
            return number.setdefault(e, len(number))
        plain = {
            "buckets": {k: [n(e) for e in b] for k, b in self.entries.items()},
            "by_pinyin": {k: [(syl, n(e)) for syl, e in v] for k, v in self.by_pinyin.items()},
            "by_syllables": {k: [n(e) for e in v] for k, v in self.by_syllables.items()},
            "by_shape": {k: [n(e) for e in v] for k, v in self.by_shape.items()},
            "stations": [(s.id, s.names, s.city, s.district) for s in self.stations.values()],
            "max_len": self.max_len, "district_city": self.district_city,
            "area_station": self.area_station, "fuzzy": self._fuzzy, "spell_stations": self.spell_stations,
        }
        plain["entries"] = [(e.word, e.kind, e.target) for e in number]   # after every n()
        return plain

    @classmethod
    def from_plain(cls, terms: list[Term], plain: dict[str, Any]) -> "Lexicon":
        entries = [Entry(*e) for e in plain["entries"]]
        return cls(
            terms={t.code: t for t in terms},
            entries={k: [entries[i] for i in v] for k, v in plain["buckets"].items()},
            by_pinyin={k: [(tuple(syl), entries[i]) for syl, i in v] for k, v in plain["by_pinyin"].items()},
            by_syllables={tuple(k): [entries[i] for i in v] for k, v in plain["by_syllables"].items()},
            by_shape={k: [entries[i] for i in v] for k, v in plain["by_shape"].items()},
            stations={s[0]: StationNames(s[0], tuple(s[1]), s[2], s[3]) for s in plain["stations"]},
            max_len=plain["max_len"], district_city=dict(plain["district_city"]),
            area_station=dict(plain["area_station"]), _fuzzy=list(plain["fuzzy"]),
            spell_stations=plain["spell_stations"])


@dataclass(frozen=True)
class Prefilter:
    """Facts about a lexicon that let the matcher reject most spans without trying them. Each
    test is a necessary condition of a match, so it changes speed, never results:

    * a homophone (pinyin) or look-alike (shape) match shares at least one character with the
      word it finds, so a span none of whose characters is in `sound_chars` matches nothing;
    * a homophone match has the word's first two syllables and length: in `heads`;
    * a fuzzy station match needs 2+ characters of a station name, and at least two thirds of
      the span's characters in names (rapidfuzz ratio >= 80 means that many in common);
    * an exact word starting at a character is at most `longest_from[char]` long.
    """
    sound_chars: frozenset[str]
    heads: frozenset[tuple[str, str, int]]
    fuzzy_chars: frozenset[str]
    longest_from: dict[str, int]

    @classmethod
    def of(cls, lex: "Lexicon") -> "Prefilter":
        words = {e.word for b in lex.by_syllables.values() for e in b}
        words |= {e.word for b in lex.by_shape.values() for e in b}
        longest: dict[str, int] = {}
        for key in lex.entries:
            if len(key) >= 2 and len(key) > longest.get(key[0], 0):
                longest[key[0]] = len(key)
        return cls(sound_chars=frozenset(c for w in words for c in w),
                   heads=frozenset((syl[0], syl[1], len(syl)) for syl in lex.by_syllables),
                   fuzzy_chars=frozenset(c for name in lex.fuzzy_names() for c in name),
                   longest_from=longest)

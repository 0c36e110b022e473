"""The one vocabulary of facility and service codes, read from vocabulary.yaml.

stations.yaml may only use these codes, the importer maps a spreadsheet's Chinese words
through them, and the understanding layer builds its trigger words and jieba dictionary from
`word_index()` — so a new rider word is added once, in vocabulary.yaml, and works everywhere.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).resolve().parent / "vocabulary.yaml"
KINDS = ("facility", "service")
_SECTIONS = {"facilities": "facility", "services": "service"}
_OTHER_SECTIONS = ("situations",)     # situation → needs, read by intents/situations.py


class VocabularyError(ValueError):
    """vocabulary.yaml is malformed; the message says where."""


@dataclass(frozen=True, slots=True)
class Term:
    code: str                 # stable id used in data, menus and logs
    kind: str                 # 'facility' | 'service'
    label: str                # Chinese name shown to riders
    words: tuple[str, ...]    # everyday words for it, the label included


class Vocabulary:
    def __init__(self, terms: list[Term], situations: dict | None = None):
        self.situations: dict = dict(situations or {})    # name → {needs, say, signs, emergency}
        self.terms: dict[str, Term] = {t.code: t for t in terms}
        self.facilities: tuple[Term, ...] = tuple(t for t in terms if t.kind == "facility")
        self.services: tuple[Term, ...] = tuple(t for t in terms if t.kind == "service")
        self.facility_codes = frozenset(t.code for t in self.facilities)
        self.service_codes = frozenset(t.code for t in self.services)
        self._index: dict[str, str] | None = None

    def __contains__(self, code: object) -> bool:
        return code in self.terms

    def __iter__(self):
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def get(self, code: str) -> Term | None:
        return self.terms.get(code)

    def kind(self, code: str) -> str | None:
        term = self.terms.get(code)
        return term.kind if term else None

    def label(self, code: str) -> str:
        """The Chinese label of a code; the code itself if unknown (never raises in a reply)."""
        term = self.terms.get(code)
        return term.label if term else code

    def words(self, code: str) -> tuple[str, ...]:
        """A code's everyday words, its label first; the code itself if unknown (as label())."""
        term = self.terms.get(code)
        return term.words if term else (code,)

    def word_index(self) -> dict[str, str]:
        """Every rider word (lower-cased) → its code, longest words first.

        Longest first lets a matcher scanning text take 热饭菜 before 热饭. Do not mutate.
        """
        if self._index is None:
            pairs = {w.lower(): t.code for t in self.terms.values() for w in t.words}
            self._index = dict(sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])))
        return self._index

    def code_for_word(self, word: str) -> str | None:
        """Exact lookup of one word or label (case-insensitive for latin words like AED, wifi)."""
        word = word.strip()
        if word in self.terms:
            return word
        return self.word_index().get(word.lower())

    def suggest(self, code: str) -> str | None:
        """The closest known code to a misspelt one, for 'did you mean …' messages."""
        best = difflib.get_close_matches(code, list(self.terms), n=1, cutoff=0.6)
        return best[0] if best else None


def parse_vocabulary(data: object, source: str = "vocabulary.yaml") -> Vocabulary:
    if not isinstance(data, dict):
        raise VocabularyError(f"{source}: expected a mapping with 'facilities' and 'services'")
    terms: list[Term] = []
    owner: dict[str, str] = {}  # word → code, to refuse a word that means two things
    for section, kind in _SECTIONS.items():
        entries = data.get(section) or {}
        if not isinstance(entries, dict):
            raise VocabularyError(f"{source}: '{section}' must be a mapping of code → {{label, words}}")
        for code, entry in entries.items():
            if not isinstance(code, str) or not code.isidentifier():
                raise VocabularyError(f"{source}: {section}: code {code!r} must be a plain identifier")
            if any(t.code == code for t in terms):
                raise VocabularyError(f"{source}: code '{code}' is defined twice")
            if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
                raise VocabularyError(f"{source}: {section}.{code}: needs a 'label' string")
            words = entry.get("words") or []
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise VocabularyError(f"{source}: {section}.{code}: 'words' must be a list of non-empty strings")
            label = entry["label"]
            ordered = tuple(dict.fromkeys([label, *(w.strip() for w in words)]))
            for w in ordered:
                prev = owner.setdefault(w.lower(), code)
                if prev != code:
                    raise VocabularyError(f"{source}: word '{w}' is used by both '{prev}' and '{code}'")
            terms.append(Term(code=code, kind=kind, label=label, words=ordered))
    unknown = set(data) - set(_SECTIONS) - set(_OTHER_SECTIONS)
    if unknown:
        raise VocabularyError(f"{source}: unknown section(s) {sorted(unknown)}")
    return Vocabulary(terms, _situations(data.get("situations") or {}, {t.code for t in terms}, source))


def _situations(entries: object, codes: set[str], source: str) -> dict:
    """The `situations` section: name → {needs, say, signs, emergency}; every need a known code."""
    if not isinstance(entries, dict):
        raise VocabularyError(f"{source}: 'situations' must be a mapping of name → {{needs, say, signs}}")
    out = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            raise VocabularyError(f"{source}: situations.{name}: must be a mapping")
        needs, signs = entry.get("needs") or [], entry.get("signs") or []
        bad = [c for c in needs if c not in codes]
        if bad or not needs:
            raise VocabularyError(f"{source}: situations.{name}: unknown or missing needs {bad}")
        if not signs or not all(isinstance(x, str) and x for x in signs):
            raise VocabularyError(f"{source}: situations.{name}: 'signs' must be a list of patterns")
        out[str(name)] = {"needs": tuple(needs), "say": str(entry.get("say") or ""),
                          "signs": tuple(signs), "emergency": bool(entry.get("emergency"))}
    return out


@lru_cache(maxsize=8)
def _load(path: str) -> Vocabulary:
    with open(path, encoding="utf-8") as f:
        data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return parse_vocabulary(data, source=path)


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """The vocabulary from `path` (default: knowledge/vocabulary.yaml), parsed once per path."""
    return _load(str(Path(path) if path else DEFAULT_PATH))

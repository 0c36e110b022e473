"""The speed-ups of the understanding layer change nothing it understands (see lexicon.Prefilter,
features.GRAM_MAX): their preconditions hold, and fast paths agree with the plain definitions."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from intents import build_lexicon, cues
from intents.features import GRAM_MAX, Features, grams
from intents.matching import _fuzzy_station, _pinyin_match, _shape_match
from intents.shapes import _KEY, shape_key
from knowledge.loader import load_stations
from bot.config import Config

CONFIG = Config.from_env({})
INTENTS_DIR = Path(__file__).resolve().parent.parent / "intents"


@pytest.fixture(scope="module")
def lex():
    return build_lexicon(load_stations(CONFIG.stations_path), CONFIG.cache_dir)


# tuples of intents/ that are not cue phrases: examples, slot names, codes
_NOT_CUES = {"EXAMPLES", "SLOTS", "_APPLIANCES", "INTENTS"}


def _cue_phrases() -> list[str]:
    """Every phrase given to Features.has: the cue lists and literal arguments in intents/."""
    found = [w for name in dir(cues) if name.isupper() for w in getattr(cues, name)]
    for path in INTENTS_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "has":
                found += [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple) and not any(
                    getattr(t, "id", "") in _NOT_CUES for t in node.targets):
                found += [e.value for e in ast.walk(node.value)
                          if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "attribute"):
            found += [e.value for e in ast.walk(fn) if isinstance(e, ast.Constant) and isinstance(e.value, str)
                      and not e.value.isascii()]
    return found


def test_no_cue_phrase_is_longer_than_the_grams():
    long = [w for w in _cue_phrases() if len(w) > GRAM_MAX and "_" not in w]   # not codes
    assert not long, f"Features.has would miss these; raise GRAM_MAX: {long}"


@pytest.mark.parametrize("text", ["附近哪里能热饭", "嗯，那个，附近有没有厕所", "a", "", "热" * 30])
def test_has_is_substring_search(text):
    f = Features(text=text, tokens=[], mentions=[], grams=grams(text))
    for w in _cue_phrases()[:400] + ["不在里面的词", "热热热热热热热热"]:
        assert f.has(w) == (w in text), w


def test_shape_key_translate_matches_the_groups():
    word = "".join(_KEY) + "东宁路"
    assert shape_key(word) == "".join(_KEY.get(c, c) for c in word)
    assert shape_key("热钣") == shape_key("热饭")


def test_prefilters_still_let_the_typos_through(lex):
    assert _pinyin_match("热反", lex).target == "microwave"
    assert _shape_match("热钣", lex).target == "microwave"
    assert _pinyin_match("东北", lex) is None or _pinyin_match("东北", lex).word != "东北"
    assert _fuzzy_station("东宁路爱心驿站", lex) is not None
    assert _fuzzy_station("天气怎么样啊", lex) is None


def test_prefilter_facts(lex):
    pre = lex.prefilter()
    assert pre is lex.prefilter()                       # built once
    assert "热" in pre.sound_chars and ("re", "fan", 2) in pre.heads
    assert pre.longest_from["热"] >= 2

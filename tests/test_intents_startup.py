"""Start-up of the understanding layer: cached lexicon and pinyin readings, jieba's cache read
in one piece, a national KB matched through its flat name lookup."""
from __future__ import annotations

import importlib
import marshal

import jieba
import pytest

from bot.config import Config
from intents import lexicon as lexicon_mod
from intents import lexicon_cache, tokenizer, understand
from knowledge.cache import load_kb

# the module (the package exports the function of the same name)
understand_mod = importlib.import_module("intents.understand")

CONFIG = Config.from_env({})


@pytest.fixture
def seed_kb():
    # the process-wide jieba tokenizer is made once, in the project's cache dir, before a test
    # below builds a lexicon with a temporary cache dir
    tokenizer.get_tokenizer(CONFIG.cache_dir)
    return load_kb(CONFIG.stations_path, CONFIG.cache_dir)


def _signature(lex):
    return (sorted((k, [(e.word, e.kind, e.target) for e in v]) for k, v in lex.entries.items()),
            sorted((k, [(e.word, e.target) for e in v]) for k, v in lex.by_syllables.items()),
            sorted((k, [(s, e.word) for s, e in v]) for k, v in lex.by_pinyin.items()),
            sorted((k, [e.word for e in v]) for k, v in lex.by_shape.items()),
            sorted(lex.stations.items()), lex.max_len, lex.district_city, lex.area_station, lex.fuzzy_names())


def test_lexicon_round_trips_through_plain_data(seed_kb):
    built = understand_mod._build(seed_kb)
    again = lexicon_mod.Lexicon.from_plain(lexicon_mod.load_vocabulary_terms(), marshal.loads(
        marshal.dumps(built.to_plain())))
    assert _signature(again) == _signature(built)
    # entries are shared objects again, as when built
    word = next(iter(again.by_syllables.values()))[0]
    assert any(word is e for e in again.entries[word.word.lower()])


def test_a_warm_cache_builds_nothing(seed_kb, tmp_path, monkeypatch):
    first = understand_mod.build_lexicon(seed_kb, tmp_path)
    assert list(tmp_path.glob("lexicon-*.bin")) and list(tmp_path.glob("pinyin-*.bin"))
    monkeypatch.setattr(understand_mod, "_build", lambda *a: pytest.fail("lexicon rebuilt on a warm cache"))
    monkeypatch.setattr(lexicon_mod, "readings_table", lambda: pytest.fail("readings rebuilt"))
    monkeypatch.setattr(understand_mod, "readings_table", lambda: pytest.fail("readings rebuilt"))
    again = understand_mod.build_lexicon(seed_kb, tmp_path)
    assert _signature(again) == _signature(first)
    assert understand("红日停在哪", {"lexicon": again}).slots["station"] == "wz-lucheng-hongriting"


def test_a_corrupt_cache_file_is_rebuilt(seed_kb, tmp_path):
    understand_mod.build_lexicon(seed_kb, tmp_path)
    path = next(tmp_path.glob("lexicon-*.bin"))
    path.write_bytes(path.read_bytes()[:-10])
    lex = understand_mod.build_lexicon(seed_kb, tmp_path)
    assert understand("热反", {"lexicon": lex}).slots["codes"] == ["microwave"]
    assert lexicon_cache._read(path) is not None                    # written whole again


def test_the_key_follows_the_kb_and_the_code(seed_kb, tmp_path, monkeypatch):
    a = lexicon_cache.lexicon_key(seed_kb.source_hash)
    assert lexicon_cache.lexicon_key("another-kb") != a
    fake_dir = tmp_path / "intents"
    fake_dir.mkdir()
    (fake_dir / "x.py").write_text("CUES = 1\n")
    monkeypatch.setattr(lexicon_cache, "_INTENTS_DIR", fake_dir)
    b = lexicon_cache.lexicon_key(seed_kb.source_hash)
    (fake_dir / "x.py").write_text("CUES = 2\n")
    assert lexicon_cache.lexicon_key(seed_kb.source_hash) != b


def test_cached_readings_equal_pypinyin():
    from pypinyin import Style, pinyin
    table = lexicon_mod.readings_table()
    for ch in "长热饭驿站厕侧所乐行重":
        assert set(table[ch]) == set(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])
        assert lexicon_mod.char_readings(ch) == table[ch]
    assert lexicon_mod.char_readings("A") == ("a",)


def test_jieba_cache_read_in_one_piece_equals_jiebas_own(tmp_path):
    ours = jieba.Tokenizer()
    ours.tmp_dir, ours.cache_file = str(tmp_path), "jieba.cache"
    ours.initialize()                                              # writes the cache
    again = jieba.Tokenizer()
    assert tokenizer._load_cache(again, tmp_path / "jieba.cache")
    assert again.total == ours.total and again.FREQ == ours.FREQ
    for text in ("附近哪里能热饭", "丁家桥什么时候有义剪", "我在杭州东宁路"):
        assert again.lcut(text, HMM=False) == ours.lcut(text, HMM=False)
    (tmp_path / "bad.cache").write_bytes(b"\x00garbage")
    assert not tokenizer._load_cache(jieba.Tokenizer(), tmp_path / "bad.cache")


def test_a_national_kb_uses_its_flat_name_lookup(monkeypatch):
    from knowledge.kb import KnowledgeBase
    from knowledge.loader import load_stations
    kb = KnowledgeBase.from_stations(load_stations(CONFIG.stations_path))
    monkeypatch.setattr(understand_mod, "LARGE_KB", 1)
    lex = understand_mod.build_lexicon(kb, None)
    assert lex.station_index is kb.name_lookup
    assert understand("金华眼科医院工会户外劳动者服务站点在哪", {"lexicon": lex}).slots["station"] == \
        "jh-wucheng-eye-hospital"

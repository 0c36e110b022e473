"""The compiled cache and KnowledgeSource: reload on change, keep the last good data."""
from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.store import MemoryStore
from bot.store.keys import Keys
from knowledge import cache
from knowledge.cache import load_kb
from knowledge.loader import KBError
from knowledge.source import KnowledgeSource, request_reload

SEED_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "stations.yaml"


@pytest.fixture
def station_file(tmp_path):
    path = tmp_path / "stations.yaml"
    shutil.copy(SEED_FILE, path)
    return path


def entries(cache_dir: Path) -> list[Path]:
    return sorted(p for p in cache_dir.glob("kb-*") if p.is_dir())


def rename_station(path: Path, old: str, new: str, keep_stat: bool = False) -> None:
    st = os.stat(path)
    text = path.read_text(encoding="utf-8")
    assert f"short_name: {old}\n" in text
    path.write_text(text.replace(f"short_name: {old}\n", f"short_name: {new}\n", 1), encoding="utf-8")
    if keep_stat:                       # same size and mtime: only a signal can reveal it
        assert os.stat(path).st_size == st.st_size
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_cache_is_keyed_by_content_and_reused(station_file, tmp_path, monkeypatch):
    cdir = tmp_path / "cache"
    kb = load_kb(station_file, cdir)
    assert len(entries(cdir)) == 1 and kb.get("wz-lucheng-hongriting").short_name == "红日亭"

    def no_parse(*a, **k):
        raise AssertionError("the YAML was parsed although a valid cache exists")
    monkeypatch.setattr(cache, "parse_source", no_parse)
    assert load_kb(station_file, cdir).get("wz-lucheng-hongriting").short_name == "红日亭"
    monkeypatch.undo()

    rename_station(station_file, "红日亭", "红日亭新")
    kb2 = load_kb(station_file, cdir)                   # content changed → new entry, new data
    assert kb2.get("wz-lucheng-hongriting").short_name == "红日亭新"
    assert len(entries(cdir)) == 2


def test_corrupt_or_partial_cache_is_rebuilt(station_file, tmp_path, caplog):
    cdir = tmp_path / "cache"
    load_kb(station_file, cdir)
    (entry,) = entries(cdir)
    with open(entry / "lat.npy", "r+b") as f:          # flip bytes inside a column
        f.seek(-8, os.SEEK_END)
        f.write(b"\x00" * 8)
    with caplog.at_level(logging.WARNING):
        kb = load_kb(station_file, cdir)
    assert "corrupt" in caplog.text
    assert kb.get("wz-lucheng-hongriting").lat == pytest.approx(27.99, abs=0.5)
    (entry,) = entries(cdir)
    (entry / "records.bin").unlink()                   # a half-deleted entry
    assert len(load_kb(station_file, cdir).stations) == 8
    (entry,) = entries(cdir)
    (entry / "meta.json").write_text("{not json", encoding="utf-8")
    assert len(load_kb(station_file, cdir).stations) == 8


def test_invalid_file_raises_and_writes_no_cache(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("stations:\n  - id: x\n    name: 无坐标\n", encoding="utf-8")
    with pytest.raises(KBError) as e:
        load_kb(bad, tmp_path / "cache")
    assert any("lat" in str(x) for x in e.value.errors)
    assert entries(tmp_path / "cache") == []
    with pytest.raises(KBError, match="cannot read"):
        load_kb(tmp_path / "missing.yaml", tmp_path / "cache")


def test_source_refuses_an_invalid_initial_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("stations: [1, 2", encoding="utf-8")
    with pytest.raises(KBError):
        KnowledgeSource(bad, tmp_path / "cache")


def test_source_reloads_valid_changes_and_keeps_last_good(station_file, tmp_path, caplog):
    src = KnowledgeSource(station_file, tmp_path / "cache", interval=3600)
    first = src.kb
    assert src.check() is False                         # rate-limited
    assert src.check(force=True, wait=True) is False    # nothing changed

    rename_station(station_file, "红日亭", "红日亭二号")
    assert src.check(force=True, wait=True) is True
    assert src.kb is not first and src.kb.get("wz-lucheng-hongriting").short_name == "红日亭二号"
    good = src.kb

    station_file.write_text(station_file.read_text(encoding="utf-8").replace("lat: ", "lat: abc", 1),
                            encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        src.check(force=True, wait=True)
        src.check(force=True, wait=True)
    assert src.kb is good                               # still serving the last good data
    assert caplog.text.count("is invalid") == 1         # reported once per file version
    assert src.last_errors and "lat" in str(src.last_errors[0])

    station_file.unlink()
    src.check(force=True, wait=True)
    assert src.kb is good

    shutil.copy(SEED_FILE, station_file)
    src.check(force=True, wait=True)
    assert src.kb.get("wz-lucheng-hongriting").short_name == "红日亭" and src.last_errors == []


def test_a_replaced_kb_is_freed_although_serve_froze_the_heap(station_file, tmp_path):
    """`serve` freezes the start-up heap (bot.wechat.serve._freeze_heap) and the garbage collector
    never looks at frozen objects again: a knowledge base replaced by a reload must still be freed,
    by reference counting alone (no reference cycle may hold it)."""
    import gc
    import weakref
    src = KnowledgeSource(station_file, tmp_path / "cache", interval=3600)
    old = weakref.ref(src.kb)
    gc.collect()
    gc.freeze()
    try:
        rename_station(station_file, "红日亭", "红日亭四号")
        assert src.check(force=True, wait=True) is True
        assert old() is None
    finally:
        gc.unfreeze()


def test_source_checks_by_itself_when_read(station_file, tmp_path):
    src = KnowledgeSource(station_file, tmp_path / "cache", interval=0.0)
    rename_station(station_file, "红日亭", "红日亭三号")
    _ = src.kb                                            # starts the background reload
    for _ in range(200):                                # bounded wait for the swap
        if src.kb.get("wz-lucheng-hongriting").short_name == "红日亭三号":
            break
        if src._reloading is not None:
            src._reloading.join(timeout=0.05)
    assert src.kb.get("wz-lucheng-hongriting").short_name == "红日亭三号"


def test_version_key_makes_every_process_look_again(station_file, tmp_path, key_prefix):
    store, keys = MemoryStore(), Keys(key_prefix)
    src = KnowledgeSource(station_file, tmp_path / "cache", store=store, keys=keys, interval=0.0)
    rename_station(station_file, "红日亭", "红日停", keep_stat=True)
    src.check(wait=True)
    assert src.kb.get("wz-lucheng-hongriting").short_name == "红日亭"   # stat unchanged: not seen
    store.incr(keys.kb_version(), 60)
    src.check(wait=True)
    assert src.kb.get("wz-lucheng-hongriting").short_name == "红日停"


def test_request_reload_validates_and_signals_through_redis(station_file, tmp_path, key_prefix, redis_store):
    from tests.conftest import TEST_REDIS_URL
    keys = Keys(key_prefix)
    lines: list[str] = []
    config = SimpleNamespace(stations_path=station_file, cache_dir=tmp_path / "cache",
                             redis_url=TEST_REDIS_URL, key_prefix=key_prefix)
    try:
        src = KnowledgeSource(station_file, tmp_path / "cache", store=redis_store, keys=keys, interval=0.0)
        rename_station(station_file, "红日亭", "红日停", keep_stat=True)
        assert request_reload(config, out=lines.append) == 0
        assert "8 stations OK" in lines[0] and "version 1" in lines[-1]
        src.check(wait=True)
        assert src.kb.get("wz-lucheng-hongriting").short_name == "红日停"

        station_file.write_text("stations: [", encoding="utf-8")
        lines.clear()
        assert request_reload(config, out=lines.append) == 1
        assert "keep the last good version" in lines[-1]
        assert redis_store.get(keys.kb_version()) == "1"      # an invalid file is not signalled
    finally:
        redis_store.delete(keys.kb_version())


def test_request_reload_without_redis(station_file, tmp_path):
    lines: list[str] = []
    config = SimpleNamespace(stations_path=station_file, cache_dir=tmp_path / "cache", redis_url="", key_prefix="x")
    assert request_reload(config, out=lines.append) == 0
    assert "no REDIS_URL" in lines[-1]

"""Usage statistics: daily counters, intents, pins vs typed, top unanswered — and no personal data."""
from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta

import pytest

from bot.ops import stats
from bot.ops.stats import UsageLog, normalise
from bot.store import MemoryStore, StoreError
from bot.store.keys import Keys

CN = stats.CN
TODAY = datetime(2024, 6, 3, 12, 0, tzinfo=CN)
OPENID = "oXyZ-real-openid-123"


def at(days_ago: int, hour: int = 12) -> float:
    return (TODAY - timedelta(days=days_ago)).replace(hour=hour).timestamp()


def feed(usage: UsageLog) -> None:
    usage.record("location", "find_station", "", True, "pin", at=at(0))
    usage.record("text", "find_need", "哪里能热饭", True, "pin", at=at(0))
    usage.record("text", "find_station", "我在杭州东宁路", True, "typed", at=at(1))
    usage.record("text", "out_of_scope", "今天下雨吗？", False, None, at=at(0))
    usage.record("text", "out_of_scope", "今天 下雨吗!!", False, None, at=at(1))
    usage.record("text", "find_need", f"{OPENID} 电话13812345678 能洗车吗", False, None, at=at(0))
    usage.record("text", "find_need", "有没有那个", True, None, clarified=True, at=at(0))
    usage.record("text", "made_up_intent", "x", True, None, at=at(0))
    usage.record("text", "greeting", "你好", True, None, at=at(30))          # outside the window


@pytest.fixture
def usage_for(tmp_path, key_prefix):
    made = []

    def make(store):
        usage = UsageLog(store, Keys(key_prefix), tmp_path)
        made.append((store, usage))
        return usage
    yield make
    for store, usage in made:
        if not usage.embedded:
            names = ["messages", *(f"intent:{i}" for i in stats.INTENTS), "place:pin", "place:typed"]
            days = [(TODAY - timedelta(days=n)).date() for n in range(40)]
            store.delete(usage._stream(), *(usage._counter(d, n) for d in days for n in names))


def test_counters_and_top_unanswered(any_store, usage_for):
    usage = usage_for(any_store)
    feed(usage)
    s = usage.summary(days=7, today=TODAY.date())
    assert s["messages"] == 8
    assert s["days"][-1] == {"day": "2024-06-03", "messages": 6, "pins": 2, "typed": 0}
    assert s["days"][-2] == {"day": "2024-06-02", "messages": 2, "pins": 0, "typed": 1}
    assert s["intents"] == {"find_station": 2, "find_need": 3, "out_of_scope": 2, "other": 1}
    assert s["places"] == {"pin": 2, "typed": 1}
    top = s["unanswered"]
    assert top[0] == {"text": "今天下雨吗", "why": "unanswered", "count": 2}
    assert {"text": "有没有那个", "why": "clarified", "count": 1} in top
    assert len(top) == 3
    # a longer window reaches the greeting 30 days ago
    assert usage.summary(days=31, today=TODAY.date())["messages"] == 9


def test_no_user_id_or_digits_are_kept(any_store, usage_for, tmp_path):
    usage = usage_for(any_store)
    feed(usage)
    out = stats.format_summary(usage.summary(days=7, today=TODAY.date()))
    assert "能洗车吗" in out
    assert "13812345678" not in out and OPENID.lower() not in out.lower()
    kept = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.jsonl"))
    if not usage.embedded:
        kept += json.dumps(any_store.stream_range(usage._stream()), ensure_ascii=False)
    assert "13812345678" not in kept and "123" not in kept
    assert "哪里能热饭" not in kept          # answered messages keep no text at all


def test_normalise_groups_variants():
    assert normalise("今天下雨吗？") == normalise("  今天下雨吗!! ") == "今天下雨吗"
    assert normalise("１２点开门吗") == "#点开门吗"              # full-width digits too
    assert normalise("HELLO😀\x00") == "hello"
    assert normalise("where is  the 驿站 ？") == "where is the驿站"
    assert len(normalise("很" * 500)) == stats.MAX_TEXT


def test_redis_counters_have_a_ttl(redis_store, usage_for):
    usage = usage_for(redis_store)
    usage.record("text", "help", "帮助", True, None, at=at(0))
    usage.flush()
    key = usage._counter(TODAY.date(), "messages")
    ttl = redis_store.r.ttl(key)
    assert 399 * 86400 < ttl <= 400 * 86400


class CountingStore(MemoryStore):
    """Not embedded (like Redis), counting the store calls usage statistics make."""
    embedded = False

    def __init__(self):
        super().__init__()
        self.calls: list[str] = []

    def incr_many(self, keys, ttl, amount=1):
        self.calls.append("incr_many")
        for key, n in keys.items():
            MemoryStore.incr(self, key, ttl, n)

    def incr(self, key, ttl, amount=1):
        self.calls.append("incr")
        return super().incr(key, ttl, amount)

    def stream_add_many(self, stream, entries, maxlen, ttl=None):
        self.calls.append("stream_add_many")
        for fields in entries:
            super().stream_add(stream, fields, maxlen)


def test_counts_are_buffered_and_written_in_one_call_per_flush(tmp_path, monkeypatch):
    store = CountingStore()
    usage = UsageLog(store, Keys("t"), tmp_path)
    assert not usage.embedded
    for _ in range(50):
        usage.record("location", "find_station", "", True, "pin", at=at(0))
    usage.record("text", "out_of_scope", "今天下雨吗", False, None, at=at(0))
    assert store.calls == []                                   # nothing sent per message
    usage.flush()
    assert store.calls == ["incr_many", "stream_add_many"]     # one batch each
    usage.flush()                                              # nothing new: no call
    assert store.calls == ["incr_many", "stream_add_many"]
    s = usage.summary(days=1, today=TODAY.date())
    assert s["messages"] == 51 and s["places"]["pin"] == 50
    assert s["unanswered"] == [{"text": "今天下雨吗", "why": "unanswered", "count": 1}]


def test_a_flush_is_due_after_n_messages_or_a_second(tmp_path, monkeypatch):
    store = CountingStore()
    usage = UsageLog(store, Keys("t"), tmp_path)
    monkeypatch.setattr(stats, "FLUSH_EVERY_N", 10)
    for _ in range(9):
        usage.record("text", "help", "帮助", True, None, at=at(0))
    assert store.calls == []
    usage.record("text", "help", "帮助", True, None, at=at(0))
    assert store.calls == ["incr_many"]
    usage._last_flush -= stats.FLUSH_EVERY_S                   # a second went by
    usage.record("text", "help", "帮助", True, None, at=at(0))
    assert store.calls == ["incr_many", "incr_many"]
    assert store.get(usage._counter(TODAY.date(), "messages")) == "11"


def test_summary_includes_counts_still_buffered(redis_store, usage_for):
    usage = usage_for(redis_store)
    usage.record("text", "help", "帮助", True, None, at=at(0))
    assert usage.summary(days=1, today=TODAY.date())["messages"] == 1


def test_buffered_counts_are_written_at_exit(tmp_path):
    """A process ending normally (the gunicorn worker too: atexit) writes what it buffered."""
    store = CountingStore()
    usage = UsageLog(store, Keys("t"), tmp_path)
    usage.record("text", "help", "帮助", True, None, at=at(0))
    stats._flush_all()
    assert store.get(usage._counter(TODAY.date(), "messages")) == "1"


def test_old_files_are_pruned(tmp_path):
    usage = UsageLog(MemoryStore(), Keys("t"), tmp_path)
    (tmp_path / "usage").mkdir()
    old = tmp_path / "usage" / "2020-01-01.jsonl"
    old.write_text("{}\n")
    usage.record("text", "help", "帮助", True, None, at=at(0))
    assert not old.exists()
    assert (tmp_path / "usage" / "2024-06-03.jsonl").exists()


def test_embedded_file_stays_open_and_survives_removal_and_a_new_day(tmp_path):
    """Today's file is kept open between messages; staff clearing var/usage or midnight
    passing opens the right file again, and every message is counted."""
    usage = UsageLog(MemoryStore(), Keys("t"), tmp_path)
    usage.record("text", "help", "帮助", True, None, at=at(0))
    usage.record("text", "help", "帮助", True, None, at=at(0))
    day_file = tmp_path / "usage" / "2024-06-03.jsonl"
    assert len(day_file.read_text().splitlines()) == 2
    import shutil
    shutil.rmtree(tmp_path / "usage")
    usage.record("text", "greeting", "你好", True, None, at=at(0))
    assert len(day_file.read_text().splitlines()) == 1
    usage.record("text", "greeting", "你好", True, None, at=at(0) + 86400)
    assert len((tmp_path / "usage" / "2024-06-04.jsonl").read_text().splitlines()) == 1
    assert usage.summary(days=2, today=date(2024, 6, 4))["messages"] == 2


class DownStore(MemoryStore):
    embedded = False

    def incr(self, *a, **kw):
        raise StoreError("connection refused")


def test_record_never_raises_when_redis_is_down(tmp_path):
    UsageLog(DownStore(), Keys("t"), tmp_path).record("text", "help", "帮助", False, None)


def test_cli_prints_the_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("YZ_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("REDIS_URL", raising=False)
    usage = UsageLog(MemoryStore(), Keys("yz"), tmp_path)
    usage.record("text", "out_of_scope", "今天下雨吗", False, None)
    usage.record("location", "find_station", "", True, "pin")
    parser = argparse.ArgumentParser()
    stats.register(parser.add_subparsers())
    args = parser.parse_args(["stats", "--days", "3"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "Messages in the last 3 day(s), China time: 2" in out
    assert "今天下雨吗  [unanswered]" in out
    assert "1 pins, 0 typed (100% pins)" in out
    with pytest.raises(SystemExit):
        parser.parse_args(["stats", "--days", "-1"])

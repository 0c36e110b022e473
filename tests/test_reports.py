"""Problem reports: Redis stream and append-only file, filters, recent_count, csv/json export."""
from __future__ import annotations

import argparse
import csv
import io
import json
import time
from datetime import date, datetime

import pytest

from bot.ops import reports as rep
from bot.ops.reports import CN, ReportLog
from bot.store import MemoryStore, StoreError
from bot.store.keys import Keys

DAY = 86400


@pytest.fixture
def log_for(tmp_path, key_prefix):
    made = []

    def make(store):
        log = ReportLog(store, Keys(key_prefix), tmp_path)
        made.append((store, log))
        return log
    yield make
    for store, log in made:
        if not log.embedded:
            store.delete(log.keys.reports())


def test_add_and_filter(any_store, log_for):
    log = log_for(any_store)
    now = time.time()
    log.add("hz-dongning", "closed", "东宁路驿站锁门了", "u1", at=now - 10 * DAY)
    log.add("hz-dongning", "closed", "又锁门了", "u2", at=now - 2 * DAY)
    log.add("wz-hongriting", "broken", "微波炉坏了", "u3", at=now - DAY)
    log.add("hz-dongning", "teleported", "？？", "u4", at=now)       # unknown kind → other
    everything = log.list()
    assert [r.text for r in everything] == ["东宁路驿站锁门了", "又锁门了", "微波炉坏了", "？？"]
    assert everything[-1].kind == "other"
    assert [r.user for r in log.list(station_id="hz-dongning")] == ["u1", "u2", "u4"]
    assert [r.station_id for r in log.list(since=now - 3 * DAY)] == ["hz-dongning", "wz-hongriting", "hz-dongning"]
    assert log.recent_count("hz-dongning", "closed", 7) == 1
    assert log.recent_count("hz-dongning", "closed", 30) == 2
    assert log.recent_count("wz-hongriting", "closed", 7) == 0


def test_recent_count_snapshot_sees_own_reports_at_once_and_others_after_refresh(any_store, log_for, tmp_path,
                                                                                key_prefix, monkeypatch):
    engine_side = log_for(any_store)
    assert engine_side.recent_count("s1", "closed", 7) == 0           # snapshot taken
    engine_side.add("s1", "closed", "锁门了", "u1")
    assert engine_side.recent_count("s1", "closed", 7) == 1           # own report counts at once
    other = ReportLog(any_store, Keys(key_prefix), tmp_path)            # another worker process
    other.add("s1", "closed", "还是锁着", "u2")
    assert engine_side.recent_count("s1", "closed", 7) == 1           # within the refresh period
    monkeypatch.setattr(rep, "RECENT_REFRESH", 0.0)
    assert engine_side.recent_count("s1", "closed", 7) == 2           # after it: the stream / file


def test_redis_reports_go_to_a_capped_stream(redis_store, log_for, tmp_path):
    log = log_for(redis_store)
    log.add("s1", "closed", "锁门", "u1")
    entries = redis_store.stream_range(log.keys.reports())
    assert len(entries) == 1 and entries[0][1]["station_id"] == "s1"
    assert not (tmp_path / "reports.jsonl").exists()


def test_embedded_reports_survive_a_restart(tmp_path, key_prefix):
    ReportLog(MemoryStore(), Keys(key_prefix), tmp_path).add("s1", "broken", "饮水机坏了", "u1")
    again = ReportLog(MemoryStore(), Keys(key_prefix), tmp_path)     # a new process, a new store
    again.add("s1", "closed", "锁门了", "u2")
    assert [(r.kind, r.text) for r in again.list()] == [("broken", "饮水机坏了"), ("closed", "锁门了")]
    lines = (tmp_path / "reports.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["user"] == "u1"


def test_file_is_read_incrementally_and_survives_a_damaged_line(tmp_path):
    log = ReportLog(MemoryStore(), Keys("t"), tmp_path)
    log.add("s1", "closed", "a", "u")
    assert len(log.list()) == 1
    with open(tmp_path / "reports.jsonl", "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    log.add("s1", "closed", "b", "u")
    assert [r.text for r in log.list()] == ["a", "b"]


class DownStore(MemoryStore):
    embedded = False            # behaves like Redis that went away

    def stream_add(self, *a, **kw):
        raise StoreError("connection refused")

    def stream_range(self, *a, **kw):
        raise StoreError("connection refused")


def test_redis_outage_keeps_the_report_in_the_file(tmp_path):
    log = ReportLog(DownStore(), Keys("t"), tmp_path)
    log.add("s1", "closed", "锁门了", "u1")
    assert [r.text for r in log.list()] == ["锁门了"]
    assert (tmp_path / "reports.jsonl").exists()


def test_redis_outage_behind_resilient_store_keeps_the_report(tmp_path):
    from bot.store.resilient import ResilientStore
    log = ReportLog(ResilientStore(DownStore()), Keys("t"), tmp_path)
    assert not log.embedded
    log.add("s1", "closed", "锁门了", "u1")
    assert [r.text for r in log.list()] == ["锁门了"]


def test_since_is_a_china_date():
    # 2024-05-01 00:30 in Shanghai is still 2024-04-30 in UTC
    at = datetime(2024, 5, 1, 0, 30, tzinfo=CN).timestamp()
    assert rep.to_timestamp(date(2024, 5, 1)) <= at
    assert rep.to_timestamp(date(2024, 5, 2)) > at


def test_exports(tmp_path):
    log = ReportLog(MemoryStore(), Keys("t"), tmp_path)
    at = datetime(2024, 5, 1, 8, 5, tzinfo=CN).timestamp()
    log.add("hz-dongning", "closed", '门锁了, "下雨天"', "abc123", at=at)
    out = io.StringIO()
    rep.write_reports(log.list(), "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows == [{"time": "2024-05-01 08:05", "station_id": "hz-dongning", "kind": "closed",
                     "user": "abc123", "text": '门锁了, "下雨天"'}]
    out = io.StringIO()
    rep.write_reports(log.list(), "json", out)
    data = json.loads(out.getvalue())
    assert data[0]["time"] == "2024-05-01 08:05" and data[0]["at"] == pytest.approx(at)
    out = io.StringIO()
    rep.write_reports(log.list(), "table", out)
    assert "2024-05-01 08:05" in out.getvalue() and "1 report(s)" in out.getvalue()


def test_cli_filters_and_rejects_bad_dates(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("YZ_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("REDIS_URL", raising=False)
    log = ReportLog(MemoryStore(), Keys("yz"), tmp_path)
    log.add("a", "closed", "old", "u", at=datetime(2024, 1, 1, tzinfo=CN).timestamp())
    log.add("a", "closed", "new", "u", at=datetime(2024, 6, 1, tzinfo=CN).timestamp())
    log.add("b", "broken", "other station", "u", at=datetime(2024, 6, 2, tzinfo=CN).timestamp())
    parser = argparse.ArgumentParser()
    rep.register(parser.add_subparsers())
    args = parser.parse_args(["reports", "--since", "2024-05-01", "--station", "a", "--format", "json"])
    assert args.func(args) == 0
    assert [r["text"] for r in json.loads(capsys.readouterr().out)] == ["new"]
    with pytest.raises(SystemExit):
        parser.parse_args(["reports", "--since", "yesterday"])
    assert "is not a date like" in capsys.readouterr().err


def test_recent_count_counts_distinct_reporters(any_store, log_for):
    """One rider repeating "锁门了" must not put a warning on a station by themselves."""
    log = log_for(any_store)
    now = time.time()
    for minutes in (1, 5, 30):
        log.add("s1", "closed", "锁门了", "same-rider", at=now - minutes * 60)
    assert log.recent_count("s1", "closed", 7) == 1
    log.add("s1", "closed", "确实锁着", "another-rider", at=now)
    assert log.recent_count("s1", "closed", 7) == 2
    log.add("s1", "closed", "十天前锁过", "old-rider", at=now - 10 * DAY)
    assert log.recent_count("s1", "closed", 7) == 2          # outside the window
    assert log.recent_count("s1", "broken", 7) == 0


def test_repeated_reports_of_one_rider_do_not_warn_riders(tmp_path, key_prefix):
    from bot.dialogue.render import CLOSED_REPORTS_WARN
    log = ReportLog(MemoryStore(), Keys(key_prefix), tmp_path)
    log.add("s1", "closed", "锁门了", "u1")
    log.add("s1", "closed", "还是锁门", "u1")
    assert log.recent_count("s1", "closed", 7) < CLOSED_REPORTS_WARN
    log.add("s1", "closed", "锁门了", "u2")
    assert log.recent_count("s1", "closed", 7) >= CLOSED_REPORTS_WARN

"""Problem reports from riders ("驿站锁门了", "微波炉坏了"), kept for the union's staff.

Durable either way: a capped Redis stream when the store is Redis (shared by every process), an
append-only JSON-lines file under var_dir with the embedded store, whose memory dies with the
process. A Redis outage while adding falls back to the file, so no report is lost; listing reads
both. `python run_bot.py reports` lists or exports them.
"""
from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.store import MemoryStore, Store, StoreError
from bot.store.keys import Keys

log = logging.getLogger(__name__)

CN = ZoneInfo("Asia/Shanghai")
KINDS = ("closed", "broken", "wrong_location", "other")
STREAM_MAXLEN = 100_000       # approximate cap (XADD MAXLEN ~)
MAX_TEXT = 500                # a report is a sentence, not an essay
FILE_NAME = "reports.jsonl"
RECENT_REFRESH = 30.0         # seconds a process reuses its snapshot of recent reports
RECENT_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Report:
    id: str
    at: float                 # unix seconds
    station_id: str
    kind: str
    text: str
    user: str                 # user_hash(openid), never the openid

    def local_time(self) -> str:
        return datetime.fromtimestamp(self.at, CN).strftime("%Y-%m-%d %H:%M")


def is_embedded(store: Store) -> bool:
    """True when the store's memory dies with the process (so reports go to a file)."""
    while hasattr(store, "inner"):          # ResilientStore and other wrappers
        store = store.inner
    return bool(getattr(store, "embedded", isinstance(store, MemoryStore)))


def to_timestamp(since: float | date | datetime | None) -> float:
    """A date means its midnight in China time, whatever the server's zone."""
    if since is None:
        return 0.0
    if isinstance(since, datetime):
        return (since if since.tzinfo else since.replace(tzinfo=CN)).timestamp()
    if isinstance(since, date):
        return datetime(since.year, since.month, since.day, tzinfo=CN).timestamp()
    return float(since)


class ReportLog:
    def __init__(self, store: Store, keys: Keys, var_dir: Path | str):
        self.store, self.keys = store, keys
        self.path = Path(var_dir) / FILE_NAME
        self.embedded = is_embedded(store)
        self._mutex = threading.Lock()
        self._cache: list[Report] = []     # the file's reports, read incrementally
        self._offset = 0
        # (taken at, days, (station, kind) → [(at, user)])
        self._recent: tuple[float, float, dict] | None = None

    # --- writing ---
    def add(self, station_id: str, kind: str, text: str, user_hash: str,
            at: float | None = None) -> Report:
        at = time.time() if at is None else float(at)
        kind = kind if kind in KINDS else "other"
        fields = {"at": f"{at:.3f}", "station_id": str(station_id or ""), "kind": kind,
                  "text": str(text or "")[:MAX_TEXT], "user": str(user_hash or "")}
        if not self.embedded:
            try:
                entry_id = self.store.stream_add(self.keys.reports(), fields, maxlen=STREAM_MAXLEN)
            except StoreError as e:
                entry_id = ""
                log.warning("report stream unreachable (%s)", e)
            if entry_id:        # ResilientStore answers "" instead of raising when Redis is down
                return self._remember(self._report(entry_id, fields))
            log.warning("keeping the report in %s until Redis is back", self.path)
        entry_id = f"f{int(at * 1000)}-{os.getpid()}-{time.monotonic_ns() % 10**9}"
        line = json.dumps({"id": entry_id, **fields}, ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # one write() of one line in O_APPEND mode: concurrent processes never interleave lines
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)
        return self._remember(self._report(entry_id, fields))

    def _remember(self, report: Report) -> Report:
        """A rider's own report counts at once in this process, without waiting for a refresh."""
        with self._mutex:
            if self._recent is not None:
                self._recent[2].setdefault((report.station_id, report.kind), []).append((report.at, report.user))
        return report

    @staticmethod
    def _report(entry_id: str, f: dict) -> Report:
        return Report(id=str(entry_id), at=float(f.get("at") or 0), station_id=f.get("station_id", ""),
                      kind=f.get("kind", "other"), text=f.get("text", ""), user=f.get("user", ""))

    # --- reading ---
    def _file_reports(self) -> list[Report]:
        """Reports in the file; only the lines appended since the last call are parsed."""
        with self._mutex:
            try:
                size = self.path.stat().st_size
            except FileNotFoundError:
                return []
            if size < self._offset:            # file replaced or truncated by staff: start over
                self._cache, self._offset = [], 0
            if size > self._offset:
                with open(self.path, "rb") as fh:
                    fh.seek(self._offset)
                    chunk = fh.read(size - self._offset)
                complete = chunk.rfind(b"\n") + 1   # a line still being written waits for next time
                for raw in chunk[:complete].splitlines():
                    try:
                        d = json.loads(raw)
                        self._cache.append(self._report(d["id"], d))
                    except (ValueError, KeyError, TypeError):
                        log.warning("skipping a damaged line in %s", self.path)
                self._offset += complete
            return list(self._cache)

    def list(self, since: float | date | datetime | None = None,
             station_id: str | None = None) -> list[Report]:
        """Reports at or after `since`, optionally of one station, oldest first."""
        t0 = to_timestamp(since)
        found = self._file_reports()
        if not self.embedded:
            try:
                entries = self.store.stream_range(self.keys.reports(), since_ms=int(t0 * 1000))
                found += [self._report(i, f) for i, f in entries]
            except StoreError as e:
                log.warning("report stream unreachable (%s); listing the file only", e)
        return sorted((r for r in found if r.at >= t0 and (station_id is None or r.station_id == station_id)),
                      key=lambda r: r.at)

    def recent_count(self, station_id: str, kind: str, days: float = 7) -> int:
        """How many distinct riders reported `kind` for the station in the last `days` (the
        engine warns at >= 2). Distinct, so one rider repeating "锁门了" cannot put a warning on
        a station by themselves; reports without a user hash count as one unknown reporter.

        Asked for every station a reply shows, so it reads a per-process snapshot of the recent
        reports, refreshed every RECENT_REFRESH seconds, instead of the stream each time.
        """
        now = time.time()
        with self._mutex:
            snap = self._recent
            fresh = snap is not None and now - snap[0] < RECENT_REFRESH and snap[1] >= days
        if not fresh:
            window = max(days, RECENT_WINDOW_DAYS)
            counts: dict[tuple[str, str], list[tuple[float, str]]] = {}
            for r in self.list(since=now - window * 86400):
                counts.setdefault((r.station_id, r.kind), []).append((r.at, r.user))
            with self._mutex:
                self._recent = snap = (now, window, counts)
        since = now - days * 86400
        with self._mutex:      # _remember may append while we read
            reports = list(snap[2].get((station_id, kind), ()))
        return len({user for at, user in reports if at >= since})


# --- `python run_bot.py reports` ---
COLUMNS = ("time", "station_id", "kind", "user", "text")


def _row(r: Report) -> dict:
    return {"time": r.local_time(), "station_id": r.station_id, "kind": r.kind, "user": r.user, "text": r.text}


def write_reports(reports: list[Report], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump([{**_row(r), "at": r.at, "id": r.id} for r in reports], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        w = csv.DictWriter(out, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(_row(r) for r in reports)
    else:
        if not reports:
            out.write("no reports\n")
            return
        out.write(f"{'time (China)':16}  {'station':20}  {'kind':14}  {'user':16}  text\n")
        for r in reports:
            text = " ".join(r.text.split())
            out.write(f"{r.local_time():16}  {r.station_id:20}  {r.kind:14}  {r.user:16}  {text}\n")
        out.write(f"{len(reports)} report(s)\n")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2024-05-01") from None


def cmd_reports(args: argparse.Namespace) -> int:
    from bot.config import Config
    from bot.store import open_store
    config = Config.from_env()
    store = open_store(config.redis_url)
    reports = ReportLog(store, Keys(config.key_prefix), config.var_dir)
    if not reports.embedded and not store.ping():
        print(f"warning: Redis at REDIS_URL does not answer; showing only {reports.path}", file=sys.stderr)
    write_reports(reports.list(since=args.since, station_id=args.station), args.format, sys.stdout)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("reports", help="list or export riders' problem reports")
    p.add_argument("--since", type=_date, help="only reports from this day on (YYYY-MM-DD, China time)")
    p.add_argument("--station", help="only reports about this station id")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(func=cmd_reports)

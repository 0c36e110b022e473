"""Usage statistics without personal data, and `python run_bot.py stats`.

What is kept: per China-time day, the number of messages, per intent, per message kind, pins vs
typed places; and the *normalised* text of messages the bot could not answer or had to clarify
(lower-cased, digits masked, punctuation folded, capped) — never a user id, never a raw message.
That list is what the staff should teach the bot next.

Storage:
- Redis: one counter key per day and name, expiring after RETENTION_DAYS; the unanswered texts in
  a capped stream (UNANSWERED_MAXLEN entries).
- Embedded store: append-only daily files var/usage/YYYY-MM-DD.jsonl (one short line per message,
  files older than RETENTION_DAYS removed), because the `stats` command runs in another process
  than the server and the embedded store's memory is not shared.

With Redis, counts are buffered in the process and written together — one pipelined round
trip (two with unanswered texts) per flush instead of three per message, which was a large
share of a served message's cost. A flush happens every FLUSH_EVERY_S seconds or
FLUSH_EVERY_N messages, when the server has no request left in flight (WeChatApp calls
`flush` before that last response leaves), before `summary`, and at exit (gunicorn's
worker_exit, atexit). The trade-off: a worker killed with SIGKILL, or Redis down at flush
time, loses at most the last second of counts — statistics, never answers.
"""
from __future__ import annotations

import argparse
import atexit
import json
import logging
import os
import re
import sys
import threading
import time
import unicodedata
import weakref
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.ops.reports import is_embedded
from bot.store import Store, StoreError
from bot.store.keys import Keys

log = logging.getLogger(__name__)

CN = ZoneInfo("Asia/Shanghai")
RETENTION_DAYS = 400
UNANSWERED_MAXLEN = 20_000
MAX_TEXT = 60
# Intent names from ARCHITECTURE.md; anything else is counted as "other" so a bug cannot create
# an unbounded number of counters.
INTENTS = ("find_station", "find_need", "schedule", "open_hours", "station_info", "join_union",
           "report_problem", "give_place", "follow_up", "greeting", "thanks", "help", "out_of_scope",
           "menu", "event", "other")
PLACE_SOURCES = ("pin", "typed")
_LOG_EVERY = 60.0
FLUSH_EVERY_S = 1.0
FLUSH_EVERY_N = 500


def normalise(text: str) -> str:
    """Text safe to keep and to group: no digits (phone numbers, plates), no punctuation noise."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text)
    text = re.sub(r"\d+", "#", " ".join(text.split()))
    # a space only separates Latin words; between Chinese characters it is input noise
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)[:MAX_TEXT]


def china_day(at: float | None = None) -> date:
    return datetime.fromtimestamp(time.time() if at is None else at, CN).date()


class UsageLog:
    def __init__(self, store: Store, keys: Keys, var_dir: Path | str):
        self.store, self.keys = store, keys
        self.dir = Path(var_dir) / "usage"
        self.embedded = is_embedded(store)
        self._pruned_day: date | None = None
        self._last_warning = 0.0
        # embedded: today's file stays open (one write per message, not mkdir + open + close)
        self._file: tuple[date, int] | None = None
        self._file_lock = threading.Lock()
        # Redis: counts and unanswered texts waiting for the next flush
        self._counts: Counter = Counter()     # (day, counter name) -> count
        self._entries: list[dict[str, str]] = []
        self._buffered = 0
        self._last_flush = time.monotonic()
        self._mutex = threading.Lock()        # guards the buffers; held for microseconds
        self._flushing = threading.Lock()     # one flush at a time: when flush() returns, every
        _LIVE.add(self)                       # count recorded before it is in the store

    # Counter names derive from Keys.usage(), the one usage key the contract names.
    def _counter(self, day: date, name: str) -> str:
        return f"{self.keys.usage()}:{day:%Y%m%d}:{name}"

    def _stream(self) -> str:
        return f"{self.keys.usage()}:unanswered"

    def record(self, kind: str, intent: str, text: str, answered: bool,
               place_source: str | None = None, clarified: bool = False, at: float | None = None) -> None:
        """Count one handled message. Never raises: statistics must not cost a rider an answer."""
        try:
            self._record(kind, intent, text, answered, place_source, clarified, at)
        except (StoreError, OSError) as e:
            self._warn(e)

    def _warn(self, e: Exception) -> None:
        now = time.monotonic()
        if now - self._last_warning > _LOG_EVERY:
            self._last_warning = now
            log.warning("usage statistics not recorded: %s", e)

    def _record(self, kind, intent, text, answered, place_source, clarified, at) -> None:
        at = time.time() if at is None else at
        day = china_day(at)
        intent = intent if intent in INTENTS else "other"
        place = place_source if place_source in PLACE_SOURCES else None
        why = "clarified" if clarified else ("unanswered" if not answered else None)
        norm = normalise(text) if why else ""
        if self.embedded:
            self._append(day, {"t": round(at, 1), "k": kind, "i": intent, "p": place,
                               **({"w": why, "x": norm} if why and norm else {})})
            return
        with self._mutex:
            counts = self._counts            # by (day, name): key strings are made per flush
            counts[day, "messages"] += 1
            counts[day, "intent:" + intent] += 1
            if place:
                counts[day, "place:" + place] += 1
            if why and norm:
                self._entries.append({"day": f"{day:%Y%m%d}", "why": why, "text": norm})
            self._buffered += 1
            due = self._buffered >= FLUSH_EVERY_N or time.monotonic() - self._last_flush >= FLUSH_EVERY_S
        if due:
            self.flush()

    def flush(self) -> None:
        """Write the buffered counts (Redis; the embedded files are written at once). Never raises."""
        with self._flushing:
            with self._mutex:
                counts, entries = self._counts, self._entries
                self._counts, self._entries, self._buffered = Counter(), [], 0
                self._last_flush = time.monotonic()
            if not counts and not entries:
                return
            try:
                if counts:
                    self.store.incr_many({self._counter(day, name): n for (day, name), n in counts.items()},
                                         RETENTION_DAYS * 86400)
                if entries:
                    self.store.stream_add_many(self._stream(), entries, maxlen=UNANSWERED_MAXLEN)
            except (StoreError, OSError) as e:
                self._warn(e)

    def _append(self, day: date, entry: dict) -> None:
        line = (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        with self._file_lock:
            fd = self._day_file(day)
            try:
                os.write(fd, line)      # O_APPEND: whole short lines, also beside another writer
            except OSError:
                self._close_file()      # reopened next time (disk full, file system gone)
                raise

    def _day_file(self, day: date) -> int:
        """The open descriptor of `day`'s file; a new day, or a file removed meanwhile (staff
        clearing var/usage), opens it again."""
        if self._file is not None:
            open_day, fd = self._file
            if open_day == day and os.fstat(fd).st_nlink > 0:
                return fd
            self._close_file()
        self.dir.mkdir(parents=True, exist_ok=True)
        if self._pruned_day != day:
            self._pruned_day = day
            self._prune(day)
        fd = os.open(self.dir / f"{day:%Y-%m-%d}.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        self._file = (day, fd)
        return fd

    def _close_file(self) -> None:
        if self._file is not None:
            try:
                os.close(self._file[1])
            except OSError:
                pass
            self._file = None

    def _prune(self, today: date) -> None:
        oldest = today - timedelta(days=RETENTION_DAYS)
        for f in self.dir.glob("*.jsonl"):
            try:
                if date.fromisoformat(f.stem) < oldest:
                    f.unlink()
            except (ValueError, OSError):
                continue

    # --- reading, for `stats` ---
    def summary(self, days: int = 7, top: int = 20, today: date | None = None) -> dict:
        """Plain data: per-day counts, intent totals, pin/typed totals, top unanswered texts."""
        today = today or china_day()
        self.flush()                          # what this process counted is part of the answer
        span = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
        per_day = {d: Counter() for d in span}
        texts: Counter = Counter()
        if self.embedded:
            for d in span:
                for e in self._read_day(d):
                    c = per_day[d]
                    c["messages"] += 1
                    c[f"intent:{e.get('i', 'other')}"] += 1
                    if e.get("p"):
                        c[f"place:{e['p']}"] += 1
                    if e.get("x"):
                        texts[(e["x"], e.get("w", "unanswered"))] += 1
        else:
            names = ["messages", *(f"intent:{i}" for i in INTENTS), *(f"place:{p}" for p in PLACE_SOURCES)]
            for d in span:
                for name in names:
                    value = self.store.get(self._counter(d, name))
                    if value:
                        per_day[d][name] = int(value)
            first = f"{span[0]:%Y%m%d}"
            since_ms = int(datetime(span[0].year, span[0].month, span[0].day, tzinfo=CN).timestamp() * 1000)
            for _, f in self.store.stream_range(self._stream(), since_ms=since_ms):
                if f.get("day", "") >= first and f.get("text"):
                    texts[(f["text"], f.get("why", "unanswered"))] += 1
        total = Counter()
        for c in per_day.values():
            total.update(c)
        return {
            "days": [{"day": d.isoformat(), "messages": per_day[d]["messages"],
                      "pins": per_day[d]["place:pin"], "typed": per_day[d]["place:typed"]} for d in span],
            "messages": total["messages"],
            "intents": {i: total[f"intent:{i}"] for i in INTENTS if total[f"intent:{i}"]},
            "places": {p: total[f"place:{p}"] for p in PLACE_SOURCES},
            "unanswered": [{"text": t, "why": w, "count": n} for (t, w), n in texts.most_common(top)],
        }

    def _read_day(self, day: date):
        try:
            with open(self.dir / f"{day:%Y-%m-%d}.jsonl", encoding="utf-8") as fh:
                for line in fh:
                    try:
                        yield json.loads(line)
                    except ValueError:
                        continue    # a line cut by a crash
        except FileNotFoundError:
            return


_LIVE: "weakref.WeakSet[UsageLog]" = weakref.WeakSet()


@atexit.register
def _flush_all() -> None:
    """A process ending normally writes what its logs still buffer."""
    for usage in list(_LIVE):
        usage.flush()


def format_summary(s: dict) -> str:
    out = [f"Messages in the last {len(s['days'])} day(s), China time: {s['messages']}", "",
           f"{'day':10}  {'messages':>8}  {'pins':>6}  {'typed':>6}"]
    out += [f"{d['day']:10}  {d['messages']:>8}  {d['pins']:>6}  {d['typed']:>6}" for d in s["days"]]
    out += ["", "Intents:"]
    total = s["messages"] or 1
    out += [f"  {i:16} {n:>7}  {100 * n / total:5.1f}%"
            for i, n in sorted(s["intents"].items(), key=lambda kv: -kv[1])] or ["  (none)"]
    pins, typed = s["places"]["pin"], s["places"]["typed"]
    places = pins + typed
    out += ["", f"Places: {pins} pins, {typed} typed"
            + (f" ({100 * pins / places:.0f}% pins)" if places else "")]
    out += ["", "Top unanswered or clarified messages — what to teach the bot next:"]
    out += [f"  {u['count']:>5}  {u['text']}  [{u['why']}]" for u in s["unanswered"]] or ["  (none)"]
    return "\n".join(out)


def _days(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if not 1 <= n <= RETENTION_DAYS:
        raise argparse.ArgumentTypeError(f"--days must be a whole number from 1 to {RETENTION_DAYS}")
    return n


def cmd_stats(args: argparse.Namespace) -> int:
    from bot.config import Config
    from bot.store import open_store
    config = Config.from_env()
    usage = UsageLog(open_store(config.redis_url), Keys(config.key_prefix), config.var_dir)
    try:
        summary = usage.summary(days=args.days, top=args.top)
    except StoreError as e:
        print(f"error: Redis at REDIS_URL does not answer ({e})", file=sys.stderr)
        return 1
    print(json.dumps(summary, ensure_ascii=False, indent=2) if args.json else format_summary(summary))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("stats", help="usage per day, intents, pins vs typed places, unanswered messages")
    p.add_argument("--days", type=_days, default=7, help="how many days back, today included (default 7)")
    p.add_argument("--top", type=int, default=20, help="how many unanswered messages to list (default 20)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=cmd_stats)

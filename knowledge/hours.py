"""Opening hours as stations post them, from a compact spec string used in stations.yaml.

Grammar (clauses separated by ';', case-insensitive):

    24h                                   open round the clock, every day
    unknown                               not stated (also: empty)
    DAYS RANGES                           e.g. daily 08:30-17:00
                                               mon-fri 08:30-12:00,14:30-18:00; sat 09:00-12:00
    closed: DAYS                          e.g. daily 08:00-18:00; closed: sun

    DAYS   = daily | DAY | DAY-DAY, joined by ','    (mon tue wed thu fri sat sun; mon-fri, sat,sun, fri-mon)
    RANGES = HH:MM-HH:MM | 24h, joined by ','        (end 24:00 allowed; an end before the start runs
                                                      past midnight: fri 22:00-02:00 is Fri 22:00 → Sat 2:00)

Once any clause gives times, days not mentioned are closed; a spec with only `closed:` clauses
says nothing about the other days, which stay unknown. `closed:` wins over a clause naming the
same day (that is what "daily …; closed: sun" means); naming a day in two time clauses is an error.

Every answer about time is in China time (Asia/Shanghai) whatever the server's zone: a rider at
8 a.m. in Hangzhou must not be told a station is closed because the server runs in UTC.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
DAY = 24 * 60
WEEK = 7 * DAY

Range = tuple[int, int]            # minutes after midnight; end > DAY means past midnight
DaySpec = tuple[Range, ...] | None  # () closed all day, None unknown

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


class HoursError(ValueError):
    """An hours spec that cannot be true (25:00, overlapping ranges, unknown day …)."""


@dataclass(frozen=True, slots=True)
class Hours:
    spec: str                              # normalised spec, what stations.yaml holds
    days: tuple[DaySpec, ...]              # Monday first, 7 entries
    always: bool = False                   # 24h: open round the clock

    # --- state at a moment -------------------------------------------------------------------
    @property
    def known(self) -> bool:
        return self.always or any(d is not None for d in self.days)

    def is_open(self, at: datetime | float | int | None = None) -> bool | None:
        """True/False in China time at `at` (aware datetime, naive = UTC, unix seconds, None = now);
        None when the hours for that moment are not known."""
        if self.always:
            return True
        wd, minute = _week_position(at)
        return self._state(wd * DAY + minute)

    def _state(self, t: int) -> bool | None:
        """Open at minute-of-week t? Checks today's ranges and yesterday's overnight spill."""
        wd, minute = divmod(t % WEEK, DAY)
        today = self.days[wd]
        if today is not None and any(s <= minute < e for s, e in today):
            return True
        yesterday = self.days[wd - 1]
        if yesterday is not None and any(e > DAY and minute < e - DAY for _, e in yesterday):
            return True
        return None if today is None else False

    def describe(self, at: datetime | float | int | None = None) -> str:
        """Short words for a rider: 24小时开放 / 开放中，17:00关门 / 已关门，明天8:30开门 / 开放时间未知."""
        if self.always:
            return "24小时开放"
        if not self.known:
            return "开放时间未知"
        wd, minute = _week_position(at)
        now = wd * DAY + minute
        state = self._state(now)
        if state is None:
            return "开放时间未知"
        change, after = self._next_change(now, state)
        if state:
            if change is None:
                return "24小时开放"
            if after is None:
                return "开放中"   # closing time falls on a day we know nothing about
            return f"开放中，{_when(now, change, today='')}关门"
        if change is None or after is None:
            return "已关门"        # never opens again, or next opening is on an unknown day
        return f"已关门，{_when(now, change)}开门"

    def _next_change(self, now: int, state: bool) -> tuple[int | None, bool | None]:
        """The first minute after `now` (within a week) whose state differs, and that state."""
        marks = {wd * DAY for wd in range(7)}
        for wd, spec in enumerate(self.days):
            for s, e in spec or ():
                marks.update((wd * DAY + s, (wd * DAY + e) % WEEK))
        for t in sorted(m if m > now else m + WEEK for m in marks):
            s = self._state(t)
            if s is not state:
                return t, s
        return None, state

    # --- words ---------------------------------------------------------------------------------
    def text(self) -> str:
        """The hours in Chinese for a reply, e.g. 每天 8:30–17:00；周日休息."""
        if self.always:
            return "24小时开放"
        if not self.known:
            return "开放时间未知"
        groups: list[tuple[list[int], DaySpec]] = []
        for wd, spec in enumerate(self.days):
            if groups and groups[-1][1] == spec and groups[-1][0][-1] == wd - 1:
                groups[-1][0].append(wd)
            else:
                groups.append(([wd], spec))
        parts = []
        for days, spec in groups:
            if spec is None:
                continue
            name = _days_zh(days)
            if spec == ():
                parts.append(f"{name}休息")
            elif spec == ((0, DAY),):
                parts.append(f"{name} 全天")
            else:
                parts.append(f"{name} " + "、".join(_range_zh(r) for r in spec))
        return "；".join(parts)

    def __str__(self) -> str:
        return self.spec


# --- parsing -------------------------------------------------------------------------------------

def parse_hours(spec: str | None) -> Hours:
    """Hours from a spec string (see the module doc); raises HoursError with the reason.

    Cached: 190,000 stations share a handful of distinct specs, so they share Hours objects.
    """
    if spec is None:
        return UNKNOWN
    if not isinstance(spec, str):
        raise HoursError(f"hours must be a text spec like 'daily 08:30-17:00', not {type(spec).__name__}")
    return _parse(" ".join(spec.lower().split()))


@lru_cache(maxsize=4096)
def _parse(spec: str) -> Hours:
    if spec in ("", "unknown"):
        return Hours("unknown", (None,) * 7)
    if spec == "24h":
        return Hours("24h", ((0, DAY),) * 7, always=True)
    if spec in ("daily 24h", "daily 00:00-24:00"):
        return _parse("24h")
    days: list[DaySpec] = [None] * 7
    closed: set[int] = set()
    timed = False
    for clause in (c.strip() for c in spec.split(";")):
        if not clause:
            continue
        if clause.startswith("closed"):
            rest = clause[len("closed"):].lstrip()
            if not rest.startswith(":"):
                raise HoursError(f"write closed days as 'closed: sun', not '{clause}'")
            closed.update(_parse_days(rest[1:].strip()))
            continue
        head, _, ranges_text = clause.partition(" ")
        if not ranges_text:
            raise HoursError(f"'{clause}' needs days and times, e.g. 'mon-fri 08:30-17:00'")
        ranges = _parse_ranges(ranges_text.replace(" ", ""))
        timed = True
        for wd in _parse_days(head):
            if days[wd] is not None:
                raise HoursError(f"{DAY_NAMES[wd]} is given times twice; put all its ranges in one clause")
            days[wd] = ranges
    if timed:
        days = [() if d is None else d for d in days]
    for wd in closed:
        days[wd] = ()
    _check_week_overlaps(days)
    if all(d == ((0, DAY),) for d in days):
        return _parse("24h")
    return Hours(_normalise(days, closed, timed), tuple(days))


def _parse_days(text: str) -> list[int]:
    if not text:
        raise HoursError("no days given")
    if text == "daily":
        return list(range(7))
    out: list[int] = []
    for part in text.split(","):
        a, sep, b = part.strip().partition("-")
        first = _day(a)
        if not sep:
            out.append(first)
            continue
        last = _day(b)
        wd = first
        while True:      # wraps: fri-mon is fri, sat, sun, mon
            out.append(wd)
            if wd == last:
                break
            wd = (wd + 1) % 7
    if len(set(out)) != len(out):
        raise HoursError(f"'{text}' names a day twice")
    return out


def _day(name: str) -> int:
    name = name.strip()
    if name in DAY_NAMES:
        return DAY_NAMES.index(name)
    raise HoursError(f"unknown day '{name}' (use {', '.join(DAY_NAMES)} or daily)")


def _parse_ranges(text: str) -> tuple[Range, ...]:
    out: list[Range] = []
    for part in text.split(","):
        if part == "24h":
            out.append((0, DAY))
            continue
        a, sep, b = part.partition("-")
        if not sep:
            raise HoursError(f"'{part}' is not a time range like 08:30-17:00")
        start, end = _minute(a), _minute(b)
        if start == DAY:
            raise HoursError(f"'{part}' starts at 24:00; write 00:00 on the next day")
        if end == start:
            raise HoursError(f"'{part}' is empty; for round the clock write 24h")
        if end < start:
            end += DAY   # past midnight: 22:00-02:00
        out.append((start, end))
    out.sort()
    for (s1, e1), (s2, e2) in zip(out, out[1:]):
        if s2 < e1:
            raise HoursError(f"ranges {_range_spec((s1, e1))} and {_range_spec((s2, e2))} overlap")
    return tuple(out)


def _minute(text: str) -> int:
    m = _TIME.match(text)
    if not m:
        raise HoursError(f"'{text}' is not a time like 08:30")
    h, mi = int(m.group(1)), int(m.group(2))
    if mi > 59 or h > 24 or (h == 24 and mi):
        raise HoursError(f"'{text}' is not a time of day")
    return h * 60 + mi


def _check_week_overlaps(days: list[DaySpec]) -> None:
    """A range spilling past midnight must not run into the next day's first range."""
    for wd, spec in enumerate(days):
        nxt = days[(wd + 1) % 7]
        if not spec or not nxt:
            continue
        spill = max(e for _, e in spec) - DAY
        if spill > nxt[0][0]:
            raise HoursError(f"{DAY_NAMES[wd]}'s hours run past midnight into {DAY_NAMES[(wd + 1) % 7]}'s "
                             f"{_range_spec(nxt[0])}")


def _normalise(days: list[DaySpec], closed: set[int], timed: bool) -> str:
    """One canonical spec per meaning, so equal hours compare (and cache) equal."""
    clauses: list[str] = []
    seen: dict[tuple, list[int]] = {}
    for wd, spec in enumerate(days):
        if spec:
            seen.setdefault(spec, []).append(wd)
    for spec, wds in seen.items():
        clauses.append(f"{_days_spec(wds)} {','.join(_range_spec(r) for r in spec)}")
    off = [wd for wd, spec in enumerate(days) if spec == () and (wd in closed or not timed)]
    if off:
        clauses.append(f"closed: {_days_spec(off)}")
    return "; ".join(clauses) if clauses else "unknown"


def _days_spec(wds: list[int]) -> str:
    if len(wds) == 7:
        return "daily"
    runs: list[list[int]] = []
    for wd in wds:
        if runs and runs[-1][-1] == wd - 1:
            runs[-1].append(wd)
        else:
            runs.append([wd])
    return ",".join(DAY_NAMES[r[0]] if len(r) == 1 else f"{DAY_NAMES[r[0]]}-{DAY_NAMES[r[-1]]}" for r in runs)


def _range_spec(r: Range) -> str:
    s, e = r
    return f"{s // 60:02d}:{s % 60:02d}-{(e % DAY) // 60 if e != DAY else 24:02d}:{e % 60:02d}"


# --- words ---------------------------------------------------------------------------------------

def _clock(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}"


def _range_zh(r: Range) -> str:
    s, e = r
    end = _clock(e) if e <= DAY else "次日" + _clock(e - DAY)
    return f"{_clock(s)}–{end}"


def _days_zh(wds: list[int]) -> str:
    if len(wds) == 7:
        return "每天"
    if len(wds) == 1:
        return DAY_ZH[wds[0]]
    if len(wds) == 2:
        return f"{DAY_ZH[wds[0]]}、{DAY_ZH[wds[1]]}"
    return f"{DAY_ZH[wds[0]]}至{DAY_ZH[wds[-1]]}"


def _when(now: int, then: int, today: str = "今天") -> str:
    """'今天14:30', '明天8:30' or '周一8:30' for a minute-of-week later than now."""
    day_now, day_then = now // DAY, then // DAY
    clock = _clock(then % DAY)
    if day_then == day_now:
        return f"{today}{clock}"
    if day_then == day_now + 1:
        return f"明天{clock}"
    return f"{DAY_ZH[day_then % 7]}{clock}"


def china_time(at: datetime | float | int | None = None) -> datetime:
    """`at` as an aware datetime in Asia/Shanghai (naive datetimes are taken as UTC)."""
    if at is None:
        at = time.time()
    if isinstance(at, datetime):
        if at.tzinfo is None:
            at = at.replace(tzinfo=timezone.utc)
        return at.astimezone(CHINA)
    if isinstance(at, bool) or not isinstance(at, (int, float)):
        raise TypeError(f"expected a datetime or unix seconds, got {type(at).__name__}")
    return datetime.fromtimestamp(at, CHINA)


def _week_position(at) -> tuple[int, int]:
    t = china_time(at)
    return t.weekday(), t.hour * 60 + t.minute


UNKNOWN = _parse("unknown")
ALWAYS = _parse("24h")

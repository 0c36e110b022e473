"""Opening hours: the spec grammar, open-now in China time whatever the server zone, the words."""
from __future__ import annotations

import os
import pickle
import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from knowledge.hours import HoursError, parse_hours

CN = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def new_york_server(monkeypatch):
    """Every test here runs with the process in New York time: answers must not move."""
    monkeypatch.setenv("TZ", "America/New_York")
    if hasattr(time, "tzset"):
        time.tzset()
    yield
    monkeypatch.undo()
    if hasattr(time, "tzset"):
        time.tzset()


def cn(day: int, hh: int, mm: int = 0) -> datetime:
    """2024-01-01 is a Monday: cn(0, 9) is Monday 9:00 China time."""
    return datetime(2024, 1, 1 + day, hh, mm, tzinfo=CN)


MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def test_server_zone_really_is_new_york():
    assert time.localtime(0).tm_hour != 8   # the epoch is 8:00 in China, 19:00 in New York
    assert os.environ["TZ"] == "America/New_York"


def test_daily_range():
    h = parse_hours("daily 08:30-17:00")
    assert h.is_open(cn(MON, 8, 29)) is False
    assert h.is_open(cn(MON, 8, 30)) is True
    assert h.is_open(cn(SUN, 16, 59)) is True
    assert h.is_open(cn(SUN, 17, 0)) is False
    assert h.text() == "每天 8:30–17:00"


def test_every_form_of_at_is_china_time():
    h = parse_hours("daily 08:30-17:00")
    nine_cn = cn(TUE, 9)
    assert h.is_open(nine_cn.timestamp()) is True                                 # unix seconds
    assert h.is_open(nine_cn.astimezone(timezone.utc).replace(tzinfo=None)) is True  # naive = UTC
    assert h.is_open(nine_cn.astimezone(ZoneInfo("America/New_York"))) is True    # aware, other zone
    # 20:00 in New York on Monday is 9:00 on Tuesday in China
    assert h.is_open(datetime(2024, 1, 1, 20, 0, tzinfo=ZoneInfo("America/New_York"))) is True
    assert h.is_open(datetime(2024, 1, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))) is False


def test_split_shifts_weekdays_and_saturday():
    h = parse_hours("mon-fri 08:30-12:00,14:30-18:00; sat 09:00-12:00")
    assert h.is_open(cn(WED, 10)) is True
    assert h.is_open(cn(WED, 13)) is False          # lunch break
    assert h.is_open(cn(WED, 15)) is True
    assert h.is_open(cn(SAT, 10)) is True
    assert h.is_open(cn(SAT, 15)) is False
    assert h.is_open(cn(SUN, 10)) is False          # days not named are closed
    assert h.describe(cn(WED, 13)) == "已关门，今天14:30开门"
    assert h.describe(cn(WED, 10)) == "开放中，12:00关门"
    assert h.describe(cn(SAT, 15)) == "已关门，周一8:30开门"
    assert h.describe(cn(SUN, 10)) == "已关门，明天8:30开门"
    assert h.text() == "周一至周五 8:30–12:00、14:30–18:00；周六 9:00–12:00；周日休息"


def test_closed_day_overrides_daily():
    h = parse_hours("daily 08:00-18:00; closed: sun")
    assert h.is_open(cn(SAT, 12)) is True
    assert h.is_open(cn(SUN, 12)) is False
    assert h.describe(cn(SAT, 19)) == "已关门，周一8:00开门"
    assert h.text() == "周一至周六 8:00–18:00；周日休息"


def test_only_closed_days_known():
    h = parse_hours("closed: sun")
    assert h.is_open(cn(SUN, 12)) is False
    assert h.is_open(cn(MON, 12)) is None
    assert h.describe(cn(MON, 12)) == "开放时间未知"


def test_overnight_range():
    h = parse_hours("fri 22:00-02:00")
    assert h.is_open(cn(FRI, 21, 59)) is False
    assert h.is_open(cn(FRI, 23)) is True
    assert h.is_open(cn(SAT, 1, 59)) is True        # Friday's range spills into Saturday
    assert h.is_open(cn(SAT, 2)) is False
    assert h.describe(cn(FRI, 23)) == "开放中，明天2:00关门"
    assert h.describe(cn(SAT, 1)) == "开放中，2:00关门"
    assert "22:00–次日2:00" in h.text()


def test_overnight_every_day_wraps_the_week():
    assert parse_hours("daily 18:00-09:00").is_open(cn(TUE, 8)) is True
    h = parse_hours("daily 20:00-06:00")
    assert h.is_open(cn(MON, 3)) is True             # Sunday's night spills into Monday
    assert h.is_open(cn(MON, 12)) is False


def test_24h_and_unknown():
    always = parse_hours("24h")
    assert always.always and always.is_open(cn(SUN, 3)) is True
    assert always.describe(cn(SUN, 3)) == "24小时开放" and always.text() == "24小时开放"
    assert parse_hours("daily 00:00-24:00") is always
    for spec in ("unknown", "", None):
        h = parse_hours(spec)
        assert h.is_open(cn(MON, 10)) is None and not h.known
        assert h.describe(cn(MON, 10)) == "开放时间未知" and h.text() == "开放时间未知"


def test_closing_tomorrow_and_opening_later_today():
    h = parse_hours("daily 08:30-17:00")
    assert h.describe(cn(TUE, 7)) == "已关门，今天8:30开门"
    assert h.describe(cn(TUE, 18)) == "已关门，明天8:30开门"
    assert h.describe(cn(TUE, 12)) == "开放中，17:00关门"


def test_next_opening_on_unknown_day_is_not_invented():
    h = parse_hours("mon 08:00-10:00; closed: tue")   # wed–sun: not stated… but timed → closed
    assert h.is_open(cn(WED, 9)) is False
    h = parse_hours("closed: mon")
    assert h.describe(cn(MON, 9)) == "已关门"            # we do not know when it opens next


@pytest.mark.parametrize("spec,why", [
    ("daily 25:00-17:00", "not a time of day"),
    ("daily 08:60-17:00", "not a time of day"),
    ("daily 08:00-08:00", "empty"),
    ("daily 08:00-12:00,11:00-14:00", "overlap"),
    ("funday 08:00-17:00", "unknown day"),
    ("mon-fri 08:00-17:00; fri 18:00-20:00", "twice"),
    ("daily 8h-17h", "not a time"),
    ("daily", "needs days and times"),
    ("closed sun", "closed: sun"),
    ("daily 08:00-12:00,22:00-09:00", "past midnight"),   # night shift runs into tomorrow's 8:00
    ("mon 22:00-10:00; tue 08:00-12:00", "past midnight"),
])
def test_impossible_hours_are_refused(spec, why):
    with pytest.raises(HoursError, match=why):
        parse_hours(spec)


def test_hours_type_error_is_an_hours_error():
    with pytest.raises(HoursError):
        parse_hours(24)


def test_equal_specs_share_one_object_and_pickle():
    a = parse_hours("mon-fri 08:30-17:00")
    assert parse_hours("MON-FRI   08:30-17:00") is a
    assert pickle.loads(pickle.dumps(a)) == a
    assert parse_hours("fri,mon-thu 08:30-17:00").spec == "mon-fri 08:30-17:00"


def test_now_is_the_default():
    assert parse_hours("24h").is_open() is True
    assert parse_hours("unknown").describe() == "开放时间未知"

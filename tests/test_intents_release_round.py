"""Issue #4 release round: needs joined by 能/可以, numbered stations with typos, a landmark
with 这儿/这里, location corrections after a report, two stations compared."""
from __future__ import annotations

import pytest

from intents import understand
from intents.report_problem import corrects_location


@pytest.mark.parametrize("text,codes", [
    ("有空调能歇脚的地方吗", {"air_conditioning", "rest"}),
    ("有厕所可以歇脚的地方吗", {"toilet", "rest"}),
    ("哪有能充电能喝水的", {"charging", "drinking_water"}),
])
def test_needs_joined_in_one_clause(text, codes):
    u = understand(text)
    assert u.intent == "find_need" and codes <= set(u.slots["codes"])


def test_a_station_cue_alone_is_not_a_need():
    assert "rest" not in (understand("附近有歇脚的地方吗").slots.get("codes") or [])


@pytest.mark.parametrize("text", ["焦江365有啥", "椒江356", "椒江356在哪", "焦江365"])
def test_area_plus_mistyped_number_names_the_station(text):
    u = understand(text)
    assert u.intent == "station_info" and u.slots["station"] == "tz-jiaojiang-365-001"


def test_other_digits_do_not_name_the_station():
    assert "stations" not in understand("椒江789").slots


@pytest.mark.parametrize("text", ["明月嘉苑公交站这儿", "明月嘉苑公交站这里", "越东路这边"])
def test_landmark_then_here_is_where_the_rider_is(text):
    assert understand(text).intent == "give_place"


def test_station_here_with_a_question_stays_station_info():
    assert understand("红日亭这里有什么").intent == "station_info"


@pytest.mark.parametrize("text,ok", [("实际在华盖山脚下那个亭子", True), ("其实在路对面", True),
                                     ("它应该在公园门口", True), ("红日亭在哪", False), ("在吗", False)])
def test_location_correction(text, ok):
    assert corrects_location(text) is ok

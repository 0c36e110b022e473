"""Issue #4 release round, end to end: correction after a wrong-location report; comparisons."""
from __future__ import annotations

from test_dialogue_last import rider


def test_correction_after_wrong_location_report_is_recorded_as_the_same_report():
    send = rider()
    send("红日亭位置不对")
    got = send("实际在华盖山脚下那个亭子")
    assert got.intent == "report_problem" and "实际位置" in got.text
    assert got.meta["stations"] == ["wz-lucheng-hongriting"]


def test_correction_words_without_a_report_are_not_a_report():
    send = rider()
    got = send("实际在华盖山脚下那个亭子")
    assert "实际位置" not in got.text


def test_two_stations_compared_by_area_gives_both():
    got = rider()("红日亭和南苑哪个大")
    assert "红日亭" in got.text and "南苑" in got.text and "650" in got.text
    assert len(got.meta["stations"]) == 2


def test_two_stations_compared_by_hours_gives_both():
    got = rider()("丁家桥和红日亭哪个开得久")
    assert len(got.meta["stations"]) == 2 and got.text.count("：") >= 2

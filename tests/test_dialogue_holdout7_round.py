"""A "no" about the station in focus (issue #4, holdout7 round): said plainly, with the nearest
station that has it when the rider's place is known; meta["stations"] lists only those."""
from __future__ import annotations

from test_dialogue_last import WENZHOU, rider


def test_a_no_with_a_known_place_offers_the_nearest_station_that_has_it():
    send = rider()
    send(pin=WENZHOU)
    send("红日亭在哪")
    got = send("红日亭有地方热饭吗")
    assert "没有记录这里有" in got.text
    assert got.meta["stations"], got.text
    assert "wz-lucheng-hongriting" not in got.meta["stations"]
    alt = send.engine.kb.get(got.meta["stations"][0])
    assert "microwave" in alt.codes and alt.short_name in got.text and "导航" in got.text


def test_a_no_without_a_place_names_no_station_as_having_it():
    send = rider()
    got = send("红日亭有地方热饭吗")
    assert "没有记录这里有" in got.text and got.meta["stations"] == []


def test_a_yes_still_lists_the_station():
    send = rider()
    got = send("红日亭能充电吗")
    assert got.meta["stations"] == ["wz-lucheng-hongriting"]

"""Engine behaviour added with the broadened understanding."""
from __future__ import annotations

from test_dialogue import SOURCE, Rider, make


def test_city_without_the_need_lists_only_stations_that_have_it():
    engine, _ = make()
    r = Rider(engine).text("温州哪里能加热饭菜")        # 红日亭 (温州) has no microwave
    ids = r.meta["stations"]
    assert ids and "wz-lucheng-hongriting" not in ids
    assert all("microwave" in SOURCE.kb.get(i).codes for i in ids)
    assert "暂时没有找到温州" in r.text


def test_station_described_by_its_place_is_answered_without_a_list():
    engine, _ = make()
    r = Rider(engine).text("台州椒江那个站晚上开不开")
    assert r.intent == "open_hours" and r.meta["stations"] == ["tz-jiaojiang-365-001"]


def test_unknown_destination_is_not_a_follow_up():
    engine, _ = make()
    rider = Rider(engine)
    rider.text("红日亭在哪")
    r = rider.text("体育馆怎么走")
    assert r.intent == "out_of_scope" and not r.meta["stations"]

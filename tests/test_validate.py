"""Validation: one error per problem, naming file, line and field; all problems at once."""
from __future__ import annotations

import pickle
import textwrap

import pytest

from knowledge.loader import KBError, KBIssue, load_stations, parse_stations
from knowledge.model import Station

GOOD = """\
stations:
  - id: a
    name: 甲驿站
    short_name: 甲
    city: 杭州市
    lat: 30.2
    lng: 120.1
"""


def errors_of(text: str) -> list[KBIssue]:
    with pytest.raises(KBError) as info:
        parse_stations(textwrap.dedent(text), "s.yaml")
    return info.value.errors


def station(extra: str = "", **fields) -> str:
    base = {"id": "a", "name": "甲驿站", "short_name": "甲", "city": "杭州市", "lat": 30.2, "lng": 120.1, **fields}
    lines = [f"    {k}: {v}" for k, v in base.items() if v is not None]
    lines[0] = "  - " + lines[0].lstrip()
    return "stations:\n" + "\n".join(lines) + "\n" + extra


def test_good_file_loads():
    [s] = parse_stations(GOOD)
    assert isinstance(s, Station) and s.id == "a" and s.lat == 30.2 and not s.hours.known
    assert pickle.loads(pickle.dumps(s)) == s


def test_unknown_code_names_line_field_and_suggestion():
    text = station(facilities="[toilet, microwav]")
    [e] = errors_of(text)
    assert (e.file, e.line, e.field) == ("s.yaml", 8, "stations[0].facilities")
    assert str(e) == "s.yaml:8: stations[0].facilities: unknown code 'microwav' (did you mean 'microwave'?)"


def test_block_list_item_gets_its_own_line():
    text = GOOD + "    services:\n      - haircut\n      - eyecheck\n"
    [e] = errors_of(text)
    assert e.line == 10 and "did you mean 'eye_check'" in e.message


def test_service_listed_as_facility():
    [e] = errors_of(station(facilities="[haircut]"))
    assert "is a service" in e.message and e.line == 8


def test_swapped_coordinates():
    [e] = errors_of(station(lat=120.1, lng=30.2))
    assert e.field == "stations[0].lat" and e.line == 6 and "swapped?" in e.message


def test_outside_china():
    [e] = errors_of(station(lat=51.5, lng=-0.12))
    assert "outside China" in e.message and "swapped" not in e.message


def test_impossible_hours():
    [e] = errors_of(station(hours="'daily 08:00-25:00'"))
    assert e.field == "stations[0].hours" and e.line == 8 and "impossible hours" in e.message


def test_duplicate_ids_point_at_the_second():
    text = GOOD + GOOD.replace("stations:\n", "")
    [e] = errors_of(text)
    assert e.line == 8 and e.field == "stations[1].id" and "duplicate id 'a'" in e.message


@pytest.mark.parametrize("missing", ["id", "name", "short_name", "city", "lat", "lng"])
def test_missing_required_field(missing):
    [e] = errors_of(station(**{missing: None}))
    assert e.field == f"stations[0].{missing}" and "required" in e.message and e.line == 2


@pytest.mark.parametrize("field,value,why", [
    ("staff", "'six'", "whole number"),
    ("area_m2", "big", "a number"),
    ("aliases", "{a: 1}", "list of text"),
    ("lat", "north", "a number"),
    ("synthetic", "'yes'", "true or false"),
    ("opened", "2022年5月", "date like"),
    ("facilities", "microwave", "list"),
    ("facilites", "[toilet]", "did you mean 'facilities'"),
])
def test_wrong_types(field, value, why):
    [e] = errors_of(station(**{field: value}))
    assert why in e.message and e.field == f"stations[0].{field}"


def test_activity_problems():
    extra = "    activities:\n      - {name: 义剪, schedule: 每月两次, service: hair, per_month: 0}\n      - {name: 义诊}\n"
    errs = errors_of(station(extra=extra))
    fields = sorted(e.field for e in errs)
    assert fields == ["stations[0].activities[0].per_month", "stations[0].activities[0].service",
                      "stations[0].activities[1].schedule"]
    assert {e.line for e in errs} == {9, 10}


def test_every_problem_at_once_in_line_order():
    text = (GOOD
            + "  - id: a\n    name: 乙\n    city: 杭州市\n    lat: 120.1\n    lng: 30.2\n"
            + "    hours: 'daily 25:00-17:00'\n    facilities: [microwav]\n")
    errs = errors_of(text)
    messages = " | ".join(str(e) for e in errs)
    assert len(errs) == 5, messages
    for what in ("short_name", "duplicate id", "swapped?", "impossible hours", "microwav"):
        assert what in messages
    assert [e.line for e in errs] == sorted(e.line for e in errs)


def test_yaml_syntax_error_has_a_line():
    [e] = errors_of("stations:\n  - id: a\n    name: [unclosed\n")
    assert e.line >= 3 and "not valid YAML" in e.message


def test_file_not_found(tmp_path):
    with pytest.raises(KBError, match="file not found"):
        load_stations(tmp_path / "nope.yaml")


def test_error_lines_in_a_real_file(tmp_path):
    path = tmp_path / "stations.yaml"
    path.write_text(station(facilities="[microwav]"), encoding="utf-8")
    with pytest.raises(KBError) as info:
        load_stations(path)
    assert str(info.value) == f"{path}:8: stations[0].facilities: unknown code 'microwav' (did you mean 'microwave'?)"


def test_json_is_read_as_fast_yaml_with_the_same_checks():
    good = '{"stations": [{"id": "a", "name": "甲", "short_name": "甲", "city": "杭州市", "lat": 30.2, "lng": 120.1}]}'
    assert parse_stations(good)[0].id == "a"
    bad = '{"stations": [\n{"id": "a", "name": "甲", "short_name": "甲", "city": "杭州市",\n "lat": 30.2, "lng": 120.1, "facilities": ["microwav"]}]}'
    [e] = errors_of(bad)
    assert e.line == 3 and e.field == "stations[0].facilities"


def test_cli_validate_exit_codes(tmp_path, capsys):
    from bot.cli import main
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(station(facilities="[microwav]", lat=120.1, lng=30.2), encoding="utf-8")
    assert main(["kb", "validate", str(good)]) == 0
    assert "1 stations OK" in capsys.readouterr().out
    assert main(["kb", "validate", str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[0].startswith(f"{bad}:6: stations[0].lat") and f"{bad}:8:" in out[1]


def test_shipped_file_is_valid(capsys):
    from pathlib import Path

    from bot.cli import main
    shipped = Path(__file__).resolve().parent.parent / "knowledge" / "stations.yaml"
    assert main(["kb", "validate", str(shipped)]) == 0
    assert "8 stations OK" in capsys.readouterr().out

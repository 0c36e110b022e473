"""`kb import`: a union's CSV → validated YAML; bad rows reported by number; coordinates → GCJ-02."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from knowledge import coords
from knowledge.hours import HoursError
from knowledge.importer import convert_rows, hours_spec_from_chinese, import_csv, read_csv
from knowledge.loader import load_stations

FIXTURE = Path(__file__).parent / "fixtures" / "import_good_bad.csv"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("imp") / "out.yaml"
    result = import_csv(FIXTURE, out)
    return result, {s.name: s for s in load_stations(out)}


def test_good_rows_become_valid_stations(imported):
    result, by_name = imported
    assert set(by_name) == {"西湖区文三路驿站", "百度坐标驿站", "GPS坐标驿站"}
    s = by_name["西湖区文三路驿站"]
    assert (s.short_name, s.city, s.district, s.address) == ("文三路", "杭州市", "西湖区", "文三路100号")
    assert s.facilities == {"microwave", "drinking_water", "charging"} and s.services == {"haircut"}
    assert s.hours.spec == "daily 08:30-17:00"
    assert (s.lat, s.lng) == (30.28, 120.13)          # already GCJ-02: unchanged
    assert s.source == "import_good_bad.csv" and not s.approximate


def test_bd09_and_wgs84_are_converted(imported):
    _, by_name = imported
    bd = by_name["百度坐标驿站"]
    assert (bd.lat, bd.lng) == pytest.approx(coords.bd09_to_gcj02(30.26, 120.17), abs=1e-6)
    assert coords.haversine_m(bd.lat, bd.lng, 30.26, 120.17) > 500     # BD-09 is ~900 m off GCJ-02
    gps = by_name["GPS坐标驿站"]
    assert (gps.lat, gps.lng) == pytest.approx(coords.wgs84_to_gcj02(29.86, 121.54), abs=1e-6)
    assert 200 < coords.haversine_m(gps.lat, gps.lng, 29.86, 121.54) < 800
    assert gps.hours.spec == "mon-fri 08:30-12:00,14:30-18:00; sat 09:00-12:00"
    assert bd.hours.always and bd.facilities == {"toilet", "microwave"}


def test_bad_rows_are_reported_with_row_numbers(imported):
    result, _ = imported
    why = dict(result.rejected)
    assert sorted(why) == [5, 6, 7, 8, 9, 10]
    assert "name is empty" in why[5]
    assert "swapped?" in why[6]
    assert "'按摩椅' is not in vocabulary.yaml" in why[7]
    assert "25:00" in why[8]
    assert "coordinate system not given" in why[9]
    assert "same station as row 2" in why[10]


def test_coords_option_overrides_the_column(tmp_path):
    csv = tmp_path / "a.csv"
    csv.write_text("name,city,lng,lat\n甲,杭州市,120.17,30.26\n", encoding="utf-8")
    result = convert_rows(read_csv(csv), coords_system="bd09")
    [s] = result.stations
    assert (s["lat"], s["lng"]) == pytest.approx(coords.bd09_to_gcj02(30.26, 120.17), abs=1e-6)


def test_gbk_export_from_excel(tmp_path):
    csv = tmp_path / "gbk.csv"
    csv.write_bytes("名称,城市,经度,纬度,坐标系,设施\n乙驿站,宁波市,121.5,29.8,高德,厕所\n".encode("gbk"))
    [s] = convert_rows(read_csv(csv)).stations
    assert s["name"] == "乙驿站" and s["facilities"] == ["toilet"]


def test_header_without_required_columns(tmp_path):
    csv = tmp_path / "h.csv"
    csv.write_text("名称,地址\n甲,某路\n", encoding="utf-8")
    result = convert_rows(read_csv(csv))
    assert result.stations == [] and result.rejected[0][0] == 1 and "city" in result.rejected[0][1]


@pytest.mark.parametrize("text,spec", [
    ("8:30-17:00", "daily 08:30-17:00"),
    ("每天 8:30—17:00", "daily 08:30-17:00"),
    ("24小时", "24h"),
    ("全天24小时开放", "24h"),
    ("", "unknown"),
    ("周一至周五 8:30-12:00 14:30-18:00", "mon-fri 08:30-12:00,14:30-18:00"),
    ("周一至周五 8:30-12:00 14:30-18:00；周六 9:00-12:00", "mon-fri 08:30-12:00,14:30-18:00; sat 09:00-12:00"),
    ("工作日 9:00-17:00；周日休息", "mon-fri 09:00-17:00; closed: sun"),
    ("周六、周日 9:00-12:00", "sat,sun 09:00-12:00"),
    ("每天 22:00-次日2:00", "daily 22:00-02:00"),
    ("8点-17点", "daily 08:00-17:00"),
])
def test_chinese_hours(text, spec):
    assert hours_spec_from_chinese(text) == spec


@pytest.mark.parametrize("text", ["看心情", "周一至周五 25:00-17:00", "休息"])
def test_unreadable_chinese_hours(text):
    with pytest.raises(HoursError):
        hours_spec_from_chinese(text)


def test_cli_import(tmp_path, capsys):
    out = tmp_path / "cli.yaml"
    assert main(["kb", "import", str(FIXTURE), "--out", str(out)]) == 1      # some rows not taken
    printed = capsys.readouterr().out
    assert f"{FIXTURE}: row 7:" in printed and "3 station(s) written" in printed
    assert len(load_stations(out)) == 3
    assert main(["kb", "import", str(tmp_path / "missing.csv")]) == 2

"""A union's spreadsheet export (CSV) → validated station YAML.

Columns (Chinese or English headers, any order; UTF-8 with or without BOM, or GBK as Excel saves it):
    名称/name (required) · 简称/short_name · 城市/city (required) · 区县/district · 地址/address ·
    经度/lng · 纬度/lat (required) · 坐标系/coord_system (wgs84 | gcj02 | bd09, or GPS / 高德 / 百度) ·
    开放时间/hours ("8:30-17:00", "24小时", "周一至周五 8:30-12:00 14:30-18:00；周六 9:00-12:00") ·
    设施/facilities · 服务/services (Chinese words separated by 、，,/; mapped through vocabulary.yaml) ·
    编号/id (optional; otherwise derived from city + name, so re-importing keeps ids stable)

Rows that cannot be taken are reported with their row number (as a spreadsheet shows it: the
header is row 1) and why; the good rows are written. Coordinates are converted to GCJ-02.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from knowledge import coords
from knowledge.hours import HoursError, parse_hours
from knowledge.loader import LAT_RANGE, LNG_RANGE, KBError, parse_stations
from knowledge.vocabulary import Vocabulary, load_vocabulary

COLUMNS = {
    "id": ("id", "编号", "站点编号"),
    "name": ("name", "名称", "站点名称", "驿站名称"),
    "short_name": ("short_name", "简称"),
    "city": ("city", "城市", "市"),
    "district": ("district", "区县", "区", "县区"),
    "address": ("address", "地址", "详细地址"),
    "lng": ("lng", "lon", "longitude", "经度"),
    "lat": ("lat", "latitude", "纬度"),
    "coord_system": ("coord_system", "coords", "坐标系", "坐标系统"),
    "hours": ("hours", "开放时间", "营业时间"),
    "facilities": ("facilities", "设施", "配套设施"),
    "services": ("services", "服务", "服务项目"),
}
SYSTEMS = {
    "wgs84": "wgs84", "wgs-84": "wgs84", "gps": "wgs84", "wgs": "wgs84",
    "gcj02": "gcj02", "gcj-02": "gcj02", "gcj": "gcj02", "高德": "gcj02", "火星": "gcj02",
    "腾讯": "gcj02", "gaode": "gcj02", "amap": "gcj02",
    "bd09": "bd09", "bd-09": "bd09", "百度": "bd09", "baidu": "bd09",
}
_SPLIT_WORDS = re.compile(r"[、，,/／;；\s]+")


@dataclass
class ImportResult:
    stations: list[dict] = field(default_factory=list)   # plain dicts, as written to YAML
    rejected: list[tuple[int, str]] = field(default_factory=list)   # (row number, why)


# --- hours in Chinese ----------------------------------------------------------------------------

_DAY_ZH = {"一": "mon", "二": "tue", "三": "wed", "四": "thu", "五": "fri", "六": "sat", "日": "sun", "天": "sun",
           "1": "mon", "2": "tue", "3": "wed", "4": "thu", "5": "fri", "6": "sat", "7": "sun"}
_WEEKDAY = r"(?:周|星期|礼拜)"
_DAY_RANGE = re.compile(rf"{_WEEKDAY}([一二三四五六日天1-7])\s*(?:至|到|-|~|—|–)\s*{_WEEKDAY}?([一二三四五六日天1-7])")
_DAY_ONE = re.compile(rf"{_WEEKDAY}([一二三四五六日天1-7])")
_TIME_RANGE = re.compile(r"(\d{1,2})[:：点](\d{2})?\s*(?:-|~|—|–|至|到)\s*(次日)?(\d{1,2})[:：点](\d{2})?")
_ALWAYS = re.compile(r"^(24小时|24h|全天24小时|全天候24小时|00:00-24:00|0:00-24:00)(开放|营业)?$", re.I)
_CLOSED = re.compile(r"(休息|闭馆|不开放|关闭|闭站)")


def hours_spec_from_chinese(text: str) -> str:
    """'周一至周五 8:30-12:00 14:30-18:00；周六 9:00-12:00' → 'mon-fri 08:30-12:00,14:30-18:00; sat 09:00-12:00'.

    Raises HoursError when the words cannot be read; the result is checked by parse_hours.
    """
    text = (text or "").strip()
    if not text or text in ("未知", "不详", "-", "—"):
        return "unknown"
    compact = text.replace(" ", "")
    if _ALWAYS.match(compact) or compact in ("全天开放", "24小时开放", "365天24小时开放"):
        return "24h"
    clauses = []
    for part in (p.strip() for p in re.split(r"[；;。\n]+", text) if p.strip()):
        days = _days_of(part)
        if _CLOSED.search(part) and not _TIME_RANGE.search(part):
            if not days:
                raise HoursError(f"'{part}': which days are closed?")
            clauses.append(f"closed: {days}")
            continue
        ranges = [_range(m) for m in _TIME_RANGE.finditer(part)]
        if not ranges:
            raise HoursError(f"no time range like 8:30-17:00 in '{part}'")
        clauses.append(f"{days or 'daily'} {','.join(ranges)}")
    spec = "; ".join(clauses)
    parse_hours(spec)   # raises with the reason when impossible
    return spec


def _days_of(part: str) -> str:
    if re.search(r"每天|每日|天天|全周", part):
        return "daily"
    if "工作日" in part:
        return "mon-fri"
    if "周末" in part or "双休日" in part:
        return "sat,sun"
    m = _DAY_RANGE.search(part)
    if m:
        return f"{_DAY_ZH[m.group(1)]}-{_DAY_ZH[m.group(2)]}"
    found = [_DAY_ZH[d] for d in _DAY_ONE.findall(part)]
    return ",".join(dict.fromkeys(found))


def _range(m: re.Match) -> str:
    h1, m1, _, h2, m2 = m.groups()
    return f"{int(h1):02d}:{int(m1 or 0):02d}-{int(h2):02d}:{int(m2 or 0):02d}"


# --- rows ----------------------------------------------------------------------------------------

def read_csv(path: str | Path) -> list[dict[str, str]]:
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ValueError("the file is neither UTF-8 nor GBK text")
    return list(csv.DictReader(io.StringIO(text)))


def _column_map(headers: list[str]) -> dict[str, str]:
    """Our field → the header used in this file."""
    out = {}
    for h in headers:
        key = (h or "").strip().lower()
        for name, aliases in COLUMNS.items():
            if key in aliases and name not in out:
                out[name] = h
    return out


def convert_rows(rows: list[dict[str, str]], coords_system: str | None = None,
                 vocabulary: Vocabulary | None = None, source: str | None = None) -> ImportResult:
    vocab = vocabulary or load_vocabulary()
    result = ImportResult()
    if not rows:
        return result
    cols = _column_map(list(rows[0].keys()))
    missing = [c for c in ("name", "city", "lat", "lng") if c not in cols]
    if missing:
        result.rejected.append((1, f"header has no column for {', '.join(missing)} "
                                   f"(e.g. {', '.join(COLUMNS[c][1] for c in missing)})"))
        return result
    seen: dict[str, int] = {}
    for n, row in enumerate(rows, start=2):       # the header is row 1
        try:
            station = _station(_cell_reader(row, cols), coords_system, vocab, source)
        except ValueError as e:
            result.rejected.append((n, str(e)))
            continue
        if station["id"] in seen:
            result.rejected.append((n, f"same station as row {seen[station['id']]} (id {station['id']})"))
            continue
        seen[station["id"]] = n
        result.stations.append(station)
    return result


def _cell_reader(row: dict, cols: dict[str, str]) -> Callable[[str], str]:
    """field name → the row's stripped cell for it ("" when the file has no such column)."""
    def get(field: str) -> str:
        return (row.get(cols[field]) or "").strip() if field in cols else ""
    return get


def _station(get: Callable[[str], str], coords_system: str | None, vocab: Vocabulary, source: str | None) -> dict:
    problems = []
    name, city = get("name"), get("city")
    if not name:
        problems.append("name is empty")
    if not city:
        problems.append("city is empty")
    lat = lng = None
    try:
        lat, lng = float(get("lat")), float(get("lng"))
    except ValueError:
        problems.append(f"lat/lng '{get('lat')}', '{get('lng')}' are not numbers")
    system = coords_system or SYSTEMS.get(get("coord_system").lower().replace(" ", ""))
    if system is None:
        problems.append(f"coordinate system '{get('coord_system')}' unknown (wgs84, gcj02 or bd09)"
                        if get("coord_system") else "coordinate system not given (column 坐标系 or --coords)")
    if lat is not None and not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LNG_RANGE[0] <= lng <= LNG_RANGE[1]):
        swapped = LAT_RANGE[0] <= lng <= LAT_RANGE[1] and LNG_RANGE[0] <= lat <= LNG_RANGE[1]
        problems.append(f"lat {lat} / lng {lng} outside China" + ("; swapped?" if swapped else ""))
        lat = None
    try:
        hours = hours_spec_from_chinese(get("hours"))
    except HoursError as e:
        problems.append(f"hours '{get('hours')}': {e}")
        hours = "unknown"
    facilities, services = set(), set()
    for column in ("facilities", "services"):
        for word in (w for w in _SPLIT_WORDS.split(get(column)) if w):
            code = vocab.code_for_word(word)
            if code is None:
                problems.append(f"{column}: '{word}' is not in vocabulary.yaml (add it as a word, or fix the spelling)")
            elif vocab.kind(code) == "facility":
                facilities.add(code)
            else:
                services.add(code)
    if problems:
        raise ValueError("; ".join(problems))
    if system != "gcj02":
        lat, lng = coords.to_gcj02(lat, lng, system)
    district = get("district") or None
    out = {
        "id": get("id") or _make_id(city, district, name),
        "name": name,
        "short_name": get("short_name") or name,
        "city": city,
        "district": district,
        "address": get("address") or None,
        "lat": round(lat, 6),
        "lng": round(lng, 6),
        "hours": hours,
        "facilities": sorted(facilities),
        "services": sorted(services),
        "source": source,
    }
    return {k: v for k, v in out.items() if v not in (None, [], "")}


def _make_id(city: str, district: str | None, name: str) -> str:
    return "imp-" + hashlib.sha1(f"{city}|{district or ''}|{name}".encode()).hexdigest()[:12]


def import_csv(path: str | Path, out: str | Path, coords_system: str | None = None,
               vocabulary: Vocabulary | None = None) -> ImportResult:
    """Convert `path`, check the result exactly as the server would load it, write `out`."""
    vocab = vocabulary or load_vocabulary()
    result = convert_rows(read_csv(path), coords_system, vocab, source=Path(path).name)
    text = dump_yaml(result.stations, f"imported from {Path(path).name} by `run_bot.py kb import`")
    try:
        parse_stations(text, str(out), vocab)
    except KBError as e:   # a bug here, not the spreadsheet's fault: refuse to write bad data
        raise RuntimeError(f"import produced invalid YAML:\n{e}") from None
    Path(out).write_text(text, encoding="utf-8")
    return result


def dump_yaml(stations: list[dict], comment: str = "") -> str:
    head = f"# {comment}\n" if comment else ""
    body = yaml.safe_dump({"version": 1, "stations": stations}, allow_unicode=True, sort_keys=False,
                          default_flow_style=None, width=120)
    return head + body

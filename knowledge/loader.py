"""stations.yaml → list[Station], with every problem reported by file, line and field.

Fast path first: the file is parsed once with libyaml (CSafeLoader) into plain data and checked.
Only when there are problems is it composed a second time into nodes, to find the line of each
bad field — so a good 190,000-station file pays nothing for line numbers.
"""
from __future__ import annotations

import difflib
import gc
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from knowledge.hours import HoursError, parse_hours
from knowledge.model import Activity, Station
from knowledge.vocabulary import Vocabulary, load_vocabulary

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Mainland China, Hainan's islands, Taiwan, Hong Kong and Macau, generously.
LAT_RANGE = (3.8, 53.6)
LNG_RANGE = (73.4, 135.1)
REQUIRED = ("id", "name", "short_name", "city", "lat", "lng")
STRINGS = ("id", "name", "short_name", "city", "district", "address", "landmark",
           "area_text", "opened", "highlight", "source")
STRING_LISTS = ("aliases", "serves", "notes")
_OPENED = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
ACTIVITY_FIELDS = ("name", "schedule", "service", "per_month", "season", "irregular", "quote")
STATION_FIELDS = (*STRINGS, *STRING_LISTS, "lat", "lng", "coord_precision_m", "area_m2", "hours",
                  "facilities", "services", "activities", "staff", "medical_staff", "synthetic")

DocPath = tuple  # a path into the document: ("stations", 3, "facilities", 1)


@dataclass(frozen=True)
class KBIssue:
    file: str
    line: int          # 1-based; 0 when the problem has no place in the file
    field: str         # stations[3].facilities
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class KBError(Exception):
    """The station file is invalid; `.errors` lists every problem found."""

    def __init__(self, errors: list[KBIssue]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def load_stations(path: str | Path, vocabulary: Vocabulary | None = None) -> list[Station]:
    """Every station in `path`; raises KBError listing all problems (never just the first)."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KBError([KBIssue(name, 0, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise KBError([KBIssue(name, 0, "", f"cannot read the file: {e}")]) from None
    return parse_stations(text, name, vocabulary)


def validate(path: str | Path, vocabulary: Vocabulary | None = None) -> tuple[list[Station], list[KBIssue]]:
    """(stations, []) when the file is good, ([], problems) otherwise."""
    try:
        return load_stations(path, vocabulary), []
    except KBError as e:
        return [], e.errors


def parse_stations(text: str, file: str = "<string>", vocabulary: Vocabulary | None = None) -> list[Station]:
    vocab = vocabulary or load_vocabulary()
    # Millions of small objects are created below and none are cyclic garbage: pausing the
    # cyclic GC roughly halves the time of a national file (it rescans every young object).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_and_build(text, file, vocab)
    finally:
        if was_enabled:
            gc.enable()


def _parse_and_build(text: str, file: str, vocab: Vocabulary) -> list[Station]:
    try:
        data = _parse_text(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark else 0
        reason = getattr(e, "problem", None) or str(e)
        raise KBError([KBIssue(file, line, "", f"not valid YAML: {reason}")]) from None
    problems: list[tuple[DocPath, str]] = []
    stations = _build(data, vocab, problems)
    if problems:
        raise KBError(_with_lines(text, file, problems))
    return stations


_LEADING_COMMENTS = re.compile(r"\A(?:#[^\n]*\n|[ \t]*\n)+")


def _parse_text(text: str) -> Any:
    """Plain data from the file. JSON is valid YAML, and json parses ~100× faster than
    libyaml+PyYAML, so a machine-written national file (synth, exports) may be written as JSON
    and still be read, validated and line-numbered as YAML. Such a file starts with a comment
    header: blank it (keeping line numbers) so the JSON fast path still applies."""
    body = _LEADING_COMMENTS.sub(lambda m: "\n" * m.group(0).count("\n"), text, count=1)
    if body.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(body)
        except ValueError:
            pass     # YAML flow style, or broken: let the YAML parser read it and say where
    return yaml.load(text, Loader=_Loader)


# --- building and checking ----------------------------------------------------------------------

class _Station:
    """Checks one station mapping, collecting problems against its path."""

    def __init__(self, raw: dict, where: DocPath, vocab: Vocabulary, problems: list):
        self.raw, self.where, self.vocab, self.problems = raw, where, vocab, problems

    def bad(self, key: str | DocPath, message: str) -> None:
        sub = key if isinstance(key, tuple) else (key,)
        self.problems.append((self.where + sub, message))

    def string(self, key: str) -> str | None:
        v = self.raw.get(key)
        if type(v) is str:           # the common case, first: this runs ~2 million times at scale
            return v.strip() or None
        if v is None:
            return None
        if isinstance(v, date):      # YAML reads an unquoted 2022-05-17 as a date
            return v.isoformat()
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            self.bad(key, f"expected text, got {_kind(v)}")
            return None
        v = str(v).strip()
        return v or None

    def strings(self, key: str) -> tuple[str, ...]:
        v = self.raw.get(key)
        if v is None:
            return ()
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list):
            self.bad(key, f"expected a list of text, got {_kind(v)}")
            return ()
        out = []
        for i, item in enumerate(v):
            if not isinstance(item, str) or not item.strip():
                self.bad((key, i), f"expected text, got {_kind(item)}")
            else:
                out.append(item.strip())
        return tuple(out)

    def number(self, key: str, integer: bool = False, minimum: float = 0) -> Any:
        v = self.raw.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)) or (integer and not isinstance(v, int)):
            self.bad(key, f"expected {'a whole number' if integer else 'a number'}, got {_kind(v)} {v!r}")
            return None
        if v < minimum:
            self.bad(key, f"must be at least {minimum}, got {v}")
            return None
        return v

    def codes(self, key: str, kind: str) -> frozenset[str]:
        v = self.raw.get(key)
        if v is None:
            return frozenset()
        if not isinstance(v, list):
            self.bad(key, f"expected a list of {kind} codes, got {_kind(v)}")
            return frozenset()
        allowed = self.vocab.facility_codes if kind == "facility" else self.vocab.service_codes
        if all(type(c) is str and c in allowed for c in v):    # fast path: all good
            return _share(frozenset(v))
        out = set()
        for i, code in enumerate(v):
            problem = _code_problem(code, kind, self.vocab)
            if problem:
                self.bad((key, i), problem)
            else:
                out.add(code)
        return _share(frozenset(out))


def _code_problem(code: Any, kind: str, vocab: Vocabulary) -> str | None:
    if not isinstance(code, str):
        return f"expected a {kind} code, got {_kind(code)}"
    actual = vocab.kind(code)
    if actual == kind:
        return None
    if actual:
        return f"'{code}' is a {actual}, not a {kind}; list it under {'facilities' if actual == 'facility' else 'services'}"
    word_code = vocab.code_for_word(code)   # someone wrote the Chinese word: 微波炉
    if word_code:
        return (f"unknown code '{code}' (the word '{code}' means '{word_code}', "
                f"a {vocab.kind(word_code)}: write the code)")
    hint = vocab.suggest(code)
    return f"unknown code '{code}'" + (f" (did you mean '{hint}'?)" if hint else "")


def _coords(st: _Station) -> tuple[float | None, float | None]:
    lat, lng = st.raw.get("lat"), st.raw.get("lng")
    ok = True
    for key, v in (("lat", lat), ("lng", lng)):
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
            st.bad(key, f"expected a number, got {_kind(v)} {v!r}")
            ok = False
    if not ok or lat is None or lng is None:
        return None, None
    if _inside(lat, lng):
        return float(lat), float(lng)
    if _inside(lng, lat):
        st.bad("lat", f"lat {lat} / lng {lng} are outside China; swapped? (lat is the smaller, ~18–53)")
    else:
        st.bad("lat", f"lat {lat} / lng {lng} are outside China "
                      f"(lat {LAT_RANGE[0]}–{LAT_RANGE[1]}, lng {LNG_RANGE[0]}–{LNG_RANGE[1]})")
    return None, None


def _inside(lat: float, lng: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LNG_RANGE[0] <= lng <= LNG_RANGE[1]


def _activities(st: _Station) -> tuple[Activity, ...]:
    v = st.raw.get("activities")
    if v is None:
        return ()
    if not isinstance(v, list):
        st.bad("activities", f"expected a list, got {_kind(v)}")
        return ()
    out = []
    for i, a in enumerate(v):
        here = ("activities", i)
        if not isinstance(a, dict):
            st.bad(here, f"expected a mapping with name and schedule, got {_kind(a)}")
            continue
        for k in a:
            if k not in ACTIVITY_FIELDS:
                st.bad(here + (k,), _unknown_field(k, ACTIVITY_FIELDS))
        name, schedule = a.get("name"), a.get("schedule")
        for k, val in (("name", name), ("schedule", schedule)):
            if not isinstance(val, str) or not val.strip():
                st.bad(here + (k,), "required text is missing" if val is None else f"expected text, got {_kind(val)}")
        service = a.get("service")
        if service is not None:
            problem = _code_problem(service, "service", st.vocab)
            if problem:
                st.bad(here + ("service",), problem)
        per_month = a.get("per_month")
        if per_month is not None and (isinstance(per_month, bool) or not isinstance(per_month, int) or per_month < 1):
            st.bad(here + ("per_month",), f"expected a whole number ≥ 1, got {per_month!r}")
        irregular = a.get("irregular", False)
        if not isinstance(irregular, bool):
            st.bad(here + ("irregular",), f"expected true or false, got {irregular!r}")
        for k in ("season", "quote"):
            if a.get(k) is not None and not isinstance(a.get(k), str):
                st.bad(here + (k,), f"expected text, got {_kind(a.get(k))}")
        try:
            out.append(Activity(name=str(name).strip(), schedule=str(schedule).strip(), service=service,
                                per_month=per_month, season=a.get("season"), irregular=bool(irregular),
                                quote=a.get("quote")))
        except TypeError:
            pass   # already reported above
    return tuple(out)


def _build(data: Any, vocab: Vocabulary, problems: list) -> list[Station]:
    if isinstance(data, dict):
        unknown = [k for k in data if k not in ("stations", "version")]
        for k in unknown:
            problems.append(((k,), "unknown top-level key (expected 'stations')"))
        items, root = data.get("stations"), ("stations",)
    else:
        items, root = data, ()
    if items is None:
        problems.append((root, "no stations: expected a list under 'stations:'"))
        return []
    if not isinstance(items, list):
        problems.append((root, f"expected a list of stations, got {_kind(items)}"))
        return []
    stations: list[Station] = []
    first_at: dict[str, int] = {}
    for i, raw in enumerate(items):
        where = root + (i,)
        if not isinstance(raw, dict):
            problems.append((where, f"expected a station mapping, got {_kind(raw)}"))
            continue
        before = len(problems)
        st = _Station(raw, where, vocab, problems)
        for k in raw:
            if k not in STATION_FIELDS:
                st.bad(k, _unknown_field(k, STATION_FIELDS))
        for k in REQUIRED:
            if raw.get(k) is None or raw.get(k) == "":
                st.bad(k, "required field is missing")
        sid = st.string("id")
        if sid is not None:
            if sid in first_at:
                st.bad("id", f"duplicate id '{sid}' (first used by stations[{first_at[sid]}])")
            else:
                first_at[sid] = i
        lat, lng = _coords(st)
        opened = st.string("opened")
        if opened and not _OPENED.match(opened):
            st.bad("opened", f"'{opened}' is not a date like 2022-05 or 2022-05-17")
        hours_spec = raw.get("hours")
        hours = parse_hours(None)
        try:
            hours = parse_hours(hours_spec)
        except HoursError as e:
            st.bad("hours", f"impossible hours '{hours_spec}': {e}")
        synthetic = raw.get("synthetic", False)
        if not isinstance(synthetic, bool):
            st.bad("synthetic", f"expected true or false, got {synthetic!r}")
        values = dict(
            id=sid, name=st.string("name"), short_name=st.string("short_name"),
            city=_intern(st.string("city")), district=_intern(st.string("district")),
            address=st.string("address"), landmark=st.string("landmark"),
            lat=lat, lng=lng,
            coord_precision_m=st.number("coord_precision_m", integer=True),
            area_m2=_float(st.number("area_m2")), area_text=st.string("area_text"), opened=opened,
            hours=hours,
            facilities=st.codes("facilities", "facility"), services=st.codes("services", "service"),
            activities=_activities(st),
            staff=st.number("staff", integer=True), medical_staff=st.number("medical_staff", integer=True),
            aliases=st.strings("aliases"), serves=tuple(_intern(s) for s in st.strings("serves")),
            highlight=st.string("highlight"), notes=st.strings("notes"),
            source=_intern(st.string("source")), synthetic=bool(synthetic),
        )
        if values["staff"] is not None and values["medical_staff"] is not None \
                and values["medical_staff"] > values["staff"]:
            st.bad("medical_staff", f"{values['medical_staff']} medical staff but only {values['staff']} staff")
        if len(problems) == before:
            stations.append(Station(**values))
    return stations


# --- helpers --------------------------------------------------------------------------------------

_SHARED_SETS: dict[frozenset, frozenset] = {}


def _share(s: frozenset) -> frozenset:
    return _SHARED_SETS.setdefault(s, s)


def _intern(s: str | None) -> str | None:
    return sys.intern(s) if s else s


def _float(v: Any) -> float | None:
    return None if v is None else float(v)


def _kind(v: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "nothing",
            int: "a number", float: "a number"}.get(type(v), type(v).__name__)


def _unknown_field(key: Any, known: tuple[str, ...]) -> str:
    hint = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
    return f"unknown field '{key}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")


def _field_name(path: DocPath) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _with_lines(text: str, file: str, problems: list[tuple[DocPath, str]]) -> list[KBIssue]:
    """Turn (path, message) into KBIssues with the line each path starts on."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        root = None
    issues = []
    for path, message in problems:
        line = _line_of(root, path)
        # name the field, not the list item: stations[3].facilities, as the file's author wrote it
        shown = path[:-1] if path and isinstance(path[-1], int) and len(path) > 2 else path
        issues.append(KBIssue(file, line, _field_name(shown), message))
    return sorted(issues, key=lambda i: i.line)


def _line_of(node: Any, path: DocPath) -> int:
    """1-based line of the node at `path`, or of its nearest existing ancestor."""
    if node is None:
        return 0
    line = node.start_mark.line + 1
    for step in path:
        nxt = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == step:
                    # the key's line: a block list under it starts on the next line
                    nxt, line = value, key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            nxt = node.value[step]
            line = nxt.start_mark.line + 1
        if nxt is None:
            return line
        node = nxt
    return line

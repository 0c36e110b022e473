"""The evaluation sets in tests/dialogues/ and tests/holdout/ are well-formed and agrees with the knowledge files.

It checks the data only (keys, intent names, vocabulary codes, station names, coordinates), not
the bot: `python run_bot.py eval` plays the set through the engine. A typo here would otherwise
show up as a bot "failure" that no code change can fix.
"""
from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# the project set, and the blind sets written without seeing the bot or the other sets
SETS = [ROOT / "tests" / "dialogues", ROOT / "tests" / "holdout", ROOT / "tests" / "holdout2",
        ROOT / "tests" / "holdout3", ROOT / "tests" / "holdout4", ROOT / "tests" / "holdout5",
        ROOT / "tests" / "holdout6", ROOT / "tests" / "holdout7",
        ROOT / "tests" / "holdout8", ROOT / "tests" / "holdout9", ROOT / "tests" / "holdout10",
        ROOT / "tests" / "holdout11", ROOT / "tests" / "holdout12", ROOT / "tests" / "holdout13",
        ROOT / "tests" / "holdout14", ROOT / "tests" / "holdout15",
        ROOT / "tests" / "holdout16", ROOT / "tests" / "holdout17", ROOT / "tests" / "holdout18",
        ROOT / "tests" / "holdout19", ROOT / "tests" / "holdout20", ROOT / "tests" / "holdout21",
        ROOT / "tests" / "holdout22", ROOT / "tests" / "holdout23", ROOT / "tests" / "holdout24",
        ROOT / "tests" / "holdout25", ROOT / "tests" / "holdout26", ROOT / "tests" / "holdout27",
        ROOT / "tests" / "holdout28", ROOT / "tests" / "holdout29", ROOT / "tests" / "holdout30",
        ROOT / "tests" / "holdout31", ROOT / "tests" / "holdout32"]
VOCABULARY = ROOT / "knowledge" / "vocabulary.yaml"
STATIONS = ROOT / "knowledge" / "stations.yaml"

INTENTS = {"find_station", "find_need", "schedule", "open_hours", "station_info", "join_union",
           "report_problem", "give_place", "follow_up", "greeting", "thanks", "help", "out_of_scope"}
MESSAGE_KEYS = {"text", "intent", "slots"}
SLOT_KEYS = {"codes", "negated", "station", "city", "district", "open_now", "open_24h", "ordinal",
             "report_kind"}
REPORT_KINDS = {"closed", "broken", "wrong_location", "other"}
USER_KINDS = {"text", "location", "event", "click", "voice", "media"}
EVENTS = {"subscribe", "unsubscribe", "location_select"}
MEDIA = {"image", "video", "link", "file", "shortvideo"}
EXPECT_KEYS = {"intent", "intent_any", "asks_location", "clarify", "no_reply", "stations_include",
               "first_station", "stations_exclude", "contains", "contains_any", "not_contains",
               "max_stations"}
EXPECT_BOOLS = {"asks_location", "clarify", "no_reply"}
EXPECT_STRING_LISTS = {"contains", "contains_any", "not_contains"}
EXPECT_STATION_LISTS = {"stations_include", "stations_exclude"}
# Zhejiang, where every seed station is; a pin outside it is a typo (or lat/lng swapped)
ZHEJIANG_LAT = (27.0, 31.2)
ZHEJIANG_LNG = (118.0, 123.0)

MIN_MESSAGES = 230
MIN_CONVERSATIONS = 30
MIN_PER_INTENT = 8


def _load(path: Path):
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module", params=SETS, ids=lambda p: p.name)
def dialogues(request) -> Path:
    return request.param


@pytest.fixture(scope="module")
def messages(dialogues) -> list[dict]:
    data = _load(dialogues / "messages.yaml")
    assert isinstance(data, list), "messages.yaml must be a list"
    return data


@pytest.fixture(scope="module")
def conversations(dialogues) -> list[dict]:
    data = _load(dialogues / "conversations.yaml")
    assert isinstance(data, list), "conversations.yaml must be a list"
    return data


@pytest.fixture(scope="module")
def codes() -> set[str]:
    vocab = _load(VOCABULARY)
    return {code for section in ("facilities", "services") for code in vocab[section]}


@pytest.fixture(scope="module")
def stations() -> list[dict]:
    if not STATIONS.exists():
        pytest.skip(f"{STATIONS.relative_to(ROOT)} not written yet")
    data = _load(STATIONS)
    rows = data["stations"] if isinstance(data, dict) else data
    # a synthetic national file is for benchmarks; riders' names refer to real stations
    return [s for s in rows if not s.get("synthetic")]


def resolve(name: str, stations: list[dict]) -> list[str]:
    """Ids of the stations a reference name means: its id, short name, an alias, or part of its name.

    The eval runner resolves names the same way; a name must mean exactly one station.
    """
    hits = []
    for s in stations:
        exact = {s["id"], s["short_name"], *(s.get("aliases") or [])}
        if name in exact or name in s["name"]:
            hits.append(s["id"])
    return hits


def _station_names(messages: list[dict], conversations: list[dict]) -> set[str]:
    names = {m["slots"]["station"] for m in messages if "station" in (m.get("slots") or {})}
    for conv in conversations:
        for turn in conv["turns"]:
            expect = turn.get("expect") or {}
            if "first_station" in expect:
                names.add(expect["first_station"])
            for key in EXPECT_STATION_LISTS:
                names.update(expect.get(key, []))
    return names


def _problems_in_slots(where: str, slots, codes: set[str]) -> list[str]:
    if not isinstance(slots, dict) or not slots:
        return [f"{where}: slots must be a non-empty mapping (leave it out when there are none)"]
    problems = [f"{where}: unknown slot {k!r}" for k in slots.keys() - SLOT_KEYS]
    for key in ("codes", "negated"):
        value = slots.get(key)
        if value is None:
            continue
        if not isinstance(value, list) or not value:
            problems.append(f"{where}: {key} must be a non-empty list")
            continue
        problems += [f"{where}: {key}: {c!r} is not a vocabulary code" for c in value if c not in codes]
    if set(slots.get("codes") or []) & set(slots.get("negated") or []):
        problems.append(f"{where}: a code cannot be both wanted and negated")
    for key in ("station", "city", "district"):
        if key in slots and (not isinstance(slots[key], str) or not slots[key].strip()):
            problems.append(f"{where}: {key} must be a non-empty string")
    for key in ("city", "district"):
        if isinstance(slots.get(key), str) and slots[key][-1:] in ("市", "区", "县"):
            problems.append(f"{where}: {key} is written without 市/区/县: {slots[key]!r}")
    for key in ("open_now", "open_24h"):
        if key in slots and not isinstance(slots[key], bool):
            problems.append(f"{where}: {key} must be true or false")
    if "ordinal" in slots and (type(slots["ordinal"]) is not int or slots["ordinal"] < 1):
        problems.append(f"{where}: ordinal must be a positive integer")
    if "report_kind" in slots and slots["report_kind"] not in REPORT_KINDS:
        problems.append(f"{where}: report_kind must be one of {sorted(REPORT_KINDS)}")
    return problems


def _problems_in_user(where: str, user, codes: set[str]) -> list[str]:
    if not isinstance(user, dict):
        return [f"{where}: user must be a mapping"]
    kinds = user.keys() & USER_KINDS
    if len(kinds) != 1:
        return [f"{where}: user needs exactly one of {sorted(USER_KINDS)}, has {sorted(user)}"]
    kind = kinds.pop()
    extra = user.keys() - {kind} - ({"label"} if kind == "location" else set())
    problems = [f"{where}: unexpected user key {k!r}" for k in extra]
    value = user[kind]
    if kind == "text" and (not isinstance(value, str) or not value.strip()):
        problems.append(f"{where}: text must be a non-empty string")
    elif kind == "voice" and value is not None and (not isinstance(value, str) or not value.strip()):
        problems.append(f"{where}: voice is the recognised text, or null when there is none")
    elif kind == "location":
        ok = (isinstance(value, list) and len(value) == 2
              and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value))
        if not ok:
            problems.append(f"{where}: location must be [lat, lng]")
        elif not (ZHEJIANG_LAT[0] <= value[0] <= ZHEJIANG_LAT[1]
                  and ZHEJIANG_LNG[0] <= value[1] <= ZHEJIANG_LNG[1]):
            problems.append(f"{where}: location {value} is not in Zhejiang (lat/lng swapped?)")
        if "label" in user and not isinstance(user["label"], str):
            problems.append(f"{where}: label must be a string")
    elif kind == "event" and value not in EVENTS:
        problems.append(f"{where}: event must be one of {sorted(EVENTS)}")
    elif kind == "media" and value not in MEDIA:
        problems.append(f"{where}: media must be one of {sorted(MEDIA)}")
    elif kind == "click":
        fixed = {"nearby", "find:24h", "join_union", "help"}
        is_code = isinstance(value, str) and value.startswith("find:") and value[5:] in codes
        if value not in fixed and not is_code:
            problems.append(f"{where}: unknown menu key {value!r}")
    return problems


def _problems_in_expect(where: str, expect) -> list[str]:
    if not isinstance(expect, dict):
        return [f"{where}: expect must be a mapping"]
    problems = [f"{where}: unknown expectation {k!r}" for k in expect.keys() - EXPECT_KEYS]
    if "intent" in expect and expect["intent"] not in INTENTS:
        problems.append(f"{where}: unknown intent {expect['intent']!r}")
    if "intent_any" in expect:
        value = expect["intent_any"]
        if not isinstance(value, list) or len(value) < 2 or not set(value) <= INTENTS:
            problems.append(f"{where}: intent_any must list two or more known intents")
    if "intent" in expect and "intent_any" in expect:
        problems.append(f"{where}: give intent or intent_any, not both")
    for key in EXPECT_BOOLS & expect.keys():
        if not isinstance(expect[key], bool):
            problems.append(f"{where}: {key} must be true or false")
    for key in (EXPECT_STRING_LISTS | EXPECT_STATION_LISTS) & expect.keys():
        value = expect[key]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            problems.append(f"{where}: {key} must be a non-empty list of strings")
    if "first_station" in expect and not isinstance(expect["first_station"], str):
        problems.append(f"{where}: first_station must be a station name")
    if "max_stations" in expect and (type(expect["max_stations"]) is not int or expect["max_stations"] < 0):
        problems.append(f"{where}: max_stations must be an integer ≥ 0")
    shown = set(expect.get("stations_include", [])) | {expect.get("first_station")}
    if shown & set(expect.get("stations_exclude", [])):
        problems.append(f"{where}: a station is both expected and excluded")
    if expect.get("max_stations") == 0 and (shown - {None}):
        problems.append(f"{where}: max_stations 0 contradicts the stations expected")
    if expect.get("no_reply") and len(expect) > 1:
        problems.append(f"{where}: no_reply leaves nothing else to check")
    return problems


# ── messages.yaml ─────────────────────────────────────────────────────────────────────────────

def test_messages_are_well_formed(messages, codes):
    problems = []
    for i, m in enumerate(messages):
        where = f"messages[{i}] {m.get('text')!r}" if isinstance(m, dict) else f"messages[{i}]"
        if not isinstance(m, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        problems += [f"{where}: unknown key {k!r}" for k in m.keys() - MESSAGE_KEYS]
        if not isinstance(m.get("text"), str) or not m["text"].strip():
            problems.append(f"{where}: text must be a non-empty string")
        if m.get("intent") not in INTENTS:
            problems.append(f"{where}: unknown intent {m.get('intent')!r}")
        if "slots" in m:
            problems += _problems_in_slots(where, m["slots"], codes)
    assert not problems, "\n".join(problems)


def test_messages_are_unique(messages):
    # the same text twice would count twice in precision/recall, or contradict itself
    repeated = [t for t, n in Counter(m["text"].strip() for m in messages).items() if n > 1]
    assert not repeated, f"repeated messages: {repeated}"


def test_messages_cover_every_intent(messages):
    counts = Counter(m["intent"] for m in messages)
    assert len(messages) >= MIN_MESSAGES
    thin = {i: counts.get(i, 0) for i in INTENTS if counts.get(i, 0) < MIN_PER_INTENT}
    assert not thin, f"intents with fewer than {MIN_PER_INTENT} messages: {thin}"


def test_negations_are_present(messages):
    # issue #4 names negation explicitly; keep a handful so a regression is visible
    negated = [m for m in messages if (m.get("slots") or {}).get("negated")]
    assert len(negated) >= 5


# ── conversations.yaml ────────────────────────────────────────────────────────────────────────

def test_conversations_are_well_formed(conversations, codes):
    problems = []
    for c, conv in enumerate(conversations):
        if not isinstance(conv, dict) or set(conv) != {"name", "turns"}:
            problems.append(f"conversations[{c}]: needs exactly name and turns")
            continue
        turns = conv["turns"]
        if not isinstance(turns, list) or not turns:
            problems.append(f"{conv['name']}: turns must be a non-empty list")
            continue
        for t, turn in enumerate(turns):
            where = f"{conv['name']} turn {t + 1}"
            if not isinstance(turn, dict) or set(turn) != {"user", "expect"}:
                problems.append(f"{where}: a turn is exactly user and expect")
                continue
            problems += _problems_in_user(where, turn["user"], codes)
            problems += _problems_in_expect(where, turn["expect"])
    assert not problems, "\n".join(problems)


def test_conversations_are_enough_and_named_uniquely(conversations):
    names = [c["name"] for c in conversations]
    assert len(names) >= MIN_CONVERSATIONS
    assert len(set(names)) == len(names), [n for n, k in Counter(names).items() if k > 1]
    assert all(n.isidentifier() for n in names), "names are snake_case identifiers"


def test_every_turn_expects_something(conversations):
    empty = [f"{c['name']} turn {i + 1}" for c in conversations
             for i, turn in enumerate(c["turns"]) if not turn["expect"]]
    assert not empty, f"turns that check nothing: {empty}"


# ── agreement with knowledge/stations.yaml ────────────────────────────────────────────────────

def test_every_station_name_means_exactly_one_station(messages, conversations, stations):
    problems = []
    for name in sorted(_station_names(messages, conversations)):
        hits = resolve(name, stations)
        if len(hits) != 1:
            problems.append(f"{name!r} matches {len(hits)} stations: {hits}")
    assert not problems, "\n".join(problems)


def test_cities_and_districts_exist(messages, stations):
    cities = {s["city"].removesuffix("市") for s in stations}
    districts = {(s.get("district") or "").removesuffix("区") for s in stations} - {""}
    problems = []
    for m in messages:
        slots = m.get("slots") or {}
        if "city" in slots and slots["city"] not in cities:
            problems.append(f"{m['text']!r}: city {slots['city']!r} has no station")
        if "district" in slots and slots["district"] not in districts:
            problems.append(f"{m['text']!r}: district {slots['district']!r} has no station")
    assert not problems, "\n".join(problems)


def _haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def test_a_pin_expects_the_station_nearest_to_it(conversations, stations):
    """A bare pin lists the nearest stations, so its first_station must be the nearest one.

    Pins that answer a pending question (the turn before asked for a location) are skipped:
    they answer that question, filtered by its need.
    """
    problems = []
    for conv in conversations:
        for i, turn in enumerate(conv["turns"]):
            if "location" not in turn["user"] or "first_station" not in turn["expect"]:
                continue
            if i and conv["turns"][i - 1]["expect"].get("asks_location"):
                continue
            lat, lng = turn["user"]["location"]
            nearest = min(stations, key=lambda s: _haversine_m(lat, lng, s["lat"], s["lng"]))
            expected = resolve(turn["expect"]["first_station"], stations)
            if expected != [nearest["id"]]:
                problems.append(f"{conv['name']} turn {i + 1}: nearest to {lat},{lng} is {nearest['id']}")
    assert not problems, "\n".join(problems)


def test_a_menu_need_expects_a_station_that_offers_it(conversations, stations):
    """`find:<code>` answered with a station: the station must offer that code in stations.yaml."""
    problems = []
    for conv in conversations:
        for i, turn in enumerate(conv["turns"]):
            key = turn["user"].get("click", "")
            if not key.startswith("find:") or key == "find:24h" or "first_station" not in turn["expect"]:
                continue
            (sid,) = resolve(turn["expect"]["first_station"], stations) or ("?",)
            row = next((s for s in stations if s["id"] == sid), {})
            offered = set(row.get("facilities") or []) | set(row.get("services") or [])
            if key[5:] not in offered:
                problems.append(f"{conv['name']} turn {i + 1}: {sid} does not offer {key[5:]}")
    assert not problems, "\n".join(problems)


def test_resolve_is_strict():
    # the resolution rule itself: exact id/short name/alias, or part of the full name
    rows = [{"id": "zj-a", "name": "杭州市东宁路爱心驿家", "short_name": "东宁路", "aliases": ["爱心驿家"]},
            {"id": "zj-b", "name": "温州市红日亭服务站", "short_name": "红日亭"}]
    assert resolve("爱心驿家", rows) == ["zj-a"]
    assert resolve("红日亭", rows) == ["zj-b"]
    assert resolve("zj-b", rows) == ["zj-b"]
    assert resolve("市", rows) == ["zj-a", "zj-b"]
    assert resolve("南苑", rows) == []

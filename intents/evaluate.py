"""`python run_bot.py eval`: the dialogue test set, scored like `rasa test`.

messages.yaml      → intents.understand: per-intent precision/recall/F1, confusions, failures.
conversations.yaml → a fresh Engine per dialogue (embedded store, the real stations.yaml),
                     turn by turn, each reply checked against its `expect`.
Format of both files: tests/dialogues/README.md. Exit 1 when overall accuracy < --min.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT / "tests" / "dialogues"


@dataclass
class Result:
    messages: int = 0
    messages_ok: int = 0
    turns: int = 0
    turns_ok: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)      # (expected, predicted)
    failures: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        total = self.messages + self.turns
        return (self.messages_ok + self.turns_ok) / total if total else 0.0


# --- station names as the set uses them ------------------------------------------------------
def station_matcher(stations: list) -> Any:
    """name → set of station ids: equal to id, short name or alias, or contained in the full name."""
    def ids(name: str) -> set[str]:
        name = str(name)
        return {s.id for s in stations
                if name in (s.id, s.short_name, *s.aliases) or name in s.name}
    return ids


def _same_place(a: Any, b: Any) -> bool:
    from intents.lexicon import short_place  # noqa: PLC0415
    return bool(a) and bool(b) and short_place(str(a)) == short_place(str(b))


def slot_problems(expected: dict, got: dict, ids_of) -> list[str]:
    """Subset check of the expected slots against an Understanding's slots."""
    bad = []
    for key, want in (expected or {}).items():
        if key in ("codes", "negated"):
            missing = set(want) - set(got.get(key) or [])
            if missing:
                bad.append(f"{key} lacks {sorted(missing)} (got {got.get(key)})")
        elif key == "station":
            if not ids_of(want) & set(got.get("stations") or []):
                bad.append(f"station {want} (got {got.get('stations')})")
        elif key in ("city", "district"):
            if not _same_place(want, got.get(key)):
                bad.append(f"{key} {want} (got {got.get(key)})")
        elif got.get(key) != want:
            bad.append(f"{key} {want!r} (got {got.get(key)!r})")
    return bad


# --- single messages -----------------------------------------------------------------------------
def predicted(u) -> str:
    """What the bot does with it: the intent, or a clarifying question instead of an answer."""
    return "clarify" if u.clarify else u.intent


def eval_messages(items: list[dict], lexicon, ids_of, result: Result) -> None:
    from intents import understand  # noqa: PLC0415
    for item in items:
        text, want = item.get("text", ""), item.get("intent", "")
        u = understand(text, {"lexicon": lexicon})
        got = predicted(u)
        result.messages += 1
        result.pairs.append((want, got))
        problems = [] if got == want else [f"intent {want} → {got} ({u.confidence:.2f})"]
        if got == want:
            problems += slot_problems(item.get("slots") or {}, u.slots, ids_of)
        if problems:
            result.failures.append(f"[message] {text!r}: " + "; ".join(problems))
        else:
            result.messages_ok += 1


# --- conversations ---------------------------------------------------------------------------------
def incoming_for(user: str, turn: dict, at: float, seq: int):
    from bot.messages import EVENT, LOCATION, MEDIA, TEXT, VOICE, Incoming  # noqa: PLC0415
    msg_id = f"{user}-{seq}"
    if "text" in turn:
        return Incoming(user=user, kind=TEXT, text=str(turn["text"]), msg_id=msg_id, at=at)
    if "location" in turn:
        lat, lng = turn["location"]
        return Incoming(user=user, kind=LOCATION, lat=float(lat), lng=float(lng),
                        label=str(turn.get("label", "")), msg_id=msg_id, at=at)
    if "event" in turn:
        return Incoming(user=user, kind=EVENT, event=str(turn["event"]).lower(), msg_id=msg_id, at=at)
    if "click" in turn:
        return Incoming(user=user, kind=EVENT, event="click", key=str(turn["click"]), msg_id=msg_id, at=at)
    if "voice" in turn:
        if turn["voice"]:
            return Incoming(user=user, kind=TEXT, text=str(turn["voice"]), msg_id=msg_id, at=at,
                            via_voice=True)
        return Incoming(user=user, kind=VOICE, msg_id=msg_id, at=at)
    if "media" in turn:
        return Incoming(user=user, kind=MEDIA, msg_id=msg_id, at=at)
    raise ValueError(f"unknown turn {turn!r}")


def expectation_problems(expect: dict, r, ids_of) -> list[str]:
    meta, text = r.meta or {}, r.text or ""
    shown = list(meta.get("stations") or [])
    bad = []

    def has(name):
        return bool(ids_of(name) & set(shown))

    for key, want in (expect or {}).items():
        if key == "intent" and r.intent != want:
            bad.append(f"intent {want} (got {r.intent})")
        elif key == "intent_any" and r.intent not in want:
            bad.append(f"intent one of {want} (got {r.intent})")
        elif key in ("asks_location", "clarify") and bool(meta.get(key)) != bool(want):
            bad.append(f"{key} {want}")
        elif key == "no_reply" and (r.text is None) != bool(want):
            bad.append(f"no_reply {want}")
        elif key == "first_station" and not (shown and shown[0] in ids_of(want)):
            bad.append(f"first station {want} (got {shown[:1]})")
        elif key == "stations_include" and not all(has(n) for n in want):
            bad.append(f"stations include {want} (got {shown})")
        elif key == "stations_exclude" and any(has(n) for n in want):
            bad.append(f"stations exclude {want} (got {shown})")
        elif key == "max_stations" and len(shown) > int(want):
            bad.append(f"at most {want} stations (got {len(shown)})")
        elif key == "contains" and not all(str(s) in text for s in want):
            bad.append(f"contains {[s for s in want if str(s) not in text]}")
        elif key == "contains_any" and not any(str(s) in text for s in want):
            bad.append(f"contains one of {want}")
        elif key == "not_contains" and any(str(s) in text for s in want):
            bad.append(f"must not contain {[s for s in want if str(s) in text]}")
    return bad


def eval_conversations(items: list[dict], make_engine, ids_of, result: Result) -> None:
    import time  # noqa: PLC0415
    for n, conv in enumerate(items):
        engine = make_engine()
        user = f"eval-user-{n}"
        at = time.time()
        for i, turn in enumerate(conv.get("turns") or []):
            at += 20
            r = engine.handle(incoming_for(user, turn.get("user") or {}, at, i))
            problems = expectation_problems(turn.get("expect") or {}, r, ids_of)
            result.turns += 1
            if problems:
                said = (r.text or "∅").replace("\n", " ")[:120]
                result.failures.append(f"[dialogue {conv.get('name')} turn {i + 1}] {turn.get('user')}: "
                                       + "; ".join(problems) + f" — replied {r.intent}: {said}")
            else:
                result.turns_ok += 1


# --- report ------------------------------------------------------------------------------------
def per_intent(pairs: list[tuple[str, str]]) -> list[tuple[str, float, float, float, int]]:
    labels = sorted({w for w, _ in pairs} | {g for _, g in pairs})
    rows = []
    for label in labels:
        tp = sum(1 for w, g in pairs if w == label and g == label)
        fp = sum(1 for w, g in pairs if w != label and g == label)
        fn = sum(1 for w, g in pairs if w == label and g != label)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        rows.append((label, p, r, f1, tp + fn))
    return rows


def report(result: Result, failures: int, out=sys.stdout) -> None:
    print(f"{'intent':16s} {'precision':>9s} {'recall':>7s} {'F1':>6s} {'support':>7s}", file=out)
    for label, p, r, f1, support in per_intent(result.pairs):
        print(f"{label:16s} {p:9.2f} {r:7.2f} {f1:6.2f} {support:7d}", file=out)
    confusions = Counter((w, g) for w, g in result.pairs if w != g)
    if confusions:
        print("\nconfusions (expected → got, count):", file=out)
        for (w, g), c in confusions.most_common():
            print(f"  {w} → {g}: {c}", file=out)
    if result.failures:
        print(f"\nfailures ({len(result.failures)}, showing {min(failures, len(result.failures))}):", file=out)
        for line in result.failures[:failures]:
            print("  " + line, file=out)
    print(f"\nmessages: {result.messages_ok}/{result.messages} correct "
          f"({result.messages_ok / max(1, result.messages):.1%})", file=out)
    print(f"dialogue turns: {result.turns_ok}/{result.turns} passed "
          f"({result.turns_ok / max(1, result.turns):.1%})", file=out)
    print(f"overall accuracy: {result.accuracy:.1%}", file=out)


def run(set_dir: Path = DEFAULT_SET, stations_path: Path | None = None, source=None) -> Result:
    """Play the set; `source` (a KnowledgeSource-like object) defaults to the real one."""
    import yaml  # noqa: PLC0415

    from bot.config import Config  # noqa: PLC0415
    from bot.store import MemoryStore  # noqa: PLC0415
    from bot.store.keys import Keys  # noqa: PLC0415
    from intents import build_lexicon  # noqa: PLC0415
    from knowledge.loader import load_stations  # noqa: PLC0415

    config = Config.from_env({})
    if stations_path:
        config = Config(stations_path=Path(stations_path))
    stations = load_stations(config.stations_path)
    ids_of = station_matcher(stations)
    result = Result()
    messages = yaml.safe_load((set_dir / "messages.yaml").read_text(encoding="utf-8")) or []
    eval_messages(messages, build_lexicon(stations, config.cache_dir), ids_of, result)
    conv_path = set_dir / "conversations.yaml"
    source = source or kb_source(config)
    if conv_path.exists() and source is None:
        result.failures.append("[dialogues skipped] knowledge.source is not installed")
    elif conv_path.exists():
        from bot.dialogue.engine import Engine  # noqa: PLC0415
        conversations = yaml.safe_load(conv_path.read_text(encoding="utf-8")) or []

        def make_engine():
            return Engine(source, MemoryStore(), Keys("eval"), config)
        eval_conversations(conversations, make_engine, ids_of, result)
    return result


def kb_source(config):
    """The real knowledge source; None when the knowledge package does not provide one yet."""
    try:
        from knowledge.source import KnowledgeSource  # noqa: PLC0415
    except ImportError:
        return None
    return KnowledgeSource(config.stations_path, cache_dir=config.cache_dir)


def cmd_eval(args: argparse.Namespace) -> int:
    result = run(Path(args.set))
    report(result, args.failures)
    if result.accuracy < args.min:
        print(f"below the required {args.min:.0%}", file=sys.stderr)
        return 1
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("eval", help="score the understanding and dialogue on the test set")
    p.add_argument("--set", default=str(DEFAULT_SET), help="folder with messages.yaml, conversations.yaml")
    p.add_argument("--failures", type=int, default=30, help="how many failures to list")
    p.add_argument("--min", type=float, default=0.95, help="exit 1 below this overall accuracy (0–1)")
    p.set_defaults(func=cmd_eval)

"""`python run_bot.py eval`: the dialogue test set, scored like `rasa test`.

messages.yaml      → intents.understand: per-intent precision/recall/F1, confusions, failures.
conversations.yaml → a fresh Engine per dialogue (embedded store, the real stations.yaml),
                     turn by turn, each reply checked against its `expect`.
  --via-webhook      → the same dialogues through the real WSGI app (bot.wechat.player): signed
                     XML as WeChat sends it, the reply text parsed back out of the XML; intent and
                     meta (stations shown, asks_location) from the Reply the app received, which
                     the XML does not carry. Turns whose XML text differs from the engine's text
                     (a 2048-byte cut, a dropped control character) are listed as channel changes.
Format of both files: tests/dialogues/README.md. Exit 1 when overall accuracy < --min.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SET = ROOT / "tests" / "dialogues"

IdsOf = Callable[[str], set]      # a station name as the set writes it → the ids it may mean


@dataclass
class Result:
    messages: int = 0
    messages_ok: int = 0
    turns: int = 0
    turns_ok: int = 0
    pairs: list[tuple[str, str]] = field(default_factory=list)      # (expected, predicted)
    failures: list[str] = field(default_factory=list)
    channel_changes: list[str] = field(default_factory=list)      # --via-webhook: XML text ≠ engine text

    @property
    def accuracy(self) -> float:
        total = self.messages + self.turns
        return (self.messages_ok + self.turns_ok) / total if total else 0.0


# --- station names as the set uses them ------------------------------------------------------
def station_matcher(stations: list) -> IdsOf:
    """name → set of station ids: equal to id, short name or alias, or contained in the full name."""
    def ids(name: str) -> set[str]:
        name = str(name)
        return {s.id for s in stations
                if name in (s.id, s.short_name, *s.aliases) or name in s.name}
    return ids


def _same_place(a: Any, b: Any) -> bool:
    from intents.lexicon import short_place  # noqa: PLC0415
    return bool(a) and bool(b) and short_place(str(a)) == short_place(str(b))


def slot_problems(expected: dict, got: dict, ids_of: IdsOf) -> list[str]:
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
def predicted(u: Any) -> str:
    """What the bot does with it: the intent, or a clarifying question instead of an answer."""
    return "clarify" if u.clarify else u.intent


def eval_messages(items: list[dict], lexicon: Any, ids_of: IdsOf, result: Result) -> None:
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
def incoming_for(user: str, turn: dict, at: float, seq: int) -> Any:
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


def expectation_problems(expect: dict, r: Any, ids_of: IdsOf) -> list[str]:
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


# A player sends one turn and returns the Reply to check: play(user, turn, at, seq, next_turn).
Player = Callable[[str, dict, int, int, dict], Any]


def direct_player(engine: Any) -> Player:
    def play(user: str, turn: dict, at: int, seq: int, _next: dict):
        return engine.handle(incoming_for(user, turn, at, seq))
    return play


def turn_xml(user: str, turn: dict, at: int, msg_id: int, next_turn: dict) -> str:
    """The body WeChat would POST for one turn of the set (see tests/dialogues/README.md)."""
    from bot.wechat import simulator as sim  # noqa: PLC0415
    if "text" in turn:
        return sim.text_xml(user, str(turn["text"]), msg_id=msg_id, created=at)
    if "location" in turn:
        lat, lng = turn["location"]
        return sim.location_xml(user, float(lat), float(lng), label=str(turn.get("label", "")),
                                msg_id=msg_id, created=at)
    if "click" in turn:
        return sim.event_xml(user, "CLICK", key=str(turn["click"]), created=at)
    if "event" in turn:
        event = str(turn["event"]).lower()
        if event == "location_select":   # the picker's choice rides along, then comes as a pin
            lat, lng = next_turn.get("location") or (None, None)
            return sim.location_select_xml(user, "nearby", lat, lng, str(next_turn.get("label", "")), created=at)
        # WeChat spells subscribe/unsubscribe/location_select in lower case, the rest in upper case
        name = event if event in ("subscribe", "unsubscribe") else event.upper()
        return sim.event_xml(user, name, created=at)
    if "voice" in turn:
        said = turn["voice"]
        return sim.voice_xml(user, None if not said else str(said), msg_id=msg_id, created=at)
    if "media" in turn:
        return sim.media_xml(user, str(turn["media"]), msg_id=msg_id, created=at)
    raise ValueError(f"unknown turn {turn!r}")


def webhook_player(engine: Any, store: Any, keys: Any, config: Any, source: Any,
                   channel_changes: list[str]) -> Player:
    """Each turn POSTed to a fresh WeChatApp around `engine`; the Reply checked carries the XML's
    text with the intent and meta of the Reply the app received from the engine."""
    from bot.messages import Reply  # noqa: PLC0415
    from bot.wechat.player import WebhookPlayer  # noqa: PLC0415
    from bot.wechat.protocol import clean, fit  # noqa: PLC0415
    player = WebhookPlayer(engine, store, keys, config, kb_source=source)
    ids = iter(range(10**15, 10**16))     # unique MsgIds, as WeChat's 64-bit ids

    def play(user: str, turn: dict, at: int, seq: int, next_turn: dict):
        played = player.post(turn_xml(user, turn, at, next(ids), next_turn))
        if played.problem:
            return Reply(None, intent=f"webhook: {played.problem}")
        got = played.engine_reply or Reply(None)
        if played.text != got.text and played.text is not None and got.text is not None:
            how = ("cut/cleaned as designed" if played.text == fit(clean(got.text))
                   else "UNEXPECTED rendering")
            channel_changes.append(f"{user} turn {seq + 1}: {how}, engine {len(got.text.encode())} bytes "
                                   f"→ XML {len(played.text.encode())} bytes")
        elif (played.text is None) != (got.text is None) and played.engine_reply is not None:
            # the app silences LOCATION/unsubscribe events itself; anything else is a bug
            channel_changes.append(f"{user} turn {seq + 1}: engine text "
                                   f"{'none' if got.text is None else 'given'}, XML "
                                   f"{'success' if played.text is None else 'text'}")
        return Reply(played.text, intent=got.intent, meta=got.meta)
    return play


def eval_conversations(items: list[dict], make_player: Callable[[], Player], ids_of: IdsOf,
                       result: Result) -> None:
    import time  # noqa: PLC0415
    for n, conv in enumerate(items):
        play = make_player()
        user = f"eval-user-{n}"
        at = int(time.time())      # whole seconds, as WeChat's CreateTime, so both paths agree
        turns = [t.get("user") or {} for t in conv.get("turns") or []]
        for i, turn in enumerate(conv.get("turns") or []):
            at += 20
            following = turns[i + 1] if i + 1 < len(turns) else {}
            r = play(user, turns[i], at, i, following)
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


def report(result: Result, failures: int, out: TextIO = sys.stdout) -> None:
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
    if result.channel_changes:
        print(f"\nreplies the webhook changed ({len(result.channel_changes)}):", file=out)
        for line in result.channel_changes[:failures]:
            print("  " + line, file=out)
    print(f"\nmessages: {result.messages_ok}/{result.messages} correct "
          f"({result.messages_ok / max(1, result.messages):.1%})", file=out)
    print(f"dialogue turns: {result.turns_ok}/{result.turns} passed "
          f"({result.turns_ok / max(1, result.turns):.1%})", file=out)
    print(f"overall accuracy: {result.accuracy:.1%}", file=out)


def run(set_dir: Path = DEFAULT_SET, stations_path: Path | None = None, source: Any = None,
        via_webhook: bool = False) -> Result:
    """Play the set; `source` (a KnowledgeSource-like object) defaults to the real one.
    `via_webhook`: dialogues go through the WSGI app instead of Engine.handle."""
    import yaml  # noqa: PLC0415

    from bot.config import Config  # noqa: PLC0415
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
    if conv_path.exists():
        conversations = yaml.safe_load(conv_path.read_text(encoding="utf-8")) or []
        make = player_factory(config, source or kb_source(config), via_webhook, result.channel_changes)
        eval_conversations(conversations, make, ids_of, result)
    return result


def player_factory(config: Any, source: Any, via_webhook: bool,
                   channel_changes: list[str]) -> Callable[[], Player]:
    """A fresh engine (embedded store) per dialogue, played directly or through the webhook."""
    from bot.dialogue.engine import Engine  # noqa: PLC0415
    from bot.store import MemoryStore  # noqa: PLC0415
    from bot.store.keys import Keys  # noqa: PLC0415

    def make() -> Player:
        store, keys = MemoryStore(), Keys("eval")
        engine = Engine(source, store, keys, config)
        if via_webhook:
            return webhook_player(engine, store, keys, config, source, channel_changes)
        return direct_player(engine)
    return make


def kb_source(config: Any) -> Any:
    """The real knowledge source (knowledge.source.KnowledgeSource) for `config`'s stations file."""
    from knowledge.source import KnowledgeSource  # noqa: PLC0415
    return KnowledgeSource(config.stations_path, cache_dir=config.cache_dir)


def cmd_eval(args: argparse.Namespace) -> int:
    set_dir = Path(args.set)
    if not (set_dir / "messages.yaml").is_file():
        print(f"{set_dir} has no messages.yaml: --set must name a folder like tests/dialogues",
              file=sys.stderr)
        return 2
    result = run(set_dir, via_webhook=args.via_webhook)
    report(result, args.failures)
    if args.via_webhook:
        print(f"(via the WeChat webhook; {len(result.channel_changes)} replies changed by the channel)")
    if result.accuracy < args.min:
        print(f"below the required {args.min:.0%}", file=sys.stderr)
        return 1
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("eval", help="score the understanding and dialogue on the test set")
    p.add_argument("--set", default=str(DEFAULT_SET), help="folder with messages.yaml, conversations.yaml")
    p.add_argument("--failures", type=int, default=30, help="how many failures to list")
    p.add_argument("--min", type=float, default=0.95, help="exit 1 below this overall accuracy (0–1)")
    p.add_argument("--via-webhook", action="store_true",
                   help="play the dialogues through the WeChat webhook (signed XML in, XML out)")
    p.set_defaults(func=cmd_eval)

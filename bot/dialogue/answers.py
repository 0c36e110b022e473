"""How each intent is answered. One function per intent: (Turn, Understanding) → Reply.

Each answer sets Reply.meta: asks_location, stations (ids shown, in order), clarify, answered —
the channel logs them and the evaluation checks them.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.messages import Incoming, Reply
from bot.store.keys import user_hash
from intents import Understanding, ask_which, situations

from . import about, render
from .render import ASK_LOCATION, MAX_STATIONS
from .search import Found, Where, closer_without, opening_filter, search
from .state import LIST_MAX, Location, Session

if TYPE_CHECKING:
    from .engine import Engine

log = logging.getLogger(__name__)

CAN_DO = ("我可以帮您找附近的工会驿站：\n"
          "· 发送位置（输入框旁“+” → “位置”），告诉您最近的驿站\n"
          "· 直接问，比如“附近哪里能热饭”“哪有厕所”“红日亭在哪”“24小时开的驿站”\n"
          "· 驿站锁门、设备坏了，直接告诉我，我转给工会")
WELCOME = "欢迎使用驿站助手！户外工作累了、渴了、手机没电了，都可以找工会驿站歇歇脚。\n" + CAN_DO
KIND_ZH = {"closed": "未开门", "broken": "设施损坏", "wrong_location": "位置不对", "other": "其他问题"}


@dataclass
class Turn:
    """One message being answered, with the rider's state (which answers may change)."""
    msg: Incoming
    session: Session
    location: Location | None
    stateful: bool
    new_location: Location | None = None
    place_source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def at(self) -> float:
        return self.msg.at


def reply(text: str | None, intent: str, *, stations: list[str] | None = None, asks_location=False,
          clarify=False, answered=True) -> Reply:
    return Reply(text=text, intent=intent, meta={"asks_location": asks_location,
                                                 "stations": list(stations or []),
                                                 "clarify": clarify, "answered": answered})


# --- small fixed answers --------------------------------------------------------------------
def greeting(e: "Engine", t: Turn, u: Understanding) -> Reply:
    if u.slots.get("about"):      # 哈喽 你是真人吗: the hello, then the true answer (about.py)
        return reply("您好！" + about.text(e, u.slots["about"]), "greeting")
    return reply("您好！" + CAN_DO, "greeting")


def thanks(e: "Engine", t: Turn, u: Understanding) -> Reply:
    return reply("不客气！路上注意安全，需要时随时问我。", "thanks")


def help_(e: "Engine", t: Turn, u: Understanding) -> Reply:
    if u.slots.get("about"):      # 你是谁 / 位置会被保存吗 / 数据从哪来: about the bot (about.py)
        return reply(about.text(e, u.slots["about"]), "help")
    return reply(CAN_DO, "help")


def out_of_scope(e: "Engine", t: Turn, u: Understanding) -> Reply:
    if u.slots.get("about"):      # 你是谁 / 是真人吗: what the bot is (about.py)
        return reply(about.text(e, u.slots["about"]), "out_of_scope")
    return reply("这个我帮不上忙，我只懂工会驿站的事。\n" + CAN_DO, "out_of_scope")


def not_understood(e: "Engine", t: Turn, u: Understanding) -> Reply:
    return reply("抱歉，我没太明白。\n" + CAN_DO, u.intent, clarify=True, answered=False)


def ambiguous(e: "Engine", t: Turn, u: Understanding) -> Reply:
    return reply(ask_which(u, e.lexicon()), u.intent, clarify=True, answered=False)


def situation_line(slots: dict) -> str:
    """One short line acknowledging the rider's stated situation (热死了 → 天热注意防暑…); an
    emergency's line says to call 120 / 122 themselves (the bot calls nobody)."""
    lines = []
    for name in slots.get("situations") or ():
        s = situations.by_name(name)
        if s is not None and s.say and s.say not in lines:
            lines.append(s.say)
    emergency = [x for x in lines if "120" in x]
    return "\n".join(emergency or lines[:1]) + "\n" if lines else ""


def ask_for_location(e: "Engine", t: Turn, u: Understanding, text: str) -> Reply:
    """Remember the question; it is answered as soon as a pin or a place arrives."""
    t.session.pending = {"intent": u.intent, "slots": u.slots, "text": text[:100], "at": t.at}
    lead = ""
    codes = u.slots.get("codes") or []
    if codes:
        # the label, after 有: 有卫生间 / 有热饭/微波炉 both read right (能厕所 would not)
        lead = f"好的，帮您找有{'、'.join(e.lexicon().label(c) for c in codes)}的驿站。"
    return reply(lead + ASK_LOCATION, u.intent, asks_location=True)


def no_station_in(e: "Engine", t: Turn, u: Understanding) -> Reply:
    """上海哪里能热饭 with no station of 上海 in the data: say so, never ask for a location the
    data could not use. The question is kept, so 那嘉兴呢 / 我在嘉兴南湖 answers it there."""
    place = u.slots["other_city"]
    cities = [c.removesuffix("市") for c in e.kb.cities()]
    shown = "、".join(cities[:8]) + ("等" if len(cities) > 8 else "")
    text = f"资料里暂时没有{place}的工会驿站。目前收录了{len(cities)}个城市的驿站：{shown}。"
    if u.intent != "give_place":
        slots = {k: v for k, v in u.slots.items() if k != "other_city"}
        t.session.pending = {"intent": u.intent, "slots": slots, "text": t.msg.text[:100], "at": t.at}
        text += "\n在这些城市的话，告诉我城市或路名，或者发送位置。"
    return reply(text, u.intent, answered=True)


# --- lists of stations -----------------------------------------------------------------------
def where_for(e: "Engine", t: Turn, slots: dict) -> Where:
    """A named city/district overrides the pin (宁波哪里能洗澡, asked from Hangzhou); without
    one, the rider's place: the typed area (我在嘉兴南湖) or the pin, whichever came last."""
    city, district = slots.get("city"), slots.get("district")
    if city or district:
        return Where(point=t.location, city=city, district=district)
    area = typed_area(e, t)
    if area and (t.location is None or t.location.at <= area["at"]):
        return Where(city=area.get("city"), district=area.get("district"))
    return Where(point=t.location)


def typed_area(e: "Engine", t: Turn) -> dict | None:
    """The city/district the rider last typed as where they are, while it is as fresh as a pin
    would be (config.location_ttl)."""
    area = t.session.area
    if not isinstance(area, dict) or not (area.get("city") or area.get("district")):
        return None
    try:
        fresh = t.at - float(area.get("at", 0)) <= e.config.location_ttl
    except (TypeError, ValueError):
        return None
    return area if fresh else None


def find(e: "Engine", t: Turn, u: Understanding) -> Reply:
    """find_station / find_need / open_hours without a station: a list near the rider — after
    one line on the situation the rider stated (热死了, 有人晕倒了), if any."""
    result = _find(e, t, u)
    line = situation_line(u.slots)
    if line and result.text:
        result.text = line + result.text
    return result


def _find(e: "Engine", t: Turn, u: Understanding) -> Reply:
    slots = u.slots
    if slots.get("everywhere") and not (slots.get("city") or slots.get("district")):
        every = _everywhere(e, t, u)
        if every is not None:
            return every
    where = where_for(e, t, slots)
    if not where.known:
        few = _the_only_ones(e, t, u)
        if few:
            # a need stays pending: a pin then lists by distance (24h: a pin changes nothing)
            t.session.pending = ({"intent": u.intent, "slots": slots, "text": t.msg.text[:100], "at": t.at}
                                 if slots.get("codes") else None)
            return few
        return ask_for_location(e, t, u, t.msg.text)
    t.session.pending = None
    codes = list(slots.get("codes") or [])
    if slots.get("implied"):
        codes = codes[:1]     # 热死了 → water (and rest): the main need, never every one at once
    opening = opening_filter(slots, t.at)
    if _emergency(slots) and where.point is not None:
        return _emergency_list(e, t, u, where, codes)
    found = search(e.kb, where, codes, opening)
    exclude = set(slots.get("exclude") or ())
    if exclude:      # 那还能去哪热饭, after reporting that station's microwave broken
        found = [f for f in found if f.station.id not in exclude]
    note = ""
    if not found and len(codes) > 1:
        # nobody offers every need at once: those that offer the most of them (the needs said
        # first matter most), never a station offering none
        part: list[str] = []
        for part in _fewer(codes):
            found = [f for f in search(e.kb, where, part, opening) if f.station.id not in exclude]
            if found:
                break
        note = f"没有同时提供{render.labels(codes, e.vocab)}的驿站，先看有{render.labels(part, e.vocab)}的：\n"
        codes = part
    if not found:
        return _nothing_found(e, t, u, where, codes, slots)
    header = _header(e, where, codes, slots)
    if exclude and header:
        header = _except(e, slots) + header      # 除了东宁路，离您最近的有热饭/微波炉的驿站：
    lines = [note + header] if (note or header) else []
    # 哪里能热饭，几点关门: the hours were asked too — each station's, not only open or closed now
    lines.append(_list_text(e, t, found[:MAX_STATIONS], codes, full_hours=slots.get("attribute") == "hours"))
    far = [f for f in closer_without(e.kb, where, found[0]) if f.station.id not in exclude] if codes else []
    if far:
        lines.append(f"提醒：最近的有{render.labels(codes, e.vocab)}的驿站也在{render.distance_text(found[0].distance_m)}外。"
                     "离您更近、但没有这项的驿站：" + "；".join(
                         f"{f.station.short_name}（{render.distance_text(f.distance_m)}）" for f in far))
    if len(found) > MAX_STATIONS:
        lines.append("回复“更多”看其他驿站，回复“第几个”看详情。")
    _remember_list(t, found, codes, header)
    return reply("\n".join(lines), u.intent, stations=[f.station.id for f in found[:MAX_STATIONS]])


def _fewer(codes: list[str]) -> list[list[str]]:
    """The needs with one, then two … left out, in the order said (at most 4 needs are combined;
    past that, the first alone)."""
    from itertools import combinations  # noqa: PLC0415
    if len(codes) > 4:
        return [codes[:1]]
    return [list(c) for k in range(len(codes) - 1, 0, -1) for c in combinations(codes, k)]


def _everywhere(e: "Engine", t: Turn, u: Understanding) -> Reply | None:
    """浙江哪些驿站能洗澡 / 全省一共几个驿站 / 能理发的驿站一共几个: every station of the data with the
    need — how many, and the first of them (nearest first when the rider's place is known), the
    rest after "更多". None for a time-bound or stated-situation search (a search near the rider)."""
    slots = u.slots
    if slots.get("implied") or slots.get("exclude") or any(slots.get(k) for k in ("open_24h", "open_now", "night", "at_time")):
        return None
    codes = list(slots.get("codes") or [])
    total = e.kb.count_in_area(codes=codes)
    what = f"有{render.labels(codes, e.vocab)}的驿站" if codes else "驿站"
    if not total:
        return None           # none has every need: the search near the rider says what comes closest
    t.session.pending = None
    point = t.location
    if point is not None:
        found = [Found(h.station, h.distance_m) for h in e.kb.nearest(point.lat, point.lng, k=min(total, LIST_MAX), codes=codes)]
    else:
        found = [Found(x, None) for x in e.kb.in_area(codes=codes, limit=LIST_MAX)]
    if not found:
        return None
    lines = [f"资料里{what}一共{total}个" + ("，离您从近到远：" if point is not None else "：")]
    lines.append(_list_text(e, t, found[:MAX_STATIONS], codes))
    if total > MAX_STATIONS:
        lines.append("回复“更多”看其他驿站，回复“第几个”看详情。")
    partial = point is None and bool(codes) and total > MAX_STATIONS
    if partial:
        # only some of them shown: the question waits for a pin, which lists them by distance
        t.session.pending = {"intent": u.intent, "slots": slots, "text": (t.msg.text or "")[:100], "at": t.at}
    if point is None and codes:
        lines.append("发送位置可以看哪个离您最近。")
    _remember_list(t, found, codes, "")
    return reply("\n".join(lines), u.intent, stations=[f.station.id for f in found[:MAX_STATIONS]],
                 asks_location=partial)


# --- rankings by a fact the data gives ------------------------------------------------------------
RANK_MAX = 300     # stations ranked at once; a larger scope is narrowed to a city first
_RANK_WORD = {"area_max": ("最大", "第{n}大", "更大"), "area_min": ("最小", "第{n}小", "更小"),
              "opened_min": ("建得最早", "第{n}早建成", "建得更早"),
              "opened_max": ("建得最晚", "倒数第{n}晚建成", "建得更晚")}


def rank(e: "Engine", t: Turn, u: Understanding) -> Reply:
    """哪个驿站最大 / 面积最小的 / 哪个建得最早 / 第二大的呢 / (of the list just shown) 哪个大一点:
    the stations of the scope ordered by their area or opening date as the data records them —
    which one comes first, the order of the rest, and by name those whose fact the data does not
    give (left out of the ranking, never guessed)."""
    slots = u.slots
    key = slots["rank"]
    fact = key.split("_")[0]
    codes = list(slots.get("codes") or [])
    among = slots.get("among") or []
    t.session.pending = None
    if among:
        stations = [x for x in (e.kb.get(i) for i in among) if x is not None]
        scope = "刚才列出的"
    else:
        city, district = slots.get("city"), slots.get("district")
        if e.kb.count_in_area(city, district, codes) > RANK_MAX:
            return reply("资料里的驿站太多，一下比不过来。说个城市或区，比如“宁波哪个驿站最大”，我在那里面比。",
                         u.intent)
        stations = e.kb.in_area(city, district, codes=codes)
        area = (district or city or "").removesuffix("市")
        scope = f"{area}{'有' + render.labels(codes, e.vocab) + '的' if codes else ''}"
    value = (lambda x: x.area_m2) if fact == "area" else (lambda x: x.opened)
    known = sorted((x for x in stations if value(x)), key=value, reverse=key in ("area_max", "opened_max"))
    unknown = [x for x in stations if not value(x)]
    fact_zh = "面积" if fact == "area" else "建成时间"
    if not known:
        return reply(f"资料里没有写{scope}驿站的{fact_zh}，比不出来。", u.intent)
    n = int(slots.get("rank_nth") or 1)
    if n > len(known):
        return reply(f"资料里写了{fact_zh}的{scope}驿站只有{len(known)}个。", u.intent)
    pick = known[n - 1]
    tied = [x for x in known if value(x) == value(pick)]
    best, nth, more = _RANK_WORD[key]
    word = more if slots.get("comparative") and len(stations) == 2 and n == 1 else \
        (best if n == 1 else nth.format(n=n))
    said = "、".join(f"{x.short_name}（{_fact_text(x, fact)}）" for x in tied)
    scope = (scope if scope.endswith("的") else scope + "的") if scope else "资料里的"
    among_text = f"{scope}驿站中，写了{fact_zh}的有{len(known)}个" if unknown else f"{scope}{len(known)}个驿站中"
    lines = [f"{among_text}，{word}的是{said}" + ("。" if len(tied) == 1 else "（并列）。")]
    if len(known) > 1:
        order = "从大到小" if key == "area_max" else "从小到大" if key == "area_min" else \
            "从早到晚" if key == "opened_min" else "从晚到早"
        lines.append(f"按{fact_zh}{order}：" + "、".join(f"{x.short_name} {_fact_text(x, fact)}" for x in known[:8]))
    if unknown:
        names = "、".join(x.short_name for x in unknown[:6]) + ("等" if len(unknown) > 6 else "")
        lines.append(f"{names}的{fact_zh}资料里没写，没有算在内。")
    lines.append(f"{pick.short_name}导航：{render.nav_link(pick)}")
    t.extra["asked"] = Understanding(u.intent, u.confidence, {**slots, "among": [x.id for x in stations][:LIST_MAX]}
                                     if among else slots)
    _remember_list(t, [Found(x, _dist(t, x)) for x in known], codes, "")
    t.session.focus = pick.id
    return reply("\n".join(lines), u.intent, stations=[x.id for x in tied])


def _fact_text(s: Any, fact: str) -> str:
    if fact == "area":
        return s.area_text or f"约{s.area_m2:g}平方米"
    return _month(s.opened)


EMERGENCY_NEAR_M = 3000     # in an emergency only a station within reach on foot helps


def _emergency(slots: dict) -> bool:
    return any((s := situations.by_name(n)) is not None and s.emergency for n in slots.get("situations") or ())


def _emergency_list(e: "Engine", t: Turn, u: Understanding, where: Where, codes: list[str]) -> Reply:
    """有人晕倒了, with a pin: the nearest station with an AED, else with a medicine kit, only
    when it is close enough to fetch; otherwise say so — never a station far away."""
    for need in dict.fromkeys([*codes, "aed", "medicine_kit"]):
        found = [f for f in search(e.kb, where, [need], None)
                 if f.distance_m is not None and f.distance_m <= EMERGENCY_NEAR_M]
        if found:
            _remember_list(t, found[:MAX_STATIONS], [need], "")
            return reply(_list_text(e, t, found[:MAX_STATIONS], [need]), u.intent,
                         stations=[f.station.id for f in found[:MAX_STATIONS]])
    return reply(f"附近{EMERGENCY_NEAR_M // 1000}公里内资料里没有登记AED或药箱的驿站，请守在伤者身边等急救人员。",
                 u.intent)


def _the_only_ones(e: "Engine", t: Turn, u: Understanding) -> Reply | None:
    """24小时开的驿站 / 哪里可以免费查眼睛 (a service), asked without a location, when the whole data holds
    only one or two such stations: name them with their city (a location would change which
    one is nearest, not the answer) and say a pin gives distances."""
    slots = u.slots
    codes = list(slots.get("codes") or [])
    if slots.get("open_24h") and not codes:
        stations = e.kb.in_area(always_open=True, limit=3)
        what, intent = "24小时开放的驿站", "open_hours"
    elif codes and t.msg.text and all(e.lexicon().is_service(c) for c in codes) \
            and not any(slots.get(k) for k in ("open_24h", "open_now", "night")):
        # a service (an eye check, legal aid) is worth a trip; a shower or a toilet is wanted
        # near, so for facilities the location is still asked; a menu click asks it too
        stations = e.kb.in_area(codes=codes, limit=3)
        what, intent = f"有{render.labels(codes, e.vocab)}的驿站", u.intent
    else:
        return None
    if not 1 <= len(stations) <= 2:
        return None
    exclude = set(slots.get("exclude") or ())
    if exclude:
        # 丁家桥以外还有哪里能义剪: the others (the one left out is never offered again)
        stations = [s for s in stations if s.id not in exclude]
        if not stations:
            return reply(f"{_except(e, slots)}资料里没有别的{what}了。", intent)
    found = [Found(s, None) for s in stations]
    named = "、".join(f"{s.short_name}（{s.city}）" for s in stations)
    text = (f"{_except(e, slots)}资料里{what}只有{len(found)}个：{named}\n" + _list_text(e, t, found, codes)
            + "\n发送位置可以看离您有多远，也可以看离您近的其他驿站。")
    _remember_list(t, found, codes, "")
    # a need's answer still asks for a pin (kept pending): it measures the distance
    return reply(text, intent, stations=[s.id for s in stations], asks_location=bool(codes))


def _header(e: "Engine", where: Where, codes: list[str], slots: dict) -> str:
    area = where.district or where.city
    what = f"有{render.labels(codes, e.vocab)}的驿站" if codes else "驿站"
    if slots.get("open_24h"):
        what = "24小时开放的" + what
    elif slots.get("at_time"):
        what = f"{slots['at_time']}开放的" + what
    elif slots.get("night"):
        what = "晚上开放的" + what
    elif slots.get("open_now"):
        what = "现在开放的" + what
    if area:
        return f"{area}{what}："
    if where.point is not None:
        approx = approx_note(where.point)
        return f"离您最近的{what}{approx}："
    return ""


def approx_note(loc: Any) -> str:
    """How a guessed place was placed, said with the list: the place as understood (越东路151号,
    义乌市) so the rider can see what was used, else "the place you said"."""
    if not loc.approximate:
        return ""
    label = (loc.label or "").strip()
    return f"（按“{label[:20]}”大致估算）" if label and loc.source == "typed" else "（按您说的地点大致估算）"


def _list_text(e: "Engine", t: Turn, found: list[Found], codes: list[str], start: int = 1,
               full_hours: bool = False) -> str:
    """The stations as numbered blocks, and once for all of them the note on approximate
    positions (under every station it made a 3-station answer a third longer)."""
    footer, mark = render.approx_footer([f.station for f in found])
    blocks = [render.station_block(start + i, f.station, f.distance_m, codes, t.at, e.vocab,
                                   warn_closed=e.closed_warning(f.station.id), mark_approx=mark,
                                   full_hours=full_hours)
              for i, f in enumerate(found)]
    return "\n".join(blocks + ([footer] if footer else []))


def _remember_list(t: Turn, found: list[Found], codes: list[str], note: str) -> None:
    t.session.ids = [f.station.id for f in found[:LIST_MAX]]
    t.session.shown = min(MAX_STATIONS, len(found))
    t.session.focus = found[0].station.id
    t.session.codes = codes
    t.session.list_note = note


def _nothing_found(e: "Engine", t: Turn, u: Understanding, where: Where, codes: list[str],
                   slots: dict) -> Reply:
    area = where.district or where.city
    what = f"有{render.labels(codes, e.vocab)}的驿站" if codes else "驿站"
    if slots.get("open_24h"):
        what = "24小时开放的" + what
    elif slots.get("open_now") or slots.get("night"):
        what = "这个时间开放的" + what
    place = f"{area}" if area else "您附近"
    text = f"暂时没有找到{place}{what}。"
    if slots.get("exclude"):
        # 温州除了红日亭还有别的驿站吗: none besides the one left out — not "none at all"
        text = f"{_except(e, slots)}暂时没有找到{place}别的{what}。"
    always = bool(slots.get("open_24h"))
    if area and (codes or always):
        # 温州哪能热饭 with no microwave in 温州: the nearest stations that DO have it, elsewhere —
        # never a station without it, which would read as an offer of what it lacks. So too for
        # round the clock (杭州有通宵开的驿站吗): the nearest 24 h stations, never one whose hours
        # the data does not give, offered after "none open all night".
        elsewhere = _nearest_outside(e, where, codes, always_open=always, exclude=slots.get("exclude") or ())
        if elsewhere:
            text += f"\n离{area}最近的{what}：\n" + _list_text(e, t, elsewhere, codes, full_hours=always)
            _remember_list(t, elsewhere, codes, "")
            return reply(text, u.intent, stations=[f.station.id for f in elsewhere])
        if codes:
            return reply(text + "\n我的资料还在补充中，也可以问问当地工会。", u.intent, answered=True)
    exclude = set(slots.get("exclude") or ())
    if codes and (slots.get("open_now") or slots.get("night")):
        # none known to be open then: those with the need whose hours the data does not record
        unknown = [f for f in search(e.kb, where, codes) if f.station.id not in exclude
                   and not f.station.hours.known][:MAX_STATIONS]
        if unknown:
            text += f"\n这些驿站有{render.labels(codes, e.vocab)}，但资料里没写开放时间，去之前可以先问问：\n" \
                + _list_text(e, t, unknown, codes)
            _remember_list(t, unknown, codes, "")
            return reply(text, u.intent, stations=[f.station.id for f in unknown])
    if not codes and (slots.get("open_24h") or slots.get("open_now") or slots.get("night")):
        # a station lacking a need is never offered for it; for hours, the nearest are a lead
        nearest = [f for f in search(e.kb, where, []) if f.station.id not in exclude]
        if nearest:
            # the rider asked about a time: each one's own hours, so they see when it is open
            text += "\n可以去这些驿站看看：\n" + _list_text(e, t, nearest[:2], [], full_hours=True)
            _remember_list(t, nearest, [], "")
            return reply(text, u.intent, stations=[f.station.id for f in nearest[:2]])
    return reply(text + "\n我的资料还在补充中，也可以问问当地工会。", u.intent, answered=True)


def _nearest_outside(e: "Engine", where: Where, codes: list[str], k: int = 2,
                     always_open: bool = False, exclude: Any = ()) -> list[Found]:
    """Stations with every code (and open round the clock, with always_open) nearest to an area
    (its stations' mean position), but those the rider left out."""
    centre = e.kb.area_centre(where.city, where.district)
    if centre is None:
        return []
    hits = e.kb.nearest(centre[0], centre[1], k=k + len(exclude), codes=codes, always_open=always_open)
    return [Found(h.station, None) for h in hits if h.station.id not in exclude][:k]


def _except(e: "Engine", slots: dict) -> str:
    """除了红日亭，: the stations the rider left out, named back."""
    names = [x.short_name for x in (e.kb.get(i) for i in slots.get("exclude") or ()) if x is not None]
    return f"除了{'、'.join(names)}，" if names else ""


# --- one station -----------------------------------------------------------------------------
def station_info(e: "Engine", t: Turn, u: Understanding) -> Reply:
    ids = u.slots.get("stations") or []
    station = e.kb.get(ids[0]) if ids else None
    if station is None:
        return not_understood(e, t, u)
    t.session.pending = None
    fact = compared_fact(t.msg.text or "", u, t.session.last_question(t.at)) if len(ids) >= 2 else None
    if fact:
        return compare_stations(e, t, u, [x for x in (e.kb.get(i) for i in ids[:2]) if x], fact)
    return about_station(e, t, u, station)


# 红日亭和南苑哪个大 / 丁家桥和椒江哪个开得久 / 哪个能热饭 / 哪个先建成: which of two named stations —
# the asked fact for both, and which of them it favours.
_WHICH = ("哪个", "哪家", "谁", "哪一个", "比", "这俩", "这两个")
_BIGGER = ("大", "面积", "宽敞", "小")
_LONGER = ("开得久", "开的久", "开得晚", "开的晚", "开得长", "时间长", "开到几点", "关得晚", "营业时间", "开门时间")
# When each was set up: 哪个先建成 / 哪个早 / 谁先开业 (an opening date, not the daily hours).
_EARLIER = ("建成", "建的", "成立", "开业", "运营", "投用", "投入使用", "哪个早", "谁早", "哪个先", "谁先", "哪个更早",
            "哪个老", "哪个新", "哪个晚")


def compared_fact(text: str, u: Understanding, last: dict | None = None) -> str | None:
    """The fact two named stations are compared on; a bare comparison (那A和B比呢) keeps the
    fact of the comparison just answered."""
    if not any(w in text for w in _WHICH):
        if not (last and text.rstrip("?？。!！ ").endswith("呢")):
            return None
    attr = u.slots.get("attribute")
    if attr == "hours" or any(w in text for w in _LONGER) or u.slots.get("night") or u.slots.get("open_24h"):
        return "hours"
    if attr == "opened" or any(w in text for w in _EARLIER):
        return "opened"
    if attr == "area" or any(w in text for w in _BIGGER):
        return "area"
    if u.slots.get("codes"):
        return "codes"
    prev = (last or {}).get("slots") or {}
    if prev.get("compare") and not attr:
        return prev["compare"]          # 那丁家桥和越东路比呢, after 南苑和阳山时尚谷哪个大
    return None


def compare_stations(e: "Engine", t: Turn, u: Understanding, stations: list[Any], fact: str) -> Reply:
    """Both stations' fact from the KB, a first line saying which of them it favours, and as
    reply.stations the ones the answer is about (those with the need; the bigger / earlier
    one; both when both have it). A fact the KB lacks for one is said to be missing."""
    text = t.msg.text or ""
    names = "和".join(s.short_name for s in stations)
    lines: list[str] = []
    shown = [s.id for s in stations]
    if fact == "codes":
        codes = list(u.slots.get("codes") or [])
        what = render.labels(codes, e.vocab)
        has = [s for s in stations if all(c in s.codes for c in codes)]
        if len(has) == len(stations):
            lines.append(f"{names}都有{what}。")
        elif has:
            lines.append(f"{'、'.join(s.short_name for s in has)}有{what}。")
        else:
            lines.append(f"资料里{names}都没有记录有{what}。可以问我“附近哪里有{e.lexicon().everyday(codes[0])}”。")
        for s in stations:
            if s in has:
                lines.append(f"{s.short_name}：有{what}" + "".join(_schedules(s, codes)))
            else:
                lines.append(f"{s.short_name}：资料里没有记录有{what}")
        for s in has:
            lines.append(f"{s.short_name}导航：{render.nav_link(s)}")
        shown = [s.id for s in has]
    elif fact == "area":
        for s in stations:
            area = s.area_text or (f"约{s.area_m2:g}平方米" if s.area_m2 else None)
            lines.append(f"{s.short_name}：{area if area else '面积未标注'}")
        sized = [s for s in stations if s.area_m2]
        if len(sized) == len(stations) and len({s.area_m2 for s in sized}) > 1:
            small = "小" in text and "大" not in text
            pick = (min if small else max)(sized, key=lambda s: s.area_m2)
            lines.insert(0, f"{pick.short_name}更{'小' if small else '大'}。")
        elif len(sized) < len(stations):
            lines.insert(0, "资料里没有两个驿站的面积，比不出来。")
    elif fact == "opened":
        for s in stations:
            lines.append(f"{s.short_name}：" + (f"{_month(s.opened)}建成投用" if s.opened else "资料里没写建成时间"))
        dated = [s for s in stations if s.opened]
        if len(dated) == len(stations):
            first = min(dated, key=lambda s: s.opened)
            if len({s.opened[:7] for s in dated}) == 1:
                lines.insert(0, f"两个驿站都是{_month(first.opened)}建成投用的。")
            else:
                lines.insert(0, f"{first.short_name}建成更早（{_month(first.opened)}）。")
        elif dated:
            lines.insert(0, f"资料里只有{dated[0].short_name}的建成时间，比不出来。")
    else:
        for s in stations:
            lines.append(f"{s.short_name}：{render.hours_full(s)}")
        if u.slots.get("night") or u.slots.get("open_24h") or "晚" in text:
            late = [s for s in stations if s.hours.always]
            if late and len(late) < len(stations):
                lines.insert(0, f"{'、'.join(s.short_name for s in late)}24小时开放，晚上也能去。")
                shown = [s.id for s in late]
    # remembered for the next message: 那哪个能洗澡 / 这俩哪个近 asks about the same two
    t.extra["asked"] = Understanding(u.intent, u.confidence, {**u.slots, "compare": fact,
                                                              "stations": [s.id for s in stations]})
    t.session.focus = shown[0] if shown else stations[0].id
    return reply("\n".join(lines), u.intent, stations=shown)


def about_station(e: "Engine", t: Turn, u: Understanding, station: Any,
                  distance_m: float | None = None) -> Reply:
    """A station's facts for the attribute asked; only what the KB holds."""
    slots = u.slots
    attr = slots.get("attribute")
    codes = slots.get("codes") or []
    s = station
    shown = [s.id]    # meta["stations"]: only stations presented as having what was asked
    lines = [s.short_name + (f"（{render.distance_text(distance_m)}）" if distance_m else "")]
    if codes:
        has = [c for c in codes if c in s.codes]
        lacks = [c for c in codes if c not in s.codes]
        if has:
            lines.append(f"有{render.labels(has, e.vocab)}。")
            lines.extend(_schedules(s, has))
            if attr == "events":
                # 搞过多少场心理咨询: the count the source gives for that service's events
                counted = _counted(s, has)
                lines.append(f"资料里写着：{counted[0]}。" if counted else "活动场次未标注。")
        if lacks:
            lines.append(f"资料里没有记录这里有{render.labels(lacks, e.vocab)}。")
            alt = _nearest_with(e, t, lacks, s.id)
            if alt is not None:
                lines.append(f"有{render.labels(lacks, e.vocab)}的最近驿站：{alt.station.short_name}"
                             f"（{render.distance_text(alt.distance_m)}），导航：{render.nav_link(alt.station)}")
                shown = ([s.id] if attr in _ASKED_ITSELF else []) + [alt.station.id]
            else:
                lines.append(f"可以问我“附近哪里有{e.lexicon().everyday(lacks[0])}”。")
                # 红日亭在哪，有厕所吗: still the station asked about — shown with its address
                shown = [s.id] if attr in _ASKED_ITSELF else []
        if attr == "cost":
            lines.append(_cost_line(e, has))
        if attr in ("area", "staff", "opened"):
            lines.extend(_fact_lines(s, attr))    # 南苑能洗澡吗 多大地方: the other question too
    elif attr in ("area", "staff", "opened"):
        lines.extend(_fact_lines(s, attr))
        for more in slots.get("more_facts") or ():
            lines.extend(_fact_lines(s, more))    # 南苑多大 有几个工作人员: both asked, both answered
    elif attr == "events":
        counted = _counted(s)
        lines.append(f"资料里写着：{counted[0]}。" if counted else "活动场次未标注。")
    elif attr == "phone":
        lines.append("资料里没有电话，可以直接导航过去。")
    elif attr == "serves":
        lines.append("服务对象：" + "、".join(s.serves) if s.serves else "面向户外劳动者。")
    elif attr == "cost":
        lines.append(_cost_line(e, [c for c in s.services if _free(e.vocab.label(c))]))
    elif attr == "entry":
        lines.extend(_entry(e, s))
    elif attr == "count":
        lines.extend(_count_offers(e, s))
    elif attr in ("offers", None):
        lines.extend(_offers(e, s))
    if attr in ("address", "navigate", None, "offers") or codes:
        where = render.address_text(s)
        if where:
            lines.append(f"地址：{where}")
    lines.append(f"开放时间：{render.hours_full(s)}" + (
        f"（{render.hours_text(s, t.at)}）" if s.hours.known and not s.hours.always else ""))
    if e.closed_warning(s.id):
        lines.append(render.CLOSED_WARNING)
    if render.is_approximate(s):
        lines.append(render.APPROX_NOTE)
    lines.append(f"导航：{render.nav_link(s)}")
    t.session.focus = s.id
    return reply("\n".join(lines), u.intent, stations=shown)


def _fact_lines(s: Any, attr: str) -> list[str]:
    """A station's area, staff or opening date, as the data gives it (or that it does not)."""
    if attr == "area":
        area = s.area_text or (f"约{s.area_m2:g}平方米" if s.area_m2 else None)
        return [f"面积：{area}" if area else "面积未标注。"]
    if attr == "staff":
        unmanned = [n for n in s.notes if "无人" in n]
        if s.staff:
            med = f"（含{s.medical_staff}名医务人员）" if s.medical_staff else ""
            return [f"配备{s.staff}名工作人员{med}。"]
        return [f"资料里写着：{unmanned[0]}。"] if unmanned else ["工作人员情况未标注。"]   # 无人值守: the answer
    return [f"建成投用：{_month(s.opened)}" if s.opened else "建成时间未标注。"]


# Facts asked of the station itself alongside a need it lacks: it is still the station shown.
_ASKED_ITSELF = ("address", "navigate", "hours")


def _nearest_with(e: "Engine", t: Turn, codes: list[str], not_id: str) -> Any:
    """The nearest other station with every code, when the rider's place is known — a "no"
    about the station in focus is more useful with the closest "yes"."""
    if t.location is None:
        return None
    hits = e.kb.nearest(t.location.lat, t.location.lng, k=2, codes=codes)
    return next((h for h in hits if h.station.id != not_id), None)


# A count of events in the source's words: 30余场次, 100多次.
_COUNTED = re.compile(r"[0-9一二三四五六七八九十百]+[余多]?(?:场|次)")


def _counted(s: Any, codes: list[str] | set[str] | None = None) -> list[str]:
    """The source's sentences counting a station's events (of these services, if given)."""
    return list(dict.fromkeys(a.quote for a in s.activities if a.quote and _COUNTED.search(a.quote)
                              and (not codes or a.service in codes)))


# 搞了几次 / 办过多少场: a count of events asked, not when the next one is.
_HOW_MANY = re.compile(r"(?:几|多少)(?:场|次|回)")


def _free(label: str) -> bool:
    return "免费" in label or label.startswith("义")


def _schedules(s: Any, codes: list[str]) -> list[str]:
    """能理发吗 at a station: how often the service is held there, when the data says."""
    return [f"{a.name}：{a.schedule}。" for a in s.activities
            if a.service in codes and a.schedule and (a.per_month or a.season)]


def _cost_line(e: "Engine", codes: list[str]) -> str:
    """要钱不: only what the data says — a service named free (免费早餐, 义剪) is free; for the
    rest the data records no price, and the bot does not guess one. Asked of a station with no
    service named, its services named free are the answer."""
    labels = [e.vocab.label(c) for c in codes]
    if labels and all(_free(x) for x in labels):
        return f"{'、'.join(labels)}是免费的。"
    return "资料里没写是否收费，去之前可以先问问驿站。"


def _offers(e: "Engine", s: Any) -> list[str]:
    out = []
    fac = [c for c in sorted(s.facilities)]
    srv = [c for c in sorted(s.services)]
    if fac:
        out.append("设施：" + render.labels(fac, e.vocab))
    if srv:
        out.append("服务：" + render.labels(srv, e.vocab))
    for a in s.activities[:4]:
        out.append(f"活动：{a.name}（{a.schedule}）")
    if not out:
        out.append("设施和服务未标注。")
    return out


# How a door opens (刷卡门禁 / 扫码开门): the facilities and notes that say how to get in.
_DOOR = ("门禁", "刷卡", "扫码开门", "进门")


def _entry(e: "Engine", s: Any) -> list[str]:
    """怎么进门: the station's access facility and what the source says about the door."""
    out = [f"进门方式：{e.vocab.label(c)}" for c in sorted(s.facilities) if any(w in e.vocab.label(c) for w in _DOOR)]
    out += [f"资料里写着：{n}" for n in s.notes if any(w in n for w in _DOOR)]
    return out or ["资料里没写进门的方式，去之前可以先问问驿站。"]


# A number of zones or services the source states: 5个功能区域 / 10项服务.
_COUNT_NOTE = re.compile(r"[0-9一二三四五六七八九十]+(?:个|项|种)[^，。；、]{0,3}(?:功能|服务|区域|设施)")


def _count_offers(e: "Engine", s: Any) -> list[str]:
    """有几项服务 / 里面有几个功能区: the number the source gives, quoted; without one, what the
    data lists, counted."""
    quoted = [n for n in s.notes if _COUNT_NOTE.search(n)]
    if quoted:
        return [f"资料里写着：{n}" for n in quoted[:2]]
    listed = sorted(s.facilities) + sorted(s.services)
    if not listed:
        return ["设施和服务未标注。"]
    return [f"资料里记录了{len(listed)}项设施和服务：{render.labels(listed, e.vocab)}"]


def _month(opened: str) -> str:
    parts = opened.split("-")
    return f"{parts[0]}年{int(parts[1])}月" if len(parts) >= 2 else opened


def open_hours(e: "Engine", t: Turn, u: Understanding) -> Reply:
    slots = u.slots
    ids = slots.get("stations") or []
    station = e.kb.get(ids[0]) if ids else None
    if len(ids) >= 2 and compared_fact(t.msg.text or "", u) == "hours":
        # 椒江365和南苑哪个晚上能去: both stations' hours, the one open then shown
        t.session.pending = None
        return compare_stations(e, t, u, [x for x in (e.kb.get(i) for i in ids[:2]) if x], "hours")
    if station is None and t.session.focus and not (slots.get("open_24h") or slots.get("city")
                                                    or slots.get("district") or slots.get("which")
                                                    or "附近" in t.msg.text):
        station = e.kb.get(t.session.focus)   # "现在开着吗" right after a station was shown
    if station is None and slots.get("holiday") and not slots.get("open_24h"):
        return reply("各驿站节假日是否开放，资料里没有记录，以驿站通知为准。平时的开放时间可以问具体驿站，"
                     "比如“丁家桥几点开门”；24小时开放的驿站可以问“24小时开的驿站”。", u.intent)
    if station is None:
        if not any(slots.get(k) for k in ("open_24h", "open_now", "night")):
            slots = {**slots, "open_now": True}
        return find(e, t, Understanding(u.intent, u.confidence, slots, u.alternatives, u.clarify))
    t.session.pending = None
    s = station
    lines = [f"{s.short_name}：{render.hours_full(s)}"]
    if slots.get("holiday"):
        lines.append(_holiday_line(s))
    elif s.hours.known and not s.hours.always:
        lines.append(f"现在{render.hours_text(s, t.at)}。")
    if e.closed_warning(s.id):
        lines.append(render.CLOSED_WARNING)
    lines.append(f"导航：{render.nav_link(s)}")
    t.session.focus = s.id
    return reply("\n".join(lines), u.intent, stations=[s.id])


def _holiday_line(s: Any) -> str:
    """国庆节开不开: only what the hours say — round the clock all year, or nothing recorded."""
    if s.hours.always:
        return "全年24小时开放，节假日也开。"
    return "节假日是否开放资料里没有记录，以驿站通知为准。"


def schedule(e: "Engine", t: Turn, u: Understanding) -> Reply:
    """Activities as the source words them (每月两次); never an invented date. The KB indexes
    activities by service code, so only stations that have one are read."""
    codes = set(u.slots.get("codes") or [])
    ids = u.slots.get("stations") or []
    stations = [e.kb.get(ids[0])] if ids and e.kb.get(ids[0]) else []
    offering: list[Found] = []
    if not stations:
        where = where_for(e, t, u.slots)
        if not where.known and len(e.kb) > 50:
            return ask_for_location(e, t, u, t.msg.text)
        if where.known:
            stations = [f.station for f in search(e.kb, where, sorted(codes), k=MAX_STATIONS, scheduled=True)]
        else:
            stations = e.kb.in_area(codes=sorted(codes), scheduled=True, limit=MAX_STATIONS)
        if not stations and codes:
            # 免费早饭几点有: no station records a time for it — name those that offer it
            offering = search(e.kb, where, sorted(codes), k=MAX_STATIONS) if where.known else \
                [Found(x, None) for x in e.kb.in_area(codes=sorted(codes), limit=MAX_STATIONS)]
    t.session.pending = None
    lines = []
    occasion = occasion_core(u.slots.get("occasion") or "")
    unmatched = False        # a day asked about (国庆 / 周末 / 元宵) that no schedule shown names
    for s in stations:
        acts = _activities(s, codes)
        on_day = [a for a in acts if occasion and occasion in f"{a.schedule}{a.season or ''}{a.name}"]
        if occasion and not codes:
            # 端午节呢: the activities of that occasion, when the station records any
            acts = on_day or acts
        unmatched = unmatched or bool(occasion and acts and not on_day)
        if acts:
            lines.append(s.short_name + "：" + "；".join(f"{a.name}，{a.schedule}" for a in acts))
            counted = _counted(s, {a.service for a in acts}) if _HOW_MANY.search(t.msg.text or "") else []
            if counted:
                lines.append("资料里写着：" + "；".join(counted) + "。")
        elif codes & set(s.codes):
            lines.append(f"{s.short_name}提供{render.labels(sorted(codes & set(s.codes)), e.vocab)}，"
                         "资料里没写具体时间，建议去之前先问问驿站。")
        else:
            what = render.labels(sorted(codes), e.vocab) if codes else "活动"
            lines.append(f"资料里没有{s.short_name}的{what}安排。")
    if not lines:
        what = render.labels(sorted(codes), e.vocab) if codes else "活动"
        text = f"暂时没有找到{what}的时间安排。"
        if offering:
            text += (f"\n提供{what}的驿站（资料里没写具体时间，去之前先问问驿站）：\n"
                     + _list_text(e, t, offering, sorted(codes)))
            _remember_list(t, offering, sorted(codes), "")
        return reply(text, u.intent, stations=[f.station.id for f in offering])
    if unmatched:
        # 元宵节送汤圆吗 / 义剪是周末搞吗: never say yes for a day the source does not name
        lines.insert(0, f"资料里没写{u.slots['occasion']}有没有，资料写的时间是：")
    lines.append("（时间以驿站通知为准）")
    if stations:
        t.session.focus = stations[0].id
    return reply("\n".join(lines), u.intent, stations=[s.id for s in stations])


# Names riders give a season's hottest or coldest stretch, read as that season.
_SEASON_NAMES = {"夏": ("伏天", "三伏", "三伏天", "入伏", "暑天", "大暑", "酷暑", "盛夏", "大热天"),
                 "冬": ("三九", "三九天", "数九", "数九寒天", "寒冬", "隆冬", "大寒", "大冷天")}


def occasion_core(words: str) -> str:
    """The part of an occasion the source's wording contains: 端午节 → 端午; 冬天/冬季 → 冬 (the
    source says 冬送热粥（冬季）, riders say 冬天). "" when too short to mean anything."""
    core = words.rstrip("节")
    if len(core) == 2 and core[0] in "春夏秋冬" and core[1] in "天季":
        return core[0]
    for season, names in _SEASON_NAMES.items():
        if core in names:
            return season     # 伏天 is the height of summer; 三九 of winter
    return core if len(core) >= 2 else ""


def _activities(s: Any, codes: set[str]) -> list:
    acts = list(getattr(s, "activities", ()))
    if codes:
        acts = [a for a in acts if a.service in codes]
    return acts


# --- reports, joining, follow-ups ------------------------------------------------------------
def report_problem(e: "Engine", t: Turn, u: Understanding) -> Reply:
    ids = u.slots.get("stations") or []
    station_id = ids[0] if ids else t.session.focus
    station = e.kb.get(station_id) if station_id else None
    kind = u.slots.get("report_kind") or "other"
    if station is None:
        t.session.pending = {"intent": "report_problem", "slots": u.slots, "text": t.msg.text[:200],
                             "at": t.at}
        return reply("谢谢反映！请问是哪个驿站？回复驿站名字（比如“东宁路驿家”）就行。", u.intent,
                     clarify=True)
    t.session.pending = None
    tail = "已记录，会转给工会工作人员核实处理。" if _record(e, t, station, kind) else "已收到，会转告工会工作人员。"
    t.session.focus = station.id
    return reply(f"谢谢您反映{station.short_name}“{KIND_ZH.get(kind, '问题')}”的情况，{tail}",
                 u.intent, stations=[station.id])


def _record(e: "Engine", t: Turn, station: Any, kind: str) -> bool:
    """Keep the rider's report for the union's staff; False when it could not be kept."""
    if e.reports is None:
        return False
    text = t.extra.get("report_text") or t.msg.text or ""
    try:
        e.reports.add(station.id, kind, text[:500], user_hash(t.msg.user), t.at)
        return True
    except Exception as ex:  # noqa: BLE001 - a failed record must not cost the rider an answer
        log.warning("report not recorded: %s", type(ex).__name__)
        return False


def report_on_the_way(e: "Engine", t: Turn, station_id: str, kind: str) -> str:
    """丁家桥微波炉坏了 还有别的地方能热饭吗: the search is the answer, but the report is kept too
    (a rider's report is never dropped) — the line saying so, or "" for an unknown station."""
    station = e.kb.get(station_id)
    if station is None:
        return ""
    kept = "已记录，会转给工会工作人员" if _record(e, t, station, kind) else "已收到，会转告工会工作人员"
    return f"谢谢反映{station.short_name}“{KIND_ZH.get(kind, '问题')}”，{kept}。"


def report_follow_up(e: "Engine", t: Turn, station_id: str) -> Reply:
    """实际在… right after a wrong-location report: the rider's words join that report."""
    station = e.kb.get(station_id)
    if station is None:
        return reply("谢谢补充！请问是哪个驿站？", "report_problem", clarify=True)
    recorded = False
    if e.reports is not None:
        try:
            e.reports.add(station.id, "wrong_location", t.msg.text[:500], user_hash(t.msg.user), t.at)
            recorded = True
        except Exception as ex:  # noqa: BLE001 - a failed record must not cost the rider an answer
            log.warning("report follow-up not recorded: %s", type(ex).__name__)
    tail = "已补充记录，" if recorded else "已收到，"
    return reply(f"谢谢补充{station.short_name}的实际位置，{tail}会转给工会工作人员核实更正。",
                 "report_problem", stations=[station.id])


def join_union(e: "Engine", t: Turn, u: Understanding) -> Reply:
    lines = ["加入工会：可以到有“扫码入会”服务的驿站现场扫码入会，也可以问所在单位或所在街道、乡镇的工会。"
             "外卖骑手、快递员、网约车司机等新就业形态劳动者也可以入会。"]
    where = where_for(e, t, u.slots)
    # Stations only when we know where the rider is: the first 扫码入会 station of the whole
    # data, shown to a rider anywhere, is a far-off name, not a pointer.
    found = search(e.kb, where, ["join_union"], k=MAX_STATIONS) if where.known else []
    if not where.known:
        lines.append("想知道离您最近、能扫码入会的驿站，请发送位置，或问“宁波哪个驿站能扫码入会”。")
    if found:
        lines.append("可以扫码入会的驿站：")
        lines.append(_list_text(e, t, found[:MAX_STATIONS], ["join_union"]))
        _remember_list(t, found, ["join_union"], "")
    return reply("\n".join(lines), u.intent, stations=[f.station.id for f in found[:MAX_STATIONS]])


def follow_up(e: "Engine", t: Turn, u: Understanding) -> Reply:
    s = t.session
    slots = u.slots
    if slots.get("more") and slots.get("ordinal") is None:
        rest = s.ids[s.shown:s.shown + MAX_STATIONS]
        if not s.ids:
            return reply("刚才还没有列出驿站。发送位置，或问我“附近的驿站”。", u.intent, asks_location=True,
                         answered=False)
        if not rest:
            return reply("列出的就这些了。要找离您最近的，请发送位置；也可以说具体的区或路名。", u.intent)
        stations = [e.kb.get(i) for i in rest]
        found = [Found(st, _dist(t, st)) for st in stations if st is not None]
        text = _list_text(e, t, found, s.codes, start=s.shown + 1)
        s.shown += len(rest)
        s.focus = rest[0]
        return reply(text, u.intent, stations=[f.station.id for f in found])
    if slots.get("nearer") and slots.get("ordinal") is None:
        return _nearer(e, t, u)
    target = None
    ordinal = slots.get("ordinal")
    also: list[Any] = []
    if slots.get("pick") and ordinal is None:
        # 这几个哪个能热饭 / 那个有厕所的怎么走: the first station of the list shown that has it
        if not s.ids:
            return find(e, t, Understanding("find_need", u.confidence,
                                            {k: v for k, v in slots.items() if k != "pick"}))
        picked = _picked(e, s, slots.get("codes") or [], always=bool(slots.get("open_24h")))
        if not picked:
            return _none_picked(e, t, u)
        target, also = picked[0].id, picked[1:]
    if slots.get("next") and ordinal is None and s.ids:
        # 下一个 / 换一家: the station after the one in focus (after the first, if none is)
        ordinal = (s.ids.index(s.focus) + 2) if s.focus in s.ids else 2
        if ordinal > len(s.ids):
            return reply("刚才列出的就这些了。要找离您最近的，请发送位置；也可以说具体的区或路名。", u.intent)
    if slots.get("previous") and ordinal is None and s.ids:
        # 上一个: the station before the one in focus (the first stays the first)
        ordinal = max(s.ids.index(s.focus), 1) if s.focus in s.ids else 1
    if ordinal is not None and s.ids:
        shown = s.ids[:max(s.shown, 1)]
        if ordinal == -1:
            target = shown[-1]
        elif 1 <= ordinal <= len(s.ids):
            target = s.ids[ordinal - 1]
        else:
            return reply(f"刚才只列了{len(shown)}个驿站，请说“第1个”到“第{len(shown)}个”。", u.intent,
                         clarify=True, answered=False)
    elif target is None and s.focus:
        target = s.focus
    station = e.kb.get(target) if target else None
    if station is None and ordinal is None and (slots.get("attribute") or slots.get("codes")):
        # 这里几点关门 / 这个驿站有多大 with no station talked about yet (a rider who scanned the
        # code at a station): ask which one, and keep the question for the name said next
        intent = "open_hours" if slots.get("attribute") == "hours" and not slots.get("codes") else "station_info"
        t.session.pending = {"intent": intent, "slots": dict(slots), "text": (t.msg.text or "")[:100],
                             "at": t.at, "station": True}
        return reply("您问的是哪个驿站？直接说驿站名字就行，比如“丁家桥”。", intent, clarify=True, answered=False)
    if station is None:
        return reply("刚才还没有说到具体的驿站。发送位置，或直接说驿站名字，比如“红日亭在哪”。",
                     u.intent, answered=False)
    if slots.get("travel_time") or (slots.get("distance") and not slots.get("attribute")
                                    and (slots.get("pick") or not slots.get("codes"))):
        # (能洗澡的那家离我多远: the need picked the station; how far it is was asked)
        return how_far(e, t, u, station)
    if (slots.get("attribute") == "hours" or slots.get("open_24h")) and not slots.get("codes"):
        return open_hours(e, t, Understanding(u.intent, u.confidence, {**slots, "stations": [station.id]}))
    result = about_station(e, t, u, station, _dist(t, station))
    if also and result.text:
        codes = [c for c in slots.get("codes") or [] if c in station.codes]
        result.text += (f"\n刚才列出的{'、'.join(x.short_name for x in also)}也有"
                        f"{render.labels(codes, e.vocab)}。")
    return result


def _picked(e: "Engine", s: Any, codes: list[str], always: bool = False) -> list[Any]:
    """The stations of the list shown (in its order) that have every code and, with `always`,
    are recorded as open round the clock."""
    shown = [e.kb.get(i) for i in s.ids[:max(s.shown, 1)]]
    return [x for x in shown if x is not None and (codes or always) and set(codes) <= set(x.codes)
            and (x.hours.always or not always)]


def _none_picked(e: "Engine", t: Turn, u: Understanding) -> Reply:
    """None of the stations shown has it: say so, then the nearest that do (a search)."""
    codes = u.slots.get("codes") or []
    result = find(e, t, Understanding("find_need", u.confidence,
                                      {k: v for k, v in u.slots.items() if k != "pick"}))
    what = [f"有{render.labels(codes, e.vocab)}"] if codes else []
    if u.slots.get("open_24h"):
        what.append("24小时开放")
    line = f"刚才列出的驿站，资料里都没有记录{'、'.join(what)}的。"
    result.text = line + ("\n" + result.text if result.text else "")
    result.intent = u.intent
    return result


# Travel-time estimates, said as such: an e-bike in town ≈ 15 km/h, walking ≈ 5 km/h.
EBIKE_KMH, WALK_KMH = 15.0, 5.0
_WALKING = ("走路", "步行", "走过去", "走着", "走到")


def how_far(e: "Engine", t: Turn, u: Understanding, station: Any) -> Reply:
    """第一个多远 / 要骑多久: the distance to the station in focus (or the one named by its number)
    from the rider's place, with a travel time clearly labelled an estimate, and its navigation."""
    t.session.focus = station.id
    name = station.short_name or station.name
    dist = _dist(t, station)
    if dist is None:
        return reply(f"还不知道您在哪，算不了到{name}的距离。" + ASK_LOCATION, u.intent,
                     stations=[station.id], asks_location=True)
    approx = approx_note(t.location)
    lines = [f"{name}离您{render.distance_text(dist)}{approx}。"]
    walking = any(w in (t.msg.text or "") for w in _WALKING)
    kmh, how = (WALK_KMH, "步行") if walking else (EBIKE_KMH, "骑电动车")
    minutes = max(1, round(dist / 1000 / kmh * 60))
    took = f"{minutes}分钟" if minutes < 60 else f"{minutes // 60}小时" + (f"{minutes % 60}分钟" if minutes % 60 else "")
    lines.append(f"{how}大约{took}（按每小时{kmh:.0f}公里估算，实际看路况）。")
    lines.append(f"导航：{render.nav_link(station)}")
    return reply("\n".join(lines), u.intent, stations=[station.id])


def _nearer(e: "Engine", t: Turn, u: Understanding) -> Reply:
    """有没有更近的: a list near a pin is already nearest first, so the answer is its first
    station; a list of an area (no pin) is not by distance from the rider — a pin is asked."""
    s = t.session
    first = e.kb.get(s.ids[0]) if s.ids else None
    if first is None:
        return reply("刚才还没有列出驿站。发送位置，我按离您的距离从近到远列出。", u.intent,
                     asks_location=True, answered=False)
    if t.location is None:
        intent = "find_need" if s.codes else "find_station"
        t.session.pending = {"intent": intent, "slots": {"codes": list(s.codes)} if s.codes else {},
                             "text": (t.msg.text or "")[:100], "at": t.at}
        return reply("刚才是按地区列的，不是按离您的距离。" + ASK_LOCATION, u.intent, asks_location=True)
    s.focus = first.id
    text = ("刚才的结果已按离您的距离从近到远排好，最近的就是第1个：\n"
            + _list_text(e, t, [Found(first, _dist(t, first))], s.codes)
            + "\n换了地方的话，发送新位置再找。")
    return reply(text, u.intent, stations=[first.id])


def _dist(t: Turn, station: Any) -> float | None:
    if t.location is None:
        return None
    from knowledge.coords import haversine_m  # noqa: PLC0415
    return haversine_m(t.location.lat, t.location.lng, station.lat, station.lng)

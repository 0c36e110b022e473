"""Answers that list stations: the nearest with a need, in an area, open at a time; the whole data;
rankings by a recorded fact; what to say when nothing matches."""
from __future__ import annotations

from itertools import zip_longest
from typing import TYPE_CHECKING, Any

from bot.messages import Reply
from intents import Understanding, situations

from . import facts, followups, render
from .render import MAX_STATIONS
from .search import Found, Where, closer_without, opening_filter, search
from .state import LIST_MAX
from .turn import Turn, ask_for_location, distance_to, reply, situation_line

if TYPE_CHECKING:
    from .engine import Engine


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
    if slots.get("within_m") and where.point is None:
        # 1公里内 is measured from where the rider is: an area is not enough
        asked = ask_for_location(e, t, u, t.msg.text)
        codes = slots.get("codes") or []
        what = render.stations_with(codes, e.vocab)
        asked.text = f"好的，帮您找离您{slots['within_said']}内{what}，这要先知道您的具体位置。" + render.ASK_LOCATION
        return asked
    if not where.known:
        few = _the_only_ones(e, t, u)
        if few:
            # the question stays pending: the pin the answer invites lists them by distance
            t.session.pending = {"intent": u.intent, "slots": slots, "text": (t.msg.text or "")[:100], "at": t.at}
            return few
        return ask_for_location(e, t, u, t.msg.text)
    t.session.pending = None
    codes = list(slots.get("codes") or [])
    if slots.get("implied"):
        codes = codes[:1]     # 热死了 → water (and rest): the main need, never every one at once
    opening = opening_filter(slots, t.at)
    if _emergency(slots) and where.point is not None:
        return _emergency_list(e, t, u, where, codes)
    cities = slots.get("cities") or []
    if len(cities) > 1 and where.city in cities and not where.district:
        # 杭州和绍兴都有哪些驿站: each city's stations, taken in turn so every city shows
        where = Where(point=where.point, city="、".join(cities))
        per_city = [search(e.kb, Where(point=t.location, city=c), codes, opening) for c in cities]
        found = [f for row in zip_longest(*per_city) for f in row if f is not None]
    else:
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
    if slots.get("within_m"):
        inside = [f for f in found if f.distance_m is not None and f.distance_m <= slots["within_m"]]
        if not inside:
            return _none_within(e, t, u, where, found, codes, slots)
        found = inside
    header = _header(e, where, codes, slots)
    if exclude and header:
        header = _except(e, slots) + header      # 除了东宁路，离您最近的有热饭/微波炉的驿站：
    lines = [note + header] if (note or header) else []
    # 哪里能热饭，几点关门: the hours were asked too — each station's, not only open or closed now
    lines.append(list_text(e, t, found[:MAX_STATIONS], codes, full_hours=slots.get("attribute") == "hours"))
    far = [f for f in closer_without(e.kb, where, found[0]) if f.station.id not in exclude] if codes else []
    if far:
        lines.append(f"提醒：最近的有{render.labels(codes, e.vocab)}的驿站也在{render.distance_text(found[0].distance_m)}外。"
                     "离您更近、但没有这项的驿站：" + "；".join(
                         f"{f.station.short_name}（{render.distance_text(f.distance_m)}）" for f in far))
    if len(found) > MAX_STATIONS:
        lines.append("回复“更多”看其他驿站，回复“第几个”看详情。")
    remember_list(t, found, codes, header)
    return reply("\n".join(lines), u.intent, stations=[f.station.id for f in found[:MAX_STATIONS]])


def _none_within(e: "Engine", t: Turn, u: Understanding, where: Where, found: list[Found], codes: list[str],
                 slots: dict) -> Reply:
    """Nothing inside the rider's limit (走路五分钟 / 1公里内): say so, then the nearest with its real
    distance — never passed off as inside the limit."""
    what = render.stations_with(codes, e.vocab)
    text = f"离您{slots['within_said']}内没找到{what}。"
    nearest = found[0]
    if nearest.distance_m is not None:
        text += f"最近的一个在{render.distance_text(nearest.distance_m)}外：\n"
        shown = found[:1]
    else:     # an area asked from far off: its stations, no distance to claim
        text += f"{where.district or where.city}的{what}：\n"
        shown = found[:MAX_STATIONS]
    remember_list(t, found, codes, "")
    t.session.shown = len(shown)
    return reply(text + list_text(e, t, shown, codes), u.intent, stations=[f.station.id for f in shown])


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
    what = render.stations_with(codes, e.vocab)
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
    lines.append(list_text(e, t, found[:MAX_STATIONS], codes))
    if total > MAX_STATIONS:
        lines.append("回复“更多”看其他驿站，回复“第几个”看详情。")
    partial = point is None and bool(codes) and total > MAX_STATIONS
    if partial:
        # only some of them shown: the question waits for a pin, which lists them by distance
        t.session.pending = {"intent": u.intent, "slots": slots, "text": (t.msg.text or "")[:100], "at": t.at}
    if point is None and codes:
        lines.append("发送位置可以看哪个离您最近。")
    remember_list(t, found, codes, "")
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
        scope = "刚才问到的" if slots.get("toured") else "刚才列出的"
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
    if slots.get("attribute") == "address" and len(tied) == 1:
        lines.append(f"{pick.short_name}地址：{render.address_text(pick)}")   # 最小的那个在哪
    lines.append(f"{pick.short_name}导航：{render.nav_link(pick)}")
    t.extra["asked"] = Understanding(u.intent, u.confidence, {**slots, "among": [x.id for x in stations][:LIST_MAX]}
                                     if among else slots)
    remember_list(t, [Found(x, distance_to(t, x)) for x in known], codes, "")
    t.session.focus = pick.id
    return reply("\n".join(lines), u.intent, stations=[x.id for x in tied])


def _fact_text(s: Any, fact: str) -> str:
    if fact == "area":
        return s.area_text or f"约{s.area_m2:g}平方米"
    return facts.month_text(s.opened)


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
            remember_list(t, found[:MAX_STATIONS], [need], "")
            return reply(list_text(e, t, found[:MAX_STATIONS], [need]), u.intent,
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
    text = (f"{_except(e, slots)}资料里{what}只有{len(found)}个：{named}\n" + list_text(e, t, found, codes)
            + "\n发送位置可以看离您有多远，也可以看离您近的其他驿站。")
    remember_list(t, found, codes, "")
    # the answer still asks for a pin (kept pending): it measures the distance
    return reply(text, intent, stations=[s.id for s in stations], asks_location=True)


def _header(e: "Engine", where: Where, codes: list[str], slots: dict) -> str:
    area = where.district or where.city
    what = render.stations_with(codes, e.vocab)
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
        if slots.get("within_said"):
            return f"离您{slots['within_said']}内的{what}{approx}："
        return f"离您最近的{what}{approx}："
    return ""


def approx_note(loc: Any) -> str:
    """How a guessed place was placed, said with the list: the place as understood (越东路151号,
    义乌市) so the rider can see what was used, else "the place you said"."""
    if not loc.approximate:
        return ""
    label = (loc.label or "").strip()
    return f"（按“{label[:20]}”大致估算）" if label and loc.source == "typed" else "（按您说的地点大致估算）"


def list_text(e: "Engine", t: Turn, found: list[Found], codes: list[str], start: int = 1,
               full_hours: bool = False) -> str:
    """The stations as numbered blocks, and once for all of them the note on approximate
    positions (under every station it made a 3-station answer a third longer)."""
    footer, mark = render.approx_footer([f.station for f in found])
    blocks = [render.station_block(start + i, f.station, f.distance_m, codes, t.at, e.vocab,
                                   warn_closed=e.closed_warning(f.station.id), mark_approx=mark,
                                   full_hours=full_hours)
              for i, f in enumerate(found)]
    return "\n".join(blocks + ([footer] if footer else []))


def remember_list(t: Turn, found: list[Found], codes: list[str], note: str) -> None:
    t.session.ids = [f.station.id for f in found[:LIST_MAX]]
    t.session.shown = min(MAX_STATIONS, len(found))
    t.session.focus = found[0].station.id
    t.session.codes = codes
    t.session.list_note = note


def _nothing_found(e: "Engine", t: Turn, u: Understanding, where: Where, codes: list[str],
                   slots: dict) -> Reply:
    area = where.district or where.city
    what = render.stations_with(codes, e.vocab)
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
            text += f"\n离{area}最近的{what}：\n" + list_text(e, t, elsewhere, codes, full_hours=always)
            remember_list(t, elsewhere, codes, "")
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
                + list_text(e, t, unknown, codes)
            remember_list(t, unknown, codes, "")
            return reply(text, u.intent, stations=[f.station.id for f in unknown])
    if not codes and (slots.get("open_24h") or slots.get("open_now") or slots.get("night")):
        # a station lacking a need is never offered for it; for hours, the nearest are a lead
        nearest = [f for f in search(e.kb, where, []) if f.station.id not in exclude]
        if nearest:
            # the rider asked about a time: each one's own hours, so they see when it is open
            text += "\n可以去这些驿站看看：\n" + list_text(e, t, nearest[:2], [], full_hours=True)
            remember_list(t, nearest, [], "")
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



"""Answers about one station (or two compared): its facts, what it offers, its hours, its schedule."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from bot.messages import Reply
from intents import Understanding, context, cues
from intents.lexicon import short_place

from . import fine_print, lists, render
from .render import MAX_STATIONS
from .search import Found, search
from .turn import Turn, ask_for_location, distance_to, not_understood, reply

if TYPE_CHECKING:
    from .engine import Engine


# --- one station -----------------------------------------------------------------------------
def elsewhere_line(s: Any, slots: dict) -> str:
    """杭州的红日亭: the station named with a place it is not in — its real city said first, as a
    rider who keeps the wrong city rides to the wrong place. "" when the place is its own."""
    said = slots.get("district") or slots.get("city") or slots.get("other_city") or slots.get("county")
    if not said:
        return ""
    own = {short_place(x) for x in (s.city or "", s.district or "") if x}
    if short_place(said) in own:
        return ""
    where = short_place(s.city or "") + (s.district or "")
    return f"{s.short_name}在{where}，不在{short_place(said)}。\n" if where else ""


def station_info(e: "Engine", t: Turn, u: Understanding) -> Reply:
    ids = u.slots.get("stations") or []
    station = e.kb.get(ids[0]) if ids else None
    if station is None:
        return not_understood(e, t, u)
    t.session.pending = None
    last = t.session.last_question(t.at)
    if len(ids) < 2:
        return _asked_again(e, t, u, station, last) or about_station(e, t, u, station)
    fact = compared_fact(t.msg.text or "", u, last) or _asked_of_each(u)
    if fact == "distance" and t.location is None:             # the pin answers 哪个离我近
        asked = Understanding(u.intent, u.confidence, {**u.slots, "compare": fact})
        return ask_for_location(e, t, asked, t.msg.text or "")
    if fact:
        return compare_stations(e, t, u, [x for x in (e.kb.get(i) for i in ids[:2]) if x], fact)
    return about_station(e, t, u, station)


def _asked_again(e: "Engine", t: Turn, u: Understanding, station: Any, last: dict | None) -> Reply | None:
    """那南苑呢, right after two stations were compared: the same fact of this one."""
    prev = (last or {}).get("slots") or {}
    fact = prev.get("compare")
    text = (t.msg.text or "").rstrip("?？。!！ ")
    if not fact or not text.endswith("呢") or u.slots.get("attribute") or u.slots.get("codes"):
        return None
    if fact == "distance":
        return about_station(e, t, u, station, distance_to(t, station))
    slots = {**u.slots, "codes": prev.get("codes") or []} if fact == "codes" else \
        {**u.slots, "attribute": fact} if fact in ("area", "opened") else u.slots
    return about_station(e, t, Understanding(u.intent, u.confidence, slots), station)


# 红日亭和南苑哪个大 / 丁家桥和椒江哪个开得久 / 哪个能热饭 / 哪个先建成: which of two named stations —
# the asked fact for both, and which of them it favours.
_WHICH = ("哪个", "哪家", "谁", "哪一个", "比", "俩", "两个", "两家", "区别", "不一样", "不同",
          # 丁家桥和红日亭都有义剪吗: whether both have it — each one's answer
          "都有", "都能", "都可以", "都提供")
_BIGGER = ("大", "面积", "宽敞", "小")
_LONGER = (*cues.HOURS_COMPARED, "开的久", "开的晚", "开得长", "时间长", "开到几点", "营业时间", "开门时间",
           "开门早", "关门晚", "关门早", "开到最晚", "开得最晚")
# Which is nearer the rider: 哪个离我近 / 哪个近一点 / 谁远 (the distances from the rider's pin).
_NEARER = ("离我近", "离我远", "离我更近", "离我最近", "哪个近", "哪个远", "哪个更近", "哪个更远", "谁近", "谁远",
           "近一点", "近一些", "离这近", "离这儿近", "哪个离我")
# 这两个有啥区别 / 有什么不一样: what each offers, side by side.
_DIFFERENT = ("区别", "不一样", "不同", "差别")
# When each was set up: 哪个先建成 / 哪个早 / 谁先开业 (an opening date, not the daily hours).
_EARLIER = ("建成", "建的", "成立", "开业", "运营", "投用", "投入使用", "哪个早", "谁早", "哪个先", "谁先", "哪个更早",
            "哪个老", "哪个新", "哪个晚")


def compared_fact(text: str, u: Understanding, last: dict | None = None) -> str | None:
    """The fact two named stations are compared on; a bare comparison (那A和B比呢) keeps the
    fact of the comparison just answered."""
    if u.slots.get("compare"):
        return u.slots["compare"]       # the question asked before the pin came (哪个离我近)
    if not any(w in text for w in _WHICH):
        if not (last and text.rstrip("?？。!！ ").endswith("呢")):
            return None
    attr = u.slots.get("attribute")
    if any(w in text for w in _NEARER):
        return "distance"
    if any(w in text for w in _DIFFERENT) and not u.slots.get("codes"):
        return "offers"
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


def _asked_of_each(u: Understanding) -> str | None:
    """南苑多大 阳山时尚谷多大 / 丁家桥和红日亭都有义剪吗: one fact asked of two named stations
    without a "which" — each one's, side by side, as a comparison gives them."""
    attr = u.slots.get("attribute")
    if attr in ("area", "opened", "hours"):
        return attr
    return "codes" if u.slots.get("codes") and not attr else None


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
                lines.append("；".join([f"{s.short_name}：有{what}", *_schedules(s, codes)]))
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
            missing = "、".join(s.short_name for s in stations if not s.area_m2)
            lines.insert(0, f"资料里没写{missing}的面积，比不出来。")
    elif fact == "offers":
        # 有啥区别: what only one of them has, then all each has (only what the data lists)
        for s in stations:
            own = [c for c in s.codes if not all(c in x.codes for x in stations)]
            lines.append(f"{s.short_name}：" + (f"多了{render.labels(own, e.vocab)}；" if own else "")
                         + f"共有{len(s.codes)}项：{render.labels(list(s.codes), e.vocab)}")
    elif fact == "distance":
        # 哪个离我近: nearest first, each with its distance from the rider's pin
        stations = sorted(stations, key=lambda s: distance_to(t, s) or 0.0)
        for s in stations:
            lines.append(f"{s.short_name}：离您{render.distance_text(distance_to(t, s))}")
        lines.insert(0, f"{stations[0].short_name}离您更近。")
        lines.append(f"{stations[0].short_name}导航：{render.nav_link(stations[0])}")
        shown = [s.id for s in stations]
    elif fact == "opened":
        for s in stations:
            lines.append(f"{s.short_name}：" + (f"{month_text(s.opened)}建成投用" if s.opened else "资料里没写建成时间"))
        dated = [s for s in stations if s.opened]
        if len(dated) == len(stations):
            first = min(dated, key=lambda s: s.opened)
            if len({s.opened[:7] for s in dated}) == 1:
                lines.insert(0, f"两个驿站都是{month_text(first.opened)}建成投用的。")
            else:
                lines.insert(0, f"{first.short_name}建成更早（{month_text(first.opened)}）。")
        elif dated:
            lines.insert(0, f"资料里只有{dated[0].short_name}的建成时间，比不出来。")
    else:
        for s in stations:
            lines.append(f"{s.short_name}：{render.hours_full(s)}")
        always = [s for s in stations if s.hours.always]
        unknown = [s for s in stations if not s.hours.known]
        late = u.slots.get("night") or u.slots.get("open_24h") or "晚" in text
        if always and len(always) < len(stations) and (late or "早" in text or "久" in text):
            # 哪个关门晚 / 哪个开得早: open round the clock wins either way
            lines.insert(0, f"{'、'.join(s.short_name for s in always)}24小时开放，"
                            + ("晚上也能去。" if late else "什么时候去都开着。"))
            shown = [s.id for s in always]
        elif unknown and len(stations) > 1:
            lines.insert(0, f"资料里没写{'、'.join(s.short_name for s in unknown)}的开放时间，比不出来。")
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
    if slots.get("union_or_parcel"):
        lines.append("是工会驿站。我这里只收录工会的驿站，不含菜鸟等快递驿站。")
    if slots.get("unlisted") and not codes and attr in (None, "serves", "terms"):
        # 能带狗进去吗 / 有床吗: the source is silent — said so, neither yes nor no
        lines.append(f"资料里没有写这里{slots['unlisted']}，去之前最好先问问驿站。")
    if codes:
        has = [c for c in codes if c in s.codes]
        lacks = [c for c in codes if c not in s.codes]
        if has:
            lines.append(f"有{render.labels(has, e.vocab)}。")
            lines.extend(_schedules(s, has))
            lines.extend(f"资料里写着：{n}" for n in _notes_on(e, s, has))
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
            lines.append(fine_print.cost_line(e, s, has))
        elif attr == "terms":
            lines.append(fine_print.terms_line())
        elif attr == "serves":
            lines.append(fine_print.serves_line(s, slots.get("trade") or ""))
        if attr in ("area", "staff", "opened"):
            lines.extend(_fact_lines(s, attr))    # 南苑能洗澡吗 多大地方: the other question too
    elif attr in ("area", "staff", "opened"):
        lines.extend(_fact_lines(s, attr))
        for more in slots.get("more_facts") or ():
            lines.extend(_fact_lines(s, more))    # 南苑多大 有几个工作人员: both asked, both answered
    elif attr == "runner":
        lines.extend(_runner_lines(s))
    elif attr == "events":
        counted = _counted(s)
        lines.append(f"资料里写着：{counted[0]}。" if counted else "活动场次未标注。")
    elif attr == "phone":
        lines.append("资料里没有电话，可以直接导航过去。")
    elif attr == "serves":
        lines.append(fine_print.serves_line(s, slots.get("trade") or ""))
    elif attr == "terms":
        lines.append(fine_print.terms_line())
    elif attr == "cost":
        lines.append(fine_print.cost_line(e, s, fine_print.free_offers(e, s)))
    elif attr == "entry":
        lines.extend(_entry(e, s))
    elif attr == "count":
        lines.extend(_count_offers(e, s))
    elif attr in ("offers", None):
        if _WHAT_KIND.search(t.msg.text or "") or context.what_kind_of_place(t.msg.text or ""):
            lines.extend(_character(s))     # 有啥特别的 / 那个亭子是啥地方: what the source says it is like
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
    return reply(elsewhere_line(s, slots) + "\n".join(lines), u.intent, stations=shown)


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
    return [f"建成投用：{month_text(s.opened)}" if s.opened else "建成时间未标注。"]


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


# A note that also speaks of hours (24小时自助取药房 / 全天候) is left out: the station's hours are
# said once, from its hours field, and a note must not read as a claim about them.
_HOURS_WORDS = ("24小时", "全天候", "开放")
# A facility whose name holds such a word (24小时自助取药房): asked about itself (取药房在哪), its name
# says nothing of the station's hours; asked about anything else, the note stays out.
_HOURS_IN_NAMES = {"pharmacy_24h": "24小时自助取药房"}


def _notes_on(e: "Engine", s: Any, codes: list[str]) -> list[str]:
    """What the station's notes say of the things asked (阳山时尚谷有超市吗 → 吴上兴鲜), at most two."""
    words = {w for c in codes for w in e.vocab.words(c) if len(w) >= 2}
    named = [_HOURS_IN_NAMES[c] for c in codes if c in _HOURS_IN_NAMES]
    return [n for n in s.notes if any(w in n for w in words) and not _speaks_of_hours(n, named)][:2]


def _speaks_of_hours(note: str, names: list[str]) -> bool:
    for name in names:
        note = note.replace(name, "")
    return any(h in note for h in _HOURS_WORDS)


# Who runs a station: its notes that name an organisation, and its full name, which names the one
# that set it up (金华眼科医院工会…). Nothing else is claimed.
_BODIES = ("工会", "团队", "单位", "集团", "公司", "慈善")


def _runner_lines(s: Any) -> list[str]:
    notes = [f"资料里写着：{n}" for n in s.notes if any(b in n for b in _BODIES)][:2]
    return notes + [f"全称：{s.name}"]


def _counted(s: Any, codes: list[str] | set[str] | None = None) -> list[str]:
    """The source's sentences counting a station's events (of these services, if given)."""
    return list(dict.fromkeys(a.quote for a in s.activities if a.quote and _COUNTED.search(a.quote)
                              and (not codes or a.service in codes)))


# 搞了几次 / 办过多少场: a count of events asked, not when the next one is.
_HOW_MANY = re.compile(r"(?:几|多少)(?:场|次|回)")
# 多久搞一次 / 频率: how often — the count the source gives says it best when its schedule is vague.
_HOW_OFTEN = re.compile(r"多久|多长时间|频率|隔几天")


def _schedules(s: Any, codes: list[str]) -> list[str]:
    """能理发吗 at a station: how often the service is held there, when the data says."""
    return [f"{a.name}：{a.schedule}。" for a in s.activities
            if a.service in codes and a.schedule and (a.per_month or a.season)]


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


# 有啥特别的 / 有什么特色 / 什么样: what the station is like (and 是啥子地方: context.what_kind_of_place).
_WHAT_KIND = re.compile(r"特别|特色|亮点|什么样|啥样")


def _character(s: Any) -> list[str]:
    """The source's own words on what a station is like: its recommendation and notes (never one
    that speaks of hours)."""
    said = [s.highlight] if s.highlight else []
    said += [n for n in s.notes if not _speaks_of_hours(n, [])]
    return [f"资料里写着：{n}" for n in said[:3]]


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


def month_text(opened: str) -> str:
    parts = opened.split("-")
    return f"{parts[0]}年{int(parts[1])}月" if len(parts) >= 2 else opened


def open_hours(e: "Engine", t: Turn, u: Understanding) -> Reply:
    slots = u.slots
    ids = slots.get("stations") or []
    station = e.kb.get(ids[0]) if ids else None
    if len(ids) >= 2 and (compared_fact(t.msg.text or "", u) or _asked_of_each(u)) == "hours":
        # 椒江365和南苑哪个晚上能去: both stations' hours, the one open then shown
        t.session.pending = None
        return compare_stations(e, t, u, [x for x in (e.kb.get(i) for i in ids[:2]) if x], "hours")
    # (a pin answering 有没有24小时的 replays that search: only a typed 是24h吗 asks of the focus)
    searched_24h = slots.get("open_24h") and not (t.msg.text and context.asks_if_round_the_clock(t.msg.text))
    if station is None and t.session.focus and not (searched_24h or slots.get("city")
                                                    or slots.get("district") or slots.get("which")
                                                    or "附近" in t.msg.text):
        # "现在开着吗" / "是24h吗" right after a station was shown: its hours
        station = e.kb.get(t.session.focus)
    if station is None and slots.get("holiday") and not slots.get("open_24h"):
        return reply("各驿站节假日是否开放，资料里没有记录，以驿站通知为准。平时的开放时间可以问具体驿站，"
                     "比如“丁家桥几点开门”；24小时开放的驿站可以问“24小时开的驿站”。", u.intent)
    if station is None:
        # 附近驿站几点关门 asks the nearest stations' times (each is listed with its hours);
        # 哪个开门了 / 开着吗 asks which are open now
        asks_times = slots.get("attribute") == "hours" and not slots.get("which")
        if not any(slots.get(k) for k in ("open_24h", "open_now", "night")) and not asks_times:
            slots = {**slots, "open_now": True}
        return lists.find(e, t, Understanding(u.intent, u.confidence, slots, u.alternatives, u.clarify))
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
    return reply(elsewhere_line(s, slots) + "\n".join(lines), u.intent, stations=[s.id])


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
        where = lists.where_for(e, t, u.slots)
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
            asked = t.msg.text or ""
            counted = _counted(s, {a.service for a in acts}) \
                if _HOW_MANY.search(asked) or _HOW_OFTEN.search(asked) else []
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
                     + lists.list_text(e, t, offering, sorted(codes)))
            lists.remember_list(t, offering, sorted(codes), "")
        return reply(text, u.intent, stations=[f.station.id for f in offering])
    if unmatched:
        # 元宵节送汤圆吗 / 义剪是周末搞吗: never say yes for a day the source does not name
        lines.insert(0, f"资料里没写{u.slots['occasion']}有没有，资料写的时间是：")
    lines.append("（时间以驿站通知为准）")
    wrong_place = elsewhere_line(stations[0], u.slots) if ids and stations else ""
    if wrong_place:
        lines.insert(0, wrong_place.rstrip("\n"))
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



"""Answers to reports, joining, and follow-ups on the list just shown (第二个怎么走 / 这几个哪个能洗澡 /
更多 / 哪个最近 / 多远)."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.messages import Reply
from bot.store.keys import user_hash
from intents import Understanding

from . import facts, lists, render
from .render import ASK_LOCATION, MAX_STATIONS
from .search import Found, search
from .turn import Turn, distance_to, reply

if TYPE_CHECKING:
    from .engine import Engine

log = logging.getLogger(__name__)

KIND_ZH = {"closed": "未开门", "broken": "设施损坏", "wrong_location": "位置不对", "other": "其他问题"}

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
    if u.slots.get("attribute") in ("terms", "cost"):
        # 入会要带身份证吗 / 要交会费吗: nothing in our data says — never guessed
        lines.append("入会要带哪些证件、会费怎么交，资料里没有写，可以问入会的驿站或所在单位、街道的工会。")
    where = lists.where_for(e, t, u.slots)
    # Stations only when we know where the rider is: the first 扫码入会 station of the whole
    # data, shown to a rider anywhere, is a far-off name, not a pointer.
    found = search(e.kb, where, ["join_union"], k=MAX_STATIONS) if where.known else []
    if not where.known:
        lines.append("想知道离您最近、能扫码入会的驿站，请发送位置，或问“宁波哪个驿站能扫码入会”。")
    if found:
        lines.append("可以扫码入会的驿站：")
        lines.append(lists.list_text(e, t, found[:MAX_STATIONS], ["join_union"]))
        lists.remember_list(t, found, ["join_union"], "")
    return reply("\n".join(lines), u.intent, stations=[f.station.id for f in found[:MAX_STATIONS]])


def follow_up(e: "Engine", t: Turn, u: Understanding) -> Reply:
    s = t.session
    slots = u.slots
    if len(slots.get("stations") or []) >= 2:
        return facts.station_info(e, t, u)     # 两个都有厕所吗, of a list: its first two compared
    if slots.get("more") and slots.get("ordinal") is None:
        rest = s.ids[s.shown:s.shown + MAX_STATIONS]
        if not s.ids:
            return reply("刚才还没有列出驿站。发送位置，或问我“附近的驿站”。", u.intent, asks_location=True,
                         answered=False)
        stations = [e.kb.get(i) for i in rest]
        if slots.get("within_m") and t.location is not None:
            # 1公里内还有别的吗: only those inside the limit, never the far rest of the list
            stations = [st for st in stations if st is not None and distance_to(t, st) <= slots["within_m"]]
            if not stations:
                return reply(f"离您{slots['within_said']}内没有别的驿站了。", u.intent)
        if not rest:
            return reply("列出的就这些了。要找离您最近的，请发送位置；也可以说具体的区或路名。", u.intent)
        found = [Found(st, distance_to(t, st)) for st in stations if st is not None]
        text = lists.list_text(e, t, found, s.codes, start=s.shown + 1)
        s.shown += len(rest)
        s.focus = found[0].station.id if found else rest[0]
        return reply(text, u.intent, stations=[f.station.id for f in found])
    ordinal = slots.get("ordinal")
    if slots.get("nearer") and ordinal is None:
        if not (t.location is not None and s.ids and (slots.get("attribute") or slots.get("codes"))):
            return _nearer(e, t, u)
        ordinal = 1       # 那个近的怎么走: a list near a pin is nearest first — ask of its first
    if ordinal is None and s.ids and slots.get("which") and u.intent == "follow_up" \
            and not (slots.get("codes") or slots.get("pick") or slots.get("open_now")):
        # 这些里哪个开到最晚: the hours of the stations shown, side by side
        shown = [x for x in (e.kb.get(i) for i in s.ids[:max(s.shown, 1)]) if x is not None]
        return facts.compare_stations(e, t, u, shown, "hours")
    target = None
    also: list[Any] = []
    if slots.get("pick") and ordinal is None:
        # 这几个哪个能热饭 / 那个有厕所的怎么走: the first station of the list shown that has it
        if not s.ids:
            return lists.find(e, t, Understanding("find_need", u.confidence,
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
    if slots.get("other") and ordinal is None and s.ids:
        # 另一个呢: the first station shown that is not the one in focus
        others = [i for i in s.ids[:max(s.shown, 2)] if i != s.focus]
        ordinal = s.ids.index(others[0]) + 1 if others else None
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
    elif target is None:
        # the one station the engine resolved the reference to (我这边这个 / 最近那个), else the focus
        target = (slots.get("stations") or [None])[0] or s.focus
    station = e.kb.get(target) if target else None
    if station is None and ordinal is None and (slots.get("attribute") or slots.get("codes")):
        # 这里几点关门 / 这个驿站有多大 with no station talked about yet (a rider who scanned the
        # code at a station): ask which one, and keep the question for the name said next
        intent = "open_hours" if slots.get("attribute") == "hours" and not slots.get("codes") else "station_info"
        t.session.pending = {"intent": intent, "slots": dict(slots), "text": (t.msg.text or "")[:100],
                             "at": t.at, "station": True}
        ask = "您问的是哪个驿站？直接说驿站名字就行，比如“丁家桥”。"
        if slots.get("codes"):    # a pin instead works too: the need is then searched from there
            ask += f"\n也可以发送位置，我帮您找附近有{render.labels(slots['codes'], e.vocab)}的驿站。"
        return reply(ask, intent, clarify=True, answered=False)
    if station is None:
        return reply("刚才还没有说到具体的驿站。发送位置，或直接说驿站名字，比如“红日亭在哪”。",
                     u.intent, answered=False)
    if slots.get("travel_time") or (slots.get("distance") and not slots.get("attribute")
                                    and (slots.get("pick") or not slots.get("codes"))):
        # (能洗澡的那家离我多远: the need picked the station; how far it is was asked)
        return how_far(e, t, u, station)
    if (slots.get("attribute") == "hours" or slots.get("open_24h")) and not slots.get("codes"):
        return facts.open_hours(e, t, Understanding(u.intent, u.confidence, {**slots, "stations": [station.id]}))
    result = facts.about_station(e, t, u, station, distance_to(t, station))
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
    result = lists.find(e, t, Understanding("find_need", u.confidence,
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
    dist = distance_to(t, station)
    if dist is None:
        return reply(f"还不知道您在哪，算不了到{name}的距离。" + ASK_LOCATION, u.intent,
                     stations=[station.id], asks_location=True)
    approx = lists.approx_note(t.location)
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
            + lists.list_text(e, t, [Found(first, distance_to(t, first))], s.codes)
            + "\n换了地方的话，发送新位置再找。")
    return reply(text, u.intent, stations=[first.id])

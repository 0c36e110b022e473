"""How each intent is answered: one function per intent, (Engine, Turn, Understanding) → Reply.

The answers live by what they answer — lists.py (stations near a place, the whole data,
rankings), facts.py (one station: facts, hours, schedule), followups.py (reports, joining, the
list just shown), about.py (the bot itself) — and the short fixed ones are here. This module
is the one name the engine and the tests use for all of them.

Each answer sets Reply.meta: asks_location, stations (ids shown, in order), clarify, answered —
the channel logs them and the evaluation checks them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from bot.messages import Reply
from intents import Understanding, ask_which

from . import about
from .facts import about_station, compared_fact, occasion_core, open_hours, schedule, station_info
from .followups import follow_up, join_union, report_follow_up, report_on_the_way, report_problem
from .lists import find, rank, typed_area
from .state import Location, Session
from .turn import CAN_DO, Turn, ask_for_location, not_understood, reply, situation_line

if TYPE_CHECKING:
    from .engine import Engine

WELCOME = "欢迎使用驿站助手！户外工作累了、渴了、手机没电了，都可以找工会驿站歇歇脚。\n" + CAN_DO


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


def ambiguous(e: "Engine", t: Turn, u: Understanding) -> Reply:
    return reply(ask_which(u, e.lexicon()), u.intent, clarify=True, answered=False)


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


__all__ = ["CAN_DO", "WELCOME", "Turn", "Session", "Location", "reply", "ask_for_location", "situation_line",
           "greeting", "thanks", "help_", "out_of_scope", "not_understood", "ambiguous", "no_station_in",
           "find", "rank", "typed_area", "station_info", "about_station", "compared_fact", "open_hours",
           "schedule", "occasion_core", "report_problem", "report_on_the_way", "report_follow_up",
           "join_union", "follow_up"]

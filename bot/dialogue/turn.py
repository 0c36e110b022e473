"""A turn being answered, and the pieces every answer module uses: the Reply with its meta,
the "what I can do" text, asking for a location, the line on a stated situation."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.messages import Incoming, Reply
from intents import Understanding, situations
from knowledge.coords import haversine_m

from .render import ASK_LOCATION
from .state import Location, Session

if TYPE_CHECKING:
    from .engine import Engine

CAN_DO = ("我可以帮您找附近的工会驿站：\n"
          "· 发送位置（输入框旁“+” → “位置”），告诉您最近的驿站\n"
          "· 直接问，比如“附近哪里能热饭”“哪有厕所”“红日亭在哪”“24小时开的驿站”\n"
          "· 驿站锁门、设备坏了，直接告诉我，我转给工会")


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


def not_understood(e: "Engine", t: Turn, u: Understanding) -> Reply:
    return reply("抱歉，我没太明白。\n" + CAN_DO, u.intent, clarify=True, answered=False)


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


def distance_to(t: Turn, station: Any) -> float | None:
    """Metres from the rider's known position to the station; None without one."""
    if t.location is None:
        return None
    return haversine_m(t.location.lat, t.location.lng, station.lat, station.lng)

"""The fine print of a station, answered from its data only: what is free, whom it serves, and the
conditions (booking, papers, membership, family) the data never records — said so, never guessed."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import Engine

ASK_THE_STATION = "去之前可以先问问驿站。"


def free_at(e: "Engine", s: Any, code: str) -> bool:
    """The station's own data says 免费: a service named free (免费早餐), or a note saying its
    facilities, or that thing, are free (南苑: 基础设施供户外劳动者免费使用). 义剪/义诊 are not
    said to be free in the article, so the bot does not say so either."""
    if "免费" in e.vocab.label(code):
        return True
    term = e.vocab.get(code)
    words = term.words if term else ()
    return any("免费" in n and (("设施" in n and code in s.facilities) or any(w in n for w in words))
               for n in s.notes)


def cost_line(e: "Engine", s: Any, codes: list[str]) -> str:
    """要钱不: free where the data says so; for the rest it records no price."""
    free = [c for c in codes if free_at(e, s, c)]
    labels = "、".join(e.vocab.label(c) for c in free)
    if codes and len(free) == len(codes):
        return f"{labels}是免费的。"
    if free:
        return f"{labels}是免费的；其他的资料里没写是否收费，{ASK_THE_STATION}"
    return "资料里没写是否收费，" + ASK_THE_STATION


def free_offers(e: "Engine", s: Any) -> list[str]:
    """What of the station is free, asked with nothing named (南苑有什么免费的)."""
    return [c for c in (*s.services, *s.facilities) if free_at(e, s, c)]


def terms_line() -> str:
    """要预约吗 / 要带身份证吗 / 家属能来吗: no condition of use is recorded for any station."""
    return "资料里没写要不要预约、带证件，也没写家属能不能一起来，" + ASK_THE_STATION


def serves_line(s: Any, trade: str = "") -> str:
    """Whom it serves, in the data's words; the rider's own trade said back when it is listed."""
    if not s.serves:
        return "资料里写的是面向户外劳动者。"
    listed = "、".join(s.serves)
    if trade and any(trade in x for x in s.serves):
        return f"可以，资料里写着这里服务{listed}。"
    if trade:
        return f"资料里写的服务对象是{listed}，没专门提到{trade}，{ASK_THE_STATION}"
    return "服务对象：" + listed

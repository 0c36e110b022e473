"""Situations: what riders say of their state instead of the need it implies.

热死了 / 冻僵了 / 淋湿了 / 累瘫了 / 饭凉了 / 手机只剩5% / 内急 / 摔了一跤 / 被欠薪 / 压力好大 /
有人晕倒了 — a statement of the rider's state. knowledge/vocabulary.yaml's `situations` section maps
each state to the facilities or services that help (heat → water + rest, cold → warmth + hot water,
rain → umbrella, injury → medicine kit …); this module finds those states in a message.

Rules (a linguist's, not a list of sentences):
* a state is a statement — inside a question about the weather or the future (明天会下雨吗, 天气预报)
  it is no state of the rider's;
* a state right after a negator (不想吃饭, 不是手机没电) is declined, its needs declined with it;
* of two overlapping states the longer wins (电瓶车没电 is the e-bike's battery, not the phone's);
* a need named outright (热死了，哪里有空调) outranks the needs a state implies (features.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.vocabulary import load_vocabulary


@dataclass(frozen=True)
class Situation:
    name: str
    needs: tuple[str, ...]
    say: str
    emergency: bool
    pattern: re.Pattern


@dataclass(frozen=True)
class Match:
    situation: Situation
    start: int
    end: int
    negated: bool


# Not a state of the rider's: a clause asking about the weather or the future.
# (下雨了没 / 降温了没有 asks whether it has, like 吗)
_NOT_A_STATE = re.compile(r"天气|预报|明天|后天|下周|(.)不\1|要不要下|[吗嘛么]$|了没有?$")
_NEGATOR = re.compile(r"(?:不想|不用|不要|不需要|不是|并不|不)$")


@lru_cache(maxsize=1)
def situations() -> tuple[Situation, ...]:
    out = []
    for name, e in load_vocabulary().situations.items():
        out.append(Situation(name, e["needs"], e["say"], e["emergency"],
                             re.compile("|".join(f"(?:{s})" for s in e["signs"]))))
    return tuple(out)


def by_name(name: str) -> Situation | None:
    return next((s for s in situations() if s.name == name), None)


def find(text: str) -> list[Match]:
    """The states the text states, in order, overlaps resolved (longest first)."""
    found = []
    for s in situations():
        for m in s.pattern.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), s))
    found.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    kept: list[tuple[int, int, Situation]] = []
    for a, b, s in found:
        if all(b <= x or a >= y for x, y, _ in kept):
            kept.append((a, b, s))
    out = []
    for a, b, s in sorted(kept, key=lambda x: x[0]):
        cs, ce = text.rfind("，", 0, a) + 1, text.find("，", b)
        clause = text[cs:ce if ce >= 0 else len(text)]
        if _NOT_A_STATE.search(clause.rstrip("？?。!！ ")):
            continue
        out.append(Match(s, a, b, bool(_NEGATOR.search(text[cs:a]))))
    return out

"""Separable verb–object words (离合词): riders split the lexicon's 热饭, 充电, 洗澡, 喝水 …

  充个电 / 洗个澡 / 冲个凉 / 打点水 / 喝上水 / 吹会空调   verb + a short infix + object
  饭不用热了 / 澡就不洗了                                 object fronted before a negated verb
  手机没电了，哪能充                                      the verb alone, its object said elsewhere
  哪有水喝 / 有饭热吗                                     有 + object + verb (something to drink)
  哪能热热 / 热热饭                                       a reduplicated verb (热热 = 热一热)
  热个盒饭                                                the verb on another need's word that ends
                                                          in its object (盒饭 ends in 饭: heating, not buying)

Derived from the vocabulary, not listed: every facility/service word of 2–3 Chinese characters
that starts with an action verb is split into verb + object. Each match becomes a Mention of
that word's code, so negation and scoring treat it like the whole word.
"""
from __future__ import annotations

from dataclasses import dataclass

from .lexicon import CODE, Entry, Lexicon

# Action verbs riders put in front of a need (a grammatical class, not a list of phrases).
VERBS = frozenset("热充洗淋喝饮打接倒冲理剪剃歇看读换借停上泡取吹测量修躺坐买吃加蹭眯灌装")
# What comes between verb and object: a measure word, a duration, a result complement.
INFIXES = ("一下", "一会儿", "一会", "会儿", "一点", "一口", "一杯", "一次", "一回", "几次", "几回", "两次", "回", "个", "下",
           "点", "口", "杯", "把", "上", "一壶", "壶", "一瓶", "瓶", "一桶", "桶",   # 灌一壶水 / 装瓶水
           "会", "次", "完", "了", "块", "只", "")   # 只: Wu's 个 (热只饭)   # "": 充手机 (an extra object, next to the verb)
# Negated modals that let the object come first: 饭不用热了, 电就不充了.
FRONTED_NEGATION = ("不需要", "不用", "不要", "不想", "没必要", "不必", "用不着", "就不", "不再", "别")
# Objects a verb takes besides the lexicon word's own: 充手机 is 充电.
EXTRA_OBJECTS = {"充": ("手机",)}
# Duration complements are interchangeable after an intransitive verb (one that takes no
# object): a word that is such a verb + one of them (歇一下, 躺一下) stands for the verb with any
# of them (歇一会, 躺一会儿). Transitive verbs keep their listed forms: 坐一下地铁, 热一下午 are
# no rest and no heating. Bare 会/下 are never added: 天太热会中暑.
INTRANSITIVE = frozenset("歇躺眯")
DURATIONS = ("一会儿", "一会", "会儿", "一下", "一下下")
# A lone verb counts only right after a modal (能充, 想热一下), so 太热了 is not 热饭.
MODALS = ("能", "可以", "想", "要", "去", "得", "给我", "帮我")
_LONE_TAIL = ("一下", "下", "个", "吗", "么", "呢", "不", "啊", "，")


@dataclass(frozen=True)
class Split:
    verb: str
    obj: str
    entry: Entry      # the whole word's entry (its code)


def splits(lex: Lexicon) -> dict[str, list[Split]]:
    """verb → its splits, built once per lexicon (cached on it)."""
    cached = getattr(lex, "_splits", None)
    if cached is not None:
        return cached
    by_verb: dict[str, list[Split]] = {}
    for bucket in lex.entries.values():
        for e in bucket:
            w = e.word
            if e.kind == CODE and 2 <= len(w) <= 3 and w[0] in VERBS and all("\u4e00" <= c <= "\u9fff" for c in w):
                by_verb.setdefault(w[0], []).append(Split(w[0], w[1:], e))
    for verb, lst in by_verb.items():       # 歇一下 → 歇一会, 歇会儿 …
        if verb not in INTRANSITIVE:
            continue
        timed = next((sp.entry for sp in lst if sp.obj in DURATIONS or sp.obj in ("会", "下")), None)
        if timed is not None:
            have = {sp.obj for sp in lst}
            lst.extend(Split(verb, d, timed) for d in DURATIONS if d not in have)
    for verb, objects in EXTRA_OBJECTS.items():
        base = by_verb.get(verb, [])
        if base:
            by_verb[verb] = base + [Split(verb, o, base[0].entry) for o in objects]
    for lst in by_verb.values():
        lst.sort(key=lambda s: -len(s.obj))          # 吹+空调 before 吹+空
    lex._splits = by_verb
    return by_verb


def find(text: str, lex: Lexicon, covered: list[bool]) -> list[tuple[Entry, int, int, bool]]:
    """(entry, start, end, negated) for split words in the text's uncovered characters."""
    table = splits(lex)
    found: list[tuple[Entry, int, int, bool]] = []
    for i, ch in enumerate(text):
        if ch not in table or covered[i]:
            continue
        hit = _forward(text, i, table[ch]) or _fronted(text, i, table[ch]) or _existential(text, i, table[ch]) \
            or _lone(text, i, table[ch])
        if hit is not None and not any(covered[hit[1]:hit[2]]):
            found.append(hit)
            for k in range(hit[1], hit[2]):
                covered[k] = True
    return found


def _forward(text: str, i: int, options: list[Split]):
    """充个电: verb, infix, object (热热饭: the verb repeated as its own infix)."""
    for infix in (*INFIXES, text[i]):
        if not text.startswith(infix, i + 1):
            continue
        at = i + 1 + len(infix)
        for sp in options:
            if text.startswith(sp.obj, at):
                return sp.entry, i, at + len(sp.obj), False
    return None


def _fronted(text: str, i: int, options: list[Split]):
    """饭不用热了: the object, a negated modal, then the verb — a need not wanted."""
    clause_start = text.rfind("，", 0, i) + 1
    before = text[clause_start:i]
    for neg in FRONTED_NEGATION:
        if not before.endswith(neg) and not before.endswith(neg + "再"):
            continue
        head = before[: before.rfind(neg)]
        for sp in options:
            at = head.rfind(sp.obj)
            if at >= 0 and len(head) - at - len(sp.obj) <= 2:      # 饭就不用热
                return sp.entry, clause_start + at, i + 1, True
    return None


# What may stand between 有 and the object: 有口水喝, 有点水喝, 有个澡洗.
_HAVE = ("有", "有口", "有点", "有个", "有杯")
# Object + verb that is a word of its own: 网上 (online: 有没有网上办的 asks for no wifi).
_NOT_OBJECT_VERB = ("网上", "线上")


def _existential(text: str, i: int, options: list[Split]):
    """哪有水喝 / 有饭热吗 / 没地方…: 有 + object + verb — "something to drink", the object first."""
    for sp in options:
        at = i - len(sp.obj)
        if at > 0 and text.startswith(sp.obj, at) and text[:at].endswith(_HAVE) \
                and text[at:i + 1] not in _NOT_OBJECT_VERB:
            return sp.entry, at, i + 1, False
    return None


def _lone(text: str, i: int, options: list[Split]):
    """哪能充 with 手机/电 elsewhere in the message: the verb stands for the whole word."""
    if not any(text.endswith(m, 0, i) for m in MODALS):
        return None
    after = text[i + 1:]
    if after.startswith(text[i]):
        after = after[1:]             # 哪能热热: the reduplicated verb is still the lone verb
    if after and not after.startswith(_LONE_TAIL):
        return None
    rest = text[:i] + text[i + 1:]
    for sp in options:
        if sp.obj in rest:
            return sp.entry, i, i + 1, False
    return None


# Drinking or eating a named thing asks for that thing (喝伏茶 is the summer tea, not the tea bar).
_CONSUME = frozenset("喝吃")


def verb_on(text: str, start: int, word: str, lex: Lexicon) -> Entry | None:
    """热个盒饭: a need word (盒饭, a meal) right after an action verb + infix, where the word ends
    in that verb's object (饭 of 热饭) — the rider asks for the verb's need (heating), so the
    whole word's entry is returned; None when no verb stands before it."""
    clause = text[text.rfind("，", 0, start) + 1:start]
    for infix in INFIXES:
        if infix and not clause.endswith(infix):
            continue
        head = clause[:len(clause) - len(infix)] if infix else clause
        if not head or head[-1] not in VERBS or head[-1] in _CONSUME:
            continue
        for sp in splits(lex).get(head[-1], []):
            if len(word) > len(sp.obj) and word.endswith(sp.obj):
                return sp.entry
    return None

"""English typed by a rider: "i'm in hangzhou now", "any rest station near me", "what time does
丁家桥 close".

The normaliser joins latin letters into one run once spaces are gone, so only single English
need words (toilet, shower, charge — rider words in knowledge/vocabulary.yaml) were found. Here,
while the words still stand apart, the question and function words of English are glossed into
the Chinese the intent rules already read (where → 哪里, what time → 几点, join the union → 加入工会);
a word the gloss does not know (hangzhou, ningbo, shower) is left as it is, for latin.py to read
as pinyin and the lexicon as a rider word. English puts "near me" and "now" at the end of a
clause where Chinese puts 附近 / 现在 first (toilet nearby → 附近厕所), so those open their clause.

Pinyin typed with spaces (fu jin you ce suo ma, wo zai hangzhou) must pass untouched, so no entry
is made of pinyin syllables only (you, me, can, a, an, ma, ne … — tests check it): an entry holds
at least one word no syllable spells. The small words of English that carry nothing here (the, is,
does, my …) are dropped, but only in a message where something was glossed.
"""
from __future__ import annotations

import re

# Phrase → Chinese, in place. Of two phrases starting at one word the longer wins (close to me
# before close). Plurals and contractions are written out: the gloss matches whole words only.
_GLOSS = {
    # where the rider is
    "i'm in": "我在", "im in": "我在", "i am in": "我在", "i'm at": "我在", "i am at": "我在", "im at": "我在",
    "i'm now in": "我在", "i am now in": "我在", "now in": "我在", "now at": "我在", "currently in": "我在",
    "here in": "我在", "i'm near": "我在", "i am near": "我在", "in": "在",
    # where / which / how far
    "where can i": "哪里能", "where could i": "哪里能", "where to": "哪里能", "where is": "在哪",
    "where's": "在哪", "where are": "在哪", "where": "哪里", "near": "附近",
    "nearest": "最近", "closest": "最近", "how far": "多远", "which one": "哪个", "which": "哪个",
    "is there any": "有没有", "are there any": "有没有", "is there": "有没有", "are there": "有没有",
    "do you have": "有没有", "any": "有没有",
    # stations
    "rest stations": "驿站", "rest station": "驿站", "rest stops": "驿站", "rest stop": "驿站",
    "rest areas": "驿站", "rest area": "驿站", "union station": "驿站", "stations": "驿站", "station": "驿站",
    "take a rest": "休息", "have a rest": "休息", "rest": "休息",
    # hours
    "what time": "几点", "opening hours": "开放时间", "open hours": "开放时间", "business hours": "开放时间",
    "still open": "还开着", "open now": "现在开着", "open right now": "现在开着", "is it open": "开着吗",
    "open 24 hours": "24小时开放", "24 hours": "24小时", "24/7": "24小时", "all night": "通宵",
    "round the clock": "24小时", "how late": "开到几点", "open until": "开到", "open till": "开到",
    "opens": "开门", "open": "开门", "closes": "关门", "closing": "关门", "close": "关门",
    # when / schedules
    "when": "什么时候", "how often": "多久一次", "next time": "下次", "free": "免费",
    # the union
    "join the union": "加入工会", "join union": "加入工会", "join a union": "加入工会", "join": "加入",
    "union member": "工会会员", "membership": "会员", "member": "会员", "trade union": "工会", "union": "工会",
    # asking
    "how to": "怎么", "how do i": "怎么", "how can i": "怎么", "how do you": "怎么", "how": "怎么",
    "can i": "能", "could i": "能", "what's": "什么", "what is": "什么", "what": "什么",
    "what can you do": "你能做什么", "how to use": "怎么用", "how do i use": "怎么用", "use": "用",
    "how much": "多少钱", "cost": "多少钱", "address": "地址", "phone number": "电话", "and": "和", "or": "或",
    # neither a station's nor a need's: what a rider asks beside them
    "weather": "天气",
}
# Said last in English, first in Chinese: the place or time of the whole clause.
_FRONTED = {
    "near me": "附近", "near here": "附近", "nearby": "附近", "around here": "附近", "around me": "附近",
    "close to me": "附近", "close by": "附近", "in the area": "附近",
    "right now": "现在", "now": "现在", "tonight": "今晚", "today": "今天",
}
# Small words that carry nothing the rules read (none a pinyin syllable).
_FILLER = ("the", "is", "are", "was", "does", "do", "did", "at", "of", "to", "for", "i", "my", "it", "its",
           "it's", "there", "please", "pls", "plz", "this", "that", "get", "have", "has", "some", "with",
           "so", "just", "will", "would", "should")


def _words(phrases) -> re.Pattern:
    """Any of the phrases as whole words, the longest first."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(r"(?<![a-z'])(?:" + alternatives + r")(?![a-z'])")


_PHRASES = _words([*_GLOSS, *_FRONTED])
_FILLERS = _words(_FILLER)
_APOSTROPHE = re.compile(r"[’‘`]")
_CLAUSE = re.compile(r"[^,.;!?，。；！？\n]+")
_WORD = re.compile(r"[a-z]{2,}")


def gloss(text: str) -> str:
    """`text` (lower-cased) with its English question and function words in Chinese, set apart
    by spaces; unchanged when it holds no English the gloss knows."""
    if not _WORD.search(text):
        return text
    text = _APOSTROPHE.sub("'", text)
    glossed = _CLAUSE.sub(_clause, text)
    if glossed == text:
        return text
    return _FILLERS.sub(" ", glossed)


def _clause(m: re.Match) -> str:
    fronted: list[str] = []

    def one(p: re.Match) -> str:
        word = p.group()
        if word in _FRONTED:
            fronted.append(_FRONTED[word])
            return " "
        return f" {_GLOSS[word]} "

    rest = _PHRASES.sub(one, m.group())
    return " ".join([*fronted, rest]) if fronted else rest


def entries() -> tuple[str, ...]:
    """Every phrase and small word the gloss rewrites (tests check none is pinyin alone)."""
    return (*_GLOSS, *_FRONTED, *_FILLER)

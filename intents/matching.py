"""From normalised text to mentions: lexicon words, station names, places — typo-tolerant.

Three ways a span of the message can match a lexicon entry, tried in this order of trust:
  exact   — the span is the word (jieba keeps lexicon words whole, see tokenizer.py);
  pinyin  — same toneless syllables and at least one character in common (热反 → 热饭,
            易站 → 驿站); only for 2+ characters, as one syllable matches far too much;
  shape   — look-alike characters (形近字, shapes.py): 热钣 → 热饭, 丁家挢 → 丁家桥;
  fuzzy   — rapidfuzz ratio ≥ 80 against station names of 3+ characters (东宁路爱心驿站 →
            东宁路爱心驿家); never on 2-character words, where one wrong character is 50%.
Then, on what is still unmatched: the sound/shape match on character windows that jieba cut
differently (侧|所在 → 厕所), and separable words (充个电, 饭不用热了; separable.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from rapidfuzz import fuzz, process

from . import separable, tokenizer
from .lexicon import CITY, CODE, CUE, DISTRICT, STATION, Entry, Lexicon, char_readings, distinctive
from .shapes import lookalike, shape_key

FUZZY_CUTOFF = 80
_MAX_TOKENS_PER_SPAN = 4

# Negation words, longest first so 不需要 wins over 不.
NEGATORS = ("不需要", "不用了", "用不着", "不想要", "不要", "不用", "不想", "无需", "没有", "甭", "别", "不", "没")
# These contain a negator but ask a question: 有没有厕所 = is there a toilet?
QUESTION_FORMS = ("有没有", "有木有", "有没", "能不能", "可不可以", "是不是", "行不行", "可以不", "是否",
                  "怎么没有", "为什么没有", "咋没有", "怎么没")
_A_NOT_A = re.compile(r"(.)[不没]\1")   # 送不送, 开没开: a question, not a negation
_QUESTION_TAIL = ("吗", "么", "嘛", "不")
# The question particle, then where, as an afterthought: 没有厕所吗这附近 / 没有热水吗那边.
_TAIL_THEN_PLACE = re.compile(r"[吗么嘛](?:这|那)?(?:附近|周边|边上|一带|这边|那边|这里|那里|这块)")
_CONJUNCTIONS = ("和", "或", "跟", "还有", "或者", "也")
# Words between a negator and the need that keep the negation: 别给我推能热饭的, 不要推荐有热饭的.
_NEGATION_CARRIERS = ("给我推荐", "给我推", "给我找", "帮我找", "推荐", "介绍", "给我", "帮我", "推", "找")
# The refusal after the thing: 厕所就不要了, 热饭就算了, 洗澡先不用 — the need is declined.
# (义剪不要钱 / 不用花钱: no charge for it, no refusal.)
# 厕所不找了 / 洗澡不去了 / 热饭不整了: the search for it called off, with 了 and the clause ending.
_DECLINED_AFTER = re.compile(r"^(?:我|的话)?(?:就|也|都|先|可以|暂时)?(?:不要了|不用了|算了|不需要了?|免了|不要|不用|不必了?|"
                             r"(?:不|不想|先不)(?:找|去|整|弄|搞|洗|上|热|充)了(?=，|$))"
                             r"(?![^，]{0,2}吗|(?:花|付|交|给)?钱)")


@dataclass
class Mention:
    entry: Entry
    start: int          # character offsets in the normalised text
    end: int
    how: str            # exact | pinyin | shape | fuzzy | split
    negated: bool = False

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def target(self) -> str:
        return self.entry.target


_RANK = {"exact": 3, "pinyin": 2, "shape": 2, "fuzzy": 1}   # trust of a way of matching
_MAX_READINGS = 16   # polyphone combinations tried per span (长长长 would be 2^3)


def _pinyin_match(span: str, lex: Lexicon, share: bool = True) -> Entry | None:
    """An entry whose syllables match the span's characters (any reading of each) and that
    shares at least one character with it (a homophone typo keeps part of the word); with
    share=False a full homophone counts too (男园 → 南苑), for callers whose context vouches."""
    pre = lex.prefilter()
    if share and pre.sound_chars.isdisjoint(span):
        return None
    n, heads, seconds = len(span), pre.heads, char_readings(span[1])
    if not any((first, second, n) in heads for first in char_readings(span[0]) for second in seconds):
        return None
    readings = [sorted(char_readings(c)) for c in span]
    for n, syllables in enumerate(product(*readings)):
        if n >= _MAX_READINGS:
            break
        for entry in lex.by_syllables.get(syllables, ()):
            if not share or set(span) & set(entry.word):
                return entry
    return None


def _toned_cue_match(span: str, lex: Lexicon) -> Entry | None:
    """易战 → 驿站: a full homophone that keeps no character of the word. Only for the generic
    two-character station words (CUE entries), and only when the tones match as well — toneless,
    two unrelated characters match far too much (一站 yī zhàn is not 驿站 yì zhàn)."""
    table = _toned_cues(lex)
    if len(span) != 2 or not table or not ("\u4e00" <= span[1] <= "\u9fff"):
        return None
    if not any((a, b) in table["toneless"] for a in char_readings(span[0]) for b in char_readings(span[1])):
        return None
    for pair in product(_toned(span[0]), _toned(span[1])):
        entry = table["toned"].get(pair)
        if entry is not None:
            return entry
    return None


def _toned_cues(lex: Lexicon) -> dict:
    """The two-character CUE words by toned and toneless syllables, built once per lexicon."""
    cached = getattr(lex, "_toned_cues", None)
    if cached is None:
        toned: dict[tuple[str, str], Entry] = {}
        toneless: set[tuple[str, str]] = set()
        for bucket in lex.entries.values():
            for e in bucket:
                if e.kind == CUE and len(e.word) == 2 and all("\u4e00" <= c <= "\u9fff" for c in e.word):
                    for pair in product(_toned(e.word[0]), _toned(e.word[1])):
                        toned.setdefault(pair, e)
                    toneless.update(product(char_readings(e.word[0]), char_readings(e.word[1])))
        cached = lex._toned_cues = {"toned": toned, "toneless": toneless}
    return cached


@lru_cache(maxsize=4096)
def _toned(ch: str) -> tuple[str, ...]:
    """The character's usual toned reading(s) — not every heteronym: 一 is yī, though sandhi makes
    it yì before a fourth tone, and 一站 must not become 驿站."""
    from pypinyin import Style, pinyin  # noqa: PLC0415 - only for the rare toneless hit
    return tuple(pinyin(ch, style=Style.TONE3, heteronym=False)[0])


def _shape_match(span: str, lex: Lexicon) -> Entry | None:
    if lex.prefilter().sound_chars.isdisjoint(span):
        return None           # a look-alike keeps at least one character of the word
    for entry in lex.by_shape.get(shape_key(span), ()):
        if lookalike(span, entry.word):
            return entry
    return None


def _fuzzy_station(span: str, lex: Lexicon) -> Entry | None:
    names = lex.fuzzy_names()
    if not names:
        return None
    # Necessary for a match (see lexicon.Prefilter): 2+ distinct characters of names, and about
    # two thirds of the span's characters (a third of a character of slack for rounding).
    chars = lex.prefilter().fuzzy_chars
    if len(chars.intersection(span)) < 2 or 3 * sum(c in chars for c in span) < 2 * len(span) - 1:
        return None
    best = process.extractOne(span, names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if best is None:
        return None
    # The distinctive part must match, not just the generic tail: 户外劳动者服务站 is every
    # station's tail, and must not pick 南苑户外劳动者服务站.
    core_span, core_name = distinctive(span), distinctive(best[0])
    if len(set(core_span) & set(core_name)) < 2:
        return None
    return next(e for e in lex.entries[best[0].lower()] if e.kind == STATION)


def find_mentions(text: str, lex: Lexicon) -> tuple[list[str], list[Mention]]:
    """jieba tokens of the text and the lexicon mentions in it, left to right, non-overlapping."""
    tokens = tokenizer.cut(text)
    starts = []
    pos = 0
    for t in tokens:
        starts.append(pos)
        pos += len(t)
    mentions: list[Mention] = []
    covered = [False] * len(text)
    i = 0
    rank = _RANK
    while i < len(tokens):
        best: Mention | None = None
        for n in range(min(_MAX_TOKENS_PER_SPAN, len(tokens) - i), 0, -1):
            span = "".join(tokens[i:i + n])
            if "，" in span or (len(span) > lex.max_len + 1 and lex.station_index is None):
                continue
            m = _match_span(span, lex)
            if m is None:
                continue
            cand = Mention(m[0], starts[i], starts[i] + len(span), m[1])
            # trust first, then length: a fuzzy span must not swallow exact words after a name
            if best is None or (rank[m[1]], len(span)) > (rank[best.how], best.end - best.start):
                best = cand
        indexed = _indexed_at(text, starts, i, lex)
        if indexed is not None and (best is None or indexed.end - indexed.start > best.end - best.start):
            best = indexed
        if best is None:
            i += 1
            continue
        mentions.append(best)
        for k in range(best.start, best.end):
            covered[k] = True
        while i < len(tokens) and starts[i] < best.end:
            i += 1
    mentions.extend(_substring_pass(text, lex, covered))
    mentions.extend(_window_pass(text, tokens, starts, lex, covered))
    mentions.extend(Mention(e, a, b, "split", negated=neg) for e, a, b, neg in separable.find(text, lex, covered))
    mentions = [_verbed(text, m, lex) for m in mentions if not _inside_latin_word(text, m)]
    mentions.sort(key=lambda m: m.start)
    _mark_negation(text, mentions)
    return tokens, mentions


def _inside_latin_word(text: str, m: Mention) -> bool:
    """cs in docs, wc in awcb: a two-letter abbreviation the lexicon knows, glued to other letters,
    is part of another word. (Longer English words stay: normalising glues them together —
    chargephone, takeashower.)"""
    word = text[m.start:m.end]
    if len(word) > 2 or not (word.isascii() and word.isalpha()):
        return False
    return any(0 <= k < len(text) and text[k].isascii() and text[k].isalpha() for k in (m.start - 1, m.end))


def _verbed(text: str, m: Mention, lex: Lexicon) -> Mention:
    """热个盒饭: a need word governed by another need's verb takes that need (separable.verb_on)."""
    if m.kind != CODE or m.how == "split":
        return m
    entry = separable.verb_on(text, m.start, text[m.start:m.end], lex)
    if entry is None or entry.target == m.target:
        return m
    return Mention(entry, m.start, m.end, m.how, m.negated)


def _indexed_station(span: str, lex: Lexicon) -> Entry | None:
    """A station name of a national KB, through its name index (exact, normalised)."""
    if lex.station_index is None or len(span) < 3:
        return None
    from knowledge.kb import name_key  # noqa: PLC0415 - loaded already when there is an index
    ids = lex.station_index.get(name_key(span))
    return Entry(span, STATION, ids[0]) if ids else None


_MAX_INDEXED_NAME = 24


def _indexed_at(text: str, starts: list[int], i: int, lex: Lexicon) -> Mention | None:
    """The longest national-KB station name starting at token i and ending at a token end
    (幸福|路|17|号|驿站 is more tokens than a span takes)."""
    if lex.station_index is None:
        return None
    begin = starts[i]
    ends = [st for st in starts[i + 2:] if st - begin <= _MAX_INDEXED_NAME] + [len(text)]
    for end in sorted(ends, reverse=True):
        if end - begin > _MAX_INDEXED_NAME or "，" in text[begin:end]:
            continue
        e = _indexed_station(text[begin:end], lex)
        if e is not None:
            return Mention(e, begin, end, "exact")
    return None


def _match_span(span: str, lex: Lexicon) -> tuple[Entry, str] | None:
    entries = lex.entries.get(span)
    if entries:
        return _prefer(entries), "exact"
    e = _indexed_station(span, lex)
    if e is not None:
        return e, "exact"
    # A sound/shape match reads a typo; a span jieba knows as a word of its own is no typo
    # (一站 in 坐一站地铁, 一战), so only unknown spans are read as homophones (易站, 驿占).
    if len(span) >= 2 and "\u4e00" <= span[0] <= "\u9fff" and not tokenizer.common_word(span):
        e = _pinyin_match(span, lex)
        if e is not None:
            return e, "pinyin"
        e = _shape_match(span, lex)
        if e is not None:
            return e, "shape"
        e = _toned_cue_match(span, lex)
        if e is not None:
            return e, "pinyin"
    if len(span) >= 3:
        e = _fuzzy_station(span, lex)
        if e is not None:
            return e, "fuzzy"
    return None


def station_by_sound(span: str, lex: Lexicon, share: bool = True) -> Entry | None:
    """The station a span sounds like (南院 → 南苑), even when jieba knows the span as a word of
    its own — for features.py to accept where the context asks about a station. share=False:
    a full homophone too (男园), when the context points at a station (男园那个服务站)."""
    if len(span) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in span):
        return None
    e = _pinyin_match(span, lex, share)
    if e is not None and e.kind != STATION and not share:
        e = next((x for syl in _syllable_keys(span) for x in lex.by_syllables.get(syl, ())
                  if x.kind == STATION), None)
    return e if e is not None and e.kind == STATION else None


def _syllable_keys(span: str) -> list[tuple[str, ...]]:
    readings = [sorted(char_readings(c)) for c in span]
    return list(product(*readings))[:_MAX_READINGS]


def cue_by_sound(span: str, lex: Lexicon) -> Entry | None:
    """The generic station word a two-character everyday word sounds like (一站 → 驿站), for
    features.py to accept where the word stands as a noun."""
    if len(span) != 2 or not all("\u4e00" <= c <= "\u9fff" for c in span):
        return None
    e = _pinyin_match(span, lex)
    return e if e is not None and e.kind == CUE else None


def _prefer(entries: list[Entry]) -> Entry:
    """One surface word, several meanings (a district named like a station): station first."""
    order = {STATION: 0, CODE: 1, DISTRICT: 2, CITY: 3}
    return min(entries, key=lambda e: order.get(e.kind, 9))


def _substring_pass(text: str, lex: Lexicon, covered: list[bool]) -> list[Mention]:
    """Exact words jieba cut apart (rare with the user dictionary, but cheap to catch)."""
    found = []
    longest_from = lex.prefilter().longest_from
    i = 0
    while i < len(text):
        if covered[i]:
            i += 1
            continue
        # no word is longer than the longest starting with this character, nor reaches a
        # covered character
        free = i
        while free < len(text) and not covered[free] and free - i < lex.max_len:
            free += 1
        for n in range(min(lex.max_len, len(text) - i, longest_from.get(text[i], 0), free - i), 1, -1):
            entries = lex.entries.get(text[i:i + n])
            if entries:
                found.append(Mention(_prefer(entries), i, i + n, "exact"))
                covered[i:i + n] = [True] * n
                i += n
                break
        else:
            i += 1
    return found


def _window_pass(text: str, tokens: list[str], starts: list[int], lex: Lexicon,
                 covered: list[bool]) -> list[Mention]:
    """Sound- and shape-alike words across jieba's cuts: 侧所在哪 is cut 侧|所在|哪, so no span
    of whole tokens is 侧所. A window must start where a token starts and must not lie inside
    one token (jieba knew a real word there: 一站 inside 一站式 is not 驿站)."""
    found = []
    token_end = {st: st + len(tok) for st, tok in zip(starts, tokens)}
    for i in starts:
        if covered[i] or not ("\u4e00" <= text[i] <= "\u9fff"):
            continue
        for n in (4, 3, 2):
            j = i + n
            # token_end[i] >= j: inside one token, or the whole token (tried by the token pass)
            if j > len(text) or token_end[i] >= j or any(covered[i:j]) or "，" in text[i:j]:
                continue
            span = text[i:j]
            e = _pinyin_match(span, lex)
            how = "pinyin"
            if e is None:
                e, how = _shape_match(span, lex), "shape"
            if e is None:
                e, how = _toned_cue_match(span, lex), "pinyin"
            if e is not None:
                found.append(Mention(e, i, j, how))
                covered[i:j] = [True] * n
                break
    found.extend(_straddle_pass(text, tokens, starts, lex, covered, found))
    return found


# Words whose last character never starts a need word: 哪里|发汤圆 is not 理发.
_FIRM_TOKENS = ("哪里", "那里", "这里", "哪儿", "那儿", "这儿", "哪边", "那边", "这边",
                # words of the bot's own use whose last character starts no need (定位|发不了 is no 理发)
                "定位", "位置", "语音", "图片", "消息")


def _straddle_pass(text: str, tokens: list[str], starts: list[int], lex: Lexicon,
                   covered: list[bool], found_so_far: list[Mention]) -> list[Mention]:
    """A homophone typo that jieba glued to the word before it: 哪里有意剪 is cut 有意|剪, so
    意剪 (义剪) starts inside a token. A last resort — only when no need was found otherwise —
    for two-character need words, sound-alike and sharing a character, across exactly one
    token boundary."""
    found: list[Mention] = []
    if any(m.kind == CODE for m in found_so_far) or any(
            e.kind == CODE for tok in tokens for e in lex.entries.get(tok, ())):
        return found
    for st, tok in zip(starts, tokens):
        i, j = st + len(tok) - 1, st + len(tok) + 1
        if len(tok) < 2 or tok in _FIRM_TOKENS or j > len(text) or any(covered[i:j]) or "，" in text[i:j] \
                or not all("\u4e00" <= c <= "\u9fff" for c in text[i:j]):
            continue
        e = _pinyin_match(text[i:j], lex)
        if e is not None and e.kind == CODE:
            found.append(Mention(e, i, j, "pinyin"))
            covered[i:j] = [True] * 2
    return found


def _mark_negation(text: str, mentions: list[Mention]) -> None:
    """不用热饭 negates 热饭; 没有厕所吗 and 有没有厕所 are questions that ask for one."""
    for idx, m in enumerate(mentions):
        if m.kind != CODE:
            continue
        clause_start = text.rfind("，", 0, m.start) + 1
        before = text[clause_start:m.start]
        clause_end = text.find("，", m.end)
        clause = text[clause_start: clause_end if clause_end >= 0 else len(text)]
        if any(q in before for q in QUESTION_FORMS) or _A_NOT_A.search(before + text[m.start:m.end]):
            continue
        if _DECLINED_AFTER.match(text[m.end:]):
            m.negated = True
            continue
        neg, gap = _last_negator(before)
        for w in _NEGATION_CARRIERS:
            gap = gap.replace(w, "")
        # 不是，我要上厕所: a new "我" after the negator starts a new statement (a correction)
        if neg is None or len(gap) > 3 or any(c in gap for c in "有知哪的我"):
            # 不用热饭和厕所: a negation carries over a conjunction to the next need.
            prev = mentions[idx - 1] if idx else None
            between = text[prev.end:m.start] if prev else ""
            if prev is not None and prev.negated and between in _CONJUNCTIONS:
                m.negated = True
            continue
        if neg in ("没有", "没") and (clause.endswith(_QUESTION_TAIL) or _TAIL_THEN_PLACE.match(text, m.end)):
            continue  # 没有厕所吗: asking whether there is one (没有厕所吗这附近: the place said after)
        m.negated = True


def _last_negator(before: str) -> tuple[str | None, str]:
    """The negator nearest the mention and the characters between them (不远处有 is no negation)."""
    best, best_at = None, -1
    for n in NEGATORS:
        at = before.rfind(n)
        if at > best_at or (at == best_at and best is not None and len(n) > len(best)):
            best, best_at = n, at
    if best is None or best_at < 0:
        return None, ""
    # prefer the longest negator ending at the same place (不用 over 用…不)
    for n in NEGATORS:
        at = before.rfind(n)
        if at >= 0 and at + len(n) == best_at + len(best) and len(n) > len(best):
            best, best_at = n, at
    return best, before[best_at + len(best):]

"""Pinyin typed as letters: "chongdian", "热fan", "附近yizhan" — a rider who did not pick a
character from the keyboard's candidates.

A run of latin letters is read against the lexicon's pinyin index: it matches a word when the
letters are exactly that word's toneless syllables run together (neighbouring Chinese
characters may supply some syllables by any of their readings). The span is then rewritten as
the word itself, so everything downstream sees ordinary Chinese. Only words of 2+ syllables
are indexed, so an English word (ok, hello, help) almost never spells one.

A whole sentence typed in pinyin ("nali neng refan", "fujin you yizhan ma" — the spaces are
gone after normalising) is one latin run: it is first segmented into syllables (the standard
toneless syllable table; a vowel-initial syllable inside a run is avoided, as pinyin spelling
marks that boundary with an apostrophe: xi'an), then read as words across syllables. The
question's function words (哪里, 附近, 有, 能, 吗 …) are read too, but only in a run that also
spells a lexicon word or holds three of them (a sentence) — "you" alone is left as it was.
English need words (toilet, charge) are rider words in knowledge/vocabulary.yaml, not here.
"""
from __future__ import annotations

import re

from .lexicon import STATION, Entry, Lexicon, char_readings

_UNIT = re.compile(r"[a-z]+|[\u4e00-\u9fff]|.", re.S)
_LATIN = re.compile(r"[a-z]")
_MAX_SYLLABLE = 6           # zhuang, shuang
_MAX_WORD_UNITS = 6

# Every toneless Mandarin syllable (ü written v), the interjections m/n/ng/hm left out.
SYLLABLES = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce
cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun
chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu
dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao
ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou
hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai
kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei len
leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve ma mai man mang mao me
mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang
niao nie nin ning niu nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao
pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren
reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she
shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta
tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen
weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying
yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen
zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
""".split())
# The function words of a rider's question, by their syllables: what a whole-pinyin sentence
# needs besides the lexicon's words to reach the intent rules as ordinary Chinese.
FUNCTION_WORDS = {
    ("na", "li"): "哪里", ("na", "er"): "哪儿", ("zai", "na"): "在哪", ("na", "ge"): "哪个",
    ("fu", "jin"): "附近", ("zui", "jin"): "最近", ("zhou", "bian"): "周边",
    ("you", "mei", "you"): "有没有", ("mei", "you"): "没有", ("you",): "有", ("neng",): "能",
    ("ke", "yi"): "可以", ("ma",): "吗", ("ne",): "呢", ("zai",): "在", ("wo",): "我",
    ("xiang",): "想", ("yao",): "要", ("qu",): "去", ("zhao",): "找", ("de",): "的",
    ("shen", "me"): "什么", ("zen", "me"): "怎么", ("ji", "dian"): "几点",
    ("xian", "zai"): "现在", ("kai", "men"): "开门", ("guan", "men"): "关门", ("zen", "me", "zou"): "怎么走",
}
# Courtesies typed in pinyin (xiexie / nihao / zaijian), opening a latin run: read as themselves
# before any lexicon word their sounds also spell (xiexie is 歇歇, a rest word, too).
COURTESIES = {("xie", "xie"): "谢谢", ("duo", "xie"): "多谢", ("gan", "xie"): "感谢", ("ni", "hao"): "你好",
              ("nin", "hao"): "您好", ("zai", "jian"): "再见", ("bai", "bai"): "拜拜", ("xin", "ku", "le"): "辛苦了"}
_MAX_FUNCTION = max(len(k) for k in (*FUNCTION_WORDS, *COURTESIES))
_SENTENCE = 3       # function words enough to make a run a sentence without a lexicon word


def rewrite(text: str, lex: Lexicon) -> str:
    """`text` with each latin span that spells a lexicon word replaced by that word."""
    if not _LATIN.search(text):
        return text
    units: list[str] = []
    run_of: list[int] = []            # which latin run a unit comes from (-1: not latin)
    for n, unit in enumerate(_UNIT.findall(text)):
        parts = segment(unit) if _is_latin(unit) else None
        if _is_latin(unit) and parts is None:
            parts = list(_station_by_initials(unit, lex)) or None   # djq → 丁家桥, read as typed in Chinese
            if parts:
                units.extend(parts)
                run_of.extend([-1] * len(parts))
                continue
        for part in parts or [unit]:
            units.append(part)
            run_of.append(n if _is_latin(unit) else -1)
    pieces: list[tuple[str, str, set[int]]] = []   # (text, how, runs): how ∈ word / function / as-is
    i = 0
    while i < len(units):
        end, word = _function_word(units, run_of, i, COURTESIES) if i == run_of.index(run_of[i]) else (i, None)
        if word:    # (opening its run: fujinnalinengxiexie still rests)
            pieces.append((word, "courtesy", set()))
            i = end
            continue
        best: tuple[int, Entry] | None = None
        for end, entry in _matches_at(units, i, lex):
            if any(_is_latin(u) for u in units[i:end]) and (best is None or end > best[0]):
                best = (end, entry)
        if best is not None:
            pieces.append((best[1].word, "word", {r for r in run_of[i:best[0]] if r >= 0}))
            i = best[0]
            continue
        end, word = _function_word(units, run_of, i)
        if word:
            pieces.append((word, "function:" + "".join(units[i:end]), {run_of[i]}))
            i = end
        else:
            pieces.append((units[i], "as-is", set()))
            i += 1
    spelt = set().union(*(runs for _, how, runs in pieces if how == "word")) if pieces else set()
    said = [r for _, how, runs in pieces if how.startswith("function:") for r in runs]
    spelt |= {r for r in said if said.count(r) >= _SENTENCE}
    return "".join(word if not how.startswith("function:") or runs & spelt else how[len("function:"):]
                   for word, how, runs in pieces)


def segment(run: str) -> list[str] | None:
    """A latin run as pinyin syllables, or None when it is not pinyin throughout. Of the
    segmentations, the one with fewest vowel-initial syllables after the first (pinyin writes
    xi'an with an apostrophe), then fewest syllables."""
    n = len(run)
    best: list[tuple[int, int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0, [])
    for i in range(n):
        if best[i] is None:
            continue
        vowels, count, syls = best[i]
        for j in range(i + 1, min(n, i + _MAX_SYLLABLE) + 1):
            syl = run[i:j]
            if syl not in SYLLABLES:
                continue
            cand = (vowels + (1 if i and syl[0] in "aoe" else 0), count + 1, syls + [syl])
            if best[j] is None or cand[:2] < best[j][:2]:
                best[j] = cand
    return best[n][2] if best[n] is not None and len(best[n][2]) > 1 else None


def _function_word(units: list[str], run_of: list[int], i: int,
                   words: dict = FUNCTION_WORDS) -> tuple[int, str | None]:
    """The longest function word (or other word of `words`) spelt by the latin syllables of one run from i."""
    for size in range(_MAX_FUNCTION, 0, -1):
        span = units[i:i + size]
        if len(span) == size and all(run_of[k] == run_of[i] >= 0 for k in range(i, i + size)):
            word = words.get(tuple(span))
            if word:
                return i + size, word
    return i, None


# Consonant letters only (djq, hrt): no pinyin syllable, no English word — the initials of a name.
_INITIALS = re.compile(r"[bcdfghjklmnpqrstwxyz]{3,6}")


def _station_by_initials(run: str, lex: Lexicon) -> str:
    """djq → 丁家桥: a run of 3+ consonants that are the pinyin initials of one station's name
    (of 3+ characters), else "". Names shared by the initials of several stations stay unread."""
    if not _INITIALS.fullmatch(run):
        return ""
    table = lex._initials
    if table is None:
        table = {}
        for bucket in lex.by_pinyin.values():
            for syllables, entry in bucket:
                if entry.kind == STATION and len(syllables) >= 3:
                    table.setdefault("".join(s[0] for s in syllables), {}).setdefault(entry.target, entry.word)
        lex._initials = table
    named = table.get(run) or {}
    return next(iter(named.values())) if len(named) == 1 else ""


def _is_latin(unit: str) -> bool:
    return unit[0].isascii() and unit[0].isalpha()


def _first_syllables(unit: str) -> list[str]:
    if _is_latin(unit):
        return [unit[:n] for n in range(1, min(_MAX_SYLLABLE, len(unit)) + 1)]
    if "\u4e00" <= unit <= "\u9fff":
        return list(char_readings(unit))
    return []


def _matches_at(units: list[str], i: int, lex: Lexicon):
    """(end unit index, entry) for every lexicon word the units from i spell."""
    for first in _first_syllables(units[i]):
        for syllables, entry in lex.by_pinyin.get(first, ()):
            end = _consume(syllables, units, i)
            if end is not None:
                yield end, entry


def _consume(syllables: tuple[str, ...], units: list[str], i: int) -> int | None:
    """Index after the units that spell exactly these syllables, or None. A latin unit must be
    spelt whole by consecutive syllables; a Chinese character by one of its readings."""
    s = 0
    while s < len(syllables):
        if i >= len(units) or i - s > _MAX_WORD_UNITS:
            return None
        unit = units[i]
        if _is_latin(unit):
            spelt = ""
            while s < len(syllables) and len(spelt) < len(unit):
                spelt += syllables[s]
                s += 1
            if spelt != unit:
                return None
        elif "\u4e00" <= unit <= "\u9fff" and syllables[s] in char_readings(unit):
            s += 1
        else:
            return None
        i += 1
    return i

"""Clean a rider's message before matching: width, case, spaces, voice fillers, punctuation.

Voice dictation arrives as "嗯，那个，附近有没有厕所啊？"; fast typing as "附近 有 厕所 吗"; both
should reach the matcher as "附近有没有厕所啊" split into clauses. Traditional characters
(附近有廁所嗎, 丁家橋驛站幾點開門) reach it in simplified form (OpenCC t2s), as every word the
matcher knows is written in simplified characters.
"""
from __future__ import annotations

import re
import threading
import unicodedata

from . import english

MAX_CHARS = 200   # a question is short; the rest of a 10,000-character paste is noise

# Clause separators (after NFKC, full-width punctuation is already ASCII where it has an equivalent).
_SEPARATORS = re.compile(r"[,.;:!?~，。；：！？、…\n\r\t|/\\()\[\]{}<>《》「」『』“”\"'‘’]+")
# Filler words of spoken Chinese, only where they carry no meaning: at the start of a clause.
# "那个/这个" is a filler unless it points at something ("那个驿站几点关门") or names a time (这个月, 这个周末).
_FILLER_HEAD = re.compile(r"^(?:嗯+|呃+|额+|哦+|噢+|喂+|唉+|哎+|(?:那个|这个)(?![驿站地点家服月周星礼])|就是说?|然后|请问一下|请问|"
                          r"麻烦问一下|麻烦问下|问一下|问下|我想问一下|我想问下|我想问)+")
# Hesitation: a pause after a leading 嗯/呃 + 那个 (嗯那个 驿站在哪) makes 那个 a filler, not a
# demonstrative; a word said again across a pause (驿站 驿站在哪里) is a restart, said once.
_HESITATION = re.compile(r"^\s*(?:嗯+|呃+|额+|啊+|唔+)\s*(?:那个|这个)(?:\s+|[,，、。…]+)")
_RESTART = re.compile(r"([\u4e00-\u9fff]{2,4})(?:\s+|[,，、…]+)(?=\1)")
_CALL = re.compile(r"^喂+[!！。，,~～?？]*$")
# 那个几点关门 / 那个有厕所伐: a message that OPENS with 那个 (no 嗯 before it) and goes straight on
# to what one asks of a station — its hours or whether it has something — points at the station
# just shown ("that one"); it is no filler. So does 这个 (这个有厕所吗 / 这个几点开门: every blind set
# labels it a follow-up). So do when it holds a service, where inside a place it is, and whether it
# is free, and who runs it (这个什么时候有义剪 / 这个在医院哪个位置 / 这个免费的吗 / 那个是谁办的),
# and whether it is open round the clock (这个24h开吗 / 那个是不是全天开).
# 那个附近有没有厕所, 嗯那个有厕所吗 keep the filler. Any short time may stand before the hours
# word (这个晚上开吗 / 这儿下雨天开不开); 这个点 / 这个时候 is "now", no pointer.
_HOURS_ASKED = r"[^，附近哪]{0,6}?(?:几点|开着|开门|关门|还开|开到|开没|开不开|开吗|开么|开嘛|营业)"
POINTING = re.compile(r"^(?:这儿|那儿)(?=" + _HOURS_ASKED + r")|"
                      r"^(?:那个|这个)(?!点|时间|时候)(?=(?:是不是|是)?(?:24h|24小时|二十四小时|全天)(?:都)?(?:开|营业|开放)?的?"
                      r"(?:吗|么|嘛|不|没)?$|" + _HOURS_ASKED + r"|"
                      r"(?:有|能|可以)[^，]{1,8}?(?:吗|(?<!什)么|嘛|不|没|没有)$|有没有[^，]{1,8}$|能不能[^，]{1,8}$|"
                      r"(?:什么时候|啥时候|哪天|几号|多久)|在[^，附近]{1,6}?(?:哪|什么位置|什么地方)|"
                      r"(?:是)?(?:免费|要钱|收费|收钱)|(?:是)?谁(?:办|管|在管|在搞|搞|提供|负责|建))")
_FILLER_TAIL = re.compile(r"(?:啊|呀|哈|嘛|呢|哦|吧|啦|哇|咧|噻|咯|啰|哒)+$")
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# A space between two runs of 3+ Chinese characters separates clauses the way a comma does
# ("饭不用热了 手机得充电": the negation stays in its clause); between shorter pieces it is
# fast typing or spelling out ("附近 有 厕所 吗", "卫 生 间") and the pieces are joined.
_CLAUSE_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]{3})\s+(?=[\u4e00-\u9fff]{3})")
# Regional and colloquial forms → the common written form the cue lists use. Whole phrases
# only, each unambiguous in a rider's question (啥 is always 什么, 咋 always 怎么).
_COLLOQUIAL = (("哪旮旯", "哪里"), ("哪疙瘩", "哪里"), ("啥子", "什么"), ("咋个", "怎么"), ("咋样", "怎样"),
               ("啥", "什么"), ("咋", "怎么"), ("搁", "在"),
               ("俺们", "我们"), ("俺", "我"), ("木有", "没有"), ("地儿", "地方"), ("礼拜天", "周日"),
               # 蟹蟹 (xièxie): the playful spelling of 谢谢 (螃蟹 has one 蟹 only)
               ("蟹蟹", "谢谢"),
               # Sichuan 啷个 = 怎么 (啷个走 / 啷个办)
               ("啷个", "怎么"),
               ("礼拜日", "周日"), ("礼拜", "周"), ("星期天", "周日"),
               # Wu (Shanghai, Zhejiang): 侬 is "you" (侬好 = 你好)
               ("侬", "你"),
               # Dialect families (holdout15): one written form per word, longest first.
               # Negative existentials: Sichuan 莫得/没得, Cantonese 冇/冇得, 有冇 / 有没得 = 有没有.
               ("有莫得", "有没有"), ("有没得", "有没有"), ("有冇得", "有没有"), ("有冇", "有没有"),
               ("莫得", "没有"), ("没得", "没有"), ("冇得", "没有"), ("冇", "没有"),
               # where / how / in: Sichuan 哪点, Cantonese 边度 / 点样 / 喺
               ("哪点", "哪里"), ("边度", "哪里"), ("点样", "怎么"), ("喺", "在"),
               # Wu 勿要 / Cantonese 唔使 = 不要 / 不用; Hunan 么子 = 什么
               ("勿要", "不要"), ("勿用", "不用"), ("唔使", "不用"), ("唔要", "不要"), ("搞么子", "干什么"),
               ("么子", "什么"),
               # eat / rain / a while: Cantonese 食饭, Hunan 恰饭; Wu and Cantonese 落雨; Wu 一歇
               ("食饭", "吃饭"), ("恰饭", "吃饭"), ("落雨", "下雨"), ("一歇", "一会"),
               # Cantonese 平啲 = 便宜点 (啲 = 点), Sichuan/Wu 有好大 / 有好远 = 有多大 / 有多远
               ("平啲", "便宜点"), ("啲", "点"), ("有好大", "有多大"), ("有好远", "有多远"),
               # Sichuan 一哈 / 哈儿 after a verb = 一下 (热一哈, 歇哈儿)
               ("一哈", "一下"), ("哈儿", "一下"),
               # a flat battery said with 没有: 手机没有电了 = 手机没电了
               ("没有电", "没电"))
# Wu 阿拉 ("I / we") — not the 阿拉 of 阿拉伯, 阿拉斯加, 阿拉丁.
_WU_WE = re.compile(r"阿拉(?![伯斯丁善尔])")
# Wu 伊 = 它/他 opening a question about what was just shown (伊几点关门 / 伊有厕所伐); not 伊利, 伊拉克.
_WU_IT = re.compile(r"(?:^|(?<=[，,。\s]))伊(?=几点|有|能|是|在|开|关|多|远|啥|什么)")
# Need emoji typed for the word (🚽哪有): the word, before emoji are dropped as symbols.
_NEED_EMOJI = {"🚽": "厕所", "🚻": "厕所", "🚾": "厕所", "🚿": "洗澡", "🛁": "洗澡", "🔌": "充电", "🔋": "充电",
               "☂": "雨伞", "☔": "雨伞", "🌂": "雨伞", "💊": "药品", "🩹": "创可贴"}
# Wu's sentence-final question particle 伐 (开伐 / 晓得伐 = 开吗 / 知道吗) — not the verb 伐 (砍伐, 征伐).
_WU_QUESTION = re.compile(r"(?<![砍征讨采步杀挞攻北])伐(?=$|[\s,.;:!?~，。；：！？])")
# 只剩3% / 手机20%了: a percentage said the written way (百分之3), before its sign is dropped as a symbol.
_PERCENT = re.compile(r"([0-9]{1,3})\s*%")
_NOT_TEXT = re.compile(r"[^\w\u4e00-\u9fff+\-,]+")  # emoji, symbols, control characters


# --- traditional → simplified ------------------------------------------------------------------
# Variant forms OpenCC's t2s keeps because they are also written in simplified text, but which
# in a rider's message are the traditional spelling of a common word: 妳/祢 are gendered forms
# of 你, and 著 after a verb is the aspect particle 着 (開著, 鎖著) — except in the words where 著
# means "to write / notable" (著名, 显著, 原著 …).
_VARIANTS = {"妳": "你", "祢": "你", "笫": "第"}   # 笫二个: a one-stroke slip for 第
_ZHU_PARTICLE = re.compile(r"(?<![显土卓编原名专论巨遗])著(?![名作称述者录])")
_t2s_lock = threading.Lock()
_t2s: tuple | None = None     # (OpenCC converter or None, the characters it changes on their own)


def _t2s_table() -> tuple:
    """The t2s converter and the set of characters it changes on their own, built on first use
    (one conversion of every CJK character, ~10 ms). Without the opencc package the converter
    is None and only the variant forms above are mapped."""
    global _t2s
    with _t2s_lock:
        if _t2s is None:
            try:
                import opencc  # noqa: PLC0415 - loaded once, on the first message
                conv = opencc.OpenCC("t2s")
                chars = [chr(c) for c in range(0x3400, 0xA000)]
                out = conv.convert("\n".join(chars)).split("\n")
                changing = frozenset(a for a, b in zip(chars, out) if a != b) if len(out) == len(chars) \
                    else frozenset()
            except Exception:  # noqa: BLE001 - a missing package degrades, never breaks, understanding
                conv, changing = None, frozenset()
            _t2s = (conv, changing | frozenset(_VARIANTS) | {"著"})
        return _t2s


def to_simplified(text: str) -> str:
    """Traditional characters → simplified. A message without any character that t2s changes
    on its own (nearly every rider's message) is returned as it is, at the cost of one set test.
    Characters t2s leaves alone on their own are kept even where one of its phrase rules, written
    for traditional text, would change them (打坏 → 打坯: 坏 is also simplified 坏)."""
    conv, changing = _t2s or _t2s_table()
    if changing.isdisjoint(text):
        return text
    try:
        out = conv.convert(text) if conv is not None else text
    except (UnicodeError, ValueError, RuntimeError):   # lone surrogates cannot cross into C++
        out = text
    if out is not text:
        if len(out) == len(text):
            out = "".join(b if a in changing else a for a, b in zip(text, out))
        text = out
    for old, new in _VARIANTS.items():
        text = text.replace(old, new)
    return _ZHU_PARTICLE.sub("着", text)


def clauses(text: str) -> list[str]:
    """Normalised clauses of a message, fillers removed; empty list for nothing meaningful."""
    if not isinstance(text, str):
        return []
    text = to_simplified(unicodedata.normalize("NFKC", text[: MAX_CHARS * 2]).lower())
    text = _RESTART.sub("", _HESITATION.sub("", text))
    text = _CLAUSE_SPACE.sub("，", text)
    text = _SPACE_BETWEEN_CJK.sub("", text)
    text = english.gloss(text)     # before the spaces between English words are gone
    for old, new in _COLLOQUIAL:
        if old in text:
            text = text.replace(old, new)
    if "阿拉" in text:
        text = _WU_WE.sub("我", text)
    if "伊" in text:
        text = _WU_IT.sub("它", text)
    if not text.isascii():
        for emoji in _NEED_EMOJI.keys() & set(text):
            text = text.replace(emoji, _NEED_EMOJI[emoji])
    if "%" in text:
        text = _PERCENT.sub(r"百分之\1", text)
    if "伐" in text:
        text = _WU_QUESTION.sub("吗", text)
    out = []
    for part in _SEPARATORS.split(text):
        part = _NOT_TEXT.sub("", part.replace(" ", ""))
        pointing = not out and POINTING.match(_FILLER_TAIL.sub("", part)) is not None
        part = part if pointing else _FILLER_HEAD.sub("", part)
        stripped = _FILLER_TAIL.sub("", part)
        # Keep the tail particle when it is the whole clause ("啊" alone is not a question).
        part = stripped or part
        if part:
            out.append(part)
    if not out and _CALL.match(text.strip()):
        out = [text.strip()]     # a message that is only "喂喂": a call for attention, kept
    return out[:10]


def normalize(text: str) -> str:
    """One string with clauses joined by '，' (the matcher treats '，' as a clause boundary)."""
    return "，".join(clauses(text))[:MAX_CHARS]

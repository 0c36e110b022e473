"""Look-alike characters (形近字): typos from handwriting input and from picking the wrong
candidate, which sound different and so escape the pinyin match — 热钣 → 热饭, 洗躁 → 洗澡,
丁家挢 → 丁家桥.

Each group below holds characters that are easily mistaken for one another by shape (mostly a
shared phonetic part with a different radical). A lexicon word is found by its "shape key"
(every character replaced by its group's first character), so a span that differs from a
word only by look-alikes finds it. Keep the groups to real confusions: a group that is too
wide makes unrelated words collide.
"""
from __future__ import annotations

# One group per string; the first character is the group's key.
GROUPS = (
    "饭钣皈贩", "澡躁燥噪操藻", "桥挢侨娇骄轿", "厕侧测恻", "驿译绎择泽铎", "站粘沾砧",
    "电甩由", "充允兖", "热势执", "洗冼", "浴裕峪", "茶荼", "喝渴揭褐谒", "饮钦", "休体",
    "暖缓援媛", "药约钓", "箱葙湘", "堂常棠", "亭停婷", "苑宛怨", "丁汀盯钉叮", "眼跟根很狠",
    "剪煎箭", "诊珍疹", "汤场扬杨", "圆园", "粽棕综踪", "理埋哩", "发友", "换唤涣焕",
    "柜拒炬", "奶扔仍", "哺捕铺", "婴缨", "读续渎", "阅悦", "览揽", "网冈罔", "线钱浅",
    "室窒", "调凋碉", "镜境", "护扩", "微徽薇", "炉芦庐",
)


def _build() -> dict[str, str]:
    key: dict[str, str] = {}
    for group in GROUPS:
        for ch in group:
            key.setdefault(ch, group[0])
    return key


_KEY = _build()
_TABLE = str.maketrans(_KEY)     # the same mapping for str.translate (one C call per word)


def shape_key(word: str) -> str:
    """The word with each character replaced by its look-alike group's key."""
    return word.translate(_TABLE)


def lookalike(a: str, b: str) -> bool:
    """Same length, same shape key, and at most one character in four differs: a typo, not
    another word."""
    if len(a) != len(b) or len(a) < 2 or shape_key(a) != shape_key(b):
        return False
    differ = sum(x != y for x, y in zip(a, b))
    return 0 < differ <= max(1, len(a) // 4)

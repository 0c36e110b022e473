"""What a message says, as plain facts the intent rules score: needs, stations, places, cues.

Computed once per message; every intent module reads the same `Features`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import cues, latin, limits, lookalikes, places, situations, tokenizer
from .lexicon import CITY, CODE, CUE, DISTRICT, STATION, Lexicon
from .matching import Mention, cue_by_sound, find_mentions, station_by_sound
from .normalize import normalize

# Generic domain words that deserve homophone matching (易站 → 驿站); see Lexicon.build(cues=…).
CUE_WORDS: dict[str, tuple[str, ...]] = {
    "station": ("驿站", "工会驿站", "服务站", "站点", "小站", "驿家", "爱心驿站", "劳动者服务站",
                "户外劳动者服务站", "惠工小站", "歇脚的地方", "休息点", "服务点",
                # the names unions give the same rest stops (骑手之家, 司机之家; the seed article's
                # co-built brands 暖心驿站, 劳动者港湾, 爱心翼站)
                "暖心驿站", "骑手之家", "司机之家", "职工之家", "小哥之家", "户外劳动者之家", "劳动者港湾", "爱心翼站",
                # 驿站 with its characters swapped by fast thumbs
                "站驿",
                # 那种站 / 这样的站: 站 alone, pointed at as a kind
                "那种站", "这种站", "那样的站", "这样的站"),
}

# Things riders own and want repaired (修家电), when they name the thing and "修".
_APPLIANCES = ("fridge", "tv", "air_conditioning", "microwave")
OWN_APPLIANCES = ("洗衣机", "电饭煲")                   # appliances no station has: the rider's own
APPLIANCE_WORDS = ("家电", "电器", *OWN_APPLIANCES)     # … or the class itself
# Chinese numerals of positions (第二个 / 第三大): also intents/ranking.py's 第N大.
ORDINALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# 92号汽油 / 12号楼: a digit right after another digit is part of a number, not an ordinal.
# 第一次用 / 第一天跑单 count times and days, not the list's stations.
_ORDINAL_RE = re.compile(r"第([一二两三四五六七八九1-9])(?:个|家|站|条|(?![次天回遍单年月周趟]))|(?<![0-9])([一二三1-3])号|(头)一?(?:个|家|站)")
ORDINALS["头"] = 1
_LAST_RE = re.compile(r"最后(?:一|那)?(?:个|家)")
_BARE_NUMBER = re.compile(r"^([1-9])$")
# 我在杭州东宁路 / 我现在在段塘附近 / 人在海曙 → the place text after the marker (在什么路 asks one).
_PLACE_RE = re.compile(r"(?:我(?:现在|目前|人|这|这会儿?)?(?:是)?在|(?<![个几多少些])人在|^现在在|^在|位置在|定位在|我的位置是|"
                       r"我到了|我位置|^(?:我)?(?:刚|才|刚刚)(?:到|来到))"
                       r"(?![不没哪吗么]|什么|根本|压根|也没|都没|还没)([^，]{2,20}?)(?:附近|这边|这里|这块|一带|周边|旁边|边上|$|，|有|哪|的|找|想|能|要|"
                       # 在宁波海曙跑单呢 / 我在温州送快递: the rider's work after the place ends it
                       r"跑单|送单|送外卖|送快递|跑外卖|扫马路|扫大街|干活|上班|"
                       # 我在明月嘉苑等着呢: the rider waiting (or staying) there ends it too
                       r"等着|待着|蹲着|坐着)")
# 我现在湖州埭溪镇: 在 dropped — a place only when a city/district follows at once (我现在想吃饭 is not).
_NOW_RE = re.compile(r"^(?:我|人)(?:现在|目前|这会儿?|人)")
# 手机快没电了 / 电瓶又没电了 — an adverb inside a lexicon word (手机没电) is dropped.
# 手机也快没电了: the adverbs stack (也 + 快), so the whole run is dropped.
_ADVERB_BEFORE_STATE = re.compile(r"(?:也|还|又|都|已经|马上就要|马上|快要|快)+(?=没电|没水)")
# Needs said as modifier + head rather than one word: 便宜点的饭, 实惠的吃的 — both in one clause.
COMPOUNDS = ((("便宜", "实惠", "划算", "平价", "低价", "不贵", "省钱"), ("饭", "吃", "餐", "菜", "食堂"), "low_cost_meals"),)
# A clock time or part of the day: 下午五点以后, 8点半, 早上 — the rider asks about hours.
# 一点 right after an adjective or 有 is "a little" (远一点, 便宜一点, 有一点), not one o'clock.
CLOCK_RE = re.compile(r"([0-9]{1,2}|[一二三四五六七八九十两]{2,3}|[二三四五六七八九十两]|"
                      r"(?<![远近快慢早晚多少大小高低贵宜好热冷轻重长短有差])一)[点:：]|(上午|下午|中午|傍晚|早上|早晨)")
# A clock time with its part of the day: 凌晨三点, 今晚九点半, 下午5:30, 明早六点 → "HH:MM".
_NUM = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CLOCK_AT = re.compile(r"(凌晨|半夜|深夜|早上|早晨|一早|明早|今早|上午|中午|下午|傍晚|晚上|今晚|明晚|夜里)?"
                       r"([0-9]{1,2}|[一二]?十[一二三四]?|[一二两三四五六七八九])(?:点|:|：)"
                       r"(半|一刻|[0-9]{2}|[一二三四五]十分?)?")
_AFTERNOON = ("下午", "傍晚", "晚上", "今晚", "明晚", "夜里")


def _chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_NUM[text[1]] if len(text) > 1 else 0)
    if "十" in text:
        return _NUM[text[0]] * 10 + (_NUM.get(text[2], 0) if len(text) > 2 else 0)
    return _NUM[text]


def clock_time(text: str) -> str | None:
    """The time of day the text names, 24-hour "HH:MM" (下午五点半 → 17:30, 凌晨三点 → 03:00,
    晚上十二点 → 00:00); None without a number of hours. 一点 after an adjective is "a little"."""
    for m in _CLOCK_AT.finditer(text):
        if m.group(2) == "一" and not m.group(1) and m.start() and CLOCK_RE.match(text, m.start()) is None:
            continue
        hour = _chinese_number(m.group(2))
        extra = m.group(3) or ""
        minute = 30 if extra == "半" else 15 if extra == "一刻" else \
            (_chinese_number(extra.rstrip("分")) if extra else 0)
        part = m.group(1) or ""
        if part in _AFTERNOON and hour == 12:
            hour = 0 if part != "下午" else 12       # 晚上十二点: midnight
        elif part in _AFTERNOON and hour < 12:
            hour = hour + 12 if not (part in ("晚上", "今晚", "明晚", "夜里") and hour < 5) else hour
        elif part == "中午" and hour < 5:
            hour += 12
        if hour > 24 or minute > 59:
            continue
        return f"{hour % 24:02d}:{minute:02d}"
    return None


# "椒江那个驿站", "嘉兴那个小站": a place, then a demonstrative — one station described, not
# "the station just shown".
# (那边的驿站 is an area — 海曙那边的驿站 asks for the stations there, tests/dialogues/README.md)
_DESCRIBED = ("那个", "那家", "这个", "的那个", "那边那个")
# 椒江的驿站能做心理咨询不 / 绍兴的驿站几点开: 的 + the station word, then a question asked of
# it — the station there (labelling rules); 椒江的驿站有哪些 stays a search.
_OF_AREA_ASKED = re.compile(r"的(?:驿站|服务站|站点|小站)(?=能|可以|有没有|几点|多大|要|收)")
# A part of the area between the place and the demonstrative: 宁波南边那个驿站.
_AREA_PART = re.compile(r"(?:南边|北边|东边|西边|南面|北面|东面|西面|南部|北部|东部|西部|市区|城里|郊区)?")
# Where a station stands next to a landmark: 明月嘉苑旁边那个驿站, 华盖山下那个亭子.
_BESIDE = re.compile(r"(?:旁边|附近|边上|对面|门口|脚下|山下|下面|后面|前面|隔壁|里面|里)?的?(?:那个|这个|那家|这家)")
# A demonstrative after a restrictive modifier describes a station (离我最近的那个驿站, 南边那个),
# it does not point back at the one just shown (刚才那个, 上面那个 do).
_DESCRIBING = re.compile(r"(?:最近|最远|最大|最小|最新|最早|附近|南边|北边|东边|西边|南面|北面|东面|西面|"
                         r"旁边|边上|对面|隔壁)的?(?:那个|这个|那家|这家)")
# 有没有那个工会的那个驿站 / 附近有没有那个驿站啊: 那个 after a verb of having or finding is spoken
# hesitation ("that kind of"), the station asked for, not the one just shown.
_KIND_OF = re.compile(r"(?:有没有|有没|找个?|找一个|想找)那个(?:[^，]{0,8}?的那个)?(?:驿站|服务站|小站)(?!的)")
# A half-remembered name: 嘉兴的桥驿站 — the area, then a fragment of the name, then the station word.
# 绍兴高新那个站点: a pointer may stand between the fragment and the station word.
_FRAGMENT = re.compile(r"的?(?:那个|这个)?([\u4e00-\u9fff]{1,4}?)(?:的?(?:那个|这个))?(?:驿站|服务站|小站|站)")
_NOT_A_NAME = set("驿站服务小的个那这哪有")
# 温州的工会驿站 / 嘉兴的职工驿站: the kind every station is, not a piece of one's name.
_KIND_OF_STATION = ("工会", "总工会", "职工", "户外", "爱心", "暖心")
# 杭州东站 / 宁波南站: an area, then a direction, then a bare 站 is how railway stations are named —
# someone else's station (like 火车站), never a fragment of one of ours.
_RAIL_STATION = re.compile(r"(?:东|南|西|北)站(?![点])")
# 位置：宁波市海曙区段塘街道 — a place pasted with its label (WeChat's location text, a form).
# 位置是越东路 / 我的位置在段塘: the label may be joined to the place by 是 or 在 — a statement, so
# never with a question word in the place (地址是什么, 位置在哪).
_LABELLED_RE = re.compile(r"^(?:我的|当前|所在|现在)?(?:位置|地址|定位|所在地)(?:，|是|在)"
                          r"(?![^，]*(?:哪|什么|多少|吗|呢|么))([^，]{2,30})$")
# A sub-district or town named alone (段塘街道, 石碶镇): an area, even when a station's name
# or landmark holds it; a bare 段塘 stays the station's short name.
# 湖州吴兴区埭溪镇: the city and district may come first, as an address is written level by level.
_BARE_AREA = re.compile(r"[\u4e00-\u9fff]{2,12}(?:街道|镇|乡|街办)")
# 在哪个镇 / 属于什么街道: a question which town — a station's whereabouts asked, no town named.
_WHICH_AREA = re.compile(r"(?:哪个|哪一?个|什么|啥)(?:街道|镇|乡|街办)")
# A town or sub-district, then a where-word: a search in that area (埭溪镇哪里能…, 段塘街道附近有…).
_AREA_THEN_WHERE = re.compile(r"^([\u4e00-\u9fff]{1,10}(?:街道|镇|乡|街办))(?=哪|附近|周边|有没有)")
# 这儿/这里 only end the message (明月嘉苑公交站这儿): 红日亭这里有什么 asks about the station.
_NEAR_RE = re.compile(r"^([^，]{2,12}?)(?:附近|周边|一带|旁边|这边|(?:这儿|这里|边上)$)")
# 东宁路驿站旁边是哪个公交站 / 红日亭附近有什么地标: what stands around it is asked — no place said.
ASKS_AROUND = re.compile(r"(?:附近|周边|旁边|边上|对面|隔壁|门口)(?:的|是|有|叫)?(?:哪个|哪一个|哪|什么|啥)"
                         r"(?:公交站|公交车站|公交|车站|地铁站|地铁|站台|路口|路|小区|大楼|楼|地标|建筑)")
# …but "帮我找一下附近的驿站" names no place: what precedes 附近 is a request, not a place.
_REQUEST_WORDS = ("帮", "找", "查", "搜", "推荐", "一下", "请问", "告诉")

# Cue phrases are short (the longest is 6 characters). Every substring of the message up to this
# length is put in one set once, so that each of the ~50 `has` calls an understanding makes is
# one set test in C instead of a Python loop of substring searches. tests/test_intents_speed.py
# checks that no cue phrase is longer.
GRAM_MAX = 8


def grams(text: str) -> frozenset[str]:
    """Every substring of `text` of 1..GRAM_MAX characters."""
    n = len(text)
    return frozenset(text[i:j] for i in range(n) for j in range(i + 1, min(n, i + GRAM_MAX) + 1))


@dataclass
class Features:
    text: str                                   # normalised
    tokens: list[str]
    mentions: list[Mention]
    codes: list[str] = field(default_factory=list)       # needs asked for, in order
    services: list[str] = field(default_factory=list)    # the codes that are services (义剪, 义诊 …)
    negated: list[str] = field(default_factory=list)     # needs explicitly not wanted
    stations: list[str] = field(default_factory=list)    # station ids named
    cities: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    cues: set[str] = field(default_factory=set)          # CUE targets seen (station …)
    ordinal: int | None = None                           # 第二个 → 2; 最后一个 → -1
    place: str = ""                                      # typed place text (我在 X)
    clock: bool = False                                  # a time of day is named (五点以后, 下午)
    described: bool = False                              # a station named by its place (椒江那个驿站)
    landmarks: list[str] = field(default_factory=list)   # stations named as part of a place
    fuzzy_only: bool = True                              # every mention was a guess (pinyin/fuzzy)
    grams: frozenset[str] = frozenset()                  # substrings of text, see GRAM_MAX
    report_kind: str | None = None                       # report_problem.kind, computed once …
    report_kind_known: bool = False                      # … on first use (intents and slots ask)
    about_kind: str | None = None                        # help.about, likewise worked out once …
    about_known: bool = False                            # … (understand, help.score and slots ask)
    other_city: str = ""                                 # a city the KB has no station in (上海)
    county: str = ""                                     # a county the KB names no station in (义乌)
    rail_station: bool = False                           # 杭州东站: a railway station is named
    labelled: bool = False                               # the text is "位置：<place>"
    state_spans: list[tuple[int, int]] = field(default_factory=list)   # where the stated states stand
    implied: bool = False                                # the codes come from a stated situation only
    situations: list[str] = field(default_factory=list)  # states the rider states (热死了 → heat), see situations.py
    excluded: list[str] = field(default_factory=list)    # stations left out (除了红日亭 / 不要东宁路那个)
    ordinal_out: int | None = None                       # 第一个不要 / 不去第二个: that one of the list left out
    able_place: bool = False                             # 有没有能歇脚的地方: a place able to serve the need
    elsewhere: bool = False                              # …坏了，还有别的地方能热饭吗: another place asked for
    parcel: bool = False                                 # a parcel point (菜鸟驿站) is what is asked about
    within: limits.Limit | None = None                   # 1公里内 / 走路五分钟: the distance the rider allows

    def has(self, *words: str) -> bool:
        """Any of these cue words appears in the text (plain substring: cues are phrases of at
        most GRAM_MAX characters)."""
        return not self.grams.isdisjoint(words)

    def not_ours(self) -> bool:
        """Something that belongs to someone else is named: a car, a hotline, a railway station."""
        return self.rail_station or self.has(*cues.NOT_OURS)

    @property
    def content(self) -> bool:
        """Something the bot can act on: a need, a station or a place."""
        return bool(self.codes or self.negated or self.stations or self.cities or self.districts
                    or self.place or self.other_city or self.county)


def extract(text: str, lex: Lexicon) -> Features:
    norm = _ADVERB_BEFORE_STATE.sub("", latin.rewrite(normalize(text), lex))
    tokens, mentions = find_mentions(norm, lex) if norm else ([], [])
    repaired, dropped = _self_correction(norm, mentions)
    if repaired != norm:
        norm = repaired
        tokens, mentions = find_mentions(norm, lex) if norm else ([], [])
    f = Features(text=norm, tokens=tokens, mentions=mentions, grams=grams(norm))
    if dropped:
        f.negated.append(dropped)   # 热饭哦不对 是充电: the need taken back is not wanted
    for m in mentions:
        if m.kind == CODE:
            target = f.negated if m.negated else f.codes
            if m.target not in target:
                target.append(m.target)
        elif m.kind == STATION and m.target not in f.stations:
            f.stations.append(m.target)
        elif m.kind == CITY and m.target not in f.cities:
            f.cities.append(m.target)
        elif m.kind == DISTRICT and m.target not in f.districts:
            f.districts.append(m.target)
        elif m.kind == CUE:
            f.cues.add(m.target)
    _places_left(f)
    lookalikes.apply(f)               # 菜鸟驿站 / 驿站青年旅舍 / 驿站助手: a 驿站 that is not ours
    _numbered_station(f, lex)
    _station_sounding_word(f, lex)
    _station_before_pointer(f, lex)
    _station_word_by_sound(f, lex)
    _joined_need_in_cue(f, lex)
    _verb_called_off(f)
    f.negated = [c for c in f.negated if c not in f.codes]
    f.fuzzy_only = all(m.how != "exact" for m in mentions)
    f.ordinal = _ordinal(norm)
    out = _ORDINAL_OUT.search(norm) if f.ordinal is not None else None
    if out is not None:
        # 第一个太远了 第二个呢: the one turned down is left out, the one named after it asked of
        f.ordinal_out, f.ordinal = f.ordinal, _ordinal(norm[out.end():])
    f.place = _place(norm, f)
    if f.ordinal is not None and _ORDINAL_RE.search(f.place):
        f.ordinal = None      # 我在第一医院: the number is in the place's name, no list position
    if f.place and lookalikes.chain_name(f.place):
        f.place = ""
    if f.place and _points_at_station(f):
        f.place, f.described = "", True
    f.clock = bool(CLOCK_RE.search(norm))
    f.within = limits.within(norm)
    _landmarks(f, lex)
    f.rail_station = any(m.kind in (CITY, DISTRICT) and _RAIL_STATION.match(norm, m.end) for m in mentions)
    _described_station(f, lex)
    _excluded_stations(f, lex)
    _elsewhere(f)
    if "修" in norm and (any(c in _APPLIANCES for c in f.codes) or f.has(*APPLIANCE_WORDS)):
        # 家里冰箱坏了哪里能免费修: the need is the repair service, not a fridge
        f.codes = list(dict.fromkeys([c for c in f.codes if c not in _APPLIANCES] + ["appliance_repair"]))
    _compounds(f, norm)
    _bare_water(f, norm)
    _not_the_facility(f, norm)
    _station_break(f)
    _situations(f, norm)
    _bare_meal(f, norm)
    f.services = [c for c in f.codes if lex.is_service(c)]
    if not (f.cities or f.districts):
        f.other_city = places.other_city(norm, f.grams, lambda name: _is_area(name, lex))
    if not (f.districts or f.other_city):
        f.county = places.county(norm, f.grams, lambda name: _is_area(name, lex),
                                 [(m.start, m.end) for m in f.mentions if m.kind in (STATION, CITY, DISTRICT, CODE)])
    return f


# A spoken self-correction: 去宁波 哦不 是绍兴 / 红日亭 不对 是丁家桥 / 热饭 说错了 充电. The marker
# follows the word it repairs at once (an interjection or a pause may stand between) and the repair
# follows the marker at once (after 是 / 我是说 / 应该是). 红日亭位置不对 is no correction: 位置 stands
# between the name and 不对, and no word of the same kind follows.
_FILLER_SOUND = r"(?:哦|噢|喔|呃|啊|额)"
_CORRECTION = re.compile(r"，?(?:" + _FILLER_SOUND + r"?(?:不对|说错了|讲错了|搞错了|错了)(?:不对)?|"
                         + _FILLER_SOUND + r"不是?|不是(?=，?(?:是|我是说|我说的是|应该是)))"
                         r"，?(?:我是说|我说的是|应该是|我要的是|是)?，?|，?(?:我是说|我说的是|应该是)，?")
# (A bare 不是 contrasts rather than repairs — 我要热饭不是充电 declines 充电 — unless a 是 follows.)
# Mentions of one kind, for what a repair replaces: a place by a place, a station by a station.
_REPAIR_CLASS = {CITY: "area", DISTRICT: "area", STATION: "station", CODE: "need"}


# Between the word and the marker: an interjection or 的 (热饭的不对 / 洗澡啊呃不是).
_GAP = re.compile(r"[的哦噢喔呃啊额]*")


# 算了 不洗了 找个地方热饭就行 / 不热了 想看会书: a need called off by its verb alone, said beside
# the need wanted instead (alone, 不洗了 may be anything washed).
_CALLED_OFF = re.compile(r"不(?:用|想|要|去)?(洗|热|充|喝|剪|理)了")
_VERB_NEED = {"洗": "shower", "热": "microwave", "充": "charging", "喝": "drinking_water", "剪": "haircut",
              "理": "haircut"}


def _verb_called_off(f: Features) -> None:
    for m in _CALLED_OFF.finditer(f.text):
        code = _VERB_NEED[m.group(1)]
        if f.codes and code not in f.codes and code not in f.negated:
            f.negated.append(code)


# A place the rider is no longer at, or never was: 不是宁波 / 不在宁波了 / 从杭州(到宁波) /
# 刚从绍兴过来 / 离开嘉兴. Said beside another place, the other is where they are now.
_LEFT_BEFORE = re.compile(r"(?:不是|不在|从|离开|出了)(?:在)?$")
_LEFT_AFTER = re.compile(r"(?:那边|这边)?(?:过来|出来|出发|回来)")


def _places_left(f: Features) -> None:
    """Drop the places the rider has left or denies when another place is named as well."""
    areas = [m for m in f.mentions if m.kind in (CITY, DISTRICT)]
    left = [m for m in areas if _LEFT_BEFORE.search(f.text, max(0, m.start - 3), m.start)
            or _LEFT_AFTER.match(f.text, m.end)]
    if not left or len({m.target for m in left}) == len({m.target for m in areas}):
        return
    gone = {m.target for m in left} - {m.target for m in areas if m not in left}
    f.cities = [c for c in f.cities if c not in gone]
    f.districts = [d for d in f.districts if d not in gone]


def _self_correction(text: str, mentions: list[Mention]) -> tuple[str, str | None]:
    """The text with the repaired word and the marker cut out (去宁波哦不是绍兴… → 去绍兴…): what
    follows the marker replaces the word of the same kind just before it; the text unchanged
    when no marker stands between two such words. The marker may be said twice and the wrong
    word said again after it (热饭哦不对不对不是热饭是充电). Also the need taken back, if a need."""
    for m in _CORRECTION.finditer(text):
        before = next((x for x in reversed(mentions) if x.end <= m.start()
                       and _GAP.fullmatch(text, x.end, m.start())), None)
        if before is None:
            continue
        pos = m.end()
        # 不对不对 / 不对，不是热饭，是充电: the marker again, then the wrong word said once more
        again = _CORRECTION.match(text, pos)
        while again and again.end() > pos:
            pos = again.end()
            again = _CORRECTION.match(text, pos)
        said = text[before.start:before.end]
        for lead in ("不是", ""):
            if text.startswith(lead + said, pos):
                pos += len(lead + said)
                break
        else:
            lead = None
        if lead is not None:
            repeat = re.compile(r"，?(?:是|我是说|我说的是|应该是)，?").match(text, pos)
            pos = repeat.end() if repeat else pos
        # the repair starts right after the marker (a fuzzy name may have taken in its 是)
        after = next((x for x in mentions if m.start() < x.start <= pos and x.end > pos), None)
        if after is None:
            continue
        if _REPAIR_CLASS.get(before.kind) and _REPAIR_CLASS.get(before.kind) == _REPAIR_CLASS.get(after.kind):
            # the need taken back (热饭 不对 不是热饭 是充电 / 洗澡 说错了 是充电) is declined
            dropped = before.target if before.kind == CODE and before.target != after.target else None
            return text[:before.start] + text[min(pos, after.start):], dropped
    return text, None


# 中午休息吗 said of a station: the station takes a break (closes) — its hours, not the rider's rest.
_BREAK_RE = re.compile(r"(?:中午|午间|午饭时间?|吃饭时间?)(?:要|会|也)?(?:休息|午休|关门)(?:吗|不|没|嘛|么|$)")


def _station_break(f: Features) -> None:
    """公用事业高新那个站中午休息吗: a named station (or the one in focus) and a midday break
    asked about — whether it closes then, so 休息 is no need of the rider's (能不能中午休息 is)."""
    if f.codes == ["rest"] and _BREAK_RE.search(f.text) and not f.has("能", "可以", "让"):
        f.codes = []
        f.clock = True


def _compounds(f: Features, norm: str) -> None:
    """便宜点的饭 in one clause; or the modifier said as an afterthought in a clause of its own
    (那里能吃饭吗，便宜点的) — then it belongs to the head of the other clauses."""
    clauses = norm.split("，")
    for modifiers, heads, code in COMPOUNDS:
        if code in f.codes:
            continue
        with_head = [any(h in c for h in heads) for c in clauses]
        for clause, head in zip(clauses, with_head):
            modified = any(m in clause for m in modifiers)
            if modified and (head or (any(with_head) and _AFTERTHOUGHT.match(clause))):
                f.codes.append(code)
                break


# Water asked for by its bare noun (哪里有水, 附近有水吗, 有没有水喝): water to drink — never after
# 没 (没有水了 reports a station's empty dispenser), and only when no other need is named.
_BARE_WATER = re.compile(r"(?:哪里|哪儿|哪|附近|有没有|(?<![没])有)(?:点|口)?水喝?(?=吗|么|嘛|不|没|，|$)")


# 找驿站，要能充电，要有水，要有厕所: water in a clause of its own among other needs listed.
_OWN_WATER = re.compile(r"^(?:还|也)?(?:要|得|需要|想要)?(?:能|可以)?有(?:点|口)?水喝?$")


def _bare_water(f: Features, norm: str) -> None:
    if not (f.codes or f.negated) and _BARE_WATER.search(norm):
        f.codes.append("drinking_water")
    elif f.codes and "drinking_water" not in f.codes:
        at = 0
        for clause in norm.split("，"):
            if _OWN_WATER.match(clause):
                # in the order said: the needs named before it stay before it
                before = {m.target for m in f.mentions if m.kind == CODE and m.end <= at}
                f.codes.insert(sum(1 for c in f.codes if c in before), "drinking_water")
                return
            at += len(clause) + 1


# A meal asked for by the bare verb (温州哪里能吃饭 / 附近有吃饭的地方吗 / 哪有饭吃): the stations'
# low-cost meals — when no other need is named nor implied (饿了 哪里能吃饭 keeps hunger's needs).
_BARE_MEAL = re.compile(r"(?:哪里|哪儿|哪|附近|有没有|有)(?:地方)?(?:能|可以|去)?吃(?:口|顿|个|点)?(?:饭|午饭|晚饭|东西)|"
                        r"(?:哪里|哪儿|哪)有饭吃|吃(?:口|顿|个)?饭的地方")


def _bare_meal(f: Features, norm: str) -> None:
    if not (f.codes or f.negated or f.stations) and _BARE_MEAL.search(norm):
        f.codes.append("low_cost_meals")


def _situations(f: Features, norm: str) -> None:
    """热死了 / 饭都凉了 / 被欠薪了: a state stated yields the needs that help with it — unless a
    need is named outright outside the state's words (热死了，哪里有空调: 空调 only). A need word
    inside the state (被顾客投诉了 → 投诉) is part of the state, and the state's needs join it.
    A declined state (不想吃饭) declines its needs."""
    found = situations.find(norm)
    if not found:
        return
    spans = [(m.start, m.end) for m in found if not m.negated]
    inside = {m.target for m in f.mentions
              if m.kind == CODE and not m.negated and any(a <= m.start and m.end <= b for a, b in spans)}
    # a need named outside the state's words, or read from a modifier and its head (实惠的饭)
    outside = [c for c in f.codes if c not in inside]
    for m in found:
        if m.negated:
            f.negated += [c for c in m.situation.needs if c not in f.codes and c not in f.negated]
            continue
        if m.situation.name not in f.situations:     # 只剩3%了 快关机了: one state, said twice
            f.situations.append(m.situation.name)
        f.state_spans.append((m.start, m.end))
        # 冻僵了，最近的驿站在哪 / 半夜下雨，有24小时开的驿站吗: a station asked for outright — the
        # state says why, it narrows nothing
        asked_station = "station" in f.cues and not m.situation.emergency
        if not asked_station and not any(c in f.codes for c in outside):
            f.implied = not outside       # every need comes from the state (手机快没电了, 饭凉了)
            f.codes += [c for c in m.situation.needs if c not in f.codes]
    f.negated = [c for c in f.negated if c not in f.codes]


# Hot water to wash with (洗手有热水吗 / 冬天用温水洗脸): the washbasin's water warmer, not drinking water.
_WASH = re.compile(r"洗手|洗脸|洗漱")
_WARM_WATER = re.compile(r"热水|温水|暖水")
# A television programme (电视剧 / 电视节目 / 电视台) is something to watch, not the station's TV set.
_PROGRAMME = re.compile(r"电视(?:剧|节目|台)")


def _not_the_facility(f: Features, norm: str) -> None:
    """A facility word used for something else, read as what it means there."""
    if _WASH.search(norm) and _WARM_WATER.search(norm):
        # the water is the need, not the washroom it runs in nor water to drink
        f.codes = list(dict.fromkeys(["hand_warmer" if c in ("drinking_water", "washroom") else c
                                      for c in f.codes] + ["hand_warmer"]))
    if "tv" in f.codes and _PROGRAMME.search(norm) and "电视" not in _PROGRAMME.sub("", norm):
        f.codes = [c for c in f.codes if c != "tv"]


# A clause that is only a modifier: 便宜点的 / 要实惠一些的 / 不贵的就行 / (食堂呢，) 便宜吗.
_AFTERTHOUGHT = re.compile(r"^(?:要|找|最好|想要)?[\u4e00-\u9fff]{1,3}?(?:一?点|一些|些)?的?(?:就行|就好|吧|吗|么|不)?$")


# Several needs joined by 能/可以 in one clause: 有空调能歇脚的地方 — the 歇脚 inside the station
# cue 歇脚的地方 is a need of its own once another need is named.
_ABLE = ("能", "可以", "可")
_DIGITS = re.compile(r"[0-9]{2,}")
_NUMBER_POINTED = re.compile(r"(?:^|，)([0-9]{3,})(?=的?(?:那个|这个|那家|这家|驿站|站))")


def _joined_need_in_cue(f: Features, lex: Lexicon) -> None:
    """…and after a need declined (厕所不用了 有没有能歇脚的地方) the 歇脚 is the need asked instead."""
    for m in f.mentions:
        if m.kind != CUE:
            continue
        # 有没有能歇脚的地方: 能 right before the cue makes its 歇脚 the ability asked for, alone too;
        # 能喝水歇脚的地方: a need named right before it joins it to that need
        able = f.text.endswith(_ABLE, 0, m.start) and (f.codes or f.negated or m.target == "station")
        joined = any(x.kind == CODE and x.end == m.start and not x.negated for x in f.mentions) \
            and any(f.text.endswith(_ABLE, 0, x.start) for x in f.mentions if x.kind == CODE and x.end == m.start)
        if not (able or joined or (f.negated and not f.codes)):
            continue              # (温州歇脚的地方，不用充电: a need declined — 歇脚 is the one asked)
        surface = f.text[m.start:m.end]
        if (able or joined) and "站" not in surface:
            f.able_place = True   # a place said by what it is for, not a station asked for by name
        for n in range(len(surface) - 1, 1, -1):
            code = next((e.target for e in lex.entries.get(surface[:n], ()) if e.kind == CODE), None)
            if code:
                if code not in f.codes:
                    f.codes.append(code)
                break


def _numbered_station(f: Features, lex: Lexicon) -> None:
    """焦江365 / 椒江356: an area (even misspelt) followed by a number names the station whose
    name is that area's name plus the same digits — a transposed pair (356) counts, as riders
    mistype numbers as often as characters."""
    if f.stations:
        return
    pointed = _NUMBER_POINTED.search(f.text)
    if pointed:
        # 365那个 / 365的那个驿站: the number of a station's name, pointed at — the one station whose
        # name holds those digits (24小时, 365天 point at nothing)
        found = {e.target for name in lex.fuzzy_names() if pointed.group(1) in _DIGITS.findall(name)
                 for e in lex.entries.get(name.lower(), ()) if e.kind == STATION}
        if len(found) == 1:
            f.stations.append(found.pop())
            return
    for m in f.mentions:
        if m.kind not in (CITY, DISTRICT):
            continue
        num = _DIGITS.match(f.text, m.end)
        if not num:
            continue
        core = m.target[:-1] if len(m.target) > 2 and m.target[-1] in "市区县" else m.target
        want = sorted(num.group())
        for name in lex.fuzzy_names():
            digits = _DIGITS.search(name)
            if digits and sorted(digits.group()) == want and name.startswith(core):
                sid = next((e.target for e in lex.entries.get(name.lower(), ()) if e.kind == STATION), None)
                if sid:
                    f.stations.append(sid)
                    return


# What a question about a station asks after its name: 南院在哪, 南院几点开门, 南院有什么.
_HAVING = ("", "有", "有没有", "还有", "能", "可以", "能不能")
_STATION_QUESTION = (*cues.WHERE, *cues.NAVIGATE, *cues.HOURS, *cues.OPEN_NOW, *cues.INFO, *cues.COST)


def _station_sounding_word(f: Features, lex: Lexicon) -> None:
    """南院食堂便宜吗: an everyday word (南院, so no typo to the matcher) that sounds like a
    station's name (南苑) opens a clause and is followed by what one asks or says of a station —
    the station word, a need of it, or a question about its place, hours or facts — so it names
    the station. Elsewhere (医院南院) it stays the everyday word."""
    if f.stations or not f.tokens:
        return
    pos = 0
    for tok in f.tokens:
        start, pos = pos, pos + len(tok)
        if (start and f.text[start - 1] != "，") or len(tok) < 2 or not tokenizer.common_word(tok) \
                or any(m.start < pos and start < m.end for m in f.mentions):
            continue
        entry = station_by_sound(tok, lex)
        if entry is None:
            continue
        nxt = next((m for m in f.mentions if m.start >= pos), None)
        clause = f.text[pos:].split("，")[0]
        # 南院有食堂没: a verb of having or ability may stand between the name and the need
        if (nxt is not None and f.text[pos:nxt.start] in _HAVING and nxt.kind in (CUE, CODE)) \
                or any(w in clause for w in _STATION_QUESTION) or _owns_thing(f, pos):
            mention = Mention(entry, start, pos, "pinyin")
            f.mentions = sorted([*f.mentions, mention], key=lambda m: m.start)
            f.stations.append(entry.target)
            return


# 南院的热水器坏了: the name, 的, then a thing of the station (a need or its equipment).
def _owns_thing(f: Features, pos: int) -> bool:
    if not f.text.startswith("的", pos):
        return False
    nxt = next((m for m in f.mentions if m.start >= pos + 1), None)
    return (nxt is not None and nxt.start == pos + 1 and nxt.kind == CODE) \
        or f.text.startswith(cues.EQUIPMENT, pos + 1)


# What stands between a name and the station word that points at it: 男园那个服务站, 南院的驿站.
_POINTER = re.compile(r"(?:的)?(?:那个|这个|那家|这家)?$")


def _station_before_pointer(f: Features, lex: Lexicon) -> None:
    """男园那个服务站有多大: a span opening a clause, then (的)(那个) and the station word, that
    sounds like a station's name names that station — even a full homophone sharing no
    character (男园 → 南苑), as the station word says a station is meant; a message that is
    nothing but a word sounding like a station's name (南院) is the name said alone."""
    if f.stations:
        return
    if "，" not in f.text and not f.mentions and 2 <= len(f.text) <= 5:
        entry = station_by_sound(f.text, lex)
        if entry is not None:
            f.mentions = [Mention(entry, 0, len(f.text), "pinyin")]
            f.stations.append(entry.target)
        return
    for m in f.mentions:
        if m.kind != CUE or m.target != "station":
            continue
        start = f.text.rfind("，", 0, m.start) + 1
        head = f.text[start:m.start]
        span = head[:_POINTER.search(head).start()]
        if not 2 <= len(span) <= 4 or span == head or any(x.start < m.start and x.end > start for x in f.mentions
                                                          if x is not m):
            continue
        entry = station_by_sound(span, lex, share=False)
        if entry is not None:
            f.mentions = sorted([*f.mentions, Mention(entry, start, start + len(span), "pinyin")],
                                key=lambda x: x.start)
            f.stations.append(entry.target)
            f.described = True
            return


# 一站 stands for 驿站 (a recogniser's homophone) only as a noun: after 有/的/个/找 or opening the
# message, and ending the clause or followed by what one asks of a station. As a numeral and
# measure word it counts stops: 坐一站地铁, 还有一站就到, 一站路 (一站式 is a word of its own).
_NOUN_BEFORE = ("有", "的", "个", "找", "那", "这", "去")
_NOUN_AFTER = ("几点", "在哪", "在什么", "怎么", "有没有", "有", "能", "可以", "开", "关", "吗", "呢", "离", "多远",
               "地址", "位置", "电话", "是不是")


def _station_word_by_sound(f: Features, lex: Lexicon) -> None:
    if "station" in f.cues or not f.tokens:
        return
    pos = 0
    for tok in f.tokens:
        start, pos = pos, pos + len(tok)
        if len(tok) != 2 or not tokenizer.common_word(tok) or any(m.start < pos and start < m.end for m in f.mentions):
            continue
        entry = cue_by_sound(tok, lex)
        if entry is None:
            continue
        clause_start = f.text.rfind("，", 0, start) + 1
        rest = f.text[pos:].split("，")[0]
        noun_before = start == clause_start or f.text[start - 1] in _NOUN_BEFORE
        if noun_before and (not rest or rest.startswith(_NOUN_AFTER)):
            f.mentions = sorted([*f.mentions, Mention(entry, start, pos, "pinyin")], key=lambda m: m.start)
            f.cues.add(entry.target)
            return


def _is_area(name: str, lex: Lexicon) -> bool:
    """One of the KB's own cities or districts (宁波 / 宁波市)."""
    return any(e.kind in (CITY, DISTRICT) for w in (name, name + "市")
               for e in lex.entries.get(w, ()))


def _described_station(f: Features, lex: Lexicon) -> None:
    """椒江那个驿站 / 宁波南边那个驿站 → the one station of 椒江, when the knowledge base has
    exactly one there; 嘉兴的桥驿站 → the one station of 嘉兴 whose name holds 桥."""
    if f.stations:
        _paired_by_area(f, lex)
        return
    if _DESCRIBING.search(f.text) or _KIND_OF.search(f.text):
        f.described = True        # 离我最近的那个驿站: a description, never an anaphora
    for m in f.mentions:
        if m.kind not in (CITY, DISTRICT):
            continue
        sid = _by_fragment(f.text, m, f.mentions, lex)
        if sid:
            f.described = True
            f.stations.append(sid)
            return
        if not (f.text.startswith(_DESCRIBED, _AREA_PART.match(f.text, m.end).end())
                or _OF_AREA_ASKED.match(f.text, m.end) or (m.kind == DISTRICT and _fact_of_one(f))) \
                or _narrowed(f, m):
            continue
        sid = lex.area_station.get(m.target)
        f.described = True        # a described station, never an anaphora
        if sid:
            f.stations.append(sid)
            return


# 湖州那个 嗯 吴兴那边有没有驿站: 那个 then another area is the rider searching for the word, the
# place narrowed down — no station described.
_HESITANT = re.compile(r"(?:那个|这个)[，嗯呃额啊]*")


def _narrowed(f: Features, m: Mention) -> bool:
    after = _HESITANT.match(f.text, m.end)
    return after is not None and any(x.start == after.end() and x.kind in (CITY, DISTRICT) for x in f.mentions)


def _fact_of_one(f: Features) -> bool:
    """还是去椒江吧 怎么进门 / 椒江那边搞过几场: a fact only a station has (its way in, events held,
    staff, opening date, who runs it), asked of a district — of its one station, when it has one;
    never with a need or a search (椒江哪里能充电 stays a search; 宁波有多大 is the city's size)."""
    return f.has(*cues.ENTRY, *cues.EVENTS, *cues.STAFF, *cues.OPENED, *cues.RUNNER) \
        and not (f.codes or f.has(*cues.FIND, *cues.WHERE_SEARCH, "附近"))


# 椒江那个和丁家桥哪个关门晚 / 丁家桥跟椒江那个比: a station named by its area beside one named by
# name — the two compared.
_PAIR_AFTER = re.compile(r"的?(?:那个|那家|这个)(?:驿站|站)?(?=和|跟|与|同|还是|比)")
_PAIR_BEFORE = re.compile(r"(?:和|跟|与|同|还是|比)$")
# 丁家桥和椒江哪个开得晚 / 丁家桥和椒江几点关门: a district with one station, paired with a station
# named, is that station — unless a search in the district follows (丁家桥和椒江哪里能充电).
_AREA_SEARCHED = re.compile(r"(?:的)?(?:哪里|哪儿|哪有|哪能|哪可以|附近|周边|一带|那边|有哪些|有什么驿站|有没有驿站|有驿站)")


def _paired_by_area(f: Features, lex: Lexicon) -> None:
    for m in f.mentions:
        if m.kind not in (CITY, DISTRICT):
            continue
        after = _PAIR_AFTER.match(f.text, m.end)
        before = _PAIR_BEFORE.search(f.text, 0, m.start) and (
            f.text.startswith(_DESCRIBED, m.end)
            or (m.kind == DISTRICT and f.stations and not _AREA_SEARCHED.match(f.text, m.end)))
        sid = lex.area_station.get(m.target)
        if (after or before) and sid and sid not in f.stations:
            f.stations.append(sid)
            f.described = True


# A station named to be left out of the search (除了红日亭还有哪能充电 / 丁家桥以外 / 不要东宁路那个
# 换一个 / 不去眼科医院那个，别的…): the rider wants the others — the name is no question about it.
# The verb stands right before the name in its clause, or 以外/之外 right after it (a place followed
# by 那个/这个 — 不要绍兴这个 — is the one station of that place, so the place is no search area).
_LEAVE_VERBS = r"(?:除了|除去|除开|排除|不要|不去|别去|别推荐?|别给我推荐?|不考虑|不算)(?:去|推荐?)?"
_LEAVE_OUT = re.compile(_LEAVE_VERBS + "$")
_LEAVE_OUT_HEAD = re.compile(_LEAVE_VERBS)      # a guessed (fuzzy) name may have taken the verb in
_LEFT_OUT = re.compile(r"(?:的?(?:那个|这个|那家|这家))?(?:以外|之外|除外)")


def _excluded_stations(f: Features, lex: Lexicon) -> None:
    for m in f.mentions:
        if m.kind not in (STATION, CITY, DISTRICT):
            continue
        clause = f.text.rfind("，", 0, m.start) + 1
        if not (_LEAVE_OUT.search(f.text, clause, m.start) or _LEFT_OUT.match(f.text, m.end)
                or (m.how != "exact" and _LEAVE_OUT_HEAD.match(f.text, m.start, m.end))):
            continue
        if m.kind == STATION:
            sid = m.target
        else:
            sid = lex.area_station.get(m.target)
            if not (sid and f.text.startswith(_DESCRIBED, m.end)):
                continue          # 除了宁波 (a place left out): not one station
            for areas in (f.cities, f.districts):
                if m.target in areas:
                    areas.remove(m.target)
        if sid in f.stations:
            f.stations.remove(sid)
        if sid not in f.excluded:
            f.excluded.append(sid)


# A later clause asking for another place with a need: 丁家桥微波炉坏了，还有别的地方能热饭吗 /
# 南苑饮水机没水了，附近哪还能接点水 / 刚去的那个驿站充电口坏了，哪里还能充电.
_ELSEWHERE = re.compile(r"(?:别的|其他|其它|另外的?)(?:地方|驿站|站点|站|哪)|还有哪|哪还|哪里还|哪儿还|还有什么地方|"
                        r"附近还有|还能去哪|换个地方|换一个地方|换一家")


_STATION_NOUNS = ("驿站", "站点", "站")


def _elsewhere(f: Features) -> None:
    """What went before (a report, a station found shut) is why the rider asks; the question is
    for another place with the need — a search that leaves out the station named before it."""
    cut = f.text.find("，")
    if cut < 0:
        return
    for m in _ELSEWHERE.finditer(f.text, cut):
        start = f.text.rfind("，", 0, m.start()) + 1
        end = f.text.find("，", m.end())
        end = len(f.text) if end < 0 else end
        # (丁家桥没开门，还有别的驿站吗: another station is asked for, whatever it has)
        if any(x.kind == CODE and not x.negated and start <= x.start < end for x in f.mentions) \
                or any(w in m.group() for w in _STATION_NOUNS):
            f.elsewhere = True
            for sid in f.stations:
                if sid not in f.excluded:
                    f.excluded.append(sid)
            f.stations = []
            return


def _by_fragment(text: str, m: Mention, mentions: list[Mention], lex: Lexicon) -> str | None:
    """The one station of the area whose names hold the fragment between the area and the station
    word (嘉兴的桥驿站 → 丁家桥); None when none or several do."""
    frag = _FRAGMENT.match(text, m.end)
    if _RAIL_STATION.match(text, m.end):
        return None               # 杭州东站: a railway station, not 东宁路
    if not frag or _NOT_A_NAME.intersection(frag.group(1)) or frag.group(1) in _KIND_OF_STATION \
            or any(frag.start(1) <= x.start < frag.end(1) for x in mentions if x.kind in (CITY, DISTRICT)):
        return None               # 嘉兴南湖区驿站: an area inside an area, not a piece of a name
    part = frag.group(1)
    found = {sid for sid, sn in lex.stations.items() if m.target in (sn.city, sn.district)
             and any(part in name for name in sn.names)}
    return found.pop() if len(found) == 1 else None


def _points_at_station(f: Features) -> bool:
    """明月嘉苑旁边那个驿站有微波炉吗: a station's landmark, then where beside it, then a
    demonstrative — the station is pointed at, the landmark is not where the rider is."""
    for m in f.mentions:
        beside = _BESIDE.match(f.text, m.end) if m.kind == STATION else None
        if beside and beside.end() > m.end and f.text.startswith(f.place, m.start):
            return True           # the place found is the landmark itself, not 我在 …
    return False


# 温州鹿城，华盖山这边: where-words after a clause of places add nothing but "here".
_HERE_WORDS = re.compile(r"(?:这边|这块|这里|这儿|附近|一带|旁边|周边|这)(?=，|$)")


# A station's landmark typed alone, as where the rider is (华盖山脚下 / 越东路151号 / 金华眼科医院门口 /
# 东宁路和秋涛路口 / 我到段塘了): no question (那东宁路呢 asks the last fact again) and no station word,
# and it ends in a road, a hill, a door or a number — a station's own name (红日亭, 丁家桥,
# 东宁路爱心驿家) does not.
_GEO_END = re.compile(r"(?:路|街|山|镇|街道|社区|公交站|站台|路口|门口|脚下|山下|[0-9一二三四五六七八九十幺]+号)"
                      r"(?:附近|这边|这块|这里|这儿|一带|旁边|边上|对面|下面|底下|下边|脚底下|这|上)?$")
_ARRIVED = re.compile(r"^(?:我|人)?(?:刚|已经|现在)?到(?P<p>[^，]{2,12})了$")
_NOT_BARE = re.compile(r"^那|[吗呢么嘛哪几啥谁]|什么|怎么|有没有|能不能|可以|驿站|服务站|站点|小站|地址|导航|电话|多大")


def _bare_landmark(f: Features) -> bool:
    if f.codes or f.cues or "，" in f.text or _NOT_BARE.search(f.text):
        return False
    if not f.mentions or any(m.kind != STATION for m in f.mentions):
        return False
    return bool(_GEO_END.search(f.text) or _ARRIVED.match(f.text))


# Stations asked of a road or a street (段塘街道有驿站吗 / 越东路上有没有驿站), or a landmark with
# 那边 / 附近 (埭溪那边能热饭吗, labelling rules): an area to search. 明月嘉苑那边的驿站 / 东宁路那边那个站
# names the station there instead.
_STATIONS_THERE = re.compile(r"(?:上|附近|这边|周边|一带)?(?:有没有|有)(?:工会)?(?:驿站|服务站|站点)")
_AROUND = re.compile(r"(?:那边|那一带|一带|周边|附近|这边|这一带|那块|这块)")
_THE_STATION_THERE = re.compile(r"的?(?:驿站|服务站|站点|站|那个|那家)")


def _asked_around(f: Features, m: Mention, lex: Lexicon) -> bool:
    if m.kind != STATION:
        return False
    if _GEO_END.search(f.text, 0, m.end) and _STATIONS_THERE.match(f.text, m.end):
        return True
    around = _AROUND.match(f.text, m.end)
    return around is not None and not _THE_STATION_THERE.match(f.text, around.end()) \
        and sum(x.kind == STATION for x in f.mentions) == 1 and _landmark_word(f.text[m.start:m.end], m.target, lex)


def _landmark_word(word: str, sid: str, lex: Lexicon) -> bool:
    """The word names where a station stands, not the station: a road, hill or town outside its
    full name (埭溪, 华盖山, 明月嘉苑, 越东路); 丁家桥 / 阳山 / 段塘 / 东宁路 are in the name."""
    names = lex.stations.get(sid)
    word = word.lstrip("那这")      # (a guessed name may take in the 那 before it: 那红日亭那边)
    return names is not None and bool(names.names) and word not in names.names[0]


def _landmarks(f: Features, lex: Lexicon) -> None:
    """A station named inside where the rider is (杭州东宁路附近, 宁波海曙段塘) marks a place."""
    only_places = bool(f.cities or f.districts) and all(
        m.kind in (CITY, DISTRICT, STATION) for m in f.mentions) and \
        sum(m.end - m.start for m in f.mentions) >= len(_HERE_WORDS.sub("", f.text.replace("，", "")))
    if not only_places and not f.place and _bare_landmark(f):
        arrived = _ARRIVED.match(f.text)
        f.place = arrived.group("p") if arrived else _HERE_WORDS.sub("", f.text)
    around = None if f.place else next((m for m in f.mentions if _asked_around(f, m, lex)), None)
    if around is not None:
        f.place = f.text[around.start:around.end]
    at = f.text.find(f.place) if f.place else -1
    marks = []
    for m in f.mentions:
        # (a name read by sound may take in the 在 before it: 在华盖山 — overlapping is enough;
        # 我在越城区 越东路附近: a landmark with 附近 beside the place is more of it)
        inside = at >= 0 and m.start < at + len(f.place) and m.end > at
        beside = bool(f.place) and _AROUND.match(f.text, m.end) is not None \
            and _landmark_word(f.text[m.start:m.end], m.target, lex)
        if m.kind == STATION and (only_places or inside or beside):
            marks.append(m)
    # 东宁路几点开 我在明月嘉苑: the station named on its own stays asked about, though the
    # rider's place is its landmark
    apart = {m.target for m in f.mentions if m.kind == STATION and m not in marks}
    for m in marks:
        if m.target in f.stations and m.target not in apart:
            f.stations.remove(m.target)
        f.landmarks.append(m.target)
    if only_places and not f.place:
        f.place = _HERE_WORDS.sub("", f.text).replace("，", "")


# 第一个不要 / 第二个太远了 换一个 / 不去第一个: the rider leaves that station of the list out and wants
# another — no question about it (第一个不要钱吗 asks one: 不要 then needs its own break after it).
_ORDINAL_OUT = re.compile(r"(?:不要|不去|别去|除了|除开|不考虑|排除)(?:那个)?(?:第[一二两三四五六七八九1-9]|头一?[个家])|"
                          r"(?:第[一二两三四五六七八九1-9]|头一?)[个家站]?的?(?:那个|那家)?"
                          r"(?:不要了?|不行|不去了?|去不了|不考虑|算了|太远了?|不想去)(?=$|[，,。！!\s]|换|那|还有|有没有|给我)")


def _ordinal(text: str) -> int | None:
    if _LAST_RE.search(text):
        return -1
    m = _ORDINAL_RE.search(text) or _BARE_NUMBER.match(text)
    if not m:
        return None
    fix = _CORRECTION.search(text, m.end())
    if fix:       # 第三个怎么走 哦不 第二个: the number said after the correction replaces it
        m = _ORDINAL_RE.search(text, fix.end()) or m
    digit = next(g for g in m.groups() if g)
    return int(digit) if digit.isdigit() else ORDINALS[digit]


# 我在等单 / 我在吃饭 / 机器人在回复: 在 + an activity is "doing it now", not "at a place".
# Two-character words where the first character also begins place names (回龙观, 开发区, 拉萨, 聊城,
# 打铁关, 转塘, 上海, 下沙); single characters where no place name begins with them.
_DOING = re.compile(r"(?:回复|回答|回消息|回信|开车|开会|开工|拉货|拉客|拉活|聊天|打字|打电话|打卡|打车|打游戏|转悠|"
                    r"转圈|休息|上班|下班|加班|值班|堵车|排队|干活|忙着?|"
                    r"[等吃喝送跑骑充看找睡扫接取修玩搬卸洗换坐躲晒用问查说弄搞歇逛写听])")


def _doing(m: re.Match, f: Features) -> bool:
    """The text after 在 is an activity (see _DOING) — unless a known place starts there."""
    start = m.start(1)
    return _DOING.match(m.group(1)) is not None and \
        not any(x.start == start and x.kind in (CITY, DISTRICT, STATION) for x in f.mentions)


def _place(text: str, f: Features) -> str:
    m = _LABELLED_RE.match(text)
    if m:
        f.labelled = True
        return m.group(1)
    m = _PLACE_RE.search(text)
    if m and not m.group(1).endswith(("吗", "么", "嘛")) and not _doing(m, f):
        return m.group(1)     # (是机器人在回吗 / 有人在值班吗: a question, no place)
    m = _NOW_RE.match(text)
    if m and any(x.start == m.end() and x.kind in (CITY, DISTRICT) for x in f.mentions):
        rest = _PLACE_RE.match("在" + text[m.end():])     # read as if 在 had been typed
        return rest.group(1) if rest else ""
    if _BARE_AREA.fullmatch(text) and not _WHICH_AREA.search(text) and any(x.kind == STATION for x in f.mentions):
        return text           # 段塘街道 alone: a sub-district the rider is in, though a station shares it
    m = _AREA_THEN_WHERE.match(text)
    if m and any(x.kind == STATION and x.start == 0 for x in f.mentions):
        return m.group(1)     # 埭溪镇哪里能测血压: where in the town, not a question about the station
    m = _NEAR_RE.match(text)
    # 没有厕所吗这附近: a question put first, the place said after it — the question is no place
    # (东宁路驿站在哪个公交站旁边: which stop it is beside is asked, no place is said)
    if m and not ASKS_AROUND.search(text, m.end(1)) \
            and not m.group(1).startswith(("我", "你", "这", "那", "最", "就", "在", "没", "有", "附近")) \
            and not any(q in m.group(1) for q in ("吗", "么", "呢", "吧", "哪")) \
            and not any(w in m.group(1) for w in _REQUEST_WORDS):
        return m.group(1)
    return ""

"""follow_up — about the list just shown: "第二个怎么走", "更多", "它几点关门", "第一个有没有厕所".

Slots: ordinal, more (also 再远一点的), nearer (有没有更近的), attribute, codes. Answer: from the
session's last list; without one, say so and offer to search.
"""
from __future__ import annotations

import re

from . import context, cues, fine_print, ranking, report_problem, unlisted
from .features import Features
from .normalize import POINTING

NAME = "follow_up"
NEEDS_LOCATION = False
ASK = "继续看刚才的结果"
SLOTS = ("ordinal", "more", "nearer", "attribute", "codes")
EXAMPLES = ("第二个怎么走", "更多", "它几点关门", "第一个有没有厕所", "还有吗")


# How many zones or services (有几项服务 / 里面有几个功能区): a count the source may give.
COUNT_OFFERS = re.compile(r"(?:几|多少)(?:个|项|种|样)(?:功能区|功能|区域|服务|设施|区)")


# Facts of "the station just shown", asked without naming it.
_IMPLICIT = (*cues.AREA, *cues.STAFF, *cues.PHONE, *cues.OPENED, *cues.EVENTS, *cues.ENTRY, *cues.RUNNER)


# 再给我看看别的 / 换点其他的 / 推荐个别的: show others — a verb of showing, giving or changing
# with 别的/其他 as its object; the next stations of the list (不要别的 is not asking).
_OTHERS = re.compile(r"(?<!不)(?:看|给|换|来|推荐|找)[^，]{0,3}?(?:别的|其他的?|其它的?|另外的)(?![驿站地方城市])")


# 要刷卡才能进吗 / 得带工作证才可以用吗: a condition of using the station in focus — a yes/no
# about it, not a search for stations that have the thing.
_CONDITION = re.compile(r"(?:要|需要|得|必须)[^，]{1,6}?(?:才能|才可以|才让|才行)")


# 里面有什么 / 里头都有啥 / 里边还有哪些: what is inside "there" — the station in focus.
_INSIDE = re.compile(r"(?:里面|里头|里边)(?:都|还|一般)?(?:有|提供|配了?)(?:些)?(?:什么|啥|哪些)")


def asks_condition(f: Features) -> bool:
    return bool(_CONDITION.search(f.text)) and not (f.stations or f.has(*cues.FIND, *cues.WHERE_SEARCH))


# 还有没有 / 还有莫得 / 还有冇 (normalised to 还有没有) said alone: are there more (of the list)?
_ANY_MORE = re.compile(r"^还有没有?了?$")


def asks_more(f: Features) -> bool:
    return f.has(*cues.MORE) or bool(_OTHERS.search(f.text) or _ANY_MORE.match(f.text))


# A station of the list just shown, picked by what it has or by being the nearest — "which of
# these" (这几个哪个能热饭 / 上面哪家有厕所 / 刚才那几个里谁能洗澡) …
_PICK_WHICH = re.compile(r"(?:(?:这|那)?(?:两|俩)|(?:这|那)(?:几|些|仨|三|四|五)|上面|上边|刚才|刚刚|列出来|你(?:说|发|给|列)的|其中|这里面|这当中)"
                         r"[^，哪]{0,4}?(?P<which>哪个|哪家|哪一个|哪一家|谁)")
# … or "the one that has it" (那个有厕所的怎么走 / 能洗澡的那家在哪 / 有微波炉的是哪个): a need
# with 的 and no noun after it, then what one asks of a station — not 有厕所的驿站在哪, a search.
_PICK_RELATIVE = re.compile(r"^(?:有|能|可以|带|提供)(?!没)[^，的]{1,8}的(?:那一?个|那一?家|那)?"
                            r"(?:是哪|叫什么|在哪|在什么|怎么|咋|如何|离我|多远|远不远|地址|位置|导航|几点)")
# 哪个最近 / 哪家离我近: which of the list is nearest (哪个驿站最近 names the station: a search).
_WHICH_NEAREST = re.compile(r"^(?:那|那么)?(?:哪个|哪家|哪一个|哪一家)(?:离我|离这|距离)?(?:最近|更近|近一点|近点|近些|近)$")
# Words that widen "which" to stations in general: a search, not a pick from the list.
_WIDER = ("附近", "周边", "周围", "别的", "其他", "其它", "驿站")


def picks_from_list(f: Features) -> bool:
    """这几个哪个能热饭 / 那个有厕所的怎么走 / 刚才那几个哪个是24小时的: a station of the list just
    shown, picked by a need or by being open round the clock."""
    return bool(f.codes or f.has(*cues.OPEN_24H)) and not (f.stations or f.cities or f.districts or f.place) \
        and not f.has(*_WIDER) and bool(_PICK_WHICH.search(f.text) or _PICK_RELATIVE.match(f.text))


_WHICH_ONE = re.compile(r"^(?:那|那么)?(?:哪个|哪家|哪一个|哪一家)")


# 两个都有厕所吗 / 俩都能热饭吗 / 这两个有啥区别: both of the two in view, asked at once.
_BOTH = re.compile(r"^(?:那)?(?:这|那)?(?:两个|俩|两家)(?:驿站|站)?(?:都|有啥区别|有什么区别|有什么不一样|哪里不一样|区别)")


def asks_both(f: Features) -> bool:
    return _BOTH.match(f.text) is not None and not (f.stations or f.cities or f.districts or f.place)


def ranks_list(f: Features) -> bool:
    """哪个最大 / 这些里哪个开到最晚: the stations in view ranked by size, date or hours — no
    station word (哪个驿站最大 asks of every station) and nothing else to search for."""
    if f.codes or f.stations or f.cities or f.districts or f.place or "station" in f.cues:
        return False
    m = _PICK_WHICH.search(f.text)
    rest = f.text[m.start("which"):] if m is not None and m.start() == 0 else f.text
    if _WHICH_ONE.match(rest) is None:
        return False
    return ranking.rank(rest) is not None or (m is not None and f.has(*cues.HOURS)) \
        or f.has(*_HOURS_COMPARED)


# 哪个开得晚 / 哪个关门早: hours compared — of stations in view, never a search.
_HOURS_COMPARED = (*cues.HOURS_COMPARED, "关门晚", "关门早", "开得最", "关得最")


# 那个近的怎么走 / 近一点的那家几点关 / 离我近的那个有厕所吗 (its 那个 gone as a filler): the one of
# the list picked by being near, then what is asked of it — not 近的驿站在哪, a search.
_NEAR_ONE = re.compile(r"^(?:离我|离这|比较|较|更)?近(?:一点|一些|点|些)?的(?:那一?个|那一?家|那)?"
                       r"(?![^，]*的(?:驿站|地方|站))"     # 离我近的能上厕所的驿站: a search, named by its noun
                       r"(?=怎么|如何|在哪|在什么|几点|多远|远不远|有没有|有|能|可以|叫|是|导航|地址|位置|$)")


def asks_nearest(f: Features) -> bool:
    """哪个最近 / 这些里面哪个最近 / 那个近的: the nearest of the list just shown."""
    if _WHICH_NEAREST.match(f.text) is not None or _NEAR_ONE.match(f.text) is not None:
        return True
    m = _PICK_WHICH.search(f.text)      # "of these" said first: 这些里面 / 刚才那几个 + 哪个最近
    return m is not None and m.start() == 0 and _WHICH_NEAREST.match(f.text[m.start("which"):]) is not None


# 那里能停电动车吗 / 那儿有没有热水 / 那边可以充电不: a yes/no about "over there" — the station just
# shown, like 这个/那个 (tests/dialogues/README.md); any 哪 / 附近 makes it a search.
# Inside or at the station in view (里面 / 在那 / 那儿).
_IN_THERE = re.compile(r"里面|里头|里边|站里|在那|在这个?(?:驿站|站)|^那儿|^那里|^那边")
# 什么人能去 / 哪些人可以用 / 谁都能进吗, said bare: whom "it" serves.
_WHO_MAY = re.compile(r"^(?:那)?(?:什么人|哪些人|啥人|谁)(?:都)?(?:能|可以)(?:去|用|来|进)(?:吗|么|啊|呀)?$")
# The list's neighbours of the one in focus (not 换一个, which asks for another one with the need).
_NEIGHBOUR = ("上一个", "上一家", "前一个", "前一家", "下一个", "下一家", "后一个", "后面那个")
_YES_NO = re.compile(r"(?:吗|么|嘛|不|没|没有|伐)$|有没有|能不能|可不可以|让不让")


def there_asked(f: Features) -> bool:
    return bool(f.codes) and context.there_fragment(f.text) and _YES_NO.search(f.text) is not None \
        and not (f.stations or f.cities or f.districts or f.place)


# 它 relied on (跑网约车全靠它 / 就靠它吃饭): the rider's phone or bike, not a station.
_IT_OWN = re.compile(r"靠它")


def refers_back(f: Features) -> bool:
    """它 / 那个驿站 / 刚才那个 — but not 椒江那个驿站, which describes a station by its place."""
    if f.stations or f.described:
        return False
    if POINTING.match(f.text) is not None:
        return True
    hits = [w for w in cues.ANAPHORA if w in f.text]
    return bool(hits) and not (hits == ["它"] and f.text.count("它") == len(_IT_OWN.findall(f.text)))


_PRONOUNS = ("它", "这", "那", "你", "我", "您", "刚", "上", "第", "头", "最")
# What may follow a navigation verb without naming a destination: 导航过去 / 带我去一下.
_NO_OBJECT = re.compile(r"^(?:过去|过来|一下|下|吧|呗|发给我|发我|给我|我|们|啊|呀|哈|呢|吗|链接|连接|发)*$")
# A request before the navigation verb names no destination: 给我导航过去 / 麻烦帮我导航.
# 给个导航 / 发我个地图链接: a measure word after the verb, so the navigation itself is asked for.
# 在哪 怎么走 (joined as 在哪怎么走): the where-question before it names nothing either.
_REQUEST = re.compile(r"^(?:请|麻烦|帮忙|帮我|给我|替我|你|您|再|就|(?:给|发|来)(?:我|俺)?一?个|一个|"
                      # 还要导航 / 得开着导航: the rider's own need of it, no destination
                      r"(?:还|也|都)?(?:要|得|需要)(?:用|开着?)?|"
                      r"在哪里?|在哪儿|在什么地方|具体位置|地址)+")
# Words before a destination that are not it: 就去那个, 还是去第二个, 那就它吧.
_LEAD = re.compile(r"^(?:那就|还是|就)?(?:去|到)?")


def _head(text: str) -> str:
    return text[_LEAD.match(text).end():]


def unknown_destination(f: Features) -> bool:
    """火车站怎么走 / 导航去万达广场: a destination the bot knows nothing about — named before the
    navigation verb or as its object — not the station just shown (nor a station, a list item
    or a need named in the message)."""
    if f.mentions or f.ordinal is not None or _NEAR_ONE.match(f.text) or f.situations:
        return False          # (手机只剩5%了还要导航: the rider's phone, needed for the way)
    for cue in cues.NAVIGATE:
        at = f.text.find(cue)
        if at < 0:
            continue
        start = f.text.rfind("，", 0, at) + 1      # the clause of the navigation verb
        if f.text[:start] and _head(f.text[:start]).startswith(_PRONOUNS):
            return False      # 就去那个，导航发我: the destination was pointed at in the clause before
        if len(_REQUEST.sub("", f.text[start:at])) >= 2:
            return not _head(f.text[start:]).startswith(_PRONOUNS)
        obj = f.text[at + len(cue):].split("，")[0]
        obj = obj[1:] if obj.startswith(("去", "到", "往", "至")) else obj
        if len(obj) >= 2 and not _NO_OBJECT.match(obj):
            return not obj.startswith(_PRONOUNS)
    return False


# 最近的4S店在哪 / 附近的菜市场怎么走: the nearest of a kind of place named by a noun.
_SOUGHT = re.compile(r"^(?:离我)?(?:最近|附近|周边|周围|离我最近)的(?P<x>[^，]{2,8}?)(?:在哪|在什么地方|怎么走|怎么去|咋走|咋去)")


def unknown_sought(f: Features) -> bool:
    """最近的4S店在哪: the nearest place of a kind the bot knows nothing about (no station, station
    word or need named) — not "the station just shown" nor a search it can answer."""
    m = _SOUGHT.match(f.text)
    return bool(m) and not f.mentions and not m.group("x").startswith(_PRONOUNS) \
        and not any(w in m.group("x") for w in _OURS_HINT)


# A noun that may well be a station said another way (最近的工会 / 落脚点 / 休息站).
_OURS_HINT = ("工会", "驿", "站", "点", "歇", "休息", "落脚")


_CONTACT = ("电话", "联系方式", "手机号", "号码")
# Who at a station has a phone: 工作人员电话 asks the station's.
_STATION_PEOPLE = ("工作人员", "管理员", "值班", "负责人", "站长", "工会")


def unknown_owner(f: Features) -> bool:
    """顺丰快递电话多少 / 饿了么商家电话: the phone number of someone the bot knows nothing about
    (named before the contact word), not of the station just shown."""
    if f.mentions or f.ordinal is not None:
        return False
    for cue in _CONTACT:
        at = f.text.find(cue)
        if at >= 2:
            head = f.text[:at].removesuffix("的")
            # (美团站长电话: the platform's station master, not a station's people)
            return len(head) >= 2 and not head.startswith(_PRONOUNS) \
                and (not any(w in head for w in _STATION_PEOPLE) or any(w in head for w in cues.PLATFORM))
    return False


def score(f: Features) -> float:
    if report_problem.kind(f):
        return 0.5            # 导航过去根本没有这个驿站 → report_problem about it
    off_topic = f.has(*cues.OFF_TOPIC, *cues.MERCHANT) and not fine_print.papers_required(f)
    if f.not_ours() or off_topic or unknown_destination(f) or unknown_owner(f) \
            or unknown_sought(f):
        return 0.2            # 外卖平台客服电话 / 火车站怎么走 / 顺丰快递电话: not about a station
    if (f.has(*cues.DISTANCE) or cues.travel_time(f.text)) and not (f.stations or f.codes or "station" in f.cues or len(f.cities + f.districts) > 1):
        return 0.85           # 那个离我多远
    if f.ordinal is not None and not f.stations:
        return 0.95
    if picks_from_list(f):
        return 0.95           # 这几个哪个能热饭: of the list just shown (find_need steps back)
    if asks_nearest(f):
        return 0.9            # 哪个最近: the nearest of the list just shown
    if ranks_list(f):
        return 0.9            # 哪个最大 / 这些里哪个开到最晚: the list just shown, ranked
    if asks_both(f) or (f.has(*cues.OTHER_ONE) and not (f.stations or f.cities or f.districts or f.place)):
        return 0.97           # 两个都有厕所吗 / 另一个呢: the stations in view (no search)
    if f.excluded and (f.cities or f.districts):
        return 0.5            # 温州除了红日亭还有别的驿站吗: the others of that area — a search
    if (f.excluded or f.ordinal_out is not None) and not (f.codes or f.place or "station" in f.cues):
        return 0.85           # 不要东宁路那个: the last search again, without it
    if asks_more(f):
        return 0.6 if f.codes else 0.9
    if f.has(*cues.NEXT, *cues.PREVIOUS) and not (f.codes or f.stations):
        return 0.9            # 下一个 / 换一家 / 上一个: the next (previous) station of the last list
    if f.codes and f.has(*_NEIGHBOUR) and _YES_NO.search(f.text) and not f.stations:
        return 0.95           # 上一个有厕所不 / 下一个能洗澡吗: whether that one of the list has it
    if refers_back(f):
        return 0.95
    if there_asked(f):
        return 0.9            # 那里能停电动车吗: whether "over there" — the station just shown — has it
    if _WHO_MAY.match(f.text) and not (f.stations or f.cities or f.districts or f.place):
        return 0.85           # 什么人能去 / 谁都能用吗: whom the station just shown serves
    if _IN_THERE.search(f.text) and unlisted.thing(f) and not (f.stations or f.cities or f.districts):
        return 0.9            # 里面有床吗 / 晚上能在那睡一宿吗: a thing the data has no word for, asked of it
    if f.codes and asks_condition(f):
        return 0.9            # 要刷卡才能进吗: about the station in focus
    if fine_print.asks(f) and not (f.stations or f.cities or f.districts or f.place or f.county) \
            and not f.has(*cues.JOIN, *cues.WHERE_SEARCH, "附近", "工会"):
        return 0.85           # 要预约吗 / 家属能来吗: a condition of using the station just shown
                              # (工会怎么加 快递员可以吗: of joining the union)
    bare = not (f.codes or f.stations or "station" in f.cues or f.place or f.cities or f.districts or f.county)
    if COUNT_OFFERS.search(f.text) and not (f.codes or f.stations or f.place or f.cities or f.districts) \
            and not f.has(*cues.FIND):
        return 0.9            # (这个驿站)有几项服务: a count of one station's offers, not a search
    if bare and f.has(*cues.NEARER, *cues.FARTHER):
        return 0.85           # 有没有更近的 / 再远一点的也行: other stations than those just shown
    if bare and f.has(*cues.NAVIGATE):
        return 0.8            # bare "怎么走": the station just shown
    if bare and (f.has(*cues.WHERE, *_IMPLICIT, *cues.COST) or cues.open_to_whom(f.text)):
        return 0.7            # "有几个工作人员" / "面向哪些人开放" right after a station was shown
    if bare and (f.has(*cues.OFFERS) or _INSIDE.search(f.text)) and "你" not in f.text:
        return 0.7            # 里面有什么设施: the station in focus (你们有什么服务 asks the bot)
    return 0.0

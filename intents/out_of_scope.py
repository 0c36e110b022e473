"""out_of_scope — weather, chit-chat, "讲个笑话". Answer: a short honest line and what the bot
can do; never a station list. Also the best guess for a message with nothing the bot knows,
at a confidence low enough that the engine answers with help rather than pretend.
"""
from __future__ import annotations

import re

from . import cues, fine_print, follow_up, lookalikes
from .features import Features
from .lexicon import CITY, DISTRICT

NAME = "out_of_scope"
NEEDS_LOCATION = False
ASK = "闲聊"
SLOTS = ()
EXAMPLES = ("今天天气怎么样", "讲个笑话", "你是机器人吗", "陪我聊聊天")


def off_topic(f: Features) -> bool:
    """Roads, weather events, platform rules, licences, the platform's merchants and customers
    (投诉这个商家: the platform's business, not the union's rights support) — unless a need is
    searched for with it (台风天哪里能避雨, 商家不让热饭 附近哪能热 are searches)."""
    if fine_print.papers_required(f):
        return False          # 要带身份证吗 / 外地户口能入会吗: a condition of use, not an errand
    if (f.stations or "station" in f.cues) and f.has(*_OPEN_OR_SHUT):
        return False          # 台风天驿站关不关门: the stations' hours in that weather
    return f.has(*cues.OFF_TOPIC, *cues.MERCHANT) and not f.stations and not (f.codes and f.has(*cues.FIND)) \
        and not (f.codes and f.situations)    # 被顾客骂了 / 带着娃跑单: the rider's own state, a need


# Whether it is raining (下雨了没 / 宁波会不会下雪 / 降温了吗): the weather asked, not a state told.
_WEATHER_ASKED = re.compile(r"(?:下雨|下雪|刮风|降温|升温|打雷|出太阳|放晴|起雾)(?:了)?(?:没有?|吗|么|不)$|"
                            r"(?:会不会|要不要)(?:下雨|下雪|刮风|降温|打雷)|有(?:雨|雪|大风|台风)(?:吗|么|没|不)$")
_OPEN_OR_SHUT = ("开门", "关门", "开不开", "关不关", "开吗", "开放", "营业")


def weather_asked(f: Features) -> bool:
    return _WEATHER_ASKED.search(f.text) is not None and not (f.codes or f.stations or "station" in f.cues)


def asks_clock(f: Features) -> bool:
    """现在几点了 asks the time; 现在几点关门 asks a station's hours."""
    return f.has(*cues.ASK_CLOCK) and not f.has("开", "关", "营业", "下班")


def parcel(f: Features) -> bool:
    """菜鸟驿站几点关门 / 我的快递到菜鸟驿站了吗: a parcel point, not a union station (see lookalikes.py)."""
    return f.parcel and not f.stations


def elsewhere(f: Features) -> bool:
    """A train station or an airport named as the place the rider is at (我在金华火车站附近) is
    where they are, not a question about the train station."""
    return bool(f.place) and (any(w in f.place for w in cues.NOT_OURS) or (f.rail_station and "站" in f.place))


def trains(f: Features) -> bool:
    """A train, plane or coach is named — the 动车 of 电动车 (the rider's e-bike) is none."""
    if not f.has(*cues.TRANSPORT):
        return False
    if not f.has(*cues.EBIKE):
        return True
    rest = f.text
    for w in cues.EBIKE:
        rest = rest.replace(w, "")
    return any(w in rest for w in cues.TRANSPORT)


def timetable(f: Features) -> bool:
    """宁波到杭州高铁几点 / 动车票多少钱: a travel question, unless a station of ours is in it."""
    return (trains(f) and f.has(*cues.TIMETABLE) and not f.stations
            and "station" not in f.cues and not elsewhere(f))


# Someone else's text passed on (【转发】…, 转自…): news or a notice, no request of the rider's —
# unless the rider asks something about it (…这个驿站在哪).
_FORWARDED = ("转发", "转自", "转载", "转给", "分享一篇", "分享一条")
_ASKS = ("吗", "么", "呢", "哪", "怎么", "几点", "什么时候", "多少", "能不能", "有没有")


def forwarded(f: Features) -> bool:
    return f.text.startswith(_FORWARDED) and not f.has(*_ASKS)


_LINK = ("到", "去", "离", "和", "跟", "至")


def between_places(f: Features) -> bool:
    """杭州到宁波多远 / 海曙离椒江有多少公里: the distance between two areas — a trip, not a
    station's distance from the rider (a station or need named with it keeps it ours)."""
    areas = [m for m in f.mentions if m.kind in (CITY, DISTRICT)]
    if len(areas) < 2 or f.stations or f.codes or "station" in f.cues or not f.has(*cues.DISTANCE):
        return False
    return any(f.text[a.end:b.start] in _LINK for a, b in zip(areas, areas[1:]))


# A named place of another kind (义乌小商品市场, 人民公园, 万达广场): its head noun.
_FACILITY = re.compile(r"市场|商场|商城|商贸城|广场|公园|景区|超市|银行|机场|大厦|博物馆|图书馆|体育馆|动物园|电影院")


def facility_question(f: Features) -> bool:
    """义乌小商品市场几点开门 / 人民公园要门票吗: the hours or price of a named place that is no
    station (no station, station word or need in the message; the rider does not say they are there)."""
    if f.stations or f.codes or "station" in f.cues or f.text.startswith(("我在", "我到", "在")):
        return False
    m = _FACILITY.search(f.text)
    return bool(m) and any(w in f.text[m.end():] for w in (*cues.HOURS, *cues.COST))


def other_business(f: Features) -> bool:
    """Someone else's shop asked for (按摩店 / 旅馆 / 洗车) or which shop is best (哪家最正宗) —
    with no need of ours asked for outright (a tired rider's implied rest does not count)."""
    return f.has(*cues.OTHER_BUSINESS) and not f.stations and "station" not in f.cues \
        and (f.implied or not f.codes or f.has("正宗"))


# 温州有什么好吃的 / 绍兴黄酒哪家好喝 / 嘉兴有什么特产: which food or drink is good — asked with a
# which-word, or the local food named — not 南苑的饭真好吃 said of a meal had.
_TASTY = re.compile(r"(?:什么|啥|哪家|哪个|哪种|哪里|哪儿|哪有|推荐)[^，]{0,6}?(?:好吃|好喝)|美食|小吃|特产|特色菜|名菜")


def food_recommended(f: Features) -> bool:
    """A recommendation of food or drink in a place, not a need of ours — unless a need is asked for
    (哪里有便宜又好吃的饭 searches low-cost meals; 饿死了 有什么好吃的: a hungry rider's meal) or a
    station is named."""
    return bool(_TASTY.search(f.text)) and not (f.codes or f.stations or "station" in f.cues)


def chat_after_mood(f: Features) -> bool:
    """今天好累啊 唱首歌给我听: a stated mood, then chit-chat asked — no need searched for."""
    return f.implied and f.has(*cues.OUT_OF_SCOPE) and not (f.has(*cues.FIND) or f.stations)


def score(f: Features) -> float:
    if forwarded(f):
        return 1.0
    if off_topic(f) or timetable(f) or between_places(f) or facility_question(f) or lookalikes.the_word(f) \
            or weather_asked(f):
        return 0.95
    if parcel(f):
        return 0.9
    if (f.not_ours() and not elsewhere(f)) or asks_clock(f) or follow_up.unknown_destination(f) \
            or follow_up.unknown_owner(f) or follow_up.unknown_sought(f):
        return 0.85 if not f.stations else 0.3
    if other_business(f) or food_recommended(f):
        return 0.95           # 腰酸背痛 附近有没有按摩店 / 嘉兴粽子哪家最正宗: a shop, not a station
    if chat_after_mood(f):
        return 0.9            # 累得要死 明天会下雨吗: the mood is the story, the question is the weather
    if f.has(*cues.OUT_OF_SCOPE):
        # a city inside such a request (顺丰怎么寄到北京) is where a parcel goes, not where the rider is
        return 0.3 if f.codes or f.negated or f.stations or "station" in f.cues else 0.82
    if not f.text:
        return 0.0
    # Nothing recognised at all: most likely chit-chat, but not sure enough to say so.
    return 0.35 if not (f.content or f.cues or f.mentions) else 0.1

"""report_problem — "东宁路驿站锁门了", "微波炉坏了", "位置不对".

Slots: report_kind (closed | broken | wrong_location | other), stations (named, else the
station last shown), codes (the broken thing). Recorded through ReportLog.add for the union's
staff, then thanked. Needs no location.
"""
from __future__ import annotations

import re

from . import cues, lookalikes
from .features import OWN_APPLIANCES, Features
from .lexicon import STATION

NAME = "report_problem"
NEEDS_LOCATION = False
ASK = "反映驿站的问题"
SLOTS = ("report_kind", "stations", "codes")
EXAMPLES = ("东宁路驿站锁门了", "微波炉坏了", "驿站位置不对", "饮水机不出水")

_ASKING = ("吗", "么", "没有", "嘛", "没")


# 发位置没反应 / 发定位没用: the rider's message to the bot did nothing — a how-to question (help).
_TO_THE_BOT = ("发位置", "发定位", "发送位置", "发了位置", "发了定位", "你没反应", "不回复", "不回我")
_OWN = ("家里", "我家", "家中", "自己的", "我的手机", "我的电动车", "我的车")
_RIDERS_THINGS = ("手机", "电瓶", "电动车", "电车", "电池")
_CLOSED_QUESTIONS = ("开不开", "开没开", "开门没", "开了没", "会不会关", "关不关")


def _own_state(f: Features) -> bool:
    """一身臭汗: every complaint word lies inside the rider's own stated state — said of the rider,
    not of a station."""
    if not f.state_spans:
        return False
    hits = [(i, i + len(w)) for w in cues.REPORT_OTHER for i in range(len(f.text)) if f.text.startswith(w, i)]
    return all(any(a <= x and y <= b for a, b in f.state_spans) for x, y in hits)


def kind(f: Features) -> str | None:
    """The kind of problem the text reports, or None (asked by several intents: worked out once
    per message and kept on the Features)."""
    if not f.report_kind_known:
        f.report_kind, f.report_kind_known = _kind(f), True
    return f.report_kind


# 地址是错的 / 定位好像偏了 / 导航到南苑是个小区 / 根本没驿站: the station is not where we said.
_WRONG_PLACE = re.compile(r"(地址|位置|定位|导航|地图|坐标)[^，]{0,4}(错|不对|偏|差了|差(?=[0-9一二两三四五六七八九十几好]+[公米里]))|"
                          # 导航到越东路那个站 根本不在那: not where the map said
                          r"(根本|压根|完全)(就)?不在(那|这)|"
                          # 导航到了是个工地 / 按导航走过去是片空地: the map led somewhere else
                          r"导航[^，]{0,3}?[到去过][^，]{0,8}是(个|一个|片)?(小区|居民楼|空地|工地|商场|停车场|厂房|仓库|农田|荒地)|"
                          r"(根本|压根)(就)?没(有)?(驿站|这个|这家|站)|"
                          # 按导航到了 这边没看到驿站: where the map led, the station is absent
                          r"(导航|地图)[^，]{0,6}(这里|这儿|这边|那里|那儿)?(也)?(没|没有|没看到|找不到)(驿站|这个|这家|站)")


# 家电坏了哪里可以免费修: where to get something repaired — a search for a repair service, not a
# report of a station's equipment (unless a station is named: 丁家桥的微波炉坏了 谁来修).
_WHERE_TO_FIX = re.compile(r"(?:哪里|哪儿|哪有|哪能|哪可以|哪家|什么地方|哪)[^，]{0,6}修")
# 充电口都是坏的 / 插座全坏的 / 血压计坏的: 坏 as the predicate of 是…的, or said of a device — the
# state found, a report.
_BROKEN_STATE = re.compile(r"(?:是|都|全)(?:坏|烂)的|(?:计|机|器|柜|炉|灯|座|口|桩|箱)(?:是)?(?:坏|烂)的(?:了|啊|呀)?$")


# 定位不准 我在越城区 / 刚才发的位置不对 我其实在海曙: the rider's own position was wrong and they
# say where they are — a place given, not a station misplaced on the map.
_I_AM_AT = re.compile(r"我(?:其实|实际上?|现在|人|本人)?(?:是)?在")


def _own_position_put_right(f: Features) -> bool:
    """A clause on the position (定位 / 位置) being wrong, then one saying where the rider is; no
    station named. (导航到的地方没驿站，我在海曙 stays a report: the map led them wrong.)"""
    head, _, last = f.text.rpartition("，")
    return bool(head and _I_AM_AT.match(last) and (f.cities or f.districts or f.place)
                and ("定位" in head or "位置" in head) and not any(w in head for w in ("导航", "地址", "地图"))
                and not any(m.kind == STATION for m in f.mentions) and not f.has(*cues.ANAPHORA))


def _kind(f: Features) -> str | None:
    if f.has(*_OWN) or f.has(*_TO_THE_BOT):
        return None           # 家里冰箱坏了: the rider's own thing (→ 修家电), not a station's
    if _own_position_put_right(f):
        return None
    if "appliance_repair" in f.codes and f.has(*OWN_APPLIANCES):
        return None           # 电饭煲坏了 红日亭能修吗: an appliance no station has — the rider's, to be repaired
    if _WHERE_TO_FIX.search(f.text) and not f.stations and "station" not in f.cues:
        return None
    # (准不准 asks whether it is right: its 不准 reports nothing)
    if (f.has(*cues.REPORT_WRONG_LOCATION) and not _only_asks_right(f)) or _WRONG_PLACE.search(f.text) \
            or (lookalikes.MISTAKEN.search(f.text) and not asks(f)):   # 标的驿站其实是个菜鸟驿站
        return "wrong_location"
    if f.has(*cues.CANT_FIND) and (f.stations or "station" in f.cues or f.has(*cues.ANAPHORA)) \
            and not asks(f) and not f.has(*cues.WHERE, *cues.NAVIGATE):
        return "wrong_location"   # 越东路驿站找不到 / 你说的那个找不到 (but 找不到驿站在哪 asks the way)
    if _broken_word(f) or _equipment_dead(f) or _equipment_empty(f) or _stopped_working(f) \
            or _BROKEN_STATE.search(f.text) or _BURNT.search(f.text):
        return "broken"
    if f.has(*cues.REPORT_BLOCKED) and not asks(f):
        return "other"
    if _WRONG_DATA.search(f.text) and not asks(f):
        return "other"        # 你们写的开放时间不对: what the data says is wrong
    if would_be_shut(f):
        return None           # 那我五点钟过去不是进不去: the hours asked about a time to come
    locked = bool(_LOCKED.search(f.text))
    closed = f.has(*cues.REPORT_CLOSED)
    if closed and _NOT_YET_CLOSED.search(f.text):
        # 丁家桥快关门了吧 / 知道几点关门了: closing soon or the closing time, not a door found shut
        rest = _NOT_YET_CLOSED.sub("", f.text)
        closed = any(w in rest for w in cues.REPORT_CLOSED)
    if (closed and not f.has(*_CLOSED_QUESTIONS)) or locked:
        return "closed"
    if (f.has(*cues.REPORT_OTHER) and not _asks_fee(f) and not _wants_free(f) and not _own_state(f)
            and not _own_water(f)) \
            or (f.has(*cues.REPORT_UPKEEP) and not _own_used_up(f) and not _done_using(f)) \
            or _REFUSED.search(f.text):
        return "other"
    return None


# A time the rider would come, then being shut out (五点钟过去不是进不去 / 要是晚上十点去会不会关门):
# the station's hours asked, nothing found shut.
_WOULD_BE_SHUT = re.compile(r"(?:[0-9一二三四五六七八九十两]+点|点钟|点半|晚上|早上|半夜|凌晨)[^，]{0,4}?(?:过去|去|到)(?:的话)?"
                            r"(?:不是|岂不是|会不会|是不是|那不是)(?:就)?(?:进不去|关门|锁门|没开)|"
                            r"(?:[0-9一二三四五六七八九十两]+点|点钟|点半)[^，]{0,4}?(?:过去|去|到)(?:的话)?"
                            r"(?:就)?(?:进不去|关门了|锁门了|没开)(?:吗|么|嘛|吧)$")


def would_be_shut(f: Features) -> bool:
    return _WOULD_BE_SHUT.search(f.text) is not None


# 天不亮就出来了 / 天还没亮: the hour before dawn — no light found broken.
_DARK_SKY = re.compile(r"天(?:还|都|也)?(?:不|没)亮")


def _broken_word(f: Features) -> bool:
    if not f.has(*cues.REPORT_BROKEN):
        return False
    rest = _DARK_SKY.sub("", f.text)
    return rest == f.text or any(w in rest for w in cues.REPORT_BROKEN)


# 工作人员不让外卖骑手进去 / 保安不让我们坐: someone kept out or from using it, whoever is named
# between (让不让骑手进 asks whether they may).
_REFUSED = re.compile(r"(?<!让)不让[^，]{0,6}?(?:进|用|坐|待|呆|歇|休息|上厕所|充电|热饭|接水)")


# A locked door found, said in any words (门口挂着一把大锁 / 门上了锁 / 敲门没人应): the rider
# was there and it was closed — a 还开不开 after it is rhetorical, the finding is the report.
_LOCKED = re.compile(r"(?:挂着?|上了|落了)[^，]{0,4}锁|锁着门|门[^，]{0,3}锁(?:着|的|住了)|敲[^，]{0,4}门[^，]{0,4}没(?:人|有人)|"
                     # 9点了还没人开 / 等半天都没人来开: nobody came to open it
                     r"(?:还|都|也)没(?:有)?人(?:来)?开(?![车会发])")

def _only_asks_right(f: Features) -> bool:
    """位置准不准 / 信息准不准: the only wrong-place word is the 不准 of the question 准不准."""
    if "准不准" not in f.text:
        return False
    rest = f.text.replace("准不准", "")
    return not any(w in rest for w in cues.REPORT_WRONG_LOCATION)


# 快关门了 / 马上要关门了: about to close; 几点关门了: the closing time — neither found it shut.
_NOT_YET_CLOSED = re.compile(r"(?:快要?|就要|马上要?|要|几点|什么时候)关门了")
# 你们写的开放时间不对 / 电话写错了 / 信息有误: the data is wrong (the place: wrong_location above).
_WRONG_DATA = re.compile(r"(?:开放时间|营业时间|时间|信息|资料|数据|电话|名字|写的|标的)[^，]{0,3}?"
                         r"(?:不对|错了|有误|写错|搞错|弄错|(?<!准)不准|过时了?)")

# Station equipment that stopped doing its job: 微波炉不热了, 空调不凉了, 灯不亮了 — a negated
# function verb with 了 (a change of state), not the rider declining (不用了, 不要了).
_STOPPED = re.compile("(?:" + "|".join(cues.EQUIPMENT) + r")[^，]{0,4}?(?:也|又|都)?不(?![用要需想知会能])"
                      r"[\u4e00-\u9fff]{1,2}?了")


def _stopped_working(f: Features) -> bool:
    return bool(_STOPPED.search(f.text))


def _asks_fee(f: Features) -> bool:
    """要收钱吗 / 洗澡要收费吗: a question about the fee — a fact of the station, not a report
    (收钱了, 乱收费 state one). Only when a fee word is the one report cue."""
    other = [w for w in cues.REPORT_OTHER if w not in cues.FEE and w in f.grams]
    return not other and f.has(*cues.COST) and (asks(f) or f.has(*cues.FEE_QUESTIONS)) and not f.has("乱收费")


# 不收钱的 / 不要钱的那种: a free one wished for — no fee found charged.
_FREE_WISHED = re.compile(r"不(?:收钱|要钱|收费)的")


def _wants_free(f: Features) -> bool:
    other = [w for w in cues.REPORT_OTHER if w not in cues.FEE and w in f.grams]
    return not other and _FREE_WISHED.search(f.text) is not None


# The rider's own things running out: 流量用完了 哪里有wifi is a need, not a station's state — those
# only a rider has even beside the station word (有wifi的驿站 流量用完了: the word names what is sought).
_RIDERS_ONLY = ("流量", "话费", "饭卡", "我的")
_RIDERS_OR_STATIONS = ("手机", "电瓶", "电池", "水杯", "杯子", "钱")
_RAN_OUT = r")[^，]{0,3}(用完|没了|没补)"
_OWN_USED_UP = re.compile("(" + "|".join(_RIDERS_ONLY + _RIDERS_OR_STATIONS) + _RAN_OUT)
_ONLY_RIDERS = re.compile("(" + "|".join(_RIDERS_ONLY) + _RAN_OUT)


def _done_using(f: Features) -> bool:
    """用完了 谢谢你们: the rider is done (with the bot, the microwave) and says thanks — nothing
    named has run out."""
    return f.has("用完了", "用好了") and f.has(*cues.THANKS) and not (f.codes or f.stations or "station" in f.cues)


def _own_used_up(f: Features) -> bool:
    return not f.stations and (bool(_ONLY_RIDERS.search(f.text))
                               or (bool(_OWN_USED_UP.search(f.text)) and "station" not in f.cues))


# 车上没水了 哪里能灌点水 / 水壶没水了: the rider's own water run out — a need, not a station's state.
_OWN_WATER = re.compile(r"(?:车上|车里|水壶|壶里|保温杯|杯子|水杯|瓶子|水瓶|我这|身上)[^，]{0,2}没(?:有)?水")


def _own_water(f: Features) -> bool:
    return bool(_OWN_WATER.search(f.text)) and not f.stations and "station" not in f.cues


def _equipment_dead(f: Features) -> bool:
    """插座没电 / 充电柜没电了: station equipment without power (手机没电 is a need)."""
    at = f.text.find("没电")
    window = f.text[max(0, at - 6):at]
    # …微波炉啊手机没电: the rider's own phone is nearer to 没电 than the equipment is
    own = max((window.rfind(w) for w in _RIDERS_THINGS), default=-1)
    return at > 0 and any(window.rfind(w) > own for w in cues.EQUIPMENT)


# 插头烧了 / 微波炉冒烟了 / 插座短路: station equipment burnt out (嗓子冒烟 is thirst, 饭烧焦了 the food).
_BURNT = re.compile("(?:" + "|".join(cues.EQUIPMENT) + r")[^，]{0,3}?(?:烧了|烧坏|烧掉|烧焦|冒烟|短路)")


# 饮水机没水了: station equipment out of what it supplies is broken for the rider (没电: _equipment_dead).
_EQUIPMENT_EMPTY = re.compile("(" + "|".join(cues.EQUIPMENT) + r")[^，]{0,3}(没水|没热水|不来水|断水)|"
                              # 饮水机一滴水都没有了 / 热水器里一点热水也不出: emptiness stressed
                              "(" + "|".join(cues.EQUIPMENT) + r")[^，]{0,2}?一(?:滴|点|口)(?:热?水)?(?:都|也)(?:没|不出)")


# 淋浴啊，没热水 / 浴室不出水: the shower found without water — across a pause, not asked (有没热水).
_SHOWER_EMPTY = re.compile(r"(?:淋浴|花洒|浴室|澡堂)[^，]{0,3}，?(?<!有)(?:没热水|没有热水|不出水|不来水|没水了)")


def _equipment_empty(f: Features) -> bool:
    return bool(_EQUIPMENT_EMPTY.search(f.text)) or (bool(_SHOWER_EMPTY.search(f.text)) and not asks(f))


# 不是八点半开的吗 after a door found locked: the time the rider was promised, said back as a complaint.
_NOT_THE_TIME = re.compile(r"(?:^|，)不是[^，]{1,8}?(?:开|开门|营业)的?(?:吗|么|嘛)$")


def asks(f: Features) -> bool:
    """The message is a question (关门了吗), not a statement of what the rider found
    (不是说8点半开吗 / 不是八点半开的吗 are complaints dressed as questions)."""
    return (f.text.endswith(_ASKING) or f.has(*_CLOSED_QUESTIONS)) and not f.has(*cues.RHETORICAL) \
        and not _NOT_THE_TIME.search(f.text)


def score(f: Features) -> float:
    k = kind(f)
    if k is None:
        return 0.0
    if f.elsewhere:
        return 0.5            # …坏了，还有别的地方能热饭吗: the question for another place needs the answer
    # "关门了吗" / "没开吗" ask about hours; "关门了" / "锁门了" report.
    if k == "closed" and asks(f) and not f.has("锁", "进不去", "贴着", "贴了"):   # (贴着暂停开放: a notice found)
        return 0.5
    return 0.95


# After a wrong-location report, the rider often says where the station really is:
# 实际在华盖山脚下 / 其实在路对面 / 应该在… — more of the same report, not a new question.
_CORRECTION_RE = re.compile(r"^(?:它|那个?驿站|驿站|那个?站)?(?:实际上?|其实|应该|真正|本来)(?:是)?在")


def corrects_location(text: str) -> bool:
    return bool(_CORRECTION_RE.match(text.strip()))

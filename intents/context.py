"""Fragments that mean something only after the bot's last answer: the text side of context.

`understand()` reads one message alone. The dialogue engine (bot/dialogue/engine.py) then reads
it against the conversation — the station in focus, the last question, a pending question — and
asks this module what the *words* say: is it an elliptical "and X?" (那宁波呢), a bare "when?"
(啥时候有), "over there" (那儿有厕所吗), a "which of the two" (这俩哪个能洗澡)? The decisions
that need state stay in the engine; the word lists and patterns live here, next to cues.py.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .normalize import normalize

# The engine asks several of these checks of one message: its written form is made once.
_plain = lru_cache(maxsize=64)(normalize)

# Words that make a need question a search ("附近能洗澡吗"), not one about the station in focus.
LOCATION_CUES = ("附近", "哪里", "哪儿", "哪有", "最近", "我在", "周边", "周围", "哪能", "哪可以", "哪个驿站",
                 "哪家", "离我", "哪些", "别的驿站", "其他驿站", "去哪", "别处", "别的地方",
                 # 有地方测血压不 / 有没有地方洗澡: is there a place (anywhere) — a search
                 "有地方")
# 想找个厕所 / 就找能洗澡的 / 想热个饭: the verb 找, or a want said first, searches, so a need said
# with it is a new search, not a yes/no about the station in focus (找到 / 找不到 / 找着 tell what
# the rider found; 想问 / 想知道 ask about it). A want may open a later clause too: 不热了 想看会书.
_SEARCH_VERB = re.compile(r"找(?![到不着])|(?:^|[，,。！!\s])(?:我|俺|那|那就)?想(?!问|知道|了解)")   # (要 may be "need": 要门禁卡吗
# Elliptical follow-ups: 端午节呢 / 那宁波呢 / 还有心理咨询吗 — the previous question, one slot changed.
_ELLIPSIS = re.compile(r"^\s*(?:那|那么|那要是|要是)?\s*(?P<x>[^，,。？?]{1,12}?)\s*(?:呢|咧)\s*[?？。!！]*\s*$|"
                       r"^\s*(?:那)?还有(?P<y>[^，,。？?]{1,10}?)(?:吗|么|没有|没)\s*[?？。!！]*\s*$|"
                       # 不对 我说的是台州 / 不对 问错了 是义诊: the last question repaired, as 那台州呢 changes it
                       r"^\s*(?:不对|错了)+[，,\s]*(?:我|哦)?(?:说错了|打错了|问错了|搞错了|写错了|看错了)?[，,\s]*"
                       r"(?:我(?:说|问|要|找)的是|我是说|应该是|是)\s*(?P<z>[^，,。？?]{1,12}?)\s*[?？。!！]*\s*$")
# Not a place, said where one was asked: a question, chit-chat, a refusal (不告诉你 / 算了).
_PLACE_REFUSAL = re.compile(r"[吗么呢？?!！]|不|算了|没事|谢|哈|嗯|哦|好的|你好|再见|拜拜")
# A bare "when" fragment (啥时候有 / 几号): the last question's service, asked for its schedule.
# (几点能去 asks the clock time a station can be visited — its hours, not a date; 师傅多久来一次
# names who holds the service, still its schedule)
_WHEN_FRAGMENT = re.compile(r"^(?:那|那么)?(?:师傅|医生|律师|志愿者|理发师|他们|人家)?(?:一般|大概|具体|到底)?(?:是)?"
                            r"(?:(?:啥时候|什么时候|几号|哪几号|哪天|哪几天|哪一天|周几|星期几|啥时间|什么时间|具体时间)"
                            r"(?:有|来|办|搞|开始|能去|去)?"
                            r"|几点(?:有|来|办|搞|开始)?"
                            # how often: 多久有一次 / 一个月几次 / 隔多长时间搞一回
                            r"|(?:隔)?(?:多久|多长时间|几天|一个月|每个月|一周|每周|一年|每年)"
                            # 一个月剪几次 / 多久送一回: the service's own verb may stand in the middle
                            r"(?:有|来|办|搞|才有|[剪理送发做开])?(?:一次|一回|几次|几回))(?:啊|呀|呢)?"
                            r"(?:，?(?:你)?(?:知道|晓得|清楚)(?:不|吗|么))?$")
# 那儿有厕所吗 / 那边能充电不 right after a station was shown: "over there" is the station in
# focus, and so is 里面 / 站里 (inside it). 这里/这边 stay the rider's own spot, and any 哪/附近
# makes it a new search.
_THERE_FRAGMENT = re.compile(r"^(?:那儿|那里|那边|那个站|那个地方|(?:那|站|驿站)?(?:里面|里头|里边)|站里)"
                             r"(?!.*(?:哪|附近|周边))")
# Who may join, said without the union (入 / 参加 / 加入 + a question): after join_union only.
_JOIN_FRAGMENT = re.compile(r"(入|加入|参加|加)(会|工会)?(吗|么|不|没|嘛|啊)?[?？]*$|(能|可以|让)(入|加入|参加)")
# "Which" of the two stations just compared (那哪个能洗澡 / 这俩谁有冰箱) — unless the rider
# widens it to stations in general (附近哪个 / 哪个驿站 / 别的).
_PAIR_WHICH = re.compile(r"哪个|哪家|哪一个|谁|俩|两个|两家|都有|都能|都可以|都几点|区别|不一样")
# Two said outright (两个都有厕所吗 / 俩都能热饭吗): the first two of a list just shown.
_TWO = re.compile(r"俩|两个|两家|两站")
_PAIR_SEARCH = ("附近", "最近", "哪个驿站", "哪些", "别的", "其他", "离我", "周边", "还有")
# A day of the week or part of the day said alone (周日呢, 晚上呢, 明天呢).
_DAY = re.compile(r"^(?:周|星期|礼拜)[一二三四五六日天末]|^(?:今天|明天|后天|工作日|节假日|晚上|早上|中午|上午|下午)")


# A day or part of the day asked as a yes/no (是周末吗 / 周六吗 / 一般是上午吗): said right after when
# an activity is held, whether it falls then — the same activity's schedule.
_DAY_QUESTION = re.compile(r"^(?:那|那么)?(?:是|在|都是|一般是|是不是|都在|一般在)?(?:周[一二三四五六日天末]|星期[一二三四五六日天]|"
                           r"礼拜[一二三四五六日天]|上午|下午|早上|中午|晚上|月初|月中|月底|节假日|工作日)"
                           r"(?:吗|么|嘛|不|呢|啊|吧)?[?？]*$")


def day_question(text: str) -> bool:
    """是周末吗 / 周六吗: whether it falls on that day (said alone)."""
    return _DAY_QUESTION.match((text or "").strip()) is not None


def ellipsis(text: str) -> str:
    """What an "and X?" fragment asks about (那宁波呢 → 宁波, 还有AED吗 → AED, 不对 是宁波 → 宁波), else ""."""
    m = _ELLIPSIS.match(text or "")
    return (m.group("x") or m.group("y") or m.group("z") or "") if m else ""


# 有没有充电的地方 / 有能洗澡的地方吗: a place that has it, anywhere — a search, as 有地方 is.
# (能热饭的地方有没有: a place one can do it at, the same)
_SOME_PLACE = re.compile(r"(?:有|能|可以)[^，,。？?]{1,6}的地方")


def has_location_cue(text: str) -> bool:
    """附近 / 哪里 / 离我 …: the rider asks where, so this is a search, not about the focus."""
    if any(c in text for c in LOCATION_CUES) or _SOME_PLACE.search(text):
        return True
    # in dialect (哪点 / 边度 / 哪旮旯 / 有地儿 …): read in the written form normalize() gives it
    plain = _plain(text)
    return plain != text and any(c in plain for c in LOCATION_CUES)


# 那算了 能洗澡的呢 / 算了 那充电呢: the rider drops the station in view and asks anew; 能洗澡的呢
# (a need with 的 and no noun) asks for a station that has it — both searches, not yes/no of the focus.
_DROPPED = re.compile(r"^(?:那|那就)?算了|^(?:那|那么)?(?:能|有|可以)[^，,。？?]{1,6}的(?:呢|咧)?[?？]*$")


def uses_search_verb(text: str) -> bool:
    """想找个厕所: 找 as a search verb (not 找到 / 找不到 / 找着); 算了 那充电呢: a search anew."""
    return _SEARCH_VERB.search(text) is not None or _DROPPED.search(text.strip()) is not None


def refuses_place(text: str) -> bool:
    """A question, chit-chat or a refusal where a place was asked for: not a place name."""
    return _PLACE_REFUSAL.search(text) is not None


def when_fragment(text: str) -> bool:
    """啥时候有 / 多久一次, said alone."""
    return _WHEN_FRAGMENT.match(text.strip()) is not None


def there_fragment(text: str) -> bool:
    """那儿 / 那边 / 那个站 … at the start, without a where-word: the station just shown."""
    return _THERE_FRAGMENT.match(text.strip()) is not None


def join_fragment(text: str) -> bool:
    """外卖骑手也能入吗 / 我能参加吗: joining, with the union left unsaid."""
    return _JOIN_FRAGMENT.search(text) is not None


# 大的那个 / 远的那家 / 小一点的那个: one of the two stations in view, picked by size or distance.
_ONE_OF_PAIR = re.compile(r"^(?:那|那么)?(?:那个)?(?P<by>大|小|远|近)(?:一点|一些|些)?的(?:那一?个|那一?家|那)")


def one_of_pair(text: str) -> str:
    """大 / 小 / 远 / 近 for 大的那个能量血压吗, else ""."""
    m = _ONE_OF_PAIR.match(text.strip())
    return m.group("by") if m else ""


# 我附近那个 / 我这边这个多大 / 离我近的那个呢: the one station nearest the rider's own position,
# pointed at by where it is (a search would ask 哪里 / 有没有 of 附近 instead).
_NEAR_ME_ONE = re.compile(r"^(?:那|那么|回到|还是|就)?(?:我|俺|咱)(?:家)?(?:这边|这儿|这里|这块|附近|这附近|旁边|身边|边上)的?"
                          r"(?:那一?个|这一?个|那家|这家|那|这)(?:驿站|站点|站)?|"
                          r"^(?:那|那么|还是)?离我(?:最)?近的(?:那一?个|这一?个|那家|这家)")


def near_me_one(text: str) -> bool:
    """我附近那个呢 / 我这边这个有人吗: the station nearest the rider, not a search."""
    return _NEAR_ME_ONE.match(text.strip()) is not None


# 最小的那个 / 这几个里 / 它们中 / 刚才那些: pointing back at stations already talked about.
_BACK = re.compile(r"那一?个|这一?个|那家|这家|这几|那几|这[三四]|它们|他们|刚才|刚刚|上面|前面|^那")


def points_back(text: str) -> bool:
    return _BACK.search(text) is not None


# 顺便能查下眼睛不 / 顺带能充个电吗: whether, while there anyway, the station in view also does it
# (a yes/no question of its own — 想充个电 顺便喝口水 / 顺便问一下 … stay what they say).
_WHILE_THERE = re.compile(r"^(?!.*的(?:有没有|有吗|有不|吗))(?:那)?(?:顺便|顺带|捎带)(?:还|也)?"
                          r"(?:能|可以|能不能|可不可以|有)(?!问)[^，]{1,8}?(?:吗|么|嘛|不|没|没有)[?？]*(?:[，,\s]|$)")


def while_there(text: str) -> bool:
    return _WHILE_THERE.search(text) is not None


# 在哪 发个定位 / 发我个位置 / 定位发我: the station's place sent to the rider (how to send one's own
# pin asks 怎么 / 在哪发 / 点哪).
_SEND_ME_PLACE = re.compile(r"(?:^|在哪里?|在哪儿|[，,\s])(?:你)?(?:发|给)(?:我|个|一下|一个)*(?:定位|位置|地址)"
                            r"(?:给我|过来|吧|呗)?$|^(?:定位|位置|地址)(?:发|给)(?:我|一下)+(?:吧|呗)?$")


_HOW_TO_SEND = re.compile(r"怎么|如何|咋|在哪发|哪里发|点哪")


def sends_me_its_place(text: str) -> bool:
    return _SEND_ME_PLACE.search(text.strip()) is not None and _HOW_TO_SEND.search(text) is None


# 冰箱也有吧 / 还有空调吧 / 应该也能充电吧: a need taken for granted of the station in view —
# 也 / 还 with the tag 吧 asks to confirm it there; it searches nothing.
_CONFIRMS_TOO = re.compile(r"(?:也|还)(?:有|能|可以)[^，,。？?]{0,8}?的?吧[?？]*$|"
                           r"^[^，,。？?]{1,8}?(?:也|还)(?:有|能|可以)的?吧[?？]*$")


def confirms_too(text: str) -> bool:
    return _CONFIRMS_TOO.search(text.strip()) is not None


# 最近那个有AED吗 / 离我最近的这个几点关: "the nearest one" of the list just shown, not a new search.
_NEAREST_SHOWN = re.compile(r"^(?:那|那个)?(?:离我)?最近(?:的)?(?:那一?个|这一?个|那家|这家)(?!.*(?:哪|附近|还有))")


def nearest_shown(text: str) -> bool:
    return _NEAREST_SHOWN.match(text.strip()) is not None


# 在哪扫码 / 去哪入 / 哪里能办, right after the answer on joining: where one joins (附近有驿站不 is a
# search for stations, not for joining).
_WHERE_TO_JOIN = re.compile(r"(?:在哪|去哪|哪里|哪儿|哪能)[^，]{0,2}?(?:扫|入|办|加)|"
                            r"(?:扫码|入会|办理?)[^，]{0,2}?(?:在哪|去哪|哪里)")


def where_to_join(text: str) -> bool:
    return _WHERE_TO_JOIN.search(text) is not None


# 哪里能洗 / 还有哪能热 / 哪可以充一下: a need's verb said alone, its object left to the question before.
_LONE_VERB = re.compile(r"(?:能|可以|好)(?P<v>[\u4e00-\u9fff])(?:一下|下|个)?(?:的)?(?:吗|呢|啊)?[?？]*$")


def lone_verb(text: str) -> str:
    m = _LONE_VERB.search(text.strip())
    return m.group("v") if m else ""


# 是啥子地方 / 是个什么样的地方: what kind of place it is (在什么地方 asks where).
_WHAT_KIND_OF_PLACE = re.compile(r"是(?:个|一个)?(?:啥子?|什么)(?:样的?)?地方")


def what_kind_of_place(text: str) -> bool:
    return _WHAT_KIND_OF_PLACE.search(text) is not None


def says_two(text: str) -> bool:
    return _TWO.search(text) is not None


def asks_which_of_pair(text: str) -> bool:
    """这俩哪个能洗澡: "which" of the stations just compared, not widened to stations in general."""
    return _PAIR_WHICH.search(text) is not None and not any(c in text for c in _PAIR_SEARCH)


# 夏天送啥 / 冬至一般发什么 / 端午节有什么吃的: what is given on an occasion (its words first).
# (送啥好吃的 alone: the occasion was named in the message before — gift_asked)
_OCCASION_GIFT = re.compile(r"^(?:那|那么)?(?P<x>[\u4e00-\u9fff]{2,5}?)?(?:的时候)?(?:都|一般|会|还|又)?"
                            r"(?:(?:送|发|给|有)(?:些|点)?(?:什么|啥)|有(?:什么|啥)(?:送|发))(?:东西|吃的|喝的|好吃的)?$")


def occasion_asked(text: str) -> str:
    """夏天送啥 → 夏天: the occasion whose gifts are asked about, else ""."""
    m = _OCCASION_GIFT.match((text or "").strip())
    return (m.group("x") or "") if m else ""


def gift_asked(text: str) -> bool:
    """送啥好吃的 / 冬至发什么: what is given (on an occasion said now or just before)."""
    return _OCCASION_GIFT.match((text or "").strip()) is not None


# 在医院里面吗 / 是在小区里吗: whether the station is inside that place — where it is, asked yes/no.
_INSIDE = re.compile(r"^(?:它|这个|那个|驿站)?(?:是|就)?在(?P<p>[\u4e00-\u9fff]{2,8}?)(?:里面|里头|里边|里|内)"
                     r"(?:吗|么|嘛|不|没)?[?？]*$")


def inside_asked(text: str) -> str:
    """在医院里面吗 → 医院, else ""."""
    m = _INSIDE.match((text or "").strip())
    return m.group("p") if m else ""


# 有24小时的吗 / 哪个是24h / 24小时的驿站: a search for a round-the-clock station; without these words
# (是24h吗 / 24小时开吗 / 是不是全天开) whether the station in view is open round the clock.
_ROUND_THE_CLOCK_SEARCH = re.compile(r"有|哪|驿站|站点|别的|其他|附近")


def asks_if_round_the_clock(text: str) -> bool:
    """是24h吗 / 24小时开吗: a yes/no of the station in view, not a search for one."""
    return _ROUND_THE_CLOCK_SEARCH.search(_plain(text)) is None


def day_fragment(fragment: str) -> bool:
    """周日 / 明天 / 晚上: a day or part of a day (the fragment of 周日呢)."""
    return _DAY.match(fragment) is not None


# The last search's needs changed by a fragment (the engine keeps the rest of that search):
# one more on top (还要有厕所 / 还得能洗澡 / 再加个侧所 / 加个条件 要有厕所 / 也要能充电) …
_ADD_NEED = re.compile(r"^(?:那|那就|然后|另外|最好|并且|而且)?(?:还|再|也|同时|另外)(?:要|得|需要|想要|必须)|"
                       r"^(?:那|然后|另外)?再?加(?:个|上|一个|一条|一项|点)|^外加|^(?:同时|顺便)(?:还)?(?:要|得|能)")
# … or only what is said now is wanted (有厕所就行 / 那就只要能喂奶的 / 只想充个电).
_ONLY_NEED = re.compile(r"(?:就行|就好|就可以|就够了?|就成|即可)(?:了|啦|吧)?$|^(?:那|那就|算了)?只(?:要|想|需要?)")


def adds_need(text: str) -> bool:
    """还要有厕所 / 再加个淋浴: a need added to those of the last search."""
    return _ADD_NEED.search(_plain(text)) is not None


def only_need(text: str) -> bool:
    """有厕所就行 / 只要能喂奶的: only the need said now (the others of the last search dropped)."""
    return any(_ONLY_NEED.search(clause) for clause in _plain(text).split("，"))


# The words that name a station (哪个驿站最大 asks of stations in general, 哪个最大 of those in view).
STATION_WORDS = ("驿站", "站点", "服务站", "小站")
# "Which one" without widening to stations near the rider (哪个能洗澡, not 附近哪个能洗澡).
_WHICH_ONE = re.compile(r"^(?:那|那么)?(?:哪个|哪家|哪一个|哪一家|谁)")


def asks_which(text: str) -> bool:
    """哪个能洗澡 / 那哪家有空调: which one (of those just listed), not a search near the rider."""
    plain = _plain(text)
    return _WHICH_ONE.match(plain) is not None and not has_location_cue(plain.replace("哪家", "哪个"))

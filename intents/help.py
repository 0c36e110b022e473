"""help — "怎么用", "你能做什么". Answer: what to send (a pin, a need, a station name)."""
from __future__ import annotations

import re

from . import cues, report_problem
from .features import Features

# 你会些什么 / 你都能做什么 / 有什么功能: asking what the bot can do.
_CAN_DO = re.compile(r"(^|你|您|你们)(都|还|到底)?(会|能|可以)(些|点)?(帮我|帮)?(做|干|查|问|找|回答|答|解答)?(些|点)?(什么|哪些)(事|忙|问题)?$|"
                     r"(有|是)?(什么|哪些|啥)(功能|用处|用)$|"
                     # 这个号能干嘛 / 你都能查些什么 / 我该怎么问你: what to ask, what it is for
                     r"(这个号|公众号|^号|你们|您们|你|您)(都|还|到底)?(能|可以|会)(干|做|查|问|帮)(些|点)?(嘛|啥|什么|哪些|$)|"
                     r"(怎么|咋|如何)(问|用|使唤)(你|您)|(能|可以|该)问(你|您)?(些|点)?(什么|啥|哪些)|"
                     # 我该怎么问 / 应该怎么说: how to put a question to the bot, 你 understood
                     r"^(我|我们)?(该|应该|要)(怎么|如何)(问|提问|说|用)(呢|啊)?$|"
                     # 这是干什么的 / 我扫码进来的这个是做什么的 / 这个能查什么: "this" with no noun
                     # after it is the account the rider is talking to (这个驿站是干什么的 is not;
                     # a leading 这个 is already gone as a filler, see normalize._FILLER_HEAD)
                     r"(^|的这个?|的这是|^这是)(号|公众号|东西|程序|小程序|玩意儿?)?(是|能|可以|会)?(用来)?(干|做|查|问)(些|点)?(什么|嘛)(的|用的)?$|"
                     # 这玩意儿咋整 / 你这个哪能用 (Wu 哪能 = 怎么): how to work "this", the account itself
                     r"^(你|您)?(这|这个|你们这个)?(号|公众号|东西|程序|小程序|玩意儿?)?(到底|该|要)?(怎么|如何|哪能)"
                     r"(用|整|弄|操作|使用|使|玩)$")

NAME = "help"
NEEDS_LOCATION = False
ASK = "看使用说明"
SLOTS = ()
EXAMPLES = ("怎么用", "你能做什么", "帮助", "菜单")


# 怎么查驿站 教教我 / 教我怎么用: asking to be taught how to look things up — the bot's own use.
# 发定位在哪发 / 位置怎么发给你 / 在哪里发定位: how to send the rider's location — the bot's own use.
_SEND_PIN = re.compile(r"(?:发|分享|共享|传)(?:个|一下)?(?:定位|位置)[^，]{0,3}?(?:在哪|哪里|哪儿|怎么|咋|如何)|"
                       r"(?:在哪|哪里|哪儿|怎么|咋|如何)[^，]{0,3}?(?:发|分享|共享|传)(?:个|一下)?(?:定位|位置)|"
                       r"(?:定位|位置)(?:要|该|得)?(?:怎么|咋|如何|在哪)(?:发|分享|共享|传)|"
                       # 发定位是点哪个按钮: which button sends it
                       r"(?:发|分享|共享|传)(?:个|一下)?(?:定位|位置)[^，]{0,3}?(?:点|按)(?:哪|什么)|"
                       # 位置发不了 / 定位发不出去: the pin will not go — how else to say where
                       r"(?:定位|位置)(?:怎么|老是|一直)?(?:发不了|发不出|发不上|发不过去|不会发|发送失败)")
# 这个能干嘛 (这个 dropped as a filler, 嘛 as a tail): what "this" — the account — can do.
# 我刚关注，这个能干嘛: the same said as the last clause after the rider says they are new.
_BARE_CAN_DO = re.compile(r"(?:^|，)(?:能|可以|会)(?:干|做)(?:嘛|啥|什么)?$")
_TEACH = re.compile(r"(?:^|，|你|您)教(?:教|一下|下)?我?(?:一下)?(?:吧|呗|啊|呀)?(?:，|$)|教(?:教)?我怎么(?:用|查|问|找驿站)|"
                    # 第一次用 怎么查驿站 / 不太会用…怎么找: new to the bot, asking how it looks things up
                    r"(?:第一次|头一回|头一次|刚开始|刚)用[^，]{0,3}?，?[^，]{0,4}?(?:怎么|如何|咋)(?:查|找|搜|用)|"
                    r"(?:不太|不大|不怎么|不)会用[^，]{0,6}?，?[^，]{0,4}?(?:怎么|如何|咋)(?:查|找|搜)|"
                    # 这个怎么用啊 我要怎么找驿站: how to use it, then how it finds — one how-to question
                    r"(?:怎么|如何|咋)用[^，]{0,6}?，?[^，]{0,4}?(?:怎么|如何|咋)(?:查|找|搜)|"
                    # 我要怎么跟你说你才能帮我找到: how to put it to the bot
                    r"(?:怎么|如何|咋)(?:跟|和|对|给)(?:你|您)(?:说|讲|问|描述|提)")


# 发语音你能听懂吗 / 能打字告诉你地址吗 / 可以发图片吗: whether a way of talking to the bot works.
_CHANNEL = re.compile(r"(?:发|用|说|讲|打|传)(?:个|一个|一下|条)?(?:语音|文字|图片|照片|视频|定位|位置)|打字|语音")
# (the question may be the first clause: 你能听懂语音吗，不太会打字)
_WORKS = re.compile(r"(?:能|可以|可不可以|行不行|听懂|听得懂|看懂|看得懂|识别|认识)[^，]*(?:吗|不|么|没|[?？])?$|"
                    r"(?:听懂|听得懂|看懂|看得懂|识别)[^，]*(?:吗|不|么|没)，")


# 这个公众号怎么找驿站 / 能不能按距离找驿站 怎么弄 / 你能查全国的驿站吗: how the bot is used to look
# things up, or how far its data reaches — the bot's own use, not a search now.
_USE = re.compile(r"(?:公众号|小程序|这个号|^号|用你|在你这)[^，]{0,2}(?:怎么|如何|咋)(?:找|查|搜|用)|"
                  # 怎么查附近的驿站: how looking up is done (怎么找… may be the search itself)
                  r"^(?:请问)?(?:我)?(?:该|要|应该)?(?:怎么|如何|咋)(?:查|搜)(?:一下|询)?(?:附近|周边|身边)?的?(?:工会)?(?:驿站|站点)$|"
                  r"(?:按|根据|按照)(?:距离|远近|位置|定位|城市|地区|区域)(?:来)?(?:找|查|搜|排)(?=.*(?:怎么|如何|能不能|可以吗|行不行))")


def teaches(f: Features) -> bool:
    """怎么查附近驿站啊 教教我: asked to be taught how to look things up — the bot's own use, even
    with the station word and 附近 said (they name what to look up, not a search now)."""
    return bool(_TEACH.search(f.text) or _USE.search(f.text)) and not f.content


def asks_channel(f: Features) -> bool:
    return bool(_CHANNEL.search(f.text)) and bool(_WORKS.search(f.text)) \
        and not (f.codes or f.stations or f.cities or f.districts or f.county or f.report_kind_known and f.report_kind)


# 能一次问好几个条件吗 / 可以同时找两样吗: whether several needs can be asked at once — the bot's own use.
_AT_ONCE = re.compile(r"(?:一次|同时|一起|一块儿?|一下子)(?:性)?(?:问|说|查|找|提|搜)[^，]{0,2}?(?:好几|几|多|两|三)[个样项条种]?"
                      r"(?:条件|问题|要求|需求|东西|事|样)?(?:吗|么|嘛|不|没|呢|[?？])?$|"
                      r"(?:好几|多|两|三)[个样项条种](?:条件|要求|需求)(?:能|可以)?(?:一起|同时|一块儿?)(?:问|查|找|搜)")


# --- questions about the bot itself and its data: answered from what the code does ----------
# (bot/dialogue/about.py). Each kind is asked of the bot or its data: a need or a place named
# makes the message a search, and a station named a question about it — unless what is asked is
# that station's data (丁家桥的信息准不准). The station word alone (驿站信息靠谱不) names none.
# who: 你是谁 / 你叫啥 / 是真人吗 / 是机器人在回吗 / 背后是人工客服吗 / 谁做的 / 官方的吗 / 24小时在线吗
_WHO = re.compile(
    r"(?:你|您)(?:到底|究竟)?(?:是|算)(?:不是)?(?:谁|哪位|什么人|啥人|真人|活人|人|"
    r"机器人|ai|人工智能|机器|程序|自动回复|人工|客服)|"
    r"(?:你|您)(?:的名字)?(?:叫|名字是|名字叫)(?:什么|啥)|怎么称呼(?:你|您)|"
    r"(?:^|，|^那|^哈喽|^你好|^您好|^喂)(?:那边|这边|背后|后台|后面|对面)?(?:是不是|是|有没有|有)(?:真人|活人|人工|机器人|ai|人工智能|机器|程序)"
    r"(?:客服)?(?:吗|么|不|吧|没|嘛|还是|在|来|回|$|，)|转人工|"
    r"(?:^|，|^那|号|公众号|小程序|程序|机器人|助手|你|您|你们)(?:是)?谁(?:做|开发|弄|搞|办|运营|写|维护)的|"
    r"官方(?:的)?(?:号|账号|公众号)?(?:吗|不|么|吧|嘛|没)|"
    r"(?:你|您)[^，]{0,6}在线|(?:问|找|发给?|联系)(?:你|您)[^，]{0,4}?(?:回|答|理)")
# privacy: 我的位置会被保存吗 / 会把我的位置给别人吗 / 聊天记录会被别人看到吗 / 发定位给你会不会泄露
_PRIVACY = re.compile(
    r"(?:位置|定位|地址|聊天记录|聊天内容|记录|个人信息|隐私|手机号|微信号|我说的话?|我发的)[^，]{0,8}?"
    r"(?:保存|保留|存(?!在)|记下|记住|泄露|泄漏|外泄|给别人|给其他人|给第三方|别人看|被看|公开|卖给?|上传|删除?)|"
    r"(?:会不会|会|怕|担心|不会)(?:被)?(?:泄露|泄漏|外泄)|隐私|发(?:定位|位置)[^，]{0,4}(?:安全|放心)|"
    # 你们会保存我的定位吗: the verb first
    r"(?:保存|保留|存|记录|记下|记住|记得|泄露|公开|上传|卖)(?:我的?|我们的?)(?:位置|定位|地址|聊天记录|个人信息|手机号|信息)|"
    # 能不能记住我家在哪 / 你还记得我吗 / 下次能记住我常去哪吗: whether the bot keeps what the rider
    # told it (the rider's own 我记得 is no question to it)
    r"(?<!我)(?:记住|记下|记得|记牢|存下|存着)(?:我|我们)")
# where the data comes from: 数据从哪来的 / 这些驿站信息是哪里查的 / 资料来源
_SOURCE = re.compile(r"(?:数据|信息|资料|名单|内容)[^，]{0,6}?(?:从哪|哪来|哪里来|哪儿来|哪里查|哪查|哪儿查|"
                     r"哪里找|哪找|来源|出处|谁提供|谁给)")
# how sure it is: 信息准不准 / 靠谱不 / 开放时间是最新的吗 / 是实时的吗
_ACCURACY = re.compile(r"(?:数据|信息|资料|名单|内容|你说的|你给的|你这|你们的|开放时间)[^，]{0,6}?"
                       r"(?:准不准|准吗|准么|准不|准确|靠谱|可靠|可信|靠不住|对不对|真的吗|真的假的|最新|实时|过时|及时)")
# how often it changes: 多久更新一次 / 名单多久更新 / 会更新吗
_UPDATES = re.compile(r"(?:多久|多长时间|隔多久|什么时候|啥时候|经常|定期|多少天|几天|会不会|有没有|常)[^，]{0,4}?"
                      r"(?:更新|刷新)|更新(?:吗|不|么|没|过吗|了吗)")
# how to say the data is wrong: 信息错了怎么反馈 / 去哪里纠错 / 怎么给你们提意见
_FEEDBACK = re.compile(r"(?:怎么|如何|咋|去哪|在哪|哪里|哪儿|找谁|跟谁|向谁|怎样)[^，]{0,6}?(?:反馈|纠错|纠正|更正|报错|"
                       r"提意见|提建议|提个意见|提个建议|提点意见|指正)|(?:反馈|纠错|更正|报错|意见|建议)(?:找谁|给谁|去哪|在哪|怎么)")
# passing it on: 能推荐给工友用吗 / 怎么分享给同事 / 可以转发给其他骑手吗
_SHARE = re.compile(r"(?:推荐|分享|转发|转给|介绍|发给|拉)(?:给)?(?:工友|同事|朋友|其他骑手|别的骑手|骑手|别人|其他人|"
                    r"大家|兄弟|伙计|老乡|群里|同行|师傅)")
# what it costs: 用这个要钱吗 / 公众号收费不 / 你这个查询服务收费吗 / 用你查驿站要付费吗
_PRICE = r"(?:要钱|收费|付费|花钱|掏钱|收钱|免费|要不要钱|收不收费|交钱)"
_COST = re.compile(r"(?:用|使用|关注)(?:你|您|你们|这个|这|你这个|你们这个|这个号|公众号|小程序|这个服务|助手)[^，]{0,4}?"
                   + _PRICE + r"|(?:(?:^|，|(?<=好))(?:你|您)|你这个|你们这个|号|公众号|小程序|查询服务|查询|助手)(?:的)?(?:服务)?(?:是)?"
                   + _PRICE)
# whom to reach: 怎么联系工会 / 怎么联系你们 / 你们电话多少 (no station named)
_CONTACT = re.compile(r"(?:怎么|如何|怎样|去哪|哪里|在哪|咋)[^，]{0,3}?(?:联系|找到?|联络)(?:上)?(?:你们|你|您|工会|工作人员|"
                      r"管理员|人工)|(?:你们|工会)的?(?:联系方式|联系电话|电话)")
# how far the data reaches: 你能查全国的驿站吗 / 外地的也能找吗 / 你们收录了哪些城市
_COVERAGE = re.compile(r"(?:你|您|你们)[^，]{0,2}(?:能|可以|会)(?:查|找|搜)[^，]{0,2}(?:全国|全省|外省|外地|其他省|别的省|"
                       r"其他城市|别的城市|所有城市|每个城市)|(?:全国|外省|外地|其他城市|别的城市)的?(?:也|都)(?:能|可以)(?:查|找|搜)|"
                       r"(?:收录|覆盖)了?(?:哪些|哪几个|几个|多少)(?:城市|地方|地区)|"
                       # 能查哪些城市 / 都能找哪几个地方的: which places the data reaches
                       r"(?:能|可以)(?:查|找|搜)(?:到)?(?:哪些|哪几个|几个|多少个?)(?:城市|地方|地区|市)|"
                       # 能查别的城市的驿站吗: asked without 你
                       r"^(?:能|可以|能不能)(?:查|找|搜)[^，]{0,2}(?:全国|外省|外地|其他城市|别的城市|其他省|别的省)")
# In the order tried: a message may touch two (信息错了怎么反馈 is about feedback, not accuracy).
ABOUT_KINDS = (("feedback", _FEEDBACK), ("contact", _CONTACT), ("privacy", _PRIVACY), ("share", _SHARE), ("cost", _COST),
               ("source", _SOURCE), ("updates", _UPDATES), ("accuracy", _ACCURACY), ("coverage", _COVERAGE),
               ("who", _WHO))


# Of the "who" questions, those about what the bot is (a person? a program? its name?) — not
# when it answers or who runs the account (你24小时在线吗 / 这个号是谁做的: how the service works).
_IDENTITY = re.compile(r"真人|活人|机器|ai|人工|客服|程序|(?:你|您)(?:到底|究竟)?(?:是|算)谁|叫(?:什么|啥)|怎么称呼")


def asks_identity(f: Features) -> bool:
    """你是谁 / 是真人吗 / 你叫啥: what the bot is — asks nothing of stations or of using it."""
    return about(f) == "who" and _IDENTITY.search(f.text) is not None


# Questions about the data may name the station whose data it is (丁家桥的信息准不准 /
# 红日亭的开放时间是最新的吗); the others name no station.
_OF_THE_DATA = ("feedback", "source", "updates", "accuracy")


def about(f: Features) -> str | None:
    """Which question about the bot or its data the message asks (see ABOUT_KINDS), or None.
    Never with a need or a place named — those make it a search — nor with a station, except
    for a question about that station's data. Worked out once per message, kept on the Features
    (ranking, help.score and the slots all ask)."""
    if not f.about_known:
        f.about_kind, f.about_known = _about(f), True
    return f.about_kind


def _about(f: Features) -> str | None:
    if not f.text or f.codes or f.negated or f.cities or f.districts or f.place or f.other_city or f.county:
        return None
    for kind, pattern in ABOUT_KINDS:
        if (not f.stations or kind in _OF_THE_DATA) and pattern.search(f.text):
            if kind in ("accuracy", "updates") and report_problem.kind(f) and not f.has(*_YES_NO) \
                    and (not report_problem.asks(f) or "，" in f.text):
                # 驿站信息过时了 东宁路早搬走了 / 门口贴着暂停开放，你们信息没更新吗: what the rider
                # found, then the complaint that the data is behind — a report
                return None
            return kind
    return None


# A yes/no question said inside the clause (信息是不是过时了 / 准不准): asked, not reported.
_YES_NO = ("是不是", "会不会", "有没有", "准不准", "对不对", "靠不靠谱")



def score(f: Features) -> float:
    if about(f):
        return 0.88           # (understand() puts it first; a greeting before it keeps the greeting)
    if asks_channel(f):
        return 0.9
    if _AT_ONCE.search(f.text) and not f.content:
        return 0.87
    if teaches(f):
        return 0.87
    if f.has(*cues.HELP) or _CAN_DO.search(f.text) or _BARE_CAN_DO.search(f.text) or _SEND_PIN.search(f.text):
        return 0.35 if f.content else 0.87
    return 0.0

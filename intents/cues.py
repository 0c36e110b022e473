"""Cue phrases shared by several intents: how riders ask "where", "when", "open?", "more".

These are question words, not facilities or services — those live in knowledge/vocabulary.yaml.
Plain substrings of the normalised text; keep each list short and typical.
"""
from __future__ import annotations

import re

FIND = ("附近", "最近", "周边", "周围", "哪里", "哪儿", "哪有", "哪个", "哪些", "哪家", "哪能", "哪可以",
        "有没有", "找", "离我", "近的", "有吗", "在哪", "去哪", "推荐", "能不能", "可以吗", "有哪",
        # 哪还能热饭 / 哪还有开着的: where, with 还 ("still") in between
        "哪还")
WHERE = ("在哪", "地址", "位置", "什么地方", "哪条路", "具体位置", "怎么找", "在什么路")
NAVIGATE = ("怎么走", "怎么去", "导航", "路线", "带我去", "咋走", "咋去", "怎样去", "如何去",
            "怎么过去", "咋过去", "怎样过去", "如何过去",   # 过去: "go over there", the motion verb of 去
            "怎么骑", "咋骑",
            # the map link the answer gives (发个地图链接): the way there, asked for by its form
            "地图链接", "导航链接", "位置链接", "地图连接", "导航连接")
# Two stations' hours compared (哪个开得早 / 关得晚): read by HOURS, by follow_up (of the list shown)
# and by the dialogue's comparison of two named stations (bot/dialogue/facts.py).
HOURS_COMPARED = ("开得早", "开得晚", "开得久", "关得早", "关得晚")
HOURS = ("开门", "关门", "几点", "营业", "开放", "开着", "还开", "开到", "开不开", "开没开", "开了吗",
         "开了没", "24小时", "二十四小时", "通宵", "全天", "晚上", "夜里", "半夜", "深夜", "凌晨",
         "周末", "节假日", "过年", "春节", "下班", "上班时间", "时间", "多晚", "开吗", "开没",
         *HOURS_COMPARED, "开得最", "关得最", "关门最",
         # 是不是天天开 / 有开这么早的吗 (4点出门)
         "天天开", "每天开", "天天都开", "每天都开", "开这么早", "开那么早",
         "开这么晚", "这么早开", "这么晚还开")
OPEN_NOW = ("还开", "开着", "开没开", "开门没", "开了吗", "开了没", "开不开", "营业中", "开吗", "开没", "还有开门", "有开门的",
            "还能去", "能进去", "还能进", "进得去", "能不能进", "能进吗")
NOW = ("现在", "此刻", "目前", "这会", "这时候",
       # 这个点还有开门的吗: "this hour" — now
       "这个点", "这个钟点", "眼下")
# Can I still make it (before it closes)? — 还来得及吗 asks whether it is open now.
IN_TIME = ("来得及", "来不来得及", "赶得上", "赶得及", "赶不赶得上")   # open now only together with an hours cue
OPEN_24H = ("24小时", "二十四小时", "通宵", "全天", "24h", "全天候", "一整天", "365天", "全天都开", "整夜")
# The small hours: a station "still open" then is one open round the clock (半夜哪个驿站还开着).
LATE_NIGHT = ("半夜", "深夜", "凌晨", "后半夜", "大半夜")
NIGHT = ("晚上", "夜里", "半夜", "深夜", "凌晨", "夜间", "夜班", "今晚", "明晚")
WHEN = ("什么时候", "啥时候", "哪天", "几号", "多久一次", "几次", "频率", "日子", "时间安排", "每月",
        "每周", "定期", "哪一天", "多久", "什么时间", "啥时间", "几月", "每天都有", "天天有", "天天都有", "每天都送", "天天送", "每天送", "每天都发", "天天发", "每年",
        "送不送", "发不发", "还送", "还发", "几点发", "几点送", "几点开始", "几点有", "几时", "冬至", "端午", "夏天", "冬天", "夏季", "冬季", "什么季节", "下次",
        # how often: 一个月几回, 多长时间一次, 隔多久
        "几回", "几趟", "一个月", "每个月", "一周", "多长时间", "隔多久", "下一场", "下一次", "哪几天",
        # which weekday: 义剪一般周几 / 星期几有义诊 (星期天 is normalised to 周日)
        "周几", "星期几", "礼拜几",
        # which holds it more often: 哪个理发更勤 / 次数多
        "更勤", "勤不勤", "频繁", "次数")
# A season says which service (夏天送凉茶), not a question about when: with a where-word
# (哪里有夏天送凉茶的) the message is a search.
SEASON = ("冬至", "端午", "夏天", "冬天", "夏季", "冬季")
WHERE_SEARCH = ("哪里", "哪儿", "哪有", "哪能", "哪家", "哪边", "哪可以",
                # 夏天有伏茶喝的地方在哪: the place where, asked after the service
                "在哪", "的地方")
# Train / coach / flight timetables (宁波到杭州高铁几点): travel questions, not ours.
TRANSPORT = ("高铁", "动车", "火车", "航班", "飞机", "大巴", "长途车", "车次", "班次")
TIMETABLE = ("几点", "时刻", "车票", "票价", "晚点", "几班", "多久到", "要多久")
ACTIVITY = ("活动", "义剪", "义诊", "志愿")
MORE = ("更多", "还有吗", "还有呢", "还有别的", "还有其他", "还有没有别", "其他的", "别的呢", "下一页",
        "换一批", "换几个", "换几家", "换一些", "再换几个", "再来几个", "再多", "其它的", "再给几个", "再看看", "多给几个", "下一批", "还有哪些")
# Is it free? 要钱不 / 收费吗 — a fact of the station's service (乱收费 is a report, see REPORT_OTHER).
# The A-not-A fee questions (收钱不 / 收不收费): asked, though they end in no 吗.
FEE_QUESTIONS = ("收钱不", "收费不", "收不收钱", "收不收费", "要不要钱", "要不要收钱")
COST = ("要钱", "收费吗", "收钱吗", "免费吗", "多少钱", "花钱吗", "付钱吗", "掏钱吗", *FEE_QUESTIONS,
        "要交钱", "交不交钱", "交会费", "会费多少",
        # which of it is free: 有什么免费的 / 哪些是免费的
        "什么免费", "啥免费", "哪些免费", "什么是免费", "啥是免费", "哪些是免费")
# Fees named in a complaint (他们收钱了 / 要收费 才让用): a report — unless asked (要收钱吗).
FEE = ("收钱", "要收费", "收费")
# What a station has, asked bare (里面有什么设施 / 都有哪些服务): about the station in focus.
# (里面都有啥: see follow_up._INSIDE)
OFFERS = ("什么设施", "哪些设施", "啥设施", "什么服务", "哪些服务", "啥服务")
DISTANCE = ("多远", "多少公里", "远不远", "近不近", "多少米", "要多久",
            # said bare right after a station was shown: 远吗 / 远伐 (伐 → 吗) / 近不
            "远吗", "远么", "远不", "近吗", "近么", "近不")
# How long the way takes: a way of going (骑 / 走 / 开车 / 过去) then 多久 / 几分钟 — 要骑多久,
# 骑电动车过去要多久, 走路得多长时间. (Not 还要多久开门: no way of going before it.)
_travel_time_re = re.compile(r"(?:骑|走|步行|开车|开过去|过去|到那)[^，,。？?]{0,6}?(?:多久|多长时间|几分钟|多少分钟)")


def travel_time(text: str) -> bool:
    return bool(_travel_time_re.search(text))


# When it opens, asked with 啥时候 / 什么时候 / 几时 and a bare 开 or 关 (啥时候开 / 什么时候关门) —
# not 什么时候开始 / 开展 (an activity's start) nor 开会.
_opening_when_re = re.compile(r"(?:什么|啥|几)时(?:候)?(?:开|关)(?:门|放|张)?(?:吗|么|呢|啊|呀|$|，)")


def asks_opening_when(text: str) -> bool:
    return bool(_opening_when_re.search(text))


# 东宁路周末上班吗: a station "at work" is open (a rider's own 上班 asks nothing of hours, so the
# callers require a station named or the station word); 南苑礼拜天开不: 开 + a bare 不 at the end.
_at_work_re = re.compile(r"上班(?:吗|么|不|没|没有)?$|上不上班|开(?:门)?不[?？]*$")


def at_work_asked(text: str) -> bool:
    return _at_work_re.search(text) is not None


# Open to whom (面向哪些人开放 / 对什么人开放 / 哪些人能用): whom a station serves — not its hours.
_open_to_whom_re = re.compile(r"(?:面向|对)(?:哪些|什么|谁)[^，]{0,3}?开放|(?:哪些|什么)人[^，]{0,2}?开放")


def open_to_whom(text: str) -> bool:
    return bool(_open_to_whom_re.search(text))


# 电动车 / 电瓶车 is the rider's e-bike: its 动车 is no train.
EBIKE = ("电动车", "电瓶车", "电驴", "小电驴")
# A comparative of distance with no noun (有没有更近的, 再远一点的也行): other stations than those
# just shown, nearer or farther — about the list, not a new search.
NEARER = ("更近", "近一点", "近点", "近一些", "近些", "再近")
FARTHER = ("更远", "远一点", "远点", "远一些", "远些", "再远")
# Merchants and customers of the delivery platforms (投诉这个商家, 商家电话, 顾客给差评): the
# platform's business, not the union's rights support nor a station's.
MERCHANT = ("商家", "店家", "商户", "顾客", "客户", "买家")
ANAPHORA = ("它", "这个驿站", "那个驿站", "这家", "那家", "这个站", "那个站", "这个地方", "那个地方",
            "该驿站", "这站", "那站", "这个服务站", "那个服务站", "刚才那个", "上面那个", "刚刚那个", "刚那个", "刚那家", "刚才那家", "刚刚那家",
            # the one just named by the bot: 刚才说的那个 / 你说的那家
            "说的那个", "说的那家", "提的那个", "推荐的那个", "发的那个")
INFO = ("多大", "面积", "平方", "多少平", "几平", "有什么", "有啥", "有哪些", "提供什么", "什么服务", "什么设施",
        "怎么样", "介绍", "电话", "联系", "几个人", "工作人员", "人员", "医生", "医务", "开业", "成立",
        "建成", "哪年", "什么样", "情况", "服务谁", "谁能", "哪些人", "能干嘛", "干什么的", "信息", "详情", "功能")
# Facts of one station, by the attribute the answer gives (bot/dialogue/answers.about_station):
# its size (大不大), its people (有人看着吗: staffed or unmanned), when it was built, how many
# events it held. Asked bare, they are about the station in focus.
AREA = ("多大", "面积", "平方", "多少平", "大吗", "大不大", "大小", "宽敞", "宽不宽", "几平")
STAFF = ("几个人", "工作人员", "人员", "医生", "医务", "多少人", "有人看", "有人管", "有人守", "有人值班",
         "有人值守", "无人值守",
         # whether anyone is there at a time (晚上有人吗 / 半夜有没有人): its staffing, not a greeting
         "晚上有人", "夜里有人", "半夜有人", "晚上有没有人", "夜里有没有人", "半夜有没有人", "周末有人",
         # 它有人在吗 / 那边有人吗: whether the station pointed at is staffed, no call for attention
         "它有人", "它有没有人", "那个有人", "这个有人", "那个有没有人", "这个有没有人", "那边有人", "那里有人", "那儿有人", "站里有人", "里面有人")
PHONE = ("电话", "联系方式", "手机号", "联系")
OPENED = ("开业", "成立", "建成", "哪年", "哪一年", "什么时候建", "投用", "建的", "几几年",
          # when it started running: 什么时候开始运营的 / 哪年投入使用 (not the daily opening time)
          "开始运营", "投入运营", "运营的", "投入使用", "开张", "开始用", "开始使用", "启用",
          # 什么时候开的 / 开了多久了: since when it exists (几点开 is its hours)
          "什么时候开的", "啥时候开的", "开了多久", "开多久了", "开了几年", "哪年开的",
          # 哪一年弄的 / 什么时候开始弄的: since when it was set up, said plainly
          "哪一年", "哪年弄", "几几年弄", "什么时候弄的", "啥时候弄的", "什么时候开始弄", "啥时候开始弄")
# Who runs it (谁办的 / 谁在管 / 哪个单位搞的): the organisations the data names for it.
RUNNER = ("谁办", "谁在办", "谁在管", "谁管", "谁提供", "谁在搞", "谁搞的", "谁开的", "谁建的", "谁出钱", "谁负责", "谁在负责",
          "主办")
# How to get in (怎么进门 / 进门要刷卡吗): the station's way in — its access facility, if any.
ENTRY = ("怎么进门", "咋进门", "如何进门", "怎么进去", "咋进去", "如何进去", "怎么开门", "咋开门", "进门方式",
         "进门要", "进去要", "进门刷", "刷啥", "刷什么")

EVENTS = ("多少场", "几场", "场次", "办过多少", "搞过多少", "多少次活动", "几次活动")
GREETING = ("你好", "您好", "哈喽", "hello", "hi", "嗨", "在吗", "在么", "在不在", "早上好", "晚上好", "下午好",
            "中午好", "早安", "有人吗", "有人没", "有人在吗", "有没有人", "喂", "哈啰", "nihao",
            # Cantonese: 雷猴 (你好 as it sounds); its 早晨 (good morning) only alone, see greeting.py
            "雷猴")
THANKS = ("谢谢", "多谢", "感谢", "谢了", "谢啦", "thx", "thank", "辛苦了", "好的", "好嘞", "知道了",
          "明白了", "收到", "ok", "太好了", "点赞", "好人", "懂了", "了解了", "3q", "谢", "感恩")
# Approval emoji sent alone (WeChat's [强] / [OK] / [抱拳] arrive as these): a thank-you.
APPROVAL_EMOJI = frozenset("👍👌🙏🤝💪✌👏🫡❤💯🌹")
HELP = ("帮助", "怎么用", "能做什么", "能干什么", "能干啥", "有什么功能", "help", "菜单", "使用说明",
        "你会什么", "你能帮我", "怎么使用", "说明", "教程", "会干嘛", "干啥用", "有啥用", "怎么玩",
        "能帮我做什么", "你是干什么的", "你是干嘛的", "怎么操作", "不会用", "你会啥", "功能介绍",
        "干嘛的", "发位置", "怎么发", "会啥", "使用方法", "咋用")
OUT_OF_SCOPE = ("天气", "下雨吗", "会下雨", "气温", "温度", "笑话", "唱歌", "唱首", "讲故事", "讲个故事", "股票", "彩票",
                "你是谁", "你叫什么", "机器人", "聊天", "聊聊", "无聊", "游戏", "新闻", "吃了吗", "吃了没",
                "几岁", "你多大", "男的女的", "美女", "帅哥", "红包", "打车", "房租", "相亲", "对象", "爱你", "傻",
                # public transport between places (宁波到舟山怎么坐车): a trip, not a station
                "怎么坐车", "坐什么车", "坐几路", "坐公交", "坐地铁",
                "电影", "足球", "篮球", "翻译", "算命", "星座", "股市", "基金", "油价", "限行", "考试",
                "比赛", "球赛", "演唱会", "直播", "明星", "电视剧", "电视节目", "电视台", "追剧", "综艺", "连续剧", "动漫", "小说", "吃啥好", "吃什么好", "吃点啥好", "吃点什么好", "作业", "写诗", "写首", "生日", "放假安排", "几点了", "今天几号",
                "星期几", "放假吗", "放不放假", "放几天假", "彩礼", "做饭", "菜谱", "怎么做菜", "减肥", "你真笨", "陪我", "多少度", "几度",
                "加油站", "银行", "寄快递",
                # weather asked the A-not-A way; tickets and sights (a trip, not a rest stop)
                "下不下雨", "下不下雪", "会下雪", "热不热", "冷不冷", "刮不刮风", "门票", "景区", "怎么寄", "寄到", "寄件", "邮寄", "取钱", "景点", "好玩", "客服", "笨", "蠢", "垃圾", "废物", "没用的东西")
# Someone else's business (a massage shop, a hotel, a car wash) and which shop is best: asked for
# after a long day (腰酸背痛 附近有没有按摩店), still not a station's — the shop is what is asked.
OTHER_BUSINESS = ("按摩店", "按摩", "足疗", "足浴", "洗脚城", "旅馆", "宾馆", "酒店", "民宿", "住宿", "洗车", "网吧",
                  "旅舍", "青旅", "客栈", "住一晚",
                  "正宗", "好吃的店", "哪家好吃", "哪家店")
# The delivery and ride-hailing platforms and the couriers: their stations, masters and hotlines
# (美团站长 / 顺丰网点) are the platform's, not a union station's.
PLATFORM = ("美团", "饿了么", "蜂鸟", "顺丰", "京东", "闪送", "达达", "滴滴", "货拉拉", "跑腿", "菜鸟", "中通",
            "圆通", "申通", "韵达", "极兔", "平台")
# Things that belong to someone else even when a need word appears with them: a car charger
# is not a station's phone charging, a platform's hotline is not a station's phone.
NOT_OURS = ("汽车", "轿车", "私家车", "新能源车", "汽油", "柴油", "加油站", "客服", "招聘", "招骑手", "火车站", "高铁站", "机场", "地铁站")
# "What time is it" — a clock question, not opening hours (现在几点关门 asks for hours).
ASK_CLOCK = ("现在几点", "几点了", "现在是几点", "几点钟了", "现在几点钟")
# Parcel lockers and shops (菜鸟驿站, 丰巢): someone else's "驿站", not a union rest station.
PARCEL = ("菜鸟", "丰巢", "快递柜", "快递驿站", "兔喜", "妈妈驿站", "取快递", "取件", "取包裹", "我的快递",
          "快递到了", "快递到没", "包裹到",
          # sending a parcel, a parcel left at one (附近哪个驿站能寄快递 / 快递放驿站了)
          "寄快递", "寄件", "寄个快递", "快递放", "包裹放")
JOIN = ("入会", "加入工会", "入工会", "工会会员", "会员", "会费", "怎么加入", "申请加入", "办会员",
        "入个工会", "参加工会", "加工会", "进工会", "入个会", "能入吗", "能入不", "可以入吗", "让入吗")
HOW = ("怎么", "如何", "咋", "流程", "条件", "需要什么", "手续", "好处", "可以吗", "能不能", "怎样", "步骤")

# Problem reports by kind. "关门了吗" asks; "关门了" reports — see report_problem.py.
REPORT_CLOSED = ("锁门", "锁着", "锁了", "上锁", "没开门", "不开门", "关着门", "关门了", "门关着", "进不去",
                 "大门紧闭", "没营业", "打不开门", "门打不开", "门锁", "关着", "没人开门", "敲门没人",
                 "铁将军", "没开", "挂着锁", "紧锁", "锁死", "刷不进", "刷不开", "刷不了",
                 # a notice of suspension found at the door (贴着暂停开放): closed
                 "暂停开放", "暂停营业", "暂停服务", "停止开放", "停止营业", "停业", "歇业", "闭馆")
REPORT_BROKEN = ("坏了", "坏掉", "不能用", "用不了", "没法用", "不好用", "不好使", "不工作", "没反应", "故障",
                 "不制冷", "不制热", "不出水", "出不了水", "不加热", "充不了", "没法充", "不通电", "烂了", "损坏",
                 "停用", "不转", "漏水", "堵了", "堵住", "堵塞", "冲不下去", "不亮", "连不上", "断电", "跳闸",
                 "充不进", "没信号", "刷不开", "刷不了", "扫不了", "扫不上", "按不动", "拧不开")
# Station equipment: "没电" after one of these is broken equipment (插座没电), while after the
# rider's own things it is a need (手机没电 → charging).
EQUIPMENT = ("插座", "插头", "插孔", "充电口", "充电柜", "充电桩", "换电柜", "柜子", "灯", "饮水机", "微波炉", "空调",
             "冰箱", "热水器", "风扇", "电扇", "水龙头", "马桶", "电视", "门禁", "充电器", "烧水壶", "热水壶")
REPORT_WRONG_LOCATION = ("位置不对", "地址不对", "定位不对", "位置错", "地址错", "定位错", "找不到驿站",
                         "找不到这个", "根本没有", "不在这", "搬走了", "搬了", "拆了", "没有这个驿站",
                         "不存在", "地图不对", "导航错", "标错", "找了半天", "没找到", "偏了", "位置偏", "定位偏",
                         "不准", "对不上", "地址错了", "标的不对", "乱标", "瞎标")
REPORT_OTHER = ("太脏", "很脏", "好脏", "脏死", "没水了", "没有水了", "态度差", "态度不好", "乱收费", "收钱",
                "要收费", "过期", "态度很差", "态度太差", "态度恶劣", "态度特别差", "态度真差", "很乱", "太乱", "有异味", "臭",
                # something at the station smells or tastes off, has gone bad
                "怪味", "有味道", "味道不对", "味儿不对", "发霉", "霉了", "馊了", "变质", "不新鲜", "反映个问题", "反映一下", "举报", "不让进",
                "不让用", "赶人")
# Rhetorical complaints end like questions but state what the rider found: 不是说8点半开吗.
RHETORICAL = ("不是说", "明明", "说好的", "不是写着", "不是写的", "咋还", "怎么还")
# The way in is blocked by things, not locked: 门口堆满了杂物 进不去 is upkeep (other), not closed.
REPORT_BLOCKED = ("堆满", "杂物", "堆着", "挡住", "挡着", "堵着门", "堵门", "被占", "占着", "停满")
# Wrong location said without 位置/地址 words: 越东路驿站找不到, 导航到南苑是个小区.
CANT_FIND = ("找不到", "找不着", "没找着", "没看到驿站", "没看见驿站")
# Dirty, unstaffed, out of supplies: reports of kind "other" (没水了, 过期 are in REPORT_OTHER).
REPORT_UPKEEP = ("脏得", "脏兮兮", "脏乱", "卫生差", "没人打扫", "不打扫", "没人收拾", "没人管", "没人值班",
                 "没人在", "没纸了", "没有纸", "药没了", "用完了", "没补")
# Questions about roads, weather events, platform rules and licences: someone else's business,
# even when they name a city the bot knows (宁波到杭州的高速堵不堵, 台风什么时候登陆温州).
OFF_TOPIC = ("高速", "堵不堵", "堵车", "路况", "封路", "台风", "登陆", "地震", "暴雨预警", "上牌", "挂牌",
             "驾照", "驾驶证", "行驶证", "年检", "罚款", "扣钱", "扣分", "罚单", "违章",
             # traffic offences and their fines (闯红灯罚多少 / 逆行扣几分): the traffic police's business
             "闯红灯", "逆行", "超速", "罚多少", "罚几", "交警", "超时", "差评",
             "派单", "单量", "跑单怎么", "跑单工资", "跑单规则", "平台规则", "保险理赔", "社保", "公积金",
             # papers from the civil service (办居住证 / 补身份证 / 落户口)
             "居住证", "身份证", "户口", "暂住证", "办证", "健康证", "护照", "通行证",
             # pay per order and train/plane travel between cities (杭州到宁波坐高铁多久)
             "一单多少", "一单几块", "单价", "配送费", "提成", "赚多少", "挣多少", "坐高铁", "坐动车", "坐火车",
             "高铁票", "火车票", "机票", "车票",
             # who runs or builds stations: the union office's business, not a rider's question
             "归谁管", "谁管的", "谁负责", "谁建的", "谁出钱", "谁投资", "申请建", "建驿站", "建个驿站",
             "建一个驿站", "开个驿站", "开一个驿站", "设立驿站", "加盟")
# Holidays: 国庆节放不放假, 过年开不开 — hours the KB may not record.
HOLIDAY = ("国庆", "春节", "过年", "节假日", "放假", "放不放假", "五一", "中秋", "元旦", "清明", "假期",
           "过节", "除夕", "年三十", "周末", "法定假日")
# The next station of the last list.
NEXT = ("下一个", "下一家", "换一个", "换一家", "再换一个", "下一站", "后面那个", "后一个")
# The station before the one in focus, in the last list (第一个 → 下一个 → 上一个).
PREVIOUS = ("上一个", "上一家", "前一个", "前一家")
# The other of the stations in view (另一个呢 / 另外那个能充电不): not the one in focus.
OTHER_ONE = ("另一个", "另外一个", "另外那个", "另一家", "另外一家", "另外那家", "另一个站", "另外那个站")
# A day, a part of the day or an occasion an activity may fall on (国庆有义剪吗 / 义剪是周末搞吗 /
# 这个月还有义剪吗 / 今年伏茶开始发了没): with a service or an activity and no where-word, the
# rider asks when it happens (schedule.asks_when). Evening and night words are not here: with a
# need they ask what is open then (半夜哪能充电).
OCCASION = ("周一", "周二", "周三", "周四", "周五", "周六", "周日", "周末", "星期", "工作日", "上午", "下午",
            # 明天还有早餐不 / 后天有义剪吗: a day named, whether the activity is held then
            "明天", "后天", "这个月", "本月", "下个月", "下月", "月初", "月底", "今年", "明年", "这周", "本周", "下周",
            "元宵", "中秋", "国庆", "春节", "过年", "除夕", "年三十", "清明", "五一", "元旦", "节假日", "过节",
            "开始发", "开始送", "开始了")
# 新年好 / 中秋快乐 / 祝大家端午安康: a festive greeting — a hello, not a question about the holiday's hours.
_festive_re = re.compile(r"^(?:祝你|祝您|祝大家|祝)?(?:新年|新春|春节|中秋节?|国庆节?|端午节?|元旦|元宵节?|节日|过年|"
                         r"冬至|五一|劳动节|圣诞节?|除夕|假期|周末)(?:好|快乐|愉快|安康|大吉)$")


def festive(text: str) -> bool:
    return bool(_festive_re.match(text))


# The calendar, the clock and transport timetables (国庆放几天假 / 中秋节是几号 / 北京时间 / 明早几点日出 /
# 地铁末班车几点 / 还有公交吗 / 定个闹钟 / 会不会下暴雨): someone else's hours and dates, not a station's.
CALENDAR_CLOCK = ("放几天", "几天假", "几号放假", "哪天放假", "节是几号", "节几号", "年是几号", "几月几号", "农历",
                  "北京时间", "日出", "日落", "闹钟", "末班", "首班", "还有公交", "还有地铁", "公交几点", "地铁几点",
                  "暴雨", "会不会下雨", "会不会下雪")
OUT_OF_SCOPE = OUT_OF_SCOPE + CALENDAR_CLOCK     # (kept apart above; every reader uses cues.OUT_OF_SCOPE)

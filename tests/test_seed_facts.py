"""Every fact of the seed article, pinned: a station, a fact, and the article's words for it.

Each row asserts two things: the quote really occurs in the article, and stations.yaml holds the
fact. The set tests at the bottom assert the data holds nothing more than these rows — a station
whose text names no microwave has none.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.loader import load_stations

ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = "000_d5ff40770a254b8d.txt"
SEED_COPY = Path(__file__).parent / "fixtures" / f"seed_{SEED_NAME}"   # the article, kept with the tests
SEED_SHARED = ROOT.parent / "shared" / "seed" / SEED_NAME
SEED = SEED_COPY.read_text(encoding="utf-8")
STATIONS = {s.id: s for s in load_stations(ROOT / "knowledge" / "stations.yaml")}

HZ, WZ, JX, JH = "hz-dongning-aixinyijia", "wz-lucheng-hongriting", "jx-nanhu-dingjiaqiao", "jh-wucheng-eye-hospital"
NB, HUZ, SX, TZ = "nb-haishu-nanyuan", "huz-wuxing-yangshan", "sx-yuecheng-gongyong-gaoxin", "tz-jiaojiang-365-001"

# (station, kind, value, quote from the article)
FACTS = [
    # 杭州 东宁路爱心驿家
    (HZ, "name", "杭州市职工服务中心东宁路爱心驿家", "打卡地址：\n杭州市职工服务中心东宁路爱心驿家"),
    (HZ, "city", "杭州市", "杭州市职工服务中心东宁路爱心驿家毗邻"),
    (HZ, "landmark", "毗邻明月嘉苑三区公交车站", "东宁路爱心驿家毗邻明月嘉苑三区公交车站"),
    (HZ, "area_m2", 200, "占地面积近200平方米"),
    (HZ, "area_text", "近200平方米", "占地面积近200平方米"),
    (HZ, "highlight", "“背奶妈妈”也能来", "推荐理由：\n“背奶妈妈”也能来"),
    (HZ, "facility", "library", "爱心驿家内有职工书屋、休息室、卫生间等配套基础设施"),
    (HZ, "facility", "rest", "爱心驿家内有职工书屋、休息室、卫生间等配套基础设施"),
    (HZ, "facility", "toilet", "爱心驿家内有职工书屋、休息室、卫生间等配套基础设施"),
    (HZ, "facility", "drinking_water", "提供饮水、休息、充电、停车等周全服务"),
    (HZ, "facility", "charging", "提供饮水、休息、充电、停车等周全服务"),
    (HZ, "facility", "parking", "提供饮水、休息、充电、停车等周全服务"),
    (HZ, "facility", "microwave", "微波炉是冬天使用频率最高的电器"),
    (HZ, "facility", "washroom", "爱心驿家还特地增设盥洗室和妈咪暖心小屋"),
    (HZ, "facility", "nursing_room", "年轻的“背奶妈妈”也可以用妈咪暖心小屋解燃眉之急"),
    (HZ, "facility", "hand_warmer", "盥洗室加装了暖水宝"),
    (HZ, "serves", "环卫工人", "附近工作的环卫工人都来这里热饭、休息"),
    (HZ, "serves", "背奶妈妈", "年轻的“背奶妈妈”也可以用妈咪暖心小屋"),
    (HZ, "serves", "杭州职工", "这里是杭州职工最愿意依靠的“家”"),
    (HZ, "serves", "户外劳动者", "这样户外劳动者冬天使用的时候会更舒服一些"),
    (HZ, "note", "微波炉是冬天使用频率最高的电器", "微波炉是冬天使用频率最高的电器"),
    # 温州 红日亭
    (WZ, "name", "温州市鹿城区红日亭工会户外劳动者服务站", "打卡地址：\n温州市鹿城区红日亭工会户外劳动者服务站"),
    (WZ, "city", "温州市", "温州市鹿城区红日亭工会户外劳动者服务站坐落于"),
    (WZ, "district", "鹿城区", "温州市鹿城区红日亭工会户外劳动者服务站坐落于"),
    (WZ, "landmark", "华盖山脚下", "坐落于华盖山脚下"),
    (WZ, "opened", "2023-03", "2023年3月该服务站成立之时"),
    (WZ, "highlight", "“工会+慈善”的服务模式", "推荐理由：\n“工会+慈善”的服务模式"),
    (WZ, "note", "江南风格的园林式古亭", "是一座具有江南风格的园林式古亭"),
    (WZ, "service", "free_breakfast", "为广大户外劳动者提供免费早餐"),
    (WZ, "service", "summer_tea", "夏送伏茶"),
    (WZ, "service", "winter_porridge", "冬送热粥"),
    (WZ, "service", "festival_food", "端午节送粽子、冬至送汤圆"),
    (WZ, "facility", "rest", "休息饮水、充电等服务"),
    (WZ, "facility", "drinking_water", "休息饮水、充电等服务"),
    (WZ, "facility", "charging", "休息饮水、充电等服务"),
    (WZ, "service", "volunteer", "持续开展志愿服务"),
    (WZ, "service", "legal_aid", "开展法律咨询和援助"),
    (WZ, "service", "health_check", "义诊和健康体检"),
    (WZ, "service", "counselling", "心理健康咨询"),
    (WZ, "service", "haircut", "心理健康咨询、理发、家电维修等暖心服务"),
    (WZ, "service", "appliance_repair", "心理健康咨询、理发、家电维修等暖心服务"),
    (WZ, "activity", ("夏送伏茶", "夏季", None), "从夏送伏茶到冬送热粥，持续开展志愿服务"),
    (WZ, "activity", ("冬送热粥", "冬季", None), "从夏送伏茶到冬送热粥，持续开展志愿服务"),
    (WZ, "activity", ("端午节送粽子", "端午节", None), "端午节送粽子"),
    (WZ, "activity", ("冬至送汤圆", "冬至", None), "冬至送汤圆"),
    (WZ, "activity", ("红日亭志愿服务团队志愿服务", "持续开展", None), "持续开展志愿服务"),
    (WZ, "serves", "快递员", "为快递员、外卖配送员、网约车司机、大货车司机、环卫工人等户外劳动者"),
    (WZ, "serves", "外卖配送员", "为快递员、外卖配送员、网约车司机、大货车司机、环卫工人等户外劳动者"),
    (WZ, "serves", "网约车司机", "为快递员、外卖配送员、网约车司机、大货车司机、环卫工人等户外劳动者"),
    (WZ, "serves", "大货车司机", "为快递员、外卖配送员、网约车司机、大货车司机、环卫工人等户外劳动者"),
    (WZ, "serves", "环卫工人", "为快递员、外卖配送员、网约车司机、大货车司机、环卫工人等户外劳动者"),
    # 嘉兴 丁家桥
    (JX, "name", "嘉兴市南湖区丁家桥社区个性化惠工小站", "打卡地址：\n嘉兴市南湖区丁家桥社区个性化惠工小站"),
    (JX, "city", "嘉兴市", "嘉兴市南湖区丁家桥社区个性化惠工小站面积约30平方米"),
    (JX, "district", "南湖区", "嘉兴市南湖区丁家桥社区个性化惠工小站面积约30平方米"),
    (JX, "area_m2", 30, "面积约30平方米"),
    (JX, "area_text", "约30平方米", "面积约30平方米"),
    (JX, "opened", "2022-05", "于2022年5月建设完成并投入使用"),
    (JX, "hours", "daily 08:30-17:00", "每日开放时间为早上8:30至17:00"),
    (JX, "highlight", "每月都有志愿服务活动", "推荐理由：\n每月都有志愿服务活动"),
    (JX, "facility", "tables_chairs", "配有桌椅、饮水设备、微波炉、手机充电设施、冰箱等"),
    (JX, "facility", "drinking_water", "配有桌椅、饮水设备、微波炉、手机充电设施、冰箱等"),
    (JX, "facility", "microwave", "配有桌椅、饮水设备、微波炉、手机充电设施、冰箱等"),
    (JX, "facility", "charging", "配有桌椅、饮水设备、微波炉、手机充电设施、冰箱等"),
    (JX, "facility", "fridge", "配有桌椅、饮水设备、微波炉、手机充电设施、冰箱等"),
    (JX, "facility", "rest", "惠工小站内还设有休息阅览区"),
    (JX, "facility", "library", "放置了绿植、图书杂志、法律法规宣传册等书籍，职工可以在此休息和阅读"),
    (JX, "service", "volunteer", "常态化推出雷锋志愿服务活动"),
    (JX, "service", "haircut", "每月组织开展两次爱心义剪活动"),
    (JX, "service", "health_check", "不定期开展义诊、普法等活动"),
    (JX, "service", "legal_aid", "不定期开展义诊、普法等活动"),
    (JX, "activity", ("雷锋志愿服务活动", "常态化", None), "惠工小站常态化推出雷锋志愿服务活动"),
    (JX, "activity", ("爱心义剪", "每月两次", 2), "每月组织开展两次爱心义剪活动"),
    (JX, "activity", ("义诊", "不定期", None), "不定期开展义诊、普法等活动"),
    (JX, "activity", ("普法", "不定期", None), "不定期开展义诊、普法等活动"),
    (JX, "serves", "户外劳动者", "方便户外劳动者就近热饭、喝水、纳凉"),
    (JX, "note", "地理位置便利", "地理位置便利"),
    # 金华 眼科医院
    (JH, "name", "金华市婺城区金华眼科医院工会户外劳动者服务站点", "打卡地址：\n金华市婺城区金华眼科医院工会户外劳动者服务站点"),
    (JH, "city", "金华市", "金华市婺城区金华眼科医院"),
    (JH, "district", "婺城区", "金华市婺城区金华眼科医院"),
    (JH, "landmark", "门诊大厅", "在医院门诊大厅设立"),
    (JH, "area_m2", 10, "占地约十平方米"),
    (JH, "area_text", "约十平方米", "占地约十平方米"),
    (JH, "highlight", "免费提供眼部常规检查", "推荐理由：\n免费提供眼部常规检查"),
    (JH, "facility", "fridge", "站点内除了摆放冰箱、微波炉、饮水机、免费充电站、书籍、电视、雨伞、药箱等设施"),
    (JH, "facility", "microwave", "站点内除了摆放冰箱、微波炉、饮水机"),
    (JH, "facility", "drinking_water", "冰箱、微波炉、饮水机、免费充电站"),
    (JH, "facility", "charging", "饮水机、免费充电站、书籍"),
    (JH, "facility", "library", "免费充电站、书籍、电视"),
    (JH, "facility", "tv", "书籍、电视、雨伞"),
    (JH, "facility", "umbrella", "电视、雨伞、药箱等设施"),
    (JH, "facility", "medicine_kit", "雨伞、药箱等设施"),
    (JH, "facility", "reading_glasses", "还特意摆放老花镜和护眼茶"),
    (JH, "facility", "eye_care_tea", "还特意摆放老花镜和护眼茶"),
    (JH, "service", "eye_check", "该服务站还免费提供眼保健咨询及常规检查"),
    (JH, "note", "独立空间，环境明亮舒适", "站点具有独立空间，环境明亮舒适"),
    # 宁波 南苑
    (NB, "name", "宁波市海曙区段塘街道南苑户外劳动者服务站", "打卡地址：\n宁波市海曙区段塘街道南苑户外劳动者服务站"),
    (NB, "city", "宁波市", "宁波市海曙区段塘街道南苑户外劳动者服务站场地面积650平方米"),
    (NB, "district", "海曙区", "宁波市海曙区段塘街道南苑户外劳动者服务站场地面积650平方米"),
    (NB, "landmark", "段塘街道居家养老服务场地内", "这里依托街道居家养老服务场地"),
    (NB, "area_m2", 650, "场地面积650平方米"),
    (NB, "highlight", "爱心食堂提供低价餐饮", "推荐理由：\n爱心食堂提供低价餐饮"),
    (NB, "facility", "canteen", "此处内设爱心食堂、阅览室、卫生间等5个功能区域"),
    (NB, "facility", "library", "此处内设爱心食堂、阅览室、卫生间等5个功能区域"),
    (NB, "facility", "toilet", "此处内设爱心食堂、阅览室、卫生间等5个功能区域"),
    (NB, "facility", "microwave", "提供微波炉、空调、无线网络、饮用水、充电、淋浴等基础设施"),
    (NB, "facility", "air_conditioning", "提供微波炉、空调、无线网络、饮用水、充电、淋浴等基础设施"),
    (NB, "facility", "wifi", "提供微波炉、空调、无线网络、饮用水、充电、淋浴等基础设施"),
    (NB, "facility", "drinking_water", "提供微波炉、空调、无线网络、饮用水、充电、淋浴等基础设施"),
    (NB, "facility", "charging", "提供微波炉、空调、无线网络、饮用水、充电、淋浴等基础设施"),
    (NB, "facility", "shower", "提供微波炉、空调、无线网络、饮用水、充电、淋浴等基础设施"),
    (NB, "facility", "rest", "户外劳动者歇脚、休息的港湾"),
    (NB, "service", "low_cost_meals", "为户外劳动者提供低价餐饮"),
    (NB, "staff", 6, "站内配备6名工作人员（包括1名医务人员）"),
    (NB, "medical_staff", 1, "站内配备6名工作人员（包括1名医务人员）"),
    (NB, "serves", "环卫工人", "这个供环卫工人、网约车司机、快递小哥等户外劳动者歇脚"),
    (NB, "serves", "网约车司机", "这个供环卫工人、网约车司机、快递小哥等户外劳动者歇脚"),
    (NB, "serves", "快递小哥", "这个供环卫工人、网约车司机、快递小哥等户外劳动者歇脚"),
    (NB, "note", "5个功能区域", "卫生间等5个功能区域"),
    (NB, "note", "就餐、医疗、文化等服务", "为职工群众提供就餐、医疗、文化等服务"),
    # 湖州 阳山时尚谷
    (HUZ, "name", "湖州市吴兴区阳山时尚谷共同富裕服务中心户外劳动者服务站点",
     "打卡地址：\n湖州市吴兴区阳山时尚谷共同富裕服务中心户外劳动者服务站点"),
    (HUZ, "city", "湖州市", "湖州市吴兴区阳山时尚谷共同富裕服务中心户外劳动者服务站点是"),
    (HUZ, "district", "吴兴区", "湖州市吴兴区阳山时尚谷共同富裕服务中心户外劳动者服务站点是"),
    (HUZ, "area_m2", 1000, "整个服务站面积约1000平方米"),
    (HUZ, "area_text", "约1000平方米", "整个服务站面积约1000平方米"),
    (HUZ, "highlight", "面积超大服务超全", "推荐理由：\n面积超大服务超全"),
    (HUZ, "hours", "unknown", "为他们提供全方位、全天候的服务"),
    (HUZ, "note", "全天候", "为他们提供全方位、全天候的服务"),
    (HUZ, "facility", "library", "职工书屋"),
    (HUZ, "facility", "tea_bar", "谈心室、书吧、茶吧、24小时自助取药房"),
    (HUZ, "facility", "pharmacy_24h", "谈心室、书吧、茶吧、24小时自助取药房"),
    (HUZ, "facility", "aed", "还配备了AED除颤仪"),
    (HUZ, "facility", "microwave", "不仅能热饭热菜"),
    (HUZ, "facility", "blood_pressure", "还有测量血压、充电等10项服务"),
    (HUZ, "facility", "charging", "还有测量血压、充电等10项服务"),
    (HUZ, "facility", "drinking_water", "渴可喝水"),
    (HUZ, "facility", "rest", "想歇歇脚就来工人驿站吧"),
    (HUZ, "facility", "staff_shop", "工人驿站还建有职工超市"),
    (HUZ, "service", "counselling", "心理疏导室"),
    (HUZ, "service", "rights_support", "维权帮扶室"),
    (HUZ, "service", "volunteer", "志愿服务室"),
    (HUZ, "serves", "埭溪镇产业工人", "面向埭溪镇产业工人及新就业形态劳动者开放"),
    (HUZ, "serves", "新就业形态劳动者", "面向埭溪镇产业工人及新就业形态劳动者开放"),
    (HUZ, "note", "吴上兴鲜", "入驻“吴上兴鲜”品牌"),
    # 绍兴 公用事业高新
    (SX, "name", "绍兴市公用事业高新户外劳动者服务站点", "打卡地址：\n绍兴市公用事业高新户外劳动者服务站点"),
    (SX, "city", "绍兴市", "位于绍兴市越城区越东路151号"),
    (SX, "district", "越城区", "位于绍兴市越城区越东路151号"),
    (SX, "address", "越东路151号绍兴市公用事业集团高新区废清运分公司内",
     "越东路151号绍兴市公用事业集团高新区废清运分公司内"),
    (SX, "opened", "2022-08", "于2022年8月正式运营"),
    (SX, "area_m2", 18, "该服务站占地面积虽然只有18平方米"),
    (SX, "highlight", "麻雀虽小五脏俱全", "推荐理由：\n麻雀虽小五脏俱全"),
    (SX, "facility", "air_conditioning", "这里配备空调、桌椅、雨伞、饮水机"),
    (SX, "facility", "tables_chairs", "这里配备空调、桌椅、雨伞、饮水机"),
    (SX, "facility", "umbrella", "这里配备空调、桌椅、雨伞、饮水机"),
    (SX, "facility", "drinking_water", "这里配备空调、桌椅、雨伞、饮水机"),
    (SX, "facility", "medicine_kit", "饮水机、应急药箱、简易工具"),
    (SX, "facility", "simple_tools", "应急药箱、简易工具、充电"),
    (SX, "facility", "charging", "简易工具、充电、沐浴"),
    (SX, "facility", "shower", "充电、沐浴、图书阅览"),
    (SX, "facility", "library", "沐浴、图书阅览"),
    (SX, "facility", "microwave", "应急药箱、加热饭菜等设施"),
    (SX, "facility", "rest", "累可歇脚"),
    (SX, "serves", "快递员", "让快递员、外卖骑手、网约车司机、环卫工人等户外劳动者"),
    (SX, "serves", "外卖骑手", "让快递员、外卖骑手、网约车司机、环卫工人等户外劳动者"),
    (SX, "serves", "网约车司机", "让快递员、外卖骑手、网约车司机、环卫工人等户外劳动者"),
    (SX, "serves", "环卫工人", "让快递员、外卖骑手、网约车司机、环卫工人等户外劳动者"),
    (SX, "note", "普惠、朴素、实用", "普惠、朴素、实用是该服务站的“标签”"),
    # 台州 椒江365+
    (TZ, "name", "台州市椒江区总工会365+劳动者驿站001", "打卡地址：\n台州市椒江区总工会365+劳动者驿站001"),
    (TZ, "city", "台州市", "台州市椒江区总工会365+劳动者驿站001是"),
    (TZ, "district", "椒江区", "台州市椒江区总工会365+劳动者驿站001是"),
    (TZ, "opened", "2022-08", "该驿站于2022年8月建成投用"),
    (TZ, "area_m2", 60, "占地面积60余平方米"),
    (TZ, "area_text", "60余平方米", "占地面积60余平方米"),
    (TZ, "hours", "24h", "365天24小时开放、无人值守"),
    (TZ, "highlight", "365天24小时开放", "推荐理由：\n365天24小时开放"),
    (TZ, "note", "无人值守", "24小时开放无人值守的工会驿站"),
    (TZ, "note", "全省首家设备齐全", "是全省首家设备齐全、24小时开放无人值守的工会驿站"),
    (TZ, "facility", "battery_swap", "该驿站外放置电动车换电柜"),
    (TZ, "facility", "card_access", "设置方便统计服务情况的刷卡门禁"),
    (TZ, "service", "policy_publicity", "除政策宣传、扫码入会外"),
    (TZ, "service", "join_union", "除政策宣传、扫码入会外"),
    (TZ, "service", "counselling", "共提供心理咨询、法律咨询等30余场次"),
    (TZ, "service", "legal_aid", "共提供心理咨询、法律咨询等30余场次"),
    (TZ, "service", "warmth_coolness", "开展送温暖、送清凉、节日慰问、公益服务等50余次"),
    (TZ, "activity", ("心理咨询", "经常开展", None), "椒江区总工会依托驿站经常开展特色服务活动"),
    (TZ, "activity", ("法律咨询", "经常开展", None), "椒江区总工会依托驿站经常开展特色服务活动"),
    (TZ, "activity", ("送温暖、送清凉、节日慰问、公益服务", "经常开展", None), "开展送温暖、送清凉、节日慰问、公益服务等50余次"),
    (TZ, "note", "惠及户外劳动者5000余人次", "惠及户外劳动者5000余人次"),
]


def holds(station, kind, value) -> bool:
    if kind == "facility":
        return value in station.facilities
    if kind == "service":
        return value in station.services
    if kind == "hours":
        return station.hours.spec == value
    if kind == "serves":
        return value in station.serves
    if kind == "note":
        return any(value in n for n in station.notes)
    if kind == "activity":
        name, schedule, per_month = value
        return any(a.name == name and a.schedule == schedule and a.per_month == per_month
                   for a in station.activities)
    return getattr(station, kind) == value


@pytest.mark.parametrize("sid,kind,value,quote", FACTS, ids=[f"{r[0]}-{r[1]}-{r[2]}" for r in FACTS])
def test_seed_fact(sid, kind, value, quote):
    assert quote in SEED, f"quote not found in the article: {quote!r}"
    assert holds(STATIONS[sid], kind, value), f"{sid} does not hold {kind}={value!r}"


def test_the_article_copy_is_the_seed():
    if SEED_SHARED.exists():
        assert SEED_SHARED.read_text(encoding="utf-8") == SEED


def test_eight_stations_each_from_the_seed():
    assert len(STATIONS) == 8
    for s in STATIONS.values():
        assert s.source == f"seed/{SEED_NAME}"
        assert s.name in SEED and s.short_name and s.synthetic is False


@pytest.mark.parametrize("kind", ["facility", "service"])
def test_nothing_beyond_what_the_article_says(kind):
    """Each station's codes are exactly the pinned ones: no fact without a quote."""
    for sid, s in STATIONS.items():
        pinned = {v for r_sid, k, v, _ in FACTS if r_sid == sid and k == kind}
        held = s.facilities if kind == "facility" else s.services
        assert held == pinned, f"{sid}: unpinned {sorted(held - pinned)}, missing {sorted(pinned - held)}"


def test_activities_are_exactly_the_pinned_ones():
    for sid, s in STATIONS.items():
        pinned = {v[0] for r_sid, k, v, _ in FACTS if r_sid == sid and k == "activity"}
        assert {a.name for a in s.activities} == pinned
        for a in s.activities:
            assert a.quote is None or a.quote in SEED, f"{sid} {a.name}: quote not in the article"


def test_absent_facts_are_absent():
    assert not STATIONS[WZ].offers("microwave")      # 红日亭: 吃口饭 names no microwave
    assert not STATIONS[WZ].offers("toilet")
    assert not STATIONS[JX].offers("air_conditioning")  # 纳凉 names no device
    assert not STATIONS[HUZ].offers("air_conditioning")
    assert not STATIONS[JH].offers("toilet")
    assert STATIONS[HZ].district is None              # the article names no district for 东宁路
    assert [sid for sid, s in STATIONS.items() if s.offers("battery_swap")] == [TZ]
    assert [sid for sid, s in STATIONS.items() if s.offers("nursing_room")] == [HZ]
    assert [sid for sid, s in STATIONS.items() if s.staff is not None] == [NB]
    assert {sid for sid, s in STATIONS.items() if s.opened} == {WZ, JX, SX, TZ}


def test_only_dingjiaqiao_and_taizhou_have_known_hours():
    assert {sid for sid, s in STATIONS.items() if s.hours.known} == {JX, TZ}
    assert STATIONS[TZ].hours.always and STATIONS[TZ].hours.describe() == "24小时开放"
    # 湖州's 全天候的服务 is not a stated 24-hour opening
    assert STATIONS[HUZ].hours.is_open() is None


def test_every_station_is_placed_approximately_near_its_city():
    centres = {"杭州市": (30.27, 120.16), "温州市": (28.0, 120.67), "嘉兴市": (30.75, 120.76),
               "金华市": (29.08, 119.65), "宁波市": (29.87, 121.55), "湖州市": (30.87, 120.09),
               "绍兴市": (30.0, 120.58), "台州市": (28.66, 121.42)}
    from knowledge.coords import haversine_m
    for s in STATIONS.values():
        assert s.approximate and 1000 <= s.coord_precision_m <= 5000
        assert haversine_m(s.lat, s.lng, *centres[s.city]) < 30_000, s.id


def test_short_names_riders_say():
    assert {s.short_name for s in STATIONS.values()} == {
        "东宁路爱心驿家", "红日亭", "丁家桥", "金华眼科医院", "南苑", "阳山时尚谷", "公用事业高新", "椒江365+"}

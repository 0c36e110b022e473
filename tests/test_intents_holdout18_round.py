"""Mechanisms of the holdout18 round (time and hours; questions about the bot and its data) —
variants of each kind, never the set's sentences: what the bot is, how it keeps a rider's data,
where its data comes from and how sure and fresh it is, how to report wrong data, sharing, cost and
contact (help, `about` slot, answered only with what the code does); a day or an occasion asked of
an activity (schedule) and the answer never saying yes for a day the source does not name; the
calendar, the clock and transport timetables (out_of_scope); festive greetings; a holiday as the
rider's circumstance in a station search; closing soon and the closing time learnt (no report);
a door found locked and wrong data written (reports); 哪还 as a where-word and "the ones open" as a
search condition; a station's staff or way in asked for a time of day; one fact asked again of
another station (那X呢); a day asked right after when an activity is held."""
from __future__ import annotations

import re

import pytest

from bot.config import Config
from bot.dialogue import about
from bot.dialogue.engine import Engine
from bot.messages import TEXT, Incoming
from bot.store import MemoryStore
from bot.store.keys import Keys
from intents import context, understand
from intents.normalize import normalize
from test_dialogue_last import SOURCE, rider

HONGRITING, JIAOJIANG = "wz-lucheng-hongriting", "tz-jiaojiang-365-001"
DINGJIAQIAO, NANYUAN = "jx-nanhu-dingjiaqiao", "nb-haishu-nanyuan"


def ask(config: Config, text: str):
    engine = Engine(SOURCE, MemoryStore(), Keys("yz18"), config)
    return engine.handle(Incoming(user="r18", kind=TEXT, text=text, at=1_700_000_000.0))


# --- questions about the bot and its data: help, with the kind in the `about` slot ------------------
@pytest.mark.parametrize("text, kind", [
    ("你到底是不是真人", "who"), ("你是人工智能吗", "who"), ("这边是机器人回复的吗", "who"), ("有人工客服没", "who"),
    ("你叫什么呀", "who"), ("这个公众号谁开发的", "who"), ("是官方的号吗", "who"), ("晚上你也在线吗", "who"),
    ("凌晨找你能回复吗", "who"), ("转人工",  "who"),
    ("你们会保存我的定位吗", "privacy"), ("我发的地址会泄露吗", "privacy"), ("聊天内容会被公开吗", "privacy"),
    ("我的手机号会给第三方吗", "privacy"),
    ("资料是从哪里来的", "source"), ("这些数据谁提供的", "source"), ("你们信息来源是什么", "source"),
    ("你给的信息可靠吗", "accuracy"), ("资料是不是最新的", "accuracy"), ("驿站信息是不是过时了", "accuracy"),
    ("名单多长时间更新", "updates"), ("资料会定期更新吗", "updates"),
    ("数据有误去哪反馈", "feedback"), ("我想提个建议找谁", "feedback"), ("哪里可以纠错", "feedback"),
    ("能分享给朋友吗", "share"), ("可以介绍给兄弟们吗", "share"),
    ("用你们要花钱吗", "cost"), ("关注这个号收费吗", "cost"), ("你收费吗", "cost"),
    ("怎么联系你们", "contact"), ("工会的联系电话", "contact"),
])
def test_questions_about_the_bot_are_help_with_their_kind(text, kind):
    u = understand(text)
    # what the bot is (a person? its name?) is out_of_scope by the labelling rules; the rest is help
    identity = text in ("你到底是不是真人", "你是人工智能吗", "这边是机器人回复的吗", "有人工客服没", "你叫什么呀", "转人工")
    assert u.intent == ("out_of_scope" if identity else "help"), (text, u)
    assert u.clarify is None and u.slots.get("about") == kind, (text, u)


@pytest.mark.parametrize("text", ["你究竟是谁", "是不是机器人回的", "你算真人吗"])
def test_what_the_bot_is_gets_the_true_answer_under_out_of_scope(text):
    got = ask(Config(), text)
    assert got.intent == "out_of_scope" and "不是真人" in got.text and "帮不上忙" not in got.text


@pytest.mark.parametrize("text, kind", [("丁家桥的信息准不准", "accuracy"), ("红日亭的开放时间是最新的吗", "accuracy"),
                                        ("南苑的资料从哪来的", "source")])
def test_a_question_about_one_stations_data_is_about_the_data(text, kind):
    u = understand(text)
    assert u.intent == "help" and u.slots.get("about") == kind, (text, u)


@pytest.mark.parametrize("text, intent", [
    ("你是机器人吗 附近哪能充电", "find_need"),    # a need asked: the search, not the bot
    ("入会要交钱吗", "join_union"), ("南苑吃饭要钱吗", "station_info"), ("给工友推荐个驿站", "find_station"),
    ("红日亭是官方的吗", "station_info"), ("美团有人工客服吗", "out_of_scope"), ("驿站是谁建的", "out_of_scope"),
    ("东宁路那个早搬走了 信息过时了", "report_problem"),
])
def test_not_about_the_bot(text, intent):
    u = understand(text)
    assert u.intent == intent and "about" not in u.slots, (text, u)


def test_a_greeting_before_the_question_stays_a_greeting_but_answers_it():
    got = ask(Config(), "你好 你收费吗")
    assert got.intent == "greeting" and got.text.startswith("您好") and "不收费" in got.text


def test_a_question_ending_in_a_particle_names_no_place():
    assert understand("是真人在回吗").slots.get("place") is None


def test_the_privacy_answer_reads_the_configuration():
    plain = ask(Config(location_ttl=600, session_ttl=1200), "你们会保存我的定位吗").text
    assert "10分钟" in plain and "20分钟" in plain and "自动失效" in plain
    assert "不记您发的文字和位置" in plain and "高德" not in plain
    assert not re.search(r"位置会(?:被)?(?:永久保存|公开)", plain)
    told = ask(Config(log_raw=True, amap_key="k"), "你们会保存我的定位吗").text
    assert "记下消息原文" in told and "不记您发的文字" not in told and "高德" in told


def test_the_source_answer_counts_the_stations_and_names_the_article():
    text = ask(Config(), "资料是从哪里来的").text
    assert f"{len(SOURCE.kb.stations)}个驿站" in text and "最美驿站" in text and "工会工作人员" in text


@pytest.mark.parametrize("text, must, never", [
    ("你到底是不是真人", "不是真人", ("我是真人", "转给人工")),
    ("名单多长时间更新", "不是实时", ("实时更新", "每天更新")),
    ("你给的信息可靠吗", "以驿站现场为准", ("信息都是准确的", "绝对准确")),
    ("用你们要花钱吗", "不收费", ("元/月",)),
    ("怎么联系你们", "不能转人工", ("客服电话",)),
])
def test_answers_say_only_what_the_code_does(text, must, never):
    got = ask(Config(), text)
    intent = "out_of_scope" if must == "不是真人" else "help"     # what the bot is: out_of_scope
    assert got.intent == intent and must in got.text and not got.meta["stations"], got.text
    assert not any(n in got.text for n in never), got.text


def test_the_way_to_report_that_the_answers_give_works():
    examples = re.findall(r"“([^”]+)”", about.REPORT_HOW)
    assert len(examples) >= 3
    for example in examples:
        assert understand(example).intent == "report_problem", example


# --- a day or an occasion asked of an activity: schedule ------------------------------------------
@pytest.mark.parametrize("text", ["端午有义诊吗", "周六有免费理发吗", "元旦红日亭送粽子吗", "下个月还有普法吗",
                                  "春节有慰问活动没", "冬至发不发汤圆"])
def test_an_activity_on_a_day_is_a_schedule_question(text):
    u = understand(text)
    assert u.intent == "schedule" and u.clarify is None, (text, u)


@pytest.mark.parametrize("text, intent", [("周末哪里能理发", "find_need"), ("国庆哪有义诊", "find_need"),
                                          ("下午能热饭吗", "find_need")])
def test_with_a_where_word_or_a_facility_it_stays_a_search(text, intent):
    assert understand(text).intent == intent


def test_a_gift_the_data_does_not_name_is_still_a_schedule_question():
    assert understand("端午节有没有送鸡蛋").intent == "schedule"


@pytest.mark.parametrize("text", ["这个月义诊几号", "这个周末有义剪吗"])
def test_this_month_is_a_time_not_a_filler(text):
    assert normalize(text).startswith("这个")


@pytest.mark.parametrize("text, said", [("元旦红日亭送粽子吗", "元旦"), ("周六有免费理发吗", "周六")])
def test_the_answer_never_says_yes_for_a_day_the_source_does_not_name(text, said):
    got = rider()(text)
    assert got.intent == "schedule" and f"资料里没写{said}" in got.text


def test_a_day_the_source_names_is_answered_plainly():
    got = rider()("端午红日亭送粽子吗")
    assert got.intent == "schedule" and "资料里没写" not in got.text and "端午" in got.text


def test_a_day_asked_right_after_when_an_activity_is_held():
    send = rider()
    assert "两次" in send("丁家桥理发一个月几次").text
    got = send("周六吗")
    assert got.intent == "schedule" and "两次" in got.text and "资料里没写周六" in got.text
    assert context.day_question("一般是下午吗") and not context.day_question("下午去哪热饭")


# --- the calendar, the clock, transport: someone else's hours -------------------------------------
@pytest.mark.parametrize("text", ["端午节是几号", "五一放几天", "明天日落几点", "公交末班车几点", "帮我设个闹钟",
                                  "温州明天会不会下雨", "几月几号过年"])
def test_calendar_and_clock_questions_are_out_of_scope(text):
    u = understand(text)
    assert u.intent == "out_of_scope" and not u.clarify, (text, u)


@pytest.mark.parametrize("text", ["端午安康", "元旦快乐", "祝大家新年快乐"])
def test_festive_greetings(text):
    assert understand(text).intent == "greeting"


@pytest.mark.parametrize("text", ["春节不回老家 附近有驿站吗", "国庆值班 最近的驿站在哪"])
def test_a_holiday_as_the_riders_circumstance_in_a_station_search(text):
    u = understand(text)
    assert u.intent == "find_station" and u.clarify is None, (text, u)


def test_a_holiday_with_opening_asked_is_still_hours():
    assert understand("春节驿站开不开").intent == "open_hours"


def test_an_ordinal_with_hours_is_about_that_station():
    u = understand("第三个是不是24小时的")
    assert u.intent == "follow_up" and u.clarify is None and u.slots["ordinal"] == 3


# --- closing soon is no report; a locked door and wrong data are -----------------------------------
@pytest.mark.parametrize("text", ["丁家桥马上要关门了吧", "南苑是不是快要关门了"])
def test_closing_soon_is_a_question_about_hours(text):
    u = understand(text)
    assert u.intent == "open_hours" and "report_kind" not in u.slots, (text, u)


@pytest.mark.parametrize("text, kind", [("东宁路门是锁的", "closed"), ("南苑的电话写错了", "other"),
                                        ("营业时间写的不对", "other")])
def test_a_locked_door_and_wrong_data_are_reports(text, kind):
    u = understand(text)
    assert u.intent == "report_problem" and u.slots["report_kind"] == kind, (text, u)


def test_right_or_not_asked_is_no_report():
    assert "report_kind" not in understand("丁家桥位置准不准").slots


def test_the_closing_time_learnt_is_thanks():
    u = understand("好的 知道什么时候开门了")
    assert u.intent == "thanks" and u.clarify is None


# --- needs at a time ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, code", [("凌晨一点后哪还能充电", "charging"), ("想洗个澡 现在开门的", "shower")])
def test_a_need_at_a_time_is_a_search(text, code):
    u = understand(text)
    assert u.intent == "find_need" and u.clarify is None and code in u.slots["codes"], (text, u)


def test_taught_how_to_look_up_stations_is_help():
    u = understand("怎么查驿站 教我一下")
    assert u.intent == "help" and u.clarify is None


# --- a station's staff or way in at a time of day; one fact asked again of another station ---------
@pytest.mark.parametrize("text, attribute", [("红日亭晚上有人看着吗", "staff"), ("椒江365夜里怎么进去", "entry")])
def test_staff_or_way_in_at_night_is_a_station_fact(text, attribute):
    u = understand(text)
    assert u.intent == "station_info" and u.slots.get("attribute") == attribute, (text, u)


def test_the_way_in_at_night_is_answered():
    got = rider()("凌晨去椒江365怎么进去")
    assert got.intent == "station_info" and "刷卡" in got.text


def test_the_same_fact_of_another_station():
    send = rider()
    assert "650" in send("南苑多大").text
    got = send("那东宁路呢")
    assert got.intent == "station_info" and "200" in got.text and "平方米" in got.text

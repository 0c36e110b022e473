"""Context in the dialogue: the station in focus, elliptical follow-ups, cities the data does
not cover, 下一个, holidays, voice without recognition (issue #4, mechanisms 1–3, 6, 8, 9)."""
from __future__ import annotations

from bot.config import Config
from bot.dialogue.engine import Engine
from intents import context
from bot.messages import EVENT, LOCATION, TEXT, VOICE, Incoming
from bot.store import MemoryStore
from bot.store.keys import Keys
from test_dialogue_support import real_source

SOURCE = real_source()
HANGZHOU = (30.30, 120.21)


def rider():
    engine = Engine(SOURCE, MemoryStore(), Keys("yzctx"), Config())
    at = [1_700_000_000.0]

    def send(text=None, pin=None, voice=False, click=None):
        at[0] += 30
        if pin is not None:
            return engine.handle(Incoming(user="r1", kind=LOCATION, lat=pin[0], lng=pin[1], at=at[0]))
        if voice:
            return engine.handle(Incoming(user="r1", kind=VOICE, at=at[0]))
        if click:
            return engine.handle(Incoming(user="r1", kind=EVENT, event="click", key=click, at=at[0]))
        return engine.handle(Incoming(user="r1", kind=TEXT, text=text, at=at[0]))
    return send


# --- 1. the station in focus ------------------------------------------------------------------
def test_a_need_question_after_a_station_is_about_that_station():
    send = rider()
    send("南苑驿站在哪")
    got = send("可以冲凉不")
    assert got.intent == "follow_up" and got.meta["stations"] == ["nb-haishu-nanyuan"]
    assert "有淋浴" in got.text and not got.meta["asks_location"]


def test_a_need_the_focus_lacks_is_answered_no_from_the_kb():
    send = rider()
    send("红日亭地址")
    got = send("有微波炉吗")
    assert got.intent == "follow_up" and got.text.startswith("红日亭") and "wz-lucheng-hongriting" not in got.meta["stations"]
    assert "没有" in got.text


def test_a_location_cue_keeps_it_a_search():
    send = rider()
    send("南苑驿站在哪")
    got = send("附近哪里能冲凉")
    assert got.intent == "find_need" and got.meta["asks_location"]


def test_without_focus_a_need_is_a_search():
    got = rider()("能冲凉吗")
    assert got.intent == "find_need" and got.meta["asks_location"]


def test_after_a_list_of_several_a_need_is_a_search_not_the_first_station():
    send = rider()
    send(pin=HANGZHOU)
    got = send("能洗个澡吗")
    assert got.intent == "find_need" and len(got.meta["stations"]) >= 1
    assert got.meta["stations"][0] != "hz-dongning-aixinyijia"     # it has no shower


def test_a_place_word_of_the_focus_address_asks_where_inside_it():
    send = rider()
    send("金华眼科医院那个驿站有什么")
    got = send("在医院什么地方 哪个位置")
    assert got.intent == "follow_up" and got.meta["stations"] == ["jh-wucheng-eye-hospital"]
    assert "地址" in got.text


# --- 2. elliptical follow-ups -------------------------------------------------------------------
def test_ellipsis_pattern():
    assert context.ellipsis("端午节呢") == "端午节"
    assert context.ellipsis("那宁波呢") == "宁波"
    assert context.ellipsis("还有AED吗") == "AED"
    assert context.ellipsis("红日亭在哪") == ""


def test_an_occasion_after_a_schedule_gives_that_occasions_activity():
    send = rider()
    send("红日亭夏天送伏茶吗")
    got = send("冬至呢")
    assert got.intent == "schedule" and "汤圆" in got.text and "伏茶" not in got.text


def test_a_service_ellipsis_stays_on_the_focus():
    send = rider()
    send("阳山时尚谷有多大")
    got = send("那测血压呢")
    assert got.intent == "follow_up" and got.meta["stations"] == ["huz-wuxing-yangshan"]
    assert "血压" in got.text


def test_a_city_ellipsis_repeats_the_need_there():
    send = rider()
    send(pin=HANGZHOU)
    send("哪里能洗澡")
    got = send("那绍兴呢")
    assert got.intent == "find_need" and got.meta["stations"] == ["sx-yuecheng-gongyong-gaoxin"]


# --- 3. cities with no station --------------------------------------------------------------------
def test_a_city_without_stations_is_said_plainly():
    send = rider()
    got = send("广州哪能喝口水")
    assert "广州" in got.text and "没有" in got.text and not got.meta["asks_location"]
    assert "8个城市" in got.text
    # the question is kept: a covered city answers it
    got = send("那宁波呢")
    assert got.meta["stations"] == ["nb-haishu-nanyuan"]


def test_a_city_named_street_is_not_that_city():
    got = rider()("我在宁波北京路 哪里能洗澡")
    assert "北京" not in got.text.split("\n")[0] or "没有北京" not in got.text


# --- 6. next / lone punctuation -----------------------------------------------------------------
def test_next_goes_down_the_last_list():
    send = rider()
    first = send(pin=HANGZHOU)
    got = send("换一家")
    assert got.intent == "follow_up" and got.meta["stations"] == [first.meta["stations"][1]]
    got = send("下一个")
    assert got.meta["stations"] == [first.meta["stations"][2]]


def test_a_lone_question_mark_gets_help():
    got = rider()("？")
    assert got.intent == "help" and "发送位置" in got.text


# --- 8. holidays ----------------------------------------------------------------------------------
def test_holiday_hours_are_never_claimed():
    send = rider()
    got = send("丁家桥过年开不开")
    assert got.intent == "open_hours" and "没有记录" in got.text
    got = send("椒江365+春节开吗")
    assert "全年" in got.text


def test_holiday_without_a_station_says_nothing_is_recorded():
    got = rider()("五一驿站开门吗")
    assert got.intent == "open_hours" and "没有记录" in got.text and not got.meta["asks_location"]


# --- 9. voice without recognition ---------------------------------------------------------------
def test_voice_without_recognition_asks_for_a_location():
    got = rider()(voice=True)
    assert got.meta["asks_location"] is True and "打字" in got.text


# --- 24h asked without a location, when the data holds only one ---------------------------------
def test_the_only_round_the_clock_station_is_named_without_a_pin():
    send = rider()
    got = send(click="find:24h")
    assert got.meta["stations"] == ["tz-jiaojiang-365-001"]
    got = send("那门禁呢")
    assert got.intent == "follow_up" and "刷卡" in got.text

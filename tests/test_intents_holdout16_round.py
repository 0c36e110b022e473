"""Mechanisms of the holdout16 round (long, untidy conversations) — variants of each kind, never the
set's sentences: a station of the list shown picked by a need (这几个哪个… / 那个有…的…) or as the
nearest (哪个最近); a navigation asked for with a measure word or as a map link; the nearest of an
unknown kind of place; a which-question inside a place phrase; a host institution named without
its kind (金华眼科医院 → 金华眼科); 啥时候开 as opening hours; a bare 早 as a greeting; how to send
a pin, and 这个能干嘛, as help; 几平 as the size; a when-fragment carrying the service's verb; an
occasion's gifts (冬天送啥) about the station in focus; 第一个能扫码入会吗 about that station."""
from __future__ import annotations

import pytest

from intents import context, understand
from test_dialogue_last import rider

TAIZHOU = (28.6600, 121.4200)     # list: 椒江365+ · 红日亭 · 南苑
HANGZHOU = (30.2950, 120.2050)    # list: 东宁路 · 阳山时尚谷 · 公用事业高新
NANYUAN, HONGRITING, JIAOJIANG = "nb-haishu-nanyuan", "wz-lucheng-hongriting", "tz-jiaojiang-365-001"
DINGJIAQIAO, EYE = "jx-nanhu-dingjiaqiao", "jh-wucheng-eye-hospital"


# --- a station of the list shown, picked by a need -----------------------------------------------
@pytest.mark.parametrize("text, code", [
    ("刚才那几个哪个有淋浴", "shower"), ("其中哪家有空调", "air_conditioning"), ("你发的哪个能充电", "charging"),
    ("有微波炉的那家怎么走", "microwave"), ("能洗澡的是哪个", "shower"), ("带厕所的那个在哪", "toilet"),
])
def test_a_need_picks_a_station_of_the_list(text, code):
    u = understand(text)
    assert u.intent == "follow_up" and u.clarify is None and u.slots.get("pick"), (text, u)
    assert code in u.slots["codes"]


@pytest.mark.parametrize("text", ["有厕所的驿站在哪", "附近哪个能洗澡", "能热饭的地方在哪", "哪个驿站有空调"])
def test_a_need_with_a_noun_or_a_where_word_stays_a_search(text):
    u = understand(text)
    assert u.intent == "find_need" and not u.slots.get("pick"), (text, u)


def test_the_picked_station_is_the_first_of_the_list_that_has_it():
    send = rider()
    send(pin=TAIZHOU)
    got = send("上面哪家能洗澡")            # 椒江365+ and 红日亭 have no shower, 南苑 has
    assert got.intent == "follow_up" and got.meta["stations"] == [NANYUAN] and "淋浴" in got.text
    assert "650" in send("它多大").text     # the pick is the station in focus now


def test_a_pick_with_a_distance_question_tells_how_far_that_one_is():
    send = rider()
    send(pin=TAIZHOU)
    got = send("能充电的那个离我多远")      # 椒江365+ has no charging: 红日亭, 103 km
    assert got.meta["stations"] == [HONGRITING] and "公里" in got.text and "uri.amap.com" in got.text


def test_none_of_the_list_has_it_says_so_and_searches():
    send = rider()
    send(pin=HANGZHOU)
    got = send("这几个哪个能理发")          # none of 东宁路 / 阳山 / 公用事业高新 has a haircut
    assert got.intent == "follow_up" and "都没有记录" in got.text
    assert got.meta["stations"][0] == DINGJIAQIAO


def test_a_pick_with_no_list_is_a_search():
    got = rider()("上面哪家能洗澡")
    assert got.meta.get("asks_location") and not got.meta.get("stations")


@pytest.mark.parametrize("text", ["哪家离我最近", "那哪个近", "哪一个最近"])
def test_which_is_nearest_is_about_the_list(text):
    u = understand(text)
    assert u.intent == "follow_up" and u.slots.get("nearer"), (text, u)


def test_which_is_nearest_answers_the_first_of_the_list():
    send = rider()
    send(pin=HANGZHOU)
    assert send("哪家离我最近").meta["stations"] == ["hz-dongning-aixinyijia"]


# --- navigation asked for by a measure word or as a map link -------------------------------------
@pytest.mark.parametrize("text", ["发我个导航", "来个导航", "给我一个导航", "导航链接发一下", "发个位置链接"])
def test_a_navigation_asked_for_is_the_station_just_shown(text):
    u = understand(text)
    assert u.intent == "follow_up" and u.slots.get("attribute") == "navigate", (text, u)


def test_a_navigation_to_an_unknown_place_stays_out_of_scope():
    assert understand("给个导航去火车站").intent == "out_of_scope"


def test_a_navigation_request_after_an_ordinal_gives_its_map_link():
    send = rider()
    send(pin=HANGZHOU)
    send("第三个")
    got = send("来个导航")
    assert got.meta["stations"] == ["sx-yuecheng-gongyong-gaoxin"] and "uri.amap.com" in got.text


# --- the nearest of a kind of place the bot does not know ----------------------------------------
@pytest.mark.parametrize("text", ["附近的修车铺怎么走", "最近的菜市场在哪", "离我最近的药店在哪"])
def test_the_nearest_unknown_place_is_out_of_scope(text):
    assert understand(text).intent == "out_of_scope", text


@pytest.mark.parametrize("text", ["最近的休息站在哪", "最近的工会在哪", "最近的厕所在哪", "最近的驿站怎么走"])
def test_the_nearest_of_what_may_be_ours_is_not_turned_away(text):
    assert understand(text).intent != "out_of_scope", text


# --- which-question inside a place phrase --------------------------------------------------------
def test_which_landmark_a_station_is_beside_is_asked_not_said():
    u = understand("丁家桥在哪个小区旁边")
    assert u.intent == "station_info" and u.slots["stations"] == [DINGJIAQIAO] and not u.slots.get("place")
    assert understand("我在明月嘉苑旁边").intent == "give_place"


def test_it_is_beside_which_stop_after_a_station():
    send = rider()
    send("东宁路爱心驿家几点开")
    got = send("它在哪个路口附近")
    assert got.intent == "follow_up" and "明月嘉苑" in got.text


# --- a host institution named without its kind ---------------------------------------------------
@pytest.mark.parametrize("text", ["金华眼科的驿站几点开", "金华眼科有护眼茶吗", "金华眼科那边有老花镜吗"])
def test_the_hospital_named_without_hospital_is_its_station(text):
    u = understand(text)
    assert u.slots.get("stations") == [EYE], (text, u)


def test_an_eye_check_search_in_jinhua_stays_a_search():
    u = understand("金华哪里能免费看眼科")
    assert u.intent == "find_need" and not u.slots.get("stations")


# --- 啥时候开 is the opening time ----------------------------------------------------------------
@pytest.mark.parametrize("text", ["南苑什么时候开呢", "丁家桥啥时候关", "红日亭几时开门"])
def test_when_it_opens_is_hours(text):
    assert understand(text).intent == "open_hours", text


@pytest.mark.parametrize("text, intent", [("义诊什么时候开始", "schedule"), ("南苑什么时候开的", "station_info")])
def test_when_an_activity_starts_or_a_station_opened_is_not_hours(text, intent):
    assert understand(text).intent == intent, text


# --- greeting and help ---------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["早早", "大哥早", "早，师傅"])
def test_a_short_good_morning_is_a_greeting(text):
    assert understand(text).intent == "greeting", text


def test_early_opening_is_no_greeting():
    assert understand("早上几点开门").intent == "open_hours"


@pytest.mark.parametrize("text", ["这个能做啥", "定位怎么发", "在哪里发位置给你", "分享位置在哪分享"])
def test_what_it_does_and_how_to_send_a_pin_are_help(text):
    assert understand(text).intent == "help", text


# --- 几平 is the size of the station in focus ------------------------------------------------------
def test_how_many_square_metres_bare_is_the_focus_size():
    assert understand("有几平").slots.get("attribute") == "area"
    send = rider()
    send("阳山时尚谷在哪")
    got = send("几平啊")
    assert got.intent == "follow_up" and "1000" in got.text


# --- a when-fragment with the service's verb -----------------------------------------------------
@pytest.mark.parametrize("text", ["多久剪一次", "一周送几回", "每个月发几次"])
def test_a_when_fragment_may_carry_a_verb(text):
    assert context.when_fragment(text), text


def test_a_when_fragment_with_a_verb_asks_the_last_service_schedule():
    send = rider()
    send("嘉兴哪能理发")
    got = send("多久剪一次")
    assert got.intent == "schedule" and "两次" in got.text


# --- an occasion's gifts, about the station in focus ---------------------------------------------
@pytest.mark.parametrize("text, occasion", [("冬至都发啥", "冬至"), ("那端午节送什么", "端午节"), ("热饭", "")])
def test_the_occasion_of_a_gift_question(text, occasion):
    assert context.occasion_asked(text) == occasion


def test_an_occasion_gift_question_is_a_schedule_not_hours():
    assert understand("中秋送啥").intent == "schedule"
    assert understand("冬天送什么").intent == "schedule"


def test_a_season_gift_question_after_a_station_names_its_activity():
    send = rider()
    send("红日亭有什么活动")
    got = send("冬天送什么")
    assert got.intent == "schedule" and "粥" in got.text and "伏茶" not in got.text


# --- joining the union asked of a list item ------------------------------------------------------
@pytest.mark.parametrize("text", ["第二个可以扫码入会不", "它能扫码入会吗"])
def test_joining_asked_of_a_station_is_about_that_station(text):
    u = understand(text)
    assert u.intent == "follow_up" and u.clarify is None, (text, u)


def test_joining_asked_of_the_first_answers_from_that_station():
    send = rider()
    send(pin=TAIZHOU)
    got = send("第一个可以扫码入会不")
    assert got.meta["stations"] == [JIAOJIANG] and "扫码入会" in got.text

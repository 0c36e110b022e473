"""Mechanisms of the holdout8 round (issue #4): variants of each category the blind set found,
never its sentences — traditional characters, out-of-scope targets of a navigation or phone
request, merchant complaints, comparatives about the last list, colloquial forms, stations
described by their area, landmark or a fragment of their name, and the dialogue rules (a need
said with 找 is a search; a service with no recorded time names who offers it)."""
from __future__ import annotations

import time

import pytest

from intents import understand
from intents.normalize import normalize, to_simplified
from test_dialogue_last import JIAXING, WENZHOU, rider

HONGRITING, NANYUAN, DINGJIAQIAO = "wz-lucheng-hongriting", "nb-haishu-nanyuan", "jx-nanhu-dingjiaqiao"
EYE, JIAOJIANG, DONGNING = "jh-wucheng-eye-hospital", "tz-jiaojiang-365-001", "hz-dongning-aixinyijia"
GAOXIN = "sx-yuecheng-gongyong-gaoxin"


# --- traditional characters → simplified at normalisation -------------------------------------
@pytest.mark.parametrize("text, intent, slots", [
    ("哪裡有洗手間", "find_need", {"codes": ["toilet"]}),
    ("紅日亭幾點關門", "open_hours", {"station": HONGRITING}),
    ("請問南苑驛站在哪裡", "station_info", {"station": NANYUAN}),
    ("門鎖著", "report_problem", {"report_kind": "closed"}),
    ("多謝", "thanks", {}),
    ("妳好啊", "greeting", {}),
])
def test_traditional_characters_are_understood_as_simplified(text, intent, slots):
    got = understand(text)
    assert got.intent == intent and got.clarify is None
    assert {k: got.slots.get(k) for k in slots} == slots


def test_t2s_never_rewrites_a_simplified_character_by_a_traditional_phrase_rule():
    # t2s reads 打坏 as traditional 打坯; 坏 is a simplified character of its own here
    assert to_simplified("微波爐被打坏了") == "微波炉被打坏了"
    assert understand("微波爐被打坏了").slots.get("report_kind") == "broken"


def test_zhu_is_the_aspect_particle_except_in_its_written_words():
    assert to_simplified("開著門") == "开着门"
    assert to_simplified("著名的驛站") == "著名的驿站"


def test_simplified_text_passes_through_unchanged_and_fast():
    text = "附近哪里能热饭有没有厕所"
    assert to_simplified(text) is text
    to_simplified(text)
    n = 20000
    t = time.perf_counter()
    for _ in range(n):
        to_simplified(text)
    assert (time.perf_counter() - t) / n < 20e-6     # a set test, not a conversion
    assert normalize("哪裡 有 熱水？") == "哪里有热水"


# --- navigation or a phone number for something that is not a station -------------------------
@pytest.mark.parametrize("text", ["导航到西湖银泰", "带我去人民公园", "怎么去城站广场"])
def test_navigating_to_a_place_that_is_no_station_is_out_of_scope(text):
    got = understand(text)
    assert got.intent == "out_of_scope" and got.clarify is None


@pytest.mark.parametrize("text, intent", [("导航一下", "follow_up"), ("导航去第二个", "follow_up"),
                                          ("咋过去", "follow_up"), ("导航去红日亭", "station_info")])
def test_navigating_to_the_shown_station_a_list_item_or_a_station_is_ours(text, intent):
    assert understand(text).intent == intent


@pytest.mark.parametrize("text", ["中通快递电话是多少", "物业电话多少", "美容店的联系方式"])
def test_the_phone_of_someone_the_bot_does_not_know_is_out_of_scope(text):
    assert understand(text).intent == "out_of_scope"


@pytest.mark.parametrize("text", ["它的电话", "这个驿站电话多少", "工作人员电话多少"])
def test_the_phone_of_the_station_is_still_about_the_station(text):
    assert understand(text).intent in ("follow_up", "station_info")


# --- merchants and customers are the platform's business --------------------------------------
@pytest.mark.parametrize("text", ["投诉商户不给取餐", "想投诉这家店家 饭做错了", "顾客投诉我送晚了"])
def test_a_complaint_about_a_merchant_or_customer_is_out_of_scope(text):
    got = understand(text)
    assert got.intent == "out_of_scope", got


def test_a_merchant_mentioned_with_a_need_search_is_still_the_search():
    got = understand("商家出餐慢 附近哪里能歇会")
    assert got.intent == "find_need" and got.slots["codes"] == ["rest"]


def test_rights_support_without_a_merchant_is_still_a_need():
    assert understand("被拖欠工资想投诉").intent == "find_need"


# --- comparatives about the last list; 一点 after an adjective is no clock time -----------------
@pytest.mark.parametrize("text, slot", [("再近一点的有吗", "nearer"), ("近些的呢", "nearer"),
                                        ("远些的也可以", "more"), ("更远的也行", "more")])
def test_a_distance_comparative_without_a_noun_is_about_the_last_list(text, slot):
    got = understand(text)
    assert got.intent == "follow_up" and got.slots.get(slot) is True


@pytest.mark.parametrize("text", ["便宜一点的饭", "近一点的厕所"])
def test_yidian_after_an_adjective_is_a_little_not_one_oclock(text):
    assert understand(text).intent == "find_need"


def test_one_oclock_is_still_a_clock_time():
    assert understand("南苑凌晨一点开吗").intent == "open_hours"


# --- colloquial forms -------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["工会怎么入", "工会能进不", "工会咋个加入"])
def test_union_fronted_before_a_joining_verb_is_joining(text):
    assert understand(text).intent == "join_union"


def test_union_overtime_pay_is_not_joining():
    assert understand("工会加班费怎么算").intent != "join_union"


@pytest.mark.parametrize("text", ["有人么有人么", "在么"])
def test_me_is_the_question_particle_of_a_greeting(text):
    assert understand(text).intent == "greeting"


@pytest.mark.parametrize("text", ["贴了个停业通知", "驿站门上写着暂停服务"])
def test_a_suspension_notice_is_a_closed_report(text):
    got = understand(text)
    assert got.intent == "report_problem" and got.slots["report_kind"] == "closed"


def test_asking_whether_it_is_suspended_is_an_hours_question():
    assert understand("驿站暂停营业了吗").intent == "open_hours"


@pytest.mark.parametrize("text", ["想找地方躺一会儿", "哪能眯一下", "能歇一会儿不"])
def test_an_intransitive_rest_verb_takes_any_duration_complement(text):
    assert "rest" in (understand(text).slots.get("codes") or [])


@pytest.mark.parametrize("text, code", [("天太热会中暑", "microwave"), ("我坐一下地铁过去有厕所吗", "rest")])
def test_a_transitive_verb_or_a_bare_hui_gets_no_duration_reading(text, code):
    assert code not in (understand(text).slots.get("codes") or [])


# --- stations described rather than named -----------------------------------------------------
@pytest.mark.parametrize("text", ["嗯 最近的那个服务站", "附近的那个驿站在哪"])
def test_a_demonstrative_after_a_describing_modifier_is_a_search_not_anaphora(text):
    got = understand(text)
    assert got.intent == "find_station" and got.clarify is None


def test_a_demonstrative_pointing_back_is_still_anaphora():
    assert understand("刚才那个驿站在哪").intent == "follow_up"


def test_an_area_part_before_the_demonstrative_still_describes_the_areas_one_station():
    got = understand("台州东边那个驿站叫什么")
    assert got.intent == "station_info" and got.slots["station"] == JIAOJIANG


@pytest.mark.parametrize("text, station", [("金华的眼科驿站在哪", EYE), ("绍兴的高新驿站几点开", GAOXIN)])
def test_a_fragment_of_a_name_after_the_area_picks_its_one_station(text, station):
    assert understand(text).slots.get("station") == station


def test_an_area_inside_an_area_is_no_fragment_of_a_name():
    got = understand("嘉兴南湖区的驿站")
    assert got.intent == "find_station" and "station" not in got.slots


@pytest.mark.parametrize("text, station", [("明月嘉苑附近那个驿站有没有厕所", DONGNING),
                                           ("华盖山脚下那个站几点开", HONGRITING)])
def test_a_landmark_beside_a_demonstrative_points_at_the_station(text, station):
    got = understand(text)
    assert got.slots.get("station") == station and not got.slots.get("place")


def test_a_landmark_as_where_the_rider_is_stays_a_place():
    assert understand("我在明月嘉苑附近").intent == "give_place"


@pytest.mark.parametrize("text", ["南院驿站在哪", "南院几点开门"])
def test_an_everyday_word_sounding_like_a_station_names_it_before_a_station_question(text):
    assert understand(text).slots.get("station") == NANYUAN


@pytest.mark.parametrize("text", ["我在南院", "医院南院怎么走"])
def test_the_everyday_word_elsewhere_is_not_the_station(text):
    assert understand(text).slots.get("station") is None


# --- the dialogue ---------------------------------------------------------------------------
def test_nearer_after_a_pin_list_is_its_first_station():
    send = rider()
    first = send(pin=WENZHOU).meta["stations"][0]
    got = send("再近点的有吗")
    assert got.intent == "follow_up" and got.meta["stations"] == [first]


def test_nearer_after_an_area_list_asks_for_a_pin_and_keeps_the_need():
    send = rider()
    send("宁波海曙能洗澡的地方")
    got = send("有没有近一些的")
    assert got.meta["asks_location"]
    assert "shower" in send.engine.kb.get(send(pin=JIAXING).meta["stations"][0]).codes


def test_farther_after_a_pin_list_shows_the_next_stations():
    send = rider()
    shown = send(pin=WENZHOU).meta["stations"]
    got = send("远些的也可以")
    assert got.meta["stations"] and not set(got.meta["stations"]) & set(shown)


def test_an_anaphoric_station_word_after_a_list_is_the_station_in_focus():
    send = rider()
    first = send(pin=JIAXING).meta["stations"][0]
    got = send("这个驿站具体在哪")
    assert got.intent == "follow_up" and got.meta["stations"] == [first] and "地址" in got.text


def test_a_navigation_elsewhere_inside_a_station_chat_shows_no_station():
    send = rider()
    send(pin=JIAXING)
    got = send("带我去人民公园")
    assert got.intent == "out_of_scope" and got.meta["stations"] == []


def test_a_need_said_with_zhao_is_a_new_search_not_about_the_station_in_focus():
    send = rider()
    send("丁家桥地址")
    got = send("不要热饭了 想找个能洗澡的地方")
    assert got.intent == "find_need"          # 丁家桥 has no shower: a search, not a "no" about it


def test_a_need_without_zhao_is_still_about_the_station_in_focus():
    send = rider()
    send("丁家桥地址")
    assert send("能热饭不").intent == "follow_up"


def test_a_service_with_no_recorded_time_names_the_station_in_focus_and_no_time():
    send = rider()
    send("红日亭在哪")
    got = send("法律咨询什么时候有")
    assert got.intent == "schedule" and got.meta["stations"] == [HONGRITING]
    assert "没写具体时间" in got.text and "点" not in got.text.replace("地点", "")


def test_a_service_with_no_recorded_time_without_context_names_who_offers_it():
    send = rider()
    got = send("眼科检查几点有")
    assert got.intent == "schedule" and got.meta["stations"] == [EYE]
    assert "没写具体时间" in got.text


def test_text_the_converter_cannot_take_is_left_as_it_is_and_never_raises():
    assert to_simplified("\ud800乾") == "\ud800乾"      # a lone surrogate cannot reach OpenCC
    understand("\ud800紅日亭在哪")

"""Mechanisms of the holdout12 round: variants of each category the blind set found, never its
sentences — two named stations compared on a need, an opening date, hours or size (and "which of
the two" asked next), event counts the source gives, when a station started running, how to get
in, how many zones or services, where inside the building it is, hot water to wash with, the
height of a season, a schedule ellipsis, asking to be taught, traffic fines and TV programmes."""
from __future__ import annotations

from intents import understand
from test_dialogue_last import rider

HONGRITING, DINGJIAQIAO, NANYUAN = "wz-lucheng-hongriting", "jx-nanhu-dingjiaqiao", "nb-haishu-nanyuan"
DONGNING, EYE, GAOXIN, JIAOJIANG = ("hz-dongning-aixinyijia", "jh-wucheng-eye-hospital",
                                    "sx-yuecheng-gongyong-gaoxin", "tz-jiaojiang-365-001")


# --- two named stations compared: both stations' facts, the ones the answer favours shown ------
def test_a_need_both_stations_have_shows_both():
    got = rider()("南苑跟公用事业高新哪个有空调")
    assert got.meta["stations"] == [NANYUAN, GAOXIN] and "都有" in got.text


def test_a_need_one_station_has_shows_that_one_and_says_the_other_lacks_it():
    got = rider()("丁家桥和南苑哪家可以洗澡")
    assert got.meta["stations"] == [NANYUAN]
    assert "丁家桥" in got.text and "没有记录" in got.text


def test_a_need_neither_has_shows_none_and_offers_a_search():
    got = rider()("红日亭和金华眼科医院哪个能冲凉")
    assert got.meta["stations"] == [] and "都没有记录" in got.text and "附近哪里" in got.text


def test_which_opened_first_names_the_earlier_with_both_dates():
    got = rider()("丁家桥跟椒江365谁先开业")
    assert "丁家桥建成更早" in got.text and "2022年5月" in got.text and "2022年8月" in got.text


def test_an_opening_date_the_kb_lacks_is_said_missing():
    got = rider()("东宁路爱心驿家和丁家桥哪个先成立")
    assert "资料里没写建成时间" in got.text and "比不出来" in got.text


def test_which_is_open_at_night_shows_the_round_the_clock_one():
    got = rider()("南苑和椒江365哪个半夜开着")
    assert got.meta["stations"] == [JIAOJIANG] and "24小时" in got.text


def test_which_of_the_two_just_compared_is_about_that_pair():
    send = rider()
    send("红日亭和南苑哪个大")
    got = send("那这俩谁有淋浴")
    assert got.intent == "station_info" and got.meta["stations"] == [NANYUAN]


def test_a_bare_comparison_of_two_others_keeps_the_compared_fact():
    send = rider()
    send("红日亭和南苑哪个大")
    got = send("东宁路爱心驿家和丁家桥呢")
    assert "200" in got.text and "30" in got.text


def test_which_with_a_search_word_after_a_comparison_is_a_search():
    send = rider()
    send("红日亭和南苑哪个大")
    got = send("附近哪个能洗澡")
    assert got.intent == "find_need"


# --- figures the KB holds ------------------------------------------------------------------------
def test_a_count_of_one_services_events_quotes_the_source():
    got = rider()("椒江365办过多少场法律咨询")
    assert "30余场次" in got.text


def test_how_many_times_an_activity_was_held_quotes_the_count():
    send = rider()
    send("椒江365在哪")
    assert "50余次" in send("节日慰问一共搞过几次").text


def test_when_it_started_running_is_the_opening_date():
    u = understand("哪年投入使用的")
    assert u.slots.get("attribute") == "opened"
    send = rider()
    send("丁家桥在哪")
    assert "2022年5月" in send("哪年投入使用的").text


def test_how_to_get_in_gives_the_access_facility():
    assert understand("咋进门啊").slots.get("attribute") == "entry"
    send = rider()
    send("椒江365在哪")
    assert "刷卡" in send("咋进门啊").text


def test_how_to_get_in_without_a_recorded_way_says_so():
    send = rider()
    send("红日亭在哪")
    assert "没写进门" in send("进门要什么").text


def test_a_count_of_zones_quotes_the_source():
    send = rider()
    send("南苑在哪")
    got = send("一共有多少个功能区域")
    assert "5个功能区域" in got.text and got.meta["stations"] == [NANYUAN]


def test_a_count_of_services_without_a_stated_number_counts_the_listed_ones():
    got = rider()("丁家桥有多少项服务")
    assert "11项" in got.text


def test_where_inside_the_building_of_the_focus_is_its_address():
    send = rider()
    send("金华眼科医院有冰箱吗")
    got = send("在医院的哪个位置")
    assert got.intent == "follow_up" and "门诊大厅" in got.text


# --- words read as what they mean there -------------------------------------------------------
def test_warm_water_to_wash_with_is_the_water_warmer():
    assert understand("东宁路爱心驿家洗脸有温水吗").slots["codes"] == ["hand_warmer"]
    assert understand("附近哪里有热水喝").slots["codes"] == ["drinking_water"]


def test_a_tv_programme_is_not_the_tv_set():
    assert understand("最近有啥好看的电视节目").intent == "out_of_scope"
    assert understand("哪个驿站能看电视").slots["codes"] == ["tv"]


def test_traffic_fines_are_out_of_scope():
    assert understand("逆行扣几分").intent == "out_of_scope"
    assert understand("超速罚多少").intent == "out_of_scope"


def test_asking_what_the_bot_can_look_up_is_help():
    assert understand("你都可以帮我做些什么").intent == "help"
    assert understand("不会用 教我一下").intent == "help"


# --- ellipsis on schedules ------------------------------------------------------------------------
def test_the_height_of_a_season_is_that_season():
    send = rider()
    send("红日亭冬至有啥送的")
    assert "伏茶" in send("三伏天呢").text
    assert "粥" in send("数九寒天呢").text


def test_another_service_after_a_schedule_answer_is_its_schedule():
    send = rider()
    send("丁家桥义剪多久一次")
    got = send("那义诊呢")
    assert got.intent == "schedule" and "不定期" in got.text

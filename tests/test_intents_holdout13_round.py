"""Round after the thirteenth blind set: county-level places (knowledge/areas.csv) and lists
near an approximate place. Sentences differ from tests/holdout13 on purpose (the set is the measure)."""
from __future__ import annotations

from bot.config import Config
from bot.dialogue.engine import Engine
from bot.messages import TEXT, Incoming
from bot.store import MemoryStore
from bot.store.keys import Keys
from intents import understand
from knowledge.areas import AREAS_PATH, load_areas
from test_dialogue_support import real_source

SOURCE = real_source()


def rider():
    engine = Engine(SOURCE, MemoryStore(), Keys("yzh13"), Config())
    at = [1_700_000_000.0]

    def send(text):
        at[0] += 30.0
        return engine.handle(Incoming(user="r13", kind=TEXT, text=text, at=at[0]))
    return send


# --- the data file and its names -------------------------------------------------------------
def test_areas_file_names_its_source_and_resolves_short_forms():
    head = AREAS_PATH.read_text(encoding="utf-8").splitlines()[:4]
    assert any("cpca" in line and "MIT" in " ".join(head) for line in head)
    areas = load_areas()
    assert areas.find("永康").name == "永康市" and areas.find("永康").city == "金华市"
    assert areas.find("桐庐县").name == "桐庐县" and areas.find("桐庐").code == "330122"
    assert areas.find("安吉").city == "湖州市"


def test_generic_leftovers_and_one_character_stems_are_no_names():
    names = load_areas().names
    for generic in ("城区", "新区", "郊区", "矿区", "市中区", "开发区", "市辖区", "和平", "南部"):
        assert generic not in names


def test_a_shared_name_prefers_the_home_province_else_needs_the_city():
    areas = load_areas()
    assert areas.find("普陀区").code.startswith("33")              # 舟山's, not 上海's
    assert areas.find("鼓楼区") is None                             # four provinces, none ours
    assert areas.find("鼓楼区", city="南京").city == "南京市"


# --- understanding -----------------------------------------------------------------------------
def test_a_county_alone_or_with_a_need_is_a_place():
    assert understand("长兴").intent == "give_place"
    assert understand("人在嵊州这边").intent == "give_place"
    u = understand("平湖哪里可以充电")
    assert u.intent == "find_need" and u.slots["county"] == "平湖"
    assert understand("奉化附近有没有驿站").intent == "find_station"


def test_a_street_or_a_station_named_after_a_county_is_no_county():
    assert "county" not in understand("余姚路上有驿站吗").slots
    assert "county" not in understand("阳山时尚谷几点开门").slots   # 阳山县 is in 广东


# --- dialogue ------------------------------------------------------------------------------------
def test_a_typed_county_lists_the_nearest_stations_from_its_centre():
    send = rider()
    got = send("我人在永康")
    assert got.meta["stations"][0] == "jh-wucheng-eye-hospital"
    assert "大致估算" in got.text and "公里" in got.text and not got.meta.get("asks_location")


def test_a_county_with_a_need_searches_from_its_centre_not_the_whole_city():
    got = rider()("安吉哪里能歇歇脚")
    assert got.meta["stations"][0] == "huz-wuxing-yangshan"


def test_a_list_near_a_guessed_place_stops_where_stations_are_out_of_reach():
    got = rider()("奉化有驿站吗")
    assert got.meta["stations"] == ["nb-haishu-nanyuan"]           # the next are 85 km and more away


def test_a_county_far_from_every_station_gets_the_honest_answer():
    got = rider()("我在太仓，哪里能热饭")
    assert "资料里暂时没有" in got.text and not got.meta.get("stations")
    assert "资料里暂时没有" in rider()("人在昆山").text                 # 嘉兴's station is 73 km off


# --- distance, travel time and navigation of the station in focus --------------------------------
def test_how_far_and_how_long_are_follow_ups_not_travel_questions():
    for text in ("骑过去得多长时间", "电瓶车骑到那要几分钟", "第二个有多远"):
        u = understand(text)
        assert u.intent == "follow_up" and u.slots.get("distance"), text
    assert understand("坐动车到杭州要多久").intent == "out_of_scope"     # a train: a trip, not ours


def test_a_request_before_navigate_names_no_destination():
    assert understand("麻烦帮我导航").intent == "follow_up"
    assert understand("帮我导航去银泰百货").intent == "out_of_scope"


def test_distance_and_estimate_of_a_listed_station():
    send = rider()
    send("我人在永康")
    got = send("电瓶车骑过去得多长时间")
    assert "公里" in got.text and "估算" in got.text and "分钟" in got.text and "uri.amap.com" in got.text
    assert got.meta["stations"] == ["jh-wucheng-eye-hospital"]
    got = send("第一个有多远")
    assert "公里" in got.text and "永康市" in got.text


# --- out of scope although a place is named; help; reports ---------------------------------------
def test_weather_papers_tickets_and_other_places_hours_are_out_of_scope():
    for text in ("明天杭州下不下雪", "温州在哪补办身份证", "湖州太湖景区要门票吗", "永康五金市场几点关门"):
        assert understand(text).intent == "out_of_scope", text


def test_how_to_talk_to_the_bot_is_help():
    for text in ("可以发语音给你吗", "用语音说你能识别不"):
        assert understand(text).intent == "help", text


def test_navigation_that_led_to_a_building_site_reports_a_wrong_location():
    u = understand("跟着导航骑过去是片空地")
    assert u.intent == "report_problem" and u.slots["report_kind"] == "wrong_location"


def test_which_town_a_station_is_in_asks_its_address():
    u = understand("红日亭属于哪个街道")
    assert u.intent == "station_info" and u.slots["stations"] == ["wz-lucheng-hongriting"]


def test_a_declined_need_makes_the_rest_place_the_need():
    u = understand("宁波找个歇脚的地方，不要厕所")
    assert u.intent == "find_need" and u.slots["codes"] == ["rest"]


# --- dialogue: an unknown place where one was asked; hours when nothing is open ------------------
def test_an_unknown_place_after_the_location_question_is_asked_for_again():
    send = rider()
    assert send("附近有驿站吗").meta["asks_location"]
    got = send("幸福里三期")
    assert got.meta["asks_location"] and not got.meta["stations"]


def test_stations_offered_when_none_is_open_then_show_their_hours():
    got = rider()("嘉兴夜里两点还有开门的驿站吗")
    assert "jx-nanhu-dingjiaqiao" in got.meta["stations"] and "8:30–17:00" in got.text

"""Message-level mechanisms of the round after the fifth blind set (issue #4): each case is a
variant of a category holdout4 found, not one of its sentences."""
from __future__ import annotations

import pytest

from intents import understand


def u(text):
    return understand(text)


@pytest.mark.parametrize("text,code", [("附近哪有饭热", "microwave"), ("哪里有口水喝啊", "drinking_water"),
                                       ("哪有电充", "charging")])
def test_have_object_verb_is_the_need(text, code):
    got = u(text)
    assert got.intent == "find_need" and got.slots["codes"] == [code]


def test_a_homophone_glued_to_the_word_before_it_is_found_only_when_nothing_else_is():
    assert u("哪儿有意诊").slots.get("codes") == ["health_check"]       # 有意|诊 → 义诊
    assert "haircut" not in u("冬至哪里发汤圆").slots.get("codes", [])    # 哪里|发 is not 理发


@pytest.mark.parametrize("text,wanted,declined", [
    ("不要给我推荐洗澡的 找个能充电的", "charging", "shower"),
    ("别帮我找厕所 我想喝水", "drinking_water", "toilet"),
])
def test_negation_carries_over_recommend_words(text, wanted, declined):
    got = u(text)
    assert got.slots["codes"] == [wanted] and got.slots["negated"] == [declined]


def test_a_correction_with_a_new_subject_is_not_a_negation():
    got = u("不是 我想洗澡")
    assert got.intent == "find_need" and got.slots["codes"] == ["shower"] and "negated" not in got.slots
    assert u("哪里能喝水 不是要洗澡").slots["negated"] == ["shower"]


def test_a_district_and_a_need_is_a_search_there():
    got = u("鹿城有测视力的地方吗")
    assert got.intent == "find_need" and got.slots["codes"] == ["eye_check"] and got.slots["district"]


def test_hours_asked_with_now_is_not_the_clock():
    assert u("现在几点开门").intent == "open_hours"
    assert u("现在几点了").intent == "out_of_scope"
    assert u("还赶得上吗").slots.get("open_now") is True


@pytest.mark.parametrize("text", ["义诊一年搞几回", "送粽子几时有"])
def test_frequency_and_when_words(text):
    assert u(text).intent == "schedule"


def test_a_verb_split_by_a_count_is_the_need():
    assert u("丁家桥每月理几次发").slots.get("codes") == ["haircut"]


@pytest.mark.parametrize("text", ["南苑的门禁刷不了", "充电柜扫不了码"])
def test_a_potential_complement_reports_broken_equipment(text):
    got = u(text)
    assert got.intent == "report_problem" and got.slots["report_kind"] == "broken"


def test_a_train_station_said_as_where_the_rider_is_is_a_place():
    got = u("我在宁波火车站这边")
    assert got.intent == "give_place" and got.clarify is None
    assert u("火车站怎么走").intent == "out_of_scope"


@pytest.mark.parametrize("text", ["丰巢快递柜在哪", "菜鸟驿站今天开门吗", "去哪取快递"])
def test_parcel_points_are_not_union_stations(text):
    assert u(text).intent == "out_of_scope"


def test_couriers_themselves_are_riders():
    assert u("快递员附近哪里能歇脚").intent == "find_need"


@pytest.mark.parametrize("text", ["跑一单能赚多少", "温州到杭州坐动车要多久", "配送费怎么算"])
def test_pay_and_travel_between_cities_are_out_of_scope(text):
    assert u(text).intent == "out_of_scope"


def test_a_modifier_said_as_an_afterthought_joins_the_need():
    assert u("想吃饭 实惠一些的").slots.get("codes") == ["low_cost_meals"]
    assert "low_cost_meals" not in u("便宜点的").slots.get("codes", [])     # no head: nothing asked


def test_a_join_question_about_one_station_is_about_that_station():
    assert u("丁家桥能扫码入会吗").intent == "station_info"
    assert u("怎么入会").intent == "join_union"

"""Understanding mechanisms of issue #4 (round 3): reports without 锁/坏 words, refusals after
the object, stacked adverbs, off-topic lookalikes, holidays, 下一个, cities outside the data."""
from __future__ import annotations

import pytest

from bot.config import Config
from intents import build_lexicon, understand
from intents.places import known_cities, other_city
from knowledge.loader import load_stations


@pytest.fixture(scope="module")
def lex():
    config = Config()
    return build_lexicon(load_stations(config.stations_path), config.cache_dir)


def u(text, lex):
    return understand(text, {"lexicon": lex})


@pytest.mark.parametrize("text,kind", [
    ("丁家桥的地址好像是错的", "wrong_location"),
    ("定位偏得厉害 南苑不在那", "wrong_location"),
    ("导航过去是个居民楼 根本没驿站", "wrong_location"),
    ("红日亭转了两圈找不到", "wrong_location"),
    ("南苑门关着 不是说早上开吗", "closed"),
    ("阳山时尚谷里面脏兮兮的", "other"),
    ("东宁路驿家没人打扫", "other"),
])
def test_statements_about_a_station_are_reports(lex, text, kind):
    got = u(text, lex)
    assert got.intent == "report_problem" and got.slots["report_kind"] == kind


@pytest.mark.parametrize("text", ["红日亭在哪 找不到路", "丁家桥几点开门吗", "南苑开着吗"])
def test_questions_stay_questions(lex, text):
    assert u(text, lex).intent != "report_problem"


@pytest.mark.parametrize("text,declined,wanted", [
    ("热饭就算了 哪里能充电", "microwave", "charging"),
    ("洗澡先不用 有厕所吗", "shower", "toilet"),
])
def test_a_refusal_after_the_object_declines_it(lex, text, declined, wanted):
    got = u(text, lex)
    assert declined in got.slots.get("negated", []) and wanted in got.slots["codes"]
    assert declined not in got.slots["codes"]


def test_a_need_after_also_in_a_run_on_clause_is_kept(lex):
    got = u("跑了一天了口渴得很哪里有开水喝手机还快没电了", lex)
    assert {"drinking_water", "charging"} <= set(got.slots["codes"]) and got.intent == "find_need"


def test_station_equipment_without_power_is_still_a_report(lex):
    assert u("微波炉没电了", lex).intent == "report_problem"


@pytest.mark.parametrize("text", ["杭州绕城高速堵车吗", "嘉兴今天有台风吗", "电动车驾照在哪考",
                                  "送餐超时平台罚款怎么办"])
def test_off_topic_lookalikes_are_out_of_scope(lex, text):
    got = u(text, lex)
    assert got.intent == "out_of_scope" and got.clarify is None


def test_a_search_in_bad_weather_is_still_a_search(lex):
    assert u("台风天附近哪里能避雨", lex).intent == "find_need"


@pytest.mark.parametrize("text", ["春节期间驿站开不开", "南苑过年放假吗", "周末丁家桥开门吗"])
def test_holiday_questions_are_open_hours(lex, text):
    got = u(text, lex)
    assert got.intent == "open_hours" and got.slots.get("holiday")


@pytest.mark.parametrize("text", ["下一家", "换一个"])
def test_next_is_a_follow_up(lex, text):
    got = u(text, lex)
    assert got.intent == "follow_up" and got.slots.get("next")


def test_cities_outside_the_data_are_recognised(lex):
    assert {"上海", "北京", "苏州", "广州"} <= known_cities()
    assert u("成都哪里能充电", lex).slots.get("other_city") == "成都"
    assert "other_city" not in u("宁波哪里能充电", lex).slots          # a KB city
    assert "other_city" not in u("我在宁波北京路", lex).slots            # a street
    got = u("西安有驿站吗", lex)
    assert got.intent == "find_station" and got.slots["other_city"] == "西安"


def test_other_city_picks_the_first_named():
    grams = frozenset({"上海", "北京"})
    assert other_city("上海到北京", grams, lambda name: False) == "上海"
    assert other_city("上海到北京", grams, lambda name: name == "上海") == "北京"


# --- intents.context: the word side of reading a message against the last answer ---------------
def test_context_fragments_read_the_words_only():
    from intents import context
    assert context.when_fragment(" 啥时候有 ") and context.when_fragment("一个月几次")
    assert not context.when_fragment("义剪啥时候有")              # names the service itself
    assert context.there_fragment("那边能充电不") and not context.there_fragment("那边附近哪能充电")
    assert not context.there_fragment("这边能充电吗")              # 这边 is the rider's own spot
    assert context.join_fragment("外卖骑手也能入吗") and not context.join_fragment("入口在哪")
    assert context.asks_which_of_pair("这俩哪个能洗澡") and not context.asks_which_of_pair("附近哪个能洗澡")
    assert context.day_fragment("周日") and not context.day_fragment("端午节")
    assert context.refuses_place("不告诉你") and not context.refuses_place("阳光花园小区")
    assert context.uses_search_verb("想找个厕所") and not context.uses_search_verb("找不到厕所")
    assert context.has_location_cue("附近能洗澡吗") and not context.has_location_cue("能洗澡吗")

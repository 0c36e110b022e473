"""The broadened understanding: look-alike characters, pinyin typed as letters, separable
words, clause-scoped negation, colloquial forms, and a national-scale lexicon.

Each test uses sentences that appear in neither evaluation set, so it checks the mechanism,
not a memorised phrase; each would fail with the mechanism removed.
"""
from __future__ import annotations


import pytest

from bot.config import Config
from intents import build_lexicon, understand
from intents import latin, shapes
from intents.features import extract
from intents.normalize import normalize
from knowledge.loader import load_stations

CONFIG = Config.from_env({})


@pytest.fixture(scope="module")
def lex():
    return build_lexicon(load_stations(CONFIG.stations_path), CONFIG.cache_dir)


def u(text, lex):
    return understand(text, {"lexicon": lex})


# --- look-alike characters (形近字) -------------------------------------------------------------
def test_shape_key_groups_lookalikes_only():
    assert shapes.lookalike("热钣", "热饭") and shapes.lookalike("丁家挢", "丁家桥")
    assert not shapes.lookalike("热饭", "热饭")          # identical is not a typo
    assert not shapes.lookalike("热水", "热饭")          # 水/饭 do not look alike
    assert not shapes.lookalike("钣躁", "饭澡")          # two of two characters differ


@pytest.mark.parametrize("text,code", [("哪能热钣", "microwave"), ("附近有洗躁的吗", "shower"),
                                       ("有冼澡的地方不", "shower")])
def test_lookalike_typos_find_the_need(lex, text, code):
    r = u(text, lex)
    assert r.intent == "find_need" and code in r.slots["codes"]


def test_lookalike_station_name(lex):
    r = u("丁家挢在哪里", lex)
    assert r.intent == "station_info" and r.slots["station"] == "jx-nanhu-dingjiaqiao"


# --- pinyin typed as letters --------------------------------------------------------------------
def test_latin_rewrite_spells_lexicon_words(lex):
    assert latin.rewrite("xizao", lex) == "洗澡"
    assert latin.rewrite("哪里能ce所", lex) == "哪里能厕所"           # letters + a character
    assert latin.rewrite("ok", lex) == "ok" and latin.rewrite("hello", lex) == "hello"


@pytest.mark.parametrize("text,code", [("xizao", "shower"), ("附近哪能hefan", "low_cost_meals"),   # 盒饭
                                       ("喝shui", "drinking_water"), ("附近哪能qwerty", None)])
def test_latin_input_is_understood(lex, text, code):
    r = u(text, lex)
    if code:
        assert r.intent == "find_need" and code in r.slots["codes"]
    else:
        assert not r.slots.get("codes")                    # spells no lexicon word


# --- separable words (离合词) --------------------------------------------------------------------
@pytest.mark.parametrize("text,code", [("想充点电", "charging"), ("哪里能理个发", "haircut"),
                                       ("找地方接点水", "drinking_water"), ("想上个网", "wifi"),
                                       ("附近能充一下吗 手机没电", "charging")])
def test_split_verb_object(lex, text, code):
    assert code in u(text, lex).slots.get("codes", [])


def test_lone_verb_needs_a_modal(lex):
    assert "microwave" not in (u("太热了，饭都吃不下", lex).slots.get("codes") or [])


# --- negation stays in its clause ---------------------------------------------------------------
@pytest.mark.parametrize("text,want,neg", [
    ("澡不用洗了 想找个厕所", "toilet", "shower"),
    ("电就不充了，能喝口水吗", "drinking_water", "charging"),
    ("不想看电视 想找地方躲雨", "rest", "tv"),
])
def test_negation_scope(lex, text, want, neg):
    r = u(text, lex)
    assert r.intent == "find_need"
    assert want in r.slots["codes"] and neg in r.slots["negated"] and neg not in r.slots["codes"]


def test_space_separates_long_clauses_but_joins_spelt_out_characters():
    assert normalize("澡不用洗了 想找个厕所") == "澡不用洗了，想找个厕所"
    assert normalize("洗 手 间") == "洗手间"


# --- colloquial forms, greetings, help, out of scope ---------------------------------------------
@pytest.mark.parametrize("text,intent", [
    ("老铁好", "greeting"), ("你都会干些什么", "help"), ("哪疙瘩能洗澡", "find_need"),
    ("高铁站怎么走", "out_of_scope"), ("平台客服在哪", "out_of_scope"), ("几点了", "out_of_scope"),
    ("轿车充电哪里有", "out_of_scope"), ("你真蠢", "out_of_scope"),
])
def test_everyday_forms(lex, text, intent):
    assert u(text, lex).intent == intent


# --- reports, hours, schedules ----------------------------------------------------------------------
@pytest.mark.parametrize("text,kind", [("红日亭的插头没电了", "broken"), ("卫生间冲不下去", "broken"),
                                       ("导航的位置不准", "wrong_location")])
def test_reports_are_states(lex, text, kind):
    r = u(text, lex)
    assert r.intent == "report_problem" and r.slots["report_kind"] == kind


def test_clock_time_with_station_asks_hours(lex):
    assert u("南苑晚上八点还能进去吗", lex).intent == "open_hours"


def test_frequency_asks_schedule_but_a_season_with_a_facility_does_not(lex):
    assert u("义诊多长时间搞一次", lex).intent == "schedule"
    assert u("夏天太热了 哪里能吹空调", lex).intent == "find_need"


def test_place_then_demonstrative_names_the_station(lex):
    r = u("南湖那个驿站几点关门", lex)
    assert r.intent == "open_hours" and r.slots["station"] == "jx-nanhu-dingjiaqiao"


def test_compound_need(lex):
    assert "low_cost_meals" in u("想吃点实惠的", lex).slots["codes"]


@pytest.mark.parametrize("text,n", [("头一家怎么走", 1), ("第3家有厕所吗", 3), ("最后一个在哪", -1)])
def test_ordinals(lex, text, n):
    assert extract(text, lex).ordinal == n


# --- a national knowledge base ------------------------------------------------------------------------
class FakeKB:
    """What build_lexicon reads of a KnowledgeBase: its size, name index, cities, districts."""

    def __init__(self, n):
        self.n = n
        self.index = {f"幸福路{i}号驿站": (f"s{i}",) for i in range(n)}
        self.index["望江亭"] = ("s-wj",)

    def __len__(self):
        return self.n

    def name_index(self):
        return self.index

    def cities(self):
        return ["杭州市"]

    def districts(self):
        return {"上城区": "杭州市"}


def test_large_kb_matches_names_through_its_index():
    lex = build_lexicon(FakeKB(6000), CONFIG.cache_dir)
    assert lex.station_index is not None
    assert "幸福路17号驿站" not in lex.entries                       # not registered one by one
    assert u("幸福路17号驿站在哪", lex).slots["station"] == "s17"     # but found through the index
    assert u("望江停在哪", lex).slots.get("station") == "s-wj"        # distinctive: homophones work
    assert u("上城哪里能热饭", lex).slots["city"] == "杭州市"

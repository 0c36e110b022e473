"""Understanding: intents, slots, typos/homophones, negation, the two thresholds."""
from __future__ import annotations

import pytest

from intents import build_lexicon, understand
from intents.normalize import normalize
from knowledge.loader import load_stations
from bot.config import Config

CONFIG = Config.from_env({})


@pytest.fixture(scope="module")
def lex():
    return build_lexicon(load_stations(CONFIG.stations_path), CONFIG.cache_dir)


def u(text, lex):
    return understand(text, {"lexicon": lex})


@pytest.mark.parametrize("text,intent", [
    ("附近的驿站", "find_station"), ("宁波有哪些驿站", "find_station"), ("热饭", "find_need"),
    ("丁家桥什么时候有义剪", "schedule"), ("现在开着吗", "open_hours"), ("24小时开放的驿站", "open_hours"),
    ("晚上还开吗", "open_hours"), ("红日亭在哪", "station_info"), ("南苑驿站有多大", "station_info"),
    ("眼科医院那个驿站有什么", "station_info"), ("怎么入会", "join_union"),
    ("东宁路驿站锁门了", "report_problem"), ("微波炉坏了", "report_problem"),
    ("我在杭州东宁路", "give_place"), ("宁波", "give_place"), ("第二个怎么走", "follow_up"),
    ("更多", "follow_up"), ("它几点关门", "follow_up"), ("第一个有没有厕所", "follow_up"),
    ("你好", "greeting"), ("谢谢", "thanks"), ("怎么用", "help"), ("讲个笑话", "out_of_scope"),
    ("今天天气怎么样", "out_of_scope"), ("附近有没有加油站", "out_of_scope"),
])
def test_intents(lex, text, intent):
    got = u(text, lex)
    assert (got.intent, got.clarify) == (intent, None), got


@pytest.mark.parametrize("typo,code", [("热反", "microwave"), ("哪里有微博炉", "microwave"),
                                       ("附近有侧所吗", "toilet"), ("哪里可以洗早", "shower")])
def test_homophone_typos_find_the_word(lex, typo, code):
    assert code in u(typo, lex).slots.get("codes", [])


@pytest.mark.parametrize("typo,station", [("红日停在哪", "wz-lucheng-hongriting"),
                                          ("丁家乔几点关门", "jx-nanhu-dingjiaqiao")])
def test_homophone_station_names(lex, typo, station):
    assert u(typo, lex).slots.get("station") == station


def test_homophone_of_station_word(lex):
    assert u("易站在哪里", lex).intent == "find_station"


def test_fuzzy_station_name_but_not_generic_tail(lex):
    assert u("东宁路爱心驿站在哪", lex).slots.get("station") == "hz-dongning-aixinyijia"
    # every station's name ends like this: it must not pick one of them
    assert "stations" not in u("户外劳动者服务站在哪儿", lex).slots


def test_negation_is_not_a_request(lex):
    got = u("不用热饭，找个地方歇会", lex)
    assert got.slots.get("negated") == ["microwave"]
    assert "microwave" not in got.slots.get("codes", [])
    assert "rest" in got.slots["codes"]
    assert u("别给我找厕所了 我想喝水", lex).slots.get("negated") == ["toilet"]


@pytest.mark.parametrize("text", ["没有厕所吗", "有没有厕所", "附近有没有卫生间"])
def test_negative_question_still_asks(lex, text):
    got = u(text, lex)
    assert got.intent == "find_need" and got.slots["codes"] == ["toilet"] and "negated" not in got.slots


def test_a_not_a_question_is_not_negation(lex):
    got = u("冬至送不送汤圆", lex)
    assert got.intent == "schedule" and got.slots["codes"] == ["festival_food"]


def test_voice_style_and_spaces(lex):
    assert normalize("嗯，那个，附近有没有厕所啊？") == "附近有没有厕所"
    assert u("嗯那个就是附近有没有能喝水的地方啊。", lex).slots["codes"] == ["drinking_water"]
    assert u("微 波 炉 在哪", lex).slots["codes"] == ["microwave"]


def test_slots(lex):
    got = u("宁波哪里能洗澡", lex)
    assert got.slots["codes"] == ["shower"] and got.slots["city"] == "宁波市"
    assert u("附近有24小时的驿站吗", lex).slots.get("open_24h") is True
    assert u("第三个", lex).slots["ordinal"] == 3
    assert u("东宁路驿站锁门了", lex).slots["report_kind"] == "closed"
    assert u("微波炉坏了", lex).slots["report_kind"] == "broken"
    assert u("海曙区", lex).slots["city"] == "宁波市"   # a district implies its city


def test_close_scores_ask_which(lex):
    from intents import ask_which
    got = u("热饭几点", lex)
    assert got.clarify == "ambiguous"
    assert ask_which(got, lex) == "您是想找有热饭/微波炉的地方，还是想问开放时间？"


@pytest.mark.parametrize("text", ["asdkjh", "今天股市咋样呀哈哈哈"])
def test_nothing_understood_is_low_confidence(lex, text):
    got = u(text, lex)
    assert got.confidence < 0.9 and got.intent in ("help", "out_of_scope")
    assert got.clarify == "low" or got.intent == "out_of_scope"


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "？", "?", "请问"])
def test_no_words_at_all_is_help(lex, text):
    """Nothing visible, or a lone "？", says nothing to clarify: show what the bot can do."""
    got = u(text, lex)
    assert got.intent == "help" and got.clarify is None and got.confidence < 0.3


@pytest.mark.parametrize("text", ["😀😀", "。。。", "那个", "就是"])
def test_an_emoji_or_a_filler_alone_is_chit_chat(lex, text):
    """😂 / 。。。 (holdout10) and 🤣 / 那个 / 就是 (holdout31) alone ask nothing: out_of_scope."""
    got = u(text, lex)
    assert got.intent == "out_of_scope" and got.clarify is None and got.confidence < 0.3


def test_hostile_input_never_raises(lex):
    for text in ["a" * 10000, "热饭" * 3000, "\ud800", "第" * 50, "不" * 100 + "热饭", None, 123]:
        understand(text, {"lexicon": lex})


def test_jieba_keeps_lexicon_words_whole(lex):
    from intents.tokenizer import cut
    tokens = cut("红日亭能热饭吗换电柜在哪")
    assert {"红日亭", "热饭", "换电柜"} <= set(tokens)


def test_jieba_cache_in_project_cache_dir(lex):
    from intents.tokenizer import get_tokenizer
    tok = get_tokenizer()
    assert str(tok.tmp_dir) == str(CONFIG.cache_dir)
    assert (CONFIG.cache_dir / "jieba.cache").exists()


def test_a_request_before_nearby_is_no_place(lex):
    """"帮我找一下附近的工会驿站" must not send 帮我找一下 to the place lookup."""
    for text in ("帮我找一下附近的工会驿站🙏", "麻烦查一下附近的驿站", "请问附近有驿站吗"):
        assert "place" not in understand(text, {"lexicon": lex}).slots, text
    assert understand("东宁路附近有厕所吗", {"lexicon": lex}).slots["place"] == "东宁路"


@pytest.mark.parametrize("text", ["我在等单 附近有没有厕所", "我在吃饭呢", "我在充电 附近有驿站吗", "客服是不是机器人在回复",
                                  "我在值班 哪里能喝水", "人在排队 附近能热饭吗", "我在拉货 哪有休息的地方"])
def test_an_activity_after_zai_is_no_place(lex, text):
    """在 + an activity is "doing it now" (我在等单), not "at a place": nothing goes to the place lookup."""
    assert "place" not in u(text, lex).slots


@pytest.mark.parametrize("text,place", [("我在开发区 哪里能热饭", "开发区"), ("我在转塘 哪有厕所", "转塘"),
                                        ("我在拉萨", "拉萨"), ("我在回龙观", "回龙观"), ("我在路边 哪能喝水", "路边")])
def test_places_that_begin_like_an_activity_stay_places(lex, text, place):
    assert u(text, lex).slots.get("place") == place


def test_the_about_kind_is_worked_out_once(lex):
    """help.about is asked by the ranking, help.score and the slots: the first answer is kept on the Features."""
    from intents import help as help_intent
    from intents.features import extract
    f = extract("你们的信息准不准", lex)
    assert help_intent.about(f) == "accuracy" and f.about_known
    f.about_kind = "cost"           # what is kept is what later callers get
    assert help_intent.about(f) == "cost"


@pytest.mark.parametrize("text", ["这个有热水吗", "这个能洗澡不", "这个有没有充电的", "这个可以歇会吗", "这个晚上开不开"])
def test_zhege_opening_a_question_about_a_station_points_at_it(lex, text):
    """这个 + 有/能/可以 + a need (or its hours) asks about the station just shown, like 那个 and 它."""
    assert u(text, lex).intent == "follow_up"


@pytest.mark.parametrize("text,intent", [("这个附近有热水吗", "find_need"), ("嗯这个 哪里能洗澡", "find_need"),
                                         ("这个能查什么", "help"), ("这个月有义剪吗", "schedule")])
def test_zhege_as_filler_or_before_a_time_is_no_pointer(lex, text, intent):
    assert u(text, lex).intent == intent

"""Every evaluation set passes its bar, and the evaluator itself can fail."""
from __future__ import annotations

import io

import pytest
import yaml

from intents import evaluate
from test_dialogue_support import real_source


# Each set, the least it must hold, and the bar. tests/dialogues was written by a second engineer
# from the seed facts; every holdout* set was written blind (without seeing the bot or the other
# sets) by a different engineer, played once as written on the code of the time — the first-run
# score is the honest generalisation estimate, in README.md — and its failures then fixed as
# mechanisms, never by adding a failing sentence. Bars sit below the measured figure to leave
# room for honest label disagreements (holdout5 labels 你是机器人吗 `help`, holdout `out_of_scope`).
#   set          messages  turns  bar    first run (messages / turns) → measured after
SETS = [
    ("dialogues",  200,      1,    0.95),  # developed against: 100%
    ("holdout",    300,    100,    0.97),  # 89.5% / 94.7% → 100%
    ("holdout2",   300,     90,    0.98),  # 96.0% / 87.6% → 100%
    ("holdout3",   330,    190,    0.98),  # 95.5% / 94.9% → 100%
    ("holdout4",   340,    200,    0.98),  # 96.2% / 96.0% → 100%
    ("holdout5",   240,     90,    0.98),  # 95.5% / 94.6% → 98.4% / 97.8%
    ("holdout6",   300,    170,    0.99),  # 98.0% / 98.8% → 99.7% / 99.4%
    ("holdout7",   270,    125,    0.99),  # 97.1% / 96.9% → 99.6% / 100%
    ("holdout8",   260,    115,    0.99),  # 92.4% / 90.5% → 100% / 100%
    ("holdout9",   250,    230,    0.98),  # 93.3% / 93.7% → 99.2% / 97.5% (label conflicts between sets: a bare
                                            # need question after one station is follow_up, see the README)
    ("holdout10",  260,    130,    0.97),  # 94.3% / 91.6% → 97.0% / 100% (the 8 left are label conflicts)
    ("holdout11",  270,    160,    0.97),  # 93.5% / 82.1% → 99.6% / 93.2% (10 turns: subscribe labelled greeting/help)
    ("holdout12",  250,    210,    0.98),  # 98.4% / 91.1% → 100% / 99.5% (1 turn: subscribe labelled greeting/help)
    ("holdout13",  230,    140,    0.98),  # 87.8% / 77.9% → 100% / 100% (a station's own landmark typed alone is
                                            # where the rider is, as every set labels it)
    ("holdout14",  240,    110,    0.96),  # 73.8% / 83.6% → 98.3% / 100% (stated situations → needs)
    ("holdout15",  300,    100,    0.97),  # 86.1% / 89.2% → 99.7% / 100% (dialect and trade slang; 1 label-only:
                                            # 歇脚的地方 is a station here)
    ("holdout16",  260,    270,    0.98),  # 94.4% / 96.7% → 100% / 99.3% (long untidy dialogues; 2 label-only:
                                            # subscribe labelled greeting/help ×2)
    ("holdout17",  280,    125,    0.98),  # 94.3% / 82.7% → 98.9% / 100% (several constraints at once: stacked and
                                            # dropped needs, exclusions, whole-data lists, rankings by area/date)
    ("holdout18",  275,     87,    0.96),  # 77.4% / 83.5% → 97.6% / 96.7% (time and hours; the bot and its data with
                                            # an `about` answer; label-only: this set labels what the bot is (你是谁 /
                                            # 真人 / 叫啥, 7 messages + 3 turns) help, five earlier blind sets label it
                                            # out_of_scope — the bot follows the five, with the same true answer;
                                            # 这个 + hours/need is follow_up here, open_hours in holdout9)
    ("holdout19",  266,     99,    0.98),  # 82.7% / 89.9% → 100% / 99.0% (several things in one message: courtesy
                                            # around a request, a report then another place, self-corrections,
                                            # a mood then chit-chat; label-only: 丁家桥什么时候有义剪 几点开门
                                            # answered by station_info with both facts)
    ("holdout20",  245,     60,    0.98),  # 97.6% / 98.4% → 100% / 100% (a day of mixed traffic, the final
                                            # generalisation check; a schedule or fault in 椒江 names its one station)
    ("holdout21",  275,     99,    0.98),  # 90.3% / 83.8% → 100% / 100% (驿站 look-alikes, half-remembered names,
                                            # distance limits honoured: only stations inside, else the nearest's
                                            # real distance)
    ("holdout22",  300,    145,    0.98),  # 95.4% / 98.7% → 100% / 100% (one shift of each kind of outdoor worker
                                            # as whole conversations: dawn, own supplies run out, "the near one",
                                            # "over there", reports said in passing)
    ("holdout23",  275,    105,    0.98),  # 93.5% / 89.0% → 100% / 100% (the free services and the fine print:
                                            # booking, papers, family, who may come; 眼科医院's free charging)
    ("holdout24",  300,    130,    0.98),  # 91.1% / 94.7% → 100% / 100% (corrections, comparisons of two named
                                            # stations, a rider on the move, English)
    ("holdout25",  300,    130,    0.98),  # 97.1% / 94.0% → 99.7% / 100% (a week of real traffic in realistic
                                            # proportions)
    ("holdout26",  270,    300,    0.98),  # 96.0% / 95.5% → 100% / 99.7% (whole sessions turn by turn; one item
                                            # corrected from the article: 公用事业高新 has 加热饭菜)
    ("holdout27",  280,    280,    0.98),  # 93.4% / 83.8% → 99.0% / 99.7% (sessions across several stations; left:
                                            # 温州呢 after a city's list, labelled find_station, is give_place)
    ("holdout28",  270,    200,    0.97),  # 92.6% / 89.0% → 100% / 96.2% (other trades, the hour and the weather,
                                            # what the article does not say; left: a bare need right after a
                                            # pin's list, labelled follow_up here but find_need in other sets)
    ("holdout29",  285,    205,    0.97),  # 94.5% / 87.6% → 100% / 95.2% (voice recognition and fast thumbs;
                                            # label-only: a bare 几点关门 / 是24h吗 after a station labelled follow_up
                                            # ×7, holdout8/9 label it open_hours (same answer); a bare need after a
                                            # list labelled follow_up ×3, a search in a dozen sets)
    ("holdout30",  285,    200,    0.98),  # 96.6% / 96.7% → 99.7% / 99.5% (one real day of traffic, hour by hour;
                                            # left: 开着的驿站可以歇脚 labelled find_need, 那里有吃的吗 after a shower search)
    ("holdout31",  285,    205,    0.97),  # 95.6% / 93.4% → 99.3% / 97.2% (thoughts split over several messages
                                            # and several in one; left: a report with its search labelled
                                            # report_problem ×2, find_need in holdout19; bare hours after a
                                            # station and a bare need after a list labelled follow_up ×4, as
                                            # holdout29; 那边 is the station in view; the only cheap-meal station
                                            # shown unasked)
    ("holdout32",  310,    230,    0.94),  # 95.3% / 85.0% → 98.8% / 90.4% (a fortnight of mixed real traffic, the
                                            # check after this round; left, labels: a bare 几点关门 right after a
                                            # station ×9 and a bare need right after a pin's list ×10 labelled
                                            # follow_up — holdout8/9 and a dozen sets label them open_hours /
                                            # find_need, and switching either loses as many turns as it wins)
]


@pytest.mark.parametrize("name, messages, turns, bar", SETS, ids=[s[0] for s in SETS])
def test_evaluation_set_passes(name, messages, turns, bar):
    result = evaluate.run(evaluate.ROOT / "tests" / name, source=real_source())
    out = io.StringIO()
    evaluate.report(result, failures=50, out=out)
    assert result.messages >= messages and result.turns >= turns
    assert result.accuracy >= bar, out.getvalue()


def test_evaluator_counts_failures(tmp_path):
    (tmp_path / "messages.yaml").write_text(yaml.safe_dump([
        {"text": "热饭", "intent": "find_need", "slots": {"codes": ["microwave"]}},
        {"text": "热饭", "intent": "greeting"},                               # wrong on purpose
        {"text": "宁波哪里能洗澡", "intent": "find_need", "slots": {"city": "杭州"}},  # wrong slot
    ], allow_unicode=True), encoding="utf-8")
    (tmp_path / "conversations.yaml").write_text(yaml.safe_dump([
        {"name": "pin", "turns": [
            {"user": {"text": "附近哪里能热饭"}, "expect": {"asks_location": True}},
            {"user": {"location": [30.30, 120.21]}, "expect": {"first_station": "东宁路"}},
            {"user": {"text": "你好"}, "expect": {"stations_include": ["红日亭"]}},   # wrong on purpose
        ]}], allow_unicode=True), encoding="utf-8")
    result = evaluate.run(tmp_path, source=real_source())
    assert (result.messages, result.messages_ok, result.turns, result.turns_ok) == (3, 1, 3, 2)
    out = io.StringIO()
    evaluate.report(result, failures=10, out=out)
    text = out.getvalue()
    assert "greeting → find_need: 1" in text and "overall accuracy: 50.0%" in text
    rows = {r[0]: r for r in evaluate.per_intent(result.pairs)}
    assert rows["find_need"][1:3] == (2 / 3, 1.0)  # precision 2 of 3 predicted, recall 2 of 2

"""The project's dialogue set passes (≥ 95%), and the evaluator itself can fail."""
from __future__ import annotations

import io

import yaml

from intents import evaluate
from test_dialogue_support import real_source


def test_project_set_passes():
    result = evaluate.run(source=real_source())
    out = io.StringIO()
    evaluate.report(result, failures=50, out=out)
    assert result.messages >= 200 and result.turns > 0
    assert result.accuracy >= 0.95, out.getvalue()


def test_holdout_set_passes():
    """The blind set (tests/holdout/). Its failures were fixed by category, never by phrase; the
    bar sits below the measured 100% to leave room for honest disagreements of labels."""
    result = evaluate.run(evaluate.ROOT / "tests" / "holdout", source=real_source())
    out = io.StringIO()
    evaluate.report(result, failures=50, out=out)
    assert result.messages >= 300 and result.turns >= 100
    assert result.accuracy >= 0.97, out.getvalue()


def test_holdout2_set_passes():
    """The third blind set (tests/holdout2/): first run 94.0% overall (messages 96.0%, turns
    87.6%); its failures were fixed as mechanisms (focus carry-over, ellipsis, cities outside
    the data, reports without 锁/坏 words …), measured 100% after. The bar leaves room for honest
    label disagreements."""
    result = evaluate.run(evaluate.ROOT / "tests" / "holdout2", source=real_source())
    out = io.StringIO()
    evaluate.report(result, failures=50, out=out)
    assert result.messages >= 300 and result.turns >= 90
    assert result.accuracy >= 0.98, out.getvalue()


def test_holdout3_set_passes():
    """The fourth blind set (tests/holdout3/): first run 95.3% overall (messages 95.5%, turns
    94.9%); fixed as mechanisms (Session.last replayed by ellipsis, a landmark answering "where
    are you?", tone-exact homophones of the station word, labelled places, blocked entrances,
    the rider's own things running out …), measured 100% after. The bar leaves room for honest
    label disagreements."""
    result = evaluate.run(evaluate.ROOT / "tests" / "holdout3", source=real_source())
    out = io.StringIO()
    evaluate.report(result, failures=50, out=out)
    assert result.messages >= 330 and result.turns >= 190
    assert result.accuracy >= 0.98, out.getvalue()


def test_holdout4_set_passes():
    """The fifth blind set (tests/holdout4/): first run 96.1% overall (messages 96.2%, turns
    96.0%); fixed as mechanisms (a typed place kept as the rider's place, 有 + object + verb,
    negation carried over 给我推, corrections with 不是, parcel points' 驿站, pay and travel
    questions, frequency fragments replayed, searches after a locked report …), measured 100%
    after. The bar leaves room for honest label disagreements."""
    result = evaluate.run(evaluate.ROOT / "tests" / "holdout4", source=real_source())
    out = io.StringIO()
    evaluate.report(result, failures=50, out=out)
    assert result.messages >= 340 and result.turns >= 200
    assert result.accuracy >= 0.98, out.getvalue()


def test_holdout5_set_passes():
    """The sixth blind set (tests/holdout5/): first run 95.2% overall (messages 95.5%, turns
    94.6%); fixed as mechanisms (equipment out of supply is broken, staff complaints, 我现在 +
    a place, the bot's own failure is help, who runs/builds stations is out of scope, join
    fragments after join_union, a rare service named with its city) to 98.2%. Left: a label
    that contradicts holdout/ (你是机器人吗) and context-free follow_up labels."""
    result = evaluate.run(evaluate.ROOT / "tests" / "holdout5", source=real_source())
    out = io.StringIO()
    evaluate.report(result, failures=50, out=out)
    assert result.messages >= 240 and result.turns >= 90
    assert result.accuracy >= 0.98, out.getvalue()


def test_holdout6_set_passes():
    """The seventh blind set (tests/holdout6/): first run 98.3% overall (messages 98.0%, turns
    98.8%); fixed as mechanisms (reduplicated verbs, a verb on another need's word, small-hours
    opening is round the clock, a bare sub-district is a place, approval emoji thank, 那儿 after
    a list is the station in focus). Left as reasonable readings: a context-free 那个能充电吗
    labelled follow_up, and 杭州没有吗 answered with Hangzhou's stations (give_place)."""
    result = evaluate.run(evaluate.ROOT / "tests" / "holdout6", source=real_source())
    out = io.StringIO()
    evaluate.report(result, failures=50, out=out)
    assert result.messages >= 300 and result.turns >= 170
    assert result.accuracy >= 0.99, out.getvalue()


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

"""The one vocabulary: codes, labels, the rider words the understanding layer builds on."""
from __future__ import annotations

import pytest

from knowledge.vocabulary import VocabularyError, load_vocabulary, parse_vocabulary

VOCAB = load_vocabulary()


@pytest.mark.parametrize("word,code", [
    ("热饭", "microwave"), ("热菜", "microwave"), ("加热", "microwave"), ("微波炉", "microwave"),
    ("洗澡", "shower"), ("冲凉", "shower"), ("淋浴", "shower"), ("沐浴", "shower"),
    ("换电", "battery_swap"), ("换电池", "battery_swap"), ("电瓶没电", "battery_swap"),
    ("背奶", "nursing_room"), ("哺乳", "nursing_room"), ("母婴", "nursing_room"), ("妈咪暖心小屋", "nursing_room"),
    ("厕所", "toilet"), ("卫生间", "toilet"), ("洗手间", "toilet"),
    ("AED", "aed"), ("aed", "aed"), ("WiFi", "wifi"),
    ("查眼睛", "eye_check"), ("义剪", "haircut"), ("理发", "haircut"), ("义诊", "health_check"),
    ("法律咨询", "legal_aid"), ("心理咨询", "counselling"), ("修家电", "appliance_repair"),
    ("免费早餐", "free_breakfast"), ("便宜的饭", "low_cost_meals"), ("入会", "join_union"),
])
def test_rider_words_map_to_codes(word, code):
    assert VOCAB.code_for_word(word) == code


def test_codes_labels_and_kinds():
    assert VOCAB.kind("microwave") == "facility" and VOCAB.kind("haircut") == "service"
    assert VOCAB.label("aed") == "AED除颤仪"
    assert VOCAB.label("no_such_code") == "no_such_code"      # never raises inside a reply
    assert {t.code for t in VOCAB.facilities} == VOCAB.facility_codes
    assert not VOCAB.facility_codes & VOCAB.service_codes
    for term in VOCAB:
        assert term.label in term.words                           # the label is a word too


def test_word_index_longest_first_and_one_code_per_word():
    index = VOCAB.word_index()
    lengths = [len(w) for w in index]
    assert lengths == sorted(lengths, reverse=True)
    assert index["热饭菜"] == "microwave" and index["热饭"] == "microwave"
    assert list(index).index("热饭菜") < list(index).index("热饭")


def test_cached_per_path():
    assert load_vocabulary() is VOCAB


def test_suggests_close_codes():
    assert VOCAB.suggest("microwav") == "microwave"
    assert VOCAB.suggest("zzzzzz") is None


@pytest.mark.parametrize("data,why", [
    ([], "expected a mapping"),
    ({"facilities": {"a": {"label": "甲", "words": ["x"]}}, "services": {"b": {"label": "乙", "words": ["x"]}}},
     "used by both"),
    ({"facilities": {"a": {"words": ["x"]}}}, "label"),
    ({"facilities": {"a": {"label": "甲", "words": "x"}}}, "list"),
    ({"facilities": {"a": {"label": "甲"}}, "services": {"a": {"label": "乙"}}}, "twice"),
    ({"facilities": {"bad code": {"label": "甲"}}}, "identifier"),
    ({"amenities": {}}, "unknown section"),
])
def test_malformed_vocabulary_is_refused(data, why):
    with pytest.raises(VocabularyError, match=why):
        parse_vocabulary(data)

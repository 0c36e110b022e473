"""Message-level mechanisms of the holdout6 round (issue #4): variants of each category the
blind set found, not its sentences."""
from __future__ import annotations

import pytest

from intents import understand


def u(text):
    return understand(text)


@pytest.mark.parametrize("text", ["菜冷了想热热", "哪里能热热饭", "饭都凉了 附近哪能热热"])
def test_a_reduplicated_verb_is_the_verbs_need(text):
    got = u(text)
    assert got.intent == "find_need" and got.slots["codes"] == ["microwave"]


def test_heating_a_meal_word_is_the_microwave_but_buying_one_is_a_meal():
    assert u("想热下盒饭 哪里可以").slots["codes"] == ["microwave"]
    assert u("哪里能买个盒饭").slots["codes"] == ["low_cost_meals"]
    assert u("天气热热的").intent != "find_need"          # no modal, no object: the weather


@pytest.mark.parametrize("text", ["深夜还有开着的驿站吗", "凌晨哪家驿站营业"])
def test_open_in_the_small_hours_is_round_the_clock(text):
    got = u(text)
    assert got.intent == "open_hours" and got.slots.get("open_24h") is True


def test_small_hours_with_now_or_a_clock_time_is_not_round_the_clock():
    assert "open_24h" not in u("凌晨了 现在哪个驿站还开着").slots
    assert "open_24h" not in u("凌晨6点开门吗").slots
    assert "open_24h" not in u("晚上哪个驿站还开着").slots        # evening: open now


def test_a_bare_sub_district_is_a_place_but_its_short_name_stays_the_station():
    got = u("段塘街道")
    assert got.intent == "give_place" and got.slots["place"] == "段塘街道"
    assert u("段塘").intent == "station_info"


@pytest.mark.parametrize("text", ["👌", "🙏🙏", "👍🏻"])
def test_a_lone_approval_emoji_is_thanks(text):
    assert u(text).intent == "thanks"


@pytest.mark.parametrize("text", ["🤔", "？"])
def test_other_lone_emoji_or_marks_still_show_help(text):
    assert u(text).intent == "help"


def test_a_laughing_emoji_alone_is_chit_chat():
    assert u("😂👍").intent == "out_of_scope"       # 😂 alone is out_of_scope in holdout10 and 🤣 in holdout31

"""A number for each day, group or session ("6 per session", "12 daily", "6 par groupe",
"١٢ يوميا") typed where the total is asked: asked again, not stored as the total."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.forms.definitions import TRAINING
from bot.forms.engine import Parsed, parse_answer

TODAY = dt.date(2026, 3, 18)
RATE = "Please type the total, not a number for each day, group or session: for example 12."


def parse(text: str, locale: str, qid: str = "participants_women", **answers: str) -> Parsed:
    return parse_answer(TRAINING.question(qid), text, answers, locale=locale, today=TODAY)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "6 each"),
        ("en", "6 per session"),
        ("en", "12 daily"),
        ("en", "12 per group"),
        ("fr", "6 par groupe"),
        ("fr", "6 chacune"),
        ("es", "12 por sesión"),
        ("sw", "12 kwa kikundi"),
        ("ar", "١٢ يوميا"),
    ],
)
def test_a_number_for_each_is_asked_again(locale: str, text: str) -> None:
    """These were stored as the number of women who took part."""
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == RATE


def test_hours_per_day_are_no_length() -> None:
    parsed = parse("2 per day", "en", "duration", duration_unit="hours")
    assert parsed.error is not None
    assert parsed.error.msgid == RATE


@pytest.mark.parametrize(
    ("locale", "text"), [("fr", "12 femmes"), ("sw", "12 kwa siku mbili"), ("en", "12")]
)
def test_a_total_is_read(locale: str, text: str) -> None:
    assert parse(text, locale) == Parsed(12)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "12 as per the register"),
        ("en", "12 as per attendance sheet"),
        ("en", "12 per the attendance list"),
        ("ar", "12 حضرن كل الأيام"),
    ],
)
def test_per_as_according_to_and_all_the_days_are_no_rate(locale: str, text: str) -> None:
    """ "As per the register" (according to it) and "كل الأيام" (all the days, not each day)
    were asked again as a number for each day, group or session."""
    assert parse(text, locale) == Parsed(12)


@pytest.mark.parametrize(("locale", "text"), [("ar", "12 لكل مجموعة"), ("en", "6 per session")])
def test_a_rate_beside_those_words_is_still_asked_again(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == RATE


@pytest.mark.parametrize(
    ("locale", "text"),
    [("sw", "12 kwa mafunzo"), ("sw", "wanawake 12 kwa warsha"), ("fr", "12 pour formation")],
)
def test_for_or_at_the_training_is_no_rate(locale: str, text: str) -> None:
    """ "Kwa" (for, at) and "pour" before what the count was for were read as "per": these
    were asked again as a number for each day, group or session."""
    assert parse(text, locale) == Parsed(12)


@pytest.mark.parametrize(("locale", "text"), [("sw", "12 kwa kikundi"), ("fr", "6 pour groupe")])
def test_kwa_and_pour_before_a_group_are_still_a_rate(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == RATE

"""Two days of a range typed at a date ("12-14/11", "12-14 novembre", "Nov 12-14") are asked
again, not read as a date with the second day for a year."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.forms.definitions import TRAINING
from bot.forms.engine import Parsed, parse_answer

TODAY = dt.date(2026, 12, 2)
START = TRAINING.question("start_date")


def parse(text: str, locale: str) -> Parsed:
    return parse_answer(START, text, {}, locale=locale, today=TODAY)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "12-14/11"),  # was 14 December 2011
        ("fr", "1-3/11"),  # was 1 March 2011
        ("fr", "12-14 novembre"),  # was 12 November 2014
        ("fr", "12 - 14 novembre"),
        ("en", "Nov 12-14"),
        ("es", "12-14 de noviembre"),
        ("pt", "12-14 de novembro"),
        ("sw", "12-14 Novemba"),
        ("mg", "12-14 Novambra"),
        ("ar", "١٢-١٤ نوفمبر"),
        ("ar", "١٢-١٤/١١"),
    ],
)
def test_days_of_a_range_are_asked_again(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == "Please type a date, for example {example}."


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "12-11-26"),
        ("fr", "12/11/26"),
        ("fr", "12.11.2026"),
        ("fr", "12 / 11 / 2026"),
        ("fr", "12-nov-26"),
        ("fr", "12 nov. 26"),
        ("en", "Nov 12, 26"),
        ("en", "12-Nov-26"),
        ("es", "12 de noviembre de 2026"),
        ("ar", "١٢/١١/٢٠٢٦"),
        ("fr", "2026-11-12"),
    ],
)
def test_one_date_is_read(locale: str, text: str) -> None:
    assert parse(text, locale) == Parsed("2026-11-12")


@pytest.mark.parametrize("text", ["12/11 2026", "12/11, 2026", "12.11 2026", "12/11 - 2026"])
def test_a_year_set_apart_is_no_range(text: str) -> None:
    """A year after a space, a comma or a dash, the day and month kept apart by another mark,
    was asked again as days of a range ('Please type a date')."""
    assert parse(text, "fr") == Parsed("2026-11-12")


@pytest.mark.parametrize("text", ["12-14/11 2026", "12 14/11", "1-3/11, 2026"])
def test_days_of_a_range_with_a_year_are_still_asked_again(text: str) -> None:
    parsed = parse(text, "fr")
    assert parsed.error is not None
    assert parsed.error.msgid == "Please type a date, for example {example}."


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "12, 13 novembre"),  # was 12 November 2013
        ("fr", "12 13 novembre"),
        ("es", "12, 13 de noviembre"),
        ("ar", "١٢، ١٣ نوفمبر"),
    ],
)
def test_two_days_before_the_month_are_asked_again(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == "Please type a date, for example {example}."
    assert parse("2026 12 novembre", "fr") == Parsed("2026-11-12")
    assert parse("12 novembre 26", "fr") == Parsed("2026-11-12")


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "Nov 12, 13"),  # was 12 November 2013
        ("en", "November 12 13"),
        ("fr", "novembre 12 13"),
        ("es", "noviembre 12, 13"),
        ("ar", "نوفمبر ١٢، ١٣"),
    ],
)
def test_two_days_after_the_month_are_asked_again(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == "Please type a date, for example {example}."


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Nov 12, 26", "2026-11-12"),
        ("Nov 12 '13", "2013-11-12"),
        ("Nov 30, 25", "2025-11-30"),
        ("Nov 12, 2013", "2013-11-12"),
    ],
)
def test_a_year_after_the_month_and_day_is_still_read(text: str, read: str) -> None:
    assert parse(text, "en") == Parsed(read)

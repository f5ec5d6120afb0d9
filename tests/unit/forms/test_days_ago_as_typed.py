"""A day typed as so many days or weeks back ("3 days ago", "il y a trois jours", "siku mbili
zilizopita", "منذ أسبوع") is that day; it was refused ("Please type a date")."""

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
    ("locale", "text", "days"),
    [
        ("en", "3 days ago", 3),
        ("en", "three days ago", 3),
        ("en", "a week ago", 7),
        ("fr", "il y a 3 jours", 3),
        ("fr", "Il y a trois jours", 3),
        ("fr", "il y a une semaine", 7),
        ("es", "hace 3 días", 3),
        ("es", "hace una semana", 7),
        ("pt", "há dois dias", 2),
        ("pt", "3 dias atrás", 3),
        ("sw", "siku 3 zilizopita", 3),
        ("sw", "siku mbili zilizopita", 2),
        ("sw", "wiki moja iliyopita", 7),
        ("mg", "telo andro lasa", 3),
        ("ar", "منذ ٣ أيام", 3),
        ("ar", "منذ ثلاثة أيام", 3),
        ("ar", "قبل يومين", 2),
        ("ar", "منذ أسبوع", 7),
    ],
)
def test_days_back_are_that_day(locale: str, text: str, days: int) -> None:
    assert parse(text, locale) == Parsed((TODAY - dt.timedelta(days=days)).isoformat())


@pytest.mark.parametrize(
    ("locale", "text"), [("en", "3 days"), ("en", "3 months ago"), ("fr", "dans 3 jours")]
)
def test_other_lengths_are_no_date(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == "Please type a date, for example {example}."


@pytest.mark.parametrize(
    ("text", "days"),
    [("منذ 11 يوما", 11), ("منذ ١١ يوماً", 11), ("قبل ١٢ يوما", 12), ("منذ 11 أسبوعا", 77)],
)
def test_eleven_days_ago_in_arabic(text: str, days: int) -> None:
    """From eleven on Arabic counts with the singular (يوماً, أسبوعاً): these were refused
    ('Please type a date') while 'منذ ١٠ أيام' was read."""
    assert parse(text, "ar") == Parsed((TODAY - dt.timedelta(days=days)).isoformat())

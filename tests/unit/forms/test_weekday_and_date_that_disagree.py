"""A weekday typed with a date that falls on another day ("lundi 1er décembre" in 2026, a
Tuesday): one of the two is wrong, so the date is asked again; it was read as the date."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import reports_io
from bot.forms.definitions import TRAINING
from bot.forms.engine import WEEKDAY_DIFFERS, Parsed, parse_answer
from bot.i18n import create_i18n
from bot.ui.forms import error_message

TODAY = dt.date(2026, 12, 2)  # a Wednesday; 1 December 2026 is a Tuesday
START = TRAINING.question("start_date")


def parse(text: str, locale: str) -> Parsed:
    return parse_answer(START, text, {}, locale=locale, today=TODAY)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "lundi 1er décembre"),
        ("fr", "lundi 01/12"),
        ("en", "Monday, Dec 1"),
        ("es", "lunes 1 de diciembre"),
        ("pt", "terça 30 de novembro"),
        ("sw", "Jumatatu 1 Desemba"),
        ("ar", "الاثنين ١ ديسمبر"),
    ],
)
def test_a_weekday_that_is_not_the_date_s_is_asked_again(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == WEEKDAY_DIFFERS


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("fr", "mardi 1er décembre", "2026-12-01"),
        ("en", "Tuesday, Dec 1", "2026-12-01"),
        ("fr", "lundi 30/11/2026", "2026-11-30"),
        ("mg", "Alatsinainy 30 Novambra", "2026-11-30"),
        ("ar", "الثلاثاء ١ ديسمبر", "2026-12-01"),
    ],
)
def test_a_weekday_that_is_the_date_s_is_read(locale: str, text: str, expected: str) -> None:
    assert parse(text, locale) == Parsed(expected)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("martes 1/12", "2026-12-01"),  # was 1 March 2012: "martes" read as "marzo" mistyped
        ("martes, 1 de diciembre", "2026-12-01"),  # was refused: two months
        ("mar 1/12", None),  # "mar": Tuesday or March; was 1 March 2012
        ("martes 2/12", None),  # 2 December is a Wednesday
    ],
)
def test_a_spanish_tuesday_is_no_march(text: str, read: str | None) -> None:
    parsed = parse_answer(
        TRAINING.question("start_date"), text, {}, locale="es", today=dt.date(2026, 12, 2)
    )
    assert parsed.value == read
    assert (parsed.error is None) == (read is not None)


@pytest.mark.parametrize(
    ("locale", "text", "shown"),
    [
        ("en", "Monday, Dec 1", "Tuesday, December 1, 2026"),
        ("fr", "lundi 1er décembre", "mardi 1 décembre 2026"),
        ("pt", "segunda 1 de dezembro", "terça-feira, 1 de dezembro de 2026"),
    ],
)
def test_the_message_shows_the_date_s_own_weekday(locale: str, text: str, shown: str) -> None:
    """'...is not the one of 1 Dec 2026' left the user to work out which day that was."""
    error = parse(text, locale).error
    assert error is not None
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale(locale):
        assert shown in error_message(error, locale)


def test_an_imported_row_names_the_date_s_weekday_too() -> None:
    error = parse("Monday, Dec 1", "en").error
    assert error is not None
    assert "Tuesday 2026-12-01" in reports_io._message(error)


@pytest.mark.parametrize(
    ("locale", "text"),
    [("en", "Nov 12 '26"), ("en", "Nov 12, '26"), ("en", "November 12 ’26"), ("fr", "12/11/'26")],
)
def test_a_short_year_after_its_apostrophe_is_read(locale: str, text: str) -> None:
    """Since cedc79c "Nov 12 '26" was asked again: the apostrophe taken for a second mark."""
    assert parse(text, locale) == Parsed("2026-11-12")

"""A weekday typed with a date that falls on another day ("lundi 1er décembre" in 2026, a
Tuesday): one of the two is wrong, so the date is asked again; it was read as the date."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.forms.definitions import TRAINING
from bot.forms.engine import WEEKDAY_DIFFERS, Parsed, parse_answer

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

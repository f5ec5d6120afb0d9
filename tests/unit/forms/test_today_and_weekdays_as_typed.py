"""The time of day said with today ("ce matin", "tonight", "esta mañana", "leo asubuhi") is
today, and a weekday with "last" or a time of day is read in any of the bot's languages, as
"yesterday" and "today" are."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.forms.definitions import TRAINING
from bot.forms.engine import Parsed, parse_answer

TODAY = dt.date(2026, 3, 18)  # a Wednesday
MONDAY = dt.date(2026, 3, 16)
START = TRAINING.question("start_date")


def parse(text: str, locale: str) -> Parsed:
    return parse_answer(START, text, {}, locale=locale, today=TODAY)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "this morning"),
        ("en", "Tonight"),
        ("en", "this afternoon"),
        ("en", "this evening"),
        ("fr", "ce matin"),
        ("fr", "ce soir"),
        ("fr", "cet après-midi"),
        ("fr", "cette après-midi"),
        ("es", "esta mañana"),
        ("es", "esta manana"),
        ("es", "esta tarde"),
        ("es", "esta noche"),
        ("pt", "esta manhã"),
        ("pt", "hoje de manhã"),
        ("sw", "leo asubuhi"),
        ("sw", "asubuhi ya leo"),
        ("sw", "jioni ya leo"),
        ("mg", "anio maraina"),
        ("mg", "io maraina io"),
        ("ar", "هذا الصباح"),
        ("ar", "صباح اليوم"),
        ("ar", "هذا المساء"),
        ("ar", "الليلة"),
        ("fr", "this morning"),  # read in every language, as "today"
    ],
)
def test_a_time_of_today_is_today(locale: str, text: str) -> None:
    """ "ce matin", "this morning", "esta mañana", "tonight" were refused with 'Please type a
    date, for example …' ("ce soir" was read only as a typo of "ce jour")."""
    assert parse(text, locale) == Parsed(TODAY.isoformat())


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "el lunes pasado"),
        ("en", "jumatatu iliyopita"),
        ("en", "jumatatu asubuhi"),
        ("en", "lunes por la mañana"),
        ("fr", "el lunes pasado"),
        ("pt", "el lunes pasado"),
        ("es", "segunda-feira passada"),
        ("sw", "last Monday"),
        ("ar", "alatsinainy lasa"),
        ("mg", "الاثنين الماضي"),
        ("fr", "lundi dernier"),
        ("es", "el lunes pasado"),
        ("sw", "jumatatu iliyopita"),
    ],
)
def test_a_weekday_is_read_in_any_of_the_bots_languages(locale: str, text: str) -> None:
    """ "el lunes pasado" typed by an officer whose bot speaks English or French, and
    "jumatatu asubuhi" in English, were refused with 'Please type a date, for example …'."""
    assert parse(text, locale) == Parsed(MONDAY.isoformat())


def test_last_night_is_yesterday_and_a_night_that_may_be_either_is_refused() -> None:
    assert parse("usiku wa jana", "sw") == Parsed("2026-03-17")
    assert parse("ليلة أمس", "ar") == Parsed("2026-03-17")
    assert not parse("cette nuit", "fr").ok  # last night in the morning, tonight by day


def test_esta_noite_may_be_last_night_and_is_refused() -> None:
    """ "esta noite" typed in Portugal the morning after an evening session ("esta noite
    dormi mal": last night) was stored as today; it is refused as "cette nuit" is."""
    assert not parse("esta noite", "pt").ok
    assert parse("ontem à noite", "pt") == Parsed("2026-03-17")
    assert parse("hoje à noite", "pt") == Parsed("2026-03-18")


@pytest.mark.parametrize(
    "text", ["cette", "asubuhi", "jioni", "this", "matin", "esta", "ce matin-là", "ce matin là"]
)
def test_a_part_of_the_day_or_this_alone_is_no_date(text: str) -> None:
    assert not parse(text, "fr").ok


@pytest.mark.parametrize(
    ("locale", "text"),
    [("en", "this night"), ("mg", "io alina io"), ("mg", "alina io"), ("fr", "cette nuit")],
)
def test_this_night_may_be_last_night_and_is_refused_in_every_language(
    locale: str, text: str
) -> None:
    """ "this night" and "io alina io" (Malagasy: this night) were stored as today while
    "cette nuit" and "esta noite" are refused: the morning after, they are last night."""
    assert not parse(text, locale).ok
    assert parse("tonight", locale) == Parsed(TODAY.isoformat())  # says which night
    assert parse("anio alina", "mg") == Parsed(TODAY.isoformat())  # today at night

"""Issue 12: typed answers read the way field officers write them, in the seven languages."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from aiogram.utils.i18n import I18n

from bot.domain.languages import date_example, format_date, format_number
from bot.forms.definitions import ADVOCACY, TRAINING
from bot.forms.engine import Parsed, display_value, parse_answer
from bot.forms.model import QType, Question
from bot.i18n import create_i18n

TODAY = dt.date(2026, 3, 18)  # a Wednesday
START = TRAINING.question("start_date")
DURATION = TRAINING.question("duration")
WOMEN = TRAINING.question("participants_women")
SCORE = TRAINING.question("pre_score")
FIELD = TRAINING.question("field")
TARGET = TRAINING.question("target_group")
KIND = TRAINING.question("training_type")
UNIT = TRAINING.question("duration_unit")
NATIONAL = TRAINING.question("national_programme")


@cache
def translator(locale: str) -> Callable[[str], str]:
    """The catalog's gettext for `locale`, as the handler passes it."""
    if locale == "en":
        return str
    i18n = _catalogs()  # the .po files, as the bot reads them (.mo files are not in git)
    return functools.partial(_gettext, i18n, locale=locale)


@cache
def _catalogs() -> I18n:
    return create_i18n("en")


def _gettext(i18n: I18n, msgid: str, *, locale: str) -> str:
    return i18n.gettext(msgid, locale=locale)


def parse(question: Question, text: str, locale: str, **answers: Any) -> Parsed:
    return parse_answer(
        question, text, answers, locale=locale, today=TODAY, gettext=translator(locale)
    )


def value(question: Question, text: str, locale: str, **answers: Any) -> Any:
    parsed = parse(question, text, locale, **answers)
    assert parsed.ok, (text, locale, parsed.error)
    return parsed.value


def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


# --------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        # each locale's own order and separators
        ("mg", "15/03/2026", "2026-03-15"),
        ("mg", "15-03-2026", "2026-03-15"),
        ("mg", "15 Martsa 2026", "2026-03-15"),
        ("mg", "15 mars 2026", "2026-03-15"),  # Malagasy officers often write French months
        ("mg", "03/02/2026", "2026-02-03"),  # day first
        ("fr", "15/03/2026", "2026-03-15"),
        ("fr", "15.03.2026", "2026-03-15"),
        ("fr", "le 15 mars 2026", "2026-03-15"),
        ("es", "15/3/2026", "2026-03-15"),
        ("es", "15 de marzo de 2026", "2026-03-15"),
        ("pt", "15/03/2026", "2026-03-15"),
        ("pt", "15 de março de 2026", "2026-03-15"),
        ("ar", "١٥/٠٣/٢٠٢٦", "2026-03-15"),
        ("ar", "15 مارس 2026", "2026-03-15"),
        ("ar", "١٥ آذار ٢٠٢٦", "2026-03-15"),  # Levantine month name
        ("sw", "15/03/2026", "2026-03-15"),
        ("sw", "15 Machi 2026", "2026-03-15"),
        ("en", "3/15/2026", "2026-03-15"),
        ("en", "March 15, 2026", "2026-03-15"),
        # ISO always
        ("mg", "2026-03-15", "2026-03-15"),
        ("ar", "2026-03-15", "2026-03-15"),
        # without the year: the most recent such day
        ("fr", "15 mars", "2026-03-15"),
        ("fr", "15/03", "2026-03-15"),
        ("mg", "15/03", "2026-03-15"),
        ("en", "3/15", "2026-03-15"),
        ("es", "15 de marzo", "2026-03-15"),
        ("pt", "2 de fevereiro", "2026-02-02"),
        ("sw", "20 Julai", "2025-07-20"),  # months ahead this year: last year's
        ("fr", "25/12", "2025-12-25"),
        ("en", "Dec 31", "2025-12-31"),
        # a weekday before the date, a typo in a month
        ("fr", "lundi 9 mars", "2026-03-09"),
        ("en", "Monday, March 9", "2026-03-09"),
        ("fr", "15 fevirer", "2026-02-15"),
        ("es", "1 de setiembre de 2025", "2025-09-01"),
    ],
)
def test_dates_in_each_locales_own_way(locale: str, text: str, expected: str) -> None:
    assert value(START, text, locale) == expected


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("en", "15 jully", "2025-07-15"),
        ("en", "15 Juley", "2025-07-15"),
        ("en", "15 junee", "2025-06-15"),
        ("fr", "15 juine", "2025-06-15"),
        ("fr", "15 juinn", "2025-06-15"),
        ("fr", "15 marss", "2026-03-15"),
        ("es", "15 de mayoo de 2025", "2025-05-15"),
        ("pt", "15 de maioo de 2025", "2025-05-15"),
        ("sw", "15 junii", "2025-06-15"),
        ("mg", "15 jonaa", "2025-06-15"),
    ],
)
def test_a_four_letter_month_with_a_letter_too_many_is_still_that_month(
    locale: str, text: str, expected: str
) -> None:
    """ "jully", "juine": a letter typed twice or one too many after the month's first three
    letters is that month, as before four-letter names were kept from typos ("about" is no
    "août": its third letter already differs)."""
    assert value(START, text, locale) == expected


@pytest.mark.parametrize(
    ("locale", "text", "back"),
    [
        ("en", "today", 0),
        ("en", "Yesterday", 1),
        ("en", "the day before yesterday", 2),
        ("fr", "aujourd'hui", 0),
        ("fr", "hier", 1),
        ("fr", "Hier", 1),
        ("fr", "avant-hier", 2),
        ("es", "hoy", 0),
        ("es", "ayer", 1),
        ("es", "anteayer", 2),
        ("pt", "hoje", 0),
        ("pt", "ontem", 1),
        ("pt", "anteontem", 2),
        ("ar", "اليوم", 0),
        ("ar", "أمس", 1),
        ("ar", "امس", 1),
        ("ar", "البارحة", 1),
        ("ar", "أول أمس", 2),
        ("sw", "leo", 0),
        ("sw", "Jana", 1),
        ("sw", "juzi", 2),
        ("mg", "androany", 0),
        ("mg", "omaly", 1),
        ("mg", "Omaly", 1),
        ("mg", "afak'omaly", 2),
        ("fr", "yesterday", 1),  # English is understood everywhere
        ("en", "yesterdy", 1),  # a typo
        ("fr", "hire", 1),
    ],
)
def test_relative_words_in_each_language(locale: str, text: str, back: int) -> None:
    assert value(START, text, locale) == days_ago(back)


@pytest.mark.parametrize(
    ("locale", "text", "back"),
    [
        ("fr", "hier soir", 1),
        ("fr", "avant-hier au soir", 2),
        ("fr", "lundi matin", 2),  # TODAY is a Wednesday
        ("es", "ayer por la tarde", 1),
        ("es", "anoche", 1),
        ("es", "antes de ayer", 2),  # its "de" is not a time of day
        ("pt", "ontem à noite", 1),
        ("pt", "ontem de manhã", 1),
        ("sw", "jana jioni", 1),
        ("sw", "usiku wa jana", 1),
        ("mg", "omaly hariva", 1),
        ("ar", "أمس مساءً", 1),
        ("ar", "البارحة في الليل", 1),
        ("en", "yesterday evening", 1),
        ("en", "last night", 1),
    ],
)
def test_a_day_with_its_time_of_day_is_that_day(locale: str, text: str, back: int) -> None:
    """ "hier soir", "jana jioni", "أمس مساءً" were refused with 'Please type a date'."""
    assert value(START, text, locale) == days_ago(back)


@pytest.mark.parametrize(("locale", "text"), [("fr", "soir"), ("sw", "jioni"), ("ar", "مساء")])
def test_a_time_of_day_alone_is_no_date(locale: str, text: str) -> None:
    assert not parse(START, text, locale).ok


@pytest.mark.parametrize(
    ("locale", "text", "back"),
    [
        ("en", "Monday", 2),
        ("en", "last monday", 2),
        ("en", "Wednesday", 0),  # today is a Wednesday
        ("en", "last Wednesday", 7),
        ("fr", "lundi", 2),
        ("fr", "lundi dernier", 2),
        ("fr", "mercredi dernier", 7),
        ("fr", "samedi", 4),
        ("es", "el lunes", 2),
        ("es", "el sábado pasado", 4),
        ("es", "sabado", 4),
        ("pt", "segunda-feira", 2),
        ("pt", "na segunda", 2),
        ("pt", "sexta passada", 5),
        ("ar", "الاثنين", 2),
        ("ar", "يوم الإثنين", 2),
        ("ar", "السبت الماضي", 4),
        ("sw", "Jumatatu", 2),
        ("sw", "Jumamosi iliyopita", 4),
        ("mg", "Alatsinainy", 2),
        ("mg", "ny Asabotsy lasa", 4),
        ("mg", "Zoma", 5),
        ("fr", "mecredi", 0),  # a typo
    ],
)
def test_weekday_names_mean_the_most_recent_such_day(locale: str, text: str, back: int) -> None:
    assert value(START, text, locale) == days_ago(back)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("sw", "tarehe 2 Machi"),  # "date 2 March"
        ("sw", "tarehe 2/3/2026"),
        ("mg", "tamin'ny 2 martsa"),  # "on the 2 March"
        ("mg", "ny faha-2 martsa"),  # "the 2nd of March"
        ("pt", "dia 2 de março"),
        ("pt", "no dia 2/3"),
        ("pt", "em 2 de março"),
        ("es", "el día 2 de marzo"),
        ("ar", "يوم ٢ مارس"),  # "on the day 2 March"
        ("ar", "بتاريخ ٢/٣/٢٠٢٦"),  # "dated"
        ("ar", "في 2 مارس"),  # "on"
        ("en", "on March 2"),
    ],
)
def test_a_date_with_the_words_people_put_before_it(locale: str, text: str) -> None:
    assert value(START, text, locale) == "2026-03-02"


def test_a_date_allowed_in_the_future_without_a_year_is_the_nearest() -> None:
    planned = Question("planned", QType.DATE, "When?", allow_future=True)
    assert value(planned, "20/03", "fr") == "2026-03-20"
    assert value(planned, "10/03", "fr") == "2026-03-10"


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "bientôt"),
        ("fr", "la semaine dernière"),
        ("en", "day"),
        ("en", "2026"),
        ("es", "15/03/2026/1"),
        ("mg", "15 foo 2026"),
        ("ar", "قريبا"),
        ("sw", "kesho kutwa sana"),
        ("fr", "15"),
        ("en", "about 30"),  # not "août 30", a French month one letter away
        ("sw", "about 30"),
        ("pt", "about 30"),
    ],
)
def test_things_that_are_not_dates_are_refused_with_a_local_example(
    locale: str, text: str
) -> None:
    error = parse(START, text, locale).error
    assert error is not None
    assert error.msgid == "Please type a date, for example {example}."
    assert error.params == {"example": date_example(TODAY, locale)}


@pytest.mark.parametrize("text", ["31/02", "31/02/2026", "30 février", "29/02", "29 février"])
def test_days_that_do_not_exist_are_refused(text: str) -> None:
    """'29/02' typed on 18 March 2026 was taken as 29 February 2024, a report dated two years
    back without a word (and before the plan): a day and month without a year are this year's
    or last year's, and neither had a 29 February."""
    error = parse(START, text, "fr").error
    assert error is not None
    assert error.msgid == "This date does not exist. Please check the day and month."


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("sw", "20 Machi"),
        ("fr", "19/03"),
        ("en", "April 30"),
        ("ar", "١٥/٥"),
        ("pt", "17 de maio"),
    ],
)
def test_a_day_of_the_coming_weeks_without_its_year_is_refused_as_ahead(
    locale: str, text: str
) -> None:
    """'20 Machi' typed on 18 March 2026 was stored as 20 March 2025, a report a year back
    without a word: a day of the coming two months is that day, which is ahead."""
    error = parse(START, text, locale).error
    assert error is not None
    assert error.msgid == "The date cannot be in the future."


def test_the_future_is_still_refused() -> None:
    error = parse(START, "18/03/2027", "mg").error
    assert error is not None
    assert error.msgid == "The date cannot be in the future."


@pytest.mark.parametrize(
    ("locale", "example"),
    [
        ("en", "Mar 18, 2026"),  # the month as a word: 3/4/2026 reads two ways in English
        ("fr", "18/03/2026"),
        ("es", "18/3/2026"),  # a 4-digit year, not "18/3/26"
        ("pt", "18/03/2026"),
        ("sw", "18/03/2026"),
        ("mg", "18/03/2026"),  # day first, not "2026-03-18"
    ],
)
def test_date_examples_are_the_locales_with_a_four_digit_year(locale: str, example: str) -> None:
    assert date_example(TODAY, locale) == example
    assert value(START, example, locale) == TODAY.isoformat()  # and it is understood


def test_malagasy_dates_are_displayed_day_first() -> None:
    assert format_date(dt.date(2026, 3, 15), "mg") == "15 Mar 2026"
    assert format_date(dt.date(2026, 3, 15), "mg", "short") == "15/03/2026"
    shown = display_value(START, "2026-03-15", locale="mg", gettext=str)
    assert shown.startswith("15")


# ------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("fr", "12 personnes", 12),
        ("fr", "environ 200", 200),
        ("fr", "1 200 participantes", 1200),
        ("en", "about 30 people", 30),
        ("en", "12 women", 12),
        ("en", "~40", 40),
        ("es", "unas 25 mujeres", 25),
        ("es", "1.200 personas", 1200),
        ("pt", "cerca de 15", 15),
        ("pt", "1.500 pessoas", 1500),
        ("ar", "٢٥ امرأة", 25),
        ("ar", "حوالي ٣٠", 30),
        ("ar", "۴۵", 45),  # Eastern Arabic (Persian) digits
        ("sw", "wanawake 12", 12),
        ("sw", "takriban 40", 40),
        ("mg", "vehivavy 12", 12),
        ("mg", "1 200", 1200),
        ("en", "12.", 12),
        ("en", "12.0", 12),
    ],
)
def test_whole_numbers_with_words_around_them(locale: str, text: str, expected: int) -> None:
    assert value(WOMEN, text, locale, duration_unit="days") == expected


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("es", "12 👩", 12),
        ("sw", "wanawake 30 👍🏽", 30),
        ("ar", "١٢ ✅", 12),
        ("pt", "15 ❤️", 15),
        ("mg", "👩‍👧 8", 8),
    ],
)
def test_a_number_with_an_emoji_is_that_number(locale: str, text: str, expected: int) -> None:
    """ "12 👩" was refused with 'Please enter a whole number, for example 12.'"""
    assert value(WOMEN, text, locale) == expected


@pytest.mark.parametrize("text", ["12 = 8", "<b>2</b>", "#12", "№12", "№ 12", "1️⃣2️⃣", "12 👩 8 👨"])
def test_signs_around_a_number_or_two_numbers_are_still_refused(text: str) -> None:
    assert not parse(WOMEN, text, "es").ok


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "none"),
        ("en", "Zero"),
        ("fr", "aucun"),
        ("fr", "zéro"),
        ("es", "ninguno"),
        ("es", "cero"),
        ("pt", "nenhum"),
        ("pt", "zero"),
        ("ar", "لا أحد"),
        ("ar", "صفر"),
        ("sw", "hakuna"),
        ("sw", "sifuri"),
        ("mg", "tsy nisy"),
        ("mg", "aotra"),
    ],
)
def test_none_or_zero_in_words_is_a_count_of_0(locale: str, text: str) -> None:
    """ "How many men took part?" "Aucun": 0, not "Please enter a whole number" until the
    officer finds the 0 key."""
    assert value(WOMEN, text, locale) == 0
    assert value(ADVOCACY.question("audience"), text, locale) == 0


@pytest.mark.parametrize("locale", ["en", "fr", "es", "pt", "ar", "sw", "mg"])
@pytest.mark.parametrize("text", ["n/a", "N/A", "NA"])
def test_not_applicable_is_no_count_of_0(locale: str, text: str) -> None:
    """ "N/A" at the audience is not known or not counted, not an audience of nobody: it is
    refused as before (the optional question is skipped with its button), never stored as 0."""
    assert not parse(ADVOCACY.question("audience"), text, locale).ok
    assert not parse(WOMEN, text, locale).ok


def test_none_is_still_refused_where_at_least_one_is_needed() -> None:
    error = parse(TRAINING.question("participants_other"), "aucun", "fr").error
    assert error is not None
    assert error.msgid == "At least one participant is needed: the three numbers add up to 0."


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("en", "45%", "45"),
        ("fr", "45 %", "45"),
        ("ar", "٤٥٪", "45"),
        ("ar", "٪٤٥", "45"),
        ("es", "67,5 %", "67.5"),
        ("sw", "asilimia 80", "80"),
    ],
)
def test_percentages(locale: str, text: str, expected: str) -> None:
    assert value(SCORE, text, locale) == expected


@pytest.mark.parametrize(
    ("locale", "text", "unit", "expected"),
    [
        ("mg", "2,5", "days", "2.5"),  # the Malagasy hint says "2,5"
        ("mg", "2.5", "days", "2.5"),
        ("mg", "2,5 andro", "days", "2.5"),
        ("fr", "2,5", "days", "2.5"),
        ("fr", "2.5", "days", "2.5"),
        ("fr", "2 jours", "days", "2"),
        ("fr", "1,5 jour", "days", "1.5"),
        ("fr", "6 heures", "hours", "6"),
        ("fr", "6h", "hours", "6"),
        ("es", "2,5 días", "days", "2.5"),
        ("pt", "3,5 horas", "hours", "3.5"),
        ("en", "2.5 days", "days", "2.5"),
        ("en", "2,5", "days", "2.5"),  # a comma not grouping thousands is a decimal comma
        ("en", "1,200", "hours", "1200"),
        ("en", "1,200.5", "hours", "1200.5"),
        ("es", "1.200,5", "hours", "1200.5"),
        ("ar", "٢٫٥", "days", "2.5"),
        ("ar", "2,5 يوم", "days", "2.5"),
        ("ar", "3 ساعات", "hours", "3"),
        ("sw", "siku 2", "days", "2"),
        ("sw", "saa 6", "hours", "6"),
        ("sw", "2,5", "days", "2.5"),
        ("mg", "ora 6", "hours", "6"),
    ],
)
def test_decimals_with_either_separator_and_units(
    locale: str, text: str, unit: str, expected: str
) -> None:
    assert value(DURATION, text, locale, duration_unit=unit) == expected


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("fr", "2h30", "2.5"),
        ("fr", "1 h 45", "1.75"),
        ("pt", "2h30min", "2.5"),
        ("es", "2:30", "2.5"),
        ("ar", "٢:٣٠", "2.5"),
        ("sw", "2H20", "2.33"),  # to the hundredth
        ("mg", "3h00", "3"),
    ],
)
def test_hours_and_minutes_at_a_duration_in_hours(locale: str, text: str, expected: str) -> None:
    """ "2h30" was refused with 'Please enter a number, for example 12 or 3.5.'"""
    assert value(DURATION, text, locale, duration_unit="hours") == expected


@pytest.mark.parametrize("text", ["2h75", "2h30 2h30"])
def test_hours_and_minutes_are_read_only_as_a_clock_writes_them(text: str) -> None:
    assert not parse(DURATION, text, "fr", duration_unit="hours").ok


def test_hours_and_minutes_are_no_score_nor_days() -> None:
    assert not parse(DURATION, "2h30", "fr", duration_unit="days").ok
    assert not parse(SCORE, "2:30", "fr", duration_unit="hours").ok


@pytest.mark.parametrize(
    ("locale", "text", "unit"),
    [
        ("fr", "2 jours", "hours"),
        ("fr", "6 heures", "days"),
        ("en", "3 weeks", "days"),
        ("es", "2 días", "hours"),
        ("ar", "٣ أيام", "hours"),
        ("sw", "siku 2", "hours"),
        ("mg", "2 andro", "hours"),
    ],
)
def test_a_unit_other_than_the_one_chosen_is_refused(locale: str, text: str, unit: str) -> None:
    error = parse(DURATION, text, locale, duration_unit=unit).error
    assert error is not None
    assert "unit" in error.msgid


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "12 women and 8 men"),
        ("fr", "entre 10 et 15"),
        ("fr", "10-15"),
        ("en", "twelve or thirteen"),
        ("es", "muchas"),
        ("ar", "كثير"),
        ("en", "1/2"),
        ("en", "1 200,000"),
        ("fr", "3,5,5"),
        ("en", "1e3"),
    ],
)
def test_no_number_or_several_numbers_are_refused(locale: str, text: str) -> None:
    parsed = parse(WOMEN, text, locale)
    assert not parsed.ok


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "10-12"),
        ("en", "between 10 and 12"),
        ("fr", "10 à 12"),
        ("fr", "entre 10 et 15"),
        ("es", "10 a 12"),
        ("pt", "10 até 12"),
        ("ar", "١٠-١٢"),
        ("ar", "من ١٠ إلى ١٢"),
        ("sw", "10 hadi 12"),
        ("sw", "kati ya 10 na 12"),
        ("mg", "10 ka hatramin'ny 12"),
    ],
)
def test_a_range_is_asked_as_one_number(locale: str, text: str) -> None:
    """ "10-12" was refused with 'Please enter a whole number, for example 12.', which did not
    say what was wrong with two whole numbers."""
    error = parse(WOMEN, text, locale).error
    assert error is not None
    assert error.msgid == "Please type one number rather than a range, for example 12."


@pytest.mark.parametrize("text", ["12 women and 8 men", "12 and 8", "12/8", "10-12-2026"])
def test_two_numbers_that_are_no_range_keep_the_usual_reason(text: str) -> None:
    error = parse(WOMEN, text, "en").error
    assert error is not None
    assert error.msgid == "Please enter a whole number, for example 12."


def test_a_decimal_is_still_refused_where_a_whole_number_is_expected() -> None:
    error = parse(WOMEN, "12,5 personnes", "fr").error
    assert error is not None
    assert error.msgid == "Please enter a whole number, without decimals."


def test_malagasy_numbers_are_displayed_with_a_decimal_comma() -> None:
    assert format_number(2.5, "mg") == "2,5"
    assert display_value(DURATION, "2.5", locale="mg", gettext=str) == "2,5"
    assert display_value(WOMEN, 1200, locale="mg", gettext=str) == "1\u202f200"


# ------------------------------------------------------------------------ typed choices


@pytest.mark.parametrize(
    ("question", "locale", "text", "expected"),
    [
        (FIELD, "en", "justice", "justice"),
        (FIELD, "en", "Justise", "justice"),
        (FIELD, "fr", "JUSTICE", "justice"),
        (FIELD, "fr", "violence", "violence_exploitation"),
        (FIELD, "fr", "urgence", "emergencies"),
        (FIELD, "es", "emergencias", "emergencies"),
        (FIELD, "ar", "العدالة", "justice"),
        (FIELD, "sw", "haki", "justice"),
        (TARGET, "fr", "policiers", "police"),
        (TARGET, "fr", "Polisiers", "police"),  # a typo
        (TARGET, "fr", "enseignants", "teachers"),
        (TARGET, "fr", "Enseignant", "teachers"),
        (TARGET, "fr", "personnel de sante", "health_workers"),
        (TARGET, "en", "social workers", "social_workers"),
        (TARGET, "en", "teachers", "teachers"),
        (TARGET, "es", "policías", "police"),
        (TARGET, "pt", "professores", "teachers"),
        (TARGET, "pt", "agentes da polícia", "police"),
        (TARGET, "pt", "policia", "police"),  # the start of a word of the label
        (TARGET, "en", "Police officers", "police"),  # English labels in any language
        (KIND, "en", "train the trainer", "train_the_trainer"),
        (KIND, "fr", "formation de formateurs", "train_the_trainer"),
        (KIND, "fr", "formation de formateur", "train_the_trainer"),
        (KIND, "en", "coaching", "coaching"),
        (UNIT, "fr", "jours", "days"),
        (UNIT, "fr", "Heures", "hours"),
        (UNIT, "es", "dias", "days"),
        (UNIT, "pt", "horas", "hours"),
        (UNIT, "ar", "ساعات", "hours"),
        (UNIT, "sw", "siku", "days"),
        (UNIT, "sw", "saa", "hours"),
        (UNIT, "mg", "andro", "days"),
        # the words typed after a number for its unit (answer_words.UNIT_WORDS)
        (UNIT, "sw", "masaa", "hours"),
        (UNIT, "mg", "adiny", "hours"),
        (UNIT, "ar", "يوم", "days"),
        (UNIT, "fr", "h", "hours"),
        (UNIT, "pt", "dia", "days"),
        # Arabic words without their article
        (FIELD, "ar", "عدالة", "justice"),
        (TARGET, "ar", "شرطة", "police"),
        (TARGET, "ar", "الشرطة", "police"),
    ],
)
def test_a_choice_typed_instead_of_tapped(
    question: Question, locale: str, text: str, expected: str
) -> None:
    assert value(question, text, locale) == expected


@pytest.mark.parametrize(
    ("question", "locale", "text"),
    [
        (FIELD, "en", "sports"),
        (TARGET, "en", "workers"),  # social sector workers or health workers?
        (TARGET, "fr", "personnel"),  # justice, or education staff?
        (KIND, "en", "train"),  # training session or train-the-trainer?
        (FIELD, "fr", "j"),
        (UNIT, "en", "weeks"),
        # the start of one label and a word of another: they were the first label's
        (KIND, "fr", "formation"),  # "Formation de formateurs" or "Session de formation"?
        (TARGET, "fr", "secteur"),  # "Secteur privé" or "Professionnels du secteur social"?
        (TARGET, "es", "sector"),
        (TARGET, "pt", "setor"),
        (TARGET, "pt", "pessoal"),
        (TARGET, "ar", "قطاع"),
    ],
)
def test_a_choice_that_is_not_clearly_meant_asks_for_a_tap(
    question: Question, locale: str, text: str
) -> None:
    error = parse(question, text, locale).error
    assert error is not None
    assert error.msgid == "Please tap one of the options."


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("en", "yes", True),
        ("en", "No", False),
        ("fr", "oui", True),
        ("fr", "Non", False),
        ("es", "sí", True),
        ("es", "si", True),
        ("pt", "sim", True),
        ("pt", "não", False),
        ("pt", "nao", False),
        ("ar", "نعم", True),
        ("ar", "لا", False),
        ("sw", "ndiyo", True),
        ("sw", "Hapana", False),
        ("mg", "eny", True),
        ("mg", "Tsia", False),
    ],
)
def test_yes_and_no_typed(locale: str, text: str, expected: bool) -> None:
    assert value(NATIONAL, text, locale) is expected


@pytest.mark.parametrize("text", ["maybe", "peut-être", "oui non", "?"])
def test_neither_yes_nor_no_asks_for_a_tap(text: str) -> None:
    error = parse(NATIONAL, text, "fr").error
    assert error is not None
    assert error.msgid == "Please tap Yes or No."


def test_advocacy_choices_are_typed_too() -> None:
    level = ADVOCACY.question("level")
    assert value(level, "national", "fr") == "national"
    assert value(level, "régional", "fr") == "regional"


@pytest.mark.parametrize(
    ("locale", "text"), [("en", "Skip"), ("fr", "Passer"), ("sw", "ruka"), ("ar", "تخطي")]
)
def test_the_skip_button_s_word_at_a_required_question_is_not_its_answer(
    locale: str, text: str
) -> None:
    """ "Passer" typed at the institution (a required question, with no Skip button) was stored
    as the institution's name; optional questions are skipped by it since today."""
    error = parse(ADVOCACY.question("institution"), text, locale).error
    assert error is not None
    assert error.msgid == "This question cannot be skipped."


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2028, 3, 1), "2028-02-29"),
        (dt.date(2029, 1, 10), "2028-02-29"),  # last year's
        (dt.date(2029, 3, 1), "2028-02-29"),
    ],
)
def test_a_29_february_without_its_year_is_this_years_or_last_years(
    today: dt.date, expected: str
) -> None:
    parsed = parse_answer(START, "29/02", {}, locale="fr", today=today)
    assert parsed.value == expected, parsed.error

"""Whole numbers typed in words at a count ("douze", "kumi na mbili", "خمسة وعشرون") are read;
a number in words beside other digits must be the same number, and anything not fully
understood is refused as before."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.forms.answer_words import APPROXIMATE_MAGNITUDES, MAGNITUDE_WORDS
from bot.forms.definitions import ADVOCACY, TRAINING
from bot.forms.engine import Parsed, parse_answer, parse_number
from bot.forms.number_words import NUMBER_WORDS

TODAY = dt.date(2026, 3, 18)
WOMEN = TRAINING.question("participants_women")
MEN = TRAINING.question("participants_men")
AUDIENCE = ADVOCACY.question("audience")
DURATION = TRAINING.question("duration")

WHOLE_NUMBER = "Please enter a whole number, for example 12."
IN_DIGITS = "Please type the whole number in digits, for example 12000 for twelve thousand."
DIFFER = (
    "The number in words is not the number in digits. Please type the number once, for example 12."
)


def parse(text: str, locale: str, question: Any = WOMEN, **answers: Any) -> Parsed:
    return parse_answer(question, text, answers, locale=locale, today=TODAY)


def msgid(parsed: Parsed) -> str:
    assert parsed.error is not None, parsed
    return parsed.error.msgid


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("en", "twelve", 12),
        ("en", "Twenty-five", 25),
        ("en", "twenty five", 25),
        ("en", "ONE HUNDRED", 100),
        ("en", "ten people", 10),
        ("fr", "douze", 12),
        ("fr", "vingt-cinq", 25),
        ("fr", "Vingt et un", 21),
        ("fr", "quatre-vingt-dix", 90),
        ("fr", "quatre vingts", 80),
        ("fr", "soixante et onze", 71),
        ("fr", "soixante-et-onze", 71),
        ("fr", "soixante-dix-sept", 77),
        ("fr", "quatre-vingt-dix-neuf", 99),
        ("fr", "nonante-deux", 92),  # Belgium, Switzerland, the DR Congo
        ("fr", "DIX-SEPT", 17),
        ("fr", "zéro", 0),
        ("fr", "environ vingt", 20),
        ("fr", "douze femmes", 12),
        ("fr", "une femme", 1),
        ("fr", "cent", 100),
        ("es", "veinticinco", 25),
        ("es", "Veintiséis", 26),
        ("es", "veintiseis", 26),
        ("es", "treinta y dos", 32),
        ("es", "unas cuarenta mujeres", 40),
        ("pt", "vinte e cinco", 25),
        ("pt", "dezasseis", 16),  # European Portuguese
        ("pt", "dezesseis", 16),
        ("pt", "catorze", 14),
        ("pt", "cem", 100),
        ("sw", "kumi na mbili", 12),
        ("sw", "ishirini na tano", 25),
        ("sw", "wanawake watano", 5),
        ("mg", "roa ambin'ny folo", 12),
        ("mg", "roa ambinifolo", 12),
        ("mg", "dimy amby roapolo", 25),
        ("mg", "telopolo", 30),
        ("ar", "اثنا عشر", 12),
        ("ar", "خمسة وعشرون", 25),
        ("ar", "خمسة و عشرون", 25),
        ("ar", "عشرون", 20),
        ("ar", "عشرين امرأة", 20),
        ("en", "douze", 12),  # French is read in every language, as month names are
        ("fr", "une personne", 1),
        ("pt", "uma pessoa", 1),
        ("sw", "mtu mmoja", 1),
        ("mg", "olona iray", 1),
        ("ar", "شخص واحد", 1),
    ],
)
def test_a_whole_number_in_words_is_read(locale: str, text: str, expected: int) -> None:
    """ "douze" at "How many women took part?" was refused with 'Please enter a whole number,
    for example 12.'"""
    assert parse(text, locale) == Parsed(expected)
    assert parse(text, locale, AUDIENCE) == Parsed(expected)


@pytest.mark.parametrize("language", sorted(NUMBER_WORDS))
def test_every_number_from_0_to_100_has_words_in_each_language(language: str) -> None:
    assert {value for _phrase, value in NUMBER_WORDS[language]} == set(range(101))


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("fr", "12 (douze)", 12),
        ("fr", "douze (12)", 12),
        ("en", "25 (twenty-five)", 25),
        ("ar", "٢٥ (خمسة وعشرون)", 25),
        ("sw", "12 kumi na mbili", 12),
        ("fr", "un groupe de 12", 12),  # an article, not a one
    ],
)
def test_digits_with_the_same_number_in_words_are_that_number(
    locale: str, text: str, expected: int
) -> None:
    assert parse(text, locale) == Parsed(expected)


@pytest.mark.parametrize(
    ("locale", "text"),
    [("fr", "12 (treize)"), ("fr", "treize (12)"), ("en", "12 (twenty)"), ("es", "doce 13")],
)
def test_digits_and_words_that_differ_are_refused(locale: str, text: str) -> None:
    """ "12 (treize)" was stored as 12: the words beside the digits were dropped."""
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == DIFFER
    assert parse_number(text, locale) is None


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("fr", "un groupe", WHOLE_NUMBER),  # words not understood around a one
        ("fr", "personne d'autre", WHOLE_NUMBER),  # "personne n'est venu" is 0
        ("es", "tres o cuatro", WHOLE_NUMBER),  # two numbers
        ("fr", "entre dix et douze", WHOLE_NUMBER),
        ("en", "twelve or thirteen", WHOLE_NUMBER),
        ("en", "twelve apples and pears", WHOLE_NUMBER),
        ("fr", "deux cents", IN_DIGITS),  # above 100: in digits
        ("fr", "cent douze", IN_DIGITS),
        ("en", "two hundred", IN_DIGITS),
        ("en", "twelve thousand", IN_DIGITS),
        ("sw", "mia mbili", IN_DIGITS),
        ("fr", "vingt et demi", "Please enter a whole number, without decimals."),
        ("en", "once", WHOLE_NUMBER),  # Spanish words are read by Spanish speakers only
    ],
)
def test_numbers_in_words_not_fully_understood_are_refused(
    locale: str, text: str, expected: str
) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == expected


def test_words_of_another_group_are_refused_as_with_digits() -> None:
    parsed = parse("douze hommes", "fr")
    assert parsed.error is not None
    assert parsed.error.msgid.startswith("This number seems to count another group")
    assert parse("douze hommes", "fr", MEN) == Parsed(12)


def test_a_duration_in_words_is_read_with_its_unit() -> None:
    assert parse("trois jours", "fr", DURATION, duration_unit="days") == Parsed("3")
    assert parse("siku mbili", "sw", DURATION, duration_unit="days") == Parsed("2")
    wrong_unit = parse("two days", "en", DURATION, duration_unit="hours")
    assert wrong_unit.error is not None
    assert "unit" in wrong_unit.error.msgid
    half = parse("deux heures et demie", "fr", DURATION, duration_unit="hours")
    assert half.error is not None
    assert "decimals" in half.error.msgid


@pytest.mark.parametrize(
    ("locale", "text", "unit"),
    [
        ("fr", "une demi-journée", "days"),
        ("fr", "une demi-heure", "hours"),
        ("fr", "un quart d'heure", "hours"),
        ("en", "one half day", "days"),
        ("es", "una media hora", "hours"),
        ("es", "un medio día", "days"),
        ("pt", "uma meia hora", "hours"),
        ("sw", "nusu saa moja", "hours"),
        ("mg", "antsasany andro iray", "days"),
        ("ar", "نصف ساعة واحدة", "hours"),
        ("fr", "1 demi-journée", "days"),
        ("en", "1 half day", "days"),
    ],
)
def test_half_a_unit_is_not_one_unit(locale: str, text: str, unit: str) -> None:
    """ "une demi-journée" at a duration in days was stored as 1 day, "una media hora" as
    1 hour: the half was dropped and the article read as one."""
    parsed = parse(text, locale, DURATION, duration_unit=unit)
    assert parsed.error is not None, parsed


def test_a_half_in_and_a_half_still_asks_for_the_decimals() -> None:
    assert parse("un jour et demi", "fr", DURATION, duration_unit="days").error is not None
    assert parse("3 jours et demi", "fr", DURATION, duration_unit="days").error is not None
    assert parse("une journée", "fr", DURATION, duration_unit="days") == Parsed("1")
    assert parse("1 journée", "fr", DURATION, duration_unit="days") == Parsed("1")


@pytest.mark.parametrize("text", ["two", "douze", "kumi na mbili"])
def test_a_yearly_indicator_value_is_still_typed_in_digits(text: str) -> None:
    """Budgets and sponsors are typed by managers in digits: a value in words is asked again
    (the chat and `fieldbot indicator set` refuse "two"), as before counts in words were read."""
    assert parse_number(text, "en") is None
    assert parse_number("12", "en") == 12


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "une dizaine"),
        ("fr", "une vingtaine"),
        ("fr", "environ une dizaine"),
        ("fr", "une vingtaine de filles"),
        ("fr", "des centaines"),
        ("en", "a dozen"),
        ("en", "about a dozen"),
        ("en", "dozens"),
        ("es", "una docena"),
        ("es", "una decena"),
        ("pt", "uma dezena"),
        ("pt", "uma dúzia"),
        ("ar", "مئات"),
    ],
)
def test_about_how_many_is_asked_as_a_whole_number_not_in_digits(locale: str, text: str) -> None:
    """ "une dizaine" (about ten) was told 'Please type the whole number in digits, for example
    12000 for twelve thousand.', as if it were a number too long to write in words."""
    assert msgid(parse(text, locale)) == WHOLE_NUMBER
    assert msgid(parse(text, locale, DURATION, duration_unit="days")) == (
        "Please enter a number, for example 12 or 3.5."
    )


@pytest.mark.parametrize(
    ("locale", "text"),
    [("fr", "deux cents"), ("en", "two hundred"), ("fr", "deux douzaines"), ("en", "one dozen")],
)
def test_a_number_of_hundreds_or_dozens_is_still_asked_in_digits(locale: str, text: str) -> None:
    assert msgid(parse(text, locale)) == IN_DIGITS


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("es", "doscientas personas"),
        ("es", "quinientos"),
        ("pt", "duzentos"),
        ("pt", "quinhentas mulheres"),
        ("mg", "roanjato"),
        ("mg", "enin-jato"),
        ("ar", "مئتان"),
        ("ar", "ثلاثمائة"),
        ("ar", "ألفان"),
    ],
)
def test_hundreds_written_as_one_word_are_asked_in_digits(locale: str, text: str) -> None:
    """ "doscientas personas", "roanjato", "مئتان" were answered "Please enter a whole number,
    for example 12.", as if no number had been typed; "two hundred" is asked in digits."""
    assert msgid(parse(text, locale)) == IN_DIGITS


def test_the_words_about_how_many_are_magnitudes() -> None:
    assert set(APPROXIMATE_MAGNITUDES) <= set(MAGNITUDE_WORDS)

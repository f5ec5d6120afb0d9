"""Digits with another number in words elsewhere in the sentence ("12 girls under eighteen",
"12 femmes dont deux animatrices") are the digits, as before numbers in words were read: only
words that restate the count ("12 (treize)", "douze 12") must agree with it, and only a bound
that qualifies the count ("plus de 12", "12 ou plus", "under 12") makes it a bound."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.forms.definitions import ADVOCACY, TRAINING
from bot.forms.engine import Parsed, parse_answer

TODAY = dt.date(2026, 3, 18)
WOMEN = TRAINING.question("participants_women")
MEN = TRAINING.question("participants_men")
AUDIENCE = ADVOCACY.question("audience")

BOUND = (
    "Please type the exact number, not a minimum or a maximum: for example 12 rather than "
    "“more than 12” or “12+”."
)
DIFFER = (
    "The number in words is not the number in digits. Please type the number once, for example 12."
)
IN_DIGITS = "Please type the whole number in digits, for example 12000 for twelve thousand."


def parse(text: str, locale: str, question: Any = WOMEN) -> Parsed:
    return parse_answer(question, text, {}, locale=locale, today=TODAY)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        # a bound on another number: an age, a length
        ("fr", "12 filles de moins de dix-huit ans"),
        ("fr", "12 femmes de plus de dix-huit ans"),
        ("en", "12 girls under eighteen"),
        ("en", "12 girls under the age of eighteen"),
        ("en", "12 over two days"),
        ("es", "12 chicas menores de dieciocho años"),
        ("pt", "12 raparigas com menos de dezoito anos"),
        ("sw", "wasichana 12 chini ya miaka kumi na nane"),
        ("mg", "zazavavy 12 latsaky ny valo ambin'ny folo taona"),
        ("ar", "١٢ فتاة أقل من ثمانية عشر عاما"),
        # a part of the count, or another group or length
        ("fr", "12 femmes dont deux animatrices"),
        ("fr", "12 (dont deux animatrices)"),
        ("en", "12 women, two of them facilitators"),
        ("es", "12 mujeres, dos de ellas facilitadoras"),
        ("ar", "١٢ امرأة منهن اثنتان ميسرتان"),
        ("fr", "12 sur deux jours"),
        ("pt", "12 mulheres durante dois dias"),
        ("sw", "12 kwa siku mbili"),
        ("en", "12 women and two men"),
        ("fr", "12 femmes et deux hommes"),
        # colloquial Arabic: 12 ladies ("ست" is also six)
        ("ar", "١٢ ست"),
    ],
)
def test_another_number_in_words_leaves_the_digits_as_the_count(locale: str, text: str) -> None:
    """These were stored as 12 before numbers in words were read, then refused as a bound or
    as words disagreeing with the digits."""
    assert parse(text, locale) == Parsed(12)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "12 (treize)"),
        ("fr", "treize (12)"),
        ("fr", "12 - treize"),
        ("fr", "12 treize"),
        ("fr", "12 soit treize"),
        ("fr", "12 personnes (treize)"),
        ("fr", "treize personnes 12"),
        ("es", "doce 13"),
        ("en", "12 or thirteen"),
        ("en", "12 i.e. thirteen"),
        ("sw", "12 yaani kumi na tatu"),
        ("mg", "12 (telo ambin'ny folo)"),
        ("ar", "١٢ (ثلاثة عشر)"),
        ("ar", "١٢ أي ثلاثة عشر"),
        ("ar", "١٢ ستة"),
        # "ست" is six before whom it counts, a lady only alone: six women, not 12 ladies
        ("ar", "١٢ ست نساء"),
        ("ar", "١٢ ست مشاركات"),
        ("ar", "١٢ (ست نساء)"),
    ],
)
def test_words_that_restate_the_count_as_another_number_are_refused(
    locale: str, text: str
) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == DIFFER


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "moins de 12"),
        ("fr", "12 ou plus"),
        ("fr", "12 personnes ou plus"),
        ("fr", "12 au moins"),
        ("fr", "plus de 12 filles de moins de dix-huit ans"),
        ("fr", "deux jours, plus de 12"),
        ("fr", "plus de douze (12)"),
        ("en", "under 12"),
        ("en", "12 and over"),
        ("en", "12 or more, two of them facilitators"),
        ("en", "at least 12 girls under eighteen"),
        ("es", "12 o más"),
        ("pt", "12 ou mais"),
        ("sw", "wanawake 12 na zaidi"),
        ("mg", "olona 12 mahery"),
        ("ar", "١٢ أو أكثر"),
        ("ar", "١٢ على الأقل"),
    ],
)
def test_a_bound_that_qualifies_the_count_is_still_refused(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == BOUND


def test_another_group_after_another_number_is_that_number_s() -> None:
    """ "12 femmes et deux hommes" at the men's question was stored as 12 men (both groups
    named, so neither was taken for a mistake); the men are the two."""
    parsed = parse("12 femmes et deux hommes", "fr", MEN)
    assert parsed.error is not None
    assert parsed.error.msgid.startswith("This number seems to count another group")


def test_a_number_half_in_words_is_still_asked_in_digits() -> None:
    parsed = parse("deux cents 3", "fr", AUDIENCE)
    assert parsed.error is not None
    assert parsed.error.msgid == IN_DIGITS


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "douze filles de moins de dix-huit ans"),
        ("en", "twelve girls under eighteen"),
        ("sw", "wasichana kumi na mbili chini ya miaka kumi na nane"),
    ],
)
def test_two_numbers_in_words_are_asked_again_as_no_bound(locale: str, text: str) -> None:
    """Two numbers in words are not read (which is the count?), and were refused as a bound,
    a reason that was not theirs."""
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == "Please enter a whole number, for example 12."


@pytest.mark.parametrize(
    ("locale", "text"),
    [("ar", "١٢ على مدى يومين"), ("ar", "١٢ خلال ساعتين"), ("ar", "١٢ امرأة لمدة أسبوعين")],
)
def test_an_arabic_dual_is_a_number_of_its_own(locale: str, text: str) -> None:
    """ "يومين" is two days in one word: "١٢ على مدى يومين" (12 over two days) was stored as
    12 before this morning, then refused as a unit beside a head count."""
    assert parse(text, locale) == Parsed(12)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "12 or more over two days"),
        ("fr", "12 ou plus sur deux jours"),
        ("sw", "12 au zaidi kwa siku mbili"),
        ("mg", "12 mahery nandritra ny roa andro"),
        ("ar", "١٢ أو أكثر خلال يومين"),
    ],
)
def test_or_more_bounds_the_number_before_it_whatever_follows(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == BOUND


def test_a_dual_keeps_its_unit_at_a_duration() -> None:
    duration = TRAINING.question("duration")
    parsed = parse_answer(
        duration, "2 يومين", {"duration_unit": "hours"}, locale="ar", today=TODAY
    )
    assert parsed.error is not None
    assert parsed.error.msgid.startswith("This unit is not the one you chose")
    assert parse_answer(
        duration, "2 يومين", {"duration_unit": "days"}, locale="ar", today=TODAY
    ) == Parsed("2")

"""A mark out of a total typed at a score asked in per cent ("12 sur vingt", "12 out of
twenty"): asked again as a percentage, not stored as 12 %."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.forms.definitions import TRAINING
from bot.forms.engine import Parsed, parse_answer

TODAY = dt.date(2026, 3, 18)
SCORE = TRAINING.question("pre_score")
AS_A_PERCENTAGE = "Please type the score as a percentage: for example 60 for 12 out of 20."


def parse(text: str, locale: str, qid: str = "pre_score") -> Parsed:
    return parse_answer(TRAINING.question(qid), text, {}, locale=locale, today=TODAY)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        # these were stored as a score of 12 % (or 3 %)
        ("fr", "12 sur vingt"),
        ("fr", "douze sur vingt"),
        ("en", "12 out of twenty"),
        ("en", "3 of four"),
        ("sw", "12 kati ya ishirini"),
        ("mg", "12 amin'ny roapolo"),
        ("ar", "١٢ من عشرين"),
        # these were refused as no number at all
        ("en", "12/20"),
        ("fr", "12 sur 20"),
        ("es", "12 de veinte"),
        ("pt", "12 em 20"),
    ],
)
def test_a_mark_out_of_a_total_is_asked_as_a_percentage(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == AS_A_PERCENTAGE


@pytest.mark.parametrize(
    ("locale", "text"),
    [("en", "60"), ("en", "60%"), ("fr", "60 % des participants"), ("es", "60 de media")],
)
def test_a_percentage_is_read(locale: str, text: str) -> None:
    assert parse(text, locale) == Parsed("60")


def test_a_part_of_a_group_at_a_head_count_is_still_the_count() -> None:
    assert parse("12 of fifteen", "en", "participants_women") == Parsed(12)


@pytest.mark.parametrize(("locale", "text"), [("en", "0.6"), ("fr", "0,6"), ("en", ".75")])
def test_a_fraction_of_one_is_asked_as_a_percentage(locale: str, text: str) -> None:
    """ "0.6" (a spreadsheet's 60 %) was stored as an average score of 0.6 %."""
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == AS_A_PERCENTAGE


@pytest.mark.parametrize(("locale", "text"), [("en", "0.5%"), ("fr", "0,5 %")])
def test_a_fraction_of_one_per_cent_said_so_is_read(locale: str, text: str) -> None:
    assert parse(text, locale) == Parsed("0.5")
    assert parse("0", locale) == Parsed("0")


@pytest.mark.parametrize(
    ("locale", "text", "read"),
    [
        ("fr", "12 pour cent", "12"),
        ("fr", "12,5 pour cent", "12.5"),
        ("en", "12 per cent", "12"),
        ("es", "12 por ciento", "12"),
        ("mg", "12 isan-jato", "12"),  # refused since ee86a9e ("jato": a hundred)
        ("en", "0.6 per cent", "0.6"),
    ],
)
def test_per_cent_in_two_words_is_a_score(locale: str, text: str, read: str) -> None:
    """These were answered 'Please type the whole number in digits, for example 12000 for
    twelve thousand', the cent of 'per cent' read as a hundred to multiply by."""
    assert parse(text, locale) == Parsed(read)


@pytest.mark.parametrize(("locale", "text"), [("fr", "12 cent"), ("mg", "12 jato")])
def test_a_hundred_alone_is_still_asked_in_digits(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid.startswith("Please type the whole number in digits")

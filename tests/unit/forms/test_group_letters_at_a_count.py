"""A letter after a head count, as registers write it ("12 M", "12W", "12 ke"), says whom the
number counts; the same letter may name another group in another language ("M": men in English
and French, mujeres or masculino in Spanish, mulheres or masculino in Portuguese)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.forms.definitions import TRAINING
from bot.forms.engine import Parsed, parse_answer

TODAY = dt.date(2026, 3, 18)
ANOTHER_GROUP = (
    "This number seems to count another group than the one asked. Please type the number for "
    "this question alone."
)


def parse(text: str, locale: str, qid: str) -> Parsed:
    return parse_answer(TRAINING.question(qid), text, {}, locale=locale, today=TODAY)


@pytest.mark.parametrize(
    ("locale", "text", "qid"),
    [
        ("en", "12 M", "participants_women"),
        ("en", "12m", "participants_women"),
        ("en", "12 W", "participants_men"),
        ("en", "12w", "participants_men"),
        ("fr", "12 M", "participants_women"),
        ("es", "12 V", "participants_women"),
        ("sw", "12 me", "participants_women"),
        ("sw", "12 KE", "participants_men"),
        ("mg", "12 L", "participants_women"),
        ("mg", "12 V", "participants_men"),
        ("en", "12 M", "participants_other"),
        ("fr", "12W", "participants_men"),  # English's letter, which no other language uses
    ],
)
def test_a_letter_of_another_group_is_refused(locale: str, text: str, qid: str) -> None:
    """These were stored as 12 of the group asked."""
    parsed = parse(text, locale, qid)
    assert parsed.error is not None
    assert parsed.error.msgid == ANOTHER_GROUP


@pytest.mark.parametrize(
    ("locale", "text", "qid"),
    [
        ("en", "12 M", "participants_men"),
        ("en", "12W", "participants_women"),
        ("en", "12 F", "participants_women"),
        ("fr", "12 M", "participants_men"),
        ("fr", "12 F", "participants_women"),
        ("es", "12 H", "participants_men"),
        ("sw", "12 ke", "participants_women"),
        ("sw", "12 ME", "participants_men"),
        ("mg", "12 V", "participants_women"),
        ("mg", "12 L", "participants_men"),
    ],
)
def test_a_letter_of_the_group_asked_is_read(locale: str, text: str, qid: str) -> None:
    assert parse(text, locale, qid) == Parsed(12)


def test_a_letter_two_languages_read_as_two_groups_is_asked_again() -> None:
    """Swahili writes ME and KE: "12 M" may be male (English) or mujeres (Spanish)."""
    parsed = parse("12 M", "sw", "participants_women")
    assert parsed.error is not None
    assert parsed.error.msgid == "Please enter a whole number, for example 12."
    assert parse("12 M", "ar", "participants_men").error is not None


@pytest.mark.parametrize("text", ["12 me semble", "12, me dit-on"])
def test_a_word_of_two_letters_in_another_language_is_no_group(text: str) -> None:
    assert parse(text, "fr", "participants_women") == Parsed(12)


@pytest.mark.parametrize("text", ["12 H", "12h"])
def test_a_group_s_letter_that_is_also_a_unit_is_the_group_s(text: str) -> None:
    """With the training's length given in days, "12 H" at How many women? said "This unit is
    not the one you chose for this answer... go back to change the unit": H is hommes here."""
    answers = {"duration_unit": "days"}
    women = parse_answer(
        TRAINING.question("participants_women"), text, answers, locale="fr", today=TODAY
    )
    assert women.error is not None
    assert women.error.msgid == ANOTHER_GROUP
    men = parse_answer(
        TRAINING.question("participants_men"), text, answers, locale="fr", today=TODAY
    )
    assert men == Parsed(12)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "12 formées par l'équipe"),
        ("fr", "12, m'a-t-on dit"),
        ("en", "12 with the m team"),
    ],
)
def test_a_letter_in_a_sentence_is_no_group(locale: str, text: str) -> None:
    """The "l" of "l'équipe" (lahy in Malagasy) made "12 formées par l'équipe" a number of
    men at How many women?."""
    assert parse(text, locale, "participants_women") == Parsed(12)


@pytest.mark.parametrize("locale", ["es", "pt"])
@pytest.mark.parametrize("qid", ["participants_women", "participants_men"])
def test_m_in_spanish_and_portuguese_is_asked_again(locale: str, qid: str) -> None:
    """M is mujeres or mulheres beside H, and masculino beside F: "12 M" (masculino) was
    stored as 12 women, and refused at How many men?."""
    parsed = parse("12 M", locale, qid)
    assert parsed.error is not None
    assert parsed.error.msgid == "Please enter a whole number, for example 12."
    assert parse("12 F", locale, "participants_women") == Parsed(12)
    assert parse("12 H", locale, "participants_men") == Parsed(12)

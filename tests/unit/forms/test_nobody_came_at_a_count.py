""" "Nobody came" typed at a head count, in a few words of the seven languages, is 0 as
"nobody" alone is; more words ("nobody from the ministry") ask for the number again."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.forms.definitions import TRAINING
from bot.forms.engine import Parsed, parse_answer
from bot.forms.model import FormError

TODAY = dt.date(2026, 3, 18)
ANOTHER_GROUP = (
    "This number seems to count another group than the one asked. Please type the number for "
    "this question alone."
)


def parse(text: str, locale: str, qid: str = "participants_women") -> Parsed:
    return parse_answer(TRAINING.question(qid), text, {}, locale=locale, today=TODAY)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "personne n'est venu"),
        ("fr", "Personne n'est venue."),
        ("fr", "aucune n'est venue"),
        ("fr", "aucune femme"),
        ("en", "nobody came"),
        ("en", "No one came"),
        ("en", "none of them"),
        ("en", "no women"),
        ("es", "nadie vino"),
        ("es", "ninguna mujer"),
        ("pt", "ninguém veio"),
        ("pt", "nenhuma mulher"),
        ("sw", "hakuna aliyekuja"),
        ("sw", "hakuna mwanamke"),
        ("mg", "tsy nisy tonga"),
        ("mg", "tsy nisy vehivavy"),
        ("ar", "لم يحضر أحد"),
        ("ar", "لم تحضر أي امرأة"),
    ],
)
def test_nobody_came_is_zero(locale: str, text: str) -> None:
    """These were refused ("Please enter a whole number") while "personne" alone was 0."""
    assert parse(text, locale) == Parsed(0)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "nobody from the ministry"),
        ("en", "no idea"),
        ("en", "no data"),
        ("fr", "la personne"),
        ("fr", "personne d'autre"),
        ("ar", "لم يحضر أحد من الوزارة"),
    ],
)
def test_nobody_with_more_words_is_asked_again(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == "Please enter a whole number, for example 12."


@pytest.mark.parametrize(
    ("locale", "text"), [("en", "no men"), ("fr", "aucun homme"), ("sw", "hakuna wanaume")]
)
def test_no_one_of_another_group_is_refused(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None
    assert parsed.error.msgid == ANOTHER_GROUP
    assert parse(text, locale, "participants_men") == Parsed(0)


@pytest.mark.parametrize(
    ("locale", "text", "qid"),
    [
        ("en", "no, all of them", "trainers_trained"),
        ("en", "No, all were present", "trainers_trained"),
        ("en", "no, all of them were there", "participants_women"),
        ("en", "no, there were", "participants_women"),
        ("en", "no women, all men", "participants_women"),
    ],
)
def test_no_as_an_answer_to_something_else_is_no_zero(locale: str, text: str, qid: str) -> None:
    """ "No" before anything but whom it counts answers another question: these were stored
    as 0 ("no, all of them" at the trainers trained: all were), or "no women, all men" said
    "This question needs an answer"."""
    parsed = parse(text, locale, qid)
    assert parsed.error is not None
    assert parsed.error.msgid == "Please enter a whole number, for example 12."


@pytest.mark.parametrize(
    ("locale", "text"),
    [("en", "no one came"), ("en", "no women came"), ("en", "No participants"), ("fr", "non")],
)
def test_no_before_whom_it_counts_is_still_zero(locale: str, text: str) -> None:
    assert parse(text, locale) == Parsed(0)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "il n'y avait personne"),
        ("fr", "Il n'y avait aucune femme."),
        ("es", "no vino nadie"),
        ("es", "no asistió ninguna"),
        ("pt", "não veio ninguém"),
    ],
)
def test_nobody_came_as_most_say_it_is_zero(locale: str, text: str) -> None:
    """The negation before the verb ("no vino nadie", "não veio ninguém") and "il n'y avait
    personne" were asked again while "nadie vino" was 0."""
    assert parse(text, locale) == Parsed(0)


@pytest.mark.parametrize(
    ("locale", "text"),
    [("fr", "la personne n'est pas venue"), ("fr", "il y avait personne")],
)
def test_a_person_is_still_no_zero(locale: str, text: str) -> None:
    parsed = parse(text, locale)
    assert parsed.error is not None


@pytest.mark.parametrize(
    ("locale", "text", "qid"),
    [
        ("en", "no women, 12 men", "participants_women"),
        ("en", "no women came, 12 men", "participants_women"),
        ("en", "no men came, 12 women", "participants_men"),
        ("fr", "aucune femme, 12 hommes", "participants_women"),
        ("fr", "pas de femmes, 12 hommes", "participants_women"),
        ("es", "sin mujeres, 12 hombres", "participants_women"),
        ("sw", "hakuna wanawake, wanaume 12", "participants_women"),
        ("mg", "tsy misy vehivavy, lehilahy 12", "participants_women"),
        ("ar", "لا نساء، ١٢ رجال", "participants_women"),
        ("es", "ninguna, 12 hombres", "participants_women"),
        ("en", "no, 12 men", "participants_women"),
    ],
)
def test_the_group_said_none_of_is_not_whom_the_number_counts(
    locale: str, text: str, qid: str
) -> None:
    """Stored as 12 women: the women's word, said with 'no', was taken for whom 12 counts."""
    assert parse(text, locale, qid) == Parsed(error=FormError(ANOTHER_GROUP))


@pytest.mark.parametrize(
    ("locale", "text"),
    [("en", "12 women, no men"), ("en", "no men, 12 women"), ("fr", "aucun homme, 12 femmes")],
)
def test_the_group_asked_beside_another_said_none_of_is_read(locale: str, text: str) -> None:
    assert parse(text, locale) == Parsed(12)

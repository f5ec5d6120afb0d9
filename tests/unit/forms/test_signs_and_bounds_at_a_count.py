"""A sign or a word beside a count that makes it something else than that many people
("12+", "more than 12", "12%", "1st", "12°", "12h") is refused, never read as 12."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.forms.definitions import ADVOCACY, TRAINING
from bot.forms.engine import Parsed, parse_answer
from bot.forms.model import QType, Question

TODAY = dt.date(2026, 3, 18)
WOMEN = TRAINING.question("participants_women")
PARTNERS = ADVOCACY.question("partner_organisations")
AUDIENCE = ADVOCACY.question("audience")
DURATION = TRAINING.question("duration")
SCORE = TRAINING.question("pre_score")

WHOLE_NUMBER = "Please enter a whole number, for example 12."
BOUND = (
    "Please type the exact number, not a minimum or a maximum: for example 12 rather than "
    "“more than 12” or “12+”."
)
PERCENT = "Please type how many, not a percentage: for example 12."


def parse(text: str, locale: str, question: Question = WOMEN, **answers: Any) -> Parsed:
    return parse_answer(question, text, answers, locale=locale, today=TODAY)


def msgid(parsed: Parsed) -> str:
    assert parsed.error is not None, parsed
    return parsed.error.msgid


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "12+"),
        ("en", "12 +"),
        ("en", ">12"),
        ("en", "≥ 12"),
        ("en", "more than 12"),
        ("en", "over 12"),
        ("en", "at least 12"),
        ("en", "12 or more"),
        ("en", "less than 12"),
        ("fr", "plus de 12"),
        ("fr", "Moins de 12"),
        ("fr", "au moins 12"),
        ("fr", "12 et plus"),
        ("es", "más de 12"),
        ("es", "por lo menos 12"),
        ("pt", "mais de 12"),
        ("pt", "pelo menos 12"),
        ("sw", "zaidi ya 12"),
        ("sw", "angalau 12"),
        ("mg", "olona 12 mahery"),
        ("mg", "mihoatra ny 12"),
        ("ar", "أكثر من ١٢"),
        ("ar", "على الأقل ١٢"),
        ("fr", "plus de douze"),
    ],
)
def test_a_bound_is_no_count(locale: str, text: str) -> None:
    """ "more than 12" was stored as 12 women (and "12+" refused without saying why)."""
    assert msgid(parse(text, locale)) == BOUND
    assert msgid(parse(text, locale, AUDIENCE)) == BOUND
    assert msgid(parse(text, locale, DURATION, duration_unit="days")) == BOUND


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("fr", "plus ou moins 12", 12),  # about 12, as "environ 12"
        ("pt", "mais ou menos 12", 12),
        ("en", "about 12", 12),
        ("en", "+7", 7),
    ],
)
def test_an_approximation_is_still_read(locale: str, text: str, expected: int) -> None:
    assert parse(text, locale) == Parsed(expected)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("es", "12 hasta ahora"),
        ("es", "hasta el momento 12"),
        ("fr", "12 jusqu'à présent"),
        ("fr", "jusqu'à maintenant 12"),
        ("en", "12 up to now"),
        ("ar", "١٢ حتى الآن"),
        ("ar", "حتى اليوم ١٢"),
    ],
)
def test_so_far_is_no_bound(locale: str, text: str) -> None:
    """ "12 hasta ahora" (12 so far) was refused as "more than 12" is, while 12 came."""
    assert parse(text, locale) == Parsed(12)


@pytest.mark.parametrize(("locale", "text"), [("es", "hasta 12"), ("fr", "jusqu'à 12")])
def test_up_to_a_number_is_still_a_bound(locale: str, text: str) -> None:
    assert msgid(parse(text, locale)) == BOUND


def test_a_range_keeps_its_own_reason() -> None:
    assert msgid(parse("10 à 12", "fr")) == (
        "Please type one number rather than a range, for example 12."
    )


@pytest.mark.parametrize("question", [WOMEN, PARTNERS, AUDIENCE])
@pytest.mark.parametrize("text", ["12%", "12 %", "12 percent", "asilimia 12", "١٢٪"])
def test_a_percentage_at_any_count_is_refused(question: Question, text: str) -> None:
    """ "12%" at "How many people did it reach?" was stored as an audience of 12."""
    assert msgid(parse(text, "en", question)) == PERCENT


def test_a_whole_number_of_at_most_100_that_counts_nobody_may_be_a_percentage() -> None:
    share = Question("share", QType.INTEGER, "Share?", minimum=0, maximum=100)
    assert parse("45%", "en", share) == Parsed(45)
    assert parse("45%", "en", SCORE) == Parsed("45")


@pytest.mark.parametrize(
    "text",
    [
        "12°",
        "n°12",
        "N° 12",
        "nº 12",
        "12º",
        "2ª",
        "1st",
        "12th",
        "1er",
        "12e",
        "12ème",
        "3x",
        "x3",
        "2nd",
        "3ro",
        "4to",
        "n12",
        "faha12",
        "12 jours",
    ],
)
def test_signs_and_letters_that_make_the_number_something_else_are_refused(text: str) -> None:
    """ "12°", "1st", "12th", "3x" and "12 jours" were stored as a count of 12 (or 1)."""
    assert msgid(parse(text, "fr")) == WHOLE_NUMBER
    assert msgid(parse(text, "fr", PARTNERS)) == WHOLE_NUMBER


MEN = TRAINING.question("participants_men")
OTHER = TRAINING.question("participants_other")
ANOTHER_GROUP = (
    "This number seems to count another group than the one asked. Please type the number for "
    "this question alone."
)


@pytest.mark.parametrize("locale", ["fr", "pt", "es"])
@pytest.mark.parametrize("text", ["12 H", "12H", "12h"])
def test_h_at_a_head_count_is_men_as_sheets_write_it(locale: str, text: str) -> None:
    """ "12 H" (hommes, homens, hombres) at "How many men took part?" was refused as hours
    since a unit beside a count is; it is 12 men, and at the women's question another group."""
    assert parse(text, locale, MEN) == Parsed(12)
    assert msgid(parse(text, locale)) == ANOTHER_GROUP
    assert msgid(parse(text, locale, OTHER)) == ANOTHER_GROUP
    assert msgid(parse(text, locale, PARTNERS)) == WHOLE_NUMBER  # 12 hours: no count


@pytest.mark.parametrize("text", ["12 F", "12F", "12f"])
def test_f_at_a_head_count_is_women(text: str) -> None:
    """ "12F" (femmes, female) at the women's question was refused since letters written onto
    a number are ("12 F" was read); at the men's question it was stored as 12 men."""
    assert parse(text, "fr") == Parsed(12)
    assert msgid(parse(text, "fr", MEN)) == ANOTHER_GROUP


@pytest.mark.parametrize(
    ("locale", "text", "question"),
    [
        ("fr", "12filles", WOMEN),
        ("fr", "12p", WOMEN),
        ("fr", "12fem", WOMEN),
        ("en", "12girls", WOMEN),
        ("en", "12W", WOMEN),
        ("es", "12muj", WOMEN),
        ("mg", "12vavy", WOMEN),
        ("mg", "12lahy", MEN),
        ("sw", "12ke", WOMEN),
        ("sw", "12me", MEN),
        ("fr", "12garçons", MEN),
    ],
)
def test_other_letters_written_onto_a_count_are_read_as_with_a_space(
    locale: str, text: str, question: Question
) -> None:
    """ "12filles", "12p", "12vavy" were refused with 'Please enter a whole number' since
    letters written onto a number are refused unless listed, while "12 filles" was read."""
    assert parse(text, locale, question) == Parsed(12)


def test_hours_at_a_duration_are_still_hours() -> None:
    assert parse("12h", "fr", DURATION, duration_unit="hours") == Parsed("12")
    assert "unit" in msgid(parse("12h", "fr", DURATION, duration_unit="days"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12pers", 12), ("12femmes", 12), ("12 personnes", 12), ("12 👩", 12), ("12.", 12)],
)
def test_words_written_onto_a_count_that_say_whom_it_counts_are_kept(
    text: str, expected: int
) -> None:
    assert parse(text, "fr") == Parsed(expected)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [("6h", "hours", "6"), ("3jours", "days", "3"), ("2,5j", "days", "2.5")],
)
def test_a_unit_written_onto_a_duration_is_kept(text: str, unit: str, expected: str) -> None:
    assert parse(text, "fr", DURATION, duration_unit=unit) == Parsed(expected)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("fr", "12 ans"),
        ("en", "12 years"),
        ("es", "12 años"),
        ("sw", "miaka 12"),
        ("ar", "١٢ سنة"),
    ],
)
def test_an_age_is_no_head_count(locale: str, text: str) -> None:
    """ "12 ans" (twelve years old) at "How many women took part?" was stored as 12 women."""
    assert msgid(parse(text, locale)) == WHOLE_NUMBER


@pytest.mark.parametrize(("locale", "text"), [("fr", "2 ans"), ("pt", "1 ano"), ("mg", "taona 2")])
def test_years_at_a_duration_in_days_are_another_unit(locale: str, text: str) -> None:
    """ "2 ans" at a duration in days was stored as 2 days."""
    assert "unit" in msgid(parse(text, locale, DURATION, duration_unit="days"))


@pytest.mark.parametrize(
    ("locale", "text"),
    [("pt", "até 12"), ("pt", "ate 12 pessoas"), ("sw", "hadi 12"), ("sw", "mpaka 12"),
     ("mg", "hatramin'ny 12")],
)  # fmt: skip
def test_up_to_is_a_bound_in_portuguese_swahili_and_malagasy_too(locale: str, text: str) -> None:
    """ "até 12" was stored as 12 while "hasta 12", "jusqu'à 12" and "حتى ١٢" are refused."""
    assert msgid(parse(text, locale)) == BOUND


@pytest.mark.parametrize(
    ("locale", "text"),
    [("pt", "12 até agora"), ("pt", "até ao momento 12"), ("pt", "12 até hoje"),
     ("sw", "12 hadi sasa"), ("sw", "mpaka sasa 12"), ("mg", "12 hatramin'izao"),
     ("en", "12, we ate together")],
)  # fmt: skip
def test_so_far_and_other_words_are_no_upper_bound(locale: str, text: str) -> None:
    assert parse(text, locale) == Parsed(12)


def test_up_to_between_two_numbers_is_a_range() -> None:
    assert (
        msgid(parse("10 até 12", "pt"))
        == "Please type one number rather than a range, for example 12."
    )


@pytest.mark.parametrize("text", ["- 5", "– 5", "–5", " -  5 ", "- 5 femmes"])
def test_a_dash_before_a_count_is_a_minus_sign(text: str) -> None:
    """ "- 5" was stored as 5 while "-5" was refused: a minus sign or a bullet, it is asked
    again as the negative number it may be."""
    assert msgid(parse(text, "fr")) == "The number must be between {min} and {max}."
    assert msgid(parse(text, "fr", DURATION, duration_unit="days")) == (
        "The duration must be more than 0."
    )


def test_brackets_around_a_count_are_no_sign() -> None:
    assert parse("(5)", "en") == Parsed(5)


@pytest.mark.parametrize(("locale", "text"), [("en", "10M"), ("en", "1 m"), ("fr", "10 M")])
def test_an_m_after_a_number_of_people_reached_is_a_million(locale: str, text: str) -> None:
    """ "10M" people reached was stored as 10; "1.2M" was refused already."""
    assert msgid(parse(text, locale, AUDIENCE)) == (
        "Please type the whole number in digits, for example 12000 for twelve thousand."
    )
    men = TRAINING.question("participants_men")
    assert parse("12 M", "fr", men) == Parsed(12)  # at a head count: a group's letter


def test_an_m_in_a_sentence_is_no_million() -> None:
    assert parse("5000, m'a-t-on dit", "fr", AUDIENCE) == Parsed(5000)


@pytest.mark.parametrize(
    ("text", "qid", "answers"),
    [
        ("12 M", "trainers_trained", {"participants_women": 20, "participants_men": 20}),
        ("12m", "trainers_trained", {"participants_women": 20, "participants_men": 20}),
        ("12 m", "partner_organisations", {}),
    ],
)
def test_an_m_is_no_million_where_a_million_cannot_be(
    text: str, qid: str, answers: dict[str, Any]
) -> None:
    """ "12 M" at the trainers trained (12 men; 10000 at most) was asked again 'in digits,
    for example 12000 for twelve thousand', as if 12 million; it is 12 as before."""
    form = ADVOCACY if qid == "partner_organisations" else TRAINING
    question = form.question(qid)
    assert parse(text, "en", question, **answers) == Parsed(12)


@pytest.mark.parametrize(
    ("text", "unit"), [("30m", "hours"), ("10 m", "hours"), ("3 m", "days"), ("3 M", "days")]
)
def test_an_m_after_a_length_is_no_day_nor_hour(text: str, unit: str) -> None:
    """ "30m" at a length in hours (30 minutes) was stored as 30 hours, "3 m" in days (three
    months, or minutes) as 3 days; the unit is now said not to be the one chosen."""
    parsed = parse(text, "en", DURATION, duration_unit=unit)
    assert msgid(parsed).startswith("This unit is not the one you chose for this answer.")
    assert parse("1h30m", "en", DURATION, duration_unit="hours") == Parsed("1.5")
    trainers = TRAINING.question("trainers_trained")
    answers = {"duration_unit": unit, "participants_women": 20}
    assert parse("12 M", "en", trainers, **answers) == Parsed(12)  # a head count's M

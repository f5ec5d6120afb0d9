"""What typed answers and button taps mean, and why they are refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bot.forms.definitions import ADVOCACY, TRAINING
from bot.forms.engine import Parsed, answer_errors, check_value, parse_answer
from bot.forms.model import Choice, FormError, QType, Question

TODAY = dt.date(2026, 12, 1)
WOMEN = TRAINING.question("participants_women")
DURATION = TRAINING.question("duration")
START = TRAINING.question("start_date")
NOTES = TRAINING.question("notes")

WHOLE_NUMBER = "Please enter a whole number, for example 12."
NO_DECIMALS = "Please enter a whole number, without decimals."
A_NUMBER = "Please enter a number, for example 12 or 3.5."
BETWEEN = "The number must be between {min} and {max}."
MAYBE_THOUSAND = (
    "A point or comma followed by three digits may mean a thousand. Please type the number "
    "without it, for example 1500."
)
IN_DIGITS = "Please type the whole number in digits, for example 12000 for twelve thousand."
AUDIENCE = next(q for q in ADVOCACY.questions if q.type is QType.INTEGER)


def parse(question: Question, text: str, locale: str = "en", /, **answers: Any) -> Parsed:
    return parse_answer(question, text, answers, locale=locale, today=TODAY)


def msgid(parsed: Parsed) -> str:
    assert parsed.error is not None, parsed
    return parsed.error.msgid


# ------------------------------------------------------------------------------ integers


@pytest.mark.parametrize(
    ("locale", "text", "value"),
    [
        ("en", "12", 12),
        ("en", " 1,200 ", 1200),
        ("en", "1 200", 1200),
        ("fr", "1 200", 1200),
        ("fr", "1\u202f200", 1200),
        ("fr", "1\u00a0200", 1200),
        ("es", "1.200", 1200),
        ("es", "1 200", 1200),
        ("ar", "١٢", 12),
        ("ar", "١٬٢٠٠", 1200),
        ("ar", "\u200f٤٥", 45),
        ("fa", "۴۵", 45),
        ("en", "+7", 7),
        ("en", "0", 0),
    ],
)
def test_whole_numbers_are_read_in_the_users_locale(locale: str, text: str, value: int) -> None:
    assert parse(WOMEN, text, locale) == Parsed(value)


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("en", "a dozen or so", WHOLE_NUMBER),  # about how many, nothing to type in digits
        ("en", "many", WHOLE_NUMBER),
        ("en", "", WHOLE_NUMBER),
        ("en", "12 women and 8 men", WHOLE_NUMBER),  # two numbers (issue 12: one is fine)
        ("en", "1,20", NO_DECIMALS),  # not grouped by thousands: a decimal comma
        ("en", "1,2000", NO_DECIMALS),
        ("en", "1 200,000", WHOLE_NUMBER),  # mixed separators
        ("en", "12.5", NO_DECIMALS),
        ("en", "12.50", NO_DECIMALS),
        ("en", "1.200", MAYBE_THOUSAND),  # a decimal point in English, or 1200 grouped
        ("en", "1.000", MAYBE_THOUSAND),  # not read as 1
        ("fr", "1,000", MAYBE_THOUSAND),
        ("fr", "1.000", MAYBE_THOUSAND),
        ("mg", "2,000", MAYBE_THOUSAND),
        ("fr", "3,5", NO_DECIMALS),
        ("es", "3,5", NO_DECIMALS),
        ("ar", "٣٫٥", NO_DECIMALS),
        ("en", "1" * 200, WHOLE_NUMBER),
    ],
)
def test_things_that_are_not_whole_numbers_are_refused(
    locale: str, text: str, expected: str
) -> None:
    assert msgid(parse(WOMEN, text, locale)) == expected


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("es", "12 mil personas"),
        ("pt", "12 mil pessoas"),
        ("pt", "3 milhões"),
        ("fr", "12 mille"),
        ("fr", "deux cents 3"),
        ("fr", "3 milliers"),
        ("en", "2 million"),
        ("en", "12k people"),
        ("en", "12 K"),
        ("en", "4 hundred"),
        ("en", "2 dozen"),
        ("sw", "elfu 12"),
        ("sw", "mia 3"),
        ("mg", "arivo 2"),
        ("ar", "١٢ ألف"),
        ("ar", "12 الف"),
        ("ar", "٣ آلاف"),
    ],
)
def test_a_number_with_a_word_that_multiplies_it_is_refused_not_shrunk(
    locale: str, text: str
) -> None:
    """Read as a word among others, "12 mil" would be stored as 12 (issue: 1,000× too small)."""
    assert msgid(parse(WOMEN, text, locale)) == IN_DIGITS
    assert msgid(parse(AUDIENCE, text, locale)) == IN_DIGITS
    assert msgid(parse(DURATION, text, locale, duration_unit="days")) == IN_DIGITS


@pytest.mark.parametrize(
    ("locale", "text", "value"),
    [
        ("fr", "12 personnes", 12),
        ("fr", "environ 200", 200),
        ("es", "1.000", 1000),  # grouped the Spanish way
        ("pt", "1 000", 1000),
        ("en", "1,000", 1000),
        ("en", "12.00", 12),
        ("mg", "olona 12", 12),
        ("sw", "watu 12", 12),
        ("en", "Milly's group: 12", 12),  # a word that only starts like one
    ],
)
def test_words_that_do_not_multiply_stay_harmless(locale: str, text: str, value: int) -> None:
    assert parse(WOMEN, text, locale) == Parsed(value)


def test_integer_ranges_are_checked_with_their_bounds_as_parameters() -> None:
    too_many = parse(WOMEN, "10 001")
    assert too_many.error == FormError(BETWEEN, {"min": 0, "max": 10000})
    assert parse(WOMEN, "-3").error == FormError(BETWEEN, {"min": 0, "max": 10000})
    assert parse(WOMEN, "10,000") == Parsed(10000)


def test_one_sided_ranges_have_their_own_message() -> None:
    at_least = Question("n", QType.INTEGER, "N?", minimum=1)
    at_most = Question("n", QType.INTEGER, "N?", maximum=Decimal(9))
    assert parse(at_least, "0").error == FormError(
        "The number must be at least {min}.", {"min": 1}
    )
    assert parse(at_most, "10").error == FormError(
        "The number must be at most {max}.", {"max": Decimal(9)}
    )
    assert parse(Question("n", QType.INTEGER, "N?"), "-1000000") == Parsed(-1000000)


# ------------------------------------------------------------------------------ decimals


@pytest.mark.parametrize(
    ("locale", "text", "value"),
    [
        ("en", "3.5", "3.5"),
        ("fr", "3,5", "3.5"),
        ("fr", "3.5", "3.5"),  # a point is always understood
        ("es", "2,25", "2.25"),
        ("es", "2.5", "2.5"),
        ("es", "1.200,5", "1200.5"),
        ("en", "1,200.50", "1200.5"),
        ("ar", "٢٫٥", "2.5"),
        ("ar", "2.5", "2.5"),
        ("en", "12", "12"),
        ("en", ".5", "0.5"),
        ("fr", "0,125", "0.125"),  # three decimals after a zero: no thousand
        ("fr", "1.200,500", "1200.5"),  # both marks: the last one is the decimal one
        ("en", "1500.250", "1500.25"),
    ],
)
def test_decimals_are_read_in_the_users_locale_and_stored_as_text(
    locale: str, text: str, value: str
) -> None:
    assert parse(DURATION, text, locale, duration_unit="hours") == Parsed(value)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "abc"),
        ("en", "NaN"),
        ("en", "Infinity"),
        ("en", "1e3"),
        ("fr", "3,5,5"),
        ("en", "½"),
    ],
)
def test_things_that_are_not_numbers_are_refused(locale: str, text: str) -> None:
    assert msgid(parse(DURATION, text, locale, duration_unit="hours")) == A_NUMBER


@pytest.mark.parametrize(
    ("locale", "text"),
    [("fr", "1.500"), ("fr", "1.500 heures"), ("mg", "1,000"), ("en", "12.000"), ("en", "1.500")],
)
def test_a_decimal_written_as_a_thousand_is_asked_again(locale: str, text: str) -> None:
    """A French officer's 1.500 hours was stored as 1.5, where a head count asks again."""
    assert msgid(parse(DURATION, text, locale, duration_unit="hours")) == MAYBE_THOUSAND


def test_scores_are_percentages() -> None:
    score = TRAINING.question("pre_score")
    assert parse(score, "100") == Parsed("100")
    assert parse(score, "100.5").error == FormError(BETWEEN, {"min": 0, "max": 100})


# ------------------------------------------------------------------- cross-field rules


def test_the_duration_must_be_positive() -> None:
    assert msgid(parse(DURATION, "0", duration_unit="days")) == "The duration must be more than 0."


def test_the_duration_bound_depends_on_the_unit() -> None:
    assert parse(DURATION, "365", duration_unit="days") == Parsed("365")
    too_long = parse(DURATION, "400", duration_unit="days").error
    assert too_long is not None
    # A message with a count (ngettext): its English plural here, 365 being many.
    assert (too_long.english(), too_long.params) == (
        "A training cannot last more than {max} days.",
        {"max": 365},
    )
    assert parse(DURATION, "400", duration_unit="hours") == Parsed("400")
    assert parse(DURATION, "2001", duration_unit="hours").error == FormError(
        "The number must be at most {max}.", {"max": 2000}
    )


def test_a_training_needs_at_least_one_participant() -> None:
    other = TRAINING.question("participants_other")
    answers = {"participants_women": 0, "participants_men": 0}
    assert parse(other, "0", **answers).error == FormError(
        "At least one participant is needed: the three numbers add up to 0."
    )
    assert parse(other, "1", **answers) == Parsed(1)
    assert parse(other, "0", participants_women=0, participants_men=3) == Parsed(0)


def test_trainers_trained_cannot_exceed_the_participants() -> None:
    trainers = TRAINING.question("trainers_trained")
    answers = {"participants_women": 12, "participants_men": 8, "participants_other": 1}
    assert parse(trainers, "21", **answers) == Parsed(21)
    too_many = parse(trainers, "22", **answers).error
    assert too_many is not None
    assert (too_many.english(), too_many.params) == (
        "Trainers trained cannot be more than the {total} participants.",
        {"total": 21},
    )


def test_editing_an_earlier_answer_reveals_answers_that_no_longer_hold() -> None:
    answers = {
        "training_type": "train_the_trainer",
        "duration_unit": "hours",
        "duration": "500",
        "participants_women": 10,
        "participants_men": 0,
        "participants_other": 0,
        "trainers_trained": 8,
    }
    assert answer_errors(TRAINING, answers, today=TODAY) == []
    edited = {**answers, "duration_unit": "days", "participants_women": 0}
    problems = answer_errors(TRAINING, edited, today=TODAY)
    assert [(q.id, e.english()) for q, e in problems] == [
        ("duration", "A training cannot last more than {max} days."),
        (
            "participants_other",
            "At least one participant is needed: the three numbers add up to 0.",
        ),
        ("trainers_trained", "Trainers trained cannot be more than the {total} participants."),
    ]


# ---------------------------------------------------------------------------------- text


def test_text_is_stripped_and_kept() -> None:
    assert parse(NOTES, "  Les policiers ont bien participé.  ") == Parsed(
        "Les policiers ont bien participé."
    )
    assert parse(NOTES, "تدريب ممتاز للشرطة", "ar") == Parsed("تدريب ممتاز للشرطة")


def test_empty_text_is_refused() -> None:
    assert msgid(parse(NOTES, "  \n ")) == "The answer is empty. Please type your answer."


def test_long_text_is_refused_with_its_length_in_characters() -> None:
    place = TRAINING.question("place")
    assert parse(place, "é" * 120) == Parsed("é" * 120)
    too_long = parse(place, "é" * 121).error
    assert too_long is not None
    assert (too_long.english(), too_long.params) == (
        "Please shorten your text to {max} characters (it has {length}).",
        {"max": 120, "length": 121},
    )


@pytest.mark.parametrize(
    ("text", "found", "kind"),
    [
        ("Contact : +509 3712 3456", "+509 3712 3456", "phone number"),
        ("Escribir a maria.lopez@ejemplo.org", "maria.lopez@ejemplo.org", "e-mail"),
        ("NIN 1234567890123", "1234567890123", "identity number"),
    ],
)
def test_screened_text_with_personal_data_is_refused_saying_what_was_found(
    text: str, found: str, kind: str
) -> None:
    error = parse(NOTES, text).error
    assert error is not None
    assert kind in error.msgid
    assert error.params == {"found": found}


def test_a_childs_home_address_is_refused_as_an_address_not_as_a_name() -> None:
    error = parse(NOTES, "La fillette de 9 ans qui habite au 23 rue Lamartine est battue.").error
    assert error is not None
    assert error.msgid.startswith("Please remove the address “{found}”")
    assert error.params == {"found": "23 rue"}


def test_extra_screening_patterns_apply() -> None:
    parsed = parse_answer(
        NOTES, "Dossier HT-AB-12", {}, locale="fr", today=TODAY, screen_patterns=[r"HT-[A-Z]{2}"]
    )
    assert parsed.error == FormError(
        "Please remove “{found}”: it looks like personal information, which reports must not "
        "contain.",
        {"found": "HT-AB"},
        private=True,
        suggestion="Dossier […]-12",  # offered to copy, the case number taken out
    )


def test_unscreened_text_may_hold_numbers() -> None:
    free = Question("free", QType.TEXT, "Free?")
    assert parse(free, "+509 3712 3456") == Parsed("+509 3712 3456")


# --------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "2026-11-28"),
        ("fr", "2026-11-28"),
        ("en", "11/28/26"),
        ("en", "11/28/2026"),
        ("en", "Nov 28, 2026"),
        ("en", "28 November 2026"),
        ("fr", "28/11/2026"),
        ("fr", "28/11/26"),
        ("fr", "28 nov. 2026"),
        ("fr", "28 novembre 2026"),
        ("es", "28/11/2026"),
        ("es", "28/11/26"),
        ("es", "28 de noviembre de 2026"),
        ("es", "28-11-2026"),
        ("ar", "28/11/2026"),
        ("ar", "٢٨/١١/٢٠٢٦"),
        ("ar", "٢٨\u200f/١١\u200f/٢٠٢٦"),
        ("ar", "28 نوفمبر 2026"),
        ("fr", "11/28/2026"),  # month and day swapped, but only one reading is a date
    ],
)
def test_dates_are_read_in_the_users_locale_and_stored_in_iso(locale: str, text: str) -> None:
    assert parse(START, text, locale) == Parsed("2026-11-28")


def test_short_dates_follow_the_locales_order() -> None:
    assert parse(START, "03/04/2026", "fr") == Parsed("2026-04-03")
    assert parse(START, "03/04/2026", "es") == Parsed("2026-04-03")
    assert parse(START, "11/28/2026", "en") == Parsed("2026-11-28")  # one reading only
    assert parse(START, "28/11/2026", "en") == Parsed("2026-11-28")
    assert parse(START, "04/04/2026", "en") == Parsed("2026-04-04")  # both readings agree
    assert parse(START, "2026-03-04", "en") == Parsed("2026-03-04")  # year first: ISO


@pytest.mark.parametrize("text", ["03/04/2026", "3/4/26", "05.03.2026", "3-4", " 12/1/2026 "])
def test_english_digits_that_read_two_ways_are_asked_with_the_month_as_a_word(
    text: str,
) -> None:
    """English-speaking staff write the day first (Kenya, Sierra Leone) or the month first
    (Canada, the United States): 03/04 is not guessed."""
    parsed = parse(START, text, "en")
    assert parsed.error is not None
    assert parsed.error.msgid.startswith("In English, {date} can mean two dates.")
    assert parsed.error.params == {"date": text.strip()}
    assert parse(START, "3 April 2026", "en") == Parsed("2026-04-03")
    assert parse(START, "April 3, 2026", "en") == Parsed("2026-04-03")


def test_two_digit_years_are_read_against_the_users_today() -> None:
    assert parse(START, "1/2/99", "fr") == Parsed(error=parse(START, "1/2/1999", "fr").error)
    assert parse(START, "01/02/10", "fr") == Parsed("2010-02-01")


@pytest.mark.parametrize("text", ["soon", "28/11/2026/1", "2026", "28 foo 2026", "28/11/026"])
def test_things_that_are_not_dates_are_refused_with_an_example(text: str) -> None:
    assert parse(START, text, "fr").error == FormError(
        "Please type a date, for example {example}.", {"example": "01/12/2026"}
    )


def test_impossible_dates_are_refused() -> None:
    assert msgid(parse(START, "31/02/2026", "fr")) == (
        "This date does not exist. Please check the day and month."
    )


@pytest.mark.parametrize("text", ["0/11", "00/05/2026", "11/0"])
def test_a_day_or_month_zero_is_no_date_in_english_either(text: str) -> None:
    """Not "In English, 0/11 can mean two dates": it means none."""
    assert msgid(parse(START, text, "en")) == (
        "This date does not exist. Please check the day and month."
    )


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "tomorrow"),
        ("fr", "demain"),
        ("es", "mañana"),
        ("pt", "amanhã"),
        ("ar", "غدا"),
        ("sw", "kesho"),
        ("mg", "rahampitso"),
    ],
)
def test_tomorrow_is_understood_and_refused_as_a_future_date(locale: str, text: str) -> None:
    """Not "please type a date": the officer typed one, only not one that can be reported."""
    assert msgid(parse(START, text, locale)) == "The date cannot be in the future."
    planned = Question("planned", QType.DATE, "When?", allow_future=True)
    assert parse(planned, text, locale) == Parsed("2026-12-02")


def test_dates_in_the_future_are_refused_unless_allowed() -> None:
    assert parse(START, "2026-12-01") == Parsed("2026-12-01")
    assert msgid(parse(START, "2026-12-02")) == "The date cannot be in the future."
    planned = Question("planned", QType.DATE, "When?", allow_future=True)
    assert parse(planned, "2027-01-15") == Parsed("2027-01-15")


def test_dates_before_the_earliest_are_refused() -> None:
    assert parse(START, "1999-12-31").error == FormError(
        "The date cannot be before {earliest}.", {"earliest": dt.date(2000, 1, 1)}
    )
    recent = Question("d", QType.DATE, "When?", earliest=dt.date(2026, 1, 1))
    assert parse(recent, "2025-12-31").error == FormError(
        "The date cannot be before {earliest}.", {"earliest": dt.date(2026, 1, 1)}
    )


# --------------------------------------------------------------------- button questions


@pytest.mark.parametrize(
    ("qid", "expected"),
    [
        ("national_programme", "Please tap Yes or No."),
        ("field", "Please tap one of the options."),
        ("country", "Please pick a country from the list."),
    ],
)
def test_typing_where_a_button_is_expected_asks_for_the_button(qid: str, expected: str) -> None:
    assert msgid(parse(TRAINING.question(qid), "peut-être")) == expected


def test_typing_in_a_multiple_choice_or_a_note_asks_for_the_buttons() -> None:
    many = Question("m", QType.SELECT_MULTIPLE, "M?", choices=(Choice("a", "A"),))
    note = Question("n", QType.NOTE, "Read.")
    assert msgid(parse(many, "a")) == "Please tap the options that apply, then Done."
    assert msgid(parse(note, "ok")) == "Please tap Continue."


# ------------------------------------------------------------------------ check_value


def check(question: Question, value: Any, **answers: Any) -> str | None:
    error = check_value(question, value, answers, today=TODAY)
    return None if error is None else error.msgid


def test_a_tapped_choice_must_exist() -> None:
    field = TRAINING.question("field")
    assert check(field, "justice") is None
    assert (
        check(field, "sports") == "This option is not available. Please choose one from the list."
    )
    assert check(field, 1) == "This option is not available. Please choose one from the list."


def test_a_country_must_be_an_iso_code() -> None:
    country = ADVOCACY.question("country")
    assert check(country, "HT") is None
    assert check(country, "CI") is None
    for bad in ("XX", "EU", "ht", "Haiti", None):
        assert check(country, bad) is not None


def test_yes_no_takes_booleans_only() -> None:
    contributed = ADVOCACY.question("contributed")
    assert check(contributed, True) is None
    assert check(contributed, False) is None
    assert check(contributed, "yes") == "Please tap Yes or No."
    assert check(contributed, 1) == "Please tap Yes or No."


def test_multiple_choices_are_existing_unique_values() -> None:
    many = Question("m", QType.SELECT_MULTIPLE, "M?", choices=(Choice("a", "A"), Choice("b", "B")))
    optional = Question(
        "o", QType.SELECT_MULTIPLE, "O?", required=False, choices=(Choice("a", "A"),)
    )
    assert check(many, ["b", "a"]) is None
    assert check(many, []) == "Please choose at least one option."
    assert check(optional, []) is None
    for bad in (["a", "a"], ["c"], "a", [1]):
        assert check(many, bad) == "This option is not available. Please choose one from the list."


def test_dates_from_buttons_are_checked_too() -> None:
    assert check(START, TODAY) is None
    assert check(START, "2026-11-30") is None
    assert check(START, TODAY + dt.timedelta(days=1)) == "The date cannot be in the future."
    assert check(START, "28/11/2026") == "This is not a valid date."
    assert check(START, dt.datetime(2026, 11, 28, 10, 0)) == "This is not a valid date."


def test_numbers_from_elsewhere_must_have_the_right_type() -> None:
    assert check(WOMEN, True) == WHOLE_NUMBER
    assert check(WOMEN, "12") == WHOLE_NUMBER
    assert check(DURATION, "2.5", duration_unit="days") is None
    assert check(DURATION, 2.5, duration_unit="days") == A_NUMBER
    assert check(DURATION, Decimal("NaN"), duration_unit="days") == A_NUMBER


def test_none_is_a_skip_allowed_only_on_optional_questions() -> None:
    assert check(NOTES, None) is None
    assert check(WOMEN, None) == "This question needs an answer."


def test_a_note_is_acknowledged_with_true() -> None:
    note = Question("n", QType.NOTE, "Read.")
    assert check(note, True) is None
    assert check(note, "ok") == "Please tap Continue."


ANOTHER_GROUP = (
    "This number seems to count another group than the one asked. Please type the number for "
    "this question alone."
)
MEN = TRAINING.question("participants_men")
OTHER = TRAINING.question("participants_other")


@pytest.mark.parametrize(
    ("question", "locale", "text"),
    [
        (WOMEN, "en", "12 men"),
        (WOMEN, "fr", "8 hommes"),
        (WOMEN, "ar", "١٢ رجل"),
        (WOMEN, "sw", "wanaume 4"),
        (MEN, "fr", "8 femmes"),
        (MEN, "es", "5 mujeres"),
        (OTHER, "en", "3 women"),
    ],
)
def test_a_head_count_naming_another_group_is_refused(
    question: Question, locale: str, text: str
) -> None:
    """'12 men' typed at the women's question was stored as 12 women."""
    assert msgid(parse(question, text, locale)) == ANOTHER_GROUP


@pytest.mark.parametrize(
    ("question", "locale", "text", "value"),
    [
        (WOMEN, "en", "12 women", 12),
        (WOMEN, "fr", "8 femmes", 8),
        (MEN, "pt", "5 homens", 5),
        (OTHER, "en", "3 people", 3),
        (WOMEN, "en", "about 12", 12),
    ],
)
def test_a_head_count_naming_its_own_group_or_none_is_taken(
    question: Question, locale: str, text: str, value: int
) -> None:
    assert parse(question, text, locale) == Parsed(value)


@pytest.mark.parametrize(
    ("question", "locale", "text"),
    [
        (WOMEN, "en", "50%"),
        (WOMEN, "fr", "50 %"),
        (WOMEN, "fr", "environ 60 pour cent"),
        (MEN, "es", "40 por ciento"),
        (MEN, "pt", "40 por cento"),
        (WOMEN, "ar", "٥٠٪"),
        (WOMEN, "ar", "٥٠ بالمئة"),
        (MEN, "sw", "asilimia 40"),
        (OTHER, "en", "10 percent"),
    ],
)
def test_a_share_typed_at_a_head_count_is_refused(
    question: Question, locale: str, text: str
) -> None:
    """'50%' at "How many women took part?" was stored as 50 women."""
    assert msgid(parse(question, text, locale)) == (
        "Please type how many, not a percentage: for example 12."
    )


def test_a_percentage_stays_a_percentage_where_one_is_asked() -> None:
    assert parse(TRAINING.question("pre_score"), "45 %", "fr") == Parsed("45")


def test_every_child_named_is_said_at_once() -> None:
    """Naming one child per attempt led the officer to remove one name at a time, and the
    last attempt, changed just enough, went through: all of them are named at once."""
    error = parse(NOTES, "Nous avons vu Ketsia et Wideline, 12 et 10 ans.").error
    assert error is not None
    assert error.params == {"found": "Ketsia, Wideline"}


@pytest.mark.parametrize("invisible", ["\u200f", "\u200b", "\ufeff", " \u200e \u2068\u2069 "])
def test_an_answer_with_nothing_visible_is_empty(invisible: str) -> None:
    error = parse(NOTES, invisible).error
    assert error is not None
    assert error.msgid == "The answer is empty. Please type your answer."


def test_joiners_inside_visible_text_stay() -> None:
    family = "Famille 👨\u200d👩\u200d👧 à Jacmel"
    assert parse(NOTES, family).value == family


@pytest.mark.parametrize("typed", ["👍", "😀😀", "🙏🏾", "...", "-", "?", "*_*", "♀️♂️"])
def test_emoji_or_signs_alone_are_not_an_answer_in_words(typed: str) -> None:
    """A thumbs-up for the town, "-" for the partner: stored, it was a place named 👍."""
    for question in (TRAINING.question("place"), TRAINING.question("partner"), NOTES):
        assert msgid(parse(question, typed)) == (
            "Please answer in words: emoji or signs alone cannot be stored in a report."
        )


@pytest.mark.parametrize("typed", ["Goma 👍", "2e étage", "١٢", "ONG 🙏🏾 Tanà", "X"])
def test_words_or_digits_with_emoji_are_kept(typed: str) -> None:
    assert parse(TRAINING.question("place"), typed).value == typed


WITH_DECIMALS = "Please type the number in digits with its decimals, for example {example}."


@pytest.mark.parametrize(
    ("locale", "typed", "example"),
    [
        ("es", "6 horas y media", "6,5"),
        ("es", "6 y media", "6,5"),
        ("fr", "6 heures et demie", "6,5"),
        ("fr", "2 jours et demi", "6,5"),
        ("pt", "6 horas e meia", "6,5"),
        ("en", "2 and a half days", "6.5"),
        ("en", "6 hours and a quarter", "6.5"),
        ("sw", "saa 6 na nusu", "6.5"),
        ("ar", "٦ ساعات ونصف", "6.5"),
        ("mg", "6 ora sy sasany", "6,5"),
    ],
)
def test_a_half_in_words_is_not_dropped(locale: str, typed: str, example: str) -> None:
    """ "6 heures et demie" was stored as 6 hours: the words around the number were dropped."""
    duration = TRAINING.question("duration")
    parsed = parse(duration, typed, locale, duration_unit="hours" if "j" not in typed else "days")
    assert msgid(parsed) == WITH_DECIMALS
    assert parsed.error is not None
    assert parsed.error.params["example"].strip("\u2066\u2069\u200e") == example


def test_a_half_in_words_with_a_head_count_asks_for_a_whole_number() -> None:
    women = TRAINING.question("participants_women")
    parsed = parse(women, "12 et demi", "fr")
    assert msgid(parsed) == "Please enter a whole number, without decimals."


@pytest.mark.parametrize(
    ("locale", "typed"),
    [
        ("en", "30, and half of them are from Goma"),
        ("en", "30 and half were from Goma"),
        ("sw", "30 na nusu yao ni kutoka Goma"),
        ("en", "30 and half the girls were from Goma"),
        ("mg", "30 sy tapany tamin'izy ireo avy any Toamasina"),
    ],
)
def test_half_of_the_people_counted_is_not_a_half_of_the_number(locale: str, typed: str) -> None:
    """ "30, and half of them are from Goma" was refused as a number with decimals."""
    assert parse(TRAINING.question("participants_women"), typed, locale).value == 30


@pytest.mark.parametrize(
    ("locale", "typed", "value"),
    [("es", "media de 45", "45"), ("fr", "45 en moyenne", "45"), ("pt", "45 e meio", None)],
)
def test_words_near_a_half_that_are_not_one_are_read_as_before(
    locale: str, typed: str, value: str | None
) -> None:
    parsed = parse(TRAINING.question("pre_score"), typed, locale)
    assert parsed.value == value

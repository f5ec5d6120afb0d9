"""Whatever is typed or tapped, the engine answers with a value or a well-formed FormError."""

from __future__ import annotations

import datetime as dt
import json
import string
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.forms.definitions import FORMS
from bot.forms.engine import check_value, parse_answer
from bot.forms.model import FormError, Question

QUESTIONS = [q for form in FORMS.values() for q in form.questions]
QUESTION_IDS = sorted({q.id for q in QUESTIONS})
LOCALES = st.sampled_from(["en", "fr", "es", "ar", "fa", "sw"])
TODAYS = st.dates(dt.date(2001, 1, 1), dt.date(2099, 12, 31))

NUMBER_TEXT = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(
        alphabet=st.sampled_from(list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ ,.٫٬'-+\u202f")), max_size=20
    ),
)
DATE_TEXT = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.tuples(st.dates(), st.sampled_from(["%d/%m/%Y", "%m/%d/%y", "%d %b %Y", "%B %d, %Y"])).map(
        lambda pair: pair[0].strftime(pair[1])
    ),
    st.text(alphabet=st.sampled_from(list("0123456789٠١٢٣/-. ،,deofnovjanمارس")), max_size=20),
)
TYPED = st.one_of(st.text(max_size=300), NUMBER_TEXT, DATE_TEXT)
JSONISH: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True),
    st.text(max_size=50),
    st.sampled_from(["HT", "CA", "days", "hours", "train_the_trainer", "decision", "network"]),
    st.lists(st.text(max_size=10), max_size=3),
    st.dates(),
    st.decimals(allow_nan=True),
)
ANSWERS = st.dictionaries(st.sampled_from(QUESTION_IDS), JSONISH, max_size=8)


def placeholders(msgid: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(msgid) if name}


def assert_well_formed(error: FormError) -> None:
    assert isinstance(error.msgid, str)
    assert error.msgid.strip()
    assert set(error.params) <= placeholders(error.msgid), error
    assert placeholders(error.msgid) <= set(error.params), error
    error.msgid.format(**error.params)  # what the handler does after gettext


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(QUESTIONS), TYPED, ANSWERS, LOCALES, TODAYS)
def test_any_typed_text_gives_a_json_value_or_a_well_formed_error(
    question: Question, text: str, answers: dict[str, Any], locale: str, today: dt.date
) -> None:
    parsed = parse_answer(question, text, answers, locale=locale, today=today)
    if parsed.ok:
        json.dumps(parsed.value)
        # What was accepted passes the same checks when tapped or re-checked later.
        assert check_value(question, parsed.value, answers, today=today) is None
    else:
        assert parsed.value is None
        assert parsed.error is not None
        assert_well_formed(parsed.error)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(QUESTIONS), JSONISH, ANSWERS, TODAYS)
def test_any_tapped_value_is_accepted_or_refused_with_a_well_formed_error(
    question: Question, value: Any, answers: dict[str, Any], today: dt.date
) -> None:
    error = check_value(question, value, answers, today=today)
    if error is not None:
        assert_well_formed(error)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([q for q in QUESTIONS if q.minimum is not None]),
    st.integers(-(10**9), 10**9),
    LOCALES,
)
def test_numbers_in_range_are_accepted_as_typed(
    question: Question, number: int, locale: str
) -> None:
    answers = {"duration_unit": "hours", "participants_women": 10**4, "participants_men": 1}
    parsed = parse_answer(question, str(number), answers, locale=locale, today=dt.date(2026, 1, 1))
    assert question.minimum is not None
    in_range = question.minimum <= number <= Decimal(question.maximum or 10**12)
    assert parsed.ok == in_range or (number <= 0 and question.id == "duration")


@settings(max_examples=100, deadline=None)
@given(
    st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
    st.sampled_from(["en", "fr", "es", "ar"]),
    TODAYS,
)
def test_iso_dates_are_accepted_unless_in_the_future(
    day: dt.date, locale: str, today: dt.date
) -> None:
    question = FORMS["training"].question("start_date")
    parsed = parse_answer(question, day.isoformat(), {}, locale=locale, today=today)
    assert parsed.ok == (day <= today)
    if parsed.ok:
        assert parsed.value == day.isoformat()

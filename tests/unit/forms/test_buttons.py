"""What the form's buttons do, as rules of the engine (the handlers only call them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.forms.definitions import TRAINING
from bot.forms.engine import (
    back_from,
    button_answer,
    carried_number,
    next_question,
    set_answer,
    skip_optional_run,
    toggled,
)
from tests.factories import TRAINING_ANSWERS as FILLED

TODAY = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("kind", "value", "answer"),
    [
        ("pick", "justice", "justice"),
        ("ctry", "HT", "HT"),
        ("yes", "", True),
        ("no", "", False),
        ("today", "", "2026-03-01"),
        ("yday", "", "2026-02-28"),  # across the end of February
    ],
)
def test_a_button_stands_for_an_answer(kind: str, value: str, answer: Any) -> None:
    assert button_answer(kind, value, TODAY) == answer


def test_a_button_no_question_has_is_refused() -> None:
    with pytest.raises(KeyError):
        button_answer("tomorrow", "", TODAY)


def test_toggling_adds_then_removes_a_choice_and_keeps_the_order() -> None:
    chosen = toggled([], "police")
    chosen = toggled(chosen, "judges")
    assert chosen == ["police", "judges"]
    assert toggled(chosen, "police") == ["judges"]


def _answered_until(qid: str) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    values = {"country": "HT", "place": "Jacmel", "field": "justice", "target_group": "police"}
    while (question := next_question(TRAINING, answers)) is not None and question.id != qid:
        answers = set_answer(TRAINING, answers, question.id, values[question.id])
    return answers


def test_back_leads_to_the_question_before_and_stays_on_the_first() -> None:
    answers = _answered_until("field")
    assert back_from(TRAINING, answers, "field").id == "place"
    first = TRAINING.questions[0].id
    assert back_from(TRAINING, {}, first).id == first


def test_skipping_the_optional_run_stops_at_the_next_required_question() -> None:
    # "place" is optional and "field" required: only "place" is skipped.
    after_country = _answered_until("place")
    skipped = skip_optional_run(TRAINING, after_country, "place")
    assert skipped == {**after_country, "place": None}
    assert next_question(TRAINING, skipped).id == "field"  # type: ignore[union-attr]


def test_skipping_the_last_optional_questions_reaches_the_review() -> None:
    answers: dict[str, Any] = {}
    while (question := next_question(TRAINING, answers)) is not None:
        if question.id == "pre_score":
            break
        answers = set_answer(TRAINING, answers, question.id, FILLED[question.id])
    skipped = skip_optional_run(TRAINING, answers, "pre_score")
    assert {qid: skipped[qid] for qid in ("pre_score", "post_score", "notes")} == dict.fromkeys(
        ("pre_score", "post_score", "notes")
    )
    assert next_question(TRAINING, skipped) is None


def _until(qid: str) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    while (question := next_question(TRAINING, answers)) is not None and question.id != qid:
        answers = set_answer(TRAINING, answers, question.id, FILLED[question.id])
    return answers


def test_a_unit_typed_with_its_number_answers_both() -> None:
    answers = _until("duration_unit")
    unit = TRAINING.question("duration_unit")
    carried = carried_number(TRAINING, answers, unit, "days", "2 days", locale="en", today=TODAY)
    assert carried is not None
    with_unit, dependent, number = carried
    assert (with_unit["duration_unit"], dependent.id, str(number)) == ("days", "duration", "2")


@pytest.mark.parametrize("typed", ["days", "a few days", "-3 days", "2000 days"])
def test_a_unit_without_a_valid_number_carries_nothing(typed: str) -> None:
    answers = _until("duration_unit")
    unit = TRAINING.question("duration_unit")
    assert carried_number(TRAINING, answers, unit, "days", typed, locale="en", today=TODAY) is None

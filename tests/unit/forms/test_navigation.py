"""Which question comes next, Back, step counts and skip logic, on the shipped forms."""

from __future__ import annotations

from typing import Any

import pytest

from bot.forms.definitions import ADVOCACY, TRAINING
from bot.forms.engine import (
    active_questions,
    clear_from,
    computed_values,
    missing_required,
    next_question,
    previous_question,
    review,
    set_answer,
    skip,
    step_of,
)
from bot.forms.model import Form, QType, Question
from tests.factories import TRAINING_ANSWERS


def _fill(form: Form, answers: dict[str, Any]) -> dict[str, Any]:
    """Answer question after question as the handler would, following next_question."""
    state: dict[str, Any] = {}
    while (question := next_question(form, state)) is not None:
        state = set_answer(form, state, question.id, answers[question.id])
    return state


def _ids(questions: list[Question]) -> list[str]:
    return [q.id for q in questions]


def test_the_first_question_is_the_country_and_step_one_of_the_base_count() -> None:
    assert next_question(TRAINING, {}) == TRAINING.question("country")
    assert step_of(TRAINING, {}, "country") == (1, 16)
    assert step_of(ADVOCACY, {}, "country") == (1, 7)


def test_a_plain_training_is_asked_in_order_and_ends_with_the_review() -> None:
    answers = _fill(TRAINING, TRAINING_ANSWERS)
    assert answers == TRAINING_ANSWERS
    assert next_question(TRAINING, answers) is None
    assert missing_required(TRAINING, answers) == []
    assert computed_values(TRAINING, answers) == {"participants_total": 20}


def test_train_the_trainer_adds_a_step_after_the_participants() -> None:
    answers = {"country": "HT", "training_type": "train_the_trainer"}
    assert step_of(TRAINING, answers, "partner") == (14, 17)
    before = {**TRAINING_ANSWERS, "training_type": "train_the_trainer"}
    del before["partner"], before["pre_score"], before["post_score"], before["notes"]
    assert next_question(TRAINING, before) == TRAINING.question("trainers_trained")
    assert step_of(TRAINING, before, "trainers_trained") == (13, 17)


def test_canada_adds_the_canadian_sector_question() -> None:
    assert "canada_sector" not in _ids(active_questions(TRAINING, {"country": "HT"}))
    answers = {"country": "CA"}
    assert "canada_sector" in _ids(active_questions(TRAINING, answers))
    assert step_of(TRAINING, answers, "notes") == (17, 17)
    filled = _fill(TRAINING, {**TRAINING_ANSWERS, "country": "CA", "canada_sector": "police"})
    assert filled["canada_sector"] == "police"


def test_changing_an_earlier_answer_drops_the_answers_that_no_longer_apply() -> None:
    answers = _fill(
        TRAINING,
        {
            **TRAINING_ANSWERS,
            "country": "CA",
            "canada_sector": "education",
            "training_type": "train_the_trainer",
            "trainers_trained": 5,
        },
    )
    assert {"trainers_trained", "canada_sector"} <= answers.keys()
    changed = set_answer(TRAINING, answers, "training_type", "coaching")
    assert "trainers_trained" not in changed
    assert "trainers_trained" in answers  # the old answers are left untouched
    changed = set_answer(TRAINING, changed, "country", "HT")
    assert "canada_sector" not in changed
    assert next_question(TRAINING, changed) is None


def test_changing_the_event_kind_swaps_the_follow_up_questions() -> None:
    answers = {"country": "NE", "level": "national", "field": "justice"}
    decision = set_answer(ADVOCACY, answers, "event_kind", "sop")
    assert _ids(active_questions(ADVOCACY, decision))[4:6] == ["institution", "contributed"]
    decision = set_answer(ADVOCACY, decision, "institution", "Ministère de la Justice")
    decision = set_answer(ADVOCACY, decision, "contributed", True)
    network = set_answer(ADVOCACY, decision, "event_kind", "network")
    assert "institution" not in network
    assert "contributed" not in network
    assert next_question(ADVOCACY, network) == ADVOCACY.question("network_name")
    assert step_of(ADVOCACY, network, "network_name") == (5, 9)
    campaign = set_answer(ADVOCACY, network, "event_kind", "campaign")
    assert next_question(ADVOCACY, campaign) == ADVOCACY.question("audience")
    assert computed_values(ADVOCACY, decision) == {
        "is_decision": True,
        "is_network": False,
        "is_key_event": False,
    }
    assert computed_values(ADVOCACY, network)["is_network"] is True
    key_event = set_answer(ADVOCACY, network, "event_kind", "key_event")
    assert computed_values(ADVOCACY, key_event) == {
        "is_decision": False,
        "is_network": False,
        "is_key_event": True,
    }


def test_back_returns_the_previous_active_question_and_asks_it_again() -> None:
    answers = {"country": "HT", "place": "Jacmel", "field": "justice"}
    current = next_question(TRAINING, answers)
    assert current is not None
    assert current.id == "target_group"
    previous = previous_question(TRAINING, answers, current.id)
    assert previous == TRAINING.question("field")
    answers = clear_from(TRAINING, answers, previous.id)
    assert next_question(TRAINING, answers) == previous
    assert previous_question(TRAINING, answers, "country") is None


def test_back_skips_questions_that_do_not_apply() -> None:
    session = {"country": "HT", "training_type": "session"}
    assert previous_question(TRAINING, session, "partner") == TRAINING.question(
        "participants_other"
    )
    tot = {"country": "HT", "training_type": "train_the_trainer"}
    assert previous_question(TRAINING, tot, "partner") == TRAINING.question("trainers_trained")
    assert previous_question(TRAINING, {"country": "HT"}, "pre_score") == TRAINING.question(
        "partner"
    )
    assert previous_question(TRAINING, {"country": "CA"}, "pre_score") == TRAINING.question(
        "canada_sector"
    )


def test_back_from_the_review_returns_the_last_question() -> None:
    answers = _fill(TRAINING, TRAINING_ANSWERS)
    assert previous_question(TRAINING, answers, None) == TRAINING.question("notes")


def test_clearing_an_answer_also_drops_the_answers_depending_on_it() -> None:
    answers = {"country": "CA", "canada_sector": "police", "place": "Montréal"}
    assert clear_from(TRAINING, answers, "country") == {"place": "Montréal"}


def test_unknown_or_inactive_ids_are_errors() -> None:
    with pytest.raises(KeyError):
        step_of(TRAINING, {}, "nope")
    with pytest.raises(ValueError, match="does not apply"):
        step_of(TRAINING, {}, "trainers_trained")
    with pytest.raises(KeyError):
        previous_question(TRAINING, {}, "nope")
    with pytest.raises(KeyError):
        set_answer(TRAINING, {}, "nope", 1)
    with pytest.raises(KeyError):
        clear_from(TRAINING, {}, "nope")


def test_only_optional_questions_can_be_skipped() -> None:
    answers = skip(TRAINING, {"country": "HT"}, "place")
    assert answers == {"country": "HT", "place": None}
    assert next_question(TRAINING, answers) == TRAINING.question("field")
    with pytest.raises(ValueError, match="required"):
        skip(TRAINING, answers, "field")
    with pytest.raises(ValueError, match="required"):
        skip(ADVOCACY, {}, "country")


def test_missing_required_lists_active_required_questions_without_answers() -> None:
    answers = {**TRAINING_ANSWERS, "training_type": "train_the_trainer", "participants_men": None}
    assert _ids(missing_required(TRAINING, answers)) == ["participants_men", "trainers_trained"]


def test_review_lists_active_questions_with_skipped_ones_as_none() -> None:
    items = review(TRAINING, _fill(TRAINING, TRAINING_ANSWERS))
    assert [item.question.id for item in items] == [
        q for q in TRAINING_ANSWERS if q not in ("trainers_trained", "canada_sector")
    ]
    by_id = {item.question.id: item.value for item in items}
    assert by_id["partner"] is None
    assert by_id["participants_women"] == 12


def test_notes_are_asked_acknowledged_and_left_out_of_the_review() -> None:
    form = Form(
        "n",
        1,
        "n",
        "N",
        (
            Question("intro", QType.NOTE, "Read this first."),
            Question("count", QType.INTEGER, "How many?"),
        ),
    )
    assert next_question(form, {}) == form.question("intro")
    assert step_of(form, {}, "count") == (2, 2)
    answers = set_answer(form, {}, "intro", True)
    assert next_question(form, answers) == form.question("count")
    assert missing_required(form, {}) == [form.question("count")]
    assert [item.question.id for item in review(form, {"intro": True, "count": 2})] == ["count"]


def test_set_answer_stores_json_values_only() -> None:
    import datetime as dt
    from decimal import Decimal

    answers = set_answer(TRAINING, {}, "start_date", dt.date(2026, 11, 28))
    answers = set_answer(TRAINING, answers, "duration", Decimal("2.50"))
    assert answers == {"start_date": "2026-11-28", "duration": "2.5"}

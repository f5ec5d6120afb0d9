from __future__ import annotations

from decimal import Decimal

import pytest

from bot.forms.definitions import ADVOCACY, FORMS, TRAINING
from bot.forms.model import (
    Choice,
    Computed,
    Constraint,
    Form,
    FormDefinitionError,
    FormError,
    QType,
    Question,
    validate_form,
)


def _form(*questions: Question, computed: tuple[Computed, ...] = ()) -> Form:
    return Form("f", 1, "kind", "Title", questions, computed)


@pytest.mark.parametrize("form", [TRAINING, ADVOCACY])
def test_shipped_forms_are_valid(form: Form) -> None:
    validate_form(form)


def test_forms_are_registered_by_id_with_their_storage_kind() -> None:
    assert FORMS == {"training": TRAINING, "advocacy": ADVOCACY}
    assert (TRAINING.kind, ADVOCACY.kind) == ("training", "advocacy_event")
    assert TRAINING.version >= 1
    assert ADVOCACY.version >= 1


def test_training_question_ids_are_the_storage_columns() -> None:
    assert [q.id for q in TRAINING.questions] == [
        "country",
        "place",
        "field",
        "target_group",
        "training_type",
        "national_programme",
        "start_date",
        "duration_unit",
        "duration",
        "participants_women",
        "participants_men",
        "participants_other",
        "trainers_trained",
        "partner",
        "canada_sector",
        "pre_score",
        "post_score",
        "notes",
    ]
    assert [c.id for c in TRAINING.computed] == ["participants_total"]


def test_advocacy_question_ids_are_the_storage_columns() -> None:
    assert [q.id for q in ADVOCACY.questions] == [
        "country",
        "level",
        "field",
        "event_kind",
        "institution",
        "contributed",
        "network_name",
        "partner_organisations",
        "audience",
        "event_date",
        "notes",
    ]
    assert [c.id for c in ADVOCACY.computed] == ["is_decision", "is_network", "is_key_event"]


def test_choice_values_match_the_brief() -> None:
    assert [c.value for c in TRAINING.question("target_group").choices] == [
        "police",
        "defence_security",
        "justice_personnel",
        "social_workers",
        "teachers",
        "health_workers",
        "civil_society",
        "private_sector",
        "community_leaders",
        "government",
        "media",
        "other",
    ]
    assert [c.value for c in ADVOCACY.question("event_kind").choices] == [
        "decision",
        "legislative_reform",
        "sop",
        "budget",
        "network",
        "key_event",
        "campaign",
        "partnership",
        "other",
    ]
    assert TRAINING.question("field").choices == ADVOCACY.question("field").choices


def test_every_question_has_a_short_summary_for_the_review_card() -> None:
    for form in FORMS.values():
        for question in form.questions:
            assert question.summary, question.id


def test_question_lookup_raises_key_error_for_unknown_ids() -> None:
    assert TRAINING.question("duration").type is QType.DECIMAL
    with pytest.raises(KeyError):
        TRAINING.question("nope")


def test_duplicate_ids_are_refused_including_computed_ones() -> None:
    q = Question("a", QType.TEXT, "A?")
    with pytest.raises(FormDefinitionError, match="duplicate ids: a"):
        _form(q, q)
    with pytest.raises(FormDefinitionError, match="duplicate ids: a"):
        _form(q, computed=(Computed("a", lambda _answers: 1),))


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        (Question("s", QType.SELECT_ONE, "S?"), "needs choices"),
        (Question("m", QType.SELECT_MULTIPLE, "M?"), "needs choices"),
        (
            Question("s", QType.SELECT_ONE, "S?", choices=(Choice("x", "X"), Choice("x", "Y"))),
            "duplicate choice values",
        ),
        (Question("t", QType.TEXT, "T?", choices=(Choice("x", "X"),)), "only select"),
        (Question("n", QType.INTEGER, "N?", minimum=5, maximum=1), "minimum is greater"),
        (Question("n", QType.INTEGER, "N?", maximum=Decimal("2.5")), "whole numbers"),
        (Question("t", QType.TEXT, "T?", maximum=3), "only number questions"),
        (Question("t", QType.TEXT, "T?", max_length=0), "max_length"),
        (Question("n", QType.INTEGER, "N?", screen=True), "only text questions are screened"),
        (Question("n", QType.TEXT, "N?", allow_future=True), "date bounds"),
        (Question("Bad-Id", QType.TEXT, "T?"), "lowercase ASCII identifier"),
        (Question("t", QType.TEXT, " "), "empty label"),
        (Question("n", QType.NOTE, "Read me", required=False), "note cannot be optional"),
    ],
)
def test_inconsistent_questions_are_refused_when_the_form_is_built(
    question: Question, problem: str
) -> None:
    with pytest.raises(FormDefinitionError, match=problem):
        _form(question)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(FormDefinitionError) as info:
        Form("", 0, "", "", ())
    assert len(info.value.problems) == 3


def test_a_constraint_message_can_take_parameters_from_the_answers() -> None:
    rule = Constraint(
        lambda value, answers: bool(value <= answers["cap"]),
        FormError("At most {cap}, not {value}.", {"unit": "x"}),
        params=lambda value, answers: {"cap": answers["cap"], "value": value},
    )
    assert rule.error(5, {"cap": 3}) == FormError(
        "At most {cap}, not {value}.", {"unit": "x", "cap": 3, "value": 5}
    )
    assert Constraint(lambda _v, _a: False, FormError("No.")).error(1, {}) == FormError("No.")

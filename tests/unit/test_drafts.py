"""Moving through a draft: what is answered on the way, and what is asked next."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.domain.clock import utcnow
from bot.forms.definitions import TRAINING
from bot.forms.model import N_, QType, Question
from bot.usecases.drafts import DOUBLE_TAP_WITHIN, Draft

INTRO = Question(id="intro", type=QType.NOTE, label=N_("Confidential: no names."))
WITH_A_NOTE = dataclasses.replace(TRAINING, questions=(INTRO, *TRAINING.questions))


def _draft() -> Draft:
    return Draft.new(TRAINING, utcnow())


def test_the_only_country_is_answered_and_the_next_question_asked() -> None:
    draft = _draft()
    passed, question = draft.advance("HT")
    assert [(step.question.id, step.value) for step in passed] == [("country", "HT")]
    assert question is not None
    assert question.id == "place"
    assert draft.answers == {"country": "HT"}


def test_with_several_countries_the_country_is_asked() -> None:
    passed, question = _draft().advance(None)
    assert passed == []
    assert question is not None
    assert question.id == "country"


def test_a_question_chosen_on_the_card_is_asked_even_with_one_country() -> None:
    draft = _draft()
    draft.answers = {"country": "HT"}
    draft.current = "country"  # "Change: country" on the review card
    passed, question = draft.advance("HT")
    assert passed == []
    assert question is not None
    assert question.id == "country"


def test_a_question_that_no_longer_applies_is_left() -> None:
    draft = _draft()
    draft.answers = {"country": "HT", "place": None, "field": "justice"}
    draft.current = "trainers_trained"  # applies to trainings of trainers only
    passed, question = draft.advance(None)
    assert passed == []
    assert question is not None
    assert question.id == "target_group"


def test_notes_are_acknowledged_on_the_way() -> None:
    draft = Draft.new(TRAINING, utcnow())
    draft.form = TRAINING.id
    draft_spec = WITH_A_NOTE
    draft.spec = lambda: draft_spec  # type: ignore[method-assign]
    passed, question = draft.advance(None)
    assert [(step.question.id, step.value) for step in passed] == [("intro", True)]
    assert passed[0].answers == {"intro": True}
    assert question is not None
    assert question.id == "country"


def test_starting_a_multiple_choice_keeps_its_previous_choices() -> None:
    draft = _draft()
    question = Question(id="groups", type=QType.SELECT_MULTIPLE, label=N_("Groups"))
    draft.answers = {"groups": ["police", "judges"]}
    draft.start_question(question)
    assert (draft.current, draft.multi) == ("groups", ["police", "judges"])


def test_a_draft_is_stored_as_its_fields() -> None:
    draft = _draft()
    draft.answers = {"country": "HT", "target_groups": ["police", "judges"], "duration": 2}
    draft.multi = ["police"]
    draft.reasked = {"duration": {"old": 3, "because": "duration_unit"}}
    data = draft.as_data()
    assert data == dataclasses.asdict(draft)
    assert Draft(**data) == draft  # it reads back as the same draft


def test_a_draft_is_just_started_for_a_double_tap_only() -> None:
    now = utcnow()
    draft = Draft.new(TRAINING, now)
    assert draft.just_started(now)
    assert draft.just_started(now + DOUBLE_TAP_WITHIN)
    assert not draft.just_started(now + DOUBLE_TAP_WITHIN + dt.timedelta(seconds=1))
    assert not dataclasses.replace(draft, started="").just_started(now)  # an old draft's data

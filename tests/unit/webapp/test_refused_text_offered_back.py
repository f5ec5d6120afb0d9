"""The page's check offers a text refused by the screening back without what was found, as the
chat does (tests/e2e/test_refused_note_offered_back.py): the page shows it under the refusal
with "Use this text". It is in the answer to the check only, never in the stored answers."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.forms.definitions import TRAINING
from bot.i18n import create_i18n
from bot.webapp.forms import check
from tests.unit.webapp.test_issue_16_form_check import HAITI, TODAY, TRAINING_PAGE

I18N = create_i18n()
NOTE = "Kevin, 13, was beaten by his uncle.\nCall his aunt on 0712 345 678."
CLEANED = "[…], 13, was beaten by his uncle.\nCall his aunt on […]."


@pytest.fixture
def english() -> Iterator[None]:
    with I18N.context(), I18N.use_locale("en"):
        yield


def test_a_note_naming_a_child_is_refused_and_offered_back_without_the_name(
    english: None,
) -> None:
    checked = check(
        TRAINING, {**TRAINING_PAGE, "notes": NOTE}, locale="en", today=TODAY, scope=HAITI
    )
    body = checked.as_json()
    assert "Please remove the name “Kevin”" in body["errors"]["notes"]
    assert body["offers"] == {"notes": CLEANED}
    assert body["private"] == ["notes"]
    assert not body["ready"]
    # What becomes the draft holds no part of the note.
    assert "notes" not in checked.answers
    assert "beaten" not in json.dumps(checked.answers, default=str)


def test_the_text_offered_sent_back_is_taken(english: None) -> None:
    checked = check(
        TRAINING, {**TRAINING_PAGE, "notes": CLEANED}, locale="en", today=TODAY, scope=HAITI
    )
    assert checked.ready, checked.as_json()
    assert checked.as_json()["offers"] == {}
    assert checked.as_json()["private"] == []
    assert checked.answers["notes"] == CLEANED


def test_an_answer_wrong_for_another_reason_is_not_offered_back(english: None) -> None:
    page = {**TRAINING_PAGE, "duration": "many", "participants_women": "-1"}
    body = check(TRAINING, page, locale="en", today=TODAY, scope=HAITI).as_json()
    assert set(body["errors"]) == {"duration", "participants_women"}
    assert body["offers"] == {}
    assert body["private"] == []

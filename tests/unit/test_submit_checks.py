"""The last check before a report is stored (bot.usecases.reports.first_problem)."""

from __future__ import annotations

import datetime as dt

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from bot.domain.people import UserView
from bot.forms.definitions import TRAINING
from bot.usecases.drafts import Draft
from bot.usecases.reports import first_problem
from tests.factories import TRAINING_ANSWERS, person

TODAY = dt.date(2026, 11, 30)


def _officer(*countries: str) -> UserView:
    return person(
        telegram_id=1001,
        display_name="Jean",
        roles={Role.FIELD_STAFF: countries},
        timezone="America/Port-au-Prince",
    )


def _draft(**changes: object) -> Draft:
    draft = Draft.new(TRAINING, utcnow())
    draft.answers = {**TRAINING_ANSWERS, **changes}
    return draft


def test_a_complete_report_in_the_officers_country_is_ready() -> None:
    assert first_problem(_draft(), _officer("HT"), today=TODAY) is None


def test_a_missing_answer_is_asked_first() -> None:
    draft = _draft()
    del draft.answers["participants_men"]
    problem = first_problem(draft, _officer("HT"), today=TODAY)
    assert problem is not None
    assert (problem.question, problem.missing) == ("participants_men", True)


def test_an_answer_a_change_broke_is_asked_again() -> None:
    # The start date was changed on the card to a day still to come.
    problem = first_problem(_draft(start_date="2026-12-25"), _officer("HT"), today=TODAY)
    assert problem is not None
    assert problem.question == "start_date"
    assert problem.error is not None


def test_a_country_no_longer_in_the_officers_roles_is_asked_again() -> None:
    problem = first_problem(_draft(), _officer("NE"), today=TODAY)
    assert problem is not None
    assert (problem.question, problem.error, problem.missing) == ("country", None, False)

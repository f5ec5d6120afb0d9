"""/myreports and /reports as drawn by bot/ui/reports.py: the card's buttons follow the rules of
bot/domain/reports.py, the list counts its page, and a withdrawal reads the same on the card and
in the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.domain.enums import Role
from bot.domain.reports import EDIT_WINDOW, ReportView
from bot.i18n import create_i18n
from bot.ui.callbacks import MINE, SCOPE
from bot.ui.reports import PAGE, card_keyboard, history_text, report_card, reports_list
from tests.factories import person, report_view

SUBMITTED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        yield


@dataclass(frozen=True)
class Version:
    version: int
    answers: dict[str, Any]
    edited_by_user_id: int | None
    created_at: dt.datetime


def _labels(markup: Any) -> list[str]:
    return [button.text for row in markup.inline_keyboard for button in row]


def _withdrawn(report: ReportView) -> ReportView:
    return ReportView(
        **{**report.__dict__, "withdrawn_by_user_id": 7, "withdraw_reason": "entered <twice>"}
    )


def test_the_author_within_the_window_may_edit_and_withdraw() -> None:
    author = person(1, roles={Role.FIELD_STAFF: ["NE"]})
    markup = card_keyboard(author, report_view(submitted=SUBMITTED), MINE, 2, SUBMITTED)
    assert _labels(markup) == ["✏️ Edit", "⊘ Withdraw", "‹ Back to the list"]
    assert markup.inline_keyboard[-1][0].callback_data == "rv:page:m:2:"


def test_after_the_window_the_author_only_goes_back() -> None:
    author = person(1, roles={Role.FIELD_STAFF: ["NE"]})
    later = SUBMITTED + EDIT_WINDOW + dt.timedelta(minutes=1)
    markup = card_keyboard(author, report_view(submitted=SUBMITTED), MINE, 0, later)
    assert _labels(markup) == ["‹ Back to the list"]


def test_a_manager_sees_history_and_restore_of_a_withdrawn_report() -> None:
    manager = person(2, roles={Role.MANAGER: ["NE"]})
    report = report_view(submitted=SUBMITTED, withdrawn=True)
    markup = card_keyboard(manager, report, SCOPE, 0, SUBMITTED)
    assert _labels(markup) == ["History", "↺ Restore", "‹ Back to the list"]
    assert markup.inline_keyboard[1][0].callback_data == f"rv:rs:s:0:{report.id.hex}"


def test_a_page_of_a_partial_list_says_which_reports_and_turns() -> None:
    reports = [report_view(submitted=SUBMITTED)] * PAGE
    text, markup = reports_list(reports, SCOPE, PAGE, 3 * PAGE, True, "en")
    assert text == (
        "<b>Reports in your countries</b> (6–10 / 15)\nPartial view: only your countries."
    )
    assert markup is not None
    assert _labels(markup)[PAGE:] == ["‹ Newer", "Older ›"]


def test_an_empty_list_has_no_buttons() -> None:
    text, markup = reports_list([], MINE, 0, 0, False, "en")
    assert text == "You have not submitted any report yet. Send /report to start one."
    assert markup is None


def test_a_withdrawal_reads_the_same_on_the_card_and_in_the_history() -> None:
    report = _withdrawn(report_view(submitted=SUBMITTED, withdrawn=True))
    names = {7: "Amina"}
    line = "⊘ Withdrawn on Mar 3, 2026, 9:00\u202fAM by Amina: entered &lt;twice&gt;"
    assert line in report_card(report, "en", names).splitlines()
    versions = [Version(1, {}, 1, SUBMITTED)]
    history = history_text(report, versions, "en", {**names, 1: "Ali"})
    assert history.splitlines()[-1] == line
    assert "Version 1: Mar 2, 2026, 9:00\u202fAM · Ali" in history.splitlines()

"""Who may read, correct, withdraw and restore a report (bot/domain/reports.py)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from bot.domain.enums import Role
from bot.domain.people import UserView
from bot.domain.reports import (
    EDIT_WINDOW,
    ReportView,
    may_edit,
    may_read,
    may_restore,
    may_withdraw,
    report_reference,
    why_not_edit,
)
from bot.domain.scope import EVERYWHERE, Scope
from tests.factories import person, report_view

SUBMITTED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _report(*, withdrawn: bool = False) -> ReportView:
    return report_view(author=1, country="NE", submitted=SUBMITTED, withdrawn=withdrawn)


NIGER = Scope(("NE",), all_countries=False)
HAITI = Scope(("HT",), all_countries=False)
officer = person(1, roles={Role.FIELD_STAFF: NIGER})
colleague = person(2, roles={Role.FIELD_STAFF: NIGER})
niger_manager = person(3, roles={Role.MANAGER: NIGER})
haiti_manager = person(4, roles={Role.MANAGER: HAITI})
admin = person(5, roles={Role.ADMIN: EVERYWHERE})
# A volunteer role in Niger never widens what a Haiti manager reads.
haiti_manager_volunteering = person(6, roles={Role.MANAGER: HAITI, Role.VOLUNTEER: NIGER})


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (officer, True),  # the author
        (colleague, False),  # field staff of the same country read only their own
        (niger_manager, True),
        (haiti_manager, False),
        (admin, True),
        (haiti_manager_volunteering, False),
    ],
)
def test_who_reads_a_report(who: UserView, expected: bool) -> None:
    assert may_read(who, _report()) is expected


def test_the_author_corrects_for_seven_days_and_no_longer() -> None:
    report = _report()
    assert may_edit(officer, report, SUBMITTED + EDIT_WINDOW)
    assert not may_edit(officer, report, SUBMITTED + EDIT_WINDOW + dt.timedelta(seconds=1))
    assert not may_edit(niger_manager, report, SUBMITTED)  # managers withdraw, they do not edit
    assert not may_edit(officer, _report(withdrawn=True), SUBMITTED)


def test_withdrawing_is_for_the_author_in_the_window_or_a_manager_of_the_country() -> None:
    late = SUBMITTED + dt.timedelta(days=30)
    assert may_withdraw(officer, _report(), SUBMITTED)
    assert not may_withdraw(officer, _report(), late)
    assert may_withdraw(niger_manager, _report(), late)
    assert not may_withdraw(haiti_manager, _report(), late)
    assert not may_withdraw(niger_manager, _report(withdrawn=True), late)  # once is enough


def test_restoring_is_for_a_manager_of_the_country() -> None:
    withdrawn = _report(withdrawn=True)
    assert may_restore(niger_manager, withdrawn)
    assert may_restore(admin, withdrawn)
    assert not may_restore(officer, withdrawn)
    assert not may_restore(haiti_manager, withdrawn)
    assert not may_restore(niger_manager, _report())  # nothing to restore


def test_a_reference_is_short_and_unambiguous() -> None:
    reference = report_reference(uuid.UUID(int=0x1234_5678 << 96))
    assert reference.startswith("R-")
    assert len(reference) == 8
    assert not set(reference[2:]) & set("ILOU")


@pytest.mark.parametrize(
    "former",
    [
        person(1, roles={Role.FIELD_STAFF: HAITI}),  # Niger taken from their role
        person(1, roles={Role.VOLUNTEER: NIGER}),  # no reporting role left
        person(1, roles={}),
    ],
)
def test_an_author_who_no_longer_reports_there_neither_corrects_nor_withdraws(
    former: UserView,
) -> None:
    report = _report()
    assert why_not_edit(former, report, SUBMITTED) == "no_role"
    assert not may_withdraw(former, report, SUBMITTED)
    assert may_withdraw(niger_manager, report, SUBMITTED)  # their manager still may

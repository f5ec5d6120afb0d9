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
)
from bot.domain.scope import EVERYWHERE, Scope

SUBMITTED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _person(user_id: int, **grants: Scope) -> UserView:
    return UserView(
        id=user_id,
        telegram_id=1000 + user_id,
        display_name=f"person {user_id}",
        language="en",
        telegram_language=None,
        grants={Role(role): scope for role, scope in grants.items()},
        timezone="Africa/Niamey",
        active=True,
    )


def _report(*, author: int = 1, country: str = "NE", withdrawn: bool = False) -> ReportView:
    return ReportView(
        id=uuid.UUID(int=0x1234_5678 << 96),
        kind="training",
        form_id="training",
        form_version=1,
        author_user_id=author,
        country=country,
        field="justice",
        event_date=SUBMITTED.date(),
        answers={},
        version=1,
        submitted_at=SUBMITTED,
        updated_at=SUBMITTED,
        withdrawn_at=SUBMITTED + dt.timedelta(days=1) if withdrawn else None,
    )


NIGER = Scope(("NE",), all_countries=False)
HAITI = Scope(("HT",), all_countries=False)
officer = _person(1, field_staff=NIGER)
colleague = _person(2, field_staff=NIGER)
niger_manager = _person(3, manager=NIGER)
haiti_manager = _person(4, manager=HAITI)
admin = _person(5, admin=EVERYWHERE)
# A volunteer role in Niger never widens what a Haiti manager reads.
haiti_manager_volunteering = _person(6, manager=HAITI, volunteer=NIGER)


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

"""Reports: typed columns, idempotent submission, versioned edits, listings."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import AuditAction
from bot.domain.reports import network_key
from models.queries import audit_entries, ensure_user
from models.reports import (
    StaleReport,
    SubmitResult,
    edit_report,
    get_report,
    last_report_at,
    report_history,
    reports_by_author,
    reports_in_scope,
    typed_columns,
)
from models.tables import Report, ReportVersion, User
from tests.factories import ADVOCACY_ANSWERS, ADVOCACY_COMPUTED, stored_report


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Every test here runs on SQLite and, when available, on PostgreSQL."""
    return any_db_url


NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
ALICE = 7_000_000_001
BOB = 7_000_000_002

TRAINING_ANSWERS: dict[str, Any] = {
    "country": "HT",
    "field": "justice",
    "start_date": "2025-03-03",
    "end_date": "2025-03-05",
    "target_group": "police",
    "training_type": "initial",
    "participants_women": 12,
    "participants_men": 9,
    "participants_other": 1,
    "trainers_trained": 3,
    "canada_sector": "security",
    "notes": "Held in Jacmel.",
}
TRAINING_COMPUTED: dict[str, Any] = {"participants_total": 22}


async def _user_id(session: AsyncSession, telegram_id: int) -> int:
    return (await ensure_user(session, telegram_id, f"user {telegram_id}", None)).id


async def _submit(
    session: AsyncSession,
    author_user_id: int,
    *,
    report_id: UUID | None = None,
    kind: str = "training",
    answers: Mapping[str, Any] = TRAINING_ANSWERS,
    computed: Mapping[str, Any] = TRAINING_COMPUTED,
    now: datetime = NOW,
) -> SubmitResult:
    """A report stored by the data layer, with this file's training answers by default."""
    return await stored_report(
        session,
        author_user_id,
        kind=kind,
        answers=answers,
        computed=computed,
        now=now,
        report_id=report_id,
    )


async def _count(session: AsyncSession, table: type[Report] | type[ReportVersion]) -> int:
    return (await session.execute(select(func.count()).select_from(table))).scalar_one()


# --- Typed columns (pure) -----------------------------------------------------------------


def test_typed_columns_of_a_training() -> None:
    assert typed_columns("training", TRAINING_ANSWERS, TRAINING_COMPUTED) == {
        "country": "HT",
        "field": "justice",
        "event_date": date(2025, 3, 3),
        "target_group": "police",
        "training_type": "initial",
        "participants_women": 12,
        "participants_men": 9,
        "participants_other": 1,
        "participants_total": 22,
        "trainers_trained": 3,
        "canada_sector": "security",
        "event_kind": None,
        "is_decision": False,
        "is_network": False,
        "is_key_event": False,
        "network_key": None,
        "contributed": None,
        "level": None,
        "audience": None,
    }


def test_typed_columns_of_an_advocacy_event_take_its_date_and_flags() -> None:
    columns = typed_columns("advocacy_event", ADVOCACY_ANSWERS, ADVOCACY_COMPUTED)
    assert columns["country"] == "SN"
    assert columns["event_date"] == date(2025, 2, 20)
    assert (columns["event_kind"], columns["level"], columns["audience"]) == (
        "decision",
        "national",
        150,
    )
    assert columns["contributed"] is True
    assert (columns["is_decision"], columns["is_network"], columns["is_key_event"]) == (
        True,
        False,
        True,
    )
    assert columns["participants_total"] is None
    assert columns["training_type"] is None


@pytest.mark.parametrize(
    "typed",
    ["Réseau des ONG de Jacmel", "RESEAU des ONG  de Jacmel.", "réseau des ong de jacmel"],
)
def test_a_network_event_names_its_network_however_it_is_typed(typed: str) -> None:
    """Five meetings of one network count one network (indicator 2.3a)."""
    answers = {"country": "ht", "event_kind": "network", "network_name": typed}
    columns = typed_columns("advocacy_event", answers, {"is_network": True})
    assert columns["network_key"] == network_key("HT", "reseau des ong de jacmel")
    assert re.fullmatch(r"HT:[0-9a-f]{16}", columns["network_key"])  # no typed text kept
    assert network_key("NE", typed) != columns["network_key"]  # Niger's is another network
    key_event = {**answers, "event_kind": "key_event"}
    assert (
        typed_columns("advocacy_event", key_event, {"is_key_event": True})["network_key"] is None
    )


def test_typed_columns_of_empty_answers_are_none_and_flags_false() -> None:
    columns = typed_columns("advocacy_event", {}, {})
    flags = {"is_decision", "is_network", "is_key_event"}
    assert {name for name, value in columns.items() if value is not None} == flags
    assert not any(columns[name] for name in flags)


def test_typed_columns_refuse_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown report kind"):
        typed_columns("mission", TRAINING_ANSWERS, {})


# --- Submitting ---------------------------------------------------------------------------


async def test_submit_stores_the_report_its_first_version_and_an_audit_entry(
    session: AsyncSession,
) -> None:
    alice = await _user_id(session, ALICE)
    report_id = uuid4()
    result = await _submit(session, alice, report_id=report_id)
    await session.commit()

    assert result.created
    report = result.report
    assert (report.id, report.kind, report.form_id, report.form_version) == (
        report_id,
        "training",
        "training",
        1,
    )
    assert (report.author_user_id, report.country, report.field, report.event_date) == (
        alice,
        "HT",
        "justice",
        date(2025, 3, 3),
    )
    assert report.answers == TRAINING_ANSWERS
    assert (report.version, report.submitted_at, report.updated_at) == (1, NOW, NOW)
    assert report.submitted_at.tzinfo is not None
    assert await get_report(session, report_id) == report

    history = await report_history(session, report_id)
    assert [(v.version, v.answers, v.form_version, v.edited_by_user_id) for v in history] == [
        (1, TRAINING_ANSWERS, 1, alice)
    ]
    assert history[0].created_at == NOW

    submitted = await audit_entries(session, action=AuditAction.REPORT_SUBMITTED)
    assert [(e.actor_user_id, e.target_type, e.target_id, e.details) for e in submitted] == [
        (alice, "report", str(report_id), {"kind": "training", "country": "HT"})
    ]
    # The free-text answer never reaches the audit log.
    assert "Jacmel" not in str(submitted[0].details)


async def test_submit_twice_creates_one_report_and_keeps_the_first_answers(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    report_id = uuid4()
    async with session_factory() as session:
        alice = await _user_id(session, ALICE)
        first = await _submit(session, alice, report_id=report_id)
        await session.commit()
    async with session_factory() as session:
        changed = {**TRAINING_ANSWERS, "participants_women": 99}
        second = await _submit(
            session, alice, report_id=report_id, answers=changed, now=NOW + timedelta(minutes=1)
        )
        await session.commit()
    async with session_factory() as session:
        reports = await _count(session, Report)
        versions = await _count(session, ReportVersion)
        submitted = await audit_entries(session, action=AuditAction.REPORT_SUBMITTED)

    assert (first.created, second.created) == (True, False)
    assert second.report == first.report
    assert second.report.answers["participants_women"] == 12
    assert (reports, versions, len(submitted)) == (1, 1, 1)


async def _submit_in_own_session(
    session_factory: async_sessionmaker[AsyncSession], author: int, report_id: UUID
) -> bool:
    async with session_factory() as session:
        result = await _submit(session, author, report_id=report_id)
        await session.commit()
        return result.created


async def test_concurrent_double_submit_creates_one_report(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        alice = await _user_id(session, ALICE)
        await session.commit()
    report_id = uuid4()

    created = await asyncio.gather(
        _submit_in_own_session(session_factory, alice, report_id),
        _submit_in_own_session(session_factory, alice, report_id),
    )

    async with session_factory() as session:
        reports = await _count(session, Report)
        versions = await _count(session, ReportVersion)
        submitted = await audit_entries(session, action=AuditAction.REPORT_SUBMITTED)
    assert sorted(created) == [False, True]
    assert (reports, versions, len(submitted)) == (1, 1, 1)


async def test_submit_without_country_field_or_date_is_refused(session: AsyncSession) -> None:
    alice = await _user_id(session, ALICE)
    answers = {k: v for k, v in TRAINING_ANSWERS.items() if k not in ("country", "start_date")}
    with pytest.raises(ValueError, match="needs country, event_date"):
        await _submit(session, alice, answers=answers)
    with pytest.raises(ValueError, match="aware"):
        await _submit(session, alice, now=datetime(2025, 3, 10, 9, 0))
    assert await _count(session, Report) == 0


# --- Editing ------------------------------------------------------------------------------


async def test_edit_saves_version_2_and_history_keeps_the_original(
    session: AsyncSession,
) -> None:
    alice = await _user_id(session, ALICE)
    bob = await _user_id(session, BOB)
    report_id = (await _submit(session, alice)).report.id
    await session.commit()

    edited_answers = {**TRAINING_ANSWERS, "participants_men": 19, "country": "SN"}
    later = NOW + timedelta(days=1)
    edited = await edit_report(
        session,
        report_id,
        editor_user_id=bob,
        answers=edited_answers,
        computed={"participants_total": 32},
        form_version=2,
        now=later,
        expected_version=1,
    )
    await session.commit()

    assert (edited.version, edited.form_version, edited.country) == (2, 2, "SN")
    assert edited.answers == edited_answers
    # The author and the submission time stay; the edit time moves.
    assert (edited.author_user_id, edited.submitted_at, edited.updated_at) == (alice, NOW, later)
    assert await get_report(session, report_id) == edited

    history = await report_history(session, report_id)
    assert [(v.version, v.form_version, v.edited_by_user_id, v.created_at) for v in history] == [
        (1, 1, alice, NOW),
        (2, 2, bob, later),
    ]
    assert history[0].answers == TRAINING_ANSWERS
    assert history[1].answers == edited_answers

    row = (await session.execute(select(Report).where(Report.id == report_id))).scalar_one()
    assert (row.participants_men, row.participants_total) == (19, 32)

    entries = await audit_entries(session, action=AuditAction.REPORT_EDITED)
    assert [(e.actor_user_id, e.target_id, e.details) for e in entries] == [
        (bob, str(report_id), {"kind": "training", "country": "SN", "version": 2})
    ]


async def test_edit_based_on_a_stale_version_raises_and_writes_nothing(
    session: AsyncSession,
) -> None:
    alice = await _user_id(session, ALICE)
    report_id = (await _submit(session, alice)).report.id
    changed = {**TRAINING_ANSWERS, "participants_men": 10}

    async def save() -> None:
        await edit_report(
            session,
            report_id,
            editor_user_id=alice,
            answers=changed,
            computed={"participants_total": 23},
            form_version=1,
            now=NOW + timedelta(hours=1),
            expected_version=1,
        )

    await save()
    await session.commit()
    # A double-tapped "Save": the same edit again, still based on version 1.
    with pytest.raises(StaleReport) as caught:
        await save()
    await session.commit()

    assert (caught.value.expected_version, caught.value.current_version) == (1, 2)
    assert [v.version for v in await report_history(session, report_id)] == [1, 2]
    stored = await get_report(session, report_id)
    assert stored is not None
    assert stored.version == 2
    assert len(await audit_entries(session, action=AuditAction.REPORT_EDITED)) == 1


async def _save_in_own_session(
    session_factory: async_sessionmaker[AsyncSession], editor: int, report_id: UUID
) -> bool:
    async with session_factory() as session:
        try:
            await edit_report(
                session,
                report_id,
                editor_user_id=editor,
                answers={**TRAINING_ANSWERS, "participants_other": 2},
                computed={"participants_total": 23},
                form_version=1,
                now=NOW + timedelta(hours=1),
                expected_version=1,
            )
        except StaleReport:
            await session.rollback()
            return False
        await session.commit()
        return True


async def test_two_simultaneous_saves_of_one_version_store_one_edit(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        alice = await _user_id(session, ALICE)
        report_id = (await _submit(session, alice)).report.id
        await session.commit()

    saved = await asyncio.gather(
        _save_in_own_session(session_factory, alice, report_id),
        _save_in_own_session(session_factory, alice, report_id),
    )

    async with session_factory() as session:
        history = await report_history(session, report_id)
        edits = await audit_entries(session, action=AuditAction.REPORT_EDITED)
    assert sorted(saved) == [False, True]
    assert [v.version for v in history] == [1, 2]
    assert len(edits) == 1


async def test_editing_an_unknown_report_raises_lookup_error(session: AsyncSession) -> None:
    alice = await _user_id(session, ALICE)
    with pytest.raises(LookupError):
        await edit_report(
            session,
            uuid4(),
            editor_user_id=alice,
            answers=TRAINING_ANSWERS,
            computed=TRAINING_COMPUTED,
            form_version=1,
            now=NOW,
            expected_version=1,
        )
    assert await get_report(session, uuid4()) is None
    assert await report_history(session, uuid4()) == []


# --- Listing ------------------------------------------------------------------------------


async def test_reports_by_author_pages_newest_first_with_the_total(
    session: AsyncSession,
) -> None:
    alice = await _user_id(session, ALICE)
    bob = await _user_id(session, BOB)
    ids = [
        (await _submit(session, alice, now=NOW + timedelta(hours=i))).report.id for i in range(7)
    ]
    await _submit(session, bob, now=NOW + timedelta(days=1))
    await session.commit()

    first, total = await reports_by_author(session, alice)
    second, total_again = await reports_by_author(session, alice, offset=5)
    beyond, _ = await reports_by_author(session, alice, offset=10)
    bobs, bob_total = await reports_by_author(session, bob, limit=1)

    newest_first = list(reversed(ids))
    assert (total, total_again, bob_total) == (7, 7, 1)
    assert [r.id for r in first] == newest_first[:5]
    assert [r.id for r in second] == newest_first[5:]
    assert beyond == []
    assert [r.author_user_id for r in bobs] == [bob]
    with pytest.raises(ValueError, match="bad page"):
        await reports_by_author(session, alice, limit=0)


async def test_reports_in_scope_filter_by_country(session: AsyncSession) -> None:
    alice = await _user_id(session, ALICE)
    by_country: dict[str, list[UUID]] = {}
    for i, country in enumerate(["HT", "SN", "HT", "ML", "SN", "HT"]):
        answers = {**TRAINING_ANSWERS, "country": country}
        result = await _submit(session, alice, answers=answers, now=NOW + timedelta(hours=i))
        by_country.setdefault(country, []).append(result.report.id)
    await session.commit()

    everything, total = await reports_in_scope(session, countries=None, limit=10)
    ht_sn, ht_sn_total = await reports_in_scope(session, countries=["ht", "SN"], limit=3)
    page_two, _ = await reports_in_scope(session, countries=["HT", "SN"], offset=3, limit=3)
    nowhere, nowhere_total = await reports_in_scope(session, countries=[])

    assert (total, ht_sn_total, nowhere_total) == (6, 5, 0)
    assert [r.country for r in everything] == ["HT", "SN", "ML", "HT", "SN", "HT"]
    assert [r.country for r in ht_sn + page_two] == ["HT", "SN", "HT", "SN", "HT"]
    assert {r.id for r in ht_sn + page_two} == {*by_country["HT"], *by_country["SN"]}
    assert nowhere == []
    with pytest.raises(TypeError):
        await reports_in_scope(session, countries="HT")


async def test_last_report_at_is_the_latest_submission(session: AsyncSession) -> None:
    alice = await _user_id(session, ALICE)
    bob = await _user_id(session, BOB)
    assert await last_report_at(session, alice) is None
    await _submit(session, alice, now=NOW + timedelta(days=2))
    await _submit(session, alice, now=NOW)
    await _submit(session, bob, now=NOW + timedelta(days=5))
    await session.commit()

    latest = await last_report_at(session, alice)
    assert latest == NOW + timedelta(days=2)
    assert latest is not None
    assert latest.tzinfo is not None


# --- What indicators will count -----------------------------------------------------------


async def test_typed_columns_can_be_counted_in_sql(session: AsyncSession) -> None:
    alice = await _user_id(session, ALICE)
    await _submit(session, alice)
    await _submit(
        session,
        alice,
        answers={**TRAINING_ANSWERS, "participants_women": 5, "participants_men": 5},
        computed={"participants_total": 11},
    )
    await _submit(session, alice, kind="advocacy_event", answers=ADVOCACY_ANSWERS, computed={})
    await _submit(
        session,
        alice,
        kind="advocacy_event",
        answers=ADVOCACY_ANSWERS,
        computed=ADVOCACY_COMPUTED,
    )
    await session.commit()

    trained = (
        await session.execute(
            select(func.sum(Report.participants_total), func.sum(Report.participants_women))
            .where(Report.kind == "training")
            .where(Report.country == "HT")
            .where(Report.event_date.between(date(2025, 1, 1), date(2025, 12, 31)))
        )
    ).one()
    decisions = (
        await session.execute(
            select(func.count())
            .select_from(Report)
            .where(Report.kind == "advocacy_event", Report.is_decision.is_(True))
        )
    ).scalar_one()
    key_events_in_sn = (
        await session.execute(
            select(func.count())
            .select_from(Report)
            .where(Report.country == "SN", Report.is_key_event.is_(True))
        )
    ).scalar_one()

    assert tuple(trained) == (33, 17)
    assert decisions == 1
    assert key_events_in_sn == 1


async def test_erasing_the_author_keeps_the_report(session: AsyncSession) -> None:
    alice = await _user_id(session, ALICE)
    report_id = (await _submit(session, alice)).report.id
    await session.commit()

    await session.execute(delete(User).where(User.id == alice))
    await session.commit()

    report = await get_report(session, report_id)
    assert report is not None
    assert report.author_user_id is None
    assert [v.edited_by_user_id for v in await report_history(session, report_id)] == [None]


async def test_a_reference_finds_the_reports_whose_ids_start_with_it(
    session: AsyncSession,
) -> None:
    """A reference is the id's first 30 bits: the first and last ids under it are found (on
    PostgreSQL's uuid and SQLite's text alike), the ids just outside it are not, and the author
    or the countries narrow it."""
    from bot.domain.reports import reference_bits, reference_id_range
    from models.reports import reports_with_reference

    alice, bob = await _user_id(session, ALICE), await _user_id(session, BOB)
    bits = reference_bits("R-NK62PA")
    assert bits is not None
    low, high = reference_id_range(bits)
    await _submit(session, alice, report_id=low)
    await _submit(session, bob, report_id=high)
    await _submit(session, alice, report_id=UUID(int=low.int - 1))
    await _submit(session, alice, report_id=UUID(int=high.int + 1))
    everyone = await reports_with_reference(session, bits)
    assert {report.id for report in everyone} == {low, high}
    assert {r.reference for r in everyone} == {"R-NK62PA"}
    assert [r.id for r in await reports_with_reference(session, bits, author_user_id=bob)] == [
        high
    ]
    assert await reports_with_reference(session, bits, countries=["NE"]) == []

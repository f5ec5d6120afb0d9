"""Missions: upsert by code, assignments, the volunteer's list, acknowledgement, reminders."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import AuditAction, MissionStatus, OutboxKind, Role
from models.db import create_engine, create_session_factory
from models.missions import (
    acknowledge,
    assign,
    change_kind,
    list_missions,
    mission_for_volunteer,
    missions_of_volunteer,
    notification_period,
    unassign,
    upcoming_starts,
    upsert_mission,
    volunteers_of,
)
from models.queries import audit_entries, grant_role
from tests.factories import mission_fields


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Every test here runs on SQLite and, when available, on PostgreSQL."""
    return any_db_url


NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
ALICE = 7_000_000_101
BOB = 7_000_000_102


async def test_upsert_is_idempotent_and_bumps_the_version_only_on_a_change(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        created, outcome, changed = await upsert_mission(
            session, mission_fields("M-1", dt.date(2027, 1, 10)), now=NOW
        )
        assert (outcome, changed, created.version) == ("created", [], 1)
        same, outcome, changed = await upsert_mission(
            session, mission_fields("M-1", dt.date(2027, 1, 10)), now=NOW
        )
        assert (outcome, changed, same.version, same.id) == ("unchanged", [], 1, created.id)
        moved, outcome, changed = await upsert_mission(
            session, mission_fields("M-1", dt.date(2027, 1, 12), days=8), now=NOW
        )
        assert (outcome, changed, moved.version) == ("updated", ["start_date"], 2)
        assert change_kind(moved, changed) is OutboxKind.MISSION_CHANGED
        assert notification_period(OutboxKind.MISSION_CHANGED, moved) == "M-1:v2"
        cancelled, _, changed = await upsert_mission(
            session,
            mission_fields("M-1", dt.date(2027, 1, 12), days=8, status=MissionStatus.CANCELLED),
            now=NOW,
        )
        assert changed == ["status"]
        assert change_kind(cancelled, changed) is OutboxKind.MISSION_CANCELLED
        assert [m.code for m in await list_missions(session)] == []
        assert [m.code for m in await list_missions(session, active_only=False)] == ["M-1"]
        actions = [entry.action for entry in await audit_entries(session)]
        assert actions.count(AuditAction.MISSION_UPDATED) == 2
        await session.commit()


async def test_a_volunteer_sees_only_their_own_missions_and_acknowledges_one(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        alice = await grant_role(session, ALICE, Role.VOLUNTEER, ["HT"], False, actor_user_id=None)
        bob = await grant_role(session, BOB, Role.VOLUNTEER, ["HT"], False, actor_user_id=None)
        past, _, _ = await upsert_mission(
            session, mission_fields("OLD", dt.date(2026, 10, 1)), now=NOW
        )
        current, _, _ = await upsert_mission(
            session, mission_fields("NOW", dt.date(2026, 11, 28)), now=NOW
        )
        soon, _, _ = await upsert_mission(
            session, mission_fields("SOON", dt.date(2026, 12, 8)), now=NOW
        )
        for mission in (past, current, soon):
            assert await assign(session, mission.id, alice.id, actor_user_id=None, now=NOW)
        assert not await assign(session, soon.id, alice.id, actor_user_id=None, now=NOW)
        other, _, _ = await upsert_mission(
            session, mission_fields("BOBS", dt.date(2026, 12, 8)), now=NOW
        )
        assert await assign(session, other.id, bob.id, actor_user_id=None, now=NOW)
        await session.commit()

    async with session_factory() as session:
        page, total = await missions_of_volunteer(session, alice.id, today=TODAY, limit=1)
        assert (total, [m.code for m, _ in page]) == (2, ["NOW"])
        page, _ = await missions_of_volunteer(session, alice.id, today=TODAY, offset=1, limit=1)
        assert [m.code for m, _ in page] == ["SOON"]
        page, total = await missions_of_volunteer(
            session, alice.id, today=TODAY, include_past=True
        )
        assert (total, [m.code for m, _ in page]) == (1, ["OLD"])

        # A forged button: Alice asks for Bob's mission.
        assert await mission_for_volunteer(session, other.id, alice.id) is None
        assert not await acknowledge(session, other.id, alice.id, now=NOW)
        assert await acknowledge(session, soon.id, alice.id, now=NOW)
        assert await acknowledge(session, soon.id, alice.id, now=NOW + dt.timedelta(hours=1))
        await session.commit()

    async with session_factory() as session:
        found = await mission_for_volunteer(session, soon.id, alice.id)
        assert found is not None
        assert found[1].acknowledged_at == NOW
        [volunteer] = await volunteers_of(session, soon.id)
        assert (volunteer.telegram_id, volunteer.acknowledged_at) == (ALICE, NOW)
        starts = await upcoming_starts(session, on=dt.date(2026, 12, 8))
        assert sorted((m.code, v.telegram_id) for m, v in starts) == [
            ("BOBS", BOB),
            ("SOON", ALICE),
        ]
        assert notification_period(OutboxKind.MISSION_REMINDER, soon, days_before=7) == (
            "SOON:remind7:2026-12-08"  # a postponed mission's new start gets its own
        )
        assert await unassign(session, soon.id, alice.id, actor_user_id=None, now=NOW)
        assert not await unassign(session, soon.id, alice.id, actor_user_id=None, now=NOW)
        assert await mission_for_volunteer(session, soon.id, alice.id) is None
        assert await volunteers_of(session, soon.id) == []
        await session.commit()


async def _until_waiting_on_a_lock(session: AsyncSession) -> None:
    """Until another connection waits for a row lock (the second coordinator's write).
    pg_stat_activity is read once per transaction: each look is a transaction of its own (one
    transaction saw the second write not yet waiting for ever, when this looked first)."""
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE wait_event_type = 'Lock' AND datname = current_database()"
    )
    for _attempt in range(500):
        found = (await session.execute(waiting)).scalar_one()
        await session.rollback()
        if found:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the second write never waited for the first")


@pytest.mark.pg
@pytest.mark.parametrize("change", [assign, unassign])
async def test_on_postgresql_the_second_of_two_coordinators_at_once_changes_nothing(
    pg_url: str, change: Any
) -> None:
    """Both read before either committed: the second assignment was a unique violation (the
    coordinator read 'Something went wrong'), the second removal removed her again."""
    engine = create_engine(pg_url)
    factory = create_session_factory(engine)
    try:
        async with factory() as session:
            alice = await grant_role(
                session, ALICE, Role.VOLUNTEER, ["HT"], False, actor_user_id=None
            )
            mission, _, _ = await upsert_mission(session, mission_fields("HT-1"), now=NOW)
            if change is unassign:
                await assign(session, mission.id, alice.id, actor_user_id=None, now=NOW)
            await session.commit()
        async with factory() as first, factory() as second, factory() as watcher:
            assert await change(first, mission.id, alice.id, actor_user_id=None, now=NOW)
            late = asyncio.create_task(
                change(second, mission.id, alice.id, actor_user_id=None, now=NOW)
            )
            await _until_waiting_on_a_lock(watcher)
            await first.commit()
            assert await late is False
            await second.commit()
        async with factory() as session:
            action = AuditAction.MISSION_ASSIGNED
            if change is unassign:
                action = AuditAction.MISSION_UNASSIGNED
            assert len(await audit_entries(session, action=action)) == 1
    finally:
        await engine.dispose()


@pytest.mark.pg
async def test_on_postgresql_narrowing_a_volunteer_holds_her_row_before_her_notices(
    pg_url: str,
) -> None:
    """A revocation holds the person's row, then deletes her waiting notices; a change of her
    volunteer countries deleted them first, then waited for her row: two admins at once (one
    revoking, one narrowing Alice) each waited for the other, a deadlock PostgreSQL broke
    after a second by failing one. Both now take her row first."""
    from bot.domain.scope import Scope
    from bot.usecases.missions import set_role_countries
    from models.outbox import enqueue
    from models.queries import get_user

    engine = create_engine(pg_url)
    factory = create_session_factory(engine)
    try:
        async with factory() as session:
            alice = await grant_role(
                session, ALICE, Role.VOLUNTEER, ["HT", "DO"], False, actor_user_id=None
            )
            mission, _, _ = await upsert_mission(session, mission_fields("HT-1"), now=NOW)
            await assign(session, mission.id, alice.id, actor_user_id=None, now=NOW)
            kind = OutboxKind.MISSION_ASSIGNED
            await enqueue(
                session,
                recipient_telegram_id=ALICE,
                recipient_user_id=alice.id,
                kind=kind.value,
                period=notification_period(kind, mission, assigned_at=NOW),
                payload={"text": "You are assigned to a mission."},
                now=NOW,
            )
            await session.commit()
        async with factory() as revoking, factory() as narrowing, factory() as watcher:
            held = text("SELECT id FROM users WHERE telegram_id = :t FOR UPDATE")
            await revoking.execute(held, {"t": ALICE})  # as people.revoke begins
            person = await get_user(narrowing, ALICE)
            assert person is not None
            late = asyncio.create_task(
                set_role_countries(
                    narrowing,
                    person,
                    Role.VOLUNTEER,
                    Scope(("DO",), False),
                    actor_user_id=None,
                    i18n=None,
                    now=NOW,
                )
            )
            await _until_waiting_on_a_lock(watcher)
            # What the revocation deletes next is not held by the one waiting for it.
            notices = text(
                "SELECT count(*) FROM (SELECT id FROM outbox_messages "
                "WHERE recipient_telegram_id = :t FOR UPDATE NOWAIT) AS held"
            )
            try:
                free = (await revoking.execute(notices, {"t": ALICE})).scalar_one()
            except DBAPIError as error:  # 55P03: the narrowing holds them
                free = str(error.orig)
            await revoking.rollback()
            updated = await late
            await narrowing.commit()
        assert free == 1
        assert updated.scope(Role.VOLUNTEER) == Scope(("DO",), False)
    finally:
        await engine.dispose()

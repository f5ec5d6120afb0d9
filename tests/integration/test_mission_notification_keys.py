"""Mission notices: each event its own outbox key, so none swallows a later, different one
(assigned again after an unassignment, a postponed start, a second cancellation)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import MissionStatus, OutboxKind, Role
from bot.domain.missions import MissionView
from bot.i18n import create_i18n
from bot.usecases.missions import (
    assign_volunteer,
    notify_changed,
    remind_upcoming,
    unassign_volunteer,
)
from models import missions as store
from models.tables import OutboxMessage
from tests.factories import member, mission_fields, stored_mission

T0 = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


async def _outbox(factory: async_sessionmaker[AsyncSession]) -> list[tuple[str, str, str]]:
    async with factory() as session:
        rows = (
            await session.execute(
                select(OutboxMessage.kind, OutboxMessage.period, OutboxMessage.payload).order_by(
                    OutboxMessage.id
                )
            )
        ).all()
    return [(str(k), str(p), (payload or {}).get("text", "")) for k, p, payload in rows]


async def test_unassigned_then_reassigned_volunteer_is_told_again(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """Admin assigns Lova, unassigns her, later assigns her again: the admin reads
    'They will be told.', but the second 'You are assigned' notice is never enqueued
    (same outbox key CODE:assigned)."""
    i18n = create_i18n()
    async with session_factory() as session:
        admin = await member(session, 1001, Role.ADMIN, name="Amina")
        lova = await member(session, 6001, Role.VOLUNTEER, ["MG"], name="Lova")
        mission = await stored_mission(
            session, "MG-1", dt.date(2027, 3, 10), 5, now=T0, country="MG", place="Toliara"
        )
        assert await assign_volunteer(
            session, mission, lova, actor_user_id=admin.id, i18n=i18n, now=T0
        )
        await session.commit()
    async with session_factory() as session:
        assert await store.unassign(
            session, mission.id, lova.id, actor_user_id=admin.id, now=T0 + dt.timedelta(days=1)
        )
        await session.commit()
    async with session_factory() as session:
        changed = await assign_volunteer(
            session,
            mission,
            lova,
            actor_user_id=admin.id,
            i18n=i18n,
            now=T0 + dt.timedelta(days=10),
        )
        await session.commit()
    assert changed  # the admin is told "Lova is assigned to MG-1. They will be told."
    notices = [row for row in await _outbox(session_factory) if row[0] == "mission_assigned"]
    assert len(notices) == 2, notices


async def test_a_postponed_mission_gets_its_7_day_reminder_again(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """Reminder sent 7 days before 2027-03-10; the start is then postponed to 2027-04-10: the
    volunteer gets the change notice, but no reminder a week before the new start."""
    i18n = create_i18n()
    async with session_factory() as session:
        lova = await member(
            session, 6001, Role.VOLUNTEER, ["MG"], name="Lova", timezone="Indian/Antananarivo"
        )
        mission = await stored_mission(
            session, "MG-2", dt.date(2027, 3, 10), 5, now=T0, country="MG", place="Toliara"
        )
        await store.assign(session, mission.id, lova.id, actor_user_id=None, now=T0)
        await session.commit()
    first = dt.datetime(2027, 3, 3, 7, 0, tzinfo=dt.UTC)  # 10:00 in Antananarivo
    async with session_factory() as session:
        assert await remind_upcoming(session, i18n=i18n, now=first) == 1
        await session.commit()
    async with session_factory() as session:
        new = mission_fields(
            "MG-2",
            dt.date(2027, 4, 10),
            5,
            country="MG",
            place="Toliara",
            status=MissionStatus.CONFIRMED,
        )
        view, outcome, changed = await store.upsert_mission(session, new, now=first)
        assert outcome == "updated"
        assert "start_date" in changed
        await notify_changed(session, view, changed, i18n=i18n, now=first)
        await session.commit()
    second = dt.datetime(2027, 4, 3, 7, 0, tzinfo=dt.UTC)
    async with session_factory() as session:
        sent = await remind_upcoming(session, i18n=i18n, now=second)
        await session.commit()
    assert sent == 1, await _outbox(session_factory)


async def test_a_mission_cancelled_reopened_and_cancelled_again_is_announced_twice(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    i18n = create_i18n()
    async with session_factory() as session:
        lova = await member(session, 6001, Role.VOLUNTEER, ["MG"], name="Lova")
        mission = await stored_mission(
            session, "MG-3", dt.date(2027, 3, 10), 5, now=T0, country="MG", place="Toliara"
        )
        await store.assign(session, mission.id, lova.id, actor_user_id=None, now=T0)
        await session.commit()
    for i, status in enumerate(
        (MissionStatus.CANCELLED, MissionStatus.CONFIRMED, MissionStatus.CANCELLED), start=1
    ):
        now = T0 + dt.timedelta(days=i)
        async with session_factory() as session:
            fields = mission_fields(
                "MG-3", dt.date(2027, 3, 10), 5, country="MG", place="Toliara", status=status
            )
            view, _o, changed = await store.upsert_mission(session, fields, now=now)
            await notify_changed(session, view, changed, i18n=i18n, now=now)
            # Delivered before the next change (news still waiting is replaced instead:
            # tests/e2e/test_cancelled_missions.py).
            await session.execute(update(OutboxMessage).values(status="sent"))
            await session.commit()
    kinds = [kind for kind, _p, _t in await _outbox(session_factory)]
    # cancelled, changed (back on: status), cancelled again
    assert kinds == ["mission_cancelled", "mission_changed", "mission_cancelled"], kinds


async def test_an_unassigned_volunteer_is_told_once_and_their_waiting_news_is_dropped(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """Lova's assignment notice went out; a change notice still waits (a 429): the admin takes
    her off. The change notice is dropped and she is told she is off, once. Ali is assigned and
    taken off before his notice left: he hears nothing at all."""
    i18n = create_i18n()
    async with session_factory() as session:
        admin = await member(session, 1001, Role.ADMIN, name="Amina")
        lova = await member(session, 6001, Role.VOLUNTEER, ["MG"], name="Lova", language="fr")
        ali = await member(session, 6002, Role.VOLUNTEER, ["MG"], name="Ali")
        mission = await stored_mission(
            session, "MG-3", dt.date(2027, 3, 10), 5, now=T0, country="MG", place="Toliara"
        )
        for volunteer in (lova, ali):
            assert await assign_volunteer(
                session, mission, volunteer, actor_user_id=admin.id, i18n=i18n, now=T0
            )
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.recipient_telegram_id == 6001)
            .values(status="sent")
        )
        changed = dataclasses.replace(mission, place="Toamasina", version=mission.version + 1)
        assert await notify_changed(session, changed, ["place"], i18n=i18n, now=T0) == 2
        await session.commit()
    later = T0 + dt.timedelta(hours=1)
    async with session_factory() as session:
        for volunteer in (lova, ali):
            assert await unassign_volunteer(
                session, mission, volunteer, actor_user_id=admin.id, i18n=i18n, now=later
            )
        assert not await unassign_volunteer(
            session, mission, lova, actor_user_id=admin.id, i18n=i18n, now=later
        )
        await session.commit()
    async with session_factory() as session:
        rows = (
            await session.execute(
                select(OutboxMessage.recipient_telegram_id, OutboxMessage.kind).order_by(
                    OutboxMessage.id
                )
            )
        ).all()
    assert [tuple(row) for row in rows] == [
        (6001, "mission_assigned"),
        (6001, "mission_unassigned"),
    ]
    texts = [
        text for kind, _p, text in await _outbox(session_factory) if kind != "mission_assigned"
    ]
    assert "Vous n’êtes plus affecté(e) à cette mission." in texts[0], texts


@pytest.mark.parametrize("code", ["HT-01", "ht-01", "HT", "HT:2026", "MG-1:A"])
def test_each_notice_names_its_mission_whole(code: str) -> None:
    """Unassigning from "ht-01" dropped "HT-01"'s notices (SQLite's LIKE ignores case), and
    from "HT" those of "HT:2026"."""
    mission = MissionView(
        id=1,
        code=code,
        title="Training",
        country="HT",
        place="Jacmel",
        start_date=dt.date(2027, 3, 10),
        end_date=dt.date(2027, 3, 15),
        project=None,
        role=None,
        supervisor_name=None,
        supervisor_handle=None,
        notes=None,
        status=MissionStatus.CONFIRMED,
        version=2,
        created_at=T0,
        updated_at=T0,
    )
    periods = [
        store.notification_period(OutboxKind.MISSION_ASSIGNED, mission),
        store.notification_period(OutboxKind.MISSION_ASSIGNED, mission, assigned_at=T0),
        store.notification_period(OutboxKind.MISSION_CHANGED, mission),
        store.notification_period(OutboxKind.MISSION_CANCELLED, mission),
        store.notification_period(OutboxKind.MISSION_REMINDER, mission, days_before=7),
        store.notification_period(OutboxKind.MISSION_UNASSIGNED, mission, assigned_at=T0),
    ]
    assert [store.notice_code(period) for period in periods] == [code] * len(periods)
    assert store.notice_code("2026-W48") is None

"""Mission news through the outbox: re-imports, changes and reminders are never sent twice."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.domain.enums import Role
from bot.domain.scope import parse_scope
from bot.i18n import create_i18n
from bot.missions_io import MissionsPlan
from bot.offboarding import set_user_countries
from bot.services import import_missions_file
from bot.settings import DatabaseSection, Settings
from bot.usecases.missions import notify_changed, remind_upcoming
from models import missions as store
from models.tables import OutboxMessage
from tests.factories import member, stored_mission

HEADER = (
    "code,title,country,place,start_date,end_date,project,role,supervisor_name,"
    "supervisor_handle,notes,status,volunteers\n"
)


async def _outbox(factory: async_sessionmaker[AsyncSession]) -> list[tuple[str, str]]:
    async with factory() as session:
        rows = (await session.execute(select(OutboxMessage.kind, OutboxMessage.period))).all()
    return sorted((str(kind), str(period)) for kind, period in rows)


async def test_a_reimport_with_a_new_date_sends_one_change_notice(
    db_url: str, session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with session_factory() as session:
        await member(session, 1001, Role.ADMIN, name="Amina", telegram_language="en")
        await member(session, 6001, Role.VOLUNTEER, ["MG"], name="Lova", telegram_language="fr")
    settings = Settings(db=DatabaseSection(url=db_url), _env_file=None)
    sheet = tmp_path / "missions.csv"
    row = "MG-1,Formation,MG,Toamasina,{start},2027-03-20,,,,,,confirmed,6001\n"
    sheet.write_text(HEADER + row.format(start="2027-03-10"), encoding="utf-8")
    first = await import_missions_file(settings, sheet)
    assert (first.created, first.updated) == (1, 0)
    assert await _outbox(session_factory) == [("mission_assigned", "MG-1:assigned")]
    again = await import_missions_file(settings, sheet)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    async with session_factory() as session:  # Lova was told (news still waiting is replaced)
        await session.execute(update(OutboxMessage).values(status="sent"))
        await session.commit()
    sheet.write_text(HEADER + row.format(start="2027-03-12"), encoding="utf-8")
    changed = await import_missions_file(settings, sheet)
    assert changed.updated == 1
    assert await _outbox(session_factory) == [
        ("mission_assigned", "MG-1:assigned"),
        ("mission_changed", "MG-1:v2"),
    ]


async def test_reminders_come_at_nine_local_time_once_even_across_a_restart(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    start = dt.date(2027, 3, 10)
    async with session_factory() as session:
        lova = await member(
            session,
            6001,
            Role.VOLUNTEER,
            ["MG"],
            name="Lova",
            telegram_language="fr",
            timezone="Indian/Antananarivo",  # UTC+3
        )
        mission = await stored_mission(
            session,
            "MG-2",
            start,
            5,
            now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
            title="Mission",
            country="MG",
            place="Toliara",
        )
        await store.assign(
            session,
            mission.id,
            lova.id,
            actor_user_id=None,
            now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        )
        await session.commit()
    i18n = create_i18n()
    seven_days_before = start - dt.timedelta(days=7)
    early = dt.datetime.combine(seven_days_before, dt.time(5, 59), dt.UTC)  # 08:59 local
    on_time = dt.datetime.combine(seven_days_before, dt.time(6, 0), dt.UTC)  # 09:00 local
    for now, expected in ((early, 0), (on_time, 1), (on_time + dt.timedelta(hours=2), 0)):
        async with session_factory() as session:  # each run as a fresh process would do it
            assert await remind_upcoming(session, i18n=i18n, now=now) == expected
            await session.commit()
    day_before = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(7, 0), dt.UTC)
    async with session_factory() as session:
        assert await remind_upcoming(session, i18n=i18n, now=day_before) == 1
        await session.commit()
    assert [period for _kind, period in await _outbox(session_factory)] == [
        f"MG-2:remind1:{start.isoformat()}",
        f"MG-2:remind7:{start.isoformat()}",
    ]


async def test_an_imported_mission_already_over_is_recorded_not_announced(
    db_url: str, session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """Last year's missions, imported with their volunteers to keep the record (or a year
    typed 2025 for 2026): each volunteer was sent "You are assigned to a mission" for a
    mission long over, while /assign, on such a mission, records and tells no one. A
    re-import that changes it tells no one either; a mission still ahead is told as before."""
    async with session_factory() as session:
        await member(session, 1001, Role.ADMIN, name="Amina", telegram_language="en")
        await member(session, 6001, Role.VOLUNTEER, ["MG"], name="Lova", telegram_language="fr")
    settings = Settings(db=DatabaseSection(url=db_url), _env_file=None)
    sheet = tmp_path / "missions.csv"
    today = dt.datetime.now(dt.UTC).date()
    past = today - dt.timedelta(days=400)
    row = "{code},Formation,MG,Toamasina,{start},{end},,,,,,{status},6001\n"
    old = row.format(
        code="MG-OLD", start=past, end=past + dt.timedelta(days=5), status="completed"
    )
    ahead = today + dt.timedelta(days=30)
    new = row.format(code="MG-NEW", start=ahead, end=ahead, status="confirmed")
    sheet.write_text(HEADER + old + new, encoding="utf-8")
    first = await import_missions_file(settings, sheet)
    assert (first.created, len(first.assigned)) == (2, 2), first.errors
    assert await _outbox(session_factory) == [("mission_assigned", "MG-NEW:assigned")]
    sheet.write_text(HEADER + old.replace("Toamasina", "Toliara"), encoding="utf-8")
    again = await import_missions_file(settings, sheet)
    assert again.updated == 1
    assert await _outbox(session_factory) == [("mission_assigned", "MG-NEW:assigned")]


async def test_a_volunteer_the_plan_did_not_show_is_told_all_the_same(
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The import reads the file and decides whether it will tell anyone (to load the catalogs
    # only then); a volunteer put on the mission meanwhile by /assign is told all the same.
    async with session_factory() as session:
        await member(session, 1001, Role.ADMIN, name="Amina", telegram_language="en")
        await member(session, 6001, Role.VOLUNTEER, ["MG"], name="Lova", telegram_language="fr")
    monkeypatch.setattr(MissionsPlan, "may_notify", property(lambda plan: False))
    settings = Settings(db=DatabaseSection(url=db_url), _env_file=None)
    sheet = tmp_path / "missions.csv"
    sheet.write_text(
        HEADER + "MG-1,Formation,MG,Toamasina,2027-03-10,2027-03-20,,,,,,confirmed,6001\n",
        encoding="utf-8",
    )
    done = await import_missions_file(settings, sheet)
    assert (done.created, len(done.assigned)) == (1, 1)
    assert await _outbox(session_factory) == [("mission_assigned", "MG-1:assigned")]


async def test_a_volunteer_whose_countries_leave_out_their_mission_is_told_by_the_cli(
    db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    now = dt.datetime.now(dt.UTC)
    async with session_factory() as session:
        lova = await member(session, 6001, Role.VOLUNTEER, ["MG", "HT"], name="Lova")
        mission = await stored_mission(
            session, "MG-2", now.date() + dt.timedelta(days=20), 5, now=now, country="MG"
        )
        await store.assign(session, mission.id, lova.id, actor_user_id=None, now=now)
        await session.commit()
    settings = Settings(db=DatabaseSection(url=db_url), _env_file=None)
    done = await set_user_countries(settings, 6001, Role.VOLUNTEER, parse_scope("HT"))
    assert done == "Lova: volunteer for HT."
    assert [kind for kind, _period in await _outbox(session_factory)] == ["mission_unassigned"]


async def _reminder_selects(
    engine: AsyncEngine,
    factory: async_sessionmaker[AsyncSession],
    *,
    missions: int,
    start: dt.date,
    first_telegram_id: int,
) -> tuple[int, int]:
    """(reminders sent, SELECT statements run) by one reminder run over `missions` missions
    starting on `start` and as many a day earlier (read, not due), each with two volunteers."""
    created = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    async with factory() as session:
        volunteers = [
            # No zone chosen: Madagascar's clock (UTC+3), 10:00 at the run: due.
            await member(session, first_telegram_id, Role.VOLUNTEER, ["MG"], timezone=None),
            # Paris chosen (UTC+1), 08:00 at the run: not yet.
            await member(
                session, first_telegram_id + 1, Role.VOLUNTEER, ["MG"], timezone="Europe/Paris"
            ),
        ]
        for n in range(missions):
            for code, on in (
                (f"MG-{first_telegram_id}-{n}", start),
                (f"MG-{first_telegram_id}-{n}B", start - dt.timedelta(days=1)),
            ):
                mission = await stored_mission(session, code, on, 3, now=created, country="MG")
                for volunteer in volunteers:
                    await store.assign(
                        session, mission.id, volunteer.id, actor_user_id=None, now=created
                    )
        await session.commit()
    statements: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    at = dt.datetime.combine(start - dt.timedelta(days=7), dt.time(7, 0), dt.UTC)
    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        async with factory() as session:
            sent = await remind_upcoming(session, i18n=create_i18n(), now=at)
            await session.commit()
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    return sent, sum(statement.lstrip().upper().startswith("SELECT") for statement in statements)


async def test_the_reminder_job_reads_its_volunteers_in_as_many_queries_for_many_missions(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Their time zones (their country's until they choose) come with them, not with one
    query per mission, volunteer and day: on SQLite that held the job and its writers long."""
    few = await _reminder_selects(
        engine, session_factory, missions=1, start=dt.date(2027, 3, 10), first_telegram_id=6001
    )
    many = await _reminder_selects(
        engine, session_factory, missions=6, start=dt.date(2027, 3, 20), first_telegram_id=7001
    )
    assert (few[0], many[0]) == (1, 6)  # Madagascar's clock only, on the due start only
    assert many[1] == few[1]


async def _change_statements(
    engine: AsyncEngine,
    factory: async_sessionmaker[AsyncSession],
    *,
    volunteers: int,
    first_telegram_id: int,
) -> tuple[int, list[tuple[str, str]], int]:
    """(notices sent, the first volunteer's outbox after, SELECT and DELETE statements run) by
    one change of a mission whose `volunteers` volunteers all have its 7-day reminder still
    waiting (Telegram down), and another mission's too (kept)."""
    created = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    code = f"MG-{first_telegram_id}"
    async with factory() as session:
        mission = await stored_mission(
            session, code, dt.date(2027, 3, 10), 3, now=created, country="MG"
        )
        other = await stored_mission(
            session, f"{code}X", dt.date(2027, 3, 10), 3, now=created, country="MG"
        )
        for n in range(volunteers):
            person = await member(session, first_telegram_id + n, Role.VOLUNTEER, ["MG"])
            for each in (mission, other):
                await store.assign(session, each.id, person.id, actor_user_id=None, now=created)
        # The week's reminders still waiting (Telegram down).
        await remind_upcoming(
            session, i18n=create_i18n(), now=dt.datetime(2027, 3, 3, 9, tzinfo=dt.UTC)
        )
        await session.commit()
    statements: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    changed = dataclasses.replace(mission, place="Toamasina", version=mission.version + 1)
    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        async with factory() as session:
            sent = await notify_changed(
                session, changed, ["place"], i18n=create_i18n(), now=created
            )
            await session.commit()
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    reads = sum(
        statement.lstrip().upper().startswith(("SELECT", "DELETE")) for statement in statements
    )
    async with factory() as session:
        rows = await session.execute(
            select(OutboxMessage.kind, OutboxMessage.period).where(
                OutboxMessage.recipient_telegram_id == first_telegram_id
            )
        )
        outbox = sorted((str(kind), str(period)) for kind, period in rows)
    return sent, outbox, reads


async def test_a_change_drops_its_volunteers_waiting_news_in_as_many_statements_for_many(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """A mission's change drops the news of it still waiting for each of its volunteers with
    one read and one delete for all of them, not two statements per volunteer: an import
    changing a mission of many volunteers held the database's writers that much longer."""
    few = await _change_statements(engine, session_factory, volunteers=1, first_telegram_id=6100)
    many = await _change_statements(engine, session_factory, volunteers=8, first_telegram_id=6200)
    assert (few[0], many[0]) == (1, 8)
    for telegram_id, (_sent, outbox, _reads) in ((6100, few), (6200, many)):
        code = f"MG-{telegram_id}"
        assert outbox == [
            ("mission_changed", f"{code}:v2"),
            ("mission_reminder", f"{code}X:remind7:2027-03-10"),
        ]
    assert many[2] == few[2]


@pytest.mark.parametrize("status", ["cancelled", "completed"])
async def test_a_mission_imported_cancelled_or_completed_is_recorded_not_announced(
    db_url: str, session_factory: async_sessionmaker[AsyncSession], tmp_path: Path, status: str
) -> None:
    """A sheet that keeps a cancelled (or already completed) mission with its volunteers sent
    each of them "You are assigned to a mission" for a mission that will not happen, which
    /assign never offers; it is recorded and no one is told, as a mission already over."""
    async with session_factory() as session:
        await member(session, 1001, Role.ADMIN, name="Amina", telegram_language="en")
        await member(session, 6001, Role.VOLUNTEER, ["MG"], name="Lova", telegram_language="fr")
    settings = Settings(db=DatabaseSection(url=db_url), _env_file=None)
    sheet = tmp_path / "missions.csv"
    ahead = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=30)
    row = "{code},Formation,MG,Toamasina,{start},{end},,,,,,{status},6001\n"
    gone = row.format(code="MG-OFF", start=ahead, end=ahead, status=status)
    live = row.format(code="MG-ON", start=ahead, end=ahead, status="planned")
    sheet.write_text(HEADER + gone + live, encoding="utf-8")
    done = await import_missions_file(settings, sheet)
    assert (done.created, len(done.assigned)) == (2, 2), done.errors
    assert await _outbox(session_factory) == [("mission_assigned", "MG-ON:assigned")]

"""The scheduler: persistent jobs in the application database, one digest whatever runs."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.i18n import create_i18n
from bot.indicators.plan import load_plan
from bot.settings import DatabaseSection, Settings
from models import digest as store
from models.enums import Role
from models.queries import grant_role
from models.tables import OutboxMessage
from scheduler import jobs
from scheduler.digest import zone
from scheduler.leader import AdvisoryLeader, needs_leader
from scheduler.setup import (
    DIGEST_JOB,
    JOBSTORE_TABLE,
    MISSION_JOB,
    REMINDER_JOB,
    Intervals,
    start_scheduler,
    sync_url,
)


def test_sync_url() -> None:
    assert sync_url("sqlite+aiosqlite:///var/fieldbot.db") == "sqlite:///var/fieldbot.db"
    assert sync_url("postgresql+asyncpg://u:p%40ss@db:5432/fb") == (
        "postgresql+psycopg://u:p%40ss@db:5432/fb"
    )
    assert needs_leader("postgresql+asyncpg://db/fb")
    assert not needs_leader("sqlite+aiosqlite:///x.db")
    with pytest.raises(ValueError, match="no job store"):
        sync_url("mysql+aiomysql://db/fb")


async def _due_manager(session: AsyncSession, telegram_id: int) -> None:
    """A manager whose digest slot (today 00:00 local, UTC) has passed: due right now."""
    view = await grant_role(session, telegram_id, Role.MANAGER, ["HT"], False, actor_user_id=None)
    today = datetime.now(UTC).astimezone(zone("UTC"))
    await store.set_digest_slot(
        session, view.id, weekday=today.weekday(), hour=0, now=datetime.now(UTC)
    )
    await session.commit()


async def _wait_for_rows(session: AsyncSession, count: int) -> int:
    async with asyncio.timeout(20):
        while True:
            found = await session.scalar(select(func.count()).select_from(OutboxMessage))
            await session.rollback()
            if found == count:
                return count
            await asyncio.sleep(0.1)


async def test_two_schedulers_one_after_the_other_one_digest_and_fixed_jobs(
    db_url: str,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    await _due_manager(session, 901)
    await _due_manager(session, 902)
    settings = Settings(db=DatabaseSection(url=db_url))
    quick = Intervals(first_run_seconds=0.1)
    for _run in range(2):  # a restart: the same jobs, the same outbox rows
        running = await start_scheduler(
            settings,
            session_factory=session_factory,
            plan=load_plan(),
            i18n=create_i18n(),
            send=False,
            intervals=quick,
        )
        try:
            assert {job.id for job in running.scheduler.get_jobs()} == {
                DIGEST_JOB,
                MISSION_JOB,
                REMINDER_JOB,
            }
            await _wait_for_rows(session, 2)
            await asyncio.sleep(0.5)
        finally:
            await running.shutdown()
    async with engine.connect() as connection:
        query = text("SELECT id FROM " + JOBSTORE_TABLE)  # noqa: S608 - a constant
        stored = (await connection.execute(query)).all()
    assert sorted(row[0] for row in stored) == sorted([DIGEST_JOB, MISSION_JOB, REMINDER_JOB])
    assert await _wait_for_rows(session, 2) == 2


async def test_duplicate_job_runs_are_harmless(
    session_factory: async_sessionmaker[AsyncSession], session: AsyncSession
) -> None:
    await _due_manager(session, 903)
    jobs.configure(
        jobs.Runtime(session_factory=session_factory, plan=load_plan(), i18n=create_i18n())
    )
    try:
        counts = await asyncio.gather(jobs.digest_tick(), jobs.digest_tick())
        assert sum(counts) == 1
        assert await jobs.digest_tick() == 0
    finally:
        jobs.configure(None)
    assert await _wait_for_rows(session, 1) == 1
    with pytest.raises(RuntimeError, match="configure"):
        await jobs.digest_tick()


@pytest.mark.pg
async def test_only_one_leader_on_postgresql(pg_url: str) -> None:
    first = AdvisoryLeader(pg_url, retry_seconds=0.05)
    second = AdvisoryLeader(pg_url, retry_seconds=0.05)
    try:
        assert await first.try_acquire()
        assert not await second.try_acquire()
        waiting = asyncio.create_task(second.acquire())
        await asyncio.sleep(0.2)
        assert not waiting.done()  # the second scheduler waits instead of running
        await first.release()
        await asyncio.wait_for(waiting, timeout=5)
        assert second.is_leader
    finally:
        await first.release()
        await second.release()

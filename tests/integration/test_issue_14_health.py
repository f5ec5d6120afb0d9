"""Issue 14, item 2: readiness names what is wrong: an unreachable database, a schema that is
not current, a stopped scheduler, an outbox that stopped draining (and /readyz answers 503)."""

from __future__ import annotations

import datetime as dt

import aiohttp
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.health import HealthSource, serve_health
from bot.readiness import check_readiness
from bot.settings import HealthSection, Settings
from models import jobruns, outbox
from models.db import create_engine, create_session_factory

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def settings(max_age: float = 900, redis_url: str | None = None) -> Settings:
    return Settings(
        health=HealthSection(outbox_max_age_seconds=max_age), redis_url=redis_url, _env_file=None
    )


async def scheduler_ran(factory: async_sessionmaker[AsyncSession], at: dt.datetime) -> None:
    async with factory() as session:
        await jobruns.register_jobs(
            session, {jobruns.SCHEDULER_ROW: 60, "fieldbot.outbox": 30}, scheduler_started_at=at
        )
        await jobruns.record_success(session, jobruns.SCHEDULER_ROW, interval_seconds=60, now=at)
        await jobruns.record_success(session, "fieldbot.outbox", interval_seconds=30, now=at)
        await session.commit()


async def test_ready_when_everything_holds_and_red_once_the_scheduler_stops(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await scheduler_ran(session_factory, NOW)
    ready = await check_readiness(settings(), engine, session_factory, now=NOW)
    assert ready.ready, ready.problems()
    assert [c.name for c in ready.checks] == ["database", "migrations", "scheduler", "outbox"]

    # Nothing ran for five minutes: the heartbeat (every 60 s) is late.
    later = await check_readiness(
        settings(), engine, session_factory, now=NOW + dt.timedelta(minutes=5)
    )
    assert not later.ready
    [problem] = later.problems()
    assert problem.startswith("scheduler: the scheduler's heartbeat stopped")


async def test_red_when_a_due_message_waits_too_long(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await scheduler_ran(session_factory, NOW)
    async with session_factory() as session:
        await outbox.enqueue(
            session,
            recipient_telegram_id=42,
            recipient_user_id=None,
            kind="digest",
            period="2026-W10",
            payload={"text": "hello"},
            now=NOW - dt.timedelta(seconds=50),
        )
        await session.commit()
    fine = await check_readiness(settings(max_age=60), engine, session_factory, now=NOW)
    assert fine.ready, fine.problems()
    assert fine.checks[3].detail == "1 pending, the oldest due waited 50 s"
    stuck = await check_readiness(settings(max_age=30), engine, session_factory, now=NOW)
    assert stuck.problems() == [
        "outbox: the oldest due message has waited 50 s (limit 30 s): is the outbox sender "
        "running? `fieldbot outbox --status pending` lists them"
    ]


async def test_red_when_the_database_cannot_be_reached() -> None:
    engine = create_engine("postgresql+asyncpg://fieldbot:secret@127.0.0.1:9/nowhere")
    try:
        readiness = await check_readiness(
            settings(), engine, create_session_factory(engine), now=NOW
        )
    finally:
        await engine.dispose()
    assert not readiness.ready
    [problem] = readiness.problems()
    assert problem.startswith("database: cannot reach the database (")
    assert [c.ok for c in readiness.checks] == [False, None, None, None]


async def test_red_when_the_schema_is_not_current(empty_sqlite_url: str) -> None:
    engine = create_engine(empty_sqlite_url)
    try:
        readiness = await check_readiness(
            settings(), engine, create_session_factory(engine), now=NOW
        )
    finally:
        await engine.dispose()
    assert readiness.problems()[0].startswith("migrations: the database has never been migrated")


async def test_readyz_answers_503_with_what_is_wrong(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    source = HealthSource(settings(), engine, session_factory, clock=lambda: NOW)
    async with serve_health(source, "127.0.0.1", 0) as url, aiohttp.ClientSession() as http:
        async with http.get(f"{url}/healthz") as response:
            assert (response.status, await response.json()) == (200, {"ok": True})
        async with http.get(f"{url}/readyz") as response:
            assert response.status == 503
            body = await response.json()
        assert body["ready"] is False
        assert body["checks"]["scheduler"]["ok"] is False
        await scheduler_ran(session_factory, NOW)
        async with http.get(f"{url}/readyz") as response:
            assert response.status == 200
        async with http.get(f"{url}/metrics") as response:
            assert response.status == 200
            metrics = await response.text()
    assert 'fieldbot_job_last_success_timestamp_seconds{job="fieldbot.outbox"}' in metrics
    assert 'fieldbot_job_late{job="fieldbot.outbox"} 0.0' in metrics


async def test_red_when_redis_cannot_be_reached(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """With FIELDBOT_REDIS_URL set, every update takes its chat's lock in Redis: with Redis
    down each one was answered "Sorry, something went wrong" while /readyz said ready, so a
    load balancer kept sending updates to the worker."""
    await scheduler_ran(session_factory, NOW)
    # Port 9 on localhost: nothing listens there, so the connection is refused at once.
    config = settings(redis_url="redis://:s3cret@127.0.0.1:9/0")
    readiness = await check_readiness(config, engine, session_factory, now=NOW)
    assert not readiness.ready
    [problem] = readiness.problems()
    assert problem.startswith("redis: cannot reach Redis (")
    assert "s3cret" not in problem
    assert [c.name for c in readiness.checks][-1] == "redis"
    # The database's checks are still made and reported.
    assert [c.ok for c in readiness.checks] == [True, True, True, True, False]


async def test_redis_is_not_checked_when_it_is_not_configured(
    engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await scheduler_ran(session_factory, NOW)
    readiness = await check_readiness(settings(), engine, session_factory, now=NOW)
    assert "redis" not in [c.name for c in readiness.checks]


@pytest.mark.redis
async def test_ready_with_a_reachable_redis(
    redis_url: str, engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await scheduler_ran(session_factory, NOW)
    config = settings(redis_url=redis_url)
    readiness = await check_readiness(config, engine, session_factory, now=NOW)
    assert readiness.ready, readiness.problems()
    assert readiness.checks[-1].name == "redis"
    assert readiness.checks[-1].detail == "reachable"

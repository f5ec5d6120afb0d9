"""The scheduler: jobs in memory re-created at start, guarded runs recorded in job_runs, a
lateness report, the prune job; faults injected into jobs and into the scheduler itself."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.cli import main
from bot.domain.enums import Role
from bot.i18n import create_i18n
from bot.indicators.plan import load_plan
from bot.settings import DatabaseSection, Settings
from models import digest as store
from models import jobruns
from models import outbox as outbox_store
from models.queries import grant_role
from models.tables import JobRun, OutboxMessage, ProcessedUpdate
from models.uow import transaction_open
from scheduler import jobs
from scheduler.digest import zone
from scheduler.guard import GuardedScheduler, check_liveness, run_job
from scheduler.leader import AdvisoryLeader, needs_leader
from scheduler.setup import (
    DIGEST_JOB,
    MISSION_JOB,
    OUTBOX_JOB,
    PRUNE_JOB,
    REMINDER_JOB,
    Intervals,
    RunningScheduler,
    start_scheduler,
)
from tests.conftest import run_in_fresh_loop
from tests.factories import MovableClock, Ticks

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
QUICK = Intervals(first_run_seconds=0.05, wakeup_retry_seconds=0.05, liveness_seconds=3600)


@pytest.fixture
def db_url(any_db_url: str) -> str:
    return any_db_url


def locked() -> OperationalError:
    """What SQLite raises when another connection holds the write lock."""
    return OperationalError("UPDATE ...", {}, sqlite3.OperationalError("database is locked"))


def broken() -> OperationalError:
    """A database error that running again does not cure."""
    return OperationalError("UPDATE ...", {}, sqlite3.OperationalError("disk I/O error"))


def fails_once(
    real: Callable[..., Awaitable[Any]], error: Callable[[], Exception]
) -> Callable[..., Awaitable[Any]]:
    """`real`, except that its first call raises `error()`; `.calls` counts the calls."""
    calls: list[int] = []

    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise error()
        return await real(*args, **kwargs)

    wrapper.calls = calls  # type: ignore[attr-defined]
    return wrapper


async def _due_manager(session: AsyncSession, telegram_id: int) -> None:
    """A manager whose digest slot (today 00:00 local, UTC) has passed: due right now."""
    view = await grant_role(session, telegram_id, Role.MANAGER, ["HT"], False, actor_user_id=None)
    today = datetime.now(UTC).astimezone(zone("UTC"))
    await store.set_digest_slot(
        session, view.id, weekday=today.weekday(), hour=0, now=datetime.now(UTC)
    )
    await session.commit()


async def _count(session: AsyncSession, table: Any) -> int:
    found = await session.scalar(select(func.count()).select_from(table))
    await session.rollback()
    return int(found or 0)


async def _wait_for_rows(session: AsyncSession, count: int) -> int:
    async with asyncio.timeout(20):
        while (found := await _count(session, OutboxMessage)) != count:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    return found


async def _run_row(session: AsyncSession, job_id: str) -> Any:
    """The job's job_runs row as plain values (a Row, not an ORM object)."""
    table: Any = JobRun.__table__
    row = (await session.execute(select(table).where(table.c.job_id == job_id))).one()
    await session.rollback()
    return row


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(datetime.now(UTC))


@pytest.fixture
async def runtime(
    session_factory: async_sessionmaker[AsyncSession], clock: MovableClock
) -> AsyncIterator[jobs.Runtime]:
    """This process's jobs configured on the test database, on the test's clock."""
    runtime = jobs.Runtime(
        session_factory=session_factory, plan=load_plan(), i18n=create_i18n(), clock=clock
    )
    jobs.configure(runtime)
    try:
        yield runtime
    finally:
        jobs.configure(None)


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


# --- The scheduler's start and its own bookkeeping ------------------------------------------


async def _start_quick(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> RunningScheduler:
    """The scheduler at the tests' quick pace, without an outbox sender."""
    return await start_scheduler(
        settings,
        session_factory=session_factory,
        plan=load_plan(),
        i18n=create_i18n(),
        send=False,
        intervals=QUICK,
    )


async def test_each_start_recreates_the_jobs_in_memory_and_a_restart_sends_one_digest(
    db_url: str,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    session: AsyncSession,
) -> None:
    await _due_manager(session, 901)
    await _due_manager(session, 902)
    async with session_factory() as earlier:  # a former scheduler of this database sent too
        await jobruns.record_start(earlier, OUTBOX_JOB, interval_seconds=30, now=T0)
        await earlier.commit()
    settings = Settings(db=DatabaseSection(url=db_url))
    for _run in range(2):  # a restart: the same jobs, the same outbox rows
        running = await _start_quick(settings, session_factory)
        try:
            assert isinstance(running.scheduler, GuardedScheduler)
            assert {job.id for job in running.scheduler.get_jobs()} == {
                DIGEST_JOB,
                MISSION_JOB,
                PRUNE_JOB,
                REMINDER_JOB,
            }
            await _wait_for_rows(session, 2)
        finally:
            await running.shutdown()
    assert await _wait_for_rows(session, 2) == 2
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    assert "apscheduler_jobs" not in tables  # nothing of the scheduler is stored but job_runs
    recorded = {row.job_id: row for row in (await session.scalars(select(JobRun))).all()}
    # No outbox job here (send=False): an earlier one's row would look late forever.
    assert set(recorded) == {
        jobruns.SCHEDULER_ROW,
        DIGEST_JOB,
        MISSION_JOB,
        PRUNE_JOB,
        REMINDER_JOB,
    }
    assert recorded[DIGEST_JOB].interval_seconds == 300
    assert recorded[jobruns.SCHEDULER_ROW].last_started_at is not None


async def test_a_wakeup_that_fails_is_logged_rearmed_and_the_next_round_delivers(
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _due_manager(session, 911)
    # The scheduler's own processing fails once before anything ran (as the job store's
    # "database is locked" did inside AsyncIOScheduler.wakeup).
    real_process_jobs = GuardedScheduler._process_jobs
    calls: list[int] = []

    def process_jobs(self: GuardedScheduler) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise locked()
        return real_process_jobs(self)

    monkeypatch.setattr(GuardedScheduler, "_process_jobs", process_jobs)
    running = await _start_quick(Settings(db=DatabaseSection(url=db_url)), session_factory)
    try:
        assert await _wait_for_rows(session, 1) == 1
        scheduler = running.scheduler
        assert scheduler.wakeup_failures == 0  # it works again
        assert scheduler.is_armed()
    finally:
        await running.shutdown()
    assert any("wake-up failed" in message for message in _errors(caplog))


async def test_a_job_store_update_that_fails_once_costs_no_digest_and_no_duplicate(
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from apscheduler.jobstores.memory import MemoryJobStore  # type: ignore[import-untyped]

    await _due_manager(session, 912)
    await _due_manager(session, 913)
    real_update = MemoryJobStore.update_job
    calls: list[str] = []

    def update_job(self: Any, job: Any) -> None:
        calls.append(job.id)
        if len(calls) == 1:
            raise locked()
        real_update(self, job)

    monkeypatch.setattr(MemoryJobStore, "update_job", update_job)
    running = await _start_quick(Settings(db=DatabaseSection(url=db_url)), session_factory)
    try:
        assert await _wait_for_rows(session, 2) == 2
        # The wake-up after the failure ran the remaining jobs: every job got its first run.
        async with asyncio.timeout(10):
            while len(set(calls)) < 4:  # noqa: ASYNC110 - polled state of another task
                await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
    finally:
        await running.shutdown()
    assert await _count(session, OutboxMessage) == 2
    assert any("wake-up failed" in message for message in _errors(caplog))


async def test_a_shutdown_lets_a_job_run_in_progress_end_and_record_itself(
    db_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    started, finished = asyncio.Event(), asyncio.Event()

    async def slow_digest() -> str:
        started.set()
        await asyncio.sleep(0.3)  # a run that is in the middle of its work at the shutdown
        finished.set()
        return "done"

    monkeypatch.setitem(jobs.TICKS, DIGEST_JOB, slow_digest)
    running = await _start_quick(Settings(db=DatabaseSection(url=db_url)), session_factory)
    try:
        async with asyncio.timeout(10):
            await started.wait()
    finally:
        await running.shutdown()  # APScheduler alone would cancel the run here

    assert finished.is_set()
    row = await _run_row(session, DIGEST_JOB)
    assert row.last_success_at is not None
    assert row.consecutive_failures == 0
    assert not any("cancelled" in message for message in _errors(caplog))


# --- Guarded job runs -----------------------------------------------------------------------


async def test_a_failing_job_is_logged_with_its_name_recorded_and_the_next_run_delivers(
    runtime: jobs.Runtime,
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _due_manager(session, 921)
    monkeypatch.setattr(jobs, "run_digests", fails_once(jobs.run_digests, broken))
    assert await run_job(DIGEST_JOB, 300) is False
    assert any(DIGEST_JOB in message and "failed" in message for message in _errors(caplog))
    row = await _run_row(session, DIGEST_JOB)
    assert row.consecutive_failures == 1
    assert row.last_error is not None
    assert "disk I/O error" in row.last_error
    assert row.last_success_at is None
    assert await _count(session, OutboxMessage) == 0

    assert await run_job(DIGEST_JOB, 300) is True
    assert await _count(session, OutboxMessage) == 1
    row = await _run_row(session, DIGEST_JOB)
    assert row.consecutive_failures == 0
    assert row.last_success_at is not None


async def test_a_database_lock_on_the_first_attempt_is_retried_within_the_run(
    runtime: jobs.Runtime,
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _due_manager(session, 931)
    enqueue = fails_once(outbox_store.enqueue, locked)
    monkeypatch.setattr(outbox_store, "enqueue", enqueue)
    assert await run_job(DIGEST_JOB, 300) is True
    assert len(enqueue.calls) == 2  # type: ignore[attr-defined]
    assert await _count(session, OutboxMessage) == 1
    row = await _run_row(session, DIGEST_JOB)
    assert (row.consecutive_failures, row.last_failure_at) == (0, None)
    assert _errors(caplog) == []


async def test_a_transient_error_out_of_a_whole_tick_runs_it_again(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    drains: list[bool] = []

    async def drain() -> None:
        drains.append(transaction_open())
        if len(drains) == 1:
            raise locked()

    runtime.drain = drain
    assert await run_job(OUTBOX_JOB, 30) is True
    assert drains == [False, False]  # run twice, never inside a transaction
    assert (await _run_row(session, OUTBOX_JOB)).consecutive_failures == 0


async def test_job_runs_writes_that_fail_once_never_stop_the_job(
    runtime: jobs.Runtime,
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _due_manager(session, 941)
    monkeypatch.setattr(jobruns, "record_start", fails_once(jobruns.record_start, broken))
    success = fails_once(jobruns.record_success, locked)
    monkeypatch.setattr(jobruns, "record_success", success)
    assert await run_job(DIGEST_JOB, 300) is True
    assert await _count(session, OutboxMessage) == 1  # delivered despite the bookkeeping
    assert any(f"the start of job {DIGEST_JOB}" in m for m in _errors(caplog))
    # The success write hit a lock once and was retried: it is recorded.
    assert len(success.calls) == 2  # type: ignore[attr-defined]
    row = await _run_row(session, DIGEST_JOB)
    assert row.last_success_at is not None
    assert row.last_started_at is None

    await _due_manager(session, 942)
    assert await run_job(DIGEST_JOB, 300) is True
    assert await _count(session, OutboxMessage) == 2
    assert (await _run_row(session, DIGEST_JOB)).last_started_at is not None


async def test_jobs_commit_before_they_wake_the_sender(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    await _due_manager(session, 951)
    woken: list[bool] = []

    def wake() -> None:
        woken.append(transaction_open())

    runtime.wake = wake
    assert await jobs.digest_tick() == 1
    assert woken == [False]  # woken once, with every transaction of the job committed
    assert await _count(session, OutboxMessage) == 1


# --- Lateness -------------------------------------------------------------------------------


async def _register(
    session_factory: async_sessionmaker[AsyncSession], *, started: datetime
) -> None:
    async with session_factory() as session:
        await jobruns.register_jobs(
            session,
            {jobruns.SCHEDULER_ROW: 60, DIGEST_JOB: 300, REMINDER_JOB: 900},
            scheduler_started_at=started,
        )
        await jobruns.record_success(session, DIGEST_JOB, interval_seconds=300, now=started)
        await session.commit()


async def test_a_job_without_success_for_twice_its_interval_is_reported(
    session_factory: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _register(session_factory, started=T0)
    reported: dict[str, datetime] = {}
    on_time = await check_liveness(
        session_factory, now=T0 + timedelta(minutes=9), interval_seconds=60, reported=reported
    )
    assert not any(job.late for job in on_time)
    assert _errors(caplog) == []

    later = T0 + timedelta(minutes=11)  # 11 min > 2 x 5 min; < 2 x 15 min
    health = await check_liveness(
        session_factory, now=later, interval_seconds=60, reported=reported
    )
    late = {job.job_id for job in health if job.late}
    assert late == {DIGEST_JOB}
    errors = _errors(caplog)
    assert len(errors) == 1
    assert DIGEST_JOB in errors[0]
    assert "late" in errors[0]
    # What a health surface reads: the same flag, and the scheduler's heartbeat first.
    read = await jobruns.job_health(session, now=later)
    assert read[0].job_id == jobruns.SCHEDULER_ROW
    assert {job.job_id for job in read if job.late} == {DIGEST_JOB}
    assert read[0].last_success_at == later

    # Still late a minute later: not reported again within the hour.
    await check_liveness(
        session_factory, now=later + timedelta(minutes=1), interval_seconds=60, reported=reported
    )
    assert len(_errors(caplog)) == 1


async def test_a_job_is_not_late_just_after_a_restart_but_a_dead_scheduler_is(
    session_factory: async_sessionmaker[AsyncSession], session: AsyncSession
) -> None:
    # The last digest succeeded long ago, but the scheduler has just started.
    await _register(session_factory, started=T0 - timedelta(days=3))
    restart = T0
    async with session_factory() as setup:
        await jobruns.register_jobs(
            setup,
            {jobruns.SCHEDULER_ROW: 60, DIGEST_JOB: 300, REMINDER_JOB: 900},
            scheduler_started_at=restart,
        )
        await setup.commit()
    health = await check_liveness(
        session_factory, now=restart + timedelta(minutes=1), interval_seconds=60
    )
    assert not any(job.late for job in health)
    # Nobody wrote a heartbeat for ten minutes: the scheduler itself and its jobs are late.
    read = await jobruns.job_health(session, now=restart + timedelta(minutes=12))
    assert {job.job_id for job in read if job.late} == {jobruns.SCHEDULER_ROW, DIGEST_JOB}


def test_fieldbot_jobs_prints_the_jobs_and_fails_when_one_is_late(
    sqlite_db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from models.db import create_engine, create_session_factory

    async def populate() -> None:
        engine = create_engine(sqlite_db_url)
        try:
            await _register(create_session_factory(engine), started=datetime.now(UTC))
        finally:
            await engine.dispose()

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FIELDBOT_DB__URL", sqlite_db_url)
    # No scheduler has ever run: as wrong as a late one, for a monitor that reads the status.
    assert main(["jobs"]) == 1
    assert "No job has run yet" in capsys.readouterr().out

    run_in_fresh_loop(populate)
    assert main(["jobs"]) == 0
    out = capsys.readouterr().out
    assert DIGEST_JOB in out
    assert REMINDER_JOB in out
    assert "LATE" not in out

    async def stale() -> None:
        engine = create_engine(sqlite_db_url)
        try:
            await _register(
                create_session_factory(engine), started=datetime.now(UTC) - timedelta(hours=1)
            )
        finally:
            await engine.dispose()

    run_in_fresh_loop(stale)
    assert main(["jobs"]) == 1
    assert "LATE" in capsys.readouterr().out


# --- Pruning processed updates --------------------------------------------------------------


async def test_the_prune_job_forgets_old_update_ids_in_batches_stale_replies_included(
    runtime: jobs.Runtime,
    clock: MovableClock,
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = clock.now = T0
    runtime.prune_batch = 2
    runtime.dedupe_window = timedelta(hours=48)
    reply = [{"method": "sendMessage", "chat_id": 1, "text": "hi"}]
    for update_id in range(1, 6):  # five older than the window, two of them still owing
        session.add(
            ProcessedUpdate(
                bot_id=7,
                update_id=update_id,
                processed_at=now - timedelta(hours=49, minutes=update_id),
                replies=reply if update_id in (2, 5) else None,
            )
        )
    for update_id in (10, 11):  # inside the window, one still owing its replies
        session.add(
            ProcessedUpdate(
                bot_id=7,
                update_id=update_id,
                processed_at=now - timedelta(hours=47),
                replies=reply if update_id == 10 else None,
            )
        )
    await session.commit()
    batches: list[int] = []
    real = jobruns.prune_processed_updates_batch

    async def spy(session: AsyncSession, **kwargs: Any) -> jobruns.PruneBatch:
        batch = await real(session, **kwargs)
        batches.append(batch.deleted)
        return batch

    monkeypatch.setattr(jobruns, "prune_processed_updates_batch", spy)
    with caplog.at_level(logging.INFO):
        assert await run_job(PRUNE_JOB, 3600) is True
    assert batches == [2, 2, 1]  # short transactions of at most prune_batch rows
    left = (await session.scalars(select(ProcessedUpdate.update_id))).all()
    assert sorted(left) == [10, 11]
    assert any("never delivered" in r.getMessage() for r in caplog.records)
    assert (await _run_row(session, PRUNE_JOB)).last_success_at == now
    assert await jobs.prune_tick() == 0


# --- Leader ---------------------------------------------------------------------------------


def test_only_postgresql_needs_a_leader() -> None:
    assert needs_leader("postgresql+asyncpg://db/fb")
    assert not needs_leader("sqlite+aiosqlite:///x.db")


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
    ticks = Ticks()  # the second's retry interval, stepped by the test
    first = AdvisoryLeader(pg_url, retry_seconds=0.05)
    second = AdvisoryLeader(pg_url, retry_seconds=0.05, sleep=ticks.sleep)
    try:
        assert await first.try_acquire()
        assert not await second.try_acquire()
        waiting = asyncio.create_task(second.acquire())
        for _ in range(3):  # it tries again after each interval ...
            await ticks.tick(waiting)
            assert not waiting.done()  # ... and waits instead of running a second scheduler
        await first.release()
        await ticks.tick(waiting)
        assert waiting.done()
        await waiting
        assert second.is_leader
        assert ticks.asked == [0.05] * 4
    finally:
        await first.release()
        await second.release()

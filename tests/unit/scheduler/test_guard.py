"""The guarded scheduler and job runs, without a database: wake-ups, retries, lateness."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from apscheduler.jobstores.memory import MemoryJobStore  # type: ignore[import-untyped]
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]
from sqlalchemy.exc import OperationalError

from models.jobruns import SCHEDULER_ROW, is_late
from scheduler.guard import GuardedScheduler, _retrying
from scheduler.setup import DIGEST_JOB, OUTBOX_JOB, Intervals, create_scheduler

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def locked() -> OperationalError:
    return OperationalError("UPDATE ...", {}, sqlite3.OperationalError("database is locked"))


class FailsOnce:
    """A `_process_jobs` replacement (`.method`) that raises the first time, then does the
    real work."""

    def __init__(self, real: Any) -> None:
        self.calls = 0

        def method(scheduler: Any) -> Any:
            self.calls += 1
            if self.calls == 1:
                raise locked()
            return real(scheduler)

        self.method = method


def _with_a_job(scheduler: AsyncIOScheduler, runs: asyncio.Event) -> None:
    async def job() -> None:
        runs.set()

    scheduler.add_job(
        job,
        IntervalTrigger(seconds=3600),
        id="probe",
        next_run_time=datetime.now(UTC) + timedelta(milliseconds=20),
    )


async def test_a_failing_wakeup_is_logged_and_rearmed(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    fails = FailsOnce(GuardedScheduler._process_jobs)
    monkeypatch.setattr(GuardedScheduler, "_process_jobs", fails.method)
    scheduler = GuardedScheduler(jobstores={"default": MemoryJobStore()}, retry_seconds=0.02)
    runs = asyncio.Event()
    _with_a_job(scheduler, runs)
    scheduler.start()
    try:
        await asyncio.wait_for(runs.wait(), timeout=5)
    finally:
        scheduler.shutdown(wait=False)
    assert fails.calls >= 2
    assert scheduler.wakeup_failures == 0
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "wake-up failed" in errors[0].getMessage()
    assert "probe" in errors[0].getMessage()
    assert "database is locked" in caplog.text  # with the cause


async def test_without_the_guard_apscheduler_stops_for_good(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Why GuardedScheduler exists: APScheduler 3.11's own wake-up is never re-armed after an
    exception (if this starts failing, APScheduler fixed it and the guard can be revisited)."""

    class Plain(AsyncIOScheduler):  # type: ignore[misc]
        pass

    fails = FailsOnce(AsyncIOScheduler._process_jobs)
    monkeypatch.setattr(Plain, "_process_jobs", fails.method)
    loop = asyncio.get_running_loop()
    swallowed: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: swallowed.append(context))
    scheduler = Plain(jobstores={"default": MemoryJobStore()})
    runs = asyncio.Event()
    _with_a_job(scheduler, runs)
    try:
        scheduler.start()
        await asyncio.sleep(0.3)
        assert not runs.is_set()
        assert fails.calls == 1
        assert swallowed  # the exception went to the loop's handler, nowhere else
    finally:
        loop.set_exception_handler(None)
        scheduler.shutdown(wait=False)


async def test_a_scheduler_left_without_a_wakeup_is_rearmed_by_the_watchdog_check(
    caplog: pytest.LogCaptureFixture,
) -> None:
    scheduler = GuardedScheduler(jobstores={"default": MemoryJobStore()})
    runs = asyncio.Event()
    scheduler.start(paused=True)
    _with_a_job(scheduler, runs)
    try:
        assert scheduler.is_armed()  # paused: nothing to arm
        scheduler.resume()
        await asyncio.sleep(0)  # the wake-up is queued on the loop
        scheduler._stop_timer()  # lose it, as an escaped exception would
        assert not scheduler.is_armed()
        assert scheduler.ensure_armed() is True
        await asyncio.wait_for(runs.wait(), timeout=5)
        assert scheduler.ensure_armed() is False
    finally:
        scheduler.shutdown(wait=False)
    assert any("re-arming" in r.getMessage() for r in caplog.records)


async def test_a_transient_error_is_retried_and_others_are_not() -> None:
    attempts: list[int] = []

    async def flaky() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise locked()
        return "done"

    assert await _retrying(flaky, what="test", attempts=3) == "done"
    assert len(attempts) == 3

    attempts.clear()
    with pytest.raises(OperationalError):
        await _retrying(flaky, what="test", attempts=2)  # exhausted
    assert len(attempts) == 2

    async def wrong() -> None:
        attempts.append(1)
        raise ValueError("a bug, not a lock")

    attempts.clear()
    with pytest.raises(ValueError, match="a bug"):
        await _retrying(wrong, what="test", attempts=5)
    assert len(attempts) == 1


@pytest.mark.parametrize(
    ("last_success", "started", "now", "late"),
    [
        (T0, T0, T0 + timedelta(seconds=600), False),  # exactly twice the interval
        (T0, T0, T0 + timedelta(seconds=601), True),
        (None, T0, T0 + timedelta(seconds=601), True),  # never succeeded since the start
        (T0 - timedelta(days=2), T0, T0 + timedelta(seconds=60), False),  # just restarted
        (None, None, T0, False),  # nothing to measure from
    ],
)
def test_late_means_no_success_for_twice_the_interval_since_the_start(
    last_success: datetime | None, started: datetime | None, now: datetime, late: bool
) -> None:
    assert (
        is_late(
            interval_seconds=300,
            last_success_at=last_success,
            scheduler_started_at=started,
            now=now,
        )
        is late
    )


def test_intervals_recorded_in_whole_seconds_with_the_scheduler_row() -> None:
    recorded = Intervals(outbox_seconds=0.2, liveness_seconds=30).recorded()
    assert recorded[DIGEST_JOB] == 300
    assert recorded[OUTBOX_JOB] == 1  # never 0: lateness needs an interval
    assert recorded[SCHEDULER_ROW] == 30
    assert OUTBOX_JOB not in Intervals().recorded(drains=False)


def test_the_job_store_is_in_memory_and_new_at_every_start() -> None:
    first, second = create_scheduler(), create_scheduler()
    store = first._jobstores["default"]
    assert isinstance(store, MemoryJobStore)
    assert store is not second._jobstores["default"]
    assert first.jobstore_retry_interval == 5.0

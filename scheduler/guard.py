"""A scheduler that cannot die silently: a guarded wake-up, guarded job runs, a watchdog.

Three layers, each catching what the one below cannot:

- `GuardedScheduler.wakeup`: APScheduler 3's AsyncIOScheduler runs `_process_jobs` from a bare
  event-loop callback; an exception there (a job store's `update_job` raising "database is
  locked" was the one seen) escaped its error handling and the next wake-up was never armed.
  Here the failure is logged at ERROR and the wake-up is re-armed `retry_seconds` later. A job
  submitted before the failure may be submitted once more on the retry: harmless (max_instances
  is 1 and every effect goes through the outbox's unique key).
- `run_job`: the function APScheduler runs for every job. It records the start, runs the job
  (again from the start on a transient database error, with backoff), records the success or
  the failure in job_runs, and never raises: a failure is logged with the job's name and the
  next run happens as scheduled. Failing bookkeeping is logged and never stops the job itself.
- `Watchdog`: a plain asyncio task, independent of APScheduler, that every `interval` seconds
  writes the scheduler's heartbeat, reports at ERROR every job with no success for twice its
  interval (models.jobruns), and re-arms a scheduler whose wake-up timer is missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from apscheduler.schedulers.base import (  # type: ignore[import-untyped]
    STATE_RUNNING,
    STATE_STOPPED,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.clock import utcnow
from models import jobruns
from models.uow import retry_transient, run_transaction
from scheduler import jobs

log = logging.getLogger(__name__)

T = TypeVar("T")

# Runs of one job (the first included) when it keeps hitting transient database errors.
JOB_ATTEMPTS = 4
DEFAULT_WAKEUP_RETRY_SECONDS = 5.0


class GuardedScheduler(AsyncIOScheduler):  # type: ignore[misc]
    """AsyncIOScheduler whose wake-up survives any exception and is re-armed."""

    def __init__(
        self, *args: Any, retry_seconds: float = DEFAULT_WAKEUP_RETRY_SECONDS, **kwargs: Any
    ) -> None:
        self.retry_seconds = retry_seconds
        self.wakeup_failures = 0
        super().__init__(*args, **kwargs)

    def wakeup(self) -> None:
        # As AsyncIOScheduler.wakeup (run_in_event_loop): callable from any thread.
        loop = self._eventloop
        if loop is None or loop.is_closed():
            return
        loop.call_soon_threadsafe(self._guarded_wakeup)

    def _guarded_wakeup(self) -> None:
        if self.state == STATE_STOPPED:
            return  # shut down while this call was queued
        self._stop_timer()
        try:
            wait_seconds = self._process_jobs()
        except Exception:
            self.wakeup_failures += 1
            wait_seconds = self.retry_seconds
            log.exception(
                "The scheduler's wake-up failed (jobs: %s; failure %d); retrying in %.3g s",
                ", ".join(job.id for job in self._safe_jobs()) or "unknown",
                self.wakeup_failures,
                wait_seconds,
            )
        else:
            if self.wakeup_failures:
                log.info("The scheduler's wake-up works again")
            self.wakeup_failures = 0
        self._start_timer(wait_seconds)

    def _safe_jobs(self) -> list[Any]:
        try:
            return list(self.get_jobs())
        except Exception:
            return []

    def is_armed(self) -> bool:
        """True when a wake-up is scheduled (or none is needed: paused, stopped, nothing due)."""
        if self.state != STATE_RUNNING:
            return True
        if not any(job.next_run_time is not None for job in self._safe_jobs()):
            return True
        return self._timeout is not None and not self._timeout.cancelled()

    def ensure_armed(self) -> bool:
        """Re-arm a running scheduler that has no wake-up scheduled; True if it had to."""
        if self.is_armed():
            return False
        log.error("The scheduler had no wake-up scheduled; re-arming it")
        self.wakeup()
        return True


async def _retrying(
    work: Callable[[], Awaitable[T]], *, what: str, attempts: int = JOB_ATTEMPTS
) -> T:
    """`work()`, run again from the start after a transient database error (with backoff)."""
    return await retry_transient(work, attempts=attempts, what=what, level=logging.WARNING)


async def _bookkeep(
    session_factory: async_sessionmaker[AsyncSession],
    work: Callable[[AsyncSession], Awaitable[None]],
    *,
    what: str,
) -> bool:
    """One job_runs write in its own short transaction; a failure is logged, never raised."""
    try:
        await run_transaction(session_factory, work, what=what)
    except Exception:
        log.exception("Could not record %s", what)
        return False
    return True


# The job runs in progress in this process (their tasks), so that a shutdown can let them end.
_RUNNING: set[asyncio.Task[Any]] = set()


async def finish_running_jobs(seconds: float) -> None:
    """Wait (at most `seconds`) for the job runs in progress to end, then cancel what is left
    and wait for it. APScheduler's own shutdown cancels them at once, in the middle of
    a transaction or a send: each is short, and a run that ends records itself."""
    running = {task for task in _RUNNING if not task.done()}
    if not running:
        return
    _done, late = await asyncio.wait(running, timeout=seconds)
    for task in late:
        log.warning("Job run %s still running at shutdown: cancelled", task.get_name())
        task.cancel()
    if late:
        await asyncio.wait(late)


async def run_job(job_id: str, interval_seconds: int) -> bool:
    """Run the job `job_id` once, guarded and recorded; True when it succeeded. Never raises
    (but lets cancellation through)."""
    task = asyncio.current_task()
    if task is None:  # pragma: no cover - always called as a task by the scheduler
        return await _run_job(job_id, interval_seconds)
    _RUNNING.add(task)
    try:
        return await _run_job(job_id, interval_seconds)
    finally:
        _RUNNING.discard(task)


async def _run_job(job_id: str, interval_seconds: int) -> bool:
    try:
        runtime = jobs.current_runtime()
        tick = jobs.TICKS[job_id]
    except (RuntimeError, KeyError):
        log.exception("Job %s cannot run: not configured in this process", job_id)
        return False
    factory = runtime.session_factory
    started = runtime.clock()

    async def start(session: AsyncSession) -> None:
        await jobruns.record_start(session, job_id, interval_seconds=interval_seconds, now=started)

    await _bookkeep(factory, start, what=f"the start of job {job_id}")
    try:
        result = await _retrying(tick, what=f"Job {job_id}")
    except Exception as error:
        problem, failed = error, runtime.clock()
        log.exception(
            "Job %s failed (started %s); it runs again at its next interval",
            job_id,
            started.isoformat(),
        )

        async def failure(session: AsyncSession) -> None:
            await jobruns.record_failure(
                session, job_id, problem, interval_seconds=interval_seconds, now=failed
            )

        await _bookkeep(factory, failure, what=f"the failure of job {job_id}")
        return False
    succeeded = runtime.clock()

    async def success(session: AsyncSession) -> None:
        await jobruns.record_success(
            session, job_id, interval_seconds=interval_seconds, now=succeeded
        )

    await _bookkeep(factory, success, what=f"the success of job {job_id}")
    log.debug("Job %s done: %r", job_id, result)
    return True


async def check_liveness(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    now: datetime,
    interval_seconds: float,
    reported: dict[str, datetime] | None = None,
    repeat: timedelta = timedelta(hours=1),
) -> list[jobruns.JobHealth]:
    """Write the scheduler's heartbeat (its row's interval: `interval_seconds`, the watchdog's)
    and report (ERROR) every late job; returns the health.

    `reported` (job id -> when last reported) keeps a still-late job from being reported more
    than once per `repeat`; a job back on time is logged once at INFO.
    """

    async def work(session: AsyncSession) -> list[jobruns.JobHealth]:
        await jobruns.record_success(
            session,
            jobruns.SCHEDULER_ROW,
            interval_seconds=max(1, round(interval_seconds)),
            now=now,
        )
        return await jobruns.job_health(session, now=now)

    health = await run_transaction(session_factory, work, what="the liveness check")
    seen = reported if reported is not None else {}
    for job in health:
        if job.job_id == jobruns.SCHEDULER_ROW:
            continue
        if not job.late:
            if seen.pop(job.job_id, None) is not None:
                log.info("Job %s succeeded again", job.job_id)
            continue
        last = seen.get(job.job_id)
        if last is not None and now - last < repeat:
            continue
        seen[job.job_id] = now
        log.error(
            "Job %s is late: no success since %s (interval %d s; %d failures in a row; "
            "last error: %s)",
            job.job_id,
            job.due_since.isoformat() if job.due_since else "ever",
            job.interval_seconds,
            job.consecutive_failures,
            job.last_error or "none",
        )
    return health


class Watchdog:
    """Every `interval_seconds`: heartbeat, lateness report, re-arm the scheduler if needed."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        interval_seconds: float,
        scheduler: GuardedScheduler | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.session_factory = session_factory
        self.interval_seconds = interval_seconds
        self.scheduler = scheduler
        self.clock = clock
        self.reported: dict[str, datetime] = {}
        self._task: asyncio.Task[None] | None = None

    async def check_once(self) -> list[jobruns.JobHealth]:
        """One round; a failure is logged and the next round still happens."""
        if self.scheduler is not None:
            try:
                self.scheduler.ensure_armed()
            except Exception:
                log.exception("Could not check the scheduler's wake-up")
        try:
            return await check_liveness(
                self.session_factory,
                now=self.clock(),
                interval_seconds=self.interval_seconds,
                reported=self.reported,
            )
        except Exception:
            log.exception("The scheduler's liveness check failed")
            return []

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval_seconds)
            await self.check_once()

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._loop(), name="scheduler-watchdog")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


__all__ = [
    "JOB_ATTEMPTS",
    "GuardedScheduler",
    "Watchdog",
    "check_liveness",
    "finish_running_jobs",
    "run_job",
]

"""The scheduler: APScheduler's AsyncIOScheduler with its jobs in memory, re-created at start.

Exactly one scheduler runs per database:

- `fieldbot run` (one process, polling or one webhook worker): `start_scheduler` in-process;
- several webhook workers: run `fieldbot scheduler` once, or let every worker call
  `start_scheduler(..., leader=True)`: on PostgreSQL an advisory lock (scheduler.leader) makes
  one of them the leader, the others wait and take over when it dies. SQLite: one process.
  The leader checks its lock every few seconds and stops its scheduler at once when the lock is
  lost (its connection was cut); `lead` then waits for the lock again, as the others do.

The job store is APScheduler's MemoryJobStore, filled at every start with the same jobs under
fixed ids. Nothing is lost by not persisting it: the jobs are deterministic and what is due
comes from the database (a manager's digest slot and the outbox rows of the week, reminders
from the last report, the outbox's due rows). The digest's own rule (due from the local slot
until the end of the week) makes a slot missed while the bot was down arrive once after the
restart, and the outbox key makes any duplicate run harmless. A persistent (SQLAlchemy) job
store made synchronous database calls on the event loop thread, blocking every update, and its
"database is locked" inside the wake-up stopped the scheduler for good.

Guarding (scheduler.guard): the wake-up is re-armed after any failure, every job runs through
`run_job` (retried on transient database errors, recorded in job_runs, never raising), and a
watchdog task reports a job with no success for twice its interval. `models.jobruns.job_health`
is what `fieldbot jobs` (and any health surface) reads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.utils.i18n import I18n
from apscheduler.jobstores.base import JobLookupError  # type: ignore[import-untyped]
from apscheduler.jobstores.memory import MemoryJobStore  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.clock import utcnow
from bot.indicators.plan import Plan
from bot.settings import Settings
from models import jobruns
from models.uow import run_transaction
from scheduler import jobs
from scheduler.guard import (
    DEFAULT_WAKEUP_RETRY_SECONDS,
    GuardedScheduler,
    Watchdog,
    finish_running_jobs,
    run_job,
)
from scheduler.jobs import DIGEST_JOB, MISSION_JOB, OUTBOX_JOB, PRUNE_JOB, REMINDER_JOB
from scheduler.leader import AdvisoryLeader, needs_leader

if TYPE_CHECKING:
    from bot.metrics import Metrics

log = logging.getLogger(__name__)

MISFIRE_GRACE_SECONDS = 3600


@dataclass(frozen=True)
class Intervals:
    digest_minutes: float = 5
    reminder_minutes: float = 15
    outbox_seconds: float = 30
    prune_minutes: float = 24 * 60  # retention: daily
    # The watchdog: heartbeat and lateness report.
    liveness_seconds: float = 60
    # A failed wake-up of the scheduler is tried again this long after.
    wakeup_retry_seconds: float = DEFAULT_WAKEUP_RETRY_SECONDS
    # The first digest and reminder runs, this long after a start (catching up at once).
    first_run_seconds: float = 10

    def seconds(self, *, drains: bool = True) -> dict[str, float]:
        """Each job's interval in seconds (the outbox sender's only when this process drains)."""
        seconds = {
            DIGEST_JOB: self.digest_minutes * 60,
            REMINDER_JOB: self.reminder_minutes * 60,
            MISSION_JOB: self.reminder_minutes * 60,
            PRUNE_JOB: self.prune_minutes * 60,
        }
        if drains:
            seconds[OUTBOX_JOB] = self.outbox_seconds
        return seconds

    def recorded(self, *, drains: bool = True) -> dict[str, int]:
        """The intervals in whole seconds (at least 1), as job_runs records them, with the
        scheduler's own row (its heartbeat, the watchdog's interval)."""
        seconds = self.seconds(drains=drains) | {jobruns.SCHEDULER_ROW: self.liveness_seconds}
        return {job_id: max(1, round(value)) for job_id, value in seconds.items()}


def create_scheduler(
    *,
    misfire_grace_seconds: int = MISFIRE_GRACE_SECONDS,
    wakeup_retry_seconds: float = DEFAULT_WAKEUP_RETRY_SECONDS,
) -> GuardedScheduler:
    """A scheduler (not started) with a fresh in-memory job store."""
    return GuardedScheduler(
        jobstores={"default": MemoryJobStore()},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": misfire_grace_seconds,
        },
        timezone=UTC,
        # A job store that fails to list the due jobs is asked again after the same delay.
        jobstore_retry_interval=wakeup_retry_seconds,
        retry_seconds=wakeup_retry_seconds,
    )


_NAMES = {
    DIGEST_JOB: "weekly digests",
    REMINDER_JOB: "reporting reminders",
    MISSION_JOB: "mission reminders",
    OUTBOX_JOB: "outbox sender",
    PRUNE_JOB: "retention (update ids, sent outbox payloads, ended invitations)",
}


def schedule_jobs(
    scheduler: GuardedScheduler, intervals: Intervals = Intervals(), *, drains: bool = True
) -> None:
    """Add (or replace) the jobs, with fixed ids: restarting never duplicates a job. Each runs
    through scheduler.guard.run_job(job_id, interval_seconds)."""
    first = utcnow() + timedelta(seconds=intervals.first_run_seconds)
    recorded = intervals.recorded(drains=drains)
    for job_id, seconds in intervals.seconds(drains=drains).items():
        options: dict[str, Any] = {}
        if job_id != OUTBOX_JOB:  # the sender first runs when woken or after its interval
            options["next_run_time"] = first
        scheduler.add_job(
            run_job,
            IntervalTrigger(seconds=seconds),
            args=[job_id, recorded[job_id]],
            id=job_id,
            name=_NAMES[job_id],
            replace_existing=True,
            **options,
        )
    if not drains:
        with contextlib.suppress(JobLookupError):
            scheduler.remove_job(OUTBOX_JOB)


@dataclass
class RunningScheduler:
    """A started scheduler and what it holds; `shutdown()` stops it all."""

    scheduler: GuardedScheduler
    leader: AdvisoryLeader | None = None
    bot: Bot | None = None
    watchdog: Watchdog | None = None
    # Set once the leader's lock was lost and the scheduler stopped (scheduler.leader).
    lost: asyncio.Event = field(default_factory=asyncio.Event)
    lock_watch: asyncio.Task[None] | None = None
    stop_sending: Any = None  # the outbox sender's stop(), when this process drains
    finish_seconds: float = 10.0  # how long a shutdown lets the job runs in progress end

    def stop_at_once(self) -> None:
        """The lock is lost: no job may start from here on (synchronous, so nothing runs in
        between). Calls to Telegram in flight finish and are recorded; `shutdown` does the
        rest."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self.stop_sending is not None:
            self.stop_sending()
        if self.watchdog is not None and self.watchdog._task is not None:
            self.watchdog._task.cancel()
        log.error("The scheduler's lock was lost: this process's scheduler is stopped")
        self.lost.set()

    def wake_outbox(self) -> None:
        """Run the outbox job now (after an enqueue) instead of at its next interval."""
        with contextlib.suppress(JobLookupError):
            self.scheduler.modify_job(OUTBOX_JOB, next_run_time=utcnow())

    async def shutdown(self) -> None:
        watch, self.lock_watch = self.lock_watch, None
        if watch is not None and watch is not asyncio.current_task():
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch
        if self.watchdog is not None:
            await self.watchdog.stop()
        if self.scheduler.running:
            # No new run starts; the runs in progress end (APScheduler would cancel them).
            self.scheduler.pause()
            await finish_running_jobs(self.finish_seconds)
            self.scheduler.shutdown(wait=False)
        jobs.configure(None)
        if self.bot is not None:
            await self.bot.session.close()
        if self.leader is not None:
            await self.leader.release()


async def start_scheduler(
    settings: Settings,
    *,
    session_factory: async_sessionmaker[AsyncSession],
    plan: Plan,
    i18n: I18n,
    send: bool = True,
    leader: bool = False,
    intervals: Intervals = Intervals(),
    metrics: Metrics | None = None,
    after_loss: bool = False,
) -> RunningScheduler:
    """Start this process's scheduler (call inside the running event loop).

    send: this process also drains the outbox (through its own retry-free Bot). leader: on
    PostgreSQL wait for the advisory lock first (returns once this process leads); the
    scheduler then stops by itself if the lock is lost (`RunningScheduler.lost` is set).
    metrics: where the outbox bot counts its Bot API errors. after_loss: this process has just
    lost the lock; it steps back for a retry period before competing again (scheduler.leader).
    """
    lock: AdvisoryLeader | None = None
    if leader and needs_leader(settings.db.url):
        lock = AdvisoryLeader(
            settings.db.url,
            retry_seconds=settings.leader.retry_seconds,
            check_seconds=settings.leader.check_seconds,
        )
        try:
            await lock.acquire(step_back=after_loss)
            if lock.takeover_grace:
                # The previous leader stops within a check or two of losing the lock.
                log.info("Took over the scheduler's lock; starting in %.0f s", lock.takeover_grace)
                await asyncio.sleep(lock.takeover_grace)
        except BaseException:
            await lock.release()
            raise
    runtime = jobs.Runtime(
        session_factory=session_factory,
        plan=plan,
        i18n=i18n,
        options=jobs.DigestOptions.from_settings(settings),
        dedupe_window=timedelta(hours=settings.dedupe_window_hours),
        outbox_payload_age=timedelta(days=settings.retention.outbox_payload_days),
        invite_grace=timedelta(days=settings.retention.invite_days),
        prune_batch=settings.retention.batch_size,
        payload_batch=settings.retention.outbox_batch_size,
    )
    bot: Bot | None = None
    if send:
        from scheduler.outbox import OutboxSender, create_outbox_bot

        bot = create_outbox_bot(settings, metrics=metrics)
        sender = OutboxSender.from_settings(settings, session_factory, bot)
        runtime.drain = sender.drain
    scheduler = create_scheduler(wakeup_retry_seconds=intervals.wakeup_retry_seconds)
    watchdog = Watchdog(
        session_factory,
        interval_seconds=intervals.liveness_seconds,
        scheduler=scheduler,
        clock=runtime.clock,
    )
    running = RunningScheduler(scheduler=scheduler, leader=lock, bot=bot, watchdog=watchdog)
    if send:
        runtime.wake = running.wake_outbox
        running.stop_sending = sender.stop
    jobs.configure(runtime)
    try:
        await _register(session_factory, intervals.recorded(drains=send), now=runtime.clock())
        schedule_jobs(scheduler, intervals, drains=send)
        scheduler.start()
        watchdog.start()
        if lock is not None:
            running.lock_watch = asyncio.create_task(
                lock.watch(running.stop_at_once), name="scheduler-lock-watch"
            )
    except BaseException:
        await running.shutdown()
        raise
    log.info("Scheduler started (jobs: %s)", ", ".join(j.id for j in scheduler.get_jobs()))
    return running


async def lead(
    settings: Settings,
    *,
    session_factory: async_sessionmaker[AsyncSession],
    plan: Plan,
    i18n: I18n,
    send: bool = True,
    intervals: Intervals = Intervals(),
    metrics: Metrics | None = None,
) -> None:
    """Run the scheduler whenever this process holds the lock, until cancelled: wait for the
    lock, run, and when the lock is lost (the scheduler already stopped) wait for it again.

    On SQLite (one process, no lock) this simply runs the scheduler until cancelled.
    """
    after_loss = False
    while True:
        running = await start_scheduler(
            settings,
            session_factory=session_factory,
            plan=plan,
            i18n=i18n,
            send=send,
            leader=True,
            intervals=intervals,
            metrics=metrics,
            after_loss=after_loss,
        )
        try:
            await running.lost.wait()
        finally:
            await running.shutdown()
        log.info("Waiting to lead the scheduler again")
        after_loss = True


async def _register(
    session_factory: async_sessionmaker[AsyncSession], intervals: dict[str, int], *, now: datetime
) -> None:
    """Record the jobs and this scheduler's start in job_runs. A failure is logged and the
    scheduler starts anyway: each run records itself, and delivering matters more."""

    async def work(session: AsyncSession) -> None:
        await jobruns.register_jobs(session, intervals, scheduler_started_at=now)

    try:
        await run_transaction(session_factory, work, what="the scheduler's job registration")
    except Exception:
        log.exception("Could not record the scheduler's jobs in job_runs")


__all__ = [
    "DIGEST_JOB",
    "MISSION_JOB",
    "OUTBOX_JOB",
    "PRUNE_JOB",
    "REMINDER_JOB",
    "Intervals",
    "RunningScheduler",
    "create_scheduler",
    "lead",
    "schedule_jobs",
    "start_scheduler",
]

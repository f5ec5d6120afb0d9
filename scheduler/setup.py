"""The scheduler: APScheduler's AsyncIOScheduler with its jobs stored in the application database.

Exactly one scheduler runs per database (APScheduler's job stores must never be shared by two
live schedulers):

- `fieldbot run` (one process, polling or one webhook worker): `start_scheduler` in-process;
- several webhook workers: run `fieldbot scheduler` once, or let every worker call
  `start_scheduler(..., leader=True)`: on PostgreSQL an advisory lock (scheduler.leader) makes
  one of them the leader, the others wait and take over when it dies. SQLite: one process.

Jobs have fixed ids and are re-added with replace_existing at every start, with coalesce (a
backlog of missed runs is one run) and a misfire grace. The digest's own rule (due from the
local slot until the end of the week) is what makes a slot missed while the bot was down
arrive once after the restart; the outbox key makes any duplicate run harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.utils.i18n import I18n
from apscheduler.jobstores.base import JobLookupError  # type: ignore[import-untyped]
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore  # type: ignore[import-untyped]
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]
from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.indicators.plan import Plan
from bot.settings import Settings
from scheduler import jobs
from scheduler.leader import AdvisoryLeader, needs_leader

log = logging.getLogger(__name__)

JOBSTORE_TABLE = "apscheduler_jobs"
DIGEST_JOB = "fieldbot.digest"
REMINDER_JOB = "fieldbot.reminder"
MISSION_JOB = "fieldbot.missions"
OUTBOX_JOB = "fieldbot.outbox"
MISFIRE_GRACE_SECONDS = 3600


@dataclass(frozen=True)
class Intervals:
    digest_minutes: float = 5
    reminder_minutes: float = 15
    outbox_seconds: float = 30
    # The first digest and reminder runs, this long after a start (catching up at once).
    first_run_seconds: float = 10


def sync_url(db_url: str) -> str:
    """The synchronous twin of the application's URL, for APScheduler's SQLAlchemyJobStore.

    sqlite+aiosqlite:///path -> sqlite:///path; postgresql+asyncpg://... ->
    postgresql+psycopg://... (psycopg 3, `pip install "psycopg[binary]>=3.2,<3.4"`).
    """
    url = make_url(db_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.set(drivername="sqlite").render_as_string(hide_password=False)
    if backend == "postgresql":
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    raise ValueError(f"no job store for the {backend!r} database")


def create_scheduler(
    db_url: str, *, misfire_grace_seconds: int = MISFIRE_GRACE_SECONDS
) -> AsyncIOScheduler:
    """A scheduler (not started) whose jobs live in the application database."""
    url = sync_url(db_url)
    options: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        # The bot writes to the same file: wait for its writer instead of failing at once.
        options["connect_args"] = {"timeout": 30}
    store = SQLAlchemyJobStore(url=url, tablename=JOBSTORE_TABLE, engine_options=options)
    return AsyncIOScheduler(
        jobstores={"default": store},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": misfire_grace_seconds,
        },
        timezone=UTC,
    )


def schedule_jobs(
    scheduler: AsyncIOScheduler, intervals: Intervals = Intervals(), *, drains: bool = True
) -> None:
    """Add (or replace) the jobs, with fixed ids: restarting never duplicates a job."""
    first = datetime.now(UTC) + timedelta(seconds=intervals.first_run_seconds)
    scheduler.add_job(
        jobs.digest_tick,
        IntervalTrigger(minutes=intervals.digest_minutes),
        id=DIGEST_JOB,
        name="weekly digests",
        replace_existing=True,
        next_run_time=first,
    )
    scheduler.add_job(
        jobs.reminder_tick,
        IntervalTrigger(minutes=intervals.reminder_minutes),
        id=REMINDER_JOB,
        name="reporting reminders",
        replace_existing=True,
        next_run_time=first,
    )
    scheduler.add_job(
        jobs.mission_tick,
        IntervalTrigger(minutes=intervals.reminder_minutes),
        id=MISSION_JOB,
        name="mission reminders",
        replace_existing=True,
        next_run_time=first,
    )
    if drains:
        scheduler.add_job(
            jobs.outbox_tick,
            IntervalTrigger(seconds=intervals.outbox_seconds),
            id=OUTBOX_JOB,
            name="outbox sender",
            replace_existing=True,
        )
    else:
        with contextlib.suppress(JobLookupError):
            scheduler.remove_job(OUTBOX_JOB)


@dataclass
class RunningScheduler:
    """A started scheduler and what it holds; `shutdown()` stops it all."""

    scheduler: AsyncIOScheduler
    leader: AdvisoryLeader | None = None
    bot: Bot | None = None
    closers: list[Any] = field(default_factory=list)

    def wake_outbox(self) -> None:
        """Run the outbox job now (after an enqueue) instead of at its next interval."""
        with contextlib.suppress(JobLookupError):
            self.scheduler.modify_job(OUTBOX_JOB, next_run_time=datetime.now(UTC))

    async def shutdown(self) -> None:
        if self.scheduler.running:
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
) -> RunningScheduler:
    """Start this process's scheduler (call inside the running event loop).

    send: this process also drains the outbox (through its own retry-free Bot). leader: on
    PostgreSQL wait for the advisory lock first (returns once this process leads).
    """
    lock: AdvisoryLeader | None = None
    if leader and needs_leader(settings.db.url):
        lock = AdvisoryLeader(settings.db.url)
        await lock.acquire()
    runtime = jobs.Runtime(
        session_factory=session_factory,
        plan=plan,
        i18n=i18n,
        options=jobs.DigestOptions.from_settings(settings),
    )
    bot: Bot | None = None
    if send:
        from scheduler.outbox import OutboxSender, create_outbox_bot

        bot = create_outbox_bot(settings)
        sender = OutboxSender(session_factory, bot)
        runtime.drain = sender.drain
    scheduler = create_scheduler(settings.db.url)
    running = RunningScheduler(scheduler=scheduler, leader=lock, bot=bot)
    if send:
        runtime.wake = running.wake_outbox
    jobs.configure(runtime)
    try:
        schedule_jobs(scheduler, intervals, drains=send)
        scheduler.start()
    except BaseException:
        await running.shutdown()
        raise
    log.info("Scheduler started (jobs: %s)", ", ".join(j.id for j in scheduler.get_jobs()))
    return running


async def run_scheduler(settings: Settings) -> None:
    """`fieldbot scheduler`: the scheduler (and the outbox sender) alone, until SIGTERM/SIGINT."""
    from bot.i18n import create_i18n
    from bot.indicators.plan import load_plan
    from models.db import check_database, create_engine, create_session_factory

    engine = create_engine(
        settings.db.url, echo=settings.db.echo, busy_timeout_ms=settings.db.busy_timeout_ms
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await check_database(engine)
        running = await start_scheduler(
            settings,
            session_factory=create_session_factory(engine),
            plan=load_plan(settings.plan_file),
            i18n=create_i18n(settings.default_locale),
            leader=True,
        )
        try:
            await stop.wait()
        finally:
            await running.shutdown()
    finally:
        await engine.dispose()


__all__ = [
    "DIGEST_JOB",
    "JOBSTORE_TABLE",
    "OUTBOX_JOB",
    "REMINDER_JOB",
    "Intervals",
    "RunningScheduler",
    "create_scheduler",
    "run_scheduler",
    "schedule_jobs",
    "start_scheduler",
    "sync_url",
]

"""Is this fieldbot ready: the checks behind `/readyz` (bot.health) and `fieldbot status`.

    database    reachable within a few seconds;
    migrations  at the revision this version of fieldbot needs;
    scheduler   every scheduled job succeeded within twice its interval, and the scheduler's
                own heartbeat too (models.jobruns, written by scheduler.guard's Watchdog);
                these rows are shared: every worker reports the one scheduler of the database;
    outbox      the oldest due pending message has waited less than
                FIELDBOT_HEALTH__OUTBOX_MAX_AGE_SECONDS (the sender is draining);
    redis       (only when FIELDBOT_REDIS_URL is set) answers a PING within a few seconds:
                every update takes its chat's lock there, so without it none is handled.

Each is named with what is wrong, in English, for the operator. No web server and no Bot API
client here: `fieldbot status` runs these checks and loads neither.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import redaction
from bot.settings import Settings
from models import jobruns
from models.db import current_head, current_revision
from models.outbox import counts_by_status, oldest_due_seconds

# A database that does not answer within this time is reported unreachable.
CHECK_TIMEOUT_S = 5.0
NOT_CHECKED = "not checked: the database cannot be reached"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: not checked (what it needs failed first)
    detail: str


@dataclass(frozen=True)
class Readiness:
    checks: tuple[Check, ...]

    @property
    def ready(self) -> bool:
        return all(check.ok for check in self.checks)

    def problems(self) -> list[str]:
        """One line for each check that failed: "scheduler: ..."."""
        return [f"{check.name}: {check.detail}" for check in self.checks if check.ok is False]

    def as_json(self) -> dict[str, Any]:
        return {
            "ready": self.ready,
            "problems": self.problems(),
            "checks": {
                check.name: {"ok": check.ok, "detail": check.detail} for check in self.checks
            },
        }


def _reason(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return f"no answer within {CHECK_TIMEOUT_S:.0f} s"
    orig = getattr(error, "orig", None)
    cause = orig if isinstance(orig, BaseException) else error
    lines = str(cause).strip().splitlines()
    first = f"{type(cause).__name__}: {lines[0]}" if lines else type(cause).__name__
    return redaction.redact(first)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "never"


def scheduler_check(jobs: list[jobruns.JobHealth]) -> Check:
    if not jobs:
        return Check(
            "scheduler",
            False,
            "no scheduler has run on this database yet: run `fieldbot run` (which runs it "
            "in-process unless FIELDBOT_SCHEDULER_IN_PROCESS=false) or `fieldbot scheduler`",
        )
    heart = next((job for job in jobs if job.job_id == jobruns.SCHEDULER_ROW), None)
    if heart is not None and heart.late:
        return Check(
            "scheduler",
            False,
            f"the scheduler's heartbeat stopped (last {_when(heart.last_success_at)}, expected "
            f"every {heart.interval_seconds} s): is the process that runs it alive?",
        )
    late = [job for job in jobs if job.late and job.job_id != jobruns.SCHEDULER_ROW]
    if late:
        named = "; ".join(
            f"{job.job_id} (every {job.interval_seconds} s, last success "
            f"{_when(job.last_success_at)}"
            + (
                f", {job.consecutive_failures} failures: {job.last_error}"
                if job.last_error
                else ""
            )
            + ")"
            for job in late
        )
        return Check("scheduler", False, f"late jobs: {named}")
    count = sum(1 for job in jobs if job.job_id != jobruns.SCHEDULER_ROW)
    return Check("scheduler", True, f"{count} jobs on time")


def outbox_check(oldest_due: float | None, pending: int, limit: float) -> Check:
    if oldest_due is not None and oldest_due > limit:
        return Check(
            "outbox",
            False,
            f"the oldest due message has waited {oldest_due:.0f} s (limit {limit:.0f} s): is "
            "the outbox sender running? `fieldbot outbox --status pending` lists them",
        )
    waited = f", the oldest due waited {oldest_due:.0f} s" if oldest_due is not None else ""
    return Check("outbox", True, f"{pending} pending{waited}")


async def redis_check(url: str) -> Check:
    """Redis answers a PING in time (each update's chat lock is taken there)."""
    # Loaded only when FIELDBOT_REDIS_URL is set: most installations have no Redis.
    from redis.asyncio import Redis

    client: Redis = Redis.from_url(url, socket_connect_timeout=CHECK_TIMEOUT_S)
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            await client.ping()
    except Exception as error:
        return Check(
            "redis",
            False,
            f"cannot reach Redis ({_reason(error)}): no update can take its chat's lock, so "
            "none is handled; check FIELDBOT_REDIS_URL and the Redis server",
        )
    finally:
        with contextlib.suppress(Exception):
            await client.aclose()
    return Check("redis", True, "reachable")


async def check_readiness(
    settings: Settings,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    *,
    now: datetime,
) -> Readiness:
    """Every readiness check (see the module docstring), each named with what is wrong."""
    checks = await _database_checks(settings, engine, session_factory, now=now)
    if settings.redis_url:
        checks = (*checks, await redis_check(settings.redis_url))
    return Readiness(checks)


async def _database_checks(
    settings: Settings,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    *,
    now: datetime,
) -> tuple[Check, ...]:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            revision = await current_revision(engine)
    except Exception as error:
        return (
            Check("database", False, f"cannot reach the database ({_reason(error)})"),
            Check("migrations", None, NOT_CHECKED),
            Check("scheduler", None, NOT_CHECKED),
            Check("outbox", None, NOT_CHECKED),
        )
    checks = [Check("database", True, "reachable")]
    needed = current_head()
    if revision == needed:
        checks.append(Check("migrations", True, f"at {needed}"))
    else:
        checks.append(
            Check(
                "migrations",
                False,
                (
                    f"the database is at {revision}, this version needs {needed}: run "
                    "`fieldbot db backup` then `fieldbot db upgrade` (if it is newer: run the "
                    "newer fieldbot, or restore a backup)"
                )
                if revision
                else f"the database has never been migrated (this version needs {needed}): "
                "run `fieldbot db upgrade`",
            )
        )
        return (
            *checks,
            Check("scheduler", None, "not checked: the schema is not current"),
            Check("outbox", None, "not checked: the schema is not current"),
        )
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S), session_factory() as session:
            jobs = await jobruns.job_health(session, now=now)
            oldest = await oldest_due_seconds(session, now=now)
            pending = (await counts_by_status(session)).get("pending", 0)
    except Exception as error:
        checks[0] = Check("database", False, f"a query failed ({_reason(error)})")
        checks += [Check("scheduler", None, NOT_CHECKED), Check("outbox", None, NOT_CHECKED)]
        return tuple(checks)
    checks.append(scheduler_check(jobs))
    checks.append(outbox_check(oldest, pending, settings.health.outbox_max_age_seconds))
    return tuple(checks)


__all__ = [
    "CHECK_TIMEOUT_S",
    "Check",
    "Readiness",
    "check_readiness",
    "outbox_check",
    "redis_check",
    "scheduler_check",
]

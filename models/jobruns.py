"""Job run bookkeeping (table job_runs) and the scheduler's housekeeping queries.

Like models.queries: plain async functions over an AsyncSession that never commit (the caller's
unit of work, `models.uow.run_transaction`, does), returning plain dataclasses.

Lateness: a job is late when its last success (or, if it never succeeded, the start of the
scheduler that runs it) is older than twice its interval. The scheduler's own row
(`SCHEDULER_ROW`) holds when the running scheduler started (last_started_at) and its latest
liveness heartbeat (last_success_at): a scheduler that stopped altogether shows as late itself,
and a job that has not yet had a chance to run after a restart is not reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from bot.redaction import hide_row_values
from models.tables import JobRun, ProcessedUpdate
from models.upsert import upsert

# The scheduler itself: started at last_started_at, alive at last_success_at (heartbeat).
SCHEDULER_ROW = "fieldbot.scheduler"
ERROR_LENGTH = 1024
LATE_FACTOR = 2


@dataclass(frozen=True)
class JobHealth:
    """One job's last runs and whether it is late (see the module docstring)."""

    job_id: str
    interval_seconds: int
    last_started_at: datetime | None
    last_success_at: datetime | None
    last_failure_at: datetime | None
    last_error: str | None
    consecutive_failures: int
    late: bool
    # Since when the job should have succeeded again (None: nothing to measure from yet).
    due_since: datetime | None


def _aware(value: datetime, name: str) -> None:
    if value.tzinfo is None:
        raise ValueError(f"{name} must be an aware datetime")


def is_late(
    *,
    interval_seconds: int,
    last_success_at: datetime | None,
    scheduler_started_at: datetime | None,
    now: datetime,
) -> bool:
    """Pure: no success for twice the interval, counted from the later of the last success and
    the scheduler's start (a job just registered after a restart is not late)."""
    reference = max(
        (t for t in (last_success_at, scheduler_started_at) if t is not None), default=None
    )
    if reference is None:
        return False
    return now - reference > timedelta(seconds=LATE_FACTOR * interval_seconds)


def _error_text(error: BaseException) -> str:
    text = hide_row_values(f"{type(error).__name__}: {error}")
    return text if len(text) <= ERROR_LENGTH else text[: ERROR_LENGTH - 1] + "…"


async def register_jobs(
    session: AsyncSession, intervals: dict[str, int], *, scheduler_started_at: datetime
) -> None:
    """At a scheduler's start: one row per job (interval updated, history kept), and the
    scheduler's row with its start time. Rows of jobs this scheduler does not run (the outbox
    sender, when another process sends) are dropped, or they would look late forever."""
    _aware(scheduler_started_at, "scheduler_started_at")
    table = cast("Any", JobRun.__table__)
    await session.execute(
        delete(JobRun)
        .where(JobRun.job_id.not_in(list(intervals)))
        .execution_options(synchronize_session=False)
    )
    for job_id, seconds in intervals.items():
        values: dict[str, Any] = {"job_id": job_id, "interval_seconds": int(seconds)}
        changes: dict[str, Any] = {"interval_seconds": int(seconds)}
        if job_id == SCHEDULER_ROW:
            values |= {"last_started_at": scheduler_started_at, "consecutive_failures": 0}
            changes |= {"last_started_at": scheduler_started_at}
        else:
            values["consecutive_failures"] = 0
        await session.execute(upsert(session, table, values, conflict=["job_id"], update=changes))


async def _upsert_run(
    session: AsyncSession,
    job_id: str,
    interval_seconds: int,
    changes: dict[str, Any],
) -> None:
    """Apply `changes` to the job's row, creating it if the start-up registration was missed."""
    table = cast("Any", JobRun.__table__)
    values = {
        "job_id": job_id,
        "interval_seconds": int(interval_seconds),
        "consecutive_failures": 0,
        **changes,
    }
    await session.execute(upsert(session, table, values, conflict=["job_id"], update=changes))


async def record_start(
    session: AsyncSession, job_id: str, *, interval_seconds: int, now: datetime
) -> None:
    """A run of `job_id` begins."""
    _aware(now, "now")
    await _upsert_run(session, job_id, interval_seconds, {"last_started_at": now})


async def record_success(
    session: AsyncSession, job_id: str, *, interval_seconds: int, now: datetime
) -> None:
    """A run of `job_id` succeeded (for the scheduler's row: its heartbeat)."""
    _aware(now, "now")
    changes = {"last_success_at": now, "consecutive_failures": 0}
    await _upsert_run(session, job_id, interval_seconds, changes)


async def record_failure(
    session: AsyncSession,
    job_id: str,
    error: BaseException,
    *,
    interval_seconds: int,
    now: datetime,
) -> None:
    """A run of `job_id` failed with `error` (its class and message are kept, cut to fit)."""
    _aware(now, "now")
    changes = {
        "last_failure_at": now,
        "last_error": _error_text(error),
        "consecutive_failures": JobRun.__table__.c.consecutive_failures + 1,
    }
    insert_values = changes | {"consecutive_failures": 1}
    table = cast("Any", JobRun.__table__)
    values = {"job_id": job_id, "interval_seconds": int(interval_seconds), **insert_values}
    await session.execute(upsert(session, table, values, conflict=["job_id"], update=changes))


async def job_health(session: AsyncSession, *, now: datetime) -> list[JobHealth]:
    """Every recorded job (the scheduler's own row first), with its lateness at `now`."""
    _aware(now, "now")
    rows = (await session.execute(select(JobRun).order_by(JobRun.job_id))).scalars().all()
    started = next((r.last_started_at for r in rows if r.job_id == SCHEDULER_ROW), None)
    result: list[JobHealth] = []
    for row in sorted(rows, key=lambda r: (r.job_id != SCHEDULER_ROW, r.job_id)):
        # The scheduler's row is measured from its own start; the jobs from the scheduler's.
        since = row.last_started_at if row.job_id == SCHEDULER_ROW else started
        reference = max((t for t in (row.last_success_at, since) if t is not None), default=None)
        result.append(
            JobHealth(
                job_id=row.job_id,
                interval_seconds=row.interval_seconds,
                last_started_at=row.last_started_at,
                last_success_at=row.last_success_at,
                last_failure_at=row.last_failure_at,
                last_error=row.last_error,
                consecutive_failures=row.consecutive_failures,
                late=is_late(
                    interval_seconds=row.interval_seconds,
                    last_success_at=row.last_success_at,
                    scheduler_started_at=since,
                    now=now,
                ),
                due_since=reference,
            )
        )
    return result


# --- Processed updates --------------------------------------------------------------------


@dataclass(frozen=True)
class PruneBatch:
    deleted: int
    # Of which rows still holding replies never delivered (stale: past the dedupe window).
    undelivered: int


async def prune_processed_updates_batch(
    session: AsyncSession, *, older_than: datetime, limit: int
) -> PruneBatch:
    """Forget at most `limit` of the oldest update ids processed before `older_than` (whether or
    not their stored replies were delivered: past the window they are stale)."""
    _aware(older_than, "older_than")
    if limit < 1:
        raise ValueError("limit must be at least 1")
    keys = (
        await session.execute(
            select(
                ProcessedUpdate.bot_id,
                ProcessedUpdate.update_id,
                # Loaded, not tested in SQL: JSON 'null' and SQL NULL both mean "none left".
                ProcessedUpdate.replies,
            )
            .where(ProcessedUpdate.processed_at < older_than)
            .order_by(ProcessedUpdate.processed_at)
            .limit(limit)
        )
    ).all()
    if not keys:
        return PruneBatch(0, 0)
    result = await session.execute(
        delete(ProcessedUpdate)
        .where(
            tuple_(ProcessedUpdate.bot_id, ProcessedUpdate.update_id).in_(
                [(bot_id, update_id) for bot_id, update_id, _ in keys]
            )
        )
        .execution_options(synchronize_session=False)
    )
    deleted = cast("CursorResult[Any]", result).rowcount or 0
    return PruneBatch(deleted, sum(1 for *_, replies in keys if replies))


__all__ = [
    "LATE_FACTOR",
    "SCHEDULER_ROW",
    "JobHealth",
    "PruneBatch",
    "is_late",
    "job_health",
    "prune_processed_updates_batch",
    "record_failure",
    "record_start",
    "record_success",
    "register_jobs",
]

"""Prometheus metrics (`/metrics`, text format), in a registry of each process's own.

Two kinds of numbers:

- counted as they happen, in this process: updates by kind and outcome, how long each took,
  Bot API errors by method and code, retries (of Bot API calls, and of updates after a
  transient database error);
- read from the database at each scrape (`Metrics.refresh`), so every worker reports the same
  and a restart loses nothing: outbox messages by status and the age of the oldest due one, each
  job's last success, reports by kind.

Each `Metrics` has its own `CollectorRegistry` (never prometheus_client's global one), so tests
can build several apps in one process.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update, User
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import OutboxStatus
from bot.logs import update_context
from models import jobruns
from models.outbox import oldest_due_seconds
from models.tables import Report

log = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_LATEST
# Handler latency: a reply within a second is what a user notices.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class Metrics:
    """Every metric of one process (one App, or one `fieldbot scheduler`)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.updates = Counter(
            "fieldbot_updates",
            "Updates handled, by kind (message, callback_query, ...) and outcome "
            "(handled, unhandled, duplicate, error)",
            ["kind", "outcome"],
            registry=r,
        )
        self.update_seconds = Histogram(
            "fieldbot_update_duration_seconds",
            "Time to handle one update, replies included, by kind",
            ["kind"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.update_retries = Counter(
            "fieldbot_update_retries",
            "Updates run again after a transient database error",
            registry=r,
        )
        self.api_errors = Counter(
            "fieldbot_bot_api_errors",
            "Bot API calls that failed, by method and code (400, 403, 429, 5xx, network, ...)",
            ["method", "code"],
            registry=r,
        )
        self.api_retries = Counter(
            "fieldbot_bot_api_retries",
            "Bot API calls tried again, by method and reason (429, 5xx, network)",
            ["method", "reason"],
            registry=r,
        )
        self.outbox_messages = Gauge(
            "fieldbot_outbox_messages",
            "Outbox messages by status (pending, sending, sent, failed, blocked)",
            ["status"],
            registry=r,
        )
        self.outbox_oldest_due = Gauge(
            "fieldbot_outbox_oldest_due_seconds",
            "How long the oldest due pending outbox message has waited (0: none)",
            registry=r,
        )
        self.job_last_success = Gauge(
            "fieldbot_job_last_success_timestamp_seconds",
            "When each scheduled job last succeeded (Unix time; 0: never)",
            ["job"],
            registry=r,
        )
        self.job_late = Gauge(
            "fieldbot_job_late",
            "1 when a job has not succeeded for twice its interval",
            ["job"],
            registry=r,
        )
        self.reports = Gauge(
            "fieldbot_reports",
            "Reports submitted (stored in the database), by kind",
            ["kind"],
            registry=r,
        )
        self.scrape_errors = Counter(
            "fieldbot_metrics_database_errors",
            "Scrapes whose database figures could not be read",
            registry=r,
        )

    def api_error(self, method: str, code: str) -> None:
        self.api_errors.labels(method=method, code=code).inc()

    def api_retry(self, method: str, reason: str) -> None:
        self.api_retries.labels(method=method, reason=reason).inc()

    async def refresh(
        self, session_factory: async_sessionmaker[AsyncSession], *, now: datetime
    ) -> None:
        """Read the database's figures into the gauges (one short read-only transaction)."""
        async with session_factory() as session:
            figures = await read_figures(session, now=now)
        for status in OutboxStatus:
            self.outbox_messages.labels(status=status.value).set(
                figures.outbox.get(status.value, 0)
            )
        self.outbox_oldest_due.set(figures.oldest_due_seconds or 0.0)
        for job in figures.jobs:
            success = job.last_success_at.timestamp() if job.last_success_at else 0.0
            self.job_last_success.labels(job=job.job_id).set(success)
            self.job_late.labels(job=job.job_id).set(1 if job.late else 0)
        for kind, count in figures.reports.items():
            self.reports.labels(kind=kind).set(count)

    async def render(
        self, session_factory: async_sessionmaker[AsyncSession] | None, *, now: datetime
    ) -> bytes:
        """The text exposition; the database's figures refreshed first (a failure is counted
        and logged, and the counters are still served)."""
        if session_factory is not None:
            try:
                await self.refresh(session_factory, now=now)
            except Exception as error:
                self.scrape_errors.inc()
                log.warning("Metrics: could not read the database (%s)", type(error).__name__)
        return generate_latest(self.registry)


@dataclass(frozen=True)
class Figures:
    outbox: dict[str, int]
    oldest_due_seconds: float | None  # None: nothing due
    jobs: list[jobruns.JobHealth]
    reports: dict[str, int]


async def read_figures(session: AsyncSession, *, now: datetime) -> Figures:
    from models.outbox import counts_by_status

    outbox = await counts_by_status(session)
    oldest = await oldest_due_seconds(session, now=now)
    jobs = await jobruns.job_health(session, now=now)
    rows = await session.execute(select(Report.kind, func.count()).group_by(Report.kind))
    reports = {str(kind): int(count) for kind, count in rows.all()}
    return Figures(outbox=outbox, oldest_due_seconds=oldest, jobs=jobs, reports=reports)


# --- Updates ------------------------------------------------------------------------------


def user_hasher(token: str) -> Callable[[int], str]:
    """A stable, keyed hash of a Telegram user id for the logs (never the id itself).

    Keyed with the bot token: the same person has the same hash across restarts and workers,
    and nobody without the token can find an id from its hash by trying every id.
    """
    key = hashlib.sha256(b"fieldbot-log-user:" + token.encode()).digest()

    def hashed(user_id: int) -> str:
        return hmac.new(key, str(user_id).encode(), hashlib.sha256).hexdigest()[:12]

    return hashed


@dataclass
class Observation:
    """Shared by the outer and inner middlewares of one update (the data dicts differ)."""

    handler: str | None = None
    outcome: str | None = None  # set by the unit of work for a redelivered update


class ObserveUpdateMiddleware(BaseMiddleware):
    """Outermost: times the update, counts its outcome, writes its one log line.

    It decides nothing and changes nothing: it injects `observation` (the unit of work marks a
    duplicate there, the handler's name is noted by NoteHandlerMiddleware) and measures.
    """

    def __init__(self, metrics: Metrics, *, token: str) -> None:
        self.metrics = metrics
        self.hash_user = user_hasher(token)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        kind = _kind(event)
        from_user: User | None = data.get("event_from_user")
        user_hash = self.hash_user(from_user.id) if from_user is not None else None
        observation = data["observation"] = Observation()
        started = time.perf_counter()
        outcome = "error"
        with update_context(update_id=event.update_id, user=user_hash):
            try:
                result = await handler(event, data)
                outcome = observation.outcome or (
                    "unhandled" if result is UNHANDLED else "handled"
                )
                return result
            finally:
                duration = time.perf_counter() - started
                self.metrics.updates.labels(kind=kind, outcome=outcome).inc()
                self.metrics.update_seconds.labels(kind=kind).observe(duration)
                log.info(
                    "Update %s (%s) %s by %s in %.1f ms",
                    event.update_id,
                    kind,
                    outcome,
                    observation.handler or "-",
                    duration * 1000,
                    extra={
                        "handler": observation.handler,
                        "duration_ms": round(duration * 1000, 1),
                        "outcome": outcome,
                        "kind": kind,
                    },
                )


class NoteHandlerMiddleware(BaseMiddleware):
    """Inner: notes which handler took the update (for its log line)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        observation: Observation | None = data.get("observation")
        handler_object = data.get("handler")
        if observation is not None and handler_object is not None:
            callback = handler_object.callback
            module = str(getattr(callback, "__module__", "")).removeprefix("handlers.")
            name = getattr(callback, "__qualname__", type(callback).__name__)
            observation.handler = f"{module}.{name}" if module else name
        return await handler(event, data)


def _kind(update: Update) -> str:
    try:
        return update.event_type
    except Exception:  # an update of no known kind (aiogram raises)
        return "unknown"


def instrument(dispatcher: Any, metrics: Metrics, *, token: str) -> None:
    """Register the observers on a Dispatcher: call before any other outer middleware."""
    dispatcher["metrics"] = metrics
    dispatcher.update.outer_middleware(ObserveUpdateMiddleware(metrics, token=token))
    note = NoteHandlerMiddleware()
    for observer in (dispatcher.message, dispatcher.callback_query, dispatcher.my_chat_member):
        observer.middleware(note)


__all__ = [
    "CONTENT_TYPE",
    "Metrics",
    "NoteHandlerMiddleware",
    "ObserveUpdateMiddleware",
    "instrument",
    "read_figures",
    "user_hasher",
]

"""The outbox: messages the bot owes people, stored before they are sent.

A job (weekly digest, reminder, ...) enqueues a row per recipient; the outbox sender
(scheduler.outbox) claims due rows, sends them and records the outcome. The unique key
(recipient_telegram_id, kind, period) makes a second enqueue of the same message a no-op, so a
job that runs twice (a restart, two workers) still produces one message.

Like models.queries: plain async functions over an AsyncSession that never commit, returning
frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.domain.enums import OutboxKind, OutboxStatus
from models.tables import OutboxMessage
from models.upsert import dialect_name

# last_error is a String(1024): Telegram's descriptions are short, network errors may not be.
_ERROR_LENGTH = 1024
# Statuses a sender may still change; sent, failed and blocked are final.
_OPEN = (OutboxStatus.PENDING.value, OutboxStatus.SENDING.value)


@dataclass(frozen=True)
class OutboxView:
    id: int
    recipient_telegram_id: int
    recipient_user_id: int | None
    kind: str
    period: str
    payload: Mapping[str, Any]
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    telegram_message_id: int | None


def _view(row: OutboxMessage) -> OutboxView:
    return OutboxView(
        id=row.id,
        recipient_telegram_id=row.recipient_telegram_id,
        recipient_user_id=row.recipient_user_id,
        kind=row.kind,
        period=row.period,
        payload=dict(row.payload or {}),
        status=OutboxStatus(row.status),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        created_at=row.created_at,
        sent_at=row.sent_at,
        telegram_message_id=row.telegram_message_id,
    )


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


def _clip(error: str) -> str:
    return error if len(error) <= _ERROR_LENGTH else error[: _ERROR_LENGTH - 1] + "…"


async def enqueue(
    session: AsyncSession,
    *,
    recipient_telegram_id: int,
    recipient_user_id: int | None,
    kind: str,
    period: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> bool:
    """Add a message to the outbox, due now; True if a row was created, False if it existed.

    INSERT ... ON CONFLICT DO NOTHING on (recipient, kind, period): two jobs enqueueing the
    same message at the same moment also end with one row, without an error in either.
    """
    _require_aware(now, "now")
    values: dict[str, Any] = {
        "recipient_telegram_id": recipient_telegram_id,
        "recipient_user_id": recipient_user_id,
        "kind": kind,
        "period": period,
        "payload": dict(payload),
        "status": OutboxStatus.PENDING.value,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    key = ["recipient_telegram_id", "kind", "period"]
    name = dialect_name(session)
    if name == "postgresql":
        pg = postgresql.insert(OutboxMessage).values(values)
        statement = pg.on_conflict_do_nothing(index_elements=key).returning(OutboxMessage.id)
    elif name == "sqlite":
        lite = sqlite.insert(OutboxMessage).values(values)
        statement = lite.on_conflict_do_nothing(index_elements=key).returning(OutboxMessage.id)
    else:  # pragma: no cover - the two supported dialects are above
        raise NotImplementedError(f"enqueue is not implemented for the {name!r} dialect")
    created = (await session.execute(statement)).scalar_one_or_none()
    return created is not None


async def enqueue_replies(
    session: AsyncSession,
    *,
    update_id: int,
    calls: Sequence[tuple[int, Mapping[str, Any]]],
    now: datetime,
) -> int:
    """Queue the replies an update still owes, as (chat id, stored call) pairs
    (bot.ui.replies.dump_method), one row each, in order, due now; returns how many rows were
    created (a second enqueue of the same update creates none)."""
    created = 0
    for index, (chat_id, call) in enumerate(calls):
        created += await enqueue(
            session,
            recipient_telegram_id=chat_id,
            recipient_user_id=None,
            kind=OutboxKind.REPLY.value,
            period=f"{update_id}.{index}",
            payload={"call": dict(call)},
            now=now,
        )
    return created


def in_turn() -> ColumnElement[bool]:
    """A row its sender may take when it is due: a chat's owed replies go one at a time,
    oldest first, so one is in turn only when no earlier one of that chat is still open
    (waiting for a retry, or being sent). What reads the outbox as its sender does (claims,
    readiness, metrics) asks this too."""
    earlier = aliased(OutboxMessage)
    reply = OutboxKind.REPLY.value
    return or_(
        OutboxMessage.kind != reply,
        ~exists().where(
            earlier.recipient_telegram_id == OutboxMessage.recipient_telegram_id,
            earlier.kind == reply,
            earlier.status.in_(_OPEN),
            earlier.id < OutboxMessage.id,
        ),
    )


async def claim_due(
    session: AsyncSession, *, now: datetime, limit: int, lease_seconds: float
) -> list[OutboxView]:
    """Take up to `limit` due rows for sending: they become "sending" until now + lease.

    Due: pending with next_attempt_at <= now, or sending whose lease has run out (the sender
    that held it died). One UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)
    RETURNING: on PostgreSQL two senders claiming at once skip each other's rows instead of
    waiting for them or taking them twice; on SQLite (no FOR UPDATE) the statement runs under
    the database's single writer lock, which gives the same guarantee. The caller commits
    right away so that the lease is visible to other senders.
    """
    _require_aware(now, "now")
    if limit <= 0:
        return []
    lease_until = now + timedelta(seconds=lease_seconds)
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status.in_(_OPEN), OutboxMessage.next_attempt_at <= now, in_turn())
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(status=OutboxStatus.SENDING.value, next_attempt_at=lease_until)
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    rows = (await session.execute(statement)).scalars().all()
    return sorted((_view(row) for row in rows), key=lambda view: view.id)


def _by_lease(leases: Mapping[int, datetime]) -> dict[datetime, list[int]]:
    """Row ids grouped by the lease end their sender holds (rows claimed together share one)."""
    groups: dict[datetime, list[int]] = {}
    for outbox_id, lease_until in leases.items():
        _require_aware(lease_until, "a lease end")
        groups.setdefault(lease_until, []).append(outbox_id)
    return groups


async def _update_held(
    session: AsyncSession, leases: Mapping[int, datetime], **values: Any
) -> list[int]:
    """Set `values` on the rows this sender still holds (status sending, its lease end)."""
    changed: list[int] = []
    for held_until, ids in _by_lease(leases).items():
        result = await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(ids),
                OutboxMessage.status == OutboxStatus.SENDING.value,
                OutboxMessage.next_attempt_at == held_until,
            )
            .values(**values)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
        changed.extend(result.scalars().all())
    return changed


async def renew(
    session: AsyncSession,
    leases: Mapping[int, datetime],
    *,
    now: datetime,
    lease_seconds: float,
) -> tuple[datetime, set[int]]:
    """Extend the leases a sender holds to now + lease_seconds; returns that end and the ids kept.

    `leases` maps each row to the lease end this sender last wrote: it is the sender's token. A
    row whose lease ran out and was claimed by another sender (or that was finished) has another
    end or status, so it is not renewed, and the caller learns that the row is no longer its own.
    """
    _require_aware(now, "now")
    lease_until = now + timedelta(seconds=lease_seconds)
    kept = await _update_held(session, leases, next_attempt_at=lease_until)
    return lease_until, set(kept)


async def release(session: AsyncSession, leases: Mapping[int, datetime], *, now: datetime) -> int:
    """Give claimed rows that were never sent back to the queue, due now; returns how many.

    A sender that stops cleanly releases what it claimed but did not start sending, so another
    sender does not have to wait for the lease to run out. `leases` is as for `renew`: a row
    another sender has taken over since is left alone. Attempts are not counted.
    """
    _require_aware(now, "now")
    released = await _update_held(
        session, leases, status=OutboxStatus.PENDING.value, next_attempt_at=now
    )
    return len(released)


async def mark_sent(
    session: AsyncSession, outbox_id: int, *, telegram_message_id: int | None, now: datetime
) -> None:
    """Telegram accepted the message (None: a call that makes no message, such as an owed
    reply's edit or deletion). Final; a row already marked sent keeps its first record."""
    _require_aware(now, "now")
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, OutboxMessage.status != OutboxStatus.SENT.value)
        .values(
            status=OutboxStatus.SENT.value,
            sent_at=now,
            telegram_message_id=telegram_message_id,
            last_error=None,
        )
        .execution_options(synchronize_session=False)
    )


async def mark_retry(
    session: AsyncSession, outbox_id: int, *, error: str, next_attempt_at: datetime
) -> None:
    """A failed attempt that may succeed later (5xx, timeout): attempts + 1, pending again."""
    _require_aware(next_attempt_at, "next_attempt_at")
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, OutboxMessage.status.in_(_OPEN))
        .values(
            status=OutboxStatus.PENDING.value,
            attempts=OutboxMessage.attempts + 1,
            next_attempt_at=next_attempt_at,
            last_error=_clip(error),
        )
        .execution_options(synchronize_session=False)
    )


async def _finish(session: AsyncSession, outbox_id: int, status: OutboxStatus, error: str) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, OutboxMessage.status.in_(_OPEN))
        .values(status=status.value, attempts=OutboxMessage.attempts + 1, last_error=_clip(error))
        .execution_options(synchronize_session=False)
    )


async def mark_failed(session: AsyncSession, outbox_id: int, *, error: str) -> None:
    """Telegram refused the message for good (400 and friends), or attempts ran out. Final."""
    await _finish(session, outbox_id, OutboxStatus.FAILED, error)


async def mark_blocked(session: AsyncSession, outbox_id: int, *, error: str) -> None:
    """The recipient blocked the bot (403). Final; the caller also marks the user inactive."""
    await _finish(session, outbox_id, OutboxStatus.BLOCKED, error)


async def get_outbox(session: AsyncSession, outbox_id: int) -> OutboxView | None:
    row = await session.get(OutboxMessage, outbox_id, populate_existing=True)
    return None if row is None else _view(row)


async def list_outbox(
    session: AsyncSession, *, status: str | None, limit: int = 50
) -> list[OutboxView]:
    """The most recent rows first, optionally of one status (an OutboxStatus value)."""
    statement = (
        select(OutboxMessage)
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    if status is not None:
        statement = statement.where(OutboxMessage.status == OutboxStatus(status).value)
    rows = (await session.execute(statement)).scalars()
    return [_view(row) for row in rows]


async def counts_by_status(session: AsyncSession) -> dict[str, int]:
    """How many rows have each status; every status is present (0 when there is none)."""
    statement = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    counts = {status.value: 0 for status in OutboxStatus}
    for status, count in (await session.execute(statement)).all():
        counts[str(status)] = int(count)
    return counts


async def next_due_at(session: AsyncSession) -> datetime | None:
    """When the earliest open row (pending, or sending with a lease) falls due; None if none.
    An owed reply waiting for the one before it falls due with that one (in_turn)."""
    statement = select(func.min(OutboxMessage.next_attempt_at)).where(
        OutboxMessage.status.in_(_OPEN), in_turn()
    )
    value: datetime | None = (await session.execute(statement)).scalar_one_or_none()
    return value


async def oldest_due_seconds(session: AsyncSession, *, now: datetime) -> float | None:
    """How long the oldest pending outbox message has been due, or None when none is."""
    due: datetime | None = (
        await session.execute(
            select(func.min(OutboxMessage.next_attempt_at)).where(
                OutboxMessage.status == OutboxStatus.PENDING.value,
                OutboxMessage.next_attempt_at <= now,
                # An owed reply waiting for the one before it (a retry) is not late.
                in_turn(),
            )
        )
    ).scalar_one_or_none()
    if due is None:
        return None
    return max(0.0, (now - due).total_seconds())


__all__ = [
    "OutboxView",
    "claim_due",
    "counts_by_status",
    "enqueue",
    "enqueue_replies",
    "get_outbox",
    "in_turn",
    "list_outbox",
    "mark_blocked",
    "mark_failed",
    "mark_retry",
    "mark_sent",
    "next_due_at",
    "oldest_due_seconds",
    "release",
    "renew",
]

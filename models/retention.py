"""Retention: what the daily job forgets, a bounded batch at a time (see scheduler.jobs).

Like models.queries: plain async functions over an AsyncSession that never commit; the job runs
each batch in its own short transaction (models.uow.run_transaction), so a large purge never
holds SQLite's write lock for long. Processed update ids are pruned by
`models.jobruns.prune_processed_updates_batch`; the audit log is never purged.

- Outbox messages in a final state (sent, failed, blocked) keep their row and lose their
  payload. The row is the outbox's idempotency record: its key (recipient, kind, period) is what
  makes a job that runs again enqueue nothing, and a reminder's period (a silence episode) can
  stay due for months, so deleting the row could send the nudge again. What goes is what
  identifies or weighs: the text (names, mission details) and the chart (about 60 KB).
- Invitations are deleted some time after they expired or were revoked. Their uses go with them
  (invite_uses, ON DELETE CASCADE), a mission assignment keeps its volunteer and forgets the
  invitation (SET NULL), and the audit log still says who used or was refused which invitation.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, String, delete, func, or_, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import OutboxStatus
from models.tables import Invite, OutboxMessage

# Statuses no sender changes any more.
FINAL_STATUSES = (OutboxStatus.SENT.value, OutboxStatus.FAILED.value, OutboxStatus.BLOCKED.value)
# What a purged payload is: an empty object (the column is NOT NULL).
PURGED_PAYLOAD: dict[str, Any] = {}


def _check(before: datetime, limit: int) -> None:
    if before.tzinfo is None or before.utcoffset() is None:
        raise ValueError("the cutoff must be an aware datetime")
    if limit < 1:
        raise ValueError("limit must be at least 1")


def _rowcount(result: object) -> int:
    return cast("CursorResult[Any]", result).rowcount or 0


async def outbox_payloads_due(session: AsyncSession, *, before: datetime) -> list[int]:
    """The ids of final outbox messages sent (failed, blocked: made) before `before` that
    still hold a payload, oldest first. A read: run it outside the write transactions.

    One scan per retention run: testing a row reads its payload (and, on SQLite, the columns
    stored after it), so a query per batch would read every kept chart again each time."""
    if before.tzinfo is None or before.utcoffset() is None:
        raise ValueError("the cutoff must be an aware datetime")
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status.in_(FINAL_STATUSES),
            func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at) < before,
            # Compared as text: PostgreSQL's json type has no equality operator.
            sql_cast(OutboxMessage.payload, String) != "{}",
        )
        .order_by(OutboxMessage.id)
    )
    return list((await session.scalars(due)).all())


async def purge_outbox_payloads(session: AsyncSession, ids: Sequence[int]) -> int:
    """Empty the payload of these final outbox messages (one batch); returns how many."""
    if not ids:
        return 0
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(list(ids)), OutboxMessage.status.in_(FINAL_STATUSES))
        .values(payload=PURGED_PAYLOAD)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result)


async def delete_ended_invites_batch(
    session: AsyncSession, *, before: datetime, limit: int
) -> int:
    """Delete at most `limit` invitations that expired, or were revoked, before `before`;
    returns how many."""
    _check(before, limit)
    due = (
        select(Invite.id)
        .where(or_(Invite.expires_at < before, Invite.revoked_at < before))
        .order_by(Invite.id)
        .limit(limit)
    )
    ids = list((await session.scalars(due)).all())
    if not ids:
        return 0
    result = await session.execute(
        delete(Invite).where(Invite.id.in_(ids)).execution_options(synchronize_session=False)
    )
    return _rowcount(result)


__all__ = [
    "FINAL_STATUSES",
    "PURGED_PAYLOAD",
    "delete_ended_invites_batch",
    "outbox_payloads_due",
    "purge_outbox_payloads",
]

"""Readiness and metrics read the outbox's owed replies as its sender does: a chat's second
owed reply waits for the first (models.outbox.claim_due), so it is not late while the first
one waits for its retry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiogram.methods import SendMessage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.readiness import outbox_check
from bot.ui.replies import dump_method
from models import outbox
from models.outbox import oldest_due_seconds
from models.tables import OutboxMessage

QUEUED = datetime(2026, 12, 1, 9, tzinfo=UTC)
CHAT = 2001


async def test_a_reply_waiting_for_the_one_before_it_is_not_overdue(
    session: AsyncSession,
) -> None:
    """A Telegram outage of twenty minutes: the first of two owed replies is retried every
    five minutes; the second, due since it was queued, cannot go before it. Counted as due,
    readiness said the outbox sender was not running."""
    calls = [
        (CHAT, dump_method(SendMessage(chat_id=CHAT, text="Saved."))),
        (CHAT, dump_method(SendMessage(chat_id=CHAT, text="What next?"))),
    ]
    await outbox.enqueue_replies(session, update_id=41, calls=calls, now=QUEUED)
    first = (await session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id))).first()
    assert first is not None
    now = QUEUED + timedelta(minutes=20)
    await outbox.mark_retry(
        session, first, error="TelegramServerError", next_attempt_at=now + timedelta(minutes=5)
    )
    await session.commit()

    waited = await oldest_due_seconds(session, now=now)

    assert waited is None
    assert outbox_check(waited, 2, 900.0).ok
    claimed = await outbox.claim_due(session, now=now, limit=10, lease_seconds=60)
    assert claimed == []  # what the sender sees: nothing it may send yet


async def test_the_next_due_time_is_when_the_first_owed_reply_is_tried_again(
    session: AsyncSession,
) -> None:
    """`fieldbot digest --now` ends with when the outbox next has something to send: not the
    time a reply was queued that must wait for the one before it."""
    calls = [
        (CHAT, dump_method(SendMessage(chat_id=CHAT, text="Saved."))),
        (CHAT, dump_method(SendMessage(chat_id=CHAT, text="What next?"))),
    ]
    await outbox.enqueue_replies(session, update_id=42, calls=calls, now=QUEUED)
    first = (await session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id))).first()
    assert first is not None
    retry = QUEUED + timedelta(minutes=5)
    await outbox.mark_retry(session, first, error="TelegramServerError", next_attempt_at=retry)
    await session.commit()

    assert await outbox.next_due_at(session) == retry

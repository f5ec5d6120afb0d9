"""Processed update ids (dedupe) and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import AuditAction
from models.jobruns import prune_processed_updates_batch
from models.queries import (
    ProcessedUpdateView,
    add_audit,
    audit_entries,
    clear_replies,
    get_processed_update,
    record_processed_update,
)


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Every test here runs on SQLite and, when available, on PostgreSQL."""
    return any_db_url


NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
BOT = 123456789


async def test_a_recorded_update_is_known_per_bot(session: AsyncSession) -> None:
    assert await get_processed_update(session, BOT, 10) is None
    await record_processed_update(session, BOT, 10, NOW)
    await session.commit()
    assert await get_processed_update(session, BOT, 10) is not None
    assert await get_processed_update(session, BOT + 1, 10) is None
    assert await get_processed_update(session, BOT, 11) is None


async def _record_and_commit(session: AsyncSession, bot_id: int, update_id: int) -> None:
    await record_processed_update(session, bot_id, update_id, NOW)
    await session.commit()


async def test_a_concurrent_duplicate_fails_at_commit(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:

    async with session_factory() as first, session_factory() as second:
        await record_processed_update(first, BOT, 10, NOW)
        await first.commit()
        # The second delivery checked before the first committed, so it records the id too.
        await record_processed_update(second, BOT + 1, 10, NOW)
        with pytest.raises(IntegrityError):  # PostgreSQL: at once; SQLite: with the COMMIT
            await _record_and_commit(second, BOT, 10)
        await second.rollback()
        assert await get_processed_update(second, BOT + 1, 10) is None


async def test_the_replies_an_update_owes_are_kept_until_cleared(session: AsyncSession) -> None:
    owed = [{"method": "SendMessage", "args": {"chat_id": 7, "text": "Saved."}}]
    await record_processed_update(session, BOT, 20, NOW, owed)
    await record_processed_update(session, BOT, 21, NOW, [])
    await session.commit()
    assert (await get_processed_update(session, BOT, 20)) == ProcessedUpdateView(20, owed)
    assert (await get_processed_update(session, BOT, 21)) == ProcessedUpdateView(21, None)

    await clear_replies(session, BOT, [20])
    await session.commit()
    assert (await get_processed_update(session, BOT, 20)) == ProcessedUpdateView(20, None)


async def test_pruning_forgets_only_old_ids(session: AsyncSession) -> None:
    for update_id, age in ((1, 72), (2, 49), (3, 1)):
        await record_processed_update(session, BOT, update_id, NOW - timedelta(hours=age))
    await session.commit()

    pruned = await prune_processed_updates_batch(
        session, older_than=NOW - timedelta(hours=48), limit=10
    )
    assert pruned.deleted == 2
    await session.commit()
    assert [await get_processed_update(session, BOT, i) is not None for i in (1, 2, 3)] == [
        False,
        False,
        True,
    ]
    again = await prune_processed_updates_batch(
        session, older_than=NOW - timedelta(hours=48), limit=10
    )
    assert again.deleted == 0


async def test_naive_datetimes_are_refused(session: AsyncSession) -> None:
    with pytest.raises(ValueError, match="aware"):
        await record_processed_update(session, BOT, 1, datetime(2025, 1, 1))


async def test_audit_entries_newest_first_and_filtered(session: AsyncSession) -> None:
    await add_audit(session, actor_user_id=None, action=AuditAction.INVITE_CREATED)
    await add_audit(
        session,
        actor_user_id=None,
        action=AuditAction.USER_FORGOTTEN,
        target_type="user",
        target_id="42",
        details={"reports_anonymised": 3},
    )
    await add_audit(session, actor_user_id=None, action=AuditAction.INVITE_CREATED)
    await session.commit()

    everything = await audit_entries(session)
    assert [entry.action for entry in everything] == [
        AuditAction.INVITE_CREATED,
        AuditAction.USER_FORGOTTEN,
        AuditAction.INVITE_CREATED,
    ]
    forgotten = await audit_entries(session, action=AuditAction.USER_FORGOTTEN)
    assert len(forgotten) == 1
    entry = forgotten[0]
    assert (entry.target_type, entry.target_id, entry.details) == (
        "user",
        "42",
        {"reports_anonymised": 3},
    )
    assert entry.at.tzinfo is not None
    assert entry.at.utcoffset() == timedelta(0)
    assert len(await audit_entries(session, limit=2)) == 2

"""The audit entry of a flood: one row per account (or for everybody) and window, whatever the
number of attempts it refused (bot/throttle.py decides; these queries write).

Like models.queries: plain async functions over an AsyncSession that never commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import AuditAction
from models.tables import AuditEntry


async def open_flood_entry(
    session: AsyncSession,
    *,
    action: AuditAction,
    actor_user_id: int | None,
    details: Mapping[str, Any],
    now: datetime,
) -> int:
    """Append the audit entry of a flood that has just been stopped; returns its id.
    `details` must hold the attempts refused so far (ids, counts and codes, no free text)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    entry = AuditEntry(
        at=now,
        actor_user_id=actor_user_id,
        action=action.value,
        details=dict(details),
    )
    session.add(entry)
    await session.flush()
    return entry.id


async def count_flood(session: AsyncSession, entry_id: int, *, details: Mapping[str, Any]) -> bool:
    """Replace a flood entry's details with `details` if they count more refused attempts
    (concurrent workers may arrive out of order: the count only grows); True if changed."""
    attempts = int(details["attempts"])
    result = await session.execute(
        update(AuditEntry)
        .where(
            AuditEntry.id == entry_id,
            AuditEntry.details["attempts"].as_integer() < attempts,
        )
        .values(details=dict(details))
        .execution_options(synchronize_session=False)
    )
    return bool(cast("CursorResult[Any]", result).rowcount)


__all__ = ["count_flood", "open_flood_entry"]

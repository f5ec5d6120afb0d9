"""Bulk writes for the commands that load many rows at once (imports, demo data).

One statement per table, executed with a list of parameter sets (SQLAlchemy's "insertmanyvalues"
batches them into multi-row INSERTs), instead of one ORM object and one flush per row: a
10,000-row import then holds the database's write lock for about a second, not for minutes.
Like models.queries these never commit; the caller's short transaction does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from bot.domain.clock import utcnow
from bot.domain.enums import AuditAction
from models.tables import AuditEntry
from models.upsert import dialect_name

# Ids per IN (...) list when reading back what is stored: well under SQLite's and asyncpg's
# bound-parameter limits.
READ_BATCH = 500


@dataclass(frozen=True)
class AuditRow:
    """One audit entry to write (see models.queries.add_audit: ids and codes, no free text)."""

    actor_user_id: int | None
    action: AuditAction
    target_type: str | None = None
    target_id: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def insert_if_absent(session: AsyncSession, table: Table, conflict: Sequence[str]) -> Insert:
    """INSERT ... ON CONFLICT (conflict) DO NOTHING, for executemany with a list of rows."""
    name = dialect_name(session)
    if name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=list(conflict))
    if name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=list(conflict))
    raise NotImplementedError(f"insert-if-absent is not implemented for the {name!r} dialect")


async def insert_rows(
    session: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """A plain multi-row INSERT of `rows` (nothing when there are none)."""
    if rows:
        await session.execute(insert(table), [dict(row) for row in rows])


async def add_audits(
    session: AsyncSession, entries: Sequence[AuditRow], *, at: datetime | None = None
) -> None:
    """Append many audit entries in one statement."""
    when = at or utcnow()
    await insert_rows(
        session,
        _table(AuditEntry),
        [
            {
                "at": when,
                "actor_user_id": entry.actor_user_id,
                "action": entry.action.value,
                "target_type": entry.target_type,
                "target_id": entry.target_id,
                "details": dict(entry.details),
            }
            for entry in entries
        ],
    )


def batches(items: Sequence[Any], size: int = READ_BATCH) -> list[Sequence[Any]]:
    """`items` cut into slices of at most `size` (for IN lists)."""
    return [items[start : start + size] for start in range(0, len(items), size)]


__all__ = ["READ_BATCH", "AuditRow", "add_audits", "batches", "insert_if_absent", "insert_rows"]

"""INSERT ... ON CONFLICT DO UPDATE for the two dialects fieldbot supports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert


def dialect_name(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def upsert(
    session: AsyncSession,
    table: Table,
    values: Mapping[str, Any],
    *,
    conflict: Sequence[str],
    update: Mapping[str, Any],
) -> Insert:
    """An INSERT of `values` that, on a conflict on `conflict`, sets `update` instead."""
    name = dialect_name(session)
    if name == "postgresql":
        pg = postgresql.insert(table).values(dict(values))
        return pg.on_conflict_do_update(index_elements=list(conflict), set_=dict(update))
    if name == "sqlite":
        lite = sqlite.insert(table).values(dict(values))
        return lite.on_conflict_do_update(index_elements=list(conflict), set_=dict(update))
    raise NotImplementedError(f"upsert is not implemented for the {name!r} dialect")

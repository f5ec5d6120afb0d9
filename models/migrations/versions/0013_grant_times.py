"""Each role's grant time is when the person took the role up, not when 0008 ran.

Migration 0008 gave every role it rebuilt the time it ran as `granted_at`. Silence (the
reminders to field staff, the digest's silent countries) now counts from the field-staff grant,
so a field officer of January, silent since, read as new on 30 November. Each grant now gets
the first `role_granted` of its role since the role was last revoked (the audit log recorded
every one); without any, the person's first day with the bot. Only ever earlier: a grant made
since 0008 keeps its time (its audit entry is written with it).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 12:00:00.000000
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from models.migrations import offline

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _aware(value: Any) -> datetime | None:
    """A stored time as an aware UTC datetime (SQLite hands back text or naive values)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def tenure_starts(events: Sequence[tuple[str, dict[str, Any], datetime]]) -> dict[str, datetime]:
    """Each role's first grant since it was last revoked, from a user's role events in order
    ((action, details, at)). Pure, so that the rule can be tested on its own."""
    starts: dict[str, datetime] = {}
    for action, details, at in events:
        role = details.get("role")
        if not isinstance(role, str):
            continue
        if action == "role_revoked":
            starts.pop(role, None)
        elif action == "role_granted":
            starts.setdefault(role, at)
    return starts


def upgrade() -> None:
    if offline.can_read_rows("0013", "SELECT 1 FROM role_grants", "role_grants has rows"):
        _grant_times_from_audit()


def _grant_times_from_audit() -> None:
    bind = op.get_bind()
    events: dict[str, list[tuple[str, dict[str, Any], datetime]]] = {}
    for target_id, action, details, at in bind.execute(
        sa.text(
            "SELECT target_id, action, details, at FROM audit_entries "
            "WHERE target_type = 'user' AND action IN ('role_granted', 'role_revoked') "
            "ORDER BY id"
        )
    ):
        moment = _aware(at)
        if moment is not None:
            events.setdefault(str(target_id), []).append((action, _json(details) or {}, moment))
    grants = sa.table(
        "role_grants",
        sa.column("id", sa.Integer()),
        sa.column("granted_at", sa.DateTime(timezone=True)),
    )
    changes = []
    for grant_id, user_id, role, granted_at, created_at in bind.execute(
        sa.text(
            "SELECT g.id, g.user_id, g.role, g.granted_at, u.created_at "
            "FROM role_grants AS g JOIN users AS u ON u.id = g.user_id"
        )
    ):
        current = _aware(granted_at)
        started = tenure_starts(events.get(str(user_id), [])).get(role) or _aware(created_at)
        if current is not None and started is not None and started < current:
            changes.append({"b_id": grant_id, "at": started})
    if changes:
        bind.execute(
            grants.update()
            .where(grants.c.id == sa.bindparam("b_id"))
            .values(granted_at=sa.bindparam("at")),
            changes,
        )


def downgrade() -> None:
    """Nothing to undo: the earlier times are the true ones."""

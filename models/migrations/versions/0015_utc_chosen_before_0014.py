"""UTC chosen before 0014 is a choice again: the audit log recorded it.

Migration 0014 could not tell "UTC" chosen in /settings from "UTC" meaning nobody chose, and
counted both as not chosen: who had picked UTC followed their country's clock from then on
(Nairobi's, three hours off theirs). Every pick has been audited from the first release
(`timezone_set`, with the zone): a person whose latest pick is UTC chose it, and has it again,
chosen. Erased people are left as they are (nothing of them to keep).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 08:30:00.000000
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from models.migrations import offline

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PICKS = (
    "SELECT target_id, details FROM audit_entries "
    "WHERE target_type = 'user' AND action = 'timezone_set' ORDER BY id"
)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def upgrade() -> None:
    if offline.can_read_rows(
        "0015", "SELECT 1 FROM audit_entries WHERE action = 'timezone_set'", "zones were picked"
    ):
        _utc_picks_from_audit()


def _utc_picks_from_audit() -> None:
    bind = op.get_bind()
    latest: dict[str, Any] = {}
    for target_id, details in bind.execute(sa.text(PICKS)):
        picked = _json(details)
        latest[str(target_id)] = picked.get("timezone") if isinstance(picked, dict) else None
    ids = [int(user_id) for user_id, zone in latest.items() if zone == "UTC" and user_id.isdigit()]
    users = sa.table(
        "users",
        sa.column("id", sa.Integer()),
        sa.column("telegram_id", sa.BigInteger()),
        sa.column("timezone", sa.String()),
        sa.column("timezone_chosen", sa.Boolean()),
    )
    for start in range(0, len(ids), 500):
        bind.execute(
            users.update()
            .where(
                users.c.id.in_(ids[start : start + 500]),
                users.c.timezone_chosen.is_(False),
                users.c.telegram_id > 0,  # erased: a pseudonym, nothing of theirs to keep
            )
            .values(timezone="UTC", timezone_chosen=True)
        )


def downgrade() -> None:
    """Nothing to undo: 0014's downgrade keeps every stored zone, UTC included."""

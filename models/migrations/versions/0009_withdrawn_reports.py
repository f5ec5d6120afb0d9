"""Reports can be withdrawn (and restored): who, when and why, on the report itself.

A withdrawn report stays, with its history, but no longer counts: the indicators' covering
index gains `withdrawn_at` so that "not withdrawn" is read from the index alone.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 13:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = [
    "kind",
    "country",
    "field",
    "canada_sector",
    "is_decision",
    "contributed",
    "is_network",
    "is_key_event",
    "event_date",
]


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy: `reports` has children that a copy would cascade to).
    op.add_column("reports", sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("reports", sa.Column("withdrawn_by_user_id", sa.Integer(), nullable=True))
    op.add_column("reports", sa.Column("withdraw_reason", sa.String(length=500), nullable=True))
    op.drop_index("ix_reports_indicators", table_name="reports")
    op.create_index("ix_reports_indicators", "reports", [*BEFORE, "withdrawn_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_reports_indicators", table_name="reports")
    op.create_index("ix_reports_indicators", "reports", BEFORE, unique=False)
    for column in ("withdraw_reason", "withdrawn_by_user_id", "withdrawn_at"):
        op.execute(f"ALTER TABLE reports DROP COLUMN {column}")

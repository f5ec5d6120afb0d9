"""Manual indicator values, and the covering index the indicators read reports through.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDICATOR_INDEX_COLUMNS = [
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
    op.create_table(
        "indicator_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("entered_by_user_id", sa.Integer(), nullable=True),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entered_by_user_id"],
            ["users.id"],
            name=op.f("fk_indicator_values_entered_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_values")),
        sa.UniqueConstraint(
            "indicator_id", "period", name=op.f("uq_indicator_values_indicator_id")
        ),
    )
    op.create_index(
        op.f("ix_indicator_values_entered_by_user_id"),
        "indicator_values",
        ["entered_by_user_id"],
        unique=False,
    )
    op.create_index("ix_reports_indicators", "reports", INDICATOR_INDEX_COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index("ix_reports_indicators", table_name="reports")
    op.drop_index(op.f("ix_indicator_values_entered_by_user_id"), table_name="indicator_values")
    op.drop_table("indicator_values")

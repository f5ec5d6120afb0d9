"""A report keeps its past withdrawals: who withdrew it, when and why, and who restored it.

Restoring a report cleared its withdrawal (the reason with it), although the withdrawal prompt
says the reason "stays in the report's history". `past_withdrawals` is a JSON list, one entry
per withdrawal that was undone: {"at", "by", "reason", "restored_at", "restored_by"}. The
current withdrawal stays in withdrawn_at / withdrawn_by_user_id / withdraw_reason, which is
what every figure reads (an added column: the BI views of 0010 need no change).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 05:30:00.000000
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "reports",
        sa.Column("past_withdrawals", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )


def downgrade() -> None:
    # PostgreSQL expands `reports.*` when a view is made: v_reports as a later revision's
    # downgrade made it again (0012) holds on to this column. It is made again without it.
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("DROP VIEW IF EXISTS v_reports")
    op.execute("ALTER TABLE reports DROP COLUMN past_withdrawals")
    if postgresql:
        views = importlib.import_module("models.migrations.versions.0010_bi_views")
        op.execute(views.PG_REPORTS)

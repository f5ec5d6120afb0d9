"""Weekly digest: managers' digest slots, snoozed indicators, acknowledged digests.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-09 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "digest_preferences",
        sa.Column("user_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "weekday >= 0 AND weekday <= 6", name=op.f("ck_digest_preferences_weekday_range")
        ),
        sa.CheckConstraint(
            "hour >= 0 AND hour <= 23", name=op.f("ck_digest_preferences_hour_range")
        ),
        _user_fk("digest_preferences"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_digest_preferences")),
    )
    op.create_table(
        "digest_snoozes",
        sa.Column("user_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("indicator_id", sa.String(length=32), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        _user_fk("digest_snoozes"),
        sa.PrimaryKeyConstraint("user_id", "indicator_id", name=op.f("pk_digest_snoozes")),
    )
    op.create_table(
        "digest_acks",
        sa.Column("user_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("digest_acks"),
        sa.PrimaryKeyConstraint("user_id", "period", name=op.f("pk_digest_acks")),
    )


def downgrade() -> None:
    op.drop_table("digest_acks")
    op.drop_table("digest_snoozes")
    op.drop_table("digest_preferences")

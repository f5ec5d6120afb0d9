"""Volunteer missions and their assignments.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-16 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "missions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("project", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("supervisor_name", sa.String(length=128), nullable=True),
        sa.Column("supervisor_handle", sa.String(length=33), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('planned', 'confirmed', 'cancelled', 'completed')",
            name=op.f("ck_missions_status_known"),
        ),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_missions_dates_ordered")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_missions_version_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missions")),
        sa.UniqueConstraint("code", name=op.f("uq_missions_code")),
    )
    op.create_index(op.f("ix_missions_start_date"), "missions", ["start_date"], unique=False)
    op.create_table(
        "mission_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mission_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_user_id", sa.Integer(), nullable=True),
        sa.Column("volunteer_telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("invite_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('assigned', 'unassigned')",
            name=op.f("ck_mission_assignments_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["missions.id"],
            name=op.f("fk_mission_assignments_mission_id_missions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_user_id"],
            ["users.id"],
            name=op.f("fk_mission_assignments_volunteer_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["invite_id"],
            ["invites.id"],
            name=op.f("fk_mission_assignments_invite_id_invites"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mission_assignments")),
        sa.UniqueConstraint(
            "mission_id",
            "volunteer_user_id",
            name=op.f("uq_mission_assignments_mission_id"),
        ),
    )
    op.create_index(
        op.f("ix_mission_assignments_volunteer_user_id"),
        "mission_assignments",
        ["volunteer_user_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mission_assignments_invite_id"),
        "mission_assignments",
        ["invite_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_mission_assignments_invite_id"), table_name="mission_assignments")
    op.drop_index(
        op.f("ix_mission_assignments_volunteer_user_id"), table_name="mission_assignments"
    )
    op.drop_table("mission_assignments")
    op.drop_index(op.f("ix_missions_start_date"), table_name="missions")
    op.drop_table("missions")

"""Reports and their versions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("form_id", sa.String(length=64), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("author_user_id", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("target_group", sa.String(length=64), nullable=True),
        sa.Column("training_type", sa.String(length=64), nullable=True),
        sa.Column("participants_women", sa.Integer(), nullable=True),
        sa.Column("participants_men", sa.Integer(), nullable=True),
        sa.Column("participants_other", sa.Integer(), nullable=True),
        sa.Column("participants_total", sa.Integer(), nullable=True),
        sa.Column("trainers_trained", sa.Integer(), nullable=True),
        sa.Column("canada_sector", sa.String(length=64), nullable=True),
        sa.Column("event_kind", sa.String(length=64), nullable=True),
        sa.Column("is_decision", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("is_network", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("is_key_event", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("contributed", sa.Boolean(), nullable=True),
        sa.Column("level", sa.String(length=64), nullable=True),
        sa.Column("audience", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_reports_version_positive")),
        sa.ForeignKeyConstraint(
            ["author_user_id"],
            ["users.id"],
            name=op.f("fk_reports_author_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
    )
    op.create_index(op.f("ix_reports_author_user_id"), "reports", ["author_user_id"], unique=False)
    op.create_index(
        "ix_reports_country_event_date", "reports", ["country", "event_date"], unique=False
    )
    op.create_index(op.f("ix_reports_event_date"), "reports", ["event_date"], unique=False)
    op.create_index(op.f("ix_reports_field"), "reports", ["field"], unique=False)
    op.create_index("ix_reports_kind_event_date", "reports", ["kind", "event_date"], unique=False)
    op.create_table(
        "report_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("edited_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["edited_by_user_id"],
            ["users.id"],
            name=op.f("fk_report_versions_edited_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_report_versions_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_versions")),
        sa.UniqueConstraint("report_id", "version", name=op.f("uq_report_versions_report_id")),
    )
    op.create_index(
        op.f("ix_report_versions_edited_by_user_id"),
        "report_versions",
        ["edited_by_user_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_report_versions_edited_by_user_id"), table_name="report_versions")
    op.drop_table("report_versions")
    op.drop_index("ix_reports_kind_event_date", table_name="reports")
    op.drop_index(op.f("ix_reports_field"), table_name="reports")
    op.drop_index(op.f("ix_reports_event_date"), table_name="reports")
    op.drop_index("ix_reports_country_event_date", table_name="reports")
    op.drop_index(op.f("ix_reports_author_user_id"), table_name="reports")
    op.drop_table("reports")

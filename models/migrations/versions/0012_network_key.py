"""Partner networks are counted once each, not once per meeting: `reports.network_key`.

Indicator 2.3a ("Partner networks supported", target 5 networks) counted reports: five
meetings of one network read as the target reached. A network event now carries its network:
its country and a digest of its folded name ("HT:1b6f…", never the name itself), filled here
from the answers of the reports already stored. The indicators' covering index gains it, so
that the plan's one query still reads the index alone, and v_reports shows it, so that a BI
tool counts networks as the bot does.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 11:40:00.000000
"""

from __future__ import annotations

import hashlib
import importlib
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from models.migrations import offline

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
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
    "withdrawn_at",
]
AFTER = [*BEFORE[:8], "network_key", *BEFORE[8:]]


def _key(country: str | None, name: Any) -> str | None:
    """bot.domain.reports.network_key as it was when this revision was written (a migration
    keeps its own copy: the application's may change, what this one stored may not)."""
    if not isinstance(name, str) or not country:
        return None
    folded = unicodedata.normalize("NFKD", name.casefold())
    words = re.findall(r"[^\W_]+", "".join(ch for ch in folded if not unicodedata.combining(ch)))
    if not words:
        return None
    return f"{country.upper()}:{hashlib.sha256(' '.join(words).encode()).hexdigest()[:16]}"


# v_reports (revision 0010) with the network: the same view, one column more.
_VIEWS = importlib.import_module("models.migrations.versions.0010_bi_views")
_AFTER_FLAGS = "r.is_key_event AS is_key_event,"


def _with_network(view: str) -> str:
    assert _AFTER_FLAGS in view
    return view.replace(_AFTER_FLAGS, _AFTER_FLAGS + "\n    r.network_key AS network_key,")


def _reports_view(network: bool) -> str:
    dialect = op.get_bind().dialect.name
    view = _VIEWS.PG_REPORTS if dialect == "postgresql" else _VIEWS.SQLITE_REPORTS
    return _with_network(view) if network else view


def upgrade() -> None:
    # First, so that a script stopped by it has run nothing of this revision (SQLite).
    networks = offline.can_read_rows(
        "0012", "SELECT 1 FROM reports WHERE is_network", "reports holds network events"
    )
    op.add_column("reports", sa.Column("network_key", sa.String(length=32), nullable=True))
    if networks:
        _fill_network_keys()
    op.drop_index("ix_reports_indicators", table_name="reports")
    op.create_index("ix_reports_indicators", "reports", AFTER, unique=False)
    op.execute("DROP VIEW IF EXISTS v_reports")
    op.execute(_reports_view(network=True))


def _fill_network_keys() -> None:
    reports = sa.table(
        "reports",
        sa.column("id", sa.Uuid()),
        sa.column("country", sa.String()),
        sa.column("is_network", sa.Boolean()),
        sa.column("answers", sa.JSON()),
        sa.column("network_key", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(reports.c.id, reports.c.country, reports.c.answers).where(
            reports.c.is_network.is_(True)
        )
    ).all()
    keyed = [
        {"b_id": row.id, "key": _key(row.country, (row.answers or {}).get("network_name"))}
        for row in rows
    ]
    if keyed:
        connection.execute(
            reports.update()
            .where(reports.c.id == sa.bindparam("b_id"))
            .values(network_key=sa.bindparam("key")),
            keyed,
        )


def downgrade() -> None:
    # The view first: on PostgreSQL it holds on to every column of reports it was made with.
    op.execute("DROP VIEW IF EXISTS v_reports")
    op.drop_index("ix_reports_indicators", table_name="reports")
    op.create_index("ix_reports_indicators", "reports", BEFORE, unique=False)
    op.execute("ALTER TABLE reports DROP COLUMN network_key")
    op.execute(_reports_view(network=False))

"""Each role its own countries: role_grants replaces users.roles/countries/all_countries.

Until now a person's countries were one list shared by all their roles, so a manager for Haiti
who redeemed a volunteer invitation for "all" could read every country's reports. The scope of
each role is rebuilt from the audit log, where every grant recorded its role and countries:
the grants of a role since it was last revoked. The result is never wider than the shared scope
it replaces; a role with no recorded grant keeps the shared scope, as before.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 12:00:00.000000
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from models.migrations import offline

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def role_scopes(
    roles: Iterable[str],
    countries: Iterable[str],
    all_countries: bool,
    events: Iterable[tuple[str, dict[str, Any]]],
) -> dict[str, tuple[list[str], bool]]:
    """Each held role's (countries, all_countries), from the user's role events in order.

    `events` are (action, details) pairs: "role_granted" with the role and its countries,
    "role_revoked" with the role. Pure, so that the rule can be tested on its own.
    """
    shared = set(countries)
    # role -> (countries granted, granted "all") since the role was last revoked
    history: dict[str, tuple[set[str], bool]] = {}
    for action, details in events:
        role = details.get("role")
        if not isinstance(role, str):
            continue
        if action == "role_revoked":
            history.pop(role, None)
        elif action == "role_granted":
            codes, everywhere = history.get(role, (set(), False))
            codes = codes | {str(code).upper() for code in details.get("countries") or ()}
            history[role] = (codes, everywhere or bool(details.get("all_countries")))
    result: dict[str, tuple[list[str], bool]] = {}
    for role in roles:
        if role not in history:
            result[role] = (sorted(shared), all_countries)
            continue
        granted, granted_everywhere = history[role]
        if granted_everywhere and all_countries:
            result[role] = ([], True)
        elif granted_everywhere:
            # Recorded as "all" but the shared scope is narrower: never widen.
            result[role] = (sorted(shared), False)
        else:
            allowed = granted if all_countries else granted & shared
            result[role] = (sorted(allowed), False)
    return result


def upgrade() -> None:
    # The guard of `alembic upgrade --sql` comes first: SQLite has no transactional DDL, so a
    # stopped script must not have run any of this revision.
    from_users = offline.can_read_rows("0008", "SELECT 1 FROM users", "the users table has rows")
    op.create_table(
        "role_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("countries", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column("all_countries", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_role_grants_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grants")),
        sa.UniqueConstraint("user_id", "role", name=op.f("uq_role_grants_user_id")),
    )
    op.create_index(op.f("ix_role_grants_user_id"), "role_grants", ["user_id"], unique=False)

    if from_users:
        _grants_from_users()

    # A plain DROP COLUMN (SQLite 3.35+), not a batch copy of the table: re-creating `users`
    # would delete its rows first, and with foreign keys on that cascades to every child table.
    for column in ("roles", "countries", "all_countries"):
        op.execute(f"ALTER TABLE users DROP COLUMN {column}")


def _grants_from_users() -> None:
    bind = op.get_bind()
    events: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for target_id, action, details in bind.execute(
        sa.text(
            "SELECT target_id, action, details FROM audit_entries "
            "WHERE target_type = 'user' AND action IN ('role_granted', 'role_revoked') "
            "ORDER BY id"
        )
    ):
        events.setdefault(str(target_id), []).append((action, _json(details) or {}))

    grants = sa.table(
        "role_grants",
        sa.column("user_id", sa.Integer()),
        sa.column("role", sa.String()),
        sa.column("countries", sa.JSON()),
        sa.column("all_countries", sa.Boolean()),
        sa.column("granted_at", sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    rows = []
    for user_id, roles, countries, all_countries in bind.execute(
        sa.text("SELECT id, roles, countries, all_countries FROM users ORDER BY id")
    ):
        scopes = role_scopes(
            _json(roles) or [],
            _json(countries) or [],
            bool(all_countries),
            events.get(str(user_id), []),
        )
        for role, (codes, everywhere) in scopes.items():
            rows.append(
                {
                    "user_id": user_id,
                    "role": role,
                    "countries": codes,
                    "all_countries": everywhere,
                    "granted_at": now,
                }
            )
    if rows:
        op.bulk_insert(grants, rows)


def downgrade() -> None:
    from_grants = offline.can_read_rows(
        "0008", "SELECT 1 FROM role_grants", "role_grants has rows"
    )
    op.add_column(
        "users", sa.Column("roles", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
    )
    op.add_column(
        "users", sa.Column("countries", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
    )
    op.add_column(
        "users",
        sa.Column("all_countries", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    if from_grants:
        _users_from_grants()
    op.drop_index(op.f("ix_role_grants_user_id"), table_name="role_grants")
    op.drop_table("role_grants")


def _users_from_grants() -> None:
    bind = op.get_bind()
    merged: dict[int, tuple[list[str], set[str], bool]] = {}
    for user_id, role, countries, all_countries in bind.execute(
        sa.text("SELECT user_id, role, countries, all_countries FROM role_grants ORDER BY role")
    ):
        roles, codes, everywhere = merged.get(user_id, ([], set(), False))
        merged[user_id] = (
            [*roles, role],
            codes | set(_json(countries) or []),
            everywhere or bool(all_countries),
        )
    users = sa.table(
        "users",
        sa.column("id", sa.Integer()),
        sa.column("roles", sa.JSON()),
        sa.column("countries", sa.JSON()),
        sa.column("all_countries", sa.Boolean()),
    )
    for user_id, (roles, codes, everywhere) in merged.items():
        bind.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(roles=roles, countries=sorted(codes), all_countries=everywhere)
        )

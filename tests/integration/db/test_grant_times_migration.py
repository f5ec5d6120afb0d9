"""Migration 0013 gives each role grant the time its holder took the role up (0008 had given
every grant the time it ran), from the audit log, never later than it was."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select, text

from models.db import create_engine, upgrade_database
from models.tables import RoleGrant

USER = """
INSERT INTO users (id, telegram_id, display_name, timezone, active, created_at, updated_at)
VALUES (:id, :tg, 'someone', 'UTC', true, :created, :created)
"""
GRANT = """
INSERT INTO role_grants (user_id, role, countries, all_countries, granted_at)
VALUES (:user, :role, '[]', false, :at)
"""
AUDIT = """
INSERT INTO audit_entries (at, action, target_type, target_id, details)
VALUES (:at, :action, 'user', :target, :details)
"""
MIGRATED = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)  # when 0008 ran


def _day(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, 0, tzinfo=dt.UTC)


async def test_each_grant_starts_when_its_role_was_taken_up(any_empty_db_url: str) -> None:
    url = any_empty_db_url
    await upgrade_database(url, "0012")
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for user, created in ((1, _day(1, 5)), (2, _day(2, 1)), (3, _day(3, 1))):
                await connection.execute(
                    text(USER), {"id": user, "tg": 1000 + user, "created": created}
                )
            grants = [
                (1, "field_staff", MIGRATED),  # granted 10 January, silent since
                (2, "field_staff", MIGRATED),  # revoked in May, granted again 1 June
                (2, "volunteer", MIGRATED),  # no audit entry (before the log): first day
                (3, "manager", _day(12, 1)),  # granted after 0008: left as it is
            ]
            for user, role, at in grants:
                await connection.execute(text(GRANT), {"user": user, "role": role, "at": at})
            events = [
                (1, "role_granted", "field_staff", _day(1, 10)),
                (1, "role_granted", "field_staff", _day(4, 2)),  # more countries, same tenure
                (2, "role_granted", "field_staff", _day(2, 2)),
                (2, "role_revoked", "field_staff", _day(5, 1)),
                (2, "role_granted", "field_staff", _day(6, 1)),
                (3, "role_granted", "manager", _day(12, 1) + dt.timedelta(milliseconds=3)),
            ]
            for user, action, role, at in events:
                await connection.execute(
                    text(AUDIT),
                    {
                        "at": at,
                        "action": action,
                        "target": str(user),
                        "details": json.dumps({"role": role}),
                    },
                )
        await upgrade_database(url, "head")
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    select(RoleGrant.user_id, RoleGrant.role, RoleGrant.granted_at).order_by(
                        RoleGrant.user_id, RoleGrant.role
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    found = {
        (user, role): at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at
        for user, role, at in rows
    }
    assert found == {
        (1, "field_staff"): _day(1, 10),
        (2, "field_staff"): _day(6, 1),
        (2, "volunteer"): _day(2, 1),
        (3, "manager"): _day(12, 1),
    }

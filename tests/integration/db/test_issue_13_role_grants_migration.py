"""Migration 0008 splits the one shared country list into a scope per role, never wider."""

from __future__ import annotations

import json

from sqlalchemy import text

from bot.domain.enums import Role
from models.db import create_engine, create_session_factory, downgrade_database, upgrade_database
from models.queries import get_user

USERS = """
INSERT INTO users (id, telegram_id, display_name, timezone, active, created_at, updated_at,
                   roles, countries, all_countries)
VALUES (:id, :tg, :name, 'UTC', true, '2026-01-01 00:00:00', '2026-01-01 00:00:00',
        :roles, :countries, :all)
"""
AUDIT = """
INSERT INTO audit_entries (at, action, target_type, target_id, details)
VALUES ('2026-01-01 00:00:00', :action, 'user', :target, :details)
"""


def _grant(
    user_id: int, role: str, countries: list[str], everywhere: bool = False
) -> dict[str, str]:
    details = {"role": role, "countries": countries, "all_countries": everywhere}
    return {"action": "role_granted", "target": str(user_id), "details": json.dumps(details)}


def _revoke(user_id: int, role: str) -> dict[str, str]:
    details = json.dumps({"role": role})
    return {"action": "role_revoked", "target": str(user_id), "details": details}


async def test_each_role_gets_the_countries_it_was_granted(any_empty_db_url: str) -> None:
    url = any_empty_db_url
    await upgrade_database(url, "0007")
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            people = [
                # A Haiti manager who redeemed a volunteer invitation for "all": the shared
                # scope became "all countries", which let them read Niger's reports.
                (1, 1001, "Manager", ["manager", "volunteer"], [], True),
                # A Haiti officer who also volunteers in Niger: shared scope HT + NE.
                (2, 1002, "Officer", ["field_staff", "volunteer"], ["HT", "NE"], False),
                # An admin made before the audit log recorded grants: keeps the shared scope.
                (3, 1003, "Admin", ["admin"], ["CA"], False),
                # Revoked and granted again: only the grants after the revocation count.
                (4, 1004, "Again", ["field_staff"], ["ML", "SN"], False),
            ]
            for id_, tg, name, roles, countries, everywhere in people:
                await connection.execute(
                    text(USERS),
                    {
                        "id": id_,
                        "tg": tg,
                        "name": name,
                        "roles": json.dumps(roles),
                        "countries": json.dumps(countries),
                        "all": everywhere,
                    },
                )
            events = [
                _grant(1, "manager", ["HT"]),
                _grant(1, "volunteer", [], everywhere=True),
                _grant(2, "field_staff", ["HT"]),
                _grant(2, "volunteer", ["NE"]),
                _grant(4, "field_staff", ["ML"]),
                _revoke(4, "field_staff"),
                _grant(4, "field_staff", ["SN"]),
            ]
            for event in events:
                await connection.execute(text(AUDIT), event)
        await upgrade_database(url, "head")

        async with create_session_factory(engine)() as session:
            manager = await get_user(session, 1001)
            officer = await get_user(session, 1002)
            admin = await get_user(session, 1003)
            again = await get_user(session, 1004)
        assert manager is not None
        assert officer is not None
        assert admin is not None
        assert again is not None
        assert manager.scope(Role.MANAGER).countries == ("HT",)
        assert not manager.scope(Role.MANAGER).covers("NE")
        assert manager.scope(Role.VOLUNTEER).all_countries
        assert officer.scope(Role.FIELD_STAFF).countries == ("HT",)
        assert officer.scope(Role.VOLUNTEER).countries == ("NE",)
        assert admin.scope(Role.ADMIN).countries == ("CA",)
        assert again.scope(Role.FIELD_STAFF).countries == ("SN",)

        # Down again: the shared list is the union, as it was.
        await downgrade_database(url, "0007")
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    text("SELECT roles, countries, all_countries FROM users WHERE id = 2")
                )
            ).one()
        roles, countries, everywhere = row
        load = json.loads if isinstance(roles, str) else (lambda v: v)
        assert sorted(load(roles)) == ["field_staff", "volunteer"]
        assert load(countries) == ["HT", "NE"]
        assert not everywhere
    finally:
        await engine.dispose()

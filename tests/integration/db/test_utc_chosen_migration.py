"""Migration 0015: UTC picked before 0014 (audited as every pick was) is a choice again; the
zone of someone who never picked one, or whose last pick was another, is left as it is."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select, text

from models.db import create_engine, create_session_factory, upgrade_database
from models.queries import get_user
from models.tables import User

USER = """
INSERT INTO users (id, telegram_id, display_name, timezone, active, created_at, updated_at)
VALUES (:id, :tg, 'someone', :zone, true, :at, :at)
"""
GRANT = """
INSERT INTO role_grants (user_id, role, countries, all_countries, granted_at)
VALUES (:user, 'manager', '["KE"]', false, :at)
"""
PICK = """
INSERT INTO audit_entries (at, actor_user_id, action, target_type, target_id, details)
VALUES (:at, :user, 'timezone_set', 'user', :target, :details)
"""
AT = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
PEOPLE = [  # telegram id, stored zone, the zones they picked in turn (audited)
    (7101, "UTC", ["Africa/Nairobi", "UTC"]),  # picked UTC last: theirs
    (7102, "UTC", []),  # never picked: Nairobi's clock
    (-3, "UTC", ["UTC"]),  # erased (a pseudonym): nothing to keep
    (7104, "Africa/Nairobi", ["UTC", "Africa/Nairobi"]),  # picked Nairobi last
]


async def test_utc_picked_before_0014_is_chosen_again(any_empty_db_url: str) -> None:
    url = any_empty_db_url
    await upgrade_database(url, "0014")
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for number, (telegram_id, zone, picks) in enumerate(PEOPLE, start=1):
                values = {"id": number, "tg": telegram_id, "zone": zone, "at": AT}
                await connection.execute(text(USER), values)
                await connection.execute(text(GRANT), {"user": number, "at": AT})
                for pick in picks:
                    details = json.dumps({"timezone": pick})
                    await connection.execute(
                        text(PICK),
                        {"at": AT, "user": number, "target": str(number), "details": details},
                    )
            # As 0014 left them: only a zone other than UTC counted as chosen.
            await connection.execute(
                text("UPDATE users SET timezone_chosen = (timezone <> 'UTC')")
            )
        async with create_session_factory(engine)() as session:
            before = await get_user(session, 7101)
        assert before is not None
        assert before.timezone == "Africa/Nairobi"  # the bug
        await upgrade_database(url, "head")
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(User.telegram_id, User.timezone, User.timezone_chosen).order_by(User.id)
            )
            assert [tuple(row) for row in rows] == [
                (7101, "UTC", True),
                (7102, "UTC", False),
                (-3, "UTC", False),
                (7104, "Africa/Nairobi", True),
            ]
        async with create_session_factory(engine)() as session:
            after = [await get_user(session, telegram_id) for telegram_id in (7101, 7102)]
        assert [(view.timezone, view.timezone_chosen) for view in after if view] == [
            ("UTC", True),
            ("Africa/Nairobi", False),
        ]
    finally:
        await engine.dispose()

"""Migration 0014 says whose time zone was chosen: any zone but UTC, which meant "not chosen";
those on UTC now follow their country's clock until they choose (as a downgrade leaves them)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from models.db import (
    create_engine,
    create_session_factory,
    downgrade_database,
    upgrade_database,
)
from models.queries import get_user
from models.tables import User

USER = """
INSERT INTO users (id, telegram_id, display_name, timezone, active, created_at, updated_at)
VALUES (:id, :tg, 'someone', :zone, true, :at, :at)
"""
GRANT = """
INSERT INTO role_grants (user_id, role, countries, all_countries, granted_at)
VALUES (:user, 'field_staff', :countries, false, :at)
"""
AT = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
PEOPLE = [  # telegram id, stored zone, country
    (7001, "UTC", '["KE"]'),  # tapped no button: Nairobi's clock from now on
    (7002, "Africa/Lubumbashi", '["CD"]'),  # chosen: kept, though Kinshasa is the capital's
    (7003, "UTC", '["HT", "NE"]'),  # two clocks: no guess, UTC as before
]


async def test_utc_is_not_a_choice_and_any_other_zone_is(any_empty_db_url: str) -> None:
    url = any_empty_db_url
    await upgrade_database(url, "0013")
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for number, (telegram_id, zone, countries) in enumerate(PEOPLE, start=1):
                values = {"id": number, "tg": telegram_id, "zone": zone, "at": AT}
                await connection.execute(text(USER), values)
                grant = {"user": number, "countries": countries, "at": AT}
                await connection.execute(text(GRANT), grant)
        await upgrade_database(url, "head")
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(User.telegram_id, User.timezone, User.timezone_chosen).order_by(User.id)
            )
            assert [tuple(row) for row in rows] == [
                (7001, "UTC", False),
                (7002, "Africa/Lubumbashi", True),
                (7003, "UTC", False),
            ]
        async with create_session_factory(engine)() as session:
            zones = [(await get_user(session, person[0])) for person in PEOPLE]
        assert [(view.timezone, view.timezone_chosen) for view in zones if view] == [
            ("Africa/Nairobi", False),
            ("Africa/Lubumbashi", True),
            ("UTC", False),
        ]
        # Down and up again: every stored zone is as it was, and so is every choice.
        await downgrade_database(url, "0013")
        async with engine.connect() as connection:
            stored = await connection.execute(text("SELECT timezone FROM users ORDER BY id"))
            assert list(stored.scalars()) == ["UTC", "Africa/Lubumbashi", "UTC"]
        await upgrade_database(url, "head")
        async with engine.connect() as connection:
            chosen = await connection.execute(select(User.timezone_chosen).order_by(User.id))
            assert list(chosen.scalars()) == [False, True, False]
    finally:
        await engine.dispose()

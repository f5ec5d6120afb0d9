"""Until a person chooses their time zone, their country's clock is theirs: the digest's slot,
the reminders' daytime and their "today" follow it. "UTC" stood for "not chosen", so a Nairobi
manager who tapped no button had their Monday 08:00 digest at 11:00 Nairobi time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import Role
from bot.domain.scope import Scope
from bot.i18n import create_i18n
from bot.indicators.plan import load_plan
from models import missions, people, queries
from models.tables import User
from scheduler import jobs
from tests.factories import member, stored_mission

# Monday 2026-11-23 08:00 in Nairobi (UTC+3) is 05:00 UTC.
NAIROBI_SLOT = datetime(2026, 11, 23, 5, tzinfo=UTC)
LONG_AGO = datetime(2026, 1, 5, 9, tzinfo=UTC)


@pytest.fixture
def db_url(any_db_url: str) -> str:
    return any_db_url


@pytest.fixture
def runtime(session_factory: async_sessionmaker[AsyncSession]) -> jobs.Runtime:
    return jobs.Runtime(session_factory=session_factory, plan=load_plan(), i18n=create_i18n())


async def test_a_manager_who_never_chose_gets_the_digest_at_eight_in_their_country(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    await member(session, 501, Role.MANAGER, ["KE"], timezone=None, joined=LONG_AGO)
    assert await jobs.run_digests(runtime, now=NAIROBI_SLOT - timedelta(minutes=1)) == []
    outcomes = await jobs.run_digests(runtime, now=NAIROBI_SLOT + timedelta(minutes=1))
    assert [(o.telegram_id, o.status) for o in outcomes] == [(501, "enqueued")]


async def test_a_chosen_zone_wins_over_the_country_even_utc(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    await member(session, 502, Role.MANAGER, ["KE"], timezone=None, joined=LONG_AGO)
    await queries.set_timezone(session, 502, "Etc/UTC")
    await session.commit()
    assert await jobs.run_digests(runtime, now=NAIROBI_SLOT + timedelta(minutes=1)) == []
    outcomes = await jobs.run_digests(runtime, now=NAIROBI_SLOT + timedelta(hours=3))
    assert [(o.telegram_id, o.status) for o in outcomes] == [(502, "enqueued")]
    stored = await queries.get_user(session, 502)
    assert stored is not None
    assert (stored.timezone, stored.timezone_chosen) == ("Etc/UTC", True)


async def test_reminders_follow_the_country_clock_of_who_never_chose(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    """22:00 UTC is 17:00 in Port-au-Prince: daytime there, though night in UTC."""
    await member(session, 801, Role.FIELD_STAFF, ["HT"], timezone=None, joined=LONG_AGO)
    outcomes = await jobs.run_reminders(runtime, now=datetime(2026, 11, 23, 22, tzinfo=UTC))
    assert [(o.telegram_id, o.status) for o in outcomes] == [(801, "enqueued")]


async def test_a_volunteer_who_never_chose_is_told_of_missions_on_their_country_clock(
    session: AsyncSession,
) -> None:
    """The mission notices read the volunteers of a mission (not their grants, once): their
    "today" and the day a reminder is due were UTC's."""
    lova = await member(session, 4001, Role.VOLUNTEER, ["MG"], timezone=None)
    mission = await stored_mission(session, "MG-1", now=LONG_AGO, country="MG")
    await missions.assign(session, mission.id, lova.id, actor_user_id=None, now=LONG_AGO)
    [volunteer] = await missions.volunteers_of(session, mission.id)
    assert volunteer.timezone == "Indian/Antananarivo"


async def test_countries_with_different_clocks_or_every_country_keep_utc(
    session: AsyncSession,
) -> None:
    both = await member(session, 503, Role.MANAGER, ["HT", "NE"], timezone=None)
    everywhere = await member(session, 504, Role.ADMIN, [], timezone=None)
    west = await member(session, 505, Role.MANAGER, ["SN", "ML"], timezone=None)
    assert (both.timezone, everywhere.timezone) == ("UTC", "UTC")
    assert west.timezone == "Africa/Bamako"  # one clock for both: the first country's city
    assert [both.timezone_chosen, everywhere.timezone_chosen, west.timezone_chosen] == [False] * 3


async def test_an_erased_person_keeps_no_zone_nor_choice(session: AsyncSession) -> None:
    await member(session, 506, Role.FIELD_STAFF, ["KE"], timezone="Africa/Nairobi")
    await people.erase(session, 506, actor_user_id=None)
    row = (await session.execute(select(User))).unique().scalar_one()
    assert (row.timezone, row.timezone_chosen) == ("UTC", False)


async def test_a_country_of_another_clock_added_keeps_the_zone_they_had(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    """A Nairobi manager who was never asked (Kenya keeps one clock) made a volunteer in Haiti
    too: their countries no longer agree, and their digest went to 08:00 UTC, three hours
    late, their "today" with it (before, Kenya's clock was stored when they joined)."""
    await member(session, 507, Role.MANAGER, ["KE"], timezone=None, joined=LONG_AGO)
    await queries.grant_role(session, 507, Role.VOLUNTEER, ["HT"], False, actor_user_id=None)
    await session.commit()
    viewed = await queries.get_user(session, 507)
    assert viewed is not None
    assert (viewed.timezone, viewed.timezone_chosen) == ("Africa/Nairobi", False)
    outcomes = await jobs.run_digests(runtime, now=NAIROBI_SLOT + timedelta(minutes=1))
    assert [(o.telegram_id, o.status) for o in outcomes] == [(507, "enqueued")]


async def test_countries_changed_follow_the_new_clock_or_keep_the_last_one(
    session: AsyncSession,
) -> None:
    """Moved from Kenya to Haiti: Port-au-Prince's clock; then given Niger too (two clocks):
    still Port-au-Prince's, not UTC; then Niger's alone: Niamey's."""
    await member(session, 508, Role.FIELD_STAFF, ["KE"], timezone=None)
    zones = []
    for countries in (("HT",), ("HT", "NE"), ("NE",)):
        moved = await people.set_countries(
            session, 508, Role.FIELD_STAFF, Scope(countries, False), actor_user_id=None
        )
        zones.append((moved.timezone, moved.timezone_chosen))
    assert zones == [
        ("America/Port-au-Prince", False),
        ("America/Port-au-Prince", False),
        ("Africa/Niamey", False),
    ]


async def test_a_role_revoked_keeps_the_zone_they_had(session: AsyncSession) -> None:
    await member(session, 509, Role.FIELD_STAFF, ["KE"], timezone=None)
    await queries.grant_role(session, 509, Role.VOLUNTEER, ["HT"], False, actor_user_id=None)
    await queries.grant_role(session, 509, Role.MANAGER, ["NE"], False, actor_user_id=None)
    left = await queries.revoke_role(session, 509, Role.FIELD_STAFF, actor_user_id=None)
    assert (left.timezone, left.timezone_chosen) == ("Africa/Nairobi", False)

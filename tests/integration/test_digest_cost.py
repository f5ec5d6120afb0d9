"""A manager's digest costs the same whether the organisation has ten field staff or six
hundred: the weekly run builds one for every manager and admin."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import Role
from bot.domain.scope import EVERYWHERE, Scope
from bot.i18n import create_i18n
from bot.indicators.plan import load_plan
from models import queries
from models.digest import silent_countries
from models.tables import User
from scheduler import jobs
from tests.factories import member

NOW = datetime(2026, 11, 23, 7, tzinfo=UTC)
JOINED = datetime(2026, 1, 5, 9, tzinfo=UTC)


async def test_a_digest_loads_nobody_but_reads_the_staff_countries(
    session_factory: async_sessionmaker[AsyncSession], session: AsyncSession
) -> None:
    """Each digest loaded every field staff member three times, with all their roles (for
    the countries with staff, twice, and for the silent countries): with 600 people and 500
    managers and admins, a third of a fifteen-minute weekly run, on the bot's event loop."""
    manager = await member(session, 501, Role.MANAGER, ["HT", "NE"], joined=JOINED)
    for index in range(12):
        await member(session, 600 + index, Role.FIELD_STAFF, ["HT", "NE", "ML"], joined=JOINED)
    runtime = jobs.Runtime(session_factory=session_factory, plan=load_plan(), i18n=create_i18n())
    loaded: list[int] = []

    def on_load(target: User, _context: object) -> None:
        loaded.append(target.id)

    event.listen(User, "load", on_load)
    try:
        async with session_factory() as reading:
            payload = await jobs.build_digest(
                reading, runtime, manager, period="2026-W48", now=NOW
            )
    finally:
        event.remove(User, "load", on_load)
    assert payload is not None
    assert "No report for 30 days from: Haiti, Niger" in payload["text"]
    assert loaded == []


async def test_staff_made_staff_of_every_country_name_no_country_of_their_own(
    session: AsyncSession,
) -> None:
    """Field staff for Haiti who later accept an invitation for every country keep 'HT' in
    their grant's list, which every country makes void (UserView.scope): Haiti has no field
    staff of its own, so a manager of Haiti is not told it went silent."""
    await member(session, 700, Role.FIELD_STAFF, ["HT"], joined=JOINED)
    await queries.grant_role(session, 700, Role.FIELD_STAFF, (), True, actor_user_id=None)
    await session.commit()
    haiti = Scope(("HT",), all_countries=False)

    (holder,) = await queries.role_holders(session, Role.FIELD_STAFF, active_only=True)

    assert holder.scope == EVERYWHERE
    assert await silent_countries(session, scope=haiti, now=NOW) == []

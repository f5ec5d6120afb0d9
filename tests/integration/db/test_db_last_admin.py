"""The last admin keeps the role: revoking it or erasing them would leave nobody to manage
people by chat (only `fieldbot admin add`, on the server, could mend it)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import AuditAction, Role
from bot.domain.scope import EVERYWHERE, Scope
from models import people
from models.queries import audit_entries, ensure_user, grant_role
from models.tables import RoleGrant

AWA = 1001
PAUL = 1002


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """SQLite and, when available, PostgreSQL (where two admins really act at once)."""
    return any_db_url


async def _admin(session: AsyncSession, telegram_id: int, name: str) -> int:
    await ensure_user(session, telegram_id, name, "en")
    return (await grant_role(session, telegram_id, Role.ADMIN, [], True, actor_user_id=None)).id


async def _admins(session: AsyncSession) -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(RoleGrant).where(RoleGrant.role == Role.ADMIN.value)
        )
        or 0
    )


async def test_the_last_admin_is_neither_revoked_nor_erased(session: AsyncSession) -> None:
    """Awa, the only admin, took her own admin role (`fieldbot user revoke`) or was erased:
    nobody was left to manage people by chat. Now both are refused, nothing written."""
    await _admin(session, AWA, "Awa")
    await grant_role(session, AWA, Role.FIELD_STAFF, ["HT"], False, actor_user_id=None)
    await session.commit()
    for attempt in (
        people.revoke(session, AWA, [Role.ADMIN], actor_user_id=None),
        people.revoke(session, AWA, None, actor_user_id=None),
        people.erase(session, AWA, actor_user_id=None),
    ):
        with pytest.raises(people.LastAdmin) as refused:
            await attempt
        assert refused.value.person.telegram_id == AWA
        await session.rollback()
    assert await _admins(session) == 1
    assert await audit_entries(session, action=AuditAction.ROLE_REVOKED) == []
    # Her other roles may go; and the operator's --force takes the last admin too.
    done = await people.revoke(session, AWA, [Role.FIELD_STAFF], actor_user_id=None)
    assert done.revoked == (Role.FIELD_STAFF,)
    await people.erase(session, AWA, actor_user_id=None, last_admin=True)
    assert await _admins(session) == 0


async def test_an_admin_goes_while_another_stays(session: AsyncSession) -> None:
    awa = await _admin(session, AWA, "Awa")
    await _admin(session, PAUL, "Paul")
    done = await people.revoke(session, PAUL, [Role.ADMIN], actor_user_id=awa)
    assert done.revoked == (Role.ADMIN,)
    with pytest.raises(people.LastAdmin):  # Awa, now alone, stays
        await people.erase(session, AWA, actor_user_id=awa)
    assert await people.other_admins(session, PAUL, hold=False) == 1


async def test_the_last_admin_of_a_country_or_of_all_countries_is_kept(
    session: AsyncSession,
) -> None:
    """Awa, the only admin of all countries, was erased while Paul, admin of Haiti only,
    stayed: nobody could manage Kenya's people, nor name an admin of all countries, by chat.
    An admin of all countries stays without another one; a country admin, without another
    admin of each of their countries."""
    awa = await _admin(session, AWA, "Awa")
    await ensure_user(session, PAUL, "Paul", "en")
    await grant_role(session, PAUL, Role.ADMIN, ["HT"], False, actor_user_id=None)
    await session.commit()
    with pytest.raises(people.LastAdmin):
        await people.erase(session, AWA, actor_user_id=awa)
    await session.rollback()
    assert await people.other_admins(session, PAUL, hold=False) == 1  # Awa covers Haiti
    await ensure_user(session, 1003, "Kofi", "en")
    await grant_role(session, 1003, Role.ADMIN, ["KE", "HT"], False, actor_user_id=None)
    await session.commit()
    await people.erase(session, AWA, actor_user_id=None, last_admin=True)  # the operator's
    await session.commit()
    await people.revoke(session, PAUL, None, actor_user_id=None)  # Kofi covers Haiti
    await session.commit()
    await grant_role(session, PAUL, Role.ADMIN, ["HT"], False, actor_user_id=None)
    await session.commit()
    with pytest.raises(people.LastAdmin):  # nobody else for Kenya
        await people.revoke(session, 1003, None, actor_user_id=None)
    await session.rollback()
    assert await _admins(session) == 2


async def test_two_admins_erasing_themselves_at_once_leave_one(
    session_factory: async_sessionmaker[AsyncSession], db_url: str
) -> None:
    """Awa and Paul, the two admins, send /forget at the same moment: on PostgreSQL each held
    only their own row, counted the other still there, and both were erased: no admin left.
    Now the second waits on the admin grants the first holds, reads that the first one's is
    gone (a row deleted while waited for is left out) and is refused."""
    async with session_factory() as session:
        awa = await _admin(session, AWA, "Awa")
        paul = await _admin(session, PAUL, "Paul")
        await session.commit()
    async with session_factory() as first, session_factory() as second:
        await people.erase(first, AWA, actor_user_id=awa)
        if db_url.startswith("postgresql"):
            late = asyncio.create_task(people.erase(second, PAUL, actor_user_id=paul))
            await _until_one_waits(session_factory)
            await first.commit()
            with pytest.raises(people.LastAdmin):
                await late
        else:  # one writer at a time: the second reads what the first committed
            await first.commit()
            with pytest.raises(people.LastAdmin):
                await people.erase(second, PAUL, actor_user_id=paul)
        await second.rollback()
    async with session_factory() as session:
        assert await _admins(session) == 1
        assert await people.other_admins(session, AWA, hold=False) == 1  # Paul's


async def test_two_operators_revoking_both_admins_at_once_leave_one(
    session_factory: async_sessionmaker[AsyncSession], db_url: str
) -> None:
    """`fieldbot user revoke` of Awa and of Paul, run at once (no --force): one is refused."""
    async with session_factory() as session:
        await _admin(session, AWA, "Awa")
        await _admin(session, PAUL, "Paul")
        await session.commit()
    async with session_factory() as first, session_factory() as second:
        await people.revoke(first, PAUL, None, actor_user_id=None)
        if db_url.startswith("postgresql"):
            late = asyncio.create_task(people.revoke(second, AWA, None, actor_user_id=None))
            await _until_one_waits(session_factory)
            await first.commit()
            with pytest.raises(people.LastAdmin):
                await late
        else:
            await first.commit()
            with pytest.raises(people.LastAdmin):
                await people.revoke(second, AWA, None, actor_user_id=None)
        await second.rollback()
    async with session_factory() as session:
        assert await _admins(session) == 1


async def _until_one_waits(session_factory: async_sessionmaker[AsyncSession]) -> None:
    """Until a transaction of this database waits on a row lock (the second revocation); a
    session of its own each time (a transaction sees pg_stat_activity as it first read it)."""
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    for _ in range(200):
        async with session_factory() as session:
            if (await session.execute(waiting)).scalar_one():
                return
        await asyncio.sleep(0.05)
    raise AssertionError("the second revocation never waited")


async def test_fewer_countries_keep_an_admin_of_each_and_of_all(session: AsyncSession) -> None:
    """`fieldbot user set-countries` took Awa, the only admin of all countries, down to Haiti
    (or Kofi, Kenya's only admin, down to Haiti): nobody could manage Kenya's people, nor name
    an admin of all countries, by chat. Now refused, nothing written; --force does it."""
    awa = await _admin(session, AWA, "Awa")
    await ensure_user(session, 1003, "Kofi", "en")
    await grant_role(session, 1003, Role.ADMIN, ["KE", "HT"], False, actor_user_id=None)
    await session.commit()
    haiti = Scope(("HT",), False)
    with pytest.raises(people.LastAdmin) as refused:
        await people.set_countries(session, AWA, Role.ADMIN, haiti, actor_user_id=None)
    assert refused.value.uncovered == EVERYWHERE
    await session.rollback()
    assert await audit_entries(session, action=AuditAction.ROLE_SCOPE_SET) == []
    # Kofi may lose Haiti (Awa covers it), and Kenya too while Awa is admin of all countries.
    await people.set_countries(session, 1003, Role.ADMIN, haiti, actor_user_id=awa)
    await session.commit()
    await grant_role(session, 1003, Role.ADMIN, ["KE"], False, actor_user_id=None)
    await people.set_countries(
        session, AWA, Role.ADMIN, haiti, actor_user_id=None, last_admin=True
    )
    await session.commit()
    with pytest.raises(people.LastAdmin) as refused:  # nobody else for Kenya now
        await people.set_countries(session, 1003, Role.ADMIN, haiti, actor_user_id=None)
    assert refused.value.uncovered == Scope(("KE",), False)
    await session.rollback()
    # More countries, or the same, are always taken.
    both = Scope(("HT", "KE", "NE"), False)
    done = await people.set_countries(session, 1003, Role.ADMIN, both, actor_user_id=None)
    assert done.scope(Role.ADMIN) == both

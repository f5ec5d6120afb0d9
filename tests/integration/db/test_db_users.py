"""Users: upsert, settings, roles and scope."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import AuditAction, Role
from bot.domain.scope import Scope
from models.queries import (
    audit_entries,
    ensure_user,
    get_user,
    grant_role,
    revoke_role,
    set_active,
    set_language,
    set_timezone,
    users_with_role,
)


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Every test here runs on SQLite and, when available, on PostgreSQL."""
    return any_db_url


# Telegram ids beyond 2**31: the column must be a BigInteger on both databases.
ALICE = 7_000_000_001
BOB = 7_000_000_002


async def test_ensure_user_inserts_once_then_refreshes_name_and_hint(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        created = await ensure_user(session, ALICE, "Alice", "pt-br")
        await session.commit()
    async with session_factory() as session:
        again = await ensure_user(session, ALICE, "Alice M.", None)
        await session.commit()
    async with session_factory() as session:
        stored = await get_user(session, ALICE)
        created_entries = await audit_entries(session, action=AuditAction.USER_CREATED)

    assert created.telegram_id == ALICE
    assert created.telegram_language == "pt-br"
    assert created.roles == frozenset()
    assert created.timezone == "UTC"
    assert created.active
    assert not created.is_known()
    assert again.id == created.id
    assert stored == again
    assert stored is not None
    assert (stored.display_name, stored.telegram_language) == ("Alice M.", None)
    assert len(created_entries) == 1


async def test_get_user_returns_none_for_a_stranger(session: AsyncSession) -> None:
    assert await get_user(session, BOB) is None


async def test_language_timezone_and_active_are_stored(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:

    async with session_factory() as session:
        await ensure_user(session, ALICE, "Alice", "fr")
        await set_language(session, ALICE, "es")
        await set_timezone(session, ALICE, "America/Port-au-Prince")
        await set_active(session, ALICE, False)
        await session.commit()
    async with session_factory() as session:
        stored = await get_user(session, ALICE)
        assert stored is not None
        assert (stored.language, stored.telegram_language) == ("es", "fr")
        assert stored.timezone == "America/Port-au-Prince"
        assert not stored.active
        # A message from the user proves they unblocked the bot.
        assert (await ensure_user(session, ALICE, "Alice", "fr")).active
        actions = [entry.action for entry in await audit_entries(session)]
    assert AuditAction.USER_DEACTIVATED in actions
    assert AuditAction.LANGUAGE_SET in actions
    assert AuditAction.TIMEZONE_SET in actions


async def test_setting_language_of_an_unknown_user_raises(session: AsyncSession) -> None:
    with pytest.raises(LookupError):
        await set_language(session, BOB, "en")


async def test_each_granted_role_keeps_its_own_countries(session: AsyncSession) -> None:
    await ensure_user(session, ALICE, "Alice", None)
    await grant_role(session, ALICE, Role.FIELD_STAFF, ["ht", "SN"], False, actor_user_id=None)
    user = await grant_role(session, ALICE, Role.MANAGER, ["SN", "ML"], False, actor_user_id=None)
    await session.commit()

    assert user.roles == {Role.FIELD_STAFF, Role.MANAGER}
    assert user.scope(Role.FIELD_STAFF) == Scope(("HT", "SN"), all_countries=False)
    assert user.scope(Role.MANAGER) == Scope(("ML", "SN"), all_countries=False)
    assert not user.scope(Role.FIELD_STAFF).covers("ml")
    assert user.scope(Role.MANAGER).covers("ml")
    # A second grant of a held role adds its countries to that role only.
    again = await grant_role(session, ALICE, Role.MANAGER, ["FR"], False, actor_user_id=None)
    assert again.scope(Role.MANAGER).countries == ("FR", "ML", "SN")
    assert again.scope(Role.FIELD_STAFF).countries == ("HT", "SN")
    assert await get_user(session, ALICE) == again
    granted = await audit_entries(session, action=AuditAction.ROLE_GRANTED)
    assert [entry.details["role"] for entry in granted] == ["manager", "manager", "field_staff"]
    assert granted[0].target_id == str(user.id)


async def test_grant_to_someone_who_never_wrote_creates_them(session: AsyncSession) -> None:
    admin = await grant_role(session, BOB, Role.ADMIN, [], True, actor_user_id=None)
    await session.commit()
    assert admin.has_role(Role.ADMIN)
    assert admin.scope(Role.ADMIN).all_countries
    assert admin.display_name == ""
    assert await get_user(session, BOB) == admin


async def test_grant_rejects_a_malformed_country(session: AsyncSession) -> None:
    await ensure_user(session, ALICE, "Alice", None)
    with pytest.raises(ValueError, match="alpha-2"):
        await grant_role(session, ALICE, Role.VOLUNTEER, ["Haiti"], False, actor_user_id=None)


async def test_revoking_a_role_removes_its_countries_only(session: AsyncSession) -> None:
    await ensure_user(session, ALICE, "Alice", None)
    await grant_role(session, ALICE, Role.FIELD_STAFF, ["HT"], False, actor_user_id=None)
    await grant_role(session, ALICE, Role.VOLUNTEER, ["SN"], False, actor_user_id=None)

    after_one = await revoke_role(session, ALICE, Role.VOLUNTEER, actor_user_id=None)
    assert after_one.roles == {Role.FIELD_STAFF}
    assert after_one.any_scope == Scope(("HT",), all_countries=False)

    after_all = await revoke_role(session, ALICE, Role.FIELD_STAFF, actor_user_id=None)
    assert not after_all.is_known()
    assert after_all.any_scope.is_empty
    # Revoking a role the user does not hold changes nothing and audits nothing.
    await revoke_role(session, ALICE, Role.ADMIN, actor_user_id=None)
    assert len(await audit_entries(session, action=AuditAction.ROLE_REVOKED)) == 2


async def test_users_with_role_finds_exactly_the_holders(session: AsyncSession) -> None:
    await ensure_user(session, ALICE, "Alice", None)
    await ensure_user(session, BOB, "Bob", None)
    await grant_role(session, ALICE, Role.MANAGER, ["HT"], False, actor_user_id=None)
    await grant_role(session, BOB, Role.MANAGER, [], True, actor_user_id=None)
    await grant_role(session, BOB, Role.FIELD_STAFF, [], True, actor_user_id=None)
    await set_active(session, BOB, False)
    await session.commit()

    managers = await users_with_role(session, Role.MANAGER)
    assert [user.telegram_id for user in managers] == [ALICE, BOB]
    reachable = await users_with_role(session, Role.MANAGER, active_only=True)
    assert [user.telegram_id for user in reachable] == [ALICE]
    assert [u.telegram_id for u in await users_with_role(session, Role.FIELD_STAFF)] == [BOB]
    assert await users_with_role(session, Role.VOLUNTEER) == []


async def test_nothing_is_kept_without_a_commit(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        await ensure_user(session, ALICE, "Alice", None)
        await session.rollback()
    async with session_factory() as session:
        assert await get_user(session, ALICE) is None

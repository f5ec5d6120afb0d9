"""Invites: every outcome of a redemption, and the race for a single-use code."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import AuditAction, Role
from models.queries import (
    RedeemOutcome,
    RedeemResult,
    audit_entries,
    create_invite,
    ensure_user,
    get_user,
    grant_role,
    hash_invite_code,
    redeem_invite,
    revoke_invite,
)
from models.tables import Invite, InviteUse


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Every test here runs on SQLite and, when available, on PostgreSQL."""
    return any_db_url


NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
ADMIN = 100
ALICE = 201
BOB = 202


async def _admin_id(session: AsyncSession) -> int:
    return (await grant_role(session, ADMIN, Role.ADMIN, [], True, actor_user_id=None)).id


async def _redeem(
    session: AsyncSession, code: str, telegram_id: int, now: datetime = NOW
) -> RedeemResult:

    return await redeem_invite(
        session,
        code,
        telegram_id=telegram_id,
        display_name=f"user {telegram_id}",
        telegram_language="fr",
        now=now,
    )


async def test_code_is_returned_once_and_only_its_hash_is_stored(session: AsyncSession) -> None:
    admin_id = await _admin_id(session)
    code, invite = await create_invite(
        session,
        role=Role.FIELD_STAFF,
        countries=["ht"],
        all_countries=False,
        expires_at=NOW + timedelta(days=7),
        created_by_user_id=admin_id,
    )
    await session.commit()

    row = (await session.execute(select(Invite))).scalar_one()
    assert row.code_hash == hash_invite_code(code)
    assert code not in repr([(c.name, getattr(row, c.name)) for c in Invite.__table__.columns])
    assert (invite.role, invite.countries, invite.max_uses, invite.uses) == (
        Role.FIELD_STAFF,
        ("HT",),
        1,
        0,
    )
    assert invite.expires_at == NOW + timedelta(days=7)
    created = await audit_entries(session, action=AuditAction.INVITE_CREATED)
    assert created[0].actor_user_id == admin_id
    assert code not in str(created[0].details)


async def test_redeeming_a_valid_code_grants_role_and_scope(session: AsyncSession) -> None:
    admin_id = await _admin_id(session)
    code, invite = await create_invite(
        session,
        role=Role.MANAGER,
        countries=["HT", "SN"],
        all_countries=False,
        expires_at=NOW + timedelta(hours=1),
        created_by_user_id=admin_id,
    )
    result = await _redeem(session, code, ALICE)
    await session.commit()

    assert result.outcome is RedeemOutcome.OK
    assert result.ok
    assert result.user is not None
    assert result.user.roles == {Role.MANAGER}
    assert result.user.scope(Role.MANAGER).countries == ("HT", "SN")
    assert result.user.telegram_language == "fr"
    assert result.invite is not None
    assert result.invite.uses == 1
    uses = (await session.execute(select(InviteUse))).scalars().all()
    assert [(use.invite_id, use.user_id, use.used_at) for use in uses] == [
        (invite.id, result.user.id, NOW)
    ]
    used = await audit_entries(session, action=AuditAction.INVITE_USED)
    assert used[0].actor_user_id == result.user.id
    assert used[0].target_id == str(invite.id)
    granted = await audit_entries(session, action=AuditAction.ROLE_GRANTED)
    assert granted[0].actor_user_id == admin_id


async def test_expired_code_is_refused(session: AsyncSession) -> None:
    code, _ = await create_invite(
        session,
        role=Role.VOLUNTEER,
        countries=["HT"],
        all_countries=False,
        expires_at=NOW,
        created_by_user_id=None,
    )
    result = await _redeem(session, code, ALICE)
    assert result.outcome is RedeemOutcome.EXPIRED
    assert result.user is None
    assert await get_user(session, ALICE) is None


async def test_single_use_code_cannot_be_used_twice(session: AsyncSession) -> None:
    code, invite = await create_invite(
        session,
        role=Role.VOLUNTEER,
        countries=["HT"],
        all_countries=False,
        expires_at=NOW + timedelta(days=1),
        created_by_user_id=None,
    )
    assert (await _redeem(session, code, ALICE)).ok
    second = await _redeem(session, code, BOB)
    await session.commit()

    assert second.outcome is RedeemOutcome.USED_UP
    assert second.invite is not None
    assert second.invite.uses == 1
    rejected = await audit_entries(session, action=AuditAction.INVITE_REJECTED)
    assert [(entry.target_id, entry.details) for entry in rejected] == [
        (str(invite.id), {"outcome": "used_up"})
    ]


async def test_multi_use_code_stops_at_its_limit(session: AsyncSession) -> None:
    code, _ = await create_invite(
        session,
        role=Role.FIELD_STAFF,
        countries=["SN"],
        all_countries=False,
        expires_at=NOW + timedelta(days=1),
        max_uses=2,
        created_by_user_id=None,
    )
    outcomes = [(await _redeem(session, code, telegram_id)).outcome for telegram_id in (1, 2, 3)]
    assert outcomes == [RedeemOutcome.OK, RedeemOutcome.OK, RedeemOutcome.USED_UP]


async def test_forged_and_malformed_codes_are_unknown(session: AsyncSession) -> None:
    forged = await _redeem(session, "A" * 22, ALICE)
    malformed = await _redeem(session, "not a code; DROP TABLE users", ALICE)
    too_long = await _redeem(session, "a" * 65, ALICE)
    await session.commit()

    assert {forged.outcome, malformed.outcome, too_long.outcome} == {RedeemOutcome.UNKNOWN}
    assert forged.invite is None
    rejected = await audit_entries(session, action=AuditAction.INVITE_REJECTED)
    assert len(rejected) == 3
    assert all(entry.target_id is None for entry in rejected)
    assert all(entry.details == {"outcome": "unknown"} for entry in rejected)


async def test_revoked_code_is_refused(session: AsyncSession) -> None:
    admin_id = await _admin_id(session)
    code, invite = await create_invite(
        session,
        role=Role.FIELD_STAFF,
        countries=["HT"],
        all_countries=False,
        expires_at=NOW + timedelta(days=1),
        created_by_user_id=admin_id,
    )
    revoked = await revoke_invite(session, invite.id, now=NOW, actor_user_id=admin_id)
    assert revoked is not None
    assert revoked.revoked_at == NOW
    assert await revoke_invite(session, 999_999, now=NOW, actor_user_id=None) is None
    assert (await _redeem(session, code, ALICE)).outcome is RedeemOutcome.REVOKED


async def test_member_with_the_role_already_does_not_consume_a_use(session: AsyncSession) -> None:
    code, invite = await create_invite(
        session,
        role=Role.FIELD_STAFF,
        countries=["HT"],
        all_countries=False,
        expires_at=NOW + timedelta(days=1),
        created_by_user_id=None,
    )
    await ensure_user(session, ALICE, "Alice", None)
    await grant_role(session, ALICE, Role.FIELD_STAFF, ["HT", "SN"], False, actor_user_id=None)
    result = await _redeem(session, code, ALICE)
    assert result.outcome is RedeemOutcome.ALREADY_MEMBER
    assert result.invite == invite
    # The same code still works for the person it was meant for.
    assert (await _redeem(session, code, BOB)).ok


async def test_two_simultaneous_redemptions_of_a_single_use_code_one_wins(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        code, invite = await create_invite(
            session,
            role=Role.FIELD_STAFF,
            countries=["HT"],
            all_countries=False,
            expires_at=NOW + timedelta(days=1),
            created_by_user_id=None,
        )
        await session.commit()

    async def attempt(telegram_id: int) -> RedeemOutcome:
        # Two sessions, two connections: the way two workers (or two taps) race.
        async with session_factory() as session:
            result = await _redeem(session, code, telegram_id)
            await session.commit()
            return result.outcome

    outcomes = await asyncio.gather(attempt(ALICE), attempt(BOB))

    assert sorted(outcomes) == sorted([RedeemOutcome.OK, RedeemOutcome.USED_UP])
    async with session_factory() as session:
        stored = await session.get(Invite, invite.id)
        assert stored is not None
        assert stored.uses == 1
        assert len((await session.execute(select(InviteUse))).scalars().all()) == 1

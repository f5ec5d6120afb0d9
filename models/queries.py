"""Data access: plain async functions over an AsyncSession.

They never commit (the handler or the job owns the unit of work) and return frozen dataclasses,
never ORM rows, so nothing lazy-loads after the session is gone.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, bindparam, insert, literal, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import AuditAction, Role
from bot.domain.grants import may_grant
from bot.domain.people import UserView, listed_countries, stored_name
from bot.domain.scope import EVERYWHERE, Scope
from bot.domain.timezones import effective_zone
from models.fsm_records import RECORD_BY_KEY, prime, storage_key_string
from models.sqlite import DEFERRED
from models.tables import AuditEntry, Invite, InviteUse, ProcessedUpdate, RoleGrant, User
from models.upsert import upsert

if TYPE_CHECKING:
    from aiogram.fsm.storage.base import StorageKey

# --- Views --------------------------------------------------------------------------------


@dataclass(frozen=True)
class InviteView:
    id: int
    role: Role
    countries: tuple[str, ...]
    all_countries: bool
    expires_at: datetime
    max_uses: int
    uses: int
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class AuditView:
    id: int
    at: datetime
    actor_user_id: int | None
    action: AuditAction
    target_type: str | None
    target_id: str | None
    details: Mapping[str, Any] = field(default_factory=dict)


class RedeemOutcome(StrEnum):
    """What happened to an invite code.

    OK: the role and scope were granted and one use was consumed.
    UNKNOWN: no invite has this code (mistyped, forged, or not an invite code at all).
    EXPIRED / USED_UP / REVOKED: the invite exists but can no longer be used.
    ALREADY_MEMBER: the user already holds the role and the invite would add no country;
        nothing changes and no use is consumed, so a tap on an old link costs nothing.
    """

    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED_UP = "used_up"
    REVOKED = "revoked"
    ALREADY_MEMBER = "already_member"


@dataclass(frozen=True)
class RedeemResult:
    outcome: RedeemOutcome
    user: UserView | None
    invite: InviteView | None
    # ALREADY_MEMBER: whether this is the invitation they joined with, or another one.
    joined_with_it: bool = False

    @property
    def ok(self) -> bool:
        return self.outcome is RedeemOutcome.OK


def _user_view(row: User) -> UserView:
    return _view_of(row, row.grants)


def _view_of(person: Any, grants: Iterable[Any]) -> UserView:
    """A UserView from a users row and its role_grants rows (ORM objects or Core rows alike);
    its time zone is the effective one (their country's until they choose)."""
    scopes = {
        Role(grant.role): Scope(tuple(grant.countries or ()), grant.all_countries)
        for grant in grants
    }
    countries = listed_countries(scopes)
    return UserView(
        id=person.id,
        telegram_id=person.telegram_id,
        display_name=person.display_name,
        language=person.language,
        telegram_language=person.telegram_language,
        grants=scopes,
        timezone=effective_zone(person.timezone, person.timezone_chosen, countries),
        active=person.active,
        joined=getattr(person, "created_at", None),
        timezone_chosen=person.timezone_chosen,
    )


def _invite_view(row: Invite) -> InviteView:
    return InviteView(
        id=row.id,
        role=Role(row.role),
        countries=tuple(row.countries or ()),
        all_countries=row.all_countries,
        expires_at=row.expires_at,
        max_uses=row.max_uses,
        uses=row.uses,
        revoked_at=row.revoked_at,
    )


def _normalise_countries(countries: Iterable[str]) -> list[str]:
    """Upper-case, deduplicated, sorted alpha-2 codes; anything else is a programming error."""
    codes = {code.strip().upper() for code in countries}
    for code in codes:
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise ValueError(f"not an ISO 3166 alpha-2 country code: {code!r}")
    return sorted(codes)


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


# --- Users --------------------------------------------------------------------------------


# Statements every update runs, built once (building one costs about as much as running it).
# populate_existing: a Core UPDATE/upsert may have changed the row behind the identity map.
_USER_BY_TELEGRAM_ID = (
    select(User)
    .where(User.telegram_id == bindparam("telegram_id"))
    .execution_options(populate_existing=True)
)
# The user and their grants in one Core statement (no ORM objects: every update reads it).
_USERS: Table = User.__table__  # type: ignore[assignment]
_GRANTS: Table = RoleGrant.__table__  # type: ignore[assignment]
_PROCESSED: Table = ProcessedUpdate.__table__  # type: ignore[assignment]
_USER_WITH_GRANTS = (
    select(
        _USERS.c.id,
        _USERS.c.telegram_id,
        _USERS.c.display_name,
        _USERS.c.language,
        _USERS.c.telegram_language,
        _USERS.c.timezone,
        _USERS.c.timezone_chosen,
        _USERS.c.active,
        _GRANTS.c.role,
        _GRANTS.c.countries,
        _GRANTS.c.all_countries,
    )
    .select_from(_USERS.outerjoin(_GRANTS, _GRANTS.c.user_id == _USERS.c.id))
    .where(_USERS.c.telegram_id == bindparam("telegram_id"))
    .order_by(_GRANTS.c.role)
)
_PROCESSED_ROW = select(ProcessedUpdate.replies, ProcessedUpdate.processed_at).where(
    ProcessedUpdate.bot_id == bindparam("bot_id"),
    ProcessedUpdate.update_id == bindparam("update_id"),
)
# Core (no ORM bulk-insert machinery); its result is never read, so on SQLite it goes with the
# COMMIT (models.sqlite.DEFERRED).
_INSERT_PROCESSED = insert(_PROCESSED).execution_options(**{DEFERRED: True})
_CLEAR_REPLIES = (
    update(ProcessedUpdate)
    .where(
        ProcessedUpdate.bot_id == bindparam("of_bot"),
        ProcessedUpdate.update_id.in_(bindparam("ids", expanding=True)),
    )
    .values(replies=None)
    .execution_options(synchronize_session=False)
)


async def _load_user(session: AsyncSession, telegram_id: int) -> User | None:
    result = await session.execute(_USER_BY_TELEGRAM_ID, {"telegram_id": telegram_id})
    # unique(): the user's grants come in the same statement, one row per grant.
    return result.unique().scalar_one_or_none()


async def _require_user(session: AsyncSession, telegram_id: int) -> User:
    row = await _load_user(session, telegram_id)
    if row is None:
        raise LookupError(f"no user with telegram id {telegram_id}")
    return row


async def get_user(session: AsyncSession, telegram_id: int) -> UserView | None:
    rows = (await session.execute(_USER_WITH_GRANTS, {"telegram_id": telegram_id})).all()
    return _user_of_rows(rows) if rows else None


def _user_of_rows(rows: Sequence[Any]) -> UserView:
    """A user from the rows of _USER_WITH_GRANTS (one per grant; one with no role if none)."""
    return _view_of(rows[0], [row for row in rows if row.role is not None])


_ONE = select(literal(1).label("one")).subquery()
# The user (if known), their grants and the chat's conversation state, in one statement: the
# first read of every update (one trip to the database instead of two).
_USER_AND_STATE = (
    select(
        *_USER_WITH_GRANTS.selected_columns,
        RECORD_BY_KEY.c.state.label("fsm_state"),
        RECORD_BY_KEY.c.data.label("fsm_data"),
    )
    .select_from(
        _ONE.outerjoin(RECORD_BY_KEY, true())
        .outerjoin(_USERS, _USERS.c.telegram_id == bindparam("telegram_id"))
        .outerjoin(_GRANTS, _GRANTS.c.user_id == _USERS.c.id)
    )
    .order_by(_GRANTS.c.role)
)


async def get_user_and_state(
    session: AsyncSession, telegram_id: int, key: StorageKey
) -> UserView | None:
    """The user, as get_user gives it; the chat's state (`key`) goes to the FSM storage's cache
    of this transaction (models.fsm_records.prime), where its next read finds it."""
    rows = (
        await session.execute(
            _USER_AND_STATE, {"telegram_id": telegram_id, "fsm_key": storage_key_string(key)}
        )
    ).all()
    first = rows[0]
    prime(session, key, first.fsm_state, first.fsm_data)
    return _user_of_rows(rows) if first.id is not None else None


async def get_user_by_id(session: AsyncSession, user_id: int) -> UserView | None:
    """A member by their row id (a button's), with their roles."""
    statement = select(User).where(User.id == user_id).execution_options(populate_existing=True)
    row = (await session.execute(statement)).unique().scalar_one_or_none()
    return None if row is None else _user_view(row)


async def _ensure_user_row(
    session: AsyncSession, telegram_id: int, display_name: str, telegram_language: str | None
) -> User:
    display_name = stored_name(display_name)
    telegram_language = telegram_language[:16] if telegram_language else None
    row = await _load_user(session, telegram_id)
    if row is not None:
        # Called for every update: write only when something changed (on SQLite a write takes
        # the database lock). A message from the user also proves they have not blocked us.
        if (row.display_name, row.telegram_language, row.active) != (
            display_name,
            telegram_language,
            True,
        ):
            row.display_name = display_name
            row.telegram_language = telegram_language
            row.active = True
            await session.flush()
        return row

    now = utcnow()
    values = {
        "telegram_id": telegram_id,
        "display_name": display_name,
        "telegram_language": telegram_language,
        "timezone": "UTC",
        "active": True,
        "created_at": now,
        "updated_at": now,
    }
    # An upsert, not a plain insert: if another worker inserted the same person meanwhile, this
    # refreshes their row instead of failing the update.
    statement = upsert(
        session,
        User.__table__,  # type: ignore[arg-type]
        values,
        conflict=["telegram_id"],
        update={
            "display_name": display_name,
            "telegram_language": telegram_language,
            "active": True,
            "updated_at": now,
        },
    )
    await session.execute(statement)
    row = await _require_user(session, telegram_id)
    await add_audit(
        session,
        actor_user_id=row.id,
        action=AuditAction.USER_CREATED,
        target_type="user",
        target_id=str(row.id),
    )
    return row


async def ensure_user(
    session: AsyncSession, telegram_id: int, display_name: str, telegram_language: str | None
) -> UserView:
    """Insert the user, or refresh their name and Telegram language hint; marks them active."""
    return _user_view(
        await _ensure_user_row(session, telegram_id, display_name, telegram_language)
    )


async def set_language(session: AsyncSession, telegram_id: int, language: str) -> None:
    row = await _require_user(session, telegram_id)
    row.language = language
    await session.flush()
    await add_audit(
        session,
        actor_user_id=row.id,
        action=AuditAction.LANGUAGE_SET,
        target_type="user",
        target_id=str(row.id),
        details={"language": language},
    )


async def set_timezone(session: AsyncSession, telegram_id: int, timezone: str) -> None:
    """Set the user's IANA time zone, their choice (the caller validates the name with
    zoneinfo): it wins over their country's from now on."""
    row = await _require_user(session, telegram_id)
    row.timezone = timezone
    row.timezone_chosen = True
    await session.flush()
    await add_audit(
        session,
        actor_user_id=row.id,
        action=AuditAction.TIMEZONE_SET,
        target_type="user",
        target_id=str(row.id),
        details={"timezone": timezone},
    )


async def set_active(session: AsyncSession, telegram_id: int, active: bool) -> None:
    """Mark a user (in)active: False after a 403 (they blocked the bot); unknown ids: no-op."""
    row = await _load_user(session, telegram_id)
    if row is None or row.active == active:
        return
    row.active = active
    await session.flush()
    await add_audit(
        session,
        actor_user_id=None,
        action=AuditAction.USER_REACTIVATED if active else AuditAction.USER_DEACTIVATED,
        target_type="user",
        target_id=str(row.id),
    )


def keep_zone(row: User) -> None:
    """Called before their countries change: someone who never chose a zone keeps the one they
    have (their countries' clock) where the new countries keep different clocks (Kenya's and
    Haiti's), instead of falling to UTC, three hours off in Nairobi; where the new countries
    keep one clock, it is theirs (bot.domain.timezones.effective_zone)."""
    if not row.timezone_chosen:
        row.timezone = _user_view(row).timezone


async def _grant(
    session: AsyncSession,
    row: User,
    role: Role,
    countries: Sequence[str],
    all_countries: bool,
    actor_user_id: int | None,
) -> UserView:
    """Add `role` with its countries; a role already held gets the countries added to its own."""
    added = _normalise_countries(countries)
    keep_zone(row)
    grant = next((g for g in row.grants if g.role == role.value), None)
    if grant is None:
        row.grants.append(
            RoleGrant(
                role=role.value,
                countries=added,
                all_countries=all_countries,
                granted_at=utcnow(),
            )
        )
    else:
        # New lists, not in-place edits: plain JSON columns do not track mutation.
        grant.countries = sorted({*grant.countries, *added})
        grant.all_countries = grant.all_countries or all_countries
    await session.flush()
    await add_audit(
        session,
        actor_user_id=actor_user_id,
        action=AuditAction.ROLE_GRANTED,
        target_type="user",
        target_id=str(row.id),
        details={"role": role.value, "countries": added, "all_countries": all_countries},
    )
    return _user_view(row)


async def grant_role(
    session: AsyncSession,
    telegram_id: int,
    role: Role,
    countries: Sequence[str],
    all_countries: bool,
    *,
    actor_user_id: int | None,
) -> UserView:
    """Add `role` and merge the country scope into the user's scope.

    A user who never talked to the bot (an admin bootstrapped from the CLI) is created with an
    empty display name; their first message fills it in.
    """
    row = await _load_user(session, telegram_id)
    if row is None:
        row = await _ensure_user_row(session, telegram_id, "", None)
    return await _grant(session, row, role, countries, all_countries, actor_user_id)


async def revoke_role(
    session: AsyncSession, telegram_id: int, role: Role, *, actor_user_id: int | None
) -> UserView:
    """Remove `role` and its countries. Raises LookupError for an unknown user."""
    row = await _require_user(session, telegram_id)
    grant = next((g for g in row.grants if g.role == role.value), None)
    if grant is None:
        return _user_view(row)
    keep_zone(row)
    row.grants.remove(grant)
    await session.flush()
    await add_audit(
        session,
        actor_user_id=actor_user_id,
        action=AuditAction.ROLE_REVOKED,
        target_type="user",
        target_id=str(row.id),
        details={"role": role.value},
    )
    return _user_view(row)


async def users_with_role(
    session: AsyncSession, role: Role, *, active_only: bool = False
) -> list[UserView]:
    """Users holding `role`, by id. `active_only` leaves out users who blocked the bot."""
    statement = (
        select(User)
        .where(User.grants.any(RoleGrant.role == role.value))
        .order_by(User.id)
        .execution_options(populate_existing=True)
    )
    if active_only:
        statement = statement.where(User.active.is_(True))
    rows = (await session.execute(statement)).unique().scalars()
    return [_user_view(row) for row in rows]


@dataclass(frozen=True)
class Holder:
    """Someone holding a role: its countries and since when (no name, no other role)."""

    user_id: int
    scope: Scope
    granted_at: datetime


async def role_holders(
    session: AsyncSession, role: Role, *, active_only: bool = False
) -> list[Holder]:
    """The grants of `role`, by user id: what the digest and the indicators read of hundreds
    of people for every manager, in one light query (users_with_role builds each person's
    whole view, every role of theirs, and costs a hundred times more)."""
    statement = (
        select(
            RoleGrant.user_id, RoleGrant.countries, RoleGrant.all_countries, RoleGrant.granted_at
        )
        .join(User, User.id == RoleGrant.user_id)
        .where(RoleGrant.role == role.value)
        .order_by(RoleGrant.user_id)
    )
    if active_only:
        statement = statement.where(User.active.is_(True))
    return [
        # Every country makes the grant's list void (it keeps the countries it had before),
        # as UserView.scope reads it: staff of every country name no country of their own.
        Holder(
            int(user_id),
            EVERYWHERE if everywhere else Scope(tuple(countries or ()), all_countries=False),
            granted_at,
        )
        for user_id, countries, everywhere, granted_at in await session.execute(statement)
    ]


# --- Invites ------------------------------------------------------------------------------

# Telegram deep-link payloads: at most 64 characters of A-Za-z0-9_-.
_CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def hash_invite_code(code: str) -> str:
    """The sha256 hex digest stored in place of the code."""
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def new_invite_code() -> str:
    """A fresh code for a `t.me/<bot>?start=<code>` link: 22 URL-safe characters (128 bits)."""
    return secrets.token_urlsafe(16)


def is_invite_code_shaped(code: str) -> bool:
    """True when `code` could be a deep-link payload (checked before touching the database)."""
    return _CODE_RE.fullmatch(code) is not None


async def create_invite(
    session: AsyncSession,
    *,
    role: Role,
    countries: Sequence[str],
    all_countries: bool,
    expires_at: datetime,
    max_uses: int = 1,
    created_by_user_id: int | None,
) -> tuple[str, InviteView]:
    """Create an invite and return its code: the only time the plain code exists."""
    _require_aware(expires_at, "expires_at")
    if max_uses < 1:
        raise ValueError("max_uses must be at least 1")
    code = new_invite_code()
    row = Invite(
        code_hash=hash_invite_code(code),
        role=role.value,
        countries=_normalise_countries(countries),
        all_countries=all_countries,
        expires_at=expires_at,
        max_uses=max_uses,
        uses=0,
        created_by_user_id=created_by_user_id,
        created_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    await add_audit(
        session,
        actor_user_id=created_by_user_id,
        action=AuditAction.INVITE_CREATED,
        target_type="invite",
        target_id=str(row.id),
        details={
            "role": role.value,
            "countries": list(row.countries),
            "all_countries": all_countries,
            "max_uses": max_uses,
        },
    )
    return code, _invite_view(row)


async def revoke_invite(
    session: AsyncSession, invite_id: int, *, now: datetime, actor_user_id: int | None
) -> InviteView | None:
    """Revoke an invite (idempotent); None when there is no such invite."""
    _require_aware(now, "now")
    row = await session.get(Invite, invite_id, populate_existing=True)
    if row is None:
        return None
    if row.revoked_at is None:
        row.revoked_at = now
        await session.flush()
        await add_audit(
            session,
            actor_user_id=actor_user_id,
            action=AuditAction.INVITE_REVOKED,
            target_type="invite",
            target_id=str(row.id),
        )
    return _invite_view(row)


async def withdraw_invite(
    session: AsyncSession, invite_id: int, *, now: datetime, actor: UserView
) -> tuple[bool, InviteView | None]:
    """An admin withdraws an invitation they issued, or one of their admin countries': True
    when its link no longer works because of it; False, with the invitation as it is, when it
    was used, expired or withdrawn already (a use taken at the same moment comes first: the
    one conditional UPDATE of redeem_invite); (False, None): no such invitation of theirs."""
    _require_aware(now, "now")
    row = await session.get(Invite, invite_id, populate_existing=True)
    if row is None:
        return False, None
    scope = Scope(tuple(row.countries or ()), bool(row.all_countries))
    if row.created_by_user_id != actor.id and not may_grant(actor, scope):
        return False, None
    taken = await session.execute(
        update(Invite)
        .where(
            Invite.id == invite_id,
            Invite.revoked_at.is_(None),
            Invite.uses < Invite.max_uses,
            Invite.expires_at > now,
        )
        .values(revoked_at=now)
        .returning(Invite.id)
        .execution_options(synchronize_session=False)
    )
    withdrawn = taken.scalar_one_or_none() is not None
    await session.refresh(row)
    if withdrawn:
        await add_audit(
            session,
            actor_user_id=actor.id,
            action=AuditAction.INVITE_REVOKED,
            target_type="invite",
            target_id=str(row.id),
        )
    return withdrawn, _invite_view(row)


async def _reject(
    session: AsyncSession,
    outcome: RedeemOutcome,
    invite: Invite | None,
    user: User | None,
) -> RedeemResult:
    await add_audit(
        session,
        actor_user_id=user.id if user is not None else None,
        action=AuditAction.INVITE_REJECTED,
        target_type="invite" if invite is not None else None,
        target_id=str(invite.id) if invite is not None else None,
        details={"outcome": outcome.value},
    )
    return RedeemResult(
        outcome=outcome,
        user=_user_view(user) if user is not None else None,
        invite=_invite_view(invite) if invite is not None else None,
    )


def _why_unusable(invite: Invite, now: datetime) -> RedeemOutcome:
    if invite.revoked_at is not None:
        return RedeemOutcome.REVOKED
    if invite.expires_at <= now:
        return RedeemOutcome.EXPIRED
    return RedeemOutcome.USED_UP


async def _issuer_may_still_grant(session: AsyncSession, invite: Invite) -> bool:
    """An invitation carries its admin's authority: it grants only what they may grant today
    (one made from the command line, without an admin, always may)."""
    if invite.created_by_user_id is None:
        return True
    issuer = await session.get(User, invite.created_by_user_id)
    if issuer is None:
        return False
    return may_grant(_user_view(issuer), Scope(tuple(invite.countries), invite.all_countries))


async def redeem_invite(
    session: AsyncSession,
    code: str,
    *,
    telegram_id: int,
    display_name: str,
    telegram_language: str | None,
    now: datetime,
) -> RedeemResult:
    """Use an invite code: grant its role and scope to the user, at most `max_uses` times.

    The use is taken with one conditional UPDATE (uses < max_uses, not revoked, not expired),
    so two simultaneous redemptions of a single-use code cannot both succeed: the database
    serialises the two UPDATEs and the second one matches no row. A rejected attempt leaves an
    audit entry with the outcome (never the code) and creates no user row.
    """
    _require_aware(now, "now")
    existing = await _load_user(session, telegram_id)
    if not is_invite_code_shaped(code):
        return await _reject(session, RedeemOutcome.UNKNOWN, None, existing)

    statement = (
        select(Invite)
        .where(Invite.code_hash == hash_invite_code(code))
        .execution_options(populate_existing=True)
    )
    invite = (await session.execute(statement)).scalar_one_or_none()
    if invite is None:
        return await _reject(session, RedeemOutcome.UNKNOWN, None, existing)

    # Someone who already holds what the invite gives (tapping the link they joined with
    # again, even once it is used up or expired) is told so; nothing changes.
    role = Role(invite.role)
    held = _user_view(existing).grants.get(role) if existing is not None else None
    if (
        existing is not None
        and held is not None
        and (
            held.all_countries
            or (not invite.all_countries and set(invite.countries) <= set(held.countries))
        )
    ):
        used = await session.scalar(
            select(InviteUse.id).where(
                InviteUse.invite_id == invite.id, InviteUse.user_id == existing.id
            )
        )
        return RedeemResult(
            RedeemOutcome.ALREADY_MEMBER,
            _user_view(existing),
            _invite_view(invite),
            joined_with_it=used is not None,
        )

    if invite.revoked_at is not None or invite.expires_at <= now or invite.uses >= invite.max_uses:
        return await _reject(session, _why_unusable(invite, now), invite, existing)
    if not await _issuer_may_still_grant(session, invite):
        # Its admin's countries were narrowed since (or the admin is gone): it ends with them.
        invite.revoked_at = now
        await session.flush()
        return await _reject(session, RedeemOutcome.REVOKED, invite, existing)

    taken = await session.execute(
        update(Invite)
        .where(
            Invite.id == invite.id,
            Invite.uses < Invite.max_uses,
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
        )
        .values(uses=Invite.uses + 1)
        .returning(Invite.id)
        .execution_options(synchronize_session=False)
    )
    if taken.scalar_one_or_none() is None:
        # Someone else took the last use (or revoked it) between our read and our write.
        await session.refresh(invite)
        return await _reject(session, _why_unusable(invite, now), invite, existing)
    await session.refresh(invite)

    user = await _ensure_user_row(session, telegram_id, display_name, telegram_language)
    view = await _grant(
        session,
        user,
        role,
        invite.countries,
        invite.all_countries,
        # The role is granted by whoever issued the invite.
        actor_user_id=invite.created_by_user_id,
    )
    session.add(InviteUse(invite_id=invite.id, user_id=user.id, used_at=now))
    await session.flush()
    await add_audit(
        session,
        actor_user_id=user.id,
        action=AuditAction.INVITE_USED,
        target_type="invite",
        target_id=str(invite.id),
        details={"role": role.value, "uses": invite.uses, "max_uses": invite.max_uses},
    )
    return RedeemResult(RedeemOutcome.OK, view, _invite_view(invite))


# --- Processed updates (dedupe) -----------------------------------------------------------


@dataclass(frozen=True)
class ProcessedUpdateView:
    """An update already handled, and the replies it still owes (None once all were sent)."""

    update_id: int
    replies: list[dict[str, Any]] | None


async def get_processed_update(
    session: AsyncSession, bot_id: int, update_id: int
) -> ProcessedUpdateView | None:
    row = (
        await session.execute(_PROCESSED_ROW, {"bot_id": bot_id, "update_id": update_id})
    ).one_or_none()
    if row is None:
        return None
    return ProcessedUpdateView(update_id=update_id, replies=row.replies)


async def owed_replies(
    session: AsyncSession, bot_id: int, update_id: int, *, recorded_by: datetime
) -> list[dict[str, Any]] | None:
    """The replies a handled update still owes, if it was recorded at or before `recorded_by`
    (a delivery that had committed by then); None if nothing is owed or it was recorded later
    (a delivery still in flight elsewhere, which sends its own)."""
    row = (
        await session.execute(_PROCESSED_ROW, {"bot_id": bot_id, "update_id": update_id})
    ).one_or_none()
    if row is None or not row.replies or row.processed_at > recorded_by:
        return None
    replies: list[dict[str, Any]] = row.replies
    return replies


async def record_processed_update(
    session: AsyncSession,
    bot_id: int,
    update_id: int,
    now: datetime,
    replies: list[dict[str, Any]] | None = None,
) -> None:
    """Remember an update id and the replies it owes. A concurrent duplicate raises
    IntegrityError at flush/commit: that is how the second delivery of the same update learns
    it must do nothing."""
    _require_aware(now, "now")
    await session.execute(
        _INSERT_PROCESSED,
        {
            "bot_id": bot_id,
            "update_id": update_id,
            "processed_at": now,
            "replies": replies or None,
        },
    )


async def clear_replies(session: AsyncSession, bot_id: int, update_ids: Sequence[int]) -> None:
    """The replies of these updates were sent: nothing is owed any more."""
    if not update_ids:
        return
    await session.execute(_CLEAR_REPLIES, {"of_bot": bot_id, "ids": list(update_ids)})


# --- Audit --------------------------------------------------------------------------------


async def add_audit(
    session: AsyncSession,
    *,
    actor_user_id: int | None,
    action: AuditAction,
    target_type: str | None = None,
    target_id: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Append an audit entry. `details` holds ids, codes and enum values — never free text."""
    session.add(
        AuditEntry(
            at=utcnow(),
            actor_user_id=actor_user_id,
            action=action.value,
            target_type=target_type,
            target_id=target_id,
            details=dict(details or {}),
        )
    )
    await session.flush()


async def audit_entries(
    session: AsyncSession, *, action: AuditAction | None = None, limit: int = 100
) -> list[AuditView]:
    """The most recent audit entries first, optionally of one action."""
    statement = (
        select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    )
    if action is not None:
        statement = statement.where(AuditEntry.action == action.value)
    rows = (await session.execute(statement)).scalars()
    return [
        AuditView(
            id=row.id,
            at=row.at,
            actor_user_id=row.actor_user_id,
            action=AuditAction(row.action),
            target_type=row.target_type,
            target_id=row.target_id,
            details=dict(row.details or {}),
        )
        for row in rows
    ]


async def display_names(session: AsyncSession, user_ids: Iterable[int | None]) -> dict[int, str]:
    """user id -> display name (an erased person's pseudonym), for the ids that exist."""
    wanted = sorted({user_id for user_id in user_ids if user_id is not None})
    if not wanted:
        return {}
    rows = await session.execute(
        select(User.id, User.display_name)
        .where(User.id.in_(wanted))
        .execution_options(populate_existing=True)
    )
    return {user_id: name or "—" for user_id, name in rows}

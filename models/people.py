"""Offboarding: list people, revoke a role, change a role's countries, erase a person.

Used alike by the CLI (`fieldbot user ...`) and the admin's `/people` screen; the caller owns
the transaction. Revoking takes effect on the person's next update (every update reads the
person's roles afresh), discards what they were in the middle of when no role that could use
it is left, and cancels the scheduled messages that belonged to the revoked role.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import (
    OVERSEERS,
    REPORTERS,
    AssignmentStatus,
    AuditAction,
    OutboxKind,
    OutboxStatus,
    Role,
)
from bot.domain.grants import may_grant
from bot.domain.people import UserView
from bot.domain.scope import EVERYWHERE, NOWHERE, Scope
from bot.domain.search import (
    name_parts,
    same_name,
    without_name_words,
    without_person,
)
from models.drafts import DISCARDED_BY_REVOCATION, DRAFT
from models.missions import MISSION_NOTICES, SUPERVISOR_LINE, drop_pending_notices, notice_code
from models.queries import (
    _load_user,
    _normalise_countries,
    _require_user,
    _user_view,
    add_audit,
    keep_zone,
    revoke_role,
)
from models.retention import PURGED_PAYLOAD
from models.tables import (
    AuditEntry,
    DigestAck,
    DigestPreference,
    DigestSnooze,
    FsmRecord,
    Invite,
    Mission,
    MissionAssignment,
    OutboxMessage,
    ProcessedUpdate,
    RoleGrant,
    User,
)

# The scheduled messages each role receives; a revoked role's pending ones are cancelled.
ROLE_KINDS: dict[Role, frozenset[OutboxKind]] = {
    Role.MANAGER: frozenset({OutboxKind.DIGEST}),
    Role.FIELD_STAFF: frozenset({OutboxKind.REMINDER}),
    Role.VOLUNTEER: frozenset(
        {
            OutboxKind.MISSION_ASSIGNED,
            OutboxKind.MISSION_CHANGED,
            OutboxKind.MISSION_CANCELLED,
            OutboxKind.MISSION_REMINDER,
            OutboxKind.MISSION_UNASSIGNED,
        }
    ),
    Role.ADMIN: frozenset({OutboxKind.DIGEST}),  # admins oversee too (scheduler.jobs)
}


# The audit target of someone known by their Telegram id only (bot.webapp.server's refusals).
TELEGRAM_USER = "telegram_user"


def is_erased(user: UserView) -> bool:
    """An erased person keeps a row (their reports stay counted) under a negative pseudonym id:
    Telegram's user ids are positive, so it can never meet a real account."""
    return user.telegram_id < 0


def pseudonym(user_id: int) -> str:
    return f"former member #{user_id}"


@dataclass(frozen=True)
class Offboarded:
    """What a revocation or an erasure did."""

    user: UserView
    drafts_discarded: int
    messages_cancelled: int
    # The roles this call took; one another admin took first (at the same time) is not in it.
    revoked: tuple[Role, ...] = ()


async def list_people(
    session: AsyncSession,
    *,
    role: Role | None = None,
    country: str | None = None,
    include_erased: bool = False,
    with_roleless: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[UserView], int]:
    """People holding `role` (any role when None) with `country` in that role's scope, by name;
    and how many there are in all. People without any role (all revoked: a user row exists only
    from an invitation) are left out unless `with_roleless` and no role or country is asked."""
    filters = []
    if not (with_roleless and role is None and country is None):
        filters.append(User.grants.any(RoleGrant.role == role.value if role else RoleGrant.id > 0))
    if not include_erased:
        filters.append(User.telegram_id > 0)
    statement = select(User).where(*filters).order_by(func.lower(User.display_name), User.id)
    rows = (await session.execute(statement)).unique().scalars().all()
    people = [_user_view(row) for row in rows]
    if country is not None:
        wanted = country.upper()
        roles = (role,) if role else tuple(Role)
        people = [p for p in people if p.scope(*roles).covers(wanted)]
    total = len(people)
    end = None if limit is None else offset + limit
    return people[offset:end], total


async def get_person(session: AsyncSession, user_id: int) -> UserView | None:
    """By the database id (what the admin screen and the CLI's listing show)."""
    row = await session.get(User, user_id, populate_existing=True)
    return None if row is None else _user_view(row)


async def find_person(session: AsyncSession, telegram_id: int) -> UserView | None:
    """By Telegram id (an erased person's is the negative pseudonym id listings show)."""
    row = await _load_user(session, telegram_id)
    return None if row is None else _user_view(row)


async def _discard_drafts(
    session: AsyncSession, telegram_id: int, *, say_why: bool = False
) -> int:
    """Delete the FSM records (form drafts, half-done dialogues) of the person's chats. With
    `say_why` (a member keeping another role), a record that held a report keeps only the
    word that it was discarded (DISCARDED_BY_REVOCATION), for their next message to tell."""
    pattern = f"%,{telegram_id},%"
    rows = await session.execute(
        select(FsmRecord.key, FsmRecord.data).where(FsmRecord.key.like(pattern))
    )
    mine: list[str] = []
    reports: list[str] = []
    for key, data in rows:
        try:
            _bot, chat_id, user_id, *_rest = json.loads(key)
        except (ValueError, TypeError):
            continue
        if telegram_id in (chat_id, user_id):
            held_a_report = say_why and isinstance(data, dict) and DRAFT in data
            (reports if held_a_report else mine).append(key)
    if mine:
        await session.execute(delete(FsmRecord).where(FsmRecord.key.in_(mine)))
    if reports:
        await session.execute(
            update(FsmRecord)
            .where(FsmRecord.key.in_(reports))
            .values(state=DISCARDED_BY_REVOCATION, data={}, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    return len(mine) + len(reports)


def _mentions(calls: object, telegram_id: int, names: Sequence[str]) -> bool:
    """Do these stored Bot API calls go to the person's chat or show their name (as their
    account spells it, or a mission sheet)?"""
    if not isinstance(calls, list):
        return False
    if any(
        isinstance(call, dict) and call.get("args", {}).get("chat_id") == telegram_id
        for call in calls
    ):
        return True
    marks = {mark for name in names if name for mark in (name, html.escape(name, quote=False))}
    return any(
        _shows(mark, text) or _shows_cut(mark, text) for text in _strings(calls) for mark in marks
    )


def _strings(value: object) -> Iterator[str]:
    """Every text in stored Bot API calls (a message's, a caption's, a button's...)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


async def _forget_replies(session: AsyncSession, telegram_id: int, names: Sequence[str]) -> int:
    """Empty the stored replies of recent updates (sent and not yet cleared, or owed after a
    crash) that go to the person's chat or name them: nothing of theirs is sent after the
    erasure, and nothing names them until the dedupe window ends."""
    rows = await session.execute(
        select(ProcessedUpdate.bot_id, ProcessedUpdate.update_id, ProcessedUpdate.replies).where(
            ProcessedUpdate.replies.is_not(None)
        )
    )
    theirs = [
        (bot_id, update_id)
        for bot_id, update_id, calls in rows
        if _mentions(calls, telegram_id, names)
    ]
    for bot_id, update_id in theirs:
        await session.execute(
            update(ProcessedUpdate)
            .where(ProcessedUpdate.bot_id == bot_id, ProcessedUpdate.update_id == update_id)
            .values(replies=None)
            .execution_options(synchronize_session=False)
        )
    # The same replies once queued in the outbox (Telegram did not take them at first): those
    # still waiting are not sent; those sent (or given up) since keep no payload naming them,
    # though the outbox keeps a finished row's payload for weeks (outbox_payload_days).
    owed = await session.execute(
        select(OutboxMessage.id, OutboxMessage.status, OutboxMessage.payload).where(
            OutboxMessage.kind == OutboxKind.REPLY.value
        )
    )
    naming = {
        row_id: status in _OPEN_STATUSES
        for row_id, status, payload in owed
        if _mentions([payload.get("call")], telegram_id, names)
    }
    if waiting := [row_id for row_id, is_open in naming.items() if is_open]:
        await session.execute(
            delete(OutboxMessage)
            .where(OutboxMessage.id.in_(waiting))
            .execution_options(synchronize_session=False)
        )
    if done := [row_id for row_id, is_open in naming.items() if not is_open]:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(done))
            .values(payload=PURGED_PAYLOAD)
            .execution_options(synchronize_session=False)
        )
    return len(theirs) + len(waiting)


_OPEN_STATUSES = (OutboxStatus.PENDING.value, OutboxStatus.SENDING.value)


async def _cancel_messages(
    session: AsyncSession, user_id: int, kinds: Sequence[OutboxKind] | None, reason: str
) -> int:
    """Cancel the person's messages still waiting to be sent (of `kinds`; None: every kind
    but the replies owed to what they did, which still answer them)."""
    statement = (
        update(OutboxMessage)
        .where(
            OutboxMessage.recipient_user_id == user_id,
            OutboxMessage.status == OutboxStatus.PENDING.value,
            OutboxMessage.kind != OutboxKind.REPLY.value,
        )
        # Final, like a refusal; the reason tells the operator why (`fieldbot outbox`).
        .values(status=OutboxStatus.FAILED.value, last_error=f"cancelled: {reason}")
        .execution_options(synchronize_session=False)
    )
    if kinds is not None:
        statement = statement.where(OutboxMessage.kind.in_([k.value for k in kinds]))
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


class LastAdmin(Exception):
    """Taking the admin role from `person`, or narrowing its countries, would leave no admin
    of `uncovered` (EVERYWHERE: of all countries): nobody could manage people there by chat
    any more (only `fieldbot admin add` on the server). Nothing was written."""

    def __init__(self, person: UserView, uncovered: Scope = EVERYWHERE) -> None:
        super().__init__(f"{person.telegram_id} is the last admin")
        self.person = person
        self.uncovered = uncovered


def uncovered(had: Scope, keeps: Scope | None, others: Sequence[Scope]) -> Scope:
    """What an admin role covering `had` covers that no admin would any more once it covers
    only `keeps` (None: once it goes), the other admins covering `others`: every country
    (EVERYWHERE) for the only admin of all countries, else the countries of `had` nobody else
    covers; NOWHERE when nothing is lost."""
    reach = NOWHERE if keeps is None else keeps
    if reach.all_countries or any(other.all_countries for other in others):
        return NOWHERE
    if had.all_countries:
        return EVERYWHERE
    covered = set(reach.countries).union(*(other.countries for other in others))
    return Scope(tuple(code for code in had.countries if code not in covered), False)


async def _admin_scopes(
    session: AsyncSession, telegram_id: int, *, hold: bool
) -> tuple[Scope | None, list[Scope]]:
    """The person's admin countries (None: no admin role) and every other admin's (erased
    people hold no role). With `hold`, the admin grants are held until the commit, in one
    order (other_admins says why)."""
    statement = (
        select(RoleGrant.id, User.telegram_id, RoleGrant.all_countries, RoleGrant.countries)
        .join(User, User.id == RoleGrant.user_id)
        .where(RoleGrant.role == Role.ADMIN.value, User.telegram_id > 0)
        .order_by(RoleGrant.id)
    )
    rows = (
        await session.execute(statement.with_for_update(of=RoleGrant) if hold else statement)
    ).all()
    own: Scope | None = None
    others: list[Scope] = []
    for _grant, holder, every, codes in rows:
        scope = Scope(tuple(codes or ()), bool(every))
        if holder == telegram_id:
            own = scope
        else:
            others.append(scope)
    return own, others


async def other_admins(session: AsyncSession, telegram_id: int, *, hold: bool = True) -> int:
    """How many admins there are besides the person (erased people hold no role); 0 when
    they leave a country of the person's admin role with no admin: an admin of all countries
    is kept without another one of all countries, a country admin without another admin of
    that country (Awa, of all countries, left with only Paul of Haiti: nobody could manage
    Kenya's people any more, nor name an admin of all countries, by chat). With `hold` (before
    taking a role), the admin grants are held until the commit, in one order: two admins
    taking the role from each other at once (PostgreSQL) take turns, and the second reads
    that the first one's is gone (a row deleted while waited for is left out), instead of both
    going ahead and leaving no admin. Taken after hold_person."""
    own, others = await _admin_scopes(session, telegram_id, hold=hold)
    if own is not None and not uncovered(own, None, others).is_empty:
        return 0
    return len(others)


async def admin_loss(
    session: AsyncSession, telegram_id: int, keeps: Scope, *, hold: bool = True
) -> Scope:
    """What no admin would cover any more once the person's admin role covers only `keeps`
    (see uncovered; NOWHERE for someone who is no admin). Held as other_admins holds it."""
    own, others = await _admin_scopes(session, telegram_id, hold=hold)
    return NOWHERE if own is None else uncovered(own, keeps, others)


async def revoke(
    session: AsyncSession,
    telegram_id: int,
    roles: Sequence[Role] | None,
    *,
    actor_user_id: int | None,
    last_admin: bool = False,
) -> Offboarded:
    """Take `roles` (None: every role) from the person. Raises LookupError for nobody, and
    LastAdmin when the admin role would leave with them, unless `last_admin` (an operator's
    --force, or an erasure done again after a restore)."""
    await hold_person(session, telegram_id)
    before = _user_view(await _require_user(session, telegram_id))
    taking = [role for role in (roles or tuple(before.grants)) if before.has_role(role)]
    if Role.ADMIN in taking and not last_admin and not await other_admins(session, telegram_id):
        raise LastAdmin(before)
    user = before
    for role in taking:
        user = await revoke_role(session, telegram_id, role, actor_user_id=actor_user_id)
    if not user.grants:
        kinds: list[OutboxKind] | None = None
    else:
        kept = {kind for role in user.grants for kind in ROLE_KINDS[role]}
        kinds = sorted({kind for role in taking for kind in ROLE_KINDS[role]} - kept)
    cancelled = (
        await _cancel_messages(session, user.id, kinds, "role revoked") if kinds != [] else 0
    )
    if Role.ADMIN in taking:
        # The invitations they issued carry their authority: they end with it.
        await session.execute(
            update(Invite)
            .where(Invite.created_by_user_id == user.id, Invite.revoked_at.is_(None))
            .values(revoked_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    if Role.VOLUNTEER in taking:
        await _end_missions_beyond(session, user, actor_user_id=actor_user_id)
    drafts = 0
    if (taking and not any(user.has_role(role) for role in REPORTERS)) or not user.grants:
        drafts = await _discard_drafts(session, telegram_id, say_why=bool(user.grants))
    return Offboarded(user, drafts, cancelled, tuple(taking))


class RoleGone(LookupError):
    """The person does not hold the role (any more: another admin revoked it first, while this
    change waited on their row), or is not there at all (erased): `person` as they are now."""

    def __init__(self, telegram_id: int, role: Role, person: UserView | None) -> None:
        super().__init__(f"{telegram_id} does not hold the role {role.value}")
        self.role = role
        self.person = person


async def holding(session: AsyncSession, telegram_id: int, role: Role) -> UserView:
    """The person as they are now, their row held until the commit (hold_person), while they hold
    `role`; RoleGone otherwise, before anything was written."""
    await hold_person(session, telegram_id)
    row = await _load_user(session, telegram_id)
    person = None if row is None else _user_view(row)
    if person is None or not person.has_role(role):
        raise RoleGone(telegram_id, role, person)
    return person


async def hold_person(session: AsyncSession, telegram_id: int) -> None:
    """Hold the person's row until the commit, before their roles are read: a second admin
    revoking or narrowing them at the same time (PostgreSQL) waits here, then reads what the
    first one left, instead of taking a role already gone (audited twice, 'Done' said twice).
    Taken before any other row of theirs (their notices, missions, drafts): in one order
    everywhere, two such changes wait for each other instead of deadlocking. SQLite has one
    writer at a time, and no FOR UPDATE."""
    await session.execute(select(User.id).where(User.telegram_id == telegram_id).with_for_update())


async def set_countries(
    session: AsyncSession,
    telegram_id: int,
    role: Role,
    scope: Scope,
    *,
    actor_user_id: int | None,
    last_admin: bool = False,
) -> UserView:
    """Replace the countries of a role the person holds. RoleGone: no such person or role.
    LastAdmin, before anything is written, when fewer admin countries would leave a country,
    or all countries, with no admin (the only admin of all countries set to Haiti: nobody
    could manage Kenya's people, nor name an admin of all countries, by chat), unless
    `last_admin` (an operator's --force)."""
    await hold_person(session, telegram_id)
    row = await _load_user(session, telegram_id)
    grant = None if row is None else next((g for g in row.grants if g.role == role.value), None)
    if row is None or grant is None:
        raise RoleGone(telegram_id, role, None if row is None else _user_view(row))
    if role is Role.ADMIN and not last_admin:
        lost = await admin_loss(session, telegram_id, scope)
        if not lost.is_empty:
            raise LastAdmin(_user_view(row), lost)
    keep_zone(row)
    grant.countries = [] if scope.all_countries else _normalise_countries(scope.countries)
    grant.all_countries = scope.all_countries
    await session.flush()
    await add_audit(
        session,
        actor_user_id=actor_user_id,
        action=AuditAction.ROLE_SCOPE_SET,
        target_type="user",
        target_id=str(row.id),
        details={
            "role": role.value,
            "countries": list(grant.countries),
            "all_countries": scope.all_countries,
        },
    )
    view = _user_view(row)
    if role is Role.VOLUNTEER:
        await _end_missions_beyond(session, view, actor_user_id=actor_user_id)
    if role is Role.ADMIN:
        await _revoke_invites_beyond(session, view)
    if role in OVERSEERS:
        # A digest waiting to be sent speaks of the old countries: it is built again, for
        # the new ones, at the scheduler's next run (the week's slot has passed: due now).
        await session.execute(
            delete(OutboxMessage)
            .where(
                OutboxMessage.recipient_user_id == row.id,
                OutboxMessage.kind == OutboxKind.DIGEST.value,
                OutboxMessage.status == OutboxStatus.PENDING.value,
            )
            .execution_options(synchronize_session=False)
        )
    return view


async def _revoke_invites_beyond(session: AsyncSession, admin: UserView) -> int:
    """The open invitations this admin issued for countries they no longer cover end now
    (redeeming one is refused anyway: models.queries.redeem_invite checks its issuer)."""
    rows = await session.execute(
        select(Invite.id, Invite.countries, Invite.all_countries).where(
            Invite.created_by_user_id == admin.id, Invite.revoked_at.is_(None)
        )
    )
    beyond = [
        invite_id
        for invite_id, countries, all_countries in rows
        if not may_grant(admin, Scope(tuple(countries), bool(all_countries)))
    ]
    if beyond:
        await session.execute(
            update(Invite)
            .where(Invite.id.in_(beyond))
            .values(revoked_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    return len(beyond)


async def _end_missions_beyond(
    session: AsyncSession, user: UserView, *, actor_user_id: int | None
) -> int:
    """Take the person off the missions their volunteer countries no longer cover (all of
    them once they are no volunteer): no reminder, change notice or mission card reaches
    someone for a mission they are no longer on. Audited per mission, as /unassign is."""
    reach = user.scope(Role.VOLUNTEER)
    if reach.all_countries:
        return 0
    rows = await session.execute(
        select(MissionAssignment.id, MissionAssignment.mission_id, Mission.code, Mission.country)
        .join(Mission, Mission.id == MissionAssignment.mission_id)
        .where(
            MissionAssignment.volunteer_user_id == user.id,
            MissionAssignment.status == AssignmentStatus.ASSIGNED.value,
        )
    )
    ended = [
        (row_id, mission_id, code)
        for row_id, mission_id, code, country in rows
        if not reach.covers(country)
    ]
    if not ended:
        return 0
    await session.execute(
        update(MissionAssignment)
        .where(MissionAssignment.id.in_([row_id for row_id, _mission, _code in ended]))
        .values(status=AssignmentStatus.UNASSIGNED.value)
        .execution_options(synchronize_session=False)
    )
    for _row, mission_id, code in ended:
        # "You are assigned", a reminder... still waiting: news of a mission they are off.
        await drop_pending_notices(session, code, user.telegram_id)
        await add_audit(
            session,
            actor_user_id=actor_user_id,
            action=AuditAction.MISSION_UNASSIGNED,
            target_type="mission",
            target_id=str(mission_id),
            details={"user_id": user.id, "because": "volunteer countries"},
        )
    return len(ended)


async def erase(
    session: AsyncSession, telegram_id: int, *, actor_user_id: int | None, last_admin: bool = False
) -> Offboarded:
    """Forget who the person is, keep what they did.

    Every role is revoked, drafts discarded, scheduled messages deleted (their payloads name
    the person), digest settings dropped, the stored replies sent to them or naming them
    emptied; the name and Telegram id are replaced by a pseudonym, so their reports stay
    counted and their audit trail stays whole. Idempotent. LastAdmin, before anything is
    written, for the last admin unless `last_admin` (see revoke).
    """
    revoked = await revoke(
        session, telegram_id, None, actor_user_id=actor_user_id, last_admin=last_admin
    )
    row = await _require_user(session, telegram_id)
    drafts = revoked.drafts_discarded + await _discard_drafts(session, telegram_id)
    deleted = await session.execute(
        delete(OutboxMessage)
        .where(
            or_(
                OutboxMessage.recipient_user_id == row.id,
                OutboxMessage.recipient_telegram_id == row.telegram_id,
            )
        )
        .execution_options(synchronize_session=False)
    )
    for table in (DigestPreference, DigestSnooze, DigestAck):
        await session.execute(delete(table).where(table.user_id == row.id))
    # Their name as a mission sheet spelled it too ('marie  JOSEPH'): a card shown with it.
    spellings = await _forget_supervisor(session, row.display_name)
    await _forget_replies(session, row.telegram_id, [row.display_name, *spellings])
    # Refusals audited under their Telegram id (the Mini App opened once their roles were
    # gone) now name the pseudonymous user, as the rest of their audit trail does.
    await session.execute(
        update(AuditEntry)
        .where(
            AuditEntry.target_type == TELEGRAM_USER,
            AuditEntry.target_id == str(row.telegram_id),
        )
        .values(target_type="user", target_id=str(row.id))
        .execution_options(synchronize_session=False)
    )
    # Their missions keep the pseudonym, not the Telegram id it replaces.
    await session.execute(
        update(MissionAssignment)
        .where(MissionAssignment.volunteer_user_id == row.id)
        .values(volunteer_telegram_id=-row.id)
        .execution_options(synchronize_session=False)
    )
    row.telegram_id = -row.id
    row.display_name = pseudonym(row.id)
    row.language = None
    row.telegram_language = None
    row.timezone = "UTC"
    row.timezone_chosen = False
    row.active = False
    await session.flush()
    await add_audit(
        session,
        actor_user_id=actor_user_id,
        action=AuditAction.USER_FORGOTTEN,
        target_type="user",
        target_id=str(row.id),
    )
    cancelled = revoked.messages_cancelled + int(getattr(deleted, "rowcount", 0) or 0)
    return Offboarded(_user_view(row), drafts, cancelled, revoked.revoked)


# A mission's free text (as imported), where the supervisor may be named again.
_MISSION_TEXTS = (Mission.title, Mission.place, Mission.project, Mission.role, Mission.notes)


async def _forget_supervisor(session: AsyncSession, name: str) -> set[str]:
    """Missions whose supervisor, as imported (free text), is the erased person by name
    (case, accents, spaces, an emoji and the order of the words aside: same_name) name nobody:
    the name and its Telegram username (`supervisor_handle`, the same person's; the bot never
    knew anyone's username to compare) are cleared; a cell naming them among others ('Grace
    Wanjiru & Peter Otieno') keeps the others, and loses the username (whose it is, nobody
    can tell). Their name, whole, and its words standing alone ('Call Grace before 9'), where
    those missions' title, place, notes... repeat it, read '…' (without_name_words). A name
    only partly theirs ("Marie", "Marie Josephine") stays: it may be someone else. The
    mission's version is not bumped: its volunteers are not told. Returns the names cleared,
    as the sheets spelled them."""
    wanted = " ".join(name_parts(name or ""))
    if not wanted:
        return set()
    rows = await session.execute(
        select(Mission.id, Mission.code, Mission.supervisor_name, Mission.supervisor_handle).where(
            Mission.supervisor_name.is_not(None)
        )
    )
    theirs: dict[int, tuple[str, str, str | None]] = {}
    others: dict[int, str | None] = {}
    for mission_id, code, named, handle in rows:
        if same_name(named or "", name):
            theirs[mission_id] = (code, named or "", handle)
        elif (rest := without_person(named or "", name)) is not None:
            theirs[mission_id] = (code, named or "", handle)
            others[mission_id] = rest or None
    for mission_id in theirs:
        await session.execute(
            update(Mission)
            .where(Mission.id == mission_id)
            .values(supervisor_name=others.get(mission_id), supervisor_handle=None)
            .execution_options(synchronize_session=False)
        )
    if theirs:
        await _unname_texts(
            session,
            {key: (name if key in others else named) for key, (_c, named, _h) in theirs.items()},
        )
    by_code = {code: (named, handle) for code, named, handle in theirs.values()}
    await _unname_notices(session, by_code, wanted, name)
    return {named for _code, named, _handle in theirs.values()}


async def _unname_texts(session: AsyncSession, names: dict[int, str]) -> None:
    """The name, whole, and its words standing alone, out of these missions' free text
    (without_name_words), by mission id, as each sheet spelled it (in lower case, 'grace' is
    the name there, not a word)."""
    rows = await session.execute(select(Mission.id, *_MISSION_TEXTS).where(Mission.id.in_(names)))
    for mission_id, *texts in rows:
        name = names[mission_id]
        changed = {
            column.key: without_name_words(text, name)
            for column, text in zip(_MISSION_TEXTS, texts, strict=True)
            if text and without_name_words(text, name) != text
        }
        if changed:
            await session.execute(
                update(Mission)
                .where(Mission.id == mission_id)
                .values(changed)
                .execution_options(synchronize_session=False)
            )


_NOTICE_KINDS = [kind.value for kind in (*MISSION_NOTICES, OutboxKind.MISSION_UNASSIGNED)]


async def _unname_notices(
    session: AsyncSession, named: dict[str, tuple[str, str | None]], wanted: str, name: str
) -> int:
    """The notices of these missions (code: its supervisor's name and handle) not sent yet
    (waiting, or being sent: one that fails is sent again from its row) lose the line naming
    the erased supervisor, and their name, whole, elsewhere (a title: without_name_words); the rest
    of the card stays, as the mission now reads. So does a
    notice of another mission whose supervisor line, kept apart, shows the name (`wanted`,
    folded): drawn before a sheet named someone else, a change its volunteers are not told
    of. Sent ones are history in the volunteers' chats."""
    rows = await session.execute(
        select(OutboxMessage.id, OutboxMessage.period, OutboxMessage.payload).where(
            OutboxMessage.kind.in_(_NOTICE_KINDS), OutboxMessage.status.in_(_OPEN_STATUSES)
        )
    )
    changed = 0
    for row_id, period, payload in rows:
        if not isinstance(payload, dict):
            continue
        code = notice_code(period)
        if code in named:
            spelled, handle = named[code]
            kept = _without_supervisor(payload, spelled, handle)
            own = spelled if same_name(spelled, name) else name  # among others: theirs only
            kept["text"] = without_name_words(kept["text"], own or name)
        elif _names(payload.get(SUPERVISOR_LINE), wanted):
            kept = _without_supervisor(payload, "", None)  # the line kept apart goes
        else:
            continue
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(payload=kept)
            .execution_options(synchronize_session=False)
        )
        changed += 1
    return changed


def _shows(mark: str, text: str) -> bool:
    """Does the text show this name or handle whole: 'Ali' is not in 'Alice' nor in 'Alibori',
    '@ali' not in '@alice_bj' (someone else, a place)?"""
    return bool(mark) and re.search(rf"(?<!\w){re.escape(mark)}(?!\w)", text) is not None


# The shortest a screen cuts a name to (a button's 32, an alert's room, at least 12), then "…".
_SHORTEST_CUT = 11
_CUT = "…"


def _shows_cut(mark: str, text: str) -> bool:
    """Does the text show the name cut short, as a button or an alert shows a long one ('Marie-
    Josée Rakotomalala Andria…' for Marie-Josée Rakotomalala Andrianarivelo)?"""
    if len(mark) <= _SHORTEST_CUT or _CUT not in text:
        return False
    for cut in re.finditer(_CUT, text):
        before = text[: cut.start()]
        for size in range(_SHORTEST_CUT, len(mark)):
            start = len(before) - size
            if before.endswith(mark[:size]) and not (start > 0 and before[start - 1].isalnum()):
                return True
    return False


def _names(line: object, wanted: str) -> bool:
    """Does a notice's supervisor line (HTML) show this name (its words, name_parts) whole?"""
    return isinstance(line, str) and _shows(wanted, " ".join(name_parts(html.unescape(line))))


def _without_supervisor(payload: dict[str, Any], name: str, handle: str | None) -> dict[str, Any]:
    """A notice's payload without its supervisor's line: the line it keeps apart
    (SUPERVISOR_LINE); a notice stored before it kept one, every line that shows the name or
    the handle (a title with the name in it goes too: nothing of them is sent)."""
    line = payload.get(SUPERVISOR_LINE)
    lines = str(payload.get("text", "")).split("\n")
    if isinstance(line, str):
        kept = [text for text in lines if text != line]
    else:
        marks = [html.escape(name, quote=False)] + (["@" + handle.lstrip("@")] if handle else [])
        kept = [text for text in lines if not any(_shows(mark, text) for mark in marks)]
    return {**{k: v for k, v in payload.items() if k != SUPERVISOR_LINE}, "text": "\n".join(kept)}


async def list_invites(
    session: AsyncSession, *, now: datetime, include_inactive: bool = False
) -> list[Invite]:
    """Invitations, newest first; by default only those that can still be used."""
    statement = select(Invite).order_by(Invite.id.desc())
    if not include_inactive:
        statement = statement.where(
            Invite.revoked_at.is_(None), Invite.expires_at > now, Invite.uses < Invite.max_uses
        )
    return list((await session.execute(statement)).scalars())

"""Volunteer missions and their assignments.

Like models.queries: plain async functions over an AsyncSession that never commit, returning
frozen dataclasses. Notifications go through the outbox; this module only builds their key
(`notification_period`): the text is rendered by bot.usecases.missions.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.elements import ColumnElement

from bot.domain.enums import (
    AssignmentStatus,
    AuditAction,
    MissionStatus,
    OutboxKind,
    OutboxStatus,
)
from bot.domain.missions import LIVE, AssignmentView, MissionView
from bot.domain.people import UserView
from models.bulk import AuditRow, add_audits, batches, insert_if_absent
from models.queries import _user_view as user_view  # one way to build a UserView
from models.queries import add_audit
from models.tables import Mission, MissionAssignment, OutboxMessage, User

# A change of one of these is worth telling the volunteers about (the issue: dates, place,
# status); a new title or note is not.
NOTIFY_FIELDS: frozenset[str] = frozenset({"country", "place", "start_date", "end_date", "status"})
# Missions still worth a reminder.
# The outbox kinds that tell a volunteer about one mission (their period starts "CODE:").
MISSION_NOTICES = (
    OutboxKind.MISSION_ASSIGNED,
    OutboxKind.MISSION_CHANGED,
    OutboxKind.MISSION_CANCELLED,
    OutboxKind.MISSION_REMINDER,
)
_LIVE = tuple(sorted(status.value for status in LIVE))
# A mission notice's payload key (not sent): the text's line naming the mission's supervisor,
# as it was drawn, so that their erasure can take it out of a notice still waiting
# (models.people.erase) without the catalogs it was drawn with.
SUPERVISOR_LINE = "supervisor_line"


# --- Views --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MissionFields:
    """What a spreadsheet row (or an admin) says about a mission; the code identifies it."""

    code: str
    title: str
    country: str
    place: str
    start_date: date
    end_date: date
    project: str | None = None
    role: str | None = None
    supervisor_name: str | None = None
    supervisor_handle: str | None = None
    notes: str | None = None
    status: MissionStatus = MissionStatus.PLANNED


# Field order of MissionFields, which is also the order of `changed_fields`.
FIELD_NAMES: tuple[str, ...] = tuple(item.name for item in dataclasses.fields(MissionFields))


@dataclass(frozen=True)
class VolunteerView:
    """A volunteer on a mission, with what a notification needs (language, time zone)."""

    user_id: int
    telegram_id: int
    display_name: str
    language: str | None
    telegram_language: str | None
    timezone: str
    active: bool
    acknowledged_at: datetime | None
    # When the account joined (tells two volunteers of one name apart in /unassign).
    joined: datetime | None = field(default=None, compare=False)


def _mission_view(row: Mission) -> MissionView:
    return MissionView(
        id=row.id,
        code=row.code,
        title=row.title,
        country=row.country,
        place=row.place,
        start_date=row.start_date,
        end_date=row.end_date,
        project=row.project,
        role=row.role,
        supervisor_name=row.supervisor_name,
        supervisor_handle=row.supervisor_handle,
        notes=row.notes,
        status=MissionStatus(row.status),
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _assignment_view(row: MissionAssignment) -> AssignmentView:
    return AssignmentView(
        id=row.id,
        mission_id=row.mission_id,
        volunteer_user_id=row.volunteer_user_id,
        volunteer_telegram_id=row.volunteer_telegram_id,
        invite_id=row.invite_id,
        status=AssignmentStatus(row.status),
        acknowledged_at=row.acknowledged_at,
        created_at=row.created_at,
    )


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


def _stored(fields: MissionFields) -> dict[str, Any]:
    """The column values of `fields` (enum values as their strings, country upper-case)."""
    values = {name: getattr(fields, name) for name in FIELD_NAMES}
    values["status"] = MissionStatus(fields.status).value
    values["country"] = fields.country.upper()
    return values


# --- Missions -----------------------------------------------------------------------------


async def _load_mission(session: AsyncSession, **where: Any) -> Mission | None:
    statement = select(Mission).filter_by(**where).execution_options(populate_existing=True)
    return (await session.execute(statement)).scalar_one_or_none()


async def get_mission(session: AsyncSession, mission_id: int) -> MissionView | None:
    row = await _load_mission(session, id=mission_id)
    return None if row is None else _mission_view(row)


async def get_mission_by_code(session: AsyncSession, code: str) -> MissionView | None:
    row = await _load_mission(session, code=code)
    return None if row is None else _mission_view(row)


async def upsert_mission(
    session: AsyncSession,
    fields: MissionFields,
    *,
    now: datetime,
    actor_user_id: int | None = None,
) -> tuple[MissionView, str, list[str]]:
    """Create or update the mission of `fields.code`.

    Returns the mission, "created" | "updated" | "unchanged" and the changed field names (in
    MissionFields order). The version is bumped, and an audit entry written, only on a change.
    """
    _require_aware(now, "now")
    values = _stored(fields)
    row = await _load_mission(session, code=fields.code)
    if row is None:
        row = Mission(**values, version=1, created_at=now, updated_at=now)
        session.add(row)
        await session.flush()
        await add_audit(
            session,
            actor_user_id=actor_user_id,
            action=AuditAction.MISSION_CREATED,
            target_type="mission",
            target_id=str(row.id),
            details={"code": row.code},
        )
        return _mission_view(row), "created", []
    changed = [name for name in FIELD_NAMES if getattr(row, name) != values[name]]
    if not changed:
        return _mission_view(row), "unchanged", []
    for name in changed:
        setattr(row, name, values[name])
    row.version += 1
    row.updated_at = now
    await session.flush()
    if NOTIFY_FIELDS.intersection(changed):
        await _ask_acknowledgement_again(session, [row.id])
    await add_audit(
        session,
        actor_user_id=actor_user_id,
        action=AuditAction.MISSION_UPDATED,
        target_type="mission",
        target_id=str(row.id),
        details={"code": row.code, "version": row.version, "changed": changed},
    )
    return _mission_view(row), "updated", changed


async def _ask_acknowledgement_again(session: AsyncSession, mission_ids: Sequence[int]) -> None:
    """New dates, place, country or status: what a volunteer acknowledged is not what the
    mission is now, so each assigned volunteer is asked to acknowledge it again."""
    for batch in batches(list(mission_ids)):
        await session.execute(
            update(MissionAssignment)
            .where(
                MissionAssignment.mission_id.in_(batch),
                MissionAssignment.status == AssignmentStatus.ASSIGNED.value,
                MissionAssignment.acknowledged_at.is_not(None),
            )
            .values(acknowledged_at=None)
            .execution_options(synchronize_session=False)
        )


async def list_missions(session: AsyncSession, *, active_only: bool = True) -> list[MissionView]:
    """Missions by start date; `active_only`: planned and confirmed ones only."""
    statement = select(Mission).order_by(Mission.start_date, Mission.id)
    if active_only:
        statement = statement.where(Mission.status.in_(_LIVE))
    return [_mission_view(row) for row in (await session.execute(statement)).scalars()]


# --- Assignments --------------------------------------------------------------------------


async def _load_assignment(
    session: AsyncSession, mission_id: int, user_id: int
) -> MissionAssignment | None:
    statement = (
        select(MissionAssignment)
        .where(
            MissionAssignment.mission_id == mission_id,
            MissionAssignment.volunteer_user_id == user_id,
        )
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


_ASSIGNMENTS: Table = MissionAssignment.__table__  # type: ignore[assignment]


async def _set_status(
    session: AsyncSession, assignment_id: int, status: str, telegram_id: int | None
) -> bool:
    """Move an assignment to `status` (assigned: anew, unacknowledged) unless it is there
    already, as the database sees it now (a concurrent change committed meanwhile included)."""
    changes: dict[str, Any] = {"status": status, "volunteer_telegram_id": telegram_id}
    if status == AssignmentStatus.ASSIGNED.value:
        changes["acknowledged_at"] = None
    statement = (
        update(MissionAssignment)
        .where(MissionAssignment.id == assignment_id, MissionAssignment.status != status)
        .values(**changes)
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def assign(
    session: AsyncSession,
    mission_id: int,
    volunteer_user_id: int,
    *,
    actor_user_id: int | None,
    now: datetime,
    invite_id: int | None = None,
) -> bool:
    """Put a volunteer on a mission; False if they already are on it.

    Raises LookupError for an unknown mission or user. Assigning again after an unassignment
    starts afresh (the acknowledgement is cleared).
    """
    _require_aware(now, "now")
    user = await session.get(User, volunteer_user_id)
    if user is None:
        raise LookupError(f"no user with id {volunteer_user_id}")
    if await session.get(Mission, mission_id) is None:
        raise LookupError(f"no mission with id {mission_id}")
    row = await _load_assignment(session, mission_id, volunteer_user_id)
    if row is not None and row.status == AssignmentStatus.ASSIGNED.value:
        return False
    # Another coordinator may be assigning the same volunteer at this moment: on PostgreSQL
    # their uncommitted row is not seen above, and a plain INSERT (or UPDATE) would raise a
    # unique violation (or assign twice). Whoever writes second waits for the first and
    # finds the volunteer assigned: nothing is written, nothing is announced again.
    assigned = AssignmentStatus.ASSIGNED.value
    if row is None:
        key = ["mission_id", "volunteer_user_id"]
        statement = insert_if_absent(session, _ASSIGNMENTS, key).values(
            mission_id=mission_id,
            volunteer_user_id=volunteer_user_id,
            volunteer_telegram_id=user.telegram_id,
            invite_id=invite_id,
            status=assigned,
            created_at=now,
        )
        written = await session.execute(statement.returning(MissionAssignment.id))
        if written.scalar_one_or_none() is None:
            return False
    elif not await _set_status(session, row.id, assigned, user.telegram_id):
        return False
    await add_audit(
        session,
        actor_user_id=actor_user_id,
        action=AuditAction.MISSION_ASSIGNED,
        target_type="mission",
        target_id=str(mission_id),
        details={"user_id": volunteer_user_id},
    )
    return True


async def unassign(
    session: AsyncSession,
    mission_id: int,
    volunteer_user_id: int,
    *,
    actor_user_id: int | None,
    now: datetime,
) -> bool:
    """Take a volunteer off a mission; False if they were not on it."""
    _require_aware(now, "now")
    row = await _load_assignment(session, mission_id, volunteer_user_id)
    if row is None or row.status != AssignmentStatus.ASSIGNED.value:
        return False
    unassigned = AssignmentStatus.UNASSIGNED.value
    if not await _set_status(session, row.id, unassigned, row.volunteer_telegram_id):
        return False  # another coordinator took them off a moment ago
    await add_audit(
        session,
        actor_user_id=actor_user_id,
        action=AuditAction.MISSION_UNASSIGNED,
        target_type="mission",
        target_id=str(mission_id),
        details={"user_id": volunteer_user_id},
    )
    return True


# A mission notice's period (notification_period): the mission's code, then the event.
_NOTICE_PERIOD = re.compile(
    r"(?P<code>.+?):(?:assigned(?:@.+)?|v\d+|cancelled:v\d+|remind[17]:\d{4}-\d{2}-\d{2}"
    r"|unassigned@.+)"
)


def notice_code(period: str) -> str | None:
    """The mission code of a notice's period ("HT:01:v3" → "HT:01"); None for another."""
    found = _NOTICE_PERIOD.fullmatch(period)
    return None if found is None else found.group("code")


async def drop_pending_notices(
    session: AsyncSession, mission_code: str, volunteer_telegram_id: int
) -> set[OutboxKind]:
    """Delete the notices about a mission still waiting to be sent to this volunteer (an
    assignment announced a second ago, a reminder waiting out a 429): news of a mission they
    are no longer on. Those already leased by a sender go out; they were true when sent.
    The code is compared whole, case and all ("ht-01" is not "HT-01", "HT" not "HT:2026").
    Returns the kinds deleted."""
    dropped = await drop_pending_notices_of(session, mission_code, [volunteer_telegram_id])
    return dropped.get(volunteer_telegram_id, set())


async def drop_pending_notices_of(
    session: AsyncSession, mission_code: str, volunteer_telegram_ids: Sequence[int]
) -> dict[int, set[OutboxKind]]:
    """drop_pending_notices for several volunteers at once (a mission's change reaches all
    of its volunteers): one read and one delete per batch, not per volunteer. Returns the
    kinds deleted by telegram id (those with none deleted are left out)."""
    mine: list[tuple[int, int, str]] = []
    for chunk in batches(sorted(set(volunteer_telegram_ids))):
        pending = await session.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.recipient_telegram_id,
                OutboxMessage.kind,
                OutboxMessage.period,
            ).where(
                OutboxMessage.recipient_telegram_id.in_(chunk),
                OutboxMessage.kind.in_([kind.value for kind in MISSION_NOTICES]),
                OutboxMessage.status == OutboxStatus.PENDING.value,
            )
        )
        mine += [
            (row_id, telegram_id, kind)
            for row_id, telegram_id, kind, period in pending
            if notice_code(period) == mission_code
        ]
    for chunk in batches([row_id for row_id, _telegram_id, _kind in mine]):
        await session.execute(
            delete(OutboxMessage)
            .where(OutboxMessage.id.in_(chunk))
            .execution_options(synchronize_session=False)
        )
    dropped: dict[int, set[OutboxKind]] = {}
    for _row_id, telegram_id, kind in mine:
        dropped.setdefault(telegram_id, set()).add(OutboxKind(kind))
    return dropped


async def missions_of_volunteer(
    session: AsyncSession,
    user_id: int,
    *,
    today: date,
    include_past: bool = False,
    offset: int = 0,
    limit: int = 10,
) -> tuple[list[tuple[MissionView, AssignmentView]], int]:
    """One page of a volunteer's missions and how many there are in all.

    `include_past=False`: current and upcoming missions (ending today or later), soonest start
    first. `include_past=True`: the past ones only (ended before `today`), latest first — the
    list behind the "past missions" button. `today` is the volunteer's local date.
    """
    where = _volunteers_list(user_id, today, include_past)
    total = (
        await session.execute(
            select(func.count())
            .select_from(MissionAssignment)
            .join(Mission, Mission.id == MissionAssignment.mission_id)
            .where(*where)
        )
    ).scalar_one()
    order = (
        (Mission.start_date.desc(), Mission.id.desc())
        if include_past
        else (Mission.start_date, Mission.id)
    )
    statement = (
        select(Mission, MissionAssignment)
        .join(MissionAssignment, Mission.id == MissionAssignment.mission_id)
        .where(*where)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    rows = await session.execute(statement)
    return [(_mission_view(m), _assignment_view(a)) for m, a in rows], int(total)


def _volunteers_list(user_id: int, today: date, include_past: bool) -> list[ColumnElement[bool]]:
    """The missions missions_of_volunteer lists: current and upcoming, or past."""
    return [
        MissionAssignment.volunteer_user_id == user_id,
        MissionAssignment.status == AssignmentStatus.ASSIGNED.value,
        Mission.end_date < today if include_past else Mission.end_date >= today,
    ]


async def mission_position(
    session: AsyncSession, user_id: int, mission_id: int, *, today: date, include_past: bool
) -> int | None:
    """How many missions come before `mission_id` in the list missions_of_volunteer pages
    through (same `today` and `include_past`); None when it is not in that list. A page turn
    starts from a mission, not from a page number (bot.domain.paging)."""
    where = _volunteers_list(user_id, today, include_past)
    anchor = (
        await session.execute(
            select(Mission.start_date, Mission.id)
            .join(MissionAssignment, Mission.id == MissionAssignment.mission_id)
            .where(Mission.id == mission_id, *where)
        )
    ).first()
    if anchor is None:
        return None
    start, anchor_id = anchor
    before = (
        or_(Mission.start_date > start, and_(Mission.start_date == start, Mission.id > anchor_id))
        if include_past
        else or_(
            Mission.start_date < start, and_(Mission.start_date == start, Mission.id < anchor_id)
        )
    )
    statement = (
        select(func.count())
        .select_from(MissionAssignment)
        .join(Mission, Mission.id == MissionAssignment.mission_id)
        .where(*where, before)
    )
    return int((await session.execute(statement)).scalar_one())


async def mission_for_volunteer(
    session: AsyncSession, mission_id: int, user_id: int
) -> tuple[MissionView, AssignmentView] | None:
    """The mission with the user's assignment; None unless it is assigned to that user.

    Every mission id that comes back in a button goes through here: a forged id is refused.
    """
    statement = (
        select(Mission, MissionAssignment)
        .join(MissionAssignment, Mission.id == MissionAssignment.mission_id)
        .where(
            Mission.id == mission_id,
            MissionAssignment.volunteer_user_id == user_id,
            MissionAssignment.status == AssignmentStatus.ASSIGNED.value,
        )
        .execution_options(populate_existing=True)
    )
    found = (await session.execute(statement)).one_or_none()
    if found is None:
        return None
    mission, assignment = found
    return _mission_view(mission), _assignment_view(assignment)


async def acknowledge(
    session: AsyncSession, mission_id: int, user_id: int, *, now: datetime
) -> bool:
    """Record that the volunteer acknowledged the mission; False unless it is assigned to them.

    A second acknowledgement keeps the first time (and writes no second audit entry).
    """
    _require_aware(now, "now")
    row = await _load_assignment(session, mission_id, user_id)
    if row is None or row.status != AssignmentStatus.ASSIGNED.value:
        return False
    if row.acknowledged_at is None:
        row.acknowledged_at = now
        await session.flush()
        await add_audit(
            session,
            actor_user_id=user_id,
            action=AuditAction.MISSION_ACKNOWLEDGED,
            target_type="mission",
            target_id=str(mission_id),
        )
    return True


def _volunteer_view(user: User, acknowledged_at: datetime | None) -> VolunteerView:
    """Their time zone is their country's until they choose one: `user.grants` must be loaded."""
    return VolunteerView(
        user_id=user.id,
        telegram_id=user.telegram_id,
        display_name=user.display_name,
        language=user.language,
        telegram_language=user.telegram_language,
        timezone=user_view(user).timezone,
        active=user.active,
        acknowledged_at=acknowledged_at,
        joined=user.created_at,
    )


async def volunteers_of(session: AsyncSession, mission_id: int) -> list[VolunteerView]:
    """The volunteers currently assigned to a mission (by user id)."""
    statement = (
        select(User, MissionAssignment.acknowledged_at)
        .join(MissionAssignment, MissionAssignment.volunteer_user_id == User.id)
        .where(
            MissionAssignment.mission_id == mission_id,
            MissionAssignment.status == AssignmentStatus.ASSIGNED.value,
        )
        .order_by(User.id)
        # Their grants in a second query, not a join: their time zone is their country's
        # until they choose one (the mission's reminders and "today" follow it).
        .options(selectinload(User.grants))
    )
    return [
        _volunteer_view(user, acknowledged_at)
        for user, acknowledged_at in (await session.execute(statement))
    ]


async def upcoming_starts(
    session: AsyncSession, *, on: date
) -> list[tuple[MissionView, VolunteerView]]:
    """(mission, volunteer) for planned or confirmed missions starting `on`, by mission then
    user id.

    For the 7-day and 1-day reminders: the job asks for each volunteer's local date + 7 / + 1.
    Volunteers who blocked the bot are left out. The volunteers come with their time zone
    (their grants in one second query for all of them): no query per mission or volunteer.
    """
    statement = (
        select(Mission, User, MissionAssignment.acknowledged_at)
        .join(MissionAssignment, Mission.id == MissionAssignment.mission_id)
        .join(User, User.id == MissionAssignment.volunteer_user_id)
        .where(
            Mission.start_date == on,
            Mission.status.in_(_LIVE),
            MissionAssignment.status == AssignmentStatus.ASSIGNED.value,
            User.active.is_(True),
        )
        .order_by(Mission.id, User.id)
        .options(selectinload(User.grants))
    )
    return [
        (_mission_view(mission), _volunteer_view(user, acknowledged_at))
        for mission, user, acknowledged_at in (await session.execute(statement))
    ]


# --- Many at once (spreadsheet imports) -----------------------------------------------------
#
# An import reads what it needs first (missions_by_code, assignments_of, users_by_telegram_id),
# then writes everything in one short transaction with these functions. They check that what
# they were told still holds (no mission created or changed meanwhile) and raise StaleMissions
# otherwise, so that the caller reads again and retries.


class StaleMissions(Exception):
    """A mission was created or changed between an import's reads and its write."""


def _mission_table() -> Table:
    table: Table = Mission.__table__  # type: ignore[assignment]
    return table


async def missions_by_code(session: AsyncSession, codes: Sequence[str]) -> dict[str, MissionView]:
    """stored code -> mission, for those of `codes` that exist, in any case ("ht-1" finds the
    mission "HT-1")."""
    found: dict[str, MissionView] = {}
    for batch in batches(sorted({code.upper() for code in codes})):
        statement = (
            select(Mission)
            .where(func.upper(Mission.code).in_(batch))
            .execution_options(populate_existing=True)
        )
        for row in (await session.execute(statement)).scalars():
            found[row.code] = _mission_view(row)
    return found


async def assignments_of(
    session: AsyncSession, mission_ids: Sequence[int]
) -> dict[tuple[int, int], AssignmentView]:
    """(mission id, user id) -> assignment, assigned or not, of the given missions."""
    found: dict[tuple[int, int], AssignmentView] = {}
    for batch in batches(list(mission_ids)):
        statement = select(MissionAssignment).where(
            MissionAssignment.mission_id.in_(batch),
            MissionAssignment.volunteer_user_id.is_not(None),
        )
        for row in (await session.execute(statement)).scalars():
            view = _assignment_view(row)
            found[(view.mission_id, view.volunteer_user_id or 0)] = view
    return found


async def users_by_telegram_id(
    session: AsyncSession, telegram_ids: Sequence[int]
) -> dict[int, UserView]:
    """telegram id -> user, for those of `telegram_ids` that exist."""
    found: dict[int, UserView] = {}
    for batch in batches(sorted(set(telegram_ids))):
        statement = select(User).where(User.telegram_id.in_(batch))
        for row in (await session.execute(statement)).unique().scalars():
            found[row.telegram_id] = user_view(row)
    return found


async def create_missions(
    session: AsyncSession,
    missions: Sequence[MissionFields],
    *,
    now: datetime,
    actor_user_id: int | None,
) -> dict[str, MissionView]:
    """Insert new missions (version 1) in one statement; code -> the stored mission.

    Raises StaleMissions when one of the codes was stored meanwhile.
    """
    _require_aware(now, "now")
    if not missions:
        return {}
    table = _mission_table()
    rows = [
        {**_stored(fields), "version": 1, "created_at": now, "updated_at": now}
        for fields in missions
    ]
    statement = insert_if_absent(session, table, ["code"]).returning(table.c.id, table.c.code)
    ids = {code: mission_id for mission_id, code in await session.execute(statement, rows)}
    if len(ids) != len(rows):
        raise StaleMissions("a mission of this file was created meanwhile")
    await add_audits(
        session,
        [
            AuditRow(
                actor_user_id=actor_user_id,
                action=AuditAction.MISSION_CREATED,
                target_type="mission",
                target_id=str(ids[row["code"]]),
                details={"code": row["code"]},
            )
            for row in rows
        ],
        at=now,
    )
    return {
        row["code"]: MissionView(
            id=ids[row["code"]],
            **{name: row[name] for name in FIELD_NAMES if name != "status"},
            status=MissionStatus(row["status"]),
            version=1,
            created_at=now,
            updated_at=now,
        )
        for row in rows
    }


async def update_missions(
    session: AsyncSession,
    changes: Sequence[tuple[MissionView, MissionFields, Sequence[str]]],
    *,
    now: datetime,
    actor_user_id: int | None,
) -> dict[str, MissionView]:
    """Apply (mission as read, new fields, changed field names) in one executemany UPDATE;
    code -> the updated mission (version bumped). Raises StaleMissions when one of them is no
    longer at the version it was read at."""
    _require_aware(now, "now")
    if not changes:
        return {}
    table = _mission_table()
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(
            **{name: bindparam(f"v_{name}") for name in FIELD_NAMES},
            version=bindparam("v_version"),
            updated_at=bindparam("v_updated_at"),
        )
    )
    params = [
        {
            "b_id": mission.id,
            "b_version": mission.version,
            **{f"v_{name}": value for name, value in _stored(fields).items()},
            "v_version": mission.version + 1,
            "v_updated_at": now,
        }
        for mission, fields, _changed in changes
    ]
    await session.execute(statement.execution_options(synchronize_session=False), params)
    # executemany gives no reliable row count on every driver: read the versions back.
    expected = {mission.id: mission.version + 1 for mission, _fields, _changed in changes}
    found: dict[int, int] = {}
    for batch in batches(list(expected)):
        result = await session.execute(
            select(Mission.id, Mission.version).where(Mission.id.in_(batch))
        )
        found.update((mission_id, version) for mission_id, version in result)
    if found != expected:
        raise StaleMissions("a mission of this file was changed meanwhile")
    await _ask_acknowledgement_again(
        session,
        [
            mission.id
            for mission, _fields, changed in changes
            if NOTIFY_FIELDS.intersection(changed)
        ],
    )
    await add_audits(
        session,
        [
            AuditRow(
                actor_user_id=actor_user_id,
                action=AuditAction.MISSION_UPDATED,
                target_type="mission",
                target_id=str(mission.id),
                details={
                    "code": mission.code,
                    "version": mission.version + 1,
                    "changed": list(changed),
                },
            )
            for mission, _fields, changed in changes
        ],
        at=now,
    )
    updated: dict[str, MissionView] = {}
    for mission, fields, _changed in changes:
        values = _stored(fields)
        updated[mission.code] = dataclasses.replace(
            mission,
            **{name: values[name] for name in FIELD_NAMES if name != "status"},
            status=MissionStatus(values["status"]),
            version=mission.version + 1,
            updated_at=now,
        )
    return updated


async def assign_many(
    session: AsyncSession,
    new: Sequence[tuple[int, UserView]],
    again: Sequence[tuple[AssignmentView, UserView]],
    *,
    actor_user_id: int | None,
    now: datetime,
) -> None:
    """Put volunteers on missions: `new` (mission id, user) have no assignment row yet,
    `again` were unassigned and start afresh (acknowledgement cleared). Audited like assign()."""
    _require_aware(now, "now")
    table: Table = MissionAssignment.__table__  # type: ignore[assignment]
    if new:
        statement = insert_if_absent(session, table, ["mission_id", "volunteer_user_id"])
        await session.execute(
            statement,
            [
                {
                    "mission_id": mission_id,
                    "volunteer_user_id": user.id,
                    "volunteer_telegram_id": user.telegram_id,
                    "invite_id": None,
                    "status": AssignmentStatus.ASSIGNED.value,
                    "acknowledged_at": None,
                    "created_at": now,
                }
                for mission_id, user in new
            ],
        )
    if again:
        statement_again = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                status=AssignmentStatus.ASSIGNED.value,
                acknowledged_at=None,
                volunteer_telegram_id=bindparam("v_telegram_id"),
            )
        )
        await session.execute(
            statement_again.execution_options(synchronize_session=False),
            [{"b_id": row.id, "v_telegram_id": user.telegram_id} for row, user in again],
        )
    await add_audits(
        session,
        [
            AuditRow(
                actor_user_id=actor_user_id,
                action=AuditAction.MISSION_ASSIGNED,
                target_type="mission",
                target_id=str(mission_id),
                details={"user_id": user.id},
            )
            for mission_id, user in [*new, *((row.mission_id, user) for row, user in again)]
        ],
        at=now,
    )


# --- Notifications (outbox keys and data) -------------------------------------------------


def change_kind(mission: MissionView, changed_fields: Sequence[str]) -> OutboxKind | None:
    """The notification a change calls for: cancelled, changed, or none (title, notes, ...)."""
    if "status" in changed_fields and mission.status is MissionStatus.CANCELLED:
        return OutboxKind.MISSION_CANCELLED
    if NOTIFY_FIELDS.intersection(changed_fields):
        return OutboxKind.MISSION_CHANGED
    return None


def notification_period(
    kind: OutboxKind,
    mission: MissionView,
    *,
    days_before: int = 0,
    assigned_at: datetime | None = None,
) -> str:
    """The outbox period of a mission notification (unique with recipient and kind): one per
    event, so re-imports and restarts never repeat one, and no event reuses an older one's key.

    assigned → "CODE:assigned" (the first time), "CODE:assigned@<time>" (assigned again after
    an unassignment); changed → "CODE:v<version>"; cancelled → "CODE:cancelled:v<version>"
    (cancelled, reopened, cancelled again: two notices); reminder → "CODE:remind7:<start>" /
    "CODE:remind1:<start>" (a postponed mission is reminded of its new start); unassigned →
    "CODE:unassigned@<time>" (`assigned_at`: the time of the unassignment).
    """
    if kind is OutboxKind.MISSION_ASSIGNED:
        again = "" if assigned_at is None else f"@{assigned_at.isoformat(timespec='seconds')}"
        return f"{mission.code}:assigned{again}"
    if kind is OutboxKind.MISSION_CHANGED:
        return f"{mission.code}:v{mission.version}"
    if kind is OutboxKind.MISSION_CANCELLED:
        return f"{mission.code}:cancelled:v{mission.version}"
    if kind is OutboxKind.MISSION_UNASSIGNED:
        if assigned_at is None:
            raise ValueError("an unassignment notice needs the time of the unassignment")
        return f"{mission.code}:unassigned@{assigned_at.isoformat(timespec='seconds')}"
    if kind is OutboxKind.MISSION_REMINDER:
        if days_before not in (1, 7):
            raise ValueError(f"mission reminders are 7 or 1 days before, not {days_before}")
        return f"{mission.code}:remind{days_before}:{mission.start_date.isoformat()}"
    raise ValueError(f"not a mission notification: {kind}")

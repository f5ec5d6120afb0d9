"""Missions from spreadsheets (CSV and XLSX): `fieldbot missions import FILE` and `template`.

Layout (one mission per row, header in row 1; see COLUMNS):

- `code` (required, at most 40 characters): identifies the mission; importing a file again
  updates the missions it names, never duplicates them.
- `title`, `place` (required), `country` (required, ISO 3166 alpha-2: `HT`).
- `start_date`, `end_date` (required, ISO `2026-03-05`; the end is not before the start).
- `project`, `role`, `supervisor_name`, `notes` (optional, free text).
- `supervisor_handle` (optional): the supervisor's Telegram username, with or without `@`.
- `status`: `planned` (when empty), `confirmed`, `cancelled` or `completed`.
- `volunteers`: Telegram ids of users holding the volunteer role, separated by `;` (or `,`, a
  space, a line break). Volunteers named here are assigned; a volunteer left out of a later
  file stays assigned (use /unassign).

Every problem of every row is reported with its row number, and nothing is written unless
there are none. The files are read by bot.reports_io.open_sheet: the same CSV and XLSX rules,
limits and refusals as a reports import.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import AssignmentStatus, MissionStatus, Role
from bot.domain.missions import NOTES_MAX, AssignmentView, MissionView
from bot.domain.people import UserView
from bot.domain.scope import country_codes
from bot.forms.engine import country_named
from bot.forms.screening import CHILD, screen_text
from bot.reports_io import (
    ISO_DATE_TIME,
    ReportsFileError,
    RowError,
    SheetRow,
    SheetWriter,
    date_hint,
    open_sheet,
    row_errors_with_reading,
)
from bot.settings import ImportLimits
from models.missions import (
    FIELD_NAMES,
    MissionFields,
    StaleMissions,
    assign_many,
    assignments_of,
    change_kind,
    create_missions,
    missions_by_code,
    update_missions,
    users_by_telegram_id,
)

COLUMNS: tuple[str, ...] = (
    "code",
    "title",
    "country",
    "place",
    "start_date",
    "end_date",
    "project",
    "role",
    "supervisor_name",
    "supervisor_handle",
    "notes",
    "status",
    "volunteers",
)
REQUIRED: tuple[str, ...] = ("code", "title", "country", "place", "start_date", "end_date")
# Column lengths (models.tables.Mission); notes is unbounded.
_LENGTHS: Mapping[str, int] = {
    "code": 40,
    "title": 200,
    "place": 200,
    "project": 200,
    "role": 200,
    "supervisor_name": 128,
    "notes": NOTES_MAX,
}
# Free text that volunteers read on their mission cards and notices: screened like a report's
# answers (a child's name with an age, a phone number, an e-mail address, an ID...).
_SCREENED = ("code", "title", "place", "project", "role", "supervisor_name", "notes")
_CODE_SEPARATORS = re.compile(r"[-_./]+")


def _screened_out(column: str, text: str, screen_patterns: Sequence[str]) -> bool:
    """Whether the screening refuses a cell. The code (shown on cards, kept in the audit log)
    is read with its separators as spaces ("Ketsia-12ans-viol"), and only for a child's name:
    its digit groups ("SN-2026-06-15-01") are no phone number."""
    if not text:
        return False
    if column != "code":
        return bool(screen_text(text, screen_patterns))
    spaced = _CODE_SEPARATORS.sub(" ", text)
    return any(finding.kind == CHILD for finding in screen_text(spaced))


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_HANDLE = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{4,31})")
_TELEGRAM_ID = re.compile(r"[0-9]{1,19}")
_LIST_SEPARATORS = re.compile(r"[;\n\r]+")
_SPACED_IDS = re.compile(r"[0-9]+(?:\s+[0-9]+)*")
_LISTED_APART = re.compile(r"\s*,\s+")
_GROUPED_NUMBER = re.compile(r"[0-9]{1,3}([ ,.\u00a0\u202f])[0-9]{3}(?:\1[0-9]{3})*")

_TEMPLATE_EXAMPLE: Mapping[str, str] = {
    "code": "HT-2026-03",
    "title": "Child protection committees training",
    "country": "HT",
    "place": "Jacmel",
    "start_date": "2026-03-05",
    "end_date": "2026-03-19",
    "project": "Justice for children",
    "role": "Trainer",
    "supervisor_name": "Marie Joseph",
    "supervisor_handle": "@marie_joseph",
    "notes": "Bring the facilitator guide.",
    "status": "planned",
    "volunteers": "",
}

MissionsFileError = ReportsFileError


@dataclass(frozen=True)
class ParsedMission:
    row: int
    fields: MissionFields
    volunteers: tuple[UserView, ...]


@dataclass(frozen=True)
class MissionChange:
    """An updated mission, what changed, and whom to tell (empty: nothing worth telling)."""

    mission: MissionView
    changed_fields: list[str]
    notify_telegram_ids: list[int]


@dataclass(frozen=True)
class NewAssignment:
    """A volunteer this import put on a mission (to be sent the "assigned" notification)."""

    mission: MissionView
    user_id: int
    telegram_id: int
    # The volunteer as read before the import (language, time zone: what a notification needs).
    volunteer: UserView | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class MissionImportResult:
    created: int
    updated: int
    unchanged: int
    changes: list[MissionChange] = field(default_factory=list)
    assigned: list[NewAssignment] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# --------------------------------------------------------------------------- template


def write_template(path: Path) -> None:
    """An import template (.csv or .xlsx, by the file's suffix): the header and one example."""
    with SheetWriter(path, COLUMNS, title="missions") as writer:
        writer.append([_TEMPLATE_EXAMPLE.get(column, "") for column in COLUMNS])


# ------------------------------------------------------------------------------ parsing


def _date(
    record: Mapping[str, str], column: str, row: int, errors: list[RowError]
) -> dt.date | None:
    text = record.get(column, "")
    if not text:
        return None  # reported as a missing required value
    moment = ISO_DATE_TIME.fullmatch(text)  # a date-and-time cell: its day
    day = moment.group(1) if moment else text
    if _ISO_DATE.fullmatch(day):
        try:
            return dt.date.fromisoformat(day)
        except ValueError:
            pass
    message = f"Not a date: {text!r} (write it as 2026-03-05)." + date_hint(text)
    errors.append(RowError(row, column, message))
    return None


def _id_parts(text: str) -> list[str]:
    """The pieces of a volunteers cell: ids are digits only, so ";", "," and any space or line
    break (Alt+Enter in a cell) separate them alike, as people type a list; but one id that
    a spreadsheet wrote with its thousands grouped ("7 000 000 201", "7,000,000,201") is one."""
    parts: list[str] = []
    for piece in _LIST_SEPARATORS.split(text):
        piece = piece.strip()
        # A comma and a space part a list, never a number's groups: "7 000 000 201, 7 000 000
        # 202" or "7,000,000,201, 7,000,000,202" (two grouped ids) are two ids, not eight.
        for listed in _LISTED_APART.split(piece):
            if _GROUPED_NUMBER.fullmatch(listed):
                parts.append(re.sub(r"[^0-9]", "", listed))
                continue
            for item in (item.strip() for item in listed.split(",")):
                # Spaces separate ids, not the words of a name typed instead ("Marie Joseph").
                parts.extend(
                    item.split() if _SPACED_IDS.fullmatch(item) else [item] if item else []
                )
    return parts


def _telegram_ids(text: str) -> list[int]:
    return [int(part) for part in _id_parts(text) if _TELEGRAM_ID.fullmatch(part)]


def _volunteers(
    users: Mapping[int, UserView], text: str, country: str, row: int, errors: list[RowError]
) -> list[UserView]:
    """The volunteers a row names: each a volunteer for the mission's country (as /assign
    requires)."""
    found: dict[int, UserView] = {}
    for part in _id_parts(text):
        if not _TELEGRAM_ID.fullmatch(part):
            errors.append(RowError(row, "volunteers", f"Not a Telegram id: {part!r}."))
            continue
        user = users.get(int(part))
        if user is None:
            errors.append(RowError(row, "volunteers", f"No user with Telegram id {part}."))
        elif not user.has_role(Role.VOLUNTEER):
            errors.append(RowError(row, "volunteers", f"User {part} is not a volunteer."))
        elif country and not user.scope(Role.VOLUNTEER).covers(country):
            errors.append(
                RowError(row, "volunteers", f"User {part} is not a volunteer for {country}.")
            )
        else:
            found[user.id] = user
    return list(found.values())


def _parse_row(
    users: Mapping[int, UserView],
    record: Mapping[str, str],
    row: int,
    errors: list[RowError],
    screen_patterns: Sequence[str],
) -> ParsedMission | None:
    before = len(errors)
    for column in REQUIRED:
        if not record.get(column, ""):
            errors.append(RowError(row, column, "Required."))
    for column, limit in _LENGTHS.items():
        if len(record.get(column, "")) > limit:
            errors.append(RowError(row, column, f"Longer than {limit} characters."))
    # A code or a name ("Haïti", "RDC"), as a report's country.
    typed = record.get("country", "")
    country = country_named(typed) or typed.upper()
    if country and country not in country_codes():
        errors.append(
            RowError(
                row,
                "country",
                f"Unknown country: {typed!r} (write its ISO code, for example HT, or its name).",
            )
        )
    start = _date(record, "start_date", row, errors)
    end = _date(record, "end_date", row, errors)
    if start is not None and end is not None and end < start:
        errors.append(RowError(row, "end_date", "The end date is before the start date."))
    status_text = record.get("status", "").lower() or MissionStatus.PLANNED.value
    if status_text not in {status.value for status in MissionStatus}:
        allowed = ", ".join(status.value for status in MissionStatus)
        errors.append(RowError(row, "status", f"Unknown status {status_text!r} ({allowed})."))
    handle = record.get("supervisor_handle", "")
    match = _HANDLE.fullmatch(handle)
    if handle and match is None:
        errors.append(RowError(row, "supervisor_handle", f"Not a Telegram username: {handle!r}."))
    for column in _SCREENED:
        if _screened_out(column, record.get(column, ""), screen_patterns):
            errors.append(
                RowError(
                    row,
                    column,
                    "Seems to hold personal data (a child's name or age, a phone number, an "
                    "e-mail address, an ID): volunteers read this text. Remove it.",
                )
            )
    volunteers = _volunteers(users, record.get("volunteers", ""), country, row, errors)
    if len(errors) > before or start is None or end is None:
        return None
    return ParsedMission(
        row=row,
        fields=MissionFields(
            code=record["code"],
            title=record["title"],
            country=country,
            place=record["place"],
            start_date=start,
            end_date=end,
            project=record.get("project") or None,
            role=record.get("role") or None,
            supervisor_name=record.get("supervisor_name") or None,
            supervisor_handle=None if match is None else "@" + match.group(1),
            notes=record.get("notes") or None,
            status=MissionStatus(status_text),
        ),
        volunteers=tuple(volunteers),
    )


async def parse_missions(
    session: AsyncSession,
    columns: Sequence[str],
    rows: Sequence[SheetRow],
    *,
    screen_patterns: Sequence[str] = (),
) -> tuple[list[ParsedMission], list[RowError]]:
    """Check every row (open_sheet's); reads the named users at once, writes nothing.
    `screen_patterns`: the deployment's extra patterns of personal data (Settings)."""
    wanted = [tid for row in rows for tid in _telegram_ids(row.cells.get("volunteers", ""))]
    users = await users_by_telegram_id(session, wanted)
    errors = [
        RowError(1, name, "Unknown column (see the template for the column names).")
        for name in columns
        if name not in COLUMNS
    ]
    # A required column the header lacks is said once, with how many rows need it, not on
    # every row: a sheet with its headers in French said "Required." 25,000 times.
    missing = frozenset(REQUIRED) - frozenset(columns)
    needed: dict[str, int] = {}
    parsed: list[ParsedMission] = []
    first_row_of: dict[str, int] = {}
    for row in rows:
        code = row.cells.get("code", "")
        # "ht-1" and "HT-1" are one mission's code, typed two ways.
        if code.casefold() in first_row_of:
            errors.append(
                RowError(
                    row.number,
                    "code",
                    f"Code {code!r} is already used in row {first_row_of[code.casefold()]}.",
                )
            )
            continue
        if code:
            first_row_of[code.casefold()] = row.number
        row_errors: list[RowError] = []
        mission = _parse_row(users, row.cells, row.number, row_errors, screen_patterns)
        for column in {str(error.column) for error in row_errors} & missing:
            needed[column] = needed.get(column, 0) + 1
        row_errors = [error for error in row_errors if error.column not in missing]
        errors.extend(row_errors_with_reading(row, row_errors))
        if mission is not None and not row.errors:
            parsed.append(mission)
    errors.extend(
        RowError(
            1,
            column,
            f"Missing column: {needed[column]} "
            f"{'row needs' if needed[column] == 1 else 'rows need'} it (see the template).",
        )
        for column in REQUIRED
        if column in needed
    )
    return parsed, errors


def _column_order(column: str | None) -> int:
    return COLUMNS.index(column) if column in COLUMNS else -1


# ------------------------------------------------------------------------------ import
#
# Like a reports import: check the file and read what is stored (missions by code, their
# assignments, the named users), then write everything in one short transaction of multi-row
# statements (write_missions). If a mission changed between the two, the write raises
# StaleMissions and the caller reads again.


@dataclass(frozen=True)
class MissionsPlan:
    """What an import will write, from the file and what was stored when it was read."""

    rows: list[ParsedMission]
    stored: dict[str, MissionView]
    assignments: dict[tuple[int, int], AssignmentView]

    @property
    def may_notify(self) -> bool:
        """Whether writing it may tell a volunteer something: a row names volunteers, or
        updates a mission someone is (or was) on. False: new missions without volunteers."""
        on_stored = {mission_id for mission_id, _user_id in self.assignments}
        return any(
            item.volunteers
            or (item.fields.code in self.stored and self.stored[item.fields.code].id in on_stored)
            for item in self.rows
        )


async def read_missions(
    session: AsyncSession,
    path: Path,
    *,
    limits: ImportLimits | None = None,
    screen_patterns: Sequence[str] = (),
) -> tuple[MissionsPlan | None, list[RowError]]:
    """Check the file and read what the import depends on (reads only).

    Returns (plan, []) or (None, the problems in spreadsheet order). Raises MissionsFileError
    (bot.reports_io.ReportsFileError) for a file that cannot be read faithfully.
    """
    # A missions file is a few hundred rows: read whole (within the limits), then checked.
    with open_sheet(path, limits) as sheet:
        columns, rows = sheet.columns, list(sheet.rows)
    parsed, errors = await parse_missions(session, columns, rows, screen_patterns=screen_patterns)
    if errors:
        errors.sort(key=lambda error: (error.row, _column_order(error.column)))
        return None, errors
    stored = await missions_by_code(session, [item.fields.code for item in parsed])
    # A code typed in another case than the stored one ("ht-1" for "HT-1") is that mission.
    as_stored = {code.casefold(): code for code in stored}
    parsed = [
        replace(item, fields=replace(item.fields, code=as_stored[item.fields.code.casefold()]))
        if item.fields.code.casefold() in as_stored
        else item
        for item in parsed
    ]
    assignments = await assignments_of(session, [mission.id for mission in stored.values()])
    return MissionsPlan(parsed, stored, assignments), []


def _changed(stored: MissionView, fields: MissionFields) -> list[str]:
    values = {name: getattr(fields, name) for name in FIELD_NAMES}
    values["country"] = fields.country.upper()
    return [name for name in FIELD_NAMES if getattr(stored, name) != values[name]]


async def write_missions(
    session: AsyncSession, plan: MissionsPlan, *, actor_user_id: int | None, now: dt.datetime
) -> MissionImportResult:
    """Write the plan: new missions, changed missions, new assignments, audit entries, in a
    few statements. Never commits; raises StaleMissions when the plan is out of date."""
    fresh = [item.fields for item in plan.rows if item.fields.code not in plan.stored]
    updates = []
    for item in plan.rows:
        mission = plan.stored.get(item.fields.code)
        if mission is not None and (changed := _changed(mission, item.fields)):
            updates.append((mission, item.fields, changed))
    missions = dict(plan.stored)
    missions.update(await create_missions(session, fresh, now=now, actor_user_id=actor_user_id))
    missions.update(await update_missions(session, updates, now=now, actor_user_id=actor_user_id))

    assigned_before: dict[int, list[tuple[int, int]]] = {}
    for (mission_id, user_id), row in plan.assignments.items():
        if row.status is AssignmentStatus.ASSIGNED and row.volunteer_telegram_id is not None:
            assigned_before.setdefault(mission_id, []).append((user_id, row.volunteer_telegram_id))
    changes: list[MissionChange] = []
    for mission, _fields, changed in updates:
        view = missions[mission.code]
        # Only those who were on the mission before this file are told of the change;
        # the newly assigned get the "assigned" notification instead.
        notify = (
            [telegram_id for _, telegram_id in sorted(assigned_before.get(view.id, []))]
            if change_kind(view, changed) is not None
            else []
        )
        changes.append(MissionChange(view, changed, notify))

    new: list[tuple[int, UserView]] = []
    again: list[tuple[AssignmentView, UserView]] = []
    assigned: list[NewAssignment] = []
    for item in plan.rows:
        view = missions[item.fields.code]
        for volunteer in item.volunteers:
            existing = plan.assignments.get((view.id, volunteer.id))
            if existing is not None and existing.status is AssignmentStatus.ASSIGNED:
                continue
            if existing is None:
                new.append((view.id, volunteer))
            else:
                again.append((existing, volunteer))
            assigned.append(NewAssignment(view, volunteer.id, volunteer.telegram_id, volunteer))
    await assign_many(session, new, again, actor_user_id=actor_user_id, now=now)
    return MissionImportResult(
        created=len(fresh),
        updated=len(updates),
        unchanged=len(plan.rows) - len(fresh) - len(updates),
        changes=changes,
        assigned=assigned,
    )


async def import_missions(
    session: AsyncSession,
    path: Path,
    *,
    actor_user_id: int | None,
    now: dt.datetime,
    limits: ImportLimits | None = None,
    screen_patterns: Sequence[str] = (),
) -> MissionImportResult:
    """Import a CSV or XLSX file of missions in one session: all rows, or none when any row
    has a problem (read_missions then write_missions).

    Idempotent by mission code. Never commits: the caller commits when `errors` is empty.
    Raises MissionsFileError (bot.reports_io.ReportsFileError) for an unreadable file.
    """
    plan, errors = await read_missions(
        session, path, limits=limits, screen_patterns=screen_patterns
    )
    if plan is None:
        return MissionImportResult(created=0, updated=0, unchanged=0, errors=errors)
    return await write_missions(session, plan, actor_user_id=actor_user_id, now=now)


__all__ = [
    "COLUMNS",
    "MissionChange",
    "MissionImportResult",
    "MissionsFileError",
    "MissionsPlan",
    "NewAssignment",
    "ParsedMission",
    "StaleMissions",
    "import_missions",
    "parse_missions",
    "read_missions",
    "write_missions",
    "write_template",
]

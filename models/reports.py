"""Reports: idempotent submission, versioned edits, listings.

Plain async functions over an AsyncSession, like models.queries: they never commit and return
frozen dataclasses. A report's typed columns (what the indicators count) are derived from its
answers by `typed_columns`, on submission and again on every edit, so they never disagree with
the stored answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Table, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert
from sqlalchemy.sql.elements import ColumnElement

from bot.domain.clock import utcnow
from bot.domain.enums import AuditAction
from bot.domain.reports import ReportView, network_key, reference_id_range
from models.bulk import AuditRow, add_audits, batches, insert_if_absent, insert_rows
from models.queries import add_audit
from models.tables import Report, ReportVersion
from models.upsert import dialect_name

TRAINING = "training"
ADVOCACY_EVENT = "advocacy_event"
KINDS: frozenset[str] = frozenset({TRAINING, ADVOCACY_EVENT})

# The answer holding the event date, per kind.
_DATE_QUESTION: dict[str, str] = {TRAINING: "start_date", ADVOCACY_EVENT: "event_date"}

# Question ids that are also column names (the form and the table use the same names).
_TEXT_COLUMNS = ("field", "target_group", "training_type", "canada_sector", "event_kind", "level")
_INT_COLUMNS = (
    "participants_women",
    "participants_men",
    "participants_other",
    "trainers_trained",
    "audience",
)
# Values the form engine computes (not asked): the total, and the indicator flags.
_COMPUTED_FLAGS = ("is_decision", "is_network", "is_key_event")

# Typed columns that every report must have.
_REQUIRED = ("country", "field", "event_date")


# --- Views --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportVersionView:
    version: int
    answers: dict[str, Any]
    form_version: int
    edited_by_user_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class SubmitResult:
    report: ReportView
    # False: a report with this id already existed (a re-sent submission); nothing was written.
    created: bool


class StaleReport(Exception):
    """The report is no longer at the version the edit was based on.

    Either someone else saved an edit meanwhile, or this very edit was already saved (a
    double-tapped "Save"). Nothing was written.
    """

    def __init__(self, report_id: UUID, expected_version: int, current_version: int) -> None:
        super().__init__(
            f"report {report_id} is at version {current_version}, "
            f"the edit expected version {expected_version}"
        )
        self.report_id = report_id
        self.expected_version = expected_version
        self.current_version = current_version


def _report_view(row: Report) -> ReportView:
    return ReportView(
        id=row.id,
        kind=row.kind,
        form_id=row.form_id,
        form_version=row.form_version,
        author_user_id=row.author_user_id,
        country=row.country,
        field=row.field,
        event_date=row.event_date,
        answers=dict(row.answers or {}),
        version=row.version,
        submitted_at=row.submitted_at,
        updated_at=row.updated_at,
        withdrawn_at=row.withdrawn_at,
        withdrawn_by_user_id=row.withdrawn_by_user_id,
        withdraw_reason=row.withdraw_reason,
        past_withdrawals=tuple(dict(entry) for entry in row.past_withdrawals or ()),
    )


def _version_view(row: ReportVersion) -> ReportVersionView:
    return ReportVersionView(
        version=row.version,
        answers=dict(row.answers or {}),
        form_version=row.form_version,
        edited_by_user_id=row.edited_by_user_id,
        created_at=row.created_at,
    )


# --- Typed columns (pure) -----------------------------------------------------------------


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        raise TypeError(f"expected a date, got the datetime {value!r}")
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _as_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    return int(value)


def _as_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _as_optional_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def typed_columns(
    kind: str, answers: Mapping[str, Any], computed: Mapping[str, Any]
) -> dict[str, Any]:
    """The typed column values of a report from its answers and the form's computed values.

    Missing answers give None (flags give False). The event date is the training's start date
    or the advocacy event's date (ISO strings). Raises ValueError for an unknown kind.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}")
    country = _as_text(answers.get("country"))
    columns: dict[str, Any] = {
        "country": country.upper() if country is not None else None,
        "event_date": _as_date(answers.get(_DATE_QUESTION[kind])),
    }
    for name in _TEXT_COLUMNS:
        columns[name] = _as_text(answers.get(name))
    for name in _INT_COLUMNS:
        columns[name] = _as_int(answers.get(name))
    columns["contributed"] = _as_optional_bool(answers.get("contributed"))
    columns["participants_total"] = _as_int(computed.get("participants_total"))
    for name in _COMPUTED_FLAGS:
        columns[name] = bool(computed.get(name, False))
    # The network a "network" event supports (distinct networks, not meetings, are counted).
    columns["network_key"] = (
        network_key(columns["country"], answers.get("network_name"))
        if columns["is_network"]
        else None
    )
    return columns


def _checked_columns(
    kind: str, answers: Mapping[str, Any], computed: Mapping[str, Any]
) -> dict[str, Any]:
    columns = typed_columns(kind, answers, computed)
    missing = [name for name in _REQUIRED if columns[name] is None]
    if missing:
        raise ValueError(f"a {kind} report needs {', '.join(missing)}")
    return columns


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


def _insert_if_absent(session: AsyncSession, table: Table, values: Mapping[str, Any]) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING the primary key (no row: it existed)."""
    name = dialect_name(session)
    if name == "postgresql":
        return (
            postgresql.insert(table)
            .values(dict(values))
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(table.c.id)
        )
    if name == "sqlite":
        return (
            sqlite.insert(table)
            .values(dict(values))
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(table.c.id)
        )
    raise NotImplementedError(f"insert-if-absent is not implemented for the {name!r} dialect")


async def _load(session: AsyncSession, report_id: UUID) -> Report | None:
    # populate_existing: a Core INSERT/UPDATE may have changed the row behind the identity map.
    return await session.get(Report, report_id, populate_existing=True)


# --- Writing ------------------------------------------------------------------------------


async def submit_report(
    session: AsyncSession,
    *,
    report_id: UUID,
    kind: str,
    form_id: str,
    form_version: int,
    author_user_id: int,
    answers: Mapping[str, Any],
    computed: Mapping[str, Any],
    now: datetime,
) -> SubmitResult:
    """Store a new report (version 1), or return the stored one if `report_id` already exists.

    One INSERT ... ON CONFLICT DO NOTHING decides: of two simultaneous submissions of the same
    id, PostgreSQL makes the second wait for the first and then insert nothing. A re-sent
    submission keeps the answers stored the first time.
    """
    _require_aware(now, "now")
    columns = _checked_columns(kind, answers, computed)
    stored_answers = dict(answers)
    values: dict[str, Any] = {
        "id": report_id,
        "kind": kind,
        "form_id": form_id,
        "form_version": form_version,
        "author_user_id": author_user_id,
        **columns,
        "answers": stored_answers,
        "version": 1,
        "submitted_at": now,
        "updated_at": now,
    }
    table: Table = Report.__table__  # type: ignore[assignment]
    inserted = await session.execute(_insert_if_absent(session, table, values))
    created = inserted.scalar_one_or_none() is not None
    if created:
        session.add(
            ReportVersion(
                report_id=report_id,
                version=1,
                answers=stored_answers,
                form_version=form_version,
                edited_by_user_id=author_user_id,
                created_at=now,
            )
        )
        await session.flush()
        await add_audit(
            session,
            actor_user_id=author_user_id,
            action=AuditAction.REPORT_SUBMITTED,
            target_type="report",
            target_id=str(report_id),
            details={"kind": kind, "country": columns["country"]},
        )
    row = await _load(session, report_id)
    if row is None:  # pragma: no cover - inserted or already there, in this transaction
        raise LookupError(f"no report {report_id} after inserting it")
    return SubmitResult(report=_report_view(row), created=created)


async def edit_report(
    session: AsyncSession,
    report_id: UUID,
    *,
    editor_user_id: int,
    answers: Mapping[str, Any],
    computed: Mapping[str, Any],
    form_version: int,
    now: datetime,
    expected_version: int,
) -> ReportView:
    """Save an edit as the next version of the report.

    Optimistic locking: the UPDATE only matches while the report is still at
    `expected_version`, so of two saves based on the same version (two editors, or one
    double-tapped "Save") exactly one wins; the other raises StaleReport and writes nothing.
    Raises LookupError for an unknown report.
    """
    _require_aware(now, "now")
    row = await _load(session, report_id)
    if row is None:
        raise LookupError(f"no report {report_id}")
    if row.version != expected_version:
        raise StaleReport(report_id, expected_version, row.version)
    columns = _checked_columns(row.kind, answers, computed)
    stored_answers = dict(answers)
    new_version = expected_version + 1
    bumped = await session.execute(
        update(Report)
        .where(Report.id == report_id, Report.version == expected_version)
        .values(
            **columns,
            answers=stored_answers,
            form_version=form_version,
            version=new_version,
            updated_at=now,
        )
        .returning(Report.version)
        .execution_options(synchronize_session=False)
    )
    if bumped.scalar_one_or_none() is None:
        # Another transaction saved a version between our read and our write.
        current = await _load(session, report_id)
        if current is None:
            raise LookupError(f"no report {report_id}")
        raise StaleReport(report_id, expected_version, current.version)
    session.add(
        ReportVersion(
            report_id=report_id,
            version=new_version,
            answers=stored_answers,
            form_version=form_version,
            edited_by_user_id=editor_user_id,
            created_at=now,
        )
    )
    await session.flush()
    await add_audit(
        session,
        actor_user_id=editor_user_id,
        action=AuditAction.REPORT_EDITED,
        target_type="report",
        target_id=str(report_id),
        details={"kind": row.kind, "country": columns["country"], "version": new_version},
    )
    saved = await _load(session, report_id)
    if saved is None:  # pragma: no cover - updated in this transaction
        raise LookupError(f"no report {report_id}")
    return _report_view(saved)


async def withdraw_report(
    session: AsyncSession, report_id: UUID, *, by_user_id: int, reason: str, now: datetime
) -> ReportView:
    """Withdraw a report: kept with its history, counted nowhere. Idempotent (a second
    withdrawal keeps the first one's who, when and why). LookupError for an unknown report."""
    _require_aware(now, "now")
    row = await _load(session, report_id)
    if row is None:
        raise LookupError(f"no report {report_id}")
    if row.withdrawn_at is None:
        row.withdrawn_at = now
        row.withdrawn_by_user_id = by_user_id
        row.withdraw_reason = reason[:500]
        await session.flush()
        await add_audit(
            session,
            actor_user_id=by_user_id,
            action=AuditAction.REPORT_WITHDRAWN,
            target_type="report",
            target_id=str(report_id),
            details={"kind": row.kind, "country": row.country, "version": row.version},
        )
    return _report_view(row)


async def restore_report(session: AsyncSession, report_id: UUID, *, by_user_id: int) -> ReportView:
    """Count a withdrawn report again. Idempotent. LookupError for an unknown report."""
    row = await _load(session, report_id)
    if row is None:
        raise LookupError(f"no report {report_id}")
    if row.withdrawn_at is not None:
        undone = {
            "at": row.withdrawn_at.isoformat(),
            "by": row.withdrawn_by_user_id,
            "reason": row.withdraw_reason,
            "restored_at": utcnow().isoformat(),
            "restored_by": by_user_id,
        }
        row.past_withdrawals = [*(row.past_withdrawals or ()), undone]  # kept, as promised
        row.withdrawn_at = None
        row.withdrawn_by_user_id = None
        row.withdraw_reason = None
        await session.flush()
        await add_audit(
            session,
            actor_user_id=by_user_id,
            action=AuditAction.REPORT_RESTORED,
            target_type="report",
            target_id=str(report_id),
            details={"kind": row.kind, "country": row.country},
        )
    return _report_view(row)


# --- Many at once (imports, demo data) -----------------------------------------------------


@dataclass(frozen=True)
class NewReport:
    """A checked report to store as version 1 (an imported row, a generated demo report)."""

    id: UUID
    kind: str
    form_id: str
    form_version: int
    author_user_id: int
    answers: Mapping[str, Any]
    computed: Mapping[str, Any] = field(default_factory=dict)
    # When it counts as submitted (demo data spreads this over the plan's period).
    submitted_at: datetime | None = None


async def insert_reports(
    session: AsyncSession, reports: Sequence[NewReport], *, now: datetime
) -> set[UUID]:
    """Store many new reports in a few statements; returns the ids actually inserted.

    Like `submit_report` for each (version 1, its report_versions row and its audit entry), but
    one multi-row INSERT ... ON CONFLICT DO NOTHING per table: a report whose id is already
    stored is left as it is and is not in the result. Raises ValueError for a report without
    its required columns, before writing anything.
    """
    _require_aware(now, "now")
    rows: list[dict[str, Any]] = []
    for report in reports:
        submitted = report.submitted_at or now
        _require_aware(submitted, "submitted_at")
        rows.append(
            {
                "id": report.id,
                "kind": report.kind,
                "form_id": report.form_id,
                "form_version": report.form_version,
                "author_user_id": report.author_user_id,
                **_checked_columns(report.kind, report.answers, report.computed),
                "answers": dict(report.answers),
                "version": 1,
                "submitted_at": submitted,
                "updated_at": submitted,
            }
        )
    if not rows:
        return set()
    table: Table = Report.__table__  # type: ignore[assignment]
    statement = insert_if_absent(session, table, ["id"]).returning(table.c.id)
    inserted = set((await session.execute(statement, rows)).scalars())
    created = [row for row in rows if row["id"] in inserted]
    versions: Table = ReportVersion.__table__  # type: ignore[assignment]
    await insert_rows(
        session,
        versions,
        [
            {
                "report_id": row["id"],
                "version": 1,
                "answers": row["answers"],
                "form_version": row["form_version"],
                "edited_by_user_id": row["author_user_id"],
                "created_at": row["submitted_at"],
            }
            for row in created
        ],
    )
    await add_audits(
        session,
        [
            AuditRow(
                actor_user_id=row["author_user_id"],
                action=AuditAction.REPORT_SUBMITTED,
                target_type="report",
                target_id=str(row["id"]),
                details={"kind": row["kind"], "country": row["country"]},
            )
            for row in created
        ],
    )
    return inserted


async def stored_answers(
    session: AsyncSession, report_ids: Sequence[UUID]
) -> dict[UUID, tuple[str, dict[str, Any]]]:
    """report id -> (kind, answers) of those of `report_ids` that are stored."""
    found: dict[UUID, tuple[str, dict[str, Any]]] = {}
    for batch in batches(list(report_ids)):
        statement = select(Report.id, Report.kind, Report.answers).where(Report.id.in_(batch))
        for report_id, kind, answers in await session.execute(statement):
            found[report_id] = (kind, dict(answers or {}))
    return found


# --- Reading ------------------------------------------------------------------------------


async def get_report(session: AsyncSession, report_id: UUID) -> ReportView | None:
    row = await _load(session, report_id)
    return None if row is None else _report_view(row)


def _check_page(offset: int, limit: int) -> None:
    if offset < 0 or limit < 1:
        raise ValueError(f"bad page: offset={offset}, limit={limit}")


async def _page(
    session: AsyncSession, conditions: Sequence[ColumnElement[bool]], offset: int, limit: int
) -> tuple[list[ReportView], int]:
    _check_page(offset, limit)
    total = (
        await session.execute(select(func.count()).select_from(Report).where(*conditions))
    ).scalar_one()
    statement = (
        select(Report)
        .where(*conditions)
        # The id breaks ties, so that pages never overlap or skip a report.
        .order_by(Report.submitted_at.desc(), Report.id.desc())
        .offset(offset)
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    rows = (await session.execute(statement)).scalars()
    return [_report_view(row) for row in rows], int(total)


async def reports_by_author(
    session: AsyncSession, author_user_id: int, *, offset: int = 0, limit: int = 5
) -> tuple[list[ReportView], int]:
    """One page of the author's reports, newest submitted first, and how many there are."""
    return await _page(session, [Report.author_user_id == author_user_id], offset, limit)


async def last_change_by_author(session: AsyncSession, author_user_id: int) -> datetime | None:
    """When one of the author's reports last changed (sent, corrected, withdrawn); None when
    they have none."""
    statement = (
        select(Report.updated_at)
        .where(Report.author_user_id == author_user_id)
        .order_by(Report.updated_at.desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def reports_in_scope(
    session: AsyncSession,
    *,
    countries: Sequence[str] | None,
    offset: int = 0,
    limit: int = 5,
) -> tuple[list[ReportView], int]:
    """One page of the reports of `countries` (None: every country), newest first, and the
    total."""
    return await _page(session, _in_scope(countries), offset, limit)


async def reports_with_reference(
    session: AsyncSession,
    bits: int,
    *,
    author_user_id: int | None = None,
    countries: Sequence[str] | None = None,
    limit: int = 3,
) -> list[ReportView]:
    """The reports whose reference has these 30 bits (bot.domain.reports.reference_bits),
    newest first: the author's, when `author_user_id` is given, else those of `countries`
    (None: every country). Most often one; two share a reference only by rare chance."""
    low, high = reference_id_range(bits)
    conditions = [Report.id >= low, Report.id <= high]
    if author_user_id is not None:
        conditions.append(Report.author_user_id == author_user_id)
    else:
        conditions.extend(_in_scope(countries))
    statement = select(Report).where(*conditions).order_by(Report.submitted_at.desc()).limit(limit)
    return [_report_view(row) for row in (await session.execute(statement)).scalars()]


def _in_scope(countries: Sequence[str] | None) -> list[ColumnElement[bool]]:
    if isinstance(countries, str):
        # A str is a Sequence[str] too: "HT" would silently mean ["H", "T"].
        raise TypeError("countries must be a sequence of codes, not a str")
    if countries is None:
        return []
    return [Report.country.in_(sorted({code.upper() for code in countries}))]


async def report_position(
    session: AsyncSession,
    report_id: UUID,
    *,
    author_user_id: int | None = None,
    countries: Sequence[str] | None = None,
) -> int | None:
    """How many reports come before `report_id` in the list that reports_by_author (with
    `author_user_id`) or reports_in_scope (`countries`) pages through, newest first; None when
    the report is not in that list. A page turn starts from a report, not from a page number,
    so a report submitted (or removed) meanwhile neither repeats one nor skips one."""
    conditions = (
        [Report.author_user_id == author_user_id]
        if author_user_id is not None
        else _in_scope(countries)
    )
    anchor = (
        await session.execute(
            select(Report.submitted_at, Report.id).where(Report.id == report_id, *conditions)
        )
    ).first()
    if anchor is None:
        return None
    at, anchor_id = anchor
    before = or_(Report.submitted_at > at, and_(Report.submitted_at == at, Report.id > anchor_id))
    statement = select(func.count()).select_from(Report).where(*conditions, before)
    return int((await session.execute(statement)).scalar_one())


async def report_history(session: AsyncSession, report_id: UUID) -> list[ReportVersionView]:
    """Every version of the report, the original submission first."""
    statement = (
        select(ReportVersion)
        .where(ReportVersion.report_id == report_id)
        .order_by(ReportVersion.version)
    )
    rows = (await session.execute(statement)).scalars()
    return [_version_view(row) for row in rows]


async def last_report_at(session: AsyncSession, author_user_id: int) -> datetime | None:
    """When the author last submitted a report (None: never)."""
    statement = select(func.max(Report.submitted_at)).where(
        Report.author_user_id == author_user_id
    )
    value: datetime | None = (await session.execute(statement)).scalar_one()
    return value

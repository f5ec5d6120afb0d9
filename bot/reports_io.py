"""Reports to and from spreadsheets (CSV and XLSX), checked exactly as the chat forms check them.

Layout (one report per row, header in row 1):

- `report_id`: the report's UUID. Optional on import: when empty, it is derived from the row's
  content (uuid5), so importing the same file twice stores nothing twice.
- `kind`: `training` or `advocacy_event`.
- One column per question of the two forms (their union, see COLUMNS); a column that does not
  apply to the row's kind, or to its other answers (skip logic), stays empty.

Values are written as a person types them in English: dates ISO (`2026-03-05`), yes/no as `yes`
or `no`, choices by their value (`justice`, `train_the_trainer`), countries as ISO codes (`HT`),
numbers with a dot for decimals, several choices separated by `;`.

An import walks each row through the form engine in locale "en" (parsing, relevance, required
questions, bounds, constraints, personal-data screening), so it can never store what the chat
would refuse; every problem of every row is reported, and nothing is written unless there are
none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

from openpyxl import Workbook, load_workbook
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.forms.definitions import FORMS, NOTES
from bot.forms.engine import check_value, computed_values, parse_answer, set_answer
from bot.forms.model import Form, FormError, QType, Question
from models.reports import NewReport, insert_reports, stored_answers
from models.tables import Report

# Derived report ids live in their own namespace: uuid5(namespace, normalised row).
REPORT_ID_NAMESPACE = UUID("3b4f1f5e-8d0a-5c7e-9a51-6f1d2c0b7e42")
EXPORT_BATCH = 500
LOCALE = "en"

FORMS_BY_KIND: dict[str, Form] = {form.kind: form for form in FORMS.values()}


def _columns() -> tuple[str, ...]:
    """report_id, kind, the questions both forms ask, each form's own, the notes last."""
    forms = list(FORMS_BY_KIND.values())
    asked = [
        [q.id for q in form.questions if q.type is not QType.NOTE and q.id != NOTES.id]
        for form in forms
    ]
    shared = [qid for qid in asked[0] if all(qid in ids for ids in asked[1:])]
    own = [qid for ids in asked for qid in ids if qid not in shared]
    return ("report_id", "kind", *shared, *dict.fromkeys(own), NOTES.id)


COLUMNS: tuple[str, ...] = _columns()

_TEMPLATE_EXAMPLES: tuple[dict[str, str], ...] = (
    {
        "kind": "training",
        "country": "HT",
        "place": "Jacmel",
        "field": "justice",
        "target_group": "police",
        "training_type": "train_the_trainer",
        "national_programme": "yes",
        "start_date": "2026-03-05",
        "duration_unit": "days",
        "duration": "3",
        "participants_women": "12",
        "participants_men": "15",
        "participants_other": "0",
        "trainers_trained": "6",
        "partner": "Ministry of Justice",
        "pre_score": "48.5",
        "post_score": "81",
    },
    {
        "kind": "advocacy_event",
        "country": "SN",
        "level": "national",
        "field": "violence_exploitation",
        "event_kind": "decision",
        "institution": "Ministry of Women, Family and Child Protection",
        "contributed": "yes",
        "audience": "250",
        "event_date": "2026-03-12",
        "notes": "Decree on child protection committees",
    },
)

_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MULTIPLE_SEPARATOR = re.compile(r"\s*[;,]\s*")


class ReportsFileError(ValueError):
    """The file cannot be read at all (unknown suffix, not UTF-8, no header)."""


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based as in a spreadsheet: the header is row 1
    column: str | None
    message: str


@dataclass(frozen=True)
class ParsedRow:
    row: int
    report_id: UUID
    kind: str
    form_id: str
    answers: dict[str, Any]
    computed: dict[str, Any]


@dataclass(frozen=True)
class ImportResult:
    created: int
    unchanged: int
    errors: list[RowError] = field(default_factory=list)
    # How long the write transaction took (0: nothing was written); not part of the outcome.
    write_seconds: float = field(default=0.0, compare=False)


# --------------------------------------------------------------------------- templates


def template_rows() -> list[list[str]]:
    """The header and one example row per kind, both valid."""
    return [list(COLUMNS)] + [
        [example.get(column, "") for column in COLUMNS] for example in _TEMPLATE_EXAMPLES
    ]


def write_template(path: Path) -> None:
    """An import template (.csv or .xlsx, by the file's suffix)."""
    header, *examples = template_rows()
    with _SheetWriter(path, header) as writer:
        for example in examples:
            writer.append(example)


# ------------------------------------------------------------------------------ writing


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ReportsFileError(f"{path.name}: expected a .csv or .xlsx file")
    return suffix


class _SheetWriter:
    """Rows appended one at a time to a CSV or XLSX file: nothing is held in memory."""

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        self.xlsx = _suffix(path) == ".xlsx"
        self.path = path
        self.count = 0
        if self.xlsx:
            self._workbook = Workbook(write_only=True)
            self._sheet = self._workbook.create_sheet("reports")
            self._sheet.append(list(header))
        else:
            # utf-8-sig: Excel opens a CSV file as UTF-8 only when it starts with a BOM.
            self._stream = path.open("w", encoding="utf-8-sig", newline="")
            self._csv = csv.writer(self._stream)
            self._csv.writerow(header)

    def append(self, row: Sequence[Any]) -> None:
        if self.xlsx:
            self._sheet.append(list(row))
        else:
            self._csv.writerow(["" if cell is None else cell for cell in row])
        self.count += 1

    def close(self) -> None:
        if self.xlsx:
            self._workbook.save(self.path)
        else:
            self._stream.close()

    def __enter__(self) -> _SheetWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        self.close()
        if exc_type is not None:  # no half-written file left behind
            self.path.unlink(missing_ok=True)


# ------------------------------------------------------------------------------ reading


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _rows_from_table(table: Iterable[Sequence[Any]]) -> list[dict[str, str]]:
    rows = iter(table)
    header = next(rows, None)
    if header is None:
        raise ReportsFileError("the file is empty: it needs a header row")
    names = [_cell_text(name).lower() for name in header]
    if not any(names):
        raise ReportsFileError("the first row must be the header (column names)")
    result = []
    for row in rows:
        cells = [_cell_text(value) for value in row]
        record = {name: "" for name in names if name}
        for name, cell in zip(names, cells, strict=False):
            if name:
                record[name] = cell
        result.append(record)
    return result


def read_rows(path: Path) -> list[dict[str, str]]:
    """The file's rows as {column: text} (blank rows kept, so that row numbers stay true).

    CSV: UTF-8 with or without a BOM, comma or semicolon separated (as the header is).
    XLSX: the first sheet. Column names are lower-cased.
    """
    if _suffix(path) == ".xlsx":
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            return _rows_from_table(workbook.worksheets[0].iter_rows(values_only=True))
        finally:
            workbook.close()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReportsFileError(
            f"{path.name} is not UTF-8: save it as “CSV UTF-8” and try again"
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return _rows_from_table(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


# ------------------------------------------------------------------------------ parsing


def _message(error: FormError) -> str:
    """A form error as English text (dates ISO, numbers plain)."""
    params = {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in error.params.items()
    }
    return error.msgid.format(**params)


def _cell_value(
    question: Question,
    text: str,
    answers: Mapping[str, Any],
    today: dt.date,
    screen_patterns: Sequence[str],
) -> tuple[Any, str | None]:
    """(value, None) for a valid non-empty cell, or (None, the reason it is refused)."""
    kind = question.type
    if kind in (QType.INTEGER, QType.DECIMAL, QType.TEXT, QType.DATE):
        if kind is QType.DATE and not _ISO_DATE.fullmatch(text):
            return None, "Please write the date as YYYY-MM-DD, for example 2026-03-05."
        parsed = parse_answer(
            question, text, answers, locale=LOCALE, today=today, screen_patterns=screen_patterns
        )
        return (parsed.value, None) if parsed.error is None else (None, _message(parsed.error))
    value: Any
    if kind is QType.YES_NO:
        word = text.lower()
        if word not in _YES | _NO:
            return None, "Please write yes or no."
        value = word in _YES
    elif kind is QType.SELECT_ONE:
        value = text.lower()
    elif kind is QType.SELECT_MULTIPLE:
        value = [part.lower() for part in _MULTIPLE_SEPARATOR.split(text) if part]
    else:  # QType.COUNTRY (notes have no column)
        value = text.upper()
    error = check_value(question, value, answers, today=today, screen_patterns=screen_patterns)
    if error is None:
        return value, None
    message = _message(error)
    if question.choices and kind in (QType.SELECT_ONE, QType.SELECT_MULTIPLE):
        message += " Allowed: " + ", ".join(choice.value for choice in question.choices) + "."
    elif kind is QType.COUNTRY:
        message = "Please write the country's two-letter ISO code, for example HT or SN."
    return None, message


def _derived_id(kind: str, answers: Mapping[str, Any]) -> UUID:
    normalised = json.dumps(
        {"kind": kind, "answers": answers}, sort_keys=True, ensure_ascii=False, default=str
    )
    return uuid5(REPORT_ID_NAMESPACE, normalised)


def _parse_row(
    number: int, row: Mapping[str, str], today: dt.date, screen_patterns: Sequence[str]
) -> tuple[ParsedRow | None, list[RowError]]:
    kind = row.get("kind", "").strip().lower()
    form = FORMS_BY_KIND.get(kind)
    if form is None:
        allowed = " or ".join(FORMS_BY_KIND)
        return None, [RowError(number, "kind", f"The kind must be {allowed}.")]
    errors: list[RowError] = []
    answers: dict[str, Any] = {}
    used: set[str] = set()
    for question in form.questions:
        if question.relevant is not None and not question.relevant(answers):
            continue
        if question.type is QType.NOTE:
            answers = set_answer(form, answers, question.id, True)
            continue
        used.add(question.id)
        text = row.get(question.id, "").strip()
        if not text:
            if question.required:
                errors.append(RowError(number, question.id, "This question needs an answer."))
            else:
                answers = set_answer(form, answers, question.id, None)
            continue
        value, problem = _cell_value(question, text, answers, today, screen_patterns)
        if problem is not None:
            errors.append(RowError(number, question.id, problem))
        else:
            answers = set_answer(form, answers, question.id, value)
    # Skip logic follows the answers: while one is refused, the questions it opens or closes
    # are unknown, so only a column of the other kind is reported as not applying.
    asked = {q.id for q in form.questions} if errors else used
    for column in COLUMNS[2:]:
        if column not in asked and row.get(column, "").strip():
            errors.append(
                RowError(
                    number,
                    column,
                    "Leave this column empty: it does not apply to this report "
                    "(its kind or its other answers).",
                )
            )
    report_id = _derived_id(kind, answers)
    if text_id := row.get("report_id", "").strip():
        try:
            report_id = UUID(text_id)
        except ValueError:
            errors.insert(0, RowError(number, "report_id", "This is not a valid UUID."))
    if errors:
        return None, errors
    parsed = ParsedRow(
        row=number,
        report_id=report_id,
        kind=kind,
        form_id=form.id,
        answers=answers,
        computed=computed_values(form, answers),
    )
    return parsed, []


def _unknown_columns(rows: Sequence[Mapping[str, str]]) -> list[RowError]:
    names = dict.fromkeys(name for row in rows for name in row)
    return [
        RowError(1, name, "Unknown column (see the template for the column names).")
        for name in names
        if name not in COLUMNS
    ]


def parse_rows(
    rows: list[dict[str, str]], *, today: dt.date, screen_patterns: Sequence[str] = ()
) -> tuple[list[ParsedRow], list[RowError]]:
    """Check every row as the chat form would; blank rows are ignored.

    Row numbers are the spreadsheet's: rows[0] is row 2, under the header.
    """
    errors = _unknown_columns(rows)
    parsed: list[ParsedRow] = []
    seen: dict[UUID, ParsedRow] = {}
    for index, row in enumerate(rows):
        number = index + 2
        if not any(value.strip() for value in row.values()):
            continue
        result, row_errors = _parse_row(number, row, today, screen_patterns)
        errors.extend(row_errors)
        if result is None:
            continue
        earlier = seen.get(result.report_id)
        if earlier is None:
            seen[result.report_id] = result
            parsed.append(result)
        elif (earlier.kind, earlier.answers) != (result.kind, result.answers):
            errors.append(
                RowError(
                    number,
                    "report_id",
                    f"Row {earlier.row} has the same report_id with other answers.",
                )
            )
        # An identical repeated row is the same report: stored once.
    return parsed, errors


# ----------------------------------------------------------------------------- database
#
# An import runs in three phases, so that the database's write lock is held for the writing
# alone (a second or so for 10,000 rows) while a running bot keeps serving its users:
#
# 1. `check_file`: read and check every row (CPU only, no connection);
# 2. `check_stored`: one read of the report ids already stored (idempotent re-import,
#    conflicts), in a read-only session;
# 3. `write_reports`: one short transaction of multi-row INSERTs (reports, versions, audit).


def _same_answers(stored: Mapping[str, Any], imported: Mapping[str, Any]) -> bool:
    """Equal, a skipped answer (None) counting as absent."""
    keys = set(stored) | set(imported)
    return all(stored.get(key) == imported.get(key) for key in keys)


_CONFLICT = (
    "A report with this report_id is already stored with other answers; "
    "an import does not edit reports (edit it in the bot)."
)


class ImportConflict(Exception):
    """Rows whose report_id was stored with other answers (found while writing: nothing was)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} rows conflict with stored reports")
        self.errors = errors


def _column_order(column: str | None) -> int:
    return COLUMNS.index(column) if column in COLUMNS else -1


def sorted_errors(errors: Iterable[RowError]) -> list[RowError]:
    """Errors in spreadsheet order: by row, then by column as in the template."""
    return sorted(errors, key=lambda error: (error.row, _column_order(error.column)))


def check_file(
    path: Path, *, today: dt.date, screen_patterns: Sequence[str] = ()
) -> tuple[list[ParsedRow], list[RowError]]:
    """Phase 1: every row of the file checked as the chat would (no database).

    Raises ReportsFileError for an unreadable file.
    """
    return parse_rows(read_rows(path), today=today, screen_patterns=screen_patterns)


async def check_stored(
    session: AsyncSession, rows: Sequence[ParsedRow]
) -> tuple[list[ParsedRow], list[RowError]]:
    """Phase 2 (reads only): the rows not stored yet, and those stored with other answers.

    A row already stored with the same answers is neither (it counts as unchanged).
    """
    stored = await stored_answers(session, [row.report_id for row in rows])
    new: list[ParsedRow] = []
    errors: list[RowError] = []
    for row in rows:
        found = stored.get(row.report_id)
        if found is None:
            new.append(row)
        elif found[0] != row.kind or not _same_answers(found[1], row.answers):
            errors.append(RowError(row.row, "report_id", _CONFLICT))
    return new, errors


def new_reports(rows: Sequence[ParsedRow], *, author_user_id: int) -> list[NewReport]:
    """The rows as reports to insert (pure: built before the write transaction opens)."""
    return [
        NewReport(
            id=row.report_id,
            kind=row.kind,
            form_id=row.form_id,
            form_version=FORMS[row.form_id].version,
            author_user_id=author_user_id,
            answers=row.answers,
            computed=row.computed,
        )
        for row in rows
    ]


async def write_reports(
    session: AsyncSession,
    rows: Sequence[ParsedRow],
    reports: Sequence[NewReport],
    *,
    now: dt.datetime,
) -> int:
    """Phase 3: insert `reports` (built from `rows` by new_reports); returns how many were new.

    A report stored by someone else between phases 2 and 3 is skipped if its answers are the
    same, and raises ImportConflict otherwise (the caller rolls back: all or nothing).
    """
    inserted = await insert_reports(session, reports, now=now)
    missed = [row for row in rows if row.report_id not in inserted]
    if missed:
        _, errors = await check_stored(session, missed)
        if errors:
            raise ImportConflict(errors)
    return len(inserted)


async def import_reports(
    session: AsyncSession,
    path: Path,
    *,
    author_user_id: int,
    today: dt.date,
    now: dt.datetime,
    screen_patterns: Sequence[str] = (),
) -> ImportResult:
    """Import a CSV or XLSX file in one session: all rows, or none when any row has a problem.

    The three phases above, in the caller's session (the CLI runs them in separate short
    transactions instead: bot.services.import_reports_file). Reports already stored (same
    report_id, same answers) count as unchanged. Never commits: the caller commits when
    `errors` is empty (and rolls back otherwise). Raises ReportsFileError for an unreadable
    file.
    """
    parsed, errors = check_file(path, today=today, screen_patterns=screen_patterns)
    new, conflicts = await check_stored(session, parsed)
    errors.extend(conflicts)
    if errors:
        return ImportResult(created=0, unchanged=0, errors=sorted_errors(errors))
    try:
        created = await write_reports(
            session, new, new_reports(new, author_user_id=author_user_id), now=now
        )
    except ImportConflict as conflict:
        return ImportResult(created=0, unchanged=0, errors=sorted_errors(conflict.errors))
    return ImportResult(created=created, unchanged=len(parsed) - created, errors=[])


# ------------------------------------------------------------------------------- export


def _export_cell(value: Any, xlsx: bool) -> Any:
    """A stored answer as the import expects it back (typed cells in XLSX)."""
    if value is None:
        return None if xlsx else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if xlsx and isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _export_row(report_id: UUID, kind: str, answers: Mapping[str, Any], xlsx: bool) -> list[Any]:
    cells = {"report_id": str(report_id), "kind": kind}
    return [
        cells[column] if column in cells else _export_cell(answers.get(column), xlsx)
        for column in COLUMNS
    ]


def write_report_rows(path: Path, reports: Iterable[tuple[UUID, str, Mapping[str, Any]]]) -> int:
    """(report id, kind, answers) written in the import's layout; returns the rows written."""
    with _SheetWriter(path, COLUMNS) as writer:
        for report_id, kind, answers in reports:
            writer.append(_export_row(report_id, kind, answers, writer.xlsx))
        return writer.count


async def export_reports(
    session: AsyncSession, path: Path, *, date_from: dt.date | None, date_to: dt.date | None
) -> int:
    """Write the reports whose event date is within [date_from, date_to] (None: open-ended),
    ordered by event date then id, in the import's layout; returns the rows written.

    Reads EXPORT_BATCH reports at a time (keyset pagination on (event_date, id)) and writes
    them as they come, so the export's memory does not grow with the number of reports.
    """
    conditions = []
    if date_from is not None:
        conditions.append(Report.event_date >= date_from)
    if date_to is not None:
        conditions.append(Report.event_date <= date_to)
    last: tuple[dt.date, UUID] | None = None
    with _SheetWriter(path, COLUMNS) as writer:
        while True:
            statement = select(Report.id, Report.kind, Report.event_date, Report.answers)
            statement = statement.where(*conditions)
            if last is not None:
                statement = statement.where(
                    or_(
                        Report.event_date > last[0],
                        and_(Report.event_date == last[0], Report.id > last[1]),
                    )
                )
            statement = statement.order_by(Report.event_date, Report.id).limit(EXPORT_BATCH)
            batch = (await session.execute(statement)).all()
            for report_id, kind, _event_date, answers in batch:
                writer.append(_export_row(report_id, kind, answers or {}, writer.xlsx))
            if len(batch) < EXPORT_BATCH:
                return writer.count
            last = (batch[-1].event_date, batch[-1].id)

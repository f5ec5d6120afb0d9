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
none. A file is read one row at a time, and what cannot be read faithfully is refused (see
"reading"); an export never writes a cell that a spreadsheet would run as a formula (see
"writing").
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import functools
import io
import itertools
import json
import os
import pickle
import re
import stat
import tempfile
import zipfile
import zlib
from collections.abc import (
    AsyncIterator,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO, NamedTuple, Protocol, TypeVar
from uuid import UUID, uuid5

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.reports import report_reference
from bot.domain.scope import EVERYWHERE, Scope
from bot.domain.timezones import latest_today
from bot.files import partial_path, put_in_place
from bot.forms.definitions import FORMS, NOTES
from bot.forms.engine import (
    check_value,
    computed_values,
    country_named,
    decimal_text,
    parse_answer,
    set_answer,
)
from bot.forms.model import N_, Form, FormError, QType, Question, WeekdayDate
from bot.indicators.plan import Plan
from bot.settings import ImportLimits
from models.exports import ALL, ExportedReport, IndicatorRow, indicator_rows, iter_reports
from models.reports import NewReport, insert_reports, stored_answers

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
# Each answer column's question type (the same in every form that asks it).
COLUMN_TYPES: dict[str, QType] = {
    question.id: question.type for form in FORMS.values() for question in form.questions
}
_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")

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
_DATE_FORMAT = "Please write the date as YYYY-MM-DD, for example 2026-03-05."
# 05/03/2026: what a spreadsheet writes in a CSV file for a date cell, in its own order.
_LOCAL_DATE_RE = re.compile(r"[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}")
_LOCAL_DATE = (
    " A spreadsheet saving a CSV file writes dates in its own order (05/03/2026 may be "
    "5 March or 3 May): give the column the format yyyy-mm-dd before saving, or save the "
    "file as .xlsx."
)
# 46086: a date column a spreadsheet was told holds numbers, written as its count of days
# (Excel's and LibreOffice's day 0 is 1899-12-30); 20000-80000 are the years 1954-2119.
_DAY_COUNT_RE = re.compile(r"[2-7][0-9]{4}")
_DAY_ZERO = dt.date(1899, 12, 30)


def date_hint(text: str) -> str:
    """What a spreadsheet did to a date that is not written yyyy-mm-dd, when it can be told
    (its own order, or its count of days); else nothing."""
    if _LOCAL_DATE_RE.fullmatch(text):
        return _LOCAL_DATE
    if _DAY_COUNT_RE.fullmatch(text):
        day = _DAY_ZERO + dt.timedelta(days=int(text))
        return (
            f" {text} is how a spreadsheet writes {day.isoformat()} in a column formatted "
            "as a number: give the column the format yyyy-mm-dd before saving."
        )
    return ""


# A date and a time, as an XLSX date-and-time cell reads or a tool such as KoBoToolbox writes
# it: the date as written is the day (with an offset, the writer's own day; "Z" is UTC's day,
# not necessarily the writer's: refused).
ISO_DATE_TIME = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
    r"(?:[+-][0-9]{2}:?[0-9]{2})?"
)
_MULTIPLE_SEPARATOR = re.compile(r"\s*[;,]\s*")


class ReportsFileError(ValueError):
    """The file cannot be read, or not faithfully (see "reading"); or not written."""


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based as in a spreadsheet: the header is row 1
    column: str | None
    message: str
    # The sheet of a workbook read sheet by sheet (an export's: a sheet per kind), else None.
    sheet: str | None = None


@dataclass(frozen=True)
class ParsedRow:
    row: int
    report_id: UUID
    kind: str
    form_id: str
    answers: dict[str, Any]
    computed: dict[str, Any]
    # Derived from kind and answers only: equal for two rows that say the same.
    content: UUID = field(compare=False, repr=False)
    sheet: str | None = field(default=None, compare=False)  # see RowError.sheet


class RepeatedRow(NamedTuple):
    """A row that repeats an earlier one word for word (the same report, stored once)."""

    row: int
    first: int  # the earlier row, in the same sheet (the same kind)
    sheet: str | None = None  # see RowError.sheet


@dataclass(frozen=True)
class ImportResult:
    created: int
    unchanged: int
    errors: list[RowError] = field(default_factory=list)
    # How long the write transaction took (0: nothing was written); not part of the outcome.
    write_seconds: float = field(default=0.0, compare=False)
    # Each row that repeats an earlier one word for word: one report.
    repeated: tuple[RepeatedRow, ...] = ()
    # Rows an export flagged withdrawn, skipped (a withdrawn report counts nowhere).
    withdrawn_skipped: int = 0
    # Who the reports are recorded as written by: 'name (Telegram id)'.
    author: str = field(default="", compare=False)


# --------------------------------------------------------------------------- templates


def template_rows() -> list[list[str]]:
    """The header and one example row per kind, both valid."""
    return [list(COLUMNS)] + [
        [example.get(column, "") for column in COLUMNS] for example in _TEMPLATE_EXAMPLES
    ]


def write_template(path: Path) -> None:
    """An import template (.csv or .xlsx, by the file's suffix)."""
    header, *examples = template_rows()
    with SheetWriter(path, header) as writer:
        for example in examples:
            writer.append(example)


# ------------------------------------------------------------------------------ writing
#
# A spreadsheet runs a cell that starts with "=" as a formula, and most of them one that starts
# with "+", "-", "@", a tab or a carriage return too: text that came from a user must never
# become one (OWASP, "CSV injection"). In CSV such text gets a leading "'" (which an import
# takes off again: _unquoted); in XLSX it is a text cell, never a formula. Numbers stay
# numbers, negative ones too. Excel in Japanese, Chinese or Korean reads the full-width signs
# (＝ ＋ － ＠, from those keyboards or pasted) as the ASCII ones.

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
# Where a cell starts in a CSV text cell opened by a double click in Excel whose list
# separator is ";": after each ";" and each line break (captured by split, so kept).
_CELL_STARTS = re.compile(r"(;|\r\n|\r|\n)")


def _runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet could run this text as a formula (a plain number it cannot)."""
    return text.startswith(_FORMULA_STARTS) and _PLAIN_NUMBER.fullmatch(text) is None


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ReportsFileError(f"{path.name}: expected a .csv or .xlsx file")
    return suffix


class SheetWriter:
    """Rows appended one at a time to a CSV or XLSX file (nothing is held in memory), no text
    written so that a spreadsheet would run it as a formula."""

    def __init__(self, path: Path, header: Sequence[str], *, title: str = "reports") -> None:
        self.xlsx = _suffix(path) == ".xlsx"
        self.path = path
        self.count = 0
        self._partial = partial_path(path)
        if self.xlsx:
            # openpyxl (with numpy and PIL) is loaded for a workbook only: a CSV file needs none.
            from openpyxl import Workbook

            self._workbook = Workbook(write_only=True)
            self._rows = SheetRows(self._workbook.create_sheet(title))
        else:
            try:
                # utf-8-sig: Excel opens a CSV file as UTF-8 only when it starts with a BOM.
                self._stream = self._partial.open("x", encoding="utf-8-sig", newline="")
            except OSError as error:
                raise ReportsFileError(f"cannot write {path}: {error.strerror}") from error
            self._csv = csv.writer(self._stream)
        self._write(header)

    def append(self, row: Sequence[Any]) -> None:
        self._write(row)
        self.count += 1

    def _write(self, row: Sequence[Any]) -> None:
        if self.xlsx:
            self._rows.write(row)
        else:
            self._csv.writerow([_csv_cell(value) for value in row])

    def close(self, *, keep: bool = True) -> None:
        """Finish the file; keep: put it in its place (else it is removed)."""
        try:
            if self.xlsx:
                self._workbook.save(self._partial)
            else:
                self._stream.close()
        except OSError as error:
            self._partial.unlink(missing_ok=True)
            raise ReportsFileError(f"cannot write {self.path}: {error.strerror}") from error
        _put_in_place(self._partial, self.path, keep=keep)

    def __enter__(self) -> SheetWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        # After a failure (Ctrl-C too) no half-written file is left, and a file that was there
        # already is as it was.
        try:
            self.close(keep=exc_type is None)
        except ReportsFileError:
            if exc_type is None:
                raise


def _xlsx_cells(sheet: Any) -> Callable[[Any], Any]:
    """What a value becomes in a cell of `sheet` (a write-only sheet); openpyxl is looked up
    once per sheet here, not once per cell."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

    def cell(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters no workbook can hold
        if _looks_guarded(text):
            # A "'" typed before a sign gets one more: an import takes one off (_unquoted), as
            # a CSV export opened and saved again as a workbook holds "'=..." for "=...".
            return "'" + text
        if not text.startswith(_FORMULA_STARTS) and text not in ERROR_CODES:
            return text
        written = WriteOnlyCell(sheet, text)
        written.data_type = "s"  # text: never a formula (nor an error value such as #N/A)
        # Excel's "'" prefix: the cell stays text when someone edits it.
        written.quotePrefix = _runs_as_formula(text)
        return written

    return cell


class SheetRows:
    """One sheet of a WorkbookWriter: rows appended one at a time, safe as SheetWriter's."""

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet
        self._cell = _xlsx_cells(sheet)
        self.count = 0

    def write(self, row: Sequence[Any]) -> None:
        self._sheet.append([self._cell(value) for value in row])

    def append(self, row: Sequence[Any]) -> None:
        self.write(row)
        self.count += 1


class WorkbookWriter:
    """An XLSX workbook of several sheets written row by row (openpyxl's write-only mode:
    rows are not held in memory), with SheetWriter's rules for text that looks like a
    formula. A workbook that cannot be finished is not left behind."""

    def __init__(self, path: Path) -> None:
        if _suffix(path) != ".xlsx":
            raise ReportsFileError(f"{path.name}: expected an .xlsx file")
        from openpyxl import Workbook

        self.path = path
        self._partial = partial_path(path)
        self._workbook = Workbook(write_only=True)

    def sheet(self, title: str, *header_rows: Sequence[str]) -> SheetRows:
        rows = SheetRows(self._workbook.create_sheet(title))
        for header in header_rows:
            rows.write(header)
        return rows

    def close(self, *, keep: bool = True) -> None:
        """Save the workbook; keep: put it in its place (else it is removed)."""
        try:
            self._workbook.save(self._partial)
        except OSError as error:
            self._partial.unlink(missing_ok=True)
            raise ReportsFileError(f"cannot write {self.path}: {error.strerror}") from error
        _put_in_place(self._partial, self.path, keep=keep)

    def __enter__(self) -> WorkbookWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        # Saved even after a failure, then removed: saving is what closes the sheets' temporary
        # files (a write-only workbook left unsaved leaks them). A file that was there already
        # is as it was.
        try:
            self.close(keep=exc_type is None)
        except ReportsFileError:
            if exc_type is None:
                raise


def _put_in_place(partial: Path, path: Path, *, keep: bool) -> None:
    """The finished file takes its name at once (replacing what was there), or is removed: a
    reader never sees half a file, and a failed export leaves the previous one as it was."""
    if not keep:
        partial.unlink(missing_ok=True)
        return
    try:
        put_in_place(partial, path)
    except OSError as error:
        raise ReportsFileError(f"cannot write {path}: {error.strerror}") from error


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        # Excel where the list separator is ";" (French, Spanish, Portuguese...) splits a
        # comma-separated file opened with a double click at every ";", quotes or not: what
        # follows a ";" starts a cell of its own, which runs to the next ";" of the line (so
        # even "-5" there is no number). A quote in the middle of such a cell is no quote to
        # it, so a line break inside a note ends its row there, and the next line of the note
        # starts a row's first cell: guarded as well.
        # A "'" typed before a sign gets one more, as the import takes one off (_unquoted).
        pieces = _CELL_STARTS.split(value)
        # The cell's own start: a plain number stays one; a carriage return there is a sign.
        if _runs_as_formula(pieces[0]) or _looks_guarded(value) or value[:1] == "\r":
            pieces[0] = "'" + pieces[0]
        for index in range(2, len(pieces), 2):  # the odd ones are the ";" and line breaks
            piece = pieces[index]
            if piece.startswith(_FORMULA_STARTS) or _looks_guarded(piece):
                pieces[index] = "'" + piece
        return "".join(pieces)
    return value


# ------------------------------------------------------------------------------ reading
#
# A file is opened once and checked before anything is read from it (a regular file within the
# size limit; an XLSX file a zip archive whose unpacked size is bounded too), then read one row
# at a time - the csv module over the open file, openpyxl in read-only mode - so memory does
# not grow with the file. What cannot be read faithfully is refused, never guessed: a header
# that names a column twice, a cell under no header, a formula or an error value (what the
# spreadsheet shows is not in the file), more rows than the limit.

# An XLSX file's XML may unpack to this many times the size limit (reports unpack to ~8 times).
XLSX_UNPACKED_FACTOR = 10

_FORMULA = (
    "This cell is a formula: copy the column and paste it back as values only "
    "(Paste Special > Values), then import again."
)
_ERROR_VALUE = "This cell shows a spreadsheet error ({value}): correct it or clear it."
_NO_PROBLEMS: Mapping[int, str] = MappingProxyType({})
# What openpyxl raises on a damaged workbook (truncated, edited by hand, not from a spreadsheet).
_XLSX_DAMAGED = (
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    SyntaxError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
)


class _Read(NamedTuple):
    """A row as read: each cell's text, and the problem of each cell that could not be read
    (by index); in a workbook read sheet by sheet, where it is (sheet, row number)."""

    texts: list[str]
    problems: Mapping[int, str]
    where: tuple[str, int] | None = None  # None: the row after the previous one
    outside: tuple[str, ...] = ()  # letters of cells under no header, when read sheet by sheet


_Table = Generator[_Read, None, None]


@dataclass(frozen=True)
class SheetRow:
    """A non-blank row under the header: its cells by column name, and what could not be read."""

    number: int  # as in a spreadsheet: the header is row 1
    cells: dict[str, str]
    errors: tuple[RowError, ...] = ()
    sheet: str | None = None  # see RowError.sheet


@dataclass(frozen=True)
class Sheet:
    columns: tuple[str, ...]  # the header's column names, lower-cased
    rows: Iterator[SheetRow]  # read from the file as they are iterated


def _cell_text(value: Any, percent: bool = False) -> str:
    """A spreadsheet cell as the text a person would have typed (a percentage cell as it
    shows: 0.485 formatted as a percentage is "48.5%")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if percent and isinstance(value, int | float):
        return decimal_text(Decimal(repr(value)) * 100) + "%"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return _unquoted(str(value).strip())


def _looks_guarded(text: str) -> bool:
    """Text that starts as a guarded cell does, with one "'" or more before a sign ("'=",
    "''-"): an import takes one "'" off, so an export gives it one more."""
    return text[:1] == "'" and text.lstrip("'")[:1] in _FORMULA_STARTS


def _unquoted(text: str) -> str:
    """Text as it was before an export kept a spreadsheet from running it (_csv_cell), or
    added a "'" to the ones typed before a sign (_xlsx_cells)."""
    return text[1:] if _looks_guarded(text) else text


def _csv_unquoted(text: str, *, exported: bool) -> str:
    """A CSV cell as it was before _csv_cell guarded its start and, in a row of our export
    (`exported`), what follows each ";" and each line break. A hand-made row's text after
    them is kept as typed: no export of ours added a "'" there."""
    if not exported:
        return _unquoted(text)
    pieces = _CELL_STARTS.split(text)
    if _looks_guarded(text):  # "'\r...": the cell's start is the "'" alone
        pieces[0] = pieces[0][1:]
    for index in range(2, len(pieces), 2):
        pieces[index] = _unquoted(pieces[index])
    return "".join(pieces)


def _letter(index: int) -> str:
    """A column's letter in a spreadsheet (0 is A, 26 is AA), as openpyxl's get_column_letter
    (which a CSV file does not load)."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _open_file(path: Path, limits: ImportLimits) -> BinaryIO:
    """The file, opened once it is known to be a regular file within the size limit."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below).
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
    except OSError as error:
        raise ReportsFileError(f"{path.name}: cannot open it ({error.strerror})") from error
    try:
        # fstat of what was opened, so the checks and the reading are about the same file.
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReportsFileError(f"{path.name} is a directory, not a .csv or .xlsx file")
        if not stat.S_ISREG(info.st_mode):
            raise ReportsFileError(
                f"{path.name} is not a regular file (a device, a pipe or a socket): "
                "give the path of a .csv or .xlsx file"
            )
        if info.st_size > limits.max_bytes:
            raise ReportsFileError(
                f"{path.name} is {info.st_size:,} bytes, over the limit of "
                f"{limits.max_bytes:,}: split it into smaller files "
                "(or raise FIELDBOT_IMPORTS__MAX_BYTES)"
            )
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _csv_encoding(path: Path, stream: BinaryIO) -> str:
    """UTF-8 (with or without a BOM), or UTF-16 with its BOM (Excel's "Unicode Text", which
    a BOM names without a guess); a workbook given a .csv name is refused as what it is."""
    start = stream.read(4)
    stream.seek(0)
    if start.startswith(b"PK\x03\x04"):
        if not _excel_workbook(stream):  # LibreOffice's .ods and Numbers are zip archives too
            raise ReportsFileError(
                f"{path.name} is a spreadsheet in another format (LibreOffice's .ods, Numbers), "
                "not a CSV file: save it from your spreadsheet as “CSV UTF-8” (or as an Excel "
                "workbook, .xlsx)"
            )
        raise ReportsFileError(
            f"{path.name} is an Excel workbook, not a CSV file: give it an .xlsx name (or "
            "save it from your spreadsheet as “CSV UTF-8”)"
        )
    if start.startswith((b"\xff\xfe", b"\xfe\xff")) and not start.startswith(b"\xff\xfe\x00\x00"):
        return "utf-16"  # the BOM says which byte order, and is not read as a character
    return "utf-8-sig"


def _excel_workbook(stream: BinaryIO) -> bool:
    """Whether a zip archive holds an Excel workbook's parts (xl/...); a damaged one is taken
    for a workbook, as its name most likely said before it was renamed."""
    try:
        with zipfile.ZipFile(stream) as archive:  # the stream stays open (it is not its own)
            return any(name.startswith("xl/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return True


_SEPARATOR_LINE = re.compile(r"sep=([,;\t|])", re.IGNORECASE)


def _csv_table(path: Path, stream: BinaryIO) -> _Table:
    encoding = _csv_encoding(path, stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    line = 0  # the last line of the last record read
    try:
        first = text.readline()
        sep_line = _SEPARATOR_LINE.fullmatch(first.rstrip("\r\n"))
        if sep_line:  # Excel's "sep=;" line, which some tools write before the header
            first, skipped = text.readline(), 1
        else:
            skipped = 0
        if not first:
            return
        # The header's separator: as named, or "," (most), ";" (Excel where the decimal mark is
        # a comma), or a tab (a spreadsheet's "tab-separated values", or text pasted from one).
        delimiter = sep_line[1] if sep_line else max((",", ";", "\t"), key=first.count)
        lines = _Lines(itertools.chain((first,), text))
        reader = csv.reader(lines, delimiter=delimiter)
        stamp: int | None = None
        line = skipped
        for number, record in enumerate(reader):
            start, line = line + 1, reader.line_num + skipped
            if _misquoted(lines.record, delimiter):
                read = (
                    "is never closed"
                    if start == line
                    else (
                        f"does not close where that cell ends, so lines {start} to {line} were "
                        "read as one row"
                    )
                )
                raise ReportsFileError(
                    f'{path.name}: a quote (") opens a cell on line {start} and {read}: close '
                    'the quote, or write a quote that is part of a text as two ("")'
                )
            lines.record = []
            if number == 0:  # the header
                names = [_column_name(cell) for cell in record]
                stamp = names.index(EXPORT_STAMP) if EXPORT_STAMP in names else None
            # A row our export wrote holds the time its report was submitted.
            exported = stamp is not None and stamp < len(record) and bool(record[stamp].strip())
            yield _Read(
                [_csv_unquoted(cell.strip(), exported=exported) for cell in record], _NO_PROBLEMS
            )
    except UnicodeDecodeError as error:
        named = "UTF-16" if encoding == "utf-16" else "UTF-8"
        raise ReportsFileError(
            f"{path.name} is not {named}: save it as “CSV UTF-8” and try again"
        ) from error
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            # Most often a quote left open: the cell runs on over the rows after it.
            raise ReportsFileError(
                f"{path.name}: a cell that starts on line {line + 1} holds more than "
                f'{csv.field_size_limit():,} characters: check that its quotes (") are '
                "closed (a quote left open runs on over the next rows), or shorten it"
            ) from error
        raise ReportsFileError(
            f"{path.name}: line {line + 1} cannot be read as CSV ({error})"
        ) from error
    finally:
        text.detach()  # the stream is its opener's to close


class _Lines:
    """A CSV text's lines as the csv reader takes them; `record` holds those of the record
    being read (the caller empties it after each one)."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.record: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.record.append(line)
        return line


def _misquoted(record: Sequence[str], delimiter: str) -> bool:
    """Whether a record's lines hold a quote that never closes where its cell ends: the csv
    reader (not strict, so that a space typed after a closing quote on a line is forgiven)
    reads on, line after line, to the next quote or the end of the file, and the rows in
    between become one cell of one row without a word. A record of one line is checked only
    for a quote still open at the end of the file; in one of several lines (a quoted line
    break), spaces after a closing quote are forgiven as well (the strict reader is given the
    lines without them), and any other text after one is a quote left open."""
    if len(record) > 1:
        record = [_after_quote(delimiter).sub('"', line) for line in record]
    try:
        for _cells in csv.reader(record, delimiter=delimiter, strict=True):
            pass
    except csv.Error as error:
        return len(record) > 1 or "unexpected end of data" in str(error)
    return False


@functools.cache
def _after_quote(delimiter: str) -> re.Pattern[str]:
    """Spaces (and tabs, unless they separate the cells) between a quote and the end of its
    cell: the next separator or the line's end."""
    spaces = " " if delimiter == "\t" else " \t"
    return re.compile(rf'"[{spaces}]+(?=[{re.escape(delimiter)}\r\n]|\Z)')


def _xlsx_row(cells: Sequence[Any]) -> _Read:
    texts: list[str] = []
    problems: dict[int, str] = {}
    for index, cell in enumerate(cells):
        if cell.data_type == "f":
            problems[index] = _FORMULA
            texts.append("")
        elif cell.data_type == "e":
            problems[index] = _ERROR_VALUE.format(value=cell.value)
            texts.append("")
        else:
            texts.append(_cell_text(cell.value, _is_percent(cell)))
    return _Read(texts, problems or _NO_PROBLEMS)


def _is_percent(cell: Any) -> bool:
    """A number cell formatted as a percentage: the file holds 0.485 where it shows 48.5%."""
    return "%" in (getattr(cell, "number_format", None) or "")


def _xlsx_table(path: Path, stream: BinaryIO, limits: ImportLimits) -> _Table:
    damaged = (
        f"{path.name} could not be read as an XLSX workbook: open it in your spreadsheet "
        "and save it again as “Excel Workbook (.xlsx)”"
    )
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise ReportsFileError(
            f"{path.name} is not an XLSX workbook (not a zip archive): save it from your "
            "spreadsheet as “Excel Workbook (.xlsx)” or as “CSV UTF-8”"
        ) from error
    # The sheet is read as a stream, but openpyxl holds the workbook's strings in memory.
    if unpacked > limits.max_bytes * XLSX_UNPACKED_FACTOR:
        raise ReportsFileError(
            f"{path.name} unpacks to {unpacked:,} bytes, over the limit of "
            f"{limits.max_bytes * XLSX_UNPACKED_FACTOR:,}: split it into smaller files "
            "(or raise FIELDBOT_IMPORTS__MAX_BYTES)"
        )
    from openpyxl import load_workbook

    stream.seek(0)
    try:
        # data_only=False: a formula is seen as one (its cached value may be stale or absent).
        workbook = load_workbook(stream, read_only=True, data_only=False)
    except _XLSX_DAMAGED as error:
        raise ReportsFileError(damaged) from error
    try:
        kinds = [sheet for sheet in workbook.worksheets if sheet.title in FORMS_BY_KIND]
        if kinds:  # an export's workbook: a sheet per kind
            yield from _kind_sheets(path, kinds)
            return
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # every cell, whatever range the file claims to use
        for cells in sheet.iter_rows():
            yield _xlsx_row(cells)
    except _XLSX_DAMAGED as error:
        raise ReportsFileError(damaged) from error
    finally:
        workbook.close()


def _kind_sheets(path: Path, sheets: Sequence[Any]) -> _Table:
    """The sheets named after a report kind (an export's), read as one table: the union of
    their headers, then each sheet's rows placed under it. A sheet's row 2 holds the columns'
    labels when its kind cell is neither empty nor a kind: it is skipped. Each row says where
    it is (its sheet, its number there), so that a problem is reported where the user sees it."""
    headers: list[list[str]] = []
    for sheet in sheets:
        sheet.reset_dimensions()
        first = next(sheet.iter_rows(max_row=1), None)
        headers.append(_header(path, _xlsx_row(first) if first is not None else None))
    union = list(dict.fromkeys(name for names in headers for name in names if name))
    position = {name: index for index, name in enumerate(union)}
    yield _Read(list(union), _NO_PROBLEMS)
    for sheet, names in zip(sheets, headers, strict=True):
        for number, cells in enumerate(sheet.iter_rows(min_row=2), start=2):
            texts, problems, *_ = _xlsx_row(cells)
            if number == 2 and _labels_row(names, texts):
                continue
            placed = [""] * len(union)
            moved: dict[int, str] = {}
            outside: list[str] = []  # the sheet's own letters, to be reported
            for index, text in enumerate(texts):
                name = names[index] if index < len(names) else ""
                if not name:
                    if text or index in problems:
                        outside.append(_letter(index))
                    continue
                placed[position[name]] = text
                if index in problems:
                    moved[position[name]] = problems[index]
            yield _Read(placed, moved or _NO_PROBLEMS, (sheet.title, number), tuple(outside))


def _labels_row(names: Sequence[str], texts: Sequence[str]) -> bool:
    """Row 2 of an export's sheet: the columns' labels (its kind cell names no kind)."""
    if "kind" not in names:
        return False
    index = names.index("kind")
    kind = texts[index].strip().lower() if index < len(texts) else ""
    return bool(kind) and kind not in FORMS_BY_KIND


_NAME_GAPS = re.compile(r"[\s\-]+")


def _column_name(text: str) -> str:
    """A header cell as a column name: "Start date", "START-DATE" and "start_date" are one."""
    return _NAME_GAPS.sub("_", text.strip()).lower()


def _header(path: Path, first: _Read | None) -> list[str]:
    """The header's names by position ("" where a column has none)."""
    if first is None:
        raise ReportsFileError(f"{path.name} is empty: it needs a header row")
    texts, problems, *_ = first
    names = [_column_name(text) for text in texts]
    if problems or not any(names):
        raise ReportsFileError(f"{path.name}: the first row must be the header (column names)")
    positions: dict[str, list[str]] = {}
    for index, name in enumerate(names):
        if name:
            positions.setdefault(name, []).append(_letter(index))
    twice = [
        f"{name} (columns {' and '.join(letters)})"
        for name, letters in positions.items()
        if len(letters) > 1
    ]
    if twice:
        raise ReportsFileError(
            f"{path.name}: the header names a column more than once: {'; '.join(twice)}. "
            "Keep one column of each name."
        )
    return names


def _sheet_rows(
    path: Path, table: _Table, names: list[str], limits: ImportLimits
) -> Iterator[SheetRow]:
    columns = [name for name in names if name]
    count = 0
    for position, (texts, problems, where, outside_sheet) in enumerate(table, start=2):
        if not problems and not any(texts) and not outside_sheet:
            continue
        sheet, number = where or (None, position)
        count += 1
        if count > limits.max_rows:
            raise ReportsFileError(
                f"{path.name} has more than {limits.max_rows:,} rows, the limit: split it "
                "into smaller files (or raise FIELDBOT_IMPORTS__MAX_ROWS)"
            )
        cells = dict.fromkeys(columns, "")
        errors: list[RowError] = []
        outside = list(outside_sheet)
        for index, text in enumerate(texts):
            name = names[index] if index < len(names) else ""
            if not name:
                if text or index in problems:
                    outside.append(_letter(index))
            elif index in problems:
                errors.append(RowError(number, name, problems[index], sheet))
            else:
                cells[name] = text
        if outside:
            errors.append(
                RowError(
                    number,
                    None,
                    f"Cells outside the header (column {', '.join(outside)}): give the column "
                    "a name in row 1, or clear them.",
                    sheet,
                )
            )
        yield SheetRow(number, cells, tuple(errors), sheet)


@contextmanager
def open_sheet(path: Path, limits: ImportLimits | None = None) -> Iterator[Sheet]:
    """A CSV or XLSX file's header, and its rows read as they are iterated (inside the `with`).

    CSV: UTF-8 with or without a BOM (or UTF-16 with one), comma, semicolon or tab separated
    (as the header is).
    XLSX: the first sheet. Column names are lower-cased, their spaces and hyphens read as "_"
    ("Start date" is start_date). Raises ReportsFileError for a file that cannot be read
    faithfully as a whole; a row's unreadable cells are in its errors.
    """
    limits = limits or ImportLimits()
    xlsx = _suffix(path) == ".xlsx"
    with _open_file(path, limits) as stream:
        table = _xlsx_table(path, stream, limits) if xlsx else _csv_table(path, stream)
        try:
            names = _header(path, next(table, None))
            columns = tuple(name for name in names if name)
            yield Sheet(columns, _sheet_rows(path, table, names, limits))
        finally:
            table.close()


# ------------------------------------------------------------------------------ parsing


def _english_date(value: dt.date) -> str:
    """ISO, after its weekday where that is the point ("Tuesday 2026-12-01")."""
    if isinstance(value, WeekdayDate):
        return f"{_WEEKDAYS[value.weekday()]} {value.isoformat()}"
    return value.isoformat()


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _message(error: FormError) -> str:
    """A form error as English text (dates ISO, numbers plain)."""
    params = {
        key: _english_date(value) if isinstance(value, dt.date) else value
        for key, value in error.params.items()
    }
    return error.english().format(**params)


def _signs_only(text: str, question: Question) -> bool:
    """Text with no letter or digit (nothing to screen), within the question's length."""
    limit = question.max_length if question.max_length is not None else len(text)
    return not any(ch.isalnum() for ch in text) and len(text) <= limit


def _cell_value(
    question: Question,
    text: str,
    answers: Mapping[str, Any],
    today: dt.date,
    screen_patterns: Sequence[str],
) -> tuple[Any, str | None]:
    """(value, None) for a valid non-empty cell, or (None, the reason it is refused)."""
    kind = question.type
    if kind is QType.DECIMAL and _PLAIN_DECIMAL.fullmatch(text):
        # A file's numbers are written plain ("2.125", as exports write them): read as they
        # are, not with the chat's guesses about thousands.
        value: Any = decimal_text(Decimal(text))
        error = check_value(question, value, answers, today=today, screen_patterns=screen_patterns)
        return (value, None) if error is None else (None, _message(error))
    if kind is QType.TEXT and _signs_only(text, question):
        # The chat asks for words now, but a file holds what was stored ("-" for a partner
        # in an older report): read back as itself, an export imports again unchanged.
        return text, None
    if kind in (QType.INTEGER, QType.DECIMAL, QType.TEXT, QType.DATE):
        if kind is QType.DATE and (moment := ISO_DATE_TIME.fullmatch(text)):
            text = moment.group(1)  # the day; the time is no answer of a date question
        if kind is QType.DATE and not _ISO_DATE.fullmatch(text):
            return None, _DATE_FORMAT + date_hint(text)
        parsed = parse_answer(
            question, text, answers, locale=LOCALE, today=today, screen_patterns=screen_patterns
        )
        return (parsed.value, None) if parsed.error is None else (None, _message(parsed.error))
    if kind is QType.YES_NO:
        word = text.lower()
        if word not in _YES | _NO:
            return None, "Please write yes or no."
        value = word in _YES
    elif kind is QType.SELECT_ONE:
        value = text.lower()
    elif kind is QType.SELECT_MULTIPLE:
        value = [part.lower() for part in _MULTIPLE_SEPARATOR.split(text) if part]
    else:  # QType.COUNTRY (notes have no column): a code or a name ("Haïti", "RDC")
        value = country_named(text) or text.upper()
    error = check_value(question, value, answers, today=today, screen_patterns=screen_patterns)
    if error is None:
        return value, None
    message = _message(error)
    if question.choices and kind in (QType.SELECT_ONE, QType.SELECT_MULTIPLE):
        message += " Allowed: " + ", ".join(choice.value for choice in question.choices) + "."
    elif kind is QType.COUNTRY:
        message = (
            "Please write the country's two-letter ISO code (for example HT or SN) "
            "or its full name."
        )
    return None, message


def _derived_id(kind: str, answers: Mapping[str, Any]) -> UUID:
    normalised = json.dumps(
        {"kind": kind, "answers": answers}, sort_keys=True, ensure_ascii=False, default=str
    )
    return uuid5(REPORT_ID_NAMESPACE, normalised)


def _parse_row(
    number: int,
    row: Mapping[str, str],
    today_in: Callable[[str | None], dt.date],
    screen_patterns: Sequence[str],
) -> tuple[ParsedRow | None, list[RowError]]:
    """A row checked as the chat would check it; `today_in(country)` is "today" for a report
    of that country (the country is the forms' first question)."""
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
        today = today_in(answers.get("country"))
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
    report_id = content = _derived_id(kind, answers)
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
        content=content,
    )
    return parsed, []


def row_errors_with_reading(row: SheetRow, errors: Iterable[RowError]) -> list[RowError]:
    """A row's reading errors, then its checking errors (`errors`) about the cells that were
    read: a cell that could not be read is not reported again as empty."""
    unread = {error.column for error in row.errors}
    return [*row.errors, *(error for error in errors if error.column not in unread)]


def _unknown_columns(columns: Iterable[str]) -> list[RowError]:
    """Columns neither the template's nor an export's (EXPORT_COLUMNS, which are ignored)."""
    return [
        RowError(1, name, "Unknown column (see the template for the column names).")
        for name in columns
        if name not in COLUMNS and name not in EXPORT_COLUMNS
    ]


def _flagged_withdrawn(cells: Mapping[str, str]) -> bool:
    """A row an export flagged as a withdrawn report: an import skips it."""
    return cells.get(_WITHDRAWN_COLUMN, "").strip().lower() in _YES


def _fingerprint(row: ParsedRow) -> bytes:
    """The row's number and (most of) its content id, in 16 bytes."""
    return row.row.to_bytes(4, "big") + row.content.bytes[:12]


class _Spool:
    """The rows checked so far, in an anonymous temporary file rather than in memory: a file
    refused for its last row never had the others in memory (see bench/import_memory.py)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by __exit__

    def append(self, row: ParsedRow) -> None:
        pickle.dump(row, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def rows(self) -> list[ParsedRow]:
        self._file.seek(0)
        rows: list[ParsedRow] = []
        while True:
            try:
                # Safe: written by this process just before, in a file no one else can open.
                rows.append(pickle.load(self._file))  # noqa: S301
            except EOFError:
                return rows

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()


def check_rows(
    columns: Iterable[str],
    rows: Iterable[SheetRow],
    *,
    now: dt.datetime,
    screen_patterns: Sequence[str] = (),
    repeats: list[RepeatedRow] | None = None,
    withdrawn: list[int] | None = None,
) -> tuple[list[ParsedRow], list[RowError]]:
    """Check every row as the chat form would: (the rows to store, []) or ([], every problem).
    A date is in the future when it is after today in the report's country (see
    `latest_today`), not after the importer's or UTC's today: an office at UTC+3 imports
    its own day's reports at 01:00, and an office at UTC-10 cannot import tomorrow's.
    A row identical to an earlier one is the same report, stored once; `repeats` receives
    (row, earlier row) for each, so that the import can say so; `withdrawn` the rows skipped
    as flagged withdrawn.

    Rows are consumed one at a time; besides the problems, only each report id and the row
    that has it first stay in memory until the end.
    """
    columns = tuple(columns)
    errors = _unknown_columns(columns)
    # A column the header lacks is said once, with how many rows need it, not on every row.
    missing = frozenset(COLUMNS[1:]) - frozenset(columns)
    needed: dict[str, int] = {}
    # report id -> the first row with it and its content, packed (~150 bytes a row in all).
    first: dict[bytes, bytes] = {}
    days: dict[str | None, dt.date] = {}  # country -> its today, once per import

    def today_in(country: str | None) -> dt.date:
        if country not in days:
            days[country] = latest_today(country, now)
        return days[country]

    with _Spool() as spool:
        for row in rows:
            if _flagged_withdrawn(row.cells):
                if withdrawn is not None:
                    withdrawn.append(row.number)
                continue  # it counts nowhere; importing it would make it count again
            parsed, row_errors = _parse_row(row.number, row.cells, today_in, screen_patterns)
            for column in {error.column for error in row_errors} & missing:
                needed[str(column)] = needed.get(str(column), 0) + 1
            row_errors = [error for error in row_errors if error.column not in missing]
            if row.sheet is not None:
                row_errors = [replace(error, sheet=row.sheet) for error in row_errors]
            errors.extend(row_errors_with_reading(row, row_errors))
            if parsed is None or row.errors:
                continue
            if row.sheet is not None:
                parsed = replace(parsed, sheet=row.sheet)
            fingerprint = _fingerprint(parsed)
            seen = first.setdefault(parsed.report_id.bytes, fingerprint)
            if seen is fingerprint:  # the first row with this report id
                if not errors:  # once there is one, nothing will be stored
                    spool.append(parsed)
            elif seen[4:] != fingerprint[4:]:
                number = int.from_bytes(seen[:4], "big")
                errors.append(
                    RowError(
                        parsed.row,
                        "report_id",
                        f"Row {number} has the same report_id with other answers.",
                        row.sheet,
                    )
                )
            elif repeats is not None:  # an identical row: the same report, stored once
                repeats.append(RepeatedRow(parsed.row, int.from_bytes(seen[:4], "big"), row.sheet))
        errors.extend(_missing_columns(needed))
        return ([] if errors else spool.rows()), errors


def _missing_columns(needed: Mapping[str, int]) -> list[RowError]:
    """A header error for each column the file lacks and `needed[column]` rows need."""
    return [
        RowError(
            1,
            column,
            f"Missing column: {count} {'row needs' if count == 1 else 'rows need'} it "
            "(see the template for the column names).",
        )
        for column, count in needed.items()
    ]


def parse_rows(
    rows: Sequence[Mapping[str, str]], *, now: dt.datetime, screen_patterns: Sequence[str] = ()
) -> tuple[list[ParsedRow], list[RowError]]:
    """check_rows for rows already in memory: rows[0] is row 2, under the header (every
    template column, and the rows' keys; a key a row lacks is an empty cell)."""
    columns = tuple(dict.fromkeys((*COLUMNS, *(name for row in rows for name in row))))
    sheet_rows = (
        SheetRow(number, {name: row.get(name, "") for name in columns})
        for number, row in enumerate(rows, start=2)
        if any(value.strip() for value in row.values())
    )
    return check_rows(columns, sheet_rows, now=now, screen_patterns=screen_patterns)


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


def _sheet_order(sheet: str | None) -> int:
    """The file's header first, then the sheets of a workbook in the kinds' order."""
    kinds = list(FORMS_BY_KIND)
    return -1 if sheet is None else kinds.index(sheet) if sheet in kinds else len(kinds)


def sorted_errors(errors: Iterable[RowError]) -> list[RowError]:
    """Errors in spreadsheet order: by sheet, by row, then by column as in the template."""
    return sorted(
        errors,
        key=lambda error: (_sheet_order(error.sheet), error.row, _column_order(error.column)),
    )


def check_file(
    path: Path,
    *,
    now: dt.datetime,
    screen_patterns: Sequence[str] = (),
    limits: ImportLimits | None = None,
    repeats: list[RepeatedRow] | None = None,
    withdrawn: list[int] | None = None,
) -> tuple[list[ParsedRow], list[RowError]]:
    """Phase 1: every row of the file checked as the chat would (no database), the file read
    one row at a time. Raises ReportsFileError for a file that cannot be read faithfully.
    """
    with open_sheet(path, limits) as sheet:
        return check_rows(
            sheet.columns,
            sheet.rows,
            now=now,
            screen_patterns=screen_patterns,
            repeats=repeats,
            withdrawn=withdrawn,
        )


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
            errors.append(RowError(row.row, "report_id", _CONFLICT, row.sheet))
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
    now: dt.datetime,
    screen_patterns: Sequence[str] = (),
    limits: ImportLimits | None = None,
) -> ImportResult:
    """Import a CSV or XLSX file in one session: all rows, or none when any row has a problem.

    The three phases above, in the caller's session (the CLI runs them in separate short
    transactions instead: bot.services.import_reports_file). Reports already stored (same
    report_id, same answers) count as unchanged. Never commits: the caller commits when
    `errors` is empty (and rolls back otherwise). Raises ReportsFileError for an unreadable
    file.
    """
    repeats: list[RepeatedRow] = []
    withdrawn: list[int] = []
    parsed, errors = check_file(
        path,
        now=now,
        screen_patterns=screen_patterns,
        limits=limits,
        repeats=repeats,
        withdrawn=withdrawn,
    )
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
    return ImportResult(
        created=created,
        unchanged=len(parsed) - created,
        errors=[],
        repeated=tuple(repeats),
        withdrawn_skipped=len(withdrawn),
    )


# ------------------------------------------------------------------------------- export
#
# An export writes one row per report: the import's columns (report_id, kind, the answers),
# then what the import ignores (EXPORT_COLUMNS): the reference, form version, version number,
# submitted and last edited times (UTC, ISO 8601), the author (display name, or an erased
# person's pseudonym "former member #N") and whether the report was withdrawn. A withdrawn
# report counts nowhere, so an export leaves it out unless asked (`include_withdrawn`); an
# import skips a row flagged withdrawn, so such an export can still be imported again.
#
# CSV: one file, every kind (or the kind asked for), one header row of column names.
# XLSX: one sheet per report kind with that kind's columns, its column names in row 1 and
# their labels in the export's language in row 2 (which an import skips), and with
# `indicators`, the sheet "indicators" (INDICATOR_COLUMNS). An import reads every sheet named
# after a report kind.

EXPORT_COLUMNS: tuple[str, ...] = (
    "reference",
    "form_version",
    "version",
    "submitted_at",
    "last_edited_at",
    "author",
    "withdrawn",
)
# The column that tells a row of our CSV export (never empty there) from a hand-made one.
EXPORT_STAMP = "submitted_at"
INDICATOR_COLUMNS: tuple[str, ...] = (
    "indicator",
    "label",
    "country",
    "month",
    "as_of",
    "value_year",
    "value",
    "target",
    "expected",
    "status",
)
INDICATORS_SHEET = "indicators"
# A workbook's row of the whole scope (CSV keeps "ALL", for scripts): for a manager of some
# countries it counts theirs, not the organisation's, and says so.
_WHOLE_SCOPE = {True: N_("All countries"), False: N_("All your countries")}


_WITHDRAWN_COLUMN = "withdrawn"

# The labels of the columns that are not questions, for the second header row (msgids).
_COLUMN_LABELS: dict[str, str] = {
    "report_id": N_("Report id"),
    "kind": N_("Kind of report"),
    "reference": N_("Reference"),
    "form_version": N_("Form version"),
    "version": N_("Version"),
    "submitted_at": N_("Submitted (UTC)"),
    "last_edited_at": N_("Last edited (UTC)"),
    "author": N_("Author"),
    "withdrawn": N_("Withdrawn"),
    "indicator": N_("Indicator"),
    "label": N_("Label"),
    "country": N_("Country"),
    "month": N_("Month"),
    "as_of": N_("As of"),
    "value_year": N_("Year of the value"),
    "value": N_("Value"),
    "target": N_("Target"),
    "expected": N_("Expected by then"),
    "status": N_("Status"),
}

Translate = Callable[[str], str]


def _identity(msgid: str) -> str:
    return msgid


def kind_columns(kind: str) -> tuple[str, ...]:
    """A kind's sheet in an XLSX export: the columns of COLUMNS its form asks, then
    EXPORT_COLUMNS."""
    asked = {q.id for q in FORMS_BY_KIND[kind].questions}
    answers = tuple(column for column in COLUMNS[2:] if column in asked)
    return ("report_id", "kind", *answers, *EXPORT_COLUMNS)


def column_labels(columns: Sequence[str], translate: Translate = _identity) -> list[str]:
    """The second header row: each column's label in the export's language."""
    questions: dict[str, str] = {}
    for form in FORMS_BY_KIND.values():
        for question in form.questions:
            questions.setdefault(question.id, question.summary or question.label)
    labels = []
    for column in columns:
        msgid = _COLUMN_LABELS.get(column) or questions.get(column)
        labels.append(translate(msgid) if msgid else column)
    return labels


def _export_cell(value: Any, xlsx: bool, kind: QType | None = None) -> Any:
    """A stored answer as the import expects it back (typed cells in XLSX: a date question's
    answer a date, a decimal one a number; free text stays text, whatever it looks like)."""
    if value is None:
        return None if xlsx else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    if xlsx and isinstance(value, str):
        if kind is QType.DATE and _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value
        if kind is QType.DECIMAL and _PLAIN_DECIMAL.fullmatch(value):
            return Decimal(value)
    return value


def _utc(moment: dt.datetime) -> str:
    """An instant as ISO 8601 in UTC, to the second: 2026-03-05T14:02:11Z."""
    if moment.tzinfo is None:  # stored as UTC (models.base.UTCDateTime)
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _export_row(
    report_id: UUID,
    kind: str,
    answers: Mapping[str, Any],
    xlsx: bool,
    columns: Sequence[str] = COLUMNS,
    meta: Mapping[str, Any] | None = None,
) -> list[Any]:
    cells = {"report_id": str(report_id), "kind": kind, **(meta or {})}
    return [
        cells[column]
        if column in cells
        else _export_cell(answers.get(column), xlsx, COLUMN_TYPES.get(column))
        for column in columns
    ]


def _utc_cell(moment: dt.datetime) -> dt.datetime:
    """An instant as a workbook's date-and-time cell: UTC (the column says so), to the second,
    without a zone (a workbook has none)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _metadata(report: ExportedReport, xlsx: bool = False) -> dict[str, Any]:
    """A report's columns beyond its answers; in a workbook, its times are date-and-time cells
    (sortable, and a formula can subtract them), in CSV ISO 8601 text."""
    moment = _utc_cell if xlsx else _utc
    return {
        "reference": report_reference(report.id),
        "form_version": report.form_version,
        "version": report.version,
        "submitted_at": moment(report.submitted_at),
        "last_edited_at": moment(report.updated_at),
        "author": report.author,
        "withdrawn": "yes" if report.withdrawn else "no",
    }


def write_report_rows(path: Path, reports: Iterable[tuple[UUID, str, Mapping[str, Any]]]) -> int:
    """(report id, kind, answers) written in the import's layout; returns the rows written."""
    with SheetWriter(path, COLUMNS) as writer:
        for report_id, kind, answers in reports:
            writer.append(_export_row(report_id, kind, answers, writer.xlsx))
        return writer.count


@dataclass(frozen=True)
class IndicatorSheet:
    """What the indicator sheet needs: the plan, and the date its figures are as of."""

    plan: Plan
    as_of: dt.date


def _figure(value: Decimal | None) -> float | None:
    """A figure as `fieldbot indicators --json` writes it (a float)."""
    return None if value is None else float(value)


def _year(year: str | None, xlsx: bool) -> int | str | None:
    """The year of a yearly value: a number cell in a workbook, text in CSV; none otherwise."""
    if year is None:
        return None
    return int(year) if xlsx else year


def _indicator_row(
    row: IndicatorRow, translate: Translate, xlsx: bool, scope: Scope = EVERYWHERE
) -> list[Any]:
    country = row.country
    if xlsx and country == ALL:
        country = translate(_WHOLE_SCOPE[scope.all_countries])
    return [
        row.indicator,
        translate(row.label),
        country,
        row.month,
        row.as_of if xlsx else row.as_of.isoformat(),  # a date cell in a workbook
        _year(row.value_year, xlsx),
        _figure(row.value),
        _figure(row.target),
        _figure(row.expected),
        row.status,
    ]


def write_indicator_rows(
    path: Path,
    rows: Iterable[IndicatorRow],
    translate: Translate = _identity,
    scope: Scope = EVERYWHERE,
) -> int:
    """The indicator sheet alone, as a CSV (or XLSX) file; returns the rows written."""
    with SheetWriter(path, INDICATOR_COLUMNS, title=INDICATORS_SHEET) as writer:
        for row in rows:
            writer.append(_indicator_row(row, translate, writer.xlsx, scope))
        return writer.count


async def export_indicators(
    session: AsyncSession,
    path: Path,
    sheet: IndicatorSheet,
    *,
    scope: Scope = EVERYWHERE,
    translate: Translate = _identity,
) -> int:
    """The indicator sheet (each indicator × country × month) of `scope`, as a file."""
    rows = await indicator_rows(session, sheet.plan, as_of=sheet.as_of, scope=scope)
    return write_indicator_rows(path, rows, translate, scope)


async def export_reports(
    session: AsyncSession,
    path: Path,
    *,
    date_from: dt.date | None,
    date_to: dt.date | None,
    scope: Scope = EVERYWHERE,
    kind: str | None = None,
    include_withdrawn: bool = False,
    translate: Translate = _identity,
    indicators: IndicatorSheet | None = None,
) -> int:
    """Write the reports of `scope` whose event date is within [date_from, date_to] (None:
    open-ended), ordered by event date then id; returns the reports written.

    The layout is described above ("export"); `translate` gives the XLSX labels row its
    language, `indicators` adds the indicator sheet to an XLSX file. Reads EXPORT_BATCH
    reports at a time and writes them as they come, so memory does not grow with the number
    of reports.
    """
    if kind is not None and kind not in FORMS_BY_KIND:
        raise ReportsFileError(f"unknown kind {kind!r} (known: {', '.join(FORMS_BY_KIND)})")
    reports = iter_reports(
        session,
        scope=scope,
        date_from=date_from,
        date_to=date_to,
        kind=kind,
        include_withdrawn=include_withdrawn,
        batch=EXPORT_BATCH,
    )
    if _suffix(path) == ".csv":
        header = COLUMNS + EXPORT_COLUMNS
        async with _off_the_loop(SheetWriter(path, header)) as writer:
            async for batch in reports:
                await _append(
                    [
                        (
                            writer,
                            _export_row(r.id, r.kind, r.answers, False, header, _metadata(r)),
                        )
                        for r in batch
                    ]
                )
            return writer.count
    kinds = [kind] if kind is not None else list(FORMS_BY_KIND)
    async with _off_the_loop(WorkbookWriter(path)) as workbook:
        sheets = {
            name: workbook.sheet(
                name, kind_columns(name), column_labels(kind_columns(name), translate)
            )
            for name in kinds
        }
        async for batch in reports:
            # A kind no form asks any more has no sheet: not exported.
            await _append(
                [
                    (
                        sheets[r.kind],
                        _export_row(
                            r.id, r.kind, r.answers, True, kind_columns(r.kind), _metadata(r, True)
                        ),
                    )
                    for r in batch
                    if r.kind in sheets
                ]
            )
        if indicators is not None:
            sheet = workbook.sheet(
                INDICATORS_SHEET, INDICATOR_COLUMNS, column_labels(INDICATOR_COLUMNS, translate)
            )
            rows = await indicator_rows(
                session, indicators.plan, as_of=indicators.as_of, scope=scope
            )
            await _append([(sheet, _indicator_row(row, translate, True, scope)) for row in rows])
        return sum(sheets[name].count for name in kinds)


class _Appends(Protocol):
    def append(self, row: Sequence[Any]) -> None: ...


async def _append(rows: Sequence[tuple[_Appends, list[Any]]]) -> None:
    """A batch of rows written in a worker thread, not on the event loop the bot serves."""

    def write() -> None:
        for target, row in rows:
            target.append(row)

    if rows:
        await asyncio.to_thread(write)


_Writer = TypeVar("_Writer", SheetWriter, WorkbookWriter)


@asynccontextmanager
async def _off_the_loop(writer: _Writer) -> AsyncIterator[_Writer]:
    """The writer, finished (saved, or removed after a failure) in a worker thread: saving a
    workbook zips it, seconds of CPU for a large export that the event loop must not wait on."""
    try:
        yield writer
    except BaseException as error:
        await asyncio.to_thread(writer.__exit__, type(error), error, error.__traceback__)
        raise
    await asyncio.to_thread(writer.__exit__, None, None, None)

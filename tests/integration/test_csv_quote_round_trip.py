"""A CSV (or XLSX) export imports back unchanged, whatever a note starts with after a ";".

The export guards what follows each ";" with a leading "'" and an import takes one "'" off
again before a formula sign. A note whose own text had a "'" before such a sign ("voir;'-5
sur la fiche", "'=A1 in the template") lost it on the way back: the import took the "'" the
user typed for the guard's.

An XLSX export wrote "'=A1 in the template" as it is, and its import took the "'" off as well
(a CSV export saved again as a workbook holds "'=..." for "=..."), so the report came back as
one with other answers and the import refused it; such a text cell now gets one more "'" too.

Two quotes or more before a sign ("''=A1") came back with one fewer: the export guarded a
single quote before a sign only, and the import took one off all the same. Any run of quotes
before a sign now gets one more.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.reports_io import ImportResult, export_reports, import_reports
from tests.integration.training_reports import NOW, store_trainings

TEXTS = (
    {"notes": "Stock;'-5 kits on the sheet", "partner": "+509 Lakay"},
    {"notes": "'=A1 is what the template said", "partner": "UNICEF;-"},
    {"notes": "- bullet one; - bullet two; met @ the office", "partner": "-5"},
    {"notes": "Réunion;'＝ＳＵＭ copied from the form", "partner": "Plan;'+ partner"},
)


async def _store(session: AsyncSession) -> int:
    author_id, _ids = await store_trainings(session, TEXTS, author="Officier", language="fr")
    return author_id


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
async def test_a_quote_typed_before_a_sign_comes_back_from_a_csv_export(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path, suffix: str
) -> None:
    async with session_factory() as session:
        author_id = await _store(session)
    path = tmp_path / f"reports{suffix}"
    async with session_factory() as session:
        assert await export_reports(session, path, date_from=None, date_to=None) == len(TEXTS)
    async with session_factory() as session:
        again = await import_reports(session, path, author_user_id=author_id, now=NOW)
    assert again.errors == []
    assert again == ImportResult(created=0, unchanged=len(TEXTS), errors=[])


QUOTES = (
    {"notes": "''=A1 is what the old template said", "partner": "'''+509 Lakay"},
    {"notes": "Stock;''-5 kits\n''@ the office", "partner": "UNICEF;'''-"},
)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
async def test_two_quotes_or_more_before_a_sign_come_back_from_an_export(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path, suffix: str
) -> None:
    async with session_factory() as session:
        author_id, _ids = await store_trainings(session, QUOTES, author="Officier")
    path = tmp_path / f"reports{suffix}"
    async with session_factory() as session:
        assert await export_reports(session, path, date_from=None, date_to=None) == len(QUOTES)
    async with session_factory() as session:
        again = await import_reports(session, path, author_user_id=author_id, now=NOW)
    assert again.errors == []
    assert again == ImportResult(created=0, unchanged=len(QUOTES), errors=[])

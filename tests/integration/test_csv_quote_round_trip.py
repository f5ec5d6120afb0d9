"""A CSV export imports back unchanged, whatever a note starts with after a ";".

The export guards what follows each ";" with a leading "'" and an import takes one "'" off
again before a formula sign. A note whose own text had a "'" before such a sign ("voir;'-5
sur la fiche", "'=A1 in the template") lost it on the way back: the import took the "'" the
user typed for the guard's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from uuid import uuid4

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.forms.definitions import FORMS
from bot.reports_io import FORMS_BY_KIND, ImportResult, export_reports, import_reports, parse_rows
from models.queries import ensure_user
from models.reports import NewReport, insert_reports

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
TEXTS = (
    {"notes": "Stock;'-5 kits on the sheet", "partner": "+509 Lakay"},
    {"notes": "'=A1 is what the template said", "partner": "UNICEF;-"},
    {"notes": "- bullet one; - bullet two; met @ the office", "partner": "-5"},
    {"notes": "Réunion;'＝ＳＵＭ copied from the form", "partner": "Plan;'+ partner"},
)
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


async def _store(session: AsyncSession) -> int:
    (base,), errors = parse_rows([TRAINING_ROW], today=TODAY)
    assert errors == []
    author = await ensure_user(session, 5550001, "Officier", "fr")
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
        for text in TEXTS
    ]
    await insert_reports(session, reports, now=NOW)
    await session.commit()
    return author.id


async def test_a_quote_typed_before_a_sign_comes_back_from_a_csv_export(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with session_factory() as session:
        author_id = await _store(session)
    path = tmp_path / "reports.csv"
    async with session_factory() as session:
        assert await export_reports(session, path, date_from=None, date_to=None) == len(TEXTS)
    async with session_factory() as session:
        again = await import_reports(session, path, author_user_id=author_id, today=TODAY, now=NOW)
    assert again.errors == []
    assert again == ImportResult(created=0, unchanged=len(TEXTS), errors=[])

"""Training reports stored as the chat stores them, with some text answers of a test's own:
what the export and import tests start from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from uuid import UUID, uuid4

from sqlalchemy.ext.asyncio import AsyncSession

from bot.forms.definitions import FORMS
from bot.reports_io import FORMS_BY_KIND, parse_rows
from models.queries import ensure_user
from models.reports import NewReport, insert_reports

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
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


async def store_trainings(
    session: AsyncSession,
    texts: Iterable[Mapping[str, str]],
    *,
    author: str = "Officer",
    language: str = "en",
) -> tuple[int, list[UUID]]:
    """One training report (TRAINING_ROW's answers) per mapping of `texts`, whose answers
    replace TRAINING_ROW's; committed. Returns the author's user id and the reports' ids."""
    (base,), errors = parse_rows([TRAINING_ROW], now=NOW)
    assert errors == []
    user = await ensure_user(session, 5550001, author, language)
    form = FORMS_BY_KIND["training"]
    reports = [
        NewReport(
            id=uuid4(),
            kind="training",
            form_id=form.id,
            form_version=FORMS[form.id].version,
            author_user_id=user.id,
            answers={**base.answers, **text},
            computed=base.computed,
        )
        for text in texts
    ]
    await insert_reports(session, reports, now=NOW)
    await session.commit()
    return user.id, [report.id for report in reports]

"""A chat draft stored as a report: never "saved" when nothing was written."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import Role
from bot.forms.definitions import FORMS
from bot.usecases.drafts import Draft
from bot.usecases.reports import AlreadySent, store_draft, store_new_report
from tests.factories import member

NOW = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
EVENT = {
    "country": "SN",
    "level": "local",
    "field": "justice",
    "event_kind": "campaign",
    "event_date": "2026-11-29",
    "audience": 99,
}


async def test_a_draft_of_a_report_sent_with_other_answers_is_not_said_saved(
    session: AsyncSession,
) -> None:
    """The Mini App sent the report (audience 99); its late check left a chat draft with the
    same id (audience 9): storing that draft writes nothing, so it must say so."""
    ana = await member(session, 91, Role.FIELD_STAFF, ["SN"])
    form = next(f for f in FORMS.values() if f.kind == "advocacy_event")
    draft = Draft.new(form, NOW)
    report_id = uuid.UUID(draft.report_id)
    await store_new_report(session, form, report_id, ana, dict(EVENT), now=NOW)
    draft.answers = {**EVENT, "audience": 9}
    with pytest.raises(AlreadySent):
        await store_draft(session, draft, ana, now=NOW)
    draft.answers = dict(EVENT)  # the very answers sent: a re-sent submission, not refused
    stored = await store_draft(session, draft, ana, now=NOW)
    assert stored.report_id == report_id

"""Storing a report from the chat: the last check of every answer, then one write."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import REPORTERS
from bot.domain.people import UserView
from bot.domain.reports import why_not_edit
from bot.forms.engine import answer_errors, computed_values, missing_required
from bot.forms.model import Form, FormError
from bot.usecases.drafts import Draft
from models.reports import SubmitResult, edit_report, get_report, submit_report


@dataclass(frozen=True)
class Problem:
    """The answer to ask again before a report can be stored: missing, broken (`error`), or a
    country outside the reporter's countries (neither)."""

    question: str
    error: FormError | None = None
    missing: bool = False


def first_problem(
    draft: Draft, user: UserView, *, today: dt.date, screen_patterns: Any = ()
) -> Problem | None:
    """Every answer checked again: a change on the review card can break a rule on a later
    answer (fewer participants than trainers trained), and the reporter's countries may have
    changed since they answered (a role revoked or narrowed)."""
    form = draft.spec()
    missing = missing_required(form, draft.answers)
    if missing:
        return Problem(missing[0].id, missing=True)
    broken = answer_errors(form, draft.answers, today=today, screen_patterns=screen_patterns)
    if broken:
        question, error = broken[0]
        return Problem(question.id, error)
    if not user.scope(*REPORTERS).covers(str(draft.answers.get("country", ""))):
        return Problem("country")
    return None


@dataclass(frozen=True)
class Stored:
    report_id: uuid.UUID
    computed: dict[str, Any]
    edited_version: int | None  # the new version of a corrected report; None for a new one


class AlreadySent(Exception):
    """A new report whose id is stored already with other answers: nothing was written."""

    def __init__(self, report_id: uuid.UUID) -> None:
        super().__init__(str(report_id))
        self.report_id = report_id


class EditRefused(Exception):
    """The corrections may no longer be saved: `reason` is bot.domain.reports.why_not_edit's."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def store_draft(
    session: AsyncSession, draft: Draft, user: UserView, *, now: dt.datetime
) -> Stored:
    """Store the draft as a new report, or as the next version of the one it corrects
    (models.reports.StaleReport when that one changed meanwhile). Idempotent on the report id."""
    form = draft.spec()
    computed = computed_values(form, draft.answers)
    report_id = uuid.UUID(draft.report_id)
    if draft.editing:
        current = await get_report(session, report_id)
        if current is not None and (why := why_not_edit(user, current, now)) is not None:
            raise EditRefused(why)
        report = await edit_report(
            session,
            report_id,
            editor_user_id=user.id,
            answers=draft.answers,
            computed=computed,
            form_version=form.version,
            now=now,
            expected_version=draft.expected_version or 0,
        )
        return Stored(report_id, computed, report.version)
    result = await store_new_report(session, form, report_id, user, draft.answers, now=now)
    if not result.created and (
        result.report.author_user_id != user.id or dict(result.report.answers) != draft.answers
    ):
        # The id was sent before with other answers (from the Mini App, whose late check made
        # this draft), or by someone else: saying "saved" would drop these answers.
        raise AlreadySent(report_id)
    return Stored(report_id, computed, None)


async def store_new_report(
    session: AsyncSession,
    form: Form,
    report_id: uuid.UUID,
    author: UserView,
    answers: dict[str, Any],
    *,
    now: dt.datetime,
) -> SubmitResult:
    """A new report from the chat or the Mini App, stored once however often it is sent (the
    report id is the client's)."""
    return await submit_report(
        session,
        report_id=report_id,
        kind=form.kind,
        form_id=form.id,
        form_version=form.version,
        author_user_id=author.id,
        answers=answers,
        computed=computed_values(form, answers),
        now=now,
    )

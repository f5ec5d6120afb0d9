"""/myreports (one's own, correctable for 7 days) and /reports (managers: their countries).

Every id in a button is checked again against the user: the author for one's own reports,
the country scope for managers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import F
from aiogram.filters import CommandObject, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import OVERSEERS, REPORTERS
from bot.domain.languages import ltr
from bot.domain.paging import turned_start
from bot.domain.people import UserView
from bot.domain.reports import (
    ReportView,
    may_read,
    may_restore,
    may_withdraw,
    reference_bits,
    report_reference,
    why_not_edit,
)
from bot.domain.withdrawals import reason_problem, tidy_reason
from bot.settings import Settings
from bot.ui.callbacks import MINE, SCOPE, ReportsAction, ReportsCB
from bot.ui.forms import draft_waiting_note, resume_prompt, review_card
from bot.ui.replies import Replies
from bot.ui.reports import (
    PAGE,
    card_keyboard,
    edit_refusal_text,
    history_text,
    people_in_history,
    reason_refusal,
    report_card,
    reports_list,
    withdrawn_text,
)
from bot.usecases.drafts import Draft, ReportFlow, leave_side_flow, load_draft, save_draft
from bot.usecases.withdrawals import report_by_hex, withdraw
from handlers.filters import HasRole, command
from handlers.routing import Router
from models.queries import display_names
from models.reports import (
    report_history,
    report_position,
    reports_by_author,
    reports_in_scope,
    reports_with_reference,
    restore_report,
)


class WithdrawForm(StatesGroup):
    reason = State()


def _authored_or_scope(user: UserView, which: str) -> dict[str, Any]:
    """What a list is made of: the user's own reports, or their overseer countries' (None:
    every country)."""
    if which == SCOPE:
        scope = user.scope(*OVERSEERS)
        return {"countries": None if scope.all_countries else list(scope.countries)}
    return {"author_user_id": user.id}


async def _list(
    session: AsyncSession, user: UserView, which: str, offset: int
) -> tuple[list[ReportView], int]:
    offset = max(offset, 0)
    if which == SCOPE:
        of = _authored_or_scope(user, which)
        return await reports_in_scope(session, **of, offset=offset, limit=PAGE)
    return await reports_by_author(session, user.id, offset=offset, limit=PAGE)


async def _turned_to(
    session: AsyncSession, user: UserView, which: str, callback_data: ReportsCB
) -> int:
    """Where a page turn starts: just after (Older ›) or a page before (‹ Newer) the report
    its button was drawn from, wherever that report is now; else the page the button says."""
    anchor = await report_by_hex(session, callback_data.r) if callback_data.r else None
    at = None
    if anchor is not None:
        of = _authored_or_scope(user, which)
        at = await report_position(session, anchor.id, **of)
    if callback_data.a == ReportsAction.PAGE:
        at = None
    return turned_start(at, callback_data.a == ReportsAction.OLDER, callback_data.p, PAGE)


async def _send_list(
    session: AsyncSession,
    user: UserView,
    which: str,
    offset: int,
    locale: str,
    *,
    to: int | Message,
    reply: Replies,
    note: str = "",
) -> None:
    """The reports of a list from `offset` on, sent to the chat `to`, or in place of the
    list's message `to`; `note` under it (a report in progress waiting)."""
    reports, total = await _list(session, user, which, offset)
    if not reports and offset > 0 and total:
        # Past the end (an old "Older" button, once the list shrank): its last page.
        offset = (total - 1) // PAGE * PAGE
        reports, total = await _list(session, user, which, offset)
    partial = which == SCOPE and not user.scope(*OVERSEERS).all_countries
    text, markup = reports_list(reports, which, offset, total, partial, locale)
    text += note
    if isinstance(to, Message):
        reply(to.edit_text(text, reply_markup=markup))
    else:
        reply(SendMessage(chat_id=to, text=text, reply_markup=markup))


async def my_reports(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    locale = i18n.current_locale
    if (bits := reference_bits(command.args or "")) is not None:  # /myreports R-7F3K2A
        await _send_referenced(session, user, bits, MINE, locale, reply=reply)
        return
    # Sent in the middle of a report: "You have not submitted any report yet. Send /report to
    # start one." said nothing of the one waiting, as /help does.
    note = draft_waiting_note(await load_draft(state) is not None)
    await _send_list(session, user, MINE, 0, locale, to=message.chat.id, reply=reply, note=note)


async def scope_reports(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    locale = i18n.current_locale
    if (bits := reference_bits(command.args or "")) is not None:  # /reports R-7F3K2A
        await _send_referenced(session, user, bits, SCOPE, locale, reply=reply)
        return
    note = draft_waiting_note(await load_draft(state) is not None)
    await _send_list(session, user, SCOPE, 0, locale, to=message.chat.id, reply=reply, note=note)


class TypedReference(Filter):
    """A report's reference typed alone ('R-7F3K2A', as its confirmation says to quote it):
    its 30 bits (`bits`)."""

    async def __call__(self, message: Message) -> bool | dict[str, Any]:
        bits = reference_bits(message.text or "")
        return False if bits is None else {"bits": bits}


async def typed_reference(
    message: Message,
    bits: int,
    session: AsyncSession,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """A reference typed alone: the author's own report, or one of an overseer's countries."""
    which = SCOPE if any(user.has_role(role) for role in OVERSEERS) else MINE
    await _send_referenced(session, user, bits, which, i18n.current_locale, reply=reply)


async def _send_referenced(
    session: AsyncSession, user: UserView, bits: int, which: str, locale: str, *, reply: Replies
) -> None:
    """The cards of the reports with this reference that the user may open from `which` (their
    own; or, for SCOPE, their countries' and their own), or why there is none; never a word
    of a report they may not read."""
    found = await _with_reference(session, user, bits, which)
    for report in found:
        mine = which == MINE or report.author_user_id == user.id
        await _send_card(session, user, report, MINE if mine else SCOPE, 0, locale, reply=reply)
    if not found:
        reply(SendMessage(chat_id=user.telegram_id, text=_no_such_report(bits, which, locale)))


async def _with_reference(
    session: AsyncSession, user: UserView, bits: int, which: str
) -> list[ReportView]:
    """The user's own reports with this reference, then, for SCOPE, their countries'."""
    found = await reports_with_reference(session, bits, author_user_id=user.id)
    if which != SCOPE:
        return found
    seen = {report.id for report in found}
    more = await reports_with_reference(session, bits, **_authored_or_scope(user, SCOPE))
    return found + [r for r in more if r.id not in seen and may_read(user, r)]


def _no_such_report(bits: int, which: str, locale: str) -> str:
    reference = ltr(report_reference(uuid.UUID(int=bits << 98)), locale)
    if which == SCOPE:
        text = _(
            "No report {reference} in your countries. Check the reference, or send /reports to "
            "see their reports."
        )
    else:
        text = _(
            "You have no report {reference}. Check the reference, or send /myreports to see "
            "your recent reports."
        )
    return "⚠️ " + text.format(reference=reference)


class ListFilter(Filter):
    """Which list a button belongs to (`which`): the scope's only for managers and admins."""

    async def __call__(
        self, query: CallbackQuery, callback_data: ReportsCB, user: UserView
    ) -> bool | dict[str, Any]:
        which = SCOPE if callback_data.s == SCOPE else MINE
        if which == SCOPE and not any(user.has_role(role) for role in OVERSEERS):
            return False
        return {"which": which}


class ReadableReport(ListFilter):
    """The button's report (`report`), when the user may read it; forged ids end here."""

    async def __call__(  # type: ignore[override]
        self, query: CallbackQuery, callback_data: ReportsCB, user: UserView, session: AsyncSession
    ) -> bool | dict[str, Any]:
        listed = await super().__call__(query, callback_data, user)
        if listed is False:
            return False
        report = await report_by_hex(session, callback_data.r)
        if report is None or not may_read(user, report):
            return False
        return {**(listed if isinstance(listed, dict) else {}), "report": report}


def _not_available() -> str:
    return _("This report is not available to you.")


async def page_tap(
    query: CallbackQuery,
    callback_data: ReportsCB,
    which: str,
    session: AsyncSession,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    to = query.message if isinstance(query.message, Message) else user.telegram_id
    offset = await _turned_to(session, user, which, callback_data)
    await _send_list(session, user, which, offset, i18n.current_locale, to=to, reply=reply)


async def open_tap(
    query: CallbackQuery,
    callback_data: ReportsCB,
    report: ReportView,
    which: str,
    session: AsyncSession,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    locale = i18n.current_locale
    await _send_card(session, user, report, which, callback_data.p, locale, reply=reply)


async def history_tap(
    query: CallbackQuery,
    report: ReportView,
    session: AsyncSession,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    versions = await report_history(session, report.id)
    names = await display_names(session, people_in_history(report, versions))
    text = history_text(report, versions, i18n.current_locale, names, user.timezone)
    reply(SendMessage(chat_id=user.telegram_id, text=text))


async def withdraw_tap(
    query: CallbackQuery,
    callback_data: ReportsCB,
    report: ReportView,
    which: str,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    if not may_withdraw(user, report, utcnow()):
        reply(query.answer(_not_available(), show_alert=True))
        return
    reply(query.answer())
    await state.set_state(WithdrawForm.reason)
    await state.update_data(withdraw=report.id.hex, which=which, page=callback_data.p)
    text = _(
        "Why is {reference} withdrawn? Type a short reason (for example: entered "
        "twice). It stays in the report's history."
    ).format(reference=ltr(report.reference, i18n.current_locale))
    reply(SendMessage(chat_id=user.telegram_id, text=text))


async def restore_tap(
    query: CallbackQuery,
    callback_data: ReportsCB,
    report: ReportView,
    which: str,
    session: AsyncSession,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    if not may_restore(user, report):
        reply(query.answer(_not_available(), show_alert=True))
        return
    restored = await restore_report(session, report.id, by_user_id=user.id)
    reply(query.answer(_("Restored: the report counts again.")))
    page, locale = callback_data.p, i18n.current_locale
    await _send_card(session, user, restored, which, page, locale, reply=reply)


async def edit_tap(
    query: CallbackQuery,
    report: ReportView,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    locale, now = i18n.current_locale, utcnow()
    if (refused := why_not_edit(user, report, now)) is not None:
        reply(query.answer(edit_refusal_text(refused), show_alert=True))
        return
    reply(query.answer())
    existing = await load_draft(state)
    if existing is not None:  # one report at a time: finish or discard the other first
        if isinstance(query.message, Message):
            held = existing.held if existing.held_for == existing.current else ""
            started = user.today(dt.datetime.fromisoformat(existing.started or existing.updated))
            text, markup = resume_prompt(
                existing.spec(), started, held, existing.token, existing.step, locale,
                correcting=existing.corrected_reference,
            )  # fmt: skip
            reply(query.message.answer(text, reply_markup=markup))
        return
    draft = Draft.correcting(report, now)
    draft.to_review()
    await save_draft(state, draft, ReportFlow.review)
    text, markup = review_card(draft.spec(), draft.answers, draft.token, locale, editing=True)
    reply(SendMessage(chat_id=user.telegram_id, text=text, reply_markup=markup))


async def not_available_tap(
    query: CallbackQuery,
    callback_data: ReportsCB,
    session: AsyncSession,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """A well-formed button whose report the user may not read (forged, or no longer theirs).
    A list's button (a country the manager lost since it was drawn): the list is drawn again
    in its place as it is now, without the reports that are no longer theirs."""
    reply(query.answer(_not_available(), show_alert=True))
    listed = await ListFilter()(query, callback_data, user)
    if callback_data.a != ReportsAction.OPEN or not isinstance(listed, dict):
        return
    if not isinstance(query.message, Message):
        return
    offset = turned_start(None, False, callback_data.p, PAGE)
    locale = i18n.current_locale
    await _send_list(session, user, listed["which"], offset, locale, to=query.message, reply=reply)


async def _send_card(
    session: AsyncSession,
    user: UserView,
    report: ReportView,
    which: str,
    page: int,
    locale: str,
    *,
    reply: Replies,
) -> None:
    markup = card_keyboard(user, report, which, page, utcnow())
    names = await display_names(session, [report.withdrawn_by_user_id])
    text = report_card(report, locale, names, user.timezone)
    reply(SendMessage(chat_id=user.telegram_id, text=text, reply_markup=markup))


async def typed_withdraw_reason(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: UserView,
    settings: Settings,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    locale = i18n.current_locale
    reason = tidy_reason(message.text or "")
    problem = reason_problem(reason, settings.pii_patterns)
    if problem is not None:
        reply(message.answer(reason_refusal(problem)))
        return
    data = await state.get_data()
    withdrawn = await withdraw(session, user, str(data.get("withdraw", "")), reason, utcnow())
    gone = None if withdrawn is None else withdrawn.id  # an edit of it goes with it
    note = draft_waiting_note(await leave_side_flow(state, withdrawn=gone))
    if withdrawn is None:
        reply(message.answer(_not_available() + note))
        return
    reply(message.answer(withdrawn_text(withdrawn, locale) + note))
    which, page = (SCOPE if data.get("which") == SCOPE else MINE), int(data.get("page", 0))
    await _send_card(session, user, withdrawn, which, page, locale, reply=reply)


def router() -> Router:
    r = Router(name="report_views")
    r.message.register(my_reports, *command("myreports"))
    r.message.register(scope_reports, *command("reports"))
    taps: dict[ReportsAction, Callable[..., Awaitable[None]]] = {
        ReportsAction.OPEN: open_tap,
        ReportsAction.HISTORY: history_tap,
        ReportsAction.WITHDRAW: withdraw_tap,
        ReportsAction.RESTORE: restore_tap,
        ReportsAction.EDIT: edit_tap,
    }
    for turn in (ReportsAction.PAGE, ReportsAction.OLDER, ReportsAction.NEWER):
        r.callback_query.register(page_tap, ReportsCB.filter(F.a == turn), ListFilter())
    for action, tap in taps.items():
        r.callback_query.register(tap, ReportsCB.filter(F.a == action), ReadableReport())
    r.callback_query.register(not_available_tap, ReportsCB.filter())
    r.message.register(
        typed_withdraw_reason, StateFilter(WithdrawForm.reason), F.text, ~F.text.startswith("/")
    )
    r.message.register(
        typed_reference,
        StateFilter(None),
        F.text,
        HasRole(*REPORTERS, *OVERSEERS),
        TypedReference(),
    )
    return r

"""/myreports (one's own, correctable for 7 days) and /reports (managers: their countries).

Every id in a button is checked again against the user: the author for one's own reports,
the country scope for managers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiogram import Bot, F, Router
from aiogram.filters import Command, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_time, get_datetime_format
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import OVERSEERS, REPORTERS
from bot.domain.languages import country_name, format_date, format_number, ltr
from bot.domain.people import UserView
from bot.domain.reports import ReportView, may_edit, may_read, may_restore, may_withdraw
from bot.forms.definitions import FORMS
from bot.forms.engine import review
from bot.forms.screening import screen_text
from bot.settings import Settings
from bot.ui.callbacks import MINE, SCOPE, ReportsAction, ReportsCB
from bot.ui.forms import answer_line, resume_prompt, review_card, tr
from bot.ui.replies import Replies
from bot.ui.text import safe
from bot.usecases.drafts import Draft, ReportFlow, load_draft, save_draft
from handlers.filters import HasRole, Known
from models.queries import display_names
from models.reports import (
    ReportVersionView,
    get_report,
    report_history,
    reports_by_author,
    reports_in_scope,
    restore_report,
    withdraw_report,
)

PAGE = 5
# The history shows each changed answer up to this many characters, the whole message up to
# HISTORY_LIMIT (Telegram refuses a text over 4096 characters).
HISTORY_VALUE_LIMIT = 100
HISTORY_LIMIT = 3500


class WithdrawForm(StatesGroup):
    reason = State()


def _form_of(report: ReportView) -> Any:
    return FORMS.get(report.form_id)


def _title(report: ReportView, locale: str) -> str:
    form = _form_of(report)
    kind = tr(form.title) if form else report.kind
    date = format_date(report.event_date, locale, "short")
    return f"{date} · {kind} · {country_name(report.country, locale)}"


async def _list(
    session: AsyncSession, user: UserView, which: str, page: int
) -> tuple[list[ReportView], int]:
    offset = max(page, 0) * PAGE
    if which == SCOPE:
        scope = user.scope(*OVERSEERS)
        countries = None if scope.all_countries else list(scope.countries)
        return await reports_in_scope(session, countries=countries, offset=offset, limit=PAGE)
    return await reports_by_author(session, user.id, offset=offset, limit=PAGE)


def _list_markup(
    reports: list[ReportView], which: str, page: int, total: int, locale: str
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for report in reports:
        kb.button(
            text=("⊘ " if report.withdrawn else "") + _title(report, locale),
            callback_data=ReportsCB(a="open", s=which, p=page, r=report.id.hex),
        )
    nav = 0
    if page > 0:
        kb.button(text=_("‹ Newer"), callback_data=ReportsCB(a="page", s=which, p=page - 1))
        nav += 1
    if (page + 1) * PAGE < total:
        kb.button(text=_("Older ›"), callback_data=ReportsCB(a="page", s=which, p=page + 1))
        nav += 1
    kb.adjust(*([1] * len(reports)), *([nav] if nav else []))
    return kb.as_markup()


async def _send_list(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    user: UserView,
    which: str,
    page: int,
    locale: str,
    edit: Message | None = None,
    *,
    reply: Replies,
) -> None:
    reports, total = await _list(session, user, which, page)
    if total == 0:
        text = (
            _("There are no reports in your countries yet.")
            if which == SCOPE
            else _("You have not submitted any report yet. Send /report to start one.")
        )
        markup = None
    else:
        first, last = page * PAGE + 1, page * PAGE + len(reports)
        head = _("Reports in your countries") if which == SCOPE else _("Your reports")
        shown = ltr(f"{format_number(first, locale)}–{format_number(last, locale)}", locale)
        text = f"<b>{head}</b> ({shown} / {format_number(total, locale)})"
        if which == SCOPE and not user.scope(*OVERSEERS).all_countries:
            text += "\n" + _("Partial view: only your countries.")
        markup = _list_markup(reports, which, page, total, locale)
    if edit is not None:
        reply(edit.edit_text(text, reply_markup=markup))
    else:
        reply(SendMessage(chat_id=chat_id, text=text, reply_markup=markup))


async def my_reports(
    message: Message,
    session: AsyncSession,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    await _send_list(
        bot, message.chat.id, session, user, MINE, 0, i18n.current_locale, reply=reply
    )


async def scope_reports(
    message: Message,
    session: AsyncSession,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    await _send_list(
        bot, message.chat.id, session, user, SCOPE, 0, i18n.current_locale, reply=reply
    )


def report_card(
    report: ReportView, locale: str, names: Mapping[int, str] | None = None, zone: str = "UTC"
) -> str:
    form = _form_of(report)
    lines = [f"<b>{safe(_title(report, locale))}</b>", ltr(report.reference, locale)]
    if report.version > 1:
        lines.append(_("Version {version}").format(version=format_number(report.version, locale)))
    if report.withdrawn_at is not None:
        who = (names or {}).get(report.withdrawn_by_user_id or 0, "—")
        lines.append(
            "⊘ "
            + _("Withdrawn on {when} by {name}: {reason}").format(
                when=_local_time(report.withdrawn_at, zone, locale),
                name=safe(who, locale, limit=64),
                reason=safe(report.withdraw_reason or "—", locale, limit=300),
            )
        )
        lines.append(_("It is not counted in the indicators or the exports."))
    lines.append("")
    if form is not None:
        for item in review(form, report.answers):
            lines.append(answer_line(item.question, item.value, locale))
    return "\n".join(lines)


def _local_time(moment: dt.datetime, zone: str, locale: str) -> str:
    """A moment in the reader's time zone and language: '30 Nov 2026, 14:05'."""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    local = moment.astimezone(tz)
    # The locale's own way to join a date and a time ("{1}, {0}", "{1} à {0}"), the time
    # without seconds.
    joined = str(get_datetime_format("medium", locale=locale))
    day = format_date(local.date(), locale)
    time = format_time(local, format="short", tzinfo=tz, locale=locale)
    return ltr(joined.replace("{1}", day).replace("{0}", time), locale)


def history_text(
    report: ReportView,
    versions: list[ReportVersionView],
    locale: str,
    names: Mapping[int, str] | None = None,
    zone: str = "UTC",
) -> str:
    """Every version's local time and author, and under each later version the answers it
    changed (the newest changes first in line for the room a message has; "…" where some did
    not fit); then the withdrawal, if any."""
    form = _form_of(report)
    title = _("History of {reference}").format(reference=ltr(report.reference, locale))
    names = names or {}
    heads = [
        _("Version {version}: {date} · {name}").format(
            version=format_number(version.version, locale),
            date=_local_time(version.created_at, zone, locale),
            name=safe(names.get(version.edited_by_user_id or 0, "—"), locale, limit=64),
        )
        for version in versions
    ]
    if report.withdrawn_at is not None:
        heads.append(
            "⊘ "
            + _("Withdrawn on {when} by {name}: {reason}").format(
                when=_local_time(report.withdrawn_at, zone, locale),
                name=safe(names.get(report.withdrawn_by_user_id or 0, "—"), locale, limit=64),
                reason=safe(report.withdraw_reason or "—", locale, limit=300),
            )
        )
    room = HISTORY_LIMIT - len(title) - sum(len(head) + 1 for head in heads)
    changes: dict[int, list[str]] = {}
    for index in range(len(versions) - 1, 0, -1):
        if form is None:
            break
        before = versions[index - 1].answers
        lines = [
            answer_line(item.question, item.value, locale, limit=HISTORY_VALUE_LIMIT)
            for item in review(form, versions[index].answers)
            if before.get(item.question.id) != item.value
        ]
        size = sum(len(line) + 1 for line in lines)
        changes[index] = lines if size <= room else ["…"]
        room -= min(size, room)
    lines = [f"<b>{title}</b>"]
    for index, head in enumerate(heads):
        lines += [head, *changes.get(index, [])]
    return "\n".join(lines)


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
        report = await _report_for(callback_data.r, session)
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
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    edit = query.message if isinstance(query.message, Message) else None
    page, locale = callback_data.p, i18n.current_locale
    await _send_list(
        bot, user.telegram_id, session, user, which, page, locale, edit=edit, reply=reply
    )


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
    editors = [*(v.edited_by_user_id for v in versions), report.withdrawn_by_user_id]
    names = await display_names(session, editors)
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
    if report.author_user_id != user.id or not may_edit(user, report, now):
        reply(query.answer(_edit_refusal(user, report), show_alert=True))
        return
    reply(query.answer())
    existing = await load_draft(state)
    if existing is not None:  # one report at a time: finish or discard the other first
        if isinstance(query.message, Message):
            held = existing.held if existing.held_for == existing.current else ""
            started = dt.datetime.fromisoformat(existing.started or existing.updated)
            text, markup = resume_prompt(existing.spec(), started, held, existing.token, locale)
            reply(query.message.answer(text, reply_markup=markup))
        return
    draft = Draft.correcting(report, now)
    draft.to_review()
    await save_draft(state, draft, ReportFlow.review)
    text, markup = review_card(draft.spec(), draft.answers, draft.token, locale, editing=True)
    reply(SendMessage(chat_id=user.telegram_id, text=text, reply_markup=markup))


def _edit_refusal(user: UserView, report: ReportView) -> str:
    if report.author_user_id != user.id:
        return _not_available()
    return _(
        "Reports can be corrected for 7 days after they are submitted. "
        "Ask your monitoring and evaluation officer to correct this one."
    )


async def not_available_tap(query: CallbackQuery, *, reply: Replies) -> None:
    """A well-formed button whose report the user may not read (forged, or no longer theirs)."""
    reply(query.answer(_not_available(), show_alert=True))


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
    now = utcnow()
    kb = InlineKeyboardBuilder()
    rid = report.id.hex
    if may_edit(user, report, now):
        kb.button(text=_("✏️ Edit"), callback_data=ReportsCB(a="edit", s=which, p=page, r=rid))
    if report.version > 1 or report.withdrawn:
        kb.button(text=_("History"), callback_data=ReportsCB(a="hist", s=which, p=page, r=rid))
    if may_withdraw(user, report, now):
        kb.button(text=_("⊘ Withdraw"), callback_data=ReportsCB(a="wd", s=which, p=page, r=rid))
    if may_restore(user, report):
        kb.button(text=_("↺ Restore"), callback_data=ReportsCB(a="rs", s=which, p=page, r=rid))
    kb.button(text=_("‹ Back to the list"), callback_data=ReportsCB(a="page", s=which, p=page))
    kb.adjust(1)
    names = await display_names(session, [report.withdrawn_by_user_id])
    text = report_card(report, locale, names, user.timezone)
    reply(SendMessage(chat_id=user.telegram_id, text=text, reply_markup=kb.as_markup()))


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
    reason = " ".join((message.text or "").split())
    if not 3 <= len(reason) <= 300:
        reply(message.answer("⚠️ " + _("Please type a short reason, up to 300 characters.")))
        return
    if screen_text(reason, settings.pii_patterns):
        reply(
            message.answer(
                "⚠️ "
                + _(
                    "Please give the reason without personal data (no names, phone numbers "
                    "or e-mail addresses)."
                )
            )
        )
        return
    data = await state.get_data()
    await state.clear()
    report = await _report_for(str(data.get("withdraw", "")), session)
    now = utcnow()
    if report is None or not may_withdraw(user, report, now):
        reply(message.answer(_("This report is not available to you.")))
        return
    withdrawn = await withdraw_report(
        session, report.id, by_user_id=user.id, reason=reason, now=now
    )
    reply(
        message.answer(
            "✅ "
            + _("{reference} is withdrawn: it no longer counts. A manager can restore it.").format(
                reference=ltr(withdrawn.reference, locale)
            )
        )
    )
    which = SCOPE if data.get("which") == SCOPE else MINE
    await _send_card(
        session, user, withdrawn, which, int(data.get("page", 0)), locale, reply=reply
    )


async def _report_for(hex_id: str, session: AsyncSession) -> ReportView | None:
    try:
        report_id = uuid.UUID(hex=hex_id)
    except ValueError:
        return None
    return await get_report(session, report_id)


def router() -> Router:
    r = Router(name="report_views")
    r.message.filter(F.chat.type == "private", Known())
    r.callback_query.filter(Known())
    r.message.register(my_reports, Command("myreports"), HasRole(*REPORTERS))
    r.message.register(scope_reports, Command("reports"), HasRole(*OVERSEERS))
    taps: dict[ReportsAction, Callable[..., Awaitable[None]]] = {
        ReportsAction.OPEN: open_tap,
        ReportsAction.HISTORY: history_tap,
        ReportsAction.WITHDRAW: withdraw_tap,
        ReportsAction.RESTORE: restore_tap,
        ReportsAction.EDIT: edit_tap,
    }
    r.callback_query.register(page_tap, ReportsCB.filter(F.a == ReportsAction.PAGE), ListFilter())
    for action, tap in taps.items():
        r.callback_query.register(tap, ReportsCB.filter(F.a == action), ReadableReport())
    r.callback_query.register(not_available_tap, ReportsCB.filter())
    r.message.register(
        typed_withdraw_reason, StateFilter(WithdrawForm.reason), F.text, ~F.text.startswith("/")
    )
    return r

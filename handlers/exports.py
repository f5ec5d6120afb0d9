"""/export: managers and admins receive the reports of their countries as a file.

    /export                       → the periods, as buttons
    tap a period (ExportPeriodCB) → the formats, as buttons
    tap a format (ExportFileCB)   → "Preparing…"; after the commit, the file as a document
    a forged or stale export button → refused, with a message in the user's language

The file is built and sent by bot.usecases.exports, after the update's transaction.
"""

from __future__ import annotations

import datetime as dt

from aiogram import Bot, F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import OVERSEERS, ExportFormat
from bot.domain.languages import format_date
from bot.domain.people import UserView
from bot.domain.periods import Period, period_range
from bot.indicators.plan import Plan
from bot.ui.callbacks import EXPORT_PREFIXES, ExportFileCB, ExportPeriodCB
from bot.ui.exports import format_name, period_name, preparing_text
from bot.ui.keyboard import Keyboard
from bot.ui.replies import Replies
from bot.usecases.exports import deliver_export
from handlers.filters import command
from handlers.routing import Router

EXPORTED_KEY = "exported_messages"  # the conversation's data: the format messages exported


async def export_command(message: Message, *, reply: Replies) -> None:
    kb = Keyboard()
    for period in Period:
        kb.button(text=period_name(period), callback_data=ExportPeriodCB(p=period))
    kb.adjust(2)
    text = _("Export the reports of your countries: which period?")
    reply(message.answer(text, reply_markup=kb.as_markup()))


async def period_tap(
    query: CallbackQuery,
    callback_data: ExportPeriodCB,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    locale, today = i18n.current_locale, user.today()
    start, end = period_range(callback_data.p, today)
    kb = Keyboard()
    for fmt in ExportFormat:
        choice = ExportFileCB(p=callback_data.p, f=fmt, d=today.toordinal())
        kb.button(text=format_name(fmt), callback_data=choice)
    kb.adjust(1)
    reply(query.answer())
    text = _("Reports from {start} to {end}: which format?").format(
        start=format_date(start, locale), end=format_date(end, locale)
    )
    if isinstance(query.message, Message):
        reply(query.message.edit_text(text, reply_markup=kb.as_markup()))


async def file_tap(
    query: CallbackQuery,
    callback_data: ExportFileCB,
    user: UserView,
    i18n: I18n,
    bot: Bot,
    plan: Plan,
    state: FSMContext,
    session_factory: async_sessionmaker[AsyncSession],
    *,
    reply: Replies,
) -> None:
    locale, today = i18n.current_locale, user.today()
    scope = user.scope(*OVERSEERS)  # the roles that read reports, never another's
    refusal = await _refusal(query, callback_data, state, today, scope.is_empty)
    if refusal is not None:
        reply(query.answer(refusal, show_alert=True))
        return
    start, end = period_range(callback_data.p, callback_data.shown_on)
    reply(query.answer())
    text = preparing_text(callback_data.f, start, end, locale)
    if isinstance(query.message, Message):
        reply(query.message.edit_text(text))
    export = (bot, session_factory, user, scope, callback_data)
    reply.later(lambda: deliver_export(*export, plan=plan, today=today, locale=locale, i18n=i18n))


STALE_AFTER_DAYS = 31  # a format button older than this asks for /export again
_RECENT = 5  # the format messages of a chat remembered as exported


async def _refusal(
    query: CallbackQuery, choice: ExportFileCB, state: FSMContext, today: dt.date, nothing: bool
) -> str | None:
    """Why this tap builds no file: no countries; a button too old (or from the future); a
    second tap on the same buttons (a double tap builds and sends one file). Otherwise the
    message is remembered as exported (in the conversation's data, committed with the tap)."""
    if nothing:
        return _("You have no countries to export.")
    if not 0 <= (today - choice.shown_on).days <= STALE_AFTER_DAYS:
        return _("This export button is out of date. Please send /export again.")
    if query.message is None:
        return None
    exported: list[int] = list((await state.get_data()).get(EXPORTED_KEY, []))
    if query.message.message_id in exported:
        return _("This file is already on its way.")
    await state.update_data({EXPORTED_KEY: [*exported[-_RECENT + 1 :], query.message.message_id]})
    return None


async def forged_tap(query: CallbackQuery, *, reply: Replies) -> None:
    text = _("This export button is not valid. Please send /export again.")
    reply(query.answer(text, show_alert=True))


def router() -> Router:
    r = Router(name="exports")
    r.message.register(export_command, *command("export"))
    r.callback_query.register(period_tap, ExportPeriodCB.filter())
    r.callback_query.register(file_tap, ExportFileCB.filter())
    r.callback_query.register(forged_tap, F.data.startswith(EXPORT_PREFIXES))
    return r

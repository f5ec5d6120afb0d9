"""/export: managers and admins receive the reports of their countries as a file.

What a user can do (one handler each):
    /export                      → the periods, as buttons
    tap a period (ExportPeriodCB) → the formats, as buttons
    tap a format (ExportFileCB)   → "Preparing…", then the file as a document
    a forged or stale export button → refused, with a message in the user's language

The file is not built inside the update's transaction: the update only answers the tap. The
export then runs as a task of its own, after that transaction: it reads the reports in one
short read-only session, closed before anything is sent, records the export in the audit log
in one short transaction, then sends the file from a temporary directory (streamed from disk)
and deletes it. Nothing holds a database transaction while Telegram is called. An export lost
to a restart is simply asked for again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import tempfile
from pathlib import Path

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, FSInputFile, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import OVERSEERS, AuditAction
from bot.domain.languages import country_name, format_date, format_number, join_items
from bot.domain.people import UserView
from bot.domain.periods import Period, period_range
from bot.domain.scope import Scope
from bot.domain.timezones import today_in
from bot.indicators.plan import Plan
from bot.reports_io import ExportFormat, IndicatorSheet, export_reports
from bot.ui.replies import Replies
from bot.ui.text import safe
from handlers.filters import HasRole
from models.queries import add_audit
from models.uow import run_transaction

log = logging.getLogger(__name__)

# Callback data prefixes of this router: a button with one of them that does not unpack (a
# forged period or format) is refused here, in the user's language.
_PREFIXES = ("xp:", "xf:")
# The largest file a bot may send (Bot API, sendDocument): a larger export is not attempted.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


class ExportPeriodCB(CallbackData, prefix="xp"):
    p: Period


class ExportFileCB(CallbackData, prefix="xf"):
    p: Period
    f: ExportFormat


def period_name(period: Period) -> str:
    return {
        Period.THIS_MONTH: _("This month"),
        Period.LAST_MONTH: _("Last month"),
        Period.THIS_YEAR: _("This year"),
        Period.LAST_YEAR: _("Last year"),
    }[period]


def format_name(fmt: ExportFormat) -> str:
    return {
        ExportFormat.CSV: _("CSV (one table)"),
        ExportFormat.XLSX: _("Excel (a sheet per kind, and the indicators)"),
    }[fmt]


def scope_names(scope: Scope, locale: str) -> str:
    if scope.all_countries:
        return _("all countries")
    return join_items((country_name(code, locale) for code in scope.countries), locale)


async def build_export(
    session_factory: async_sessionmaker[AsyncSession],
    path: Path,
    *,
    scope: Scope,
    period: tuple[dt.date, dt.date],
    plan: Plan,
    as_of: dt.date,
    locale: str,
    i18n: I18n,
) -> int:
    """The file, written from one short read-only session (closed when this returns)."""
    start, end = period
    xlsx = path.suffix == ".xlsx"
    async with session_factory() as session:
        return await export_reports(
            session,
            path,
            date_from=start,
            date_to=end,
            scope=scope,
            translate=lambda msgid: str(i18n.gettext(msgid, locale=locale)),
            indicators=IndicatorSheet(plan=plan, as_of=as_of) if xlsx else None,
        )


async def record_export(
    session: AsyncSession,
    user: UserView,
    scope: Scope,
    choice: ExportFileCB,
    count: int,
    today: dt.date,
) -> None:
    """The audit entry of an export: who, the period, the format, the countries, the size."""
    start, end = period_range(choice.p, today)
    await add_audit(
        session,
        actor_user_id=user.id,
        action=AuditAction.REPORTS_EXPORTED,
        target_type="export",
        target_id=choice.f.value,
        details={
            "period": choice.p.value,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "countries": list(scope.countries),
            "all_countries": scope.all_countries,
            "reports": count,
        },
    )


def caption_text(scope: Scope, period: tuple[dt.date, dt.date], count: int, locale: str) -> str:
    start, end = period
    return ngettext(
        "Reports from {start} to {end} ({countries}): {count} report.",
        "Reports from {start} to {end} ({countries}): {count} reports.",
        count,
    ).format(
        start=format_date(start, locale),
        end=format_date(end, locale),
        countries=scope_names(scope, locale),
        count=format_number(count, locale),
    )


async def _apologise(bot: Bot, user: UserView) -> None:
    try:
        await bot.send_message(
            user.telegram_id,
            _("Sorry, the export could not be prepared. Please try again later."),
        )
    except Exception as error:  # the user will ask again
        log.warning("Could not tell user %s: %s", user.id, type(error).__name__)


class Exports:
    """The router's handlers, and the exports running after their update's transaction."""

    def __init__(self) -> None:
        self._running: dict[str, asyncio.Task[None]] = {}

    async def start(self, message: Message, *, reply: Replies) -> None:
        kb = InlineKeyboardBuilder()
        for period in Period:
            kb.button(text=period_name(period), callback_data=ExportPeriodCB(p=period))
        kb.adjust(2)
        reply(
            message.answer(
                _("Export the reports of your countries: which period?"),
                reply_markup=kb.as_markup(),
            )
        )

    async def period(
        self,
        query: CallbackQuery,
        callback_data: ExportPeriodCB,
        user: UserView,
        i18n: I18n,
        *,
        reply: Replies,
    ) -> None:
        locale = i18n.current_locale
        start, end = period_range(callback_data.p, today_in(user.timezone))
        kb = InlineKeyboardBuilder()
        for fmt in ExportFormat:
            kb.button(text=format_name(fmt), callback_data=ExportFileCB(p=callback_data.p, f=fmt))
        kb.adjust(1)
        reply(query.answer())
        if isinstance(query.message, Message):
            reply(
                query.message.edit_text(
                    _("Reports from {start} to {end}: which format?").format(
                        start=format_date(start, locale), end=format_date(end, locale)
                    ),
                    reply_markup=kb.as_markup(),
                )
            )

    async def file(
        self,
        query: CallbackQuery,
        callback_data: ExportFileCB,
        user: UserView,
        i18n: I18n,
        bot: Bot,
        plan: Plan,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        reply: Replies,
    ) -> None:
        locale = i18n.current_locale
        scope = user.scope(*OVERSEERS)  # the roles that read reports, never another's
        if scope.is_empty:
            reply(query.answer(_("You have no countries to export."), show_alert=True))
            return
        today = today_in(user.timezone)
        start, end = period_range(callback_data.p, today)
        reply(query.answer())
        if isinstance(query.message, Message):
            reply(
                query.message.edit_text(
                    _(
                        "Preparing your export ({format}) of the reports from {start} to {end}…"
                    ).format(
                        format=callback_data.f.value.upper(),
                        start=format_date(start, locale),
                        end=format_date(end, locale),
                    ),
                )
            )
        # A transient database error runs the update again: one export per tap all the same.
        if query.id in self._running:
            return
        task = asyncio.create_task(
            self._export(
                bot,
                session_factory,
                user,
                scope,
                callback_data,
                plan=plan,
                today=today,
                locale=locale,
                i18n=i18n,
            ),
            name=f"export-{user.id}",
        )
        self._running[query.id] = task
        task.add_done_callback(lambda _task: self._running.pop(query.id, None))

    async def _export(
        self,
        bot: Bot,
        session_factory: async_sessionmaker[AsyncSession],
        user: UserView,
        scope: Scope,
        choice: ExportFileCB,
        *,
        plan: Plan,
        today: dt.date,
        locale: str,
        i18n: I18n,
    ) -> None:
        start, end = period_range(choice.p, today)
        name = f"fieldbot-reports-{start.isoformat()}-{end.isoformat()}.{choice.f.value}"
        try:
            with tempfile.TemporaryDirectory(prefix="fieldbot-export-") as folder:
                path = Path(folder) / name
                count = await build_export(
                    session_factory,
                    path,
                    scope=scope,
                    period=(start, end),
                    plan=plan,
                    as_of=min(end, today),
                    locale=locale,
                    i18n=i18n,
                )
                if await asyncio.to_thread(os.path.getsize, path) > MAX_DOCUMENT_BYTES:
                    too_large = _("The file is too large to send through Telegram.")
                    shorter = _("Please choose a shorter period.")
                    await bot.send_message(user.telegram_id, f"{too_large} {shorter}")
                    return
                await run_transaction(
                    session_factory,
                    lambda session: record_export(session, user, scope, choice, count, today),
                    what="export audit",
                )
                # Every session is closed: only now is Telegram called.
                caption = caption_text(scope, (start, end), count, locale)
                await bot.send_document(
                    user.telegram_id, FSInputFile(path, filename=name), caption=safe(caption)
                )
        except Exception:
            log.exception("The export of user %s failed", user.id)
            await _apologise(bot, user)

    async def forged(self, query: CallbackQuery, *, reply: Replies) -> None:
        reply(
            query.answer(
                _("This export button is not valid. Please send /export again."),
                show_alert=True,
            )
        )


def router() -> Router:
    r = Router(name="exports")
    r.message.filter(F.chat.type == "private", HasRole(*OVERSEERS))
    r.callback_query.filter(HasRole(*OVERSEERS))
    exports = Exports()
    r.message.register(exports.start, Command("export"))
    r.callback_query.register(exports.period, ExportPeriodCB.filter())
    r.callback_query.register(exports.file, ExportFileCB.filter())
    r.callback_query.register(exports.forged, F.data.startswith(_PREFIXES))
    return r


__all__ = ["ExportFileCB", "ExportPeriodCB", "build_export", "router"]

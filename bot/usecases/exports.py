"""A manager's export by chat: built from one short read-only session after the update's
commit, audited, then sent as a document from a temporary directory that is deleted.

Nothing holds a database transaction while Telegram is called. The export runs as a task of
its own (Replies.later): an export lost to a restart is simply asked for again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import tempfile
from pathlib import Path

from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError
from aiogram.types import FSInputFile
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import AuditAction
from bot.domain.people import UserView
from bot.domain.periods import period_range
from bot.domain.scope import Scope
from bot.indicators.plan import Plan
from bot.reports_io import IndicatorSheet, export_reports
from bot.ui.callbacks import ExportFileCB
from bot.ui.exports import caption_text
from bot.ui.text import safe
from models.queries import add_audit, set_active
from models.uow import run_transaction

log = logging.getLogger(__name__)

# The largest file a bot may send (Bot API, sendDocument): a larger export is not attempted.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
# The slowest upload to Telegram an export's timeout allows for (bytes a second, 1 Mbit/s): a
# file takes longer than a message's request timeout to upload on a slow link, and a timed-out
# upload is retried, each try perhaps delivered (50 MB: some 7 minutes).
SLOWEST_UPLOAD = 128 * 1024


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
) -> None:
    """The audit entry of an export: who, the period, the format, the countries, the size."""
    start, end = period_range(choice.p, choice.shown_on)
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


async def _apologise(bot: Bot, user: UserView) -> None:
    try:
        await bot.send_message(
            user.telegram_id,
            _("Sorry, the export could not be prepared. Please try again later."),
        )
    except Exception as error:  # the user will ask again
        log.warning("Could not tell user %s: %s", user.id, type(error).__name__)


async def deliver_export(
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
    """Build, audit and send one export, in the user's language (it runs after the update,
    outside the update's i18n context)."""
    with i18n.context(), i18n.use_locale(locale):
        start, end = period_range(choice.p, choice.shown_on)  # the dates the user read
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
                size = await asyncio.to_thread(os.path.getsize, path)
                if size > MAX_DOCUMENT_BYTES:
                    too_large = _("The file is too large to send through Telegram.")
                    shorter = _("Please choose a shorter period.")
                    await bot.send_message(user.telegram_id, f"{too_large} {shorter}")
                    return
                await run_transaction(
                    session_factory,
                    lambda session: record_export(session, user, scope, choice, count),
                    what="export audit",
                )
                # Every session is closed: only now is Telegram called.
                caption = caption_text(scope, (start, end), count, locale)
                await bot.send_document(
                    user.telegram_id,
                    FSInputFile(path, filename=name),
                    caption=safe(caption),
                    request_timeout=int(max(bot.session.timeout, size / SLOWEST_UPLOAD)),
                )
        except TelegramForbiddenError:  # blocked while it was built: nothing more is sent
            log.info("The export of user %s was not sent: they blocked the bot", user.id)
            await run_transaction(
                session_factory,
                lambda session: set_active(session, user.telegram_id, False),
                what="marking a blocked user",
            )
        except Exception:
            log.exception("The export of user %s failed", user.id)
            await _apologise(bot, user)

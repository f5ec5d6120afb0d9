"""What the user hears when something breaks: a localized apology, never silence."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import locale_for
from handlers.routing import Router
from models import queries
from models.uow import run_transaction

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, bot: Bot, i18n: I18n, **data: Any) -> None:
    update = event.update
    chat = data.get("event_chat")
    from_user = data.get("event_from_user")
    if isinstance(event.exception, TelegramForbiddenError) and from_user is not None:
        # The user blocked the bot: remember it so nothing more is sent until they return.
        await _mark_inactive(data["session_factory"], from_user.id)
        # No Telegram id in a log line: the record carries the user's hash (bot.logs).
        log.info("The user blocked the bot (update %s)", update.update_id)
        return
    log.error(
        "Update %s failed: %s",
        update.update_id,
        type(event.exception).__name__,
        exc_info=event.exception,
    )
    if chat is None or chat.type != "private":
        return
    with i18n.context(), i18n.use_locale(locale_for(data, i18n)):
        text = _(
            "Sorry, something went wrong on my side. What you saved before is safe; "
            "please try the last step again."
        )
    try:
        await bot.send_message(chat.id, text)
    except TelegramAPIError as error:
        log.warning("Could not tell the user about the error: %s", error)


async def _mark_inactive(factory: async_sessionmaker[AsyncSession], telegram_id: int) -> None:
    async def mark_inactive(session: AsyncSession) -> None:
        await queries.set_active(session, telegram_id, False)

    await run_transaction(factory, mark_inactive, what="marking a blocked user")


def router() -> Router:
    r = Router(name="errors")
    r.errors.register(on_error)
    return r

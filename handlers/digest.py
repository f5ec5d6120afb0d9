"""The weekly digest's buttons: open the indicators, "Snooze…" (the choice of one of the
indicators that digest listed, for 4 weeks), acknowledge."""

from __future__ import annotations

import re

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import OVERSEERS, OutboxKind
from bot.domain.languages import format_date, ltr
from bot.domain.people import UserView
from bot.indicators.plan import Plan
from bot.ui.callbacks import DigestCB
from bot.ui.digest import snooze_choice
from bot.ui.indicators import indicator_list
from bot.ui.replies import Replies
from bot.usecases.indicators import standing
from handlers.filters import HasRole
from models import digest as store
from models.base import utcnow

_WEEK = re.compile(r"\d{4}-W\d{2}")


async def digest_tap(
    query: CallbackQuery,
    callback_data: DigestCB,
    session: AsyncSession,
    user: UserView,
    plan: Plan,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    locale, now = i18n.current_locale, utcnow()
    known = {definition.id for definition in plan.indicators}
    if callback_data.a == "open" and isinstance(query.message, Message):
        reply(query.answer())
        today = user.today()
        results = await standing(session, plan, user, today)
        text, markup = indicator_list(results, today, locale)
        reply(query.message.answer(text, reply_markup=markup))
    elif callback_data.a == "choose" and _WEEK.fullmatch(callback_data.p):
        # The indicators that digest listed, read back from the manager's own outbox row (the
        # callback carries only the week; another manager's week gives nothing).
        payload = await store.digest_payload_of(
            session, user.telegram_id, kind=OutboxKind.DIGEST.value, period=callback_data.p
        )
        listed = [i for i in (payload or {}).get("listed", []) if i in known]
        if not listed or not isinstance(query.message, Message):
            reply(query.answer(_("This button is no longer active."), show_alert=True))
            return
        reply(query.answer())
        choice = snooze_choice(callback_data.p, listed, store.SNOOZE_WEEKS, locale)
        reply(query.message.answer(choice["text"], reply_markup=choice["reply_markup"]))
    elif callback_data.a == "snooze" and callback_data.i in known:  # ids are re-checked
        until = await store.snooze(
            session, user.id, callback_data.i, now=now, weeks=store.SNOOZE_WEEKS
        )
        reply(
            query.answer(
                _("Snoozed {indicator} until {date}.").format(
                    indicator=ltr(callback_data.i, locale), date=format_date(until.date(), locale)
                ),
                show_alert=True,
            )
        )
    elif callback_data.a == "ack" and _WEEK.fullmatch(callback_data.p):
        await store.acknowledge(session, user.id, callback_data.p, now=now)
        reply(query.answer(_("Thanks, noted.")))
    else:
        reply(query.answer(_("This button is no longer active."), show_alert=True))


def router() -> Router:
    r = Router(name="digest")
    r.callback_query.filter(HasRole(*OVERSEERS))
    r.callback_query.register(digest_tap, DigestCB.filter())
    return r

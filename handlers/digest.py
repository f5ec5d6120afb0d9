"""The weekly digest's buttons: open the indicators, "Snooze…" (the choice of one of the
indicators that digest listed, for 4 weeks), acknowledge."""

from __future__ import annotations

import re

from aiogram import F
from aiogram.filters import Filter
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import OutboxKind
from bot.domain.languages import format_date, ltr
from bot.domain.people import UserView
from bot.indicators.plan import Plan
from bot.ui.callbacks import DigestAction, DigestCB
from bot.ui.digest import listed_in, snooze_choice
from bot.ui.indicators import indicator_list
from bot.ui.replies import Replies
from bot.usecases.indicators import standing
from handlers.routing import Router
from models import digest as store

_WEEK = re.compile(r"\d{4}-W\d{2}\Z")


class PlanIndicator(Filter):
    """The button's indicator is one of the plan's (the id is the client's)."""

    async def __call__(self, query: CallbackQuery, callback_data: DigestCB, plan: Plan) -> bool:
        return any(definition.id == callback_data.i for definition in plan.indicators)


async def open_tap(
    query: CallbackQuery,
    session: AsyncSession,
    user: UserView,
    plan: Plan,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    today = user.today()
    results = await standing(session, plan, user, today)
    text, markup = indicator_list(results, today, i18n.current_locale, plan)
    reply(SendMessage(chat_id=user.telegram_id, text=text, reply_markup=markup))


async def choose_tap(
    query: CallbackQuery,
    callback_data: DigestCB,
    session: AsyncSession,
    user: UserView,
    plan: Plan,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """The indicators that digest listed, read back from the manager's own outbox row (the
    callback carries only the week; another manager's week gives nothing)."""
    listed = await _listed(session, user, plan, callback_data.p)
    if not listed:
        await inactive_tap(query, reply=reply)
        return
    reply(query.answer())
    choice = snooze_choice(callback_data.p, listed, store.SNOOZE_WEEKS, i18n.current_locale)
    reply(SendMessage(chat_id=user.telegram_id, **choice))


async def _listed(session: AsyncSession, user: UserView, plan: Plan, week: str) -> list[str]:
    """The plan's indicators the user's own digest of `week` listed (none: no such digest)."""
    kind = OutboxKind.DIGEST.value
    payload = await store.digest_payload_of(session, user.telegram_id, kind=kind, period=week)
    known = {definition.id for definition in plan.indicators}
    return [i for i in listed_in(payload or {}) if i in known]


async def snooze_tap(
    query: CallbackQuery,
    callback_data: DigestCB,
    session: AsyncSession,
    user: UserView,
    plan: Plan,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """Only an indicator the digest of the button's week listed (the ids are the client's: a
    forged button could leave an indicator on track, or not yet due, out of every digest)."""
    locale, indicator = i18n.current_locale, callback_data.i
    if indicator not in await _listed(session, user, plan, callback_data.p):
        await inactive_tap(query, reply=reply)
        return
    weeks = store.SNOOZE_WEEKS
    until = await store.snooze(session, user.id, indicator, now=utcnow(), weeks=weeks)
    # The day it ends on the manager's calendar, not UTC's.
    text = _("Snoozed {indicator} until {date}.").format(
        indicator=ltr(indicator, locale), date=format_date(user.today(until), locale)
    )
    reply(query.answer(text, show_alert=True))


async def ack_tap(
    query: CallbackQuery,
    callback_data: DigestCB,
    session: AsyncSession,
    user: UserView,
    *,
    reply: Replies,
) -> None:
    kind = OutboxKind.DIGEST.value
    if not await store.outbox_has(session, user.telegram_id, kind=kind, period=callback_data.p):
        await inactive_tap(query, reply=reply)  # a week without a digest of theirs (forged)
        return
    await store.acknowledge(session, user.id, callback_data.p, now=utcnow())
    reply(query.answer(_("Thanks, noted.")))


async def inactive_tap(query: CallbackQuery, *, reply: Replies) -> None:
    reply(query.answer(_("This button is no longer active."), show_alert=True))


def router() -> Router:
    r = Router(name="digest")
    week = F.p.regexp(_WEEK.pattern)
    r.callback_query.register(open_tap, DigestCB.filter(F.a == DigestAction.OPEN))
    r.callback_query.register(choose_tap, DigestCB.filter((F.a == DigestAction.CHOOSE) & week))
    snooze = DigestCB.filter((F.a == DigestAction.SNOOZE) & week)
    r.callback_query.register(snooze_tap, snooze, PlanIndicator())
    r.callback_query.register(ack_tap, DigestCB.filter((F.a == DigestAction.ACK) & week))
    r.callback_query.register(inactive_tap, DigestCB.filter())
    return r

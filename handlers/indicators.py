"""/indicators (where the plan stands, in the manager's countries) and /indicator (manual values).

States:
    IndicatorForm.value → after tapping a manual indicator: type its value for the year
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendMessage, SendPhoto
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.numbers import NumberFormatError, parse_decimal
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import OVERSEERS
from bot.domain.languages import join_items, ltr
from bot.domain.people import UserView
from bot.indicators.plan import IndicatorDef, MetricKind, Plan
from bot.ui.callbacks import IndicatorCB
from bot.ui.indicators import (
    FIELDS,
    _month,
    _num,
    breakdown_lines,
    detail_text,
    indicator_list,
    title_of,
)
from bot.ui.replies import Replies
from bot.usecases.indicators import indicator_chart, scope_of, standing
from handlers.filters import HasRole
from models.indicators import breakdown, evaluate_indicator
from models.indicators import set_manual_value as store_manual_value


class IndicatorForm(StatesGroup):
    value = State()


async def show_indicators(
    message: Message,
    session: AsyncSession,
    user: UserView,
    plan: Plan,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    today = user.today()
    results = await standing(session, plan, user, today)
    text, markup = indicator_list(results, today, i18n.current_locale)
    reply(message.answer(text, reply_markup=markup))


def _known(plan: Plan, indicator_id: str) -> IndicatorDef | None:
    return next((d for d in plan.indicators if d.id == indicator_id), None)


async def indicator_tap(
    query: CallbackQuery,
    callback_data: IndicatorCB,
    session: AsyncSession,
    user: UserView,
    plan: Plan,
    bot: Bot,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    locale = i18n.current_locale
    definition = _known(plan, callback_data.i)
    if definition is None:  # client-controlled
        reply(query.answer(_("This button is no longer active."), show_alert=True))
        return
    reply(query.answer())
    today = user.today()
    scope = scope_of(user)
    if callback_data.a == "manual":
        if definition.metric not in (MetricKind.MANUAL, MetricKind.GROWTH):
            return
        if not user.acts_for_the_whole_organisation():
            reply(SendMessage(chat_id=user.telegram_id, text=_organisation_only()))
            return
        await state.set_state(IndicatorForm.value)
        await state.update_data(indicator=definition.id, period=str(today.year))
        reply(
            SendMessage(
                chat_id=user.telegram_id,
                text=_(
                    "Type the value of {indicator} for {year} "
                    "(a number; for a yearly report done, 1)."
                ).format(indicator=ltr(definition.id, locale), year=ltr(str(today.year), locale)),
            )
        )
        return
    result = await evaluate_indicator(session, plan, definition.id, as_of=today, scope=scope)
    if callback_data.a == "chart":
        png = await indicator_chart(session, plan, definition, result, scope, today, locale)
        reply(
            SendPhoto(
                chat_id=user.telegram_id,
                photo=BufferedInputFile(png, filename=f"indicator-{definition.id}.png"),
                caption=title_of(definition.id, definition.label, locale),
            )
        )
        return
    lines = detail_text(result, plan, locale)
    kb = InlineKeyboardBuilder()
    if definition.metric in (MetricKind.COUNT, MetricKind.DISTINCT_COUNT, MetricKind.SHARE):
        parts = await breakdown(session, plan, definition.id, as_of=today, scope=scope)
        lines.extend(breakdown_lines(definition, parts, locale))
        if parts.by_field and definition.metric is not MetricKind.SHARE:
            lines.append(
                _("By field:")
                + " "
                + join_items(
                    (
                        f"{_(FIELDS.get(f, f))} {_num(n, locale)}"
                        for f, n in sorted(parts.by_field.items())
                    ),
                    locale,
                )
            )
        if parts.monthly:
            recent = parts.monthly[-6:]
            lines.append(
                _("Last months (running total):")
                + " "
                + join_items(
                    (
                        _("{label}: {value}").format(
                            label=_month(month, locale), value=_num(n, locale)
                        )
                        for month, n in recent
                    ),
                    locale,
                )
            )
        kb.button(text=_("📈 Chart"), callback_data=IndicatorCB(a="chart", i=definition.id))
    if definition.metric in (MetricKind.MANUAL, MetricKind.GROWTH) and (
        user.acts_for_the_whole_organisation()
    ):
        kb.button(
            text=_("✏️ Enter a value"), callback_data=IndicatorCB(a="manual", i=definition.id)
        )
    reply(
        SendMessage(chat_id=user.telegram_id, text="\n".join(lines), reply_markup=kb.as_markup())
    )


def _organisation_only() -> str:
    return "⚠️ " + _(
        "Only admins and managers of all countries can enter the organisation's yearly values."
    )


async def manual_command(
    message: Message, user: UserView, plan: Plan, i18n: I18n, *, reply: Replies
) -> None:
    if not user.acts_for_the_whole_organisation():
        reply(message.answer(_organisation_only()))
        return
    kb = InlineKeyboardBuilder()
    for definition in plan.indicators:
        if definition.metric in (MetricKind.MANUAL, MetricKind.GROWTH):
            kb.button(
                text=f"{definition.id} {_(definition.label)}"[:60],
                callback_data=IndicatorCB(a="manual", i=definition.id),
            )
    kb.adjust(1)
    reply(
        message.answer(
            _("Which indicator do you want to enter a value for?"), reply_markup=kb.as_markup()
        )
    )


async def typed_value(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    user: UserView,
    plan: Plan,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    locale = i18n.current_locale
    data = await state.get_data()
    definition = _known(plan, str(data.get("indicator", "")))
    if definition is None or not user.acts_for_the_whole_organisation():
        await state.clear()
        if definition is not None:
            reply(message.answer(_organisation_only()))
        return
    try:
        value = parse_decimal((message.text or "").strip(), locale=locale, strict=False)
    except (NumberFormatError, InvalidOperation):
        reply(message.answer("⚠️ " + _("Please type a number, for example 2 or 1250000.")))
        return
    if value < 0 or value > Decimal("1e15"):
        reply(message.answer("⚠️ " + _("Please type a number, for example 2 or 1250000.")))
        return
    period = str(data.get("period"))
    await store_manual_value(
        session,
        definition.id,
        period,
        value,
        actor_user_id=user.id,
        now=dt.datetime.now(dt.UTC),
    )
    await state.clear()
    reply(
        message.answer(
            "✅ "
            + _("Saved: {indicator} = {value} for {year}.").format(
                indicator=ltr(definition.id, locale),
                value=_num(value, locale),
                year=ltr(period, locale),
            )
        )
    )


def router() -> Router:
    r = Router(name="indicators")
    r.message.filter(F.chat.type == "private", HasRole(*OVERSEERS))
    r.callback_query.filter(HasRole(*OVERSEERS))
    r.message.register(show_indicators, Command("indicators"))
    r.message.register(manual_command, Command("indicator"))
    r.callback_query.register(indicator_tap, IndicatorCB.filter())
    r.message.register(
        typed_value, StateFilter(IndicatorForm.value), F.text, ~F.text.startswith("/")
    )
    return r

"""/indicators (where the plan stands, in the manager's countries) and /indicator (manual values).

States:
    IndicatorForm.value → after tapping a manual indicator: type its value for the year
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from aiogram import F
from aiogram.filters import Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendMessage, SendPhoto
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.languages import ltr, number_text
from bot.domain.people import UserView
from bot.forms.engine import parse_number, typed_a_percentage
from bot.indicators.logic import MANUAL_DECIMALS, MANUAL_WHOLE_DIGITS
from bot.indicators.plan import IndicatorDef, MetricKind, Plan
from bot.ui.callbacks import IndicatorAction, IndicatorCB, IndicatorYearCB
from bot.ui.forms import draft_waiting_note
from bot.ui.indicators import (
    MANUAL_METRICS,
    indicator_detail,
    indicator_list,
    other_year_button,
    saved_text,
    title_of,
)
from bot.ui.keyboard import Keyboard
from bot.ui.replies import Replies
from bot.ui.text import shortened
from bot.usecases.drafts import leave_side_flow
from bot.usecases.indicators import (
    ManualValueRefused,
    indicator_chart,
    indicator_details,
    record_manual_value,
    scope_of,
    standing,
    years_to_enter,
)
from handlers.filters import command
from handlers.routing import Router
from models.indicators import applies_to, evaluate_indicator, manual_values


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
    text, markup = indicator_list(results, today, i18n.current_locale, plan)
    reply(message.answer(text, reply_markup=markup))


class KnownIndicator(Filter):
    """The button's indicator (`definition`), when the plan has it (the id is the client's)
    and it applies to the user's countries (an old button after their countries changed: it
    would draw Canada's sectors against their target for a manager of Haiti)."""

    async def __call__(
        self,
        query: CallbackQuery,
        callback_data: IndicatorCB | IndicatorYearCB,
        plan: Plan,
        user: UserView,
    ) -> bool | dict[str, Any]:
        found = next((d for d in plan.indicators if d.id == callback_data.i), None)
        if found is None or not applies_to(found, scope_of(user)):
            return False
        return {"definition": found}


async def open_tap(
    query: CallbackQuery,
    definition: IndicatorDef,
    session: AsyncSession,
    user: UserView,
    plan: Plan,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    result, parts = await indicator_details(session, plan, definition, user, user.today())
    may_enter = user.acts_for_the_whole_organisation()
    locale = i18n.current_locale
    text, markup = indicator_detail(definition, result, parts, plan, locale, may_enter=may_enter)
    reply(SendMessage(chat_id=user.telegram_id, text=text, reply_markup=markup))


async def chart_tap(
    query: CallbackQuery,
    definition: IndicatorDef,
    session: AsyncSession,
    user: UserView,
    plan: Plan,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    locale, today, scope = i18n.current_locale, user.today(), scope_of(user)
    result = await evaluate_indicator(session, plan, definition.id, as_of=today, scope=scope)
    png = await indicator_chart(session, plan, definition, result, scope, today, locale)
    photo = BufferedInputFile(png, filename=f"indicator-{definition.id}.png")
    caption = title_of(definition.id, definition.label, locale)
    reply(SendPhoto(chat_id=user.telegram_id, photo=photo, caption=caption))


async def manual_tap(
    query: CallbackQuery,
    callback_data: IndicatorCB | IndicatorYearCB,
    definition: IndicatorDef,
    user: UserView,
    state: FSMContext,
    session: AsyncSession,
    plan: Plan,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    if definition.metric not in MANUAL_METRICS:
        return
    if not user.acts_for_the_whole_organisation():
        reply(SendMessage(chat_id=user.telegram_id, text=_organisation_only()))
        return
    # The year the indicator is about first (last year's while its value is overdue), and the
    # other one a value may still be given for; a year from a button is one of them or ignored.
    years = years_to_enter(
        definition, plan, await manual_values(session, definition.id), user.today()
    )
    chosen = str(callback_data.y) if isinstance(callback_data, IndicatorYearCB) else ""
    year = chosen if chosen in years else years[0]
    await state.set_state(IndicatorForm.value)
    await state.update_data(indicator=definition.id, period=year)
    text = _value_prompt(definition.id, definition.metric, year, i18n.current_locale)
    markup = other_year_button(definition.id, [y for y in years if y != year])
    reply(SendMessage(chat_id=user.telegram_id, text=text, reply_markup=markup))


def _value_prompt(indicator_id: str, metric: MetricKind, year: str, locale: str) -> str:
    """What to type: a growth indicator takes the year's amount (its growth is computed from
    the year before), not the growth itself."""
    names = {"indicator": ltr(indicator_id, locale), "year": ltr(year, locale)}
    if metric is MetricKind.GROWTH:
        return _(
            "Type the amount of {year} for {indicator}, for example 1250000 (not a percentage: "
            "the growth is computed from the year before)."
        ).format(**names)
    return _(
        "Type the value of {indicator} for {year} (a number; for a yearly report done, 1)."
    ).format(**names)


def _a_percentage_typed(text: str) -> bool:
    """A percentage typed where a yearly value is asked ("15%" at a budget, "45 %" or "45
    pourcent" at the new sponsors, "100%" at a report done): no yearly value is one."""
    return typed_a_percentage(text)


def _typed_value(text: str, locale: str) -> Decimal | None:
    """The number typed; None when it is none, or a percentage (refused, saying why)."""
    return None if _a_percentage_typed(text) else parse_number(text, locale)


def _not_a_value(plan: Plan, indicator_id: str, text: str, locale: str) -> str:
    """Why what was typed is no value of this indicator: a number below 0 (no yearly value
    is one: said so, not "type a number"), a percentage, or no number."""
    typed = _typed_value(text, locale)
    if typed is not None and typed < 0:
        return "⚠️ " + _("The number must be at least {min}.").format(min=number_text(0, locale))
    if not _a_percentage_typed(text):
        return "⚠️ " + _("Please type a number, for example 2 or 1250000.")
    if any(d.id == indicator_id and d.metric is MetricKind.GROWTH for d in plan.indicators):
        return "⚠️ " + _(
            "Please type the year's amount, not a percentage: the growth is computed from it."
        )
    return "⚠️ " + _("Please type the number itself, not a percentage: for example 2.")


def _zero_amount() -> str:
    """Why a growth's amount of 0 is asked again: no growth is computed from it."""
    return _(
        "No growth can be computed from an amount of 0: please type the year's amount, "
        "for example 1250000."
    )


async def unknown_indicator_tap(query: CallbackQuery, *, reply: Replies) -> None:
    reply(query.answer(_("This button is no longer active."), show_alert=True))


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
    kb = Keyboard()
    for definition in plan.indicators:
        if definition.metric in MANUAL_METRICS:
            kb.button(
                text=shortened(f"{definition.id} {_(definition.label)}", 60),
                callback_data=IndicatorCB(a=IndicatorAction.MANUAL, i=definition.id),
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
    locale, data = i18n.current_locale, await state.get_data()
    if not user.acts_for_the_whole_organisation():
        note = draft_waiting_note(await leave_side_flow(state))
        reply(message.answer(_organisation_only() + note))
        return
    indicator_id, period = str(data.get("indicator", "")), str(data.get("period"))
    typed = _typed_value(message.text or "", locale)
    try:
        value = await record_manual_value(
            session, plan, indicator_id, period, typed, actor_user_id=user.id, now=utcnow()
        )
    except ManualValueRefused as error:
        if error.reason == "not_manual":  # the plan changed meanwhile: said, not silence
            reply(message.answer(await _no_longer_manual(state, indicator_id, locale)))
            return
        reply(message.answer(_refused_value(error, plan, indicator_id, message.text, locale)))
        return
    note = draft_waiting_note(await leave_side_flow(state))
    reply(message.answer("✅ " + saved_text(indicator_id, value, period, locale) + note))


async def _no_longer_manual(state: FSMContext, indicator_id: str, locale: str) -> str:
    """Why a value typed for an indicator that the plan no longer has as a manual one is not
    saved (the question is closed: the value has nowhere to go)."""
    note = draft_waiting_note(await leave_side_flow(state))
    return (
        "⚠️ "
        + _(
            "Nothing was saved: the plan changed, and {indicator} no longer takes a yearly value "
            "typed here. Send /indicator to see the indicators that do."
        ).format(indicator=ltr(indicator_id, locale))
        + note
    )


def _refused_value(
    error: ManualValueRefused, plan: Plan, indicator_id: str, typed: str | None, locale: str
) -> str:
    """Why a typed value is asked again: an amount of 0 no growth is computed from, more
    digits than are kept exactly, or no value."""
    if error.reason == "zero_amount":
        return "⚠️ " + _zero_amount()
    if error.reason == "too_long":
        return "⚠️ " + _(
            "Please type a number with at most {whole} digits before the decimal point and "
            "{decimals} after it, for example 1250000.5."
        ).format(
            whole=number_text(MANUAL_WHOLE_DIGITS, locale),
            decimals=number_text(MANUAL_DECIMALS, locale),
        )
    return _not_a_value(plan, indicator_id, typed or "", locale)


def router() -> Router:
    r = Router(name="indicators")
    r.message.register(show_indicators, *command("indicators"))
    r.message.register(manual_command, *command("indicator"))
    taps: dict[IndicatorAction, Callable[..., Awaitable[None]]] = {
        IndicatorAction.OPEN: open_tap,
        IndicatorAction.CHART: chart_tap,
        IndicatorAction.MANUAL: manual_tap,
    }
    for action, tap in taps.items():
        r.callback_query.register(tap, IndicatorCB.filter(F.a == action), KnownIndicator())
    r.callback_query.register(manual_tap, IndicatorYearCB.filter(), KnownIndicator())
    r.callback_query.register(unknown_indicator_tap, IndicatorCB.filter())
    r.message.register(
        typed_value, StateFilter(IndicatorForm.value), F.text, ~F.text.startswith("/")
    )
    return r

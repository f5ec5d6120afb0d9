"""/indicators (where the plan stands, in the manager's countries) and /indicator (manual values).

States:
    IndicatorForm.value → after tapping a manual indicator: type its value for the year
"""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendMessage, SendPhoto
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date as babel_format_date
from babel.numbers import NumberFormatError, format_percent, parse_decimal
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import OVERSEERS
from bot.domain.languages import country_name, format_date, format_number, isolate, join_items, ltr
from bot.domain.people import UserView
from bot.domain.scope import Scope
from bot.forms.definitions import TRAINING
from bot.indicators.logic import Status, expected_value
from bot.indicators.plan import IndicatorDef, MetricKind, Plan
from bot.ui.replies import Replies
from bot.ui.text import safe
from handlers.filters import HasRole
from handlers.reports import user_today
from models.indicators import (
    Breakdown,
    IndicatorResult,
    breakdown,
    evaluate_indicator,
    evaluate_plan,
)
from models.indicators import set_manual_value as store_manual_value

MARKS = {
    Status.ON_TRACK: "🟢",
    Status.AT_RISK: "🟡",
    Status.OFF_TRACK: "🔴",
    Status.NOT_STARTED: "⚪",
    Status.NO_DATA: "⚪",
}
# A value above this share of the value expected by now (in percent) is "ahead of plan": the
# percentage alone ("1 632 % of expected") reads like an error.
AHEAD_OF_PLAN = Decimal(150)
# Metrics that count whole things (reports, countries): never shown with decimals.
COUNTS = (MetricKind.COUNT, MetricKind.DISTINCT_COUNT)
# The fields' names (msgids) come from the report forms, where they are defined once.
FIELDS = {choice.value: choice.label for choice in TRAINING.question("field").choices}


class IndicatorCB(CallbackData, prefix="ind"):
    a: str  # open | chart | manual
    i: str  # indicator id


class IndicatorForm(StatesGroup):
    value = State()


def scope_of(user: UserView) -> Scope:
    """The indicators' scope: the countries of the user's overseeing roles (manager, admin)."""
    return user.scope(*OVERSEERS)


def status_name(status: Status) -> str:
    return {
        Status.ON_TRACK: _("on track"),
        Status.AT_RISK: _("at risk"),
        Status.OFF_TRACK: _("off track"),
        Status.NOT_STARTED: _("not started"),
        Status.NO_DATA: _("not enough data"),
    }[status]


def _num(value: Decimal | int | float | None, locale: str) -> str:
    if value is None:
        return "—"
    rounded = Decimal(value).quantize(Decimal("0.1")) if Decimal(value) % 1 else Decimal(value)
    return format_number(rounded, locale)


def _whole(value: Decimal | None, locale: str, rounding: str = ROUND_HALF_UP) -> str:
    """A count as a whole number (a prorated target of 14.3 trainings reads 14)."""
    if value is None:
        return "—"
    return format_number(Decimal(value).quantize(Decimal(1), rounding=rounding), locale)


def _figure(
    result: IndicatorResult, value: Decimal | None, locale: str, rounding: str = ROUND_HALF_UP
) -> str:
    """A value or target as the metric means it: a growth rate is a percentage, a count a
    whole number."""
    if result.metric is MetricKind.GROWTH:
        return _pct(value, locale)
    if result.metric in COUNTS:
        return _whole(value, locale, rounding)
    return _num(value, locale)


def ahead_of_plan(result: IndicatorResult) -> bool:
    """Far above the value expected by now (more than AHEAD_OF_PLAN percent of it)."""
    percent = result.percent_of_expected
    return result.expected is not None and percent is not None and percent > AHEAD_OF_PLAN


def _month(month: str, locale: str) -> str:
    """'2026-06' → 'juin 2026' in the user's language."""
    year, number = (int(part) for part in month.split("-"))
    return format_date(dt.date(year, number, 1), locale, "MMM y")


def _pct(value: Decimal | float | None, locale: str) -> str:
    if value is None:
        return "—"
    return ltr(format_percent(float(value), locale=locale), locale)


def summary_line(result: IndicatorResult, locale: str) -> str:
    label = safe(_(result.label))
    mark = MARKS[result.status]
    if result.metric is MetricKind.SHARE:
        lowest = min(result.shares.values()) if result.shares else None
        detail = _("lowest share {share}").format(share=_pct(lowest, locale))
    elif result.target is not None:
        detail = (
            f"{_figure(result, result.value, locale)} / {_figure(result, result.target, locale)}"
        )
        if result.percent_of_expected is not None:
            detail += " · " + _("{percent} of expected").format(
                percent=_pct(result.percent_of_expected / 100, locale)  # 0-100 → a fraction
            )
            if ahead_of_plan(result):
                detail += " · 🚀 " + _("ahead of plan")
    else:
        detail = _num(result.value, locale)
    line = _("{label}: {value}").format(label=label, value=detail)
    return f"{mark} <b>{ltr(safe(result.id), locale)}</b> {line}"


def title_of(indicator_id: str, label: str, locale: str) -> str:
    return f"{ltr(safe(indicator_id), locale)} {safe(_(label))}"


def detail_text(result: IndicatorResult, plan: Plan, locale: str) -> list[str]:
    lines = [
        f"{MARKS[result.status]} <b>{title_of(result.id, result.label, locale)}</b>",
        _("Status: {status}").format(status=status_name(result.status)),
    ]
    if result.metric is MetricKind.SHARE:
        for group, share in sorted(result.shares.items()):
            line = _("{label}: {value}").format(
                label=_(FIELDS.get(group, group)), value=_pct(share, locale)
            )
            lines.append(f"• {line}")
        return lines
    lines.append(
        _("Value: {value} of {target}").format(
            value=_figure(result, result.value, locale),
            target=_figure(result, result.target, locale),
        )
    )
    if result.expected is not None:
        lines.append(
            _("Expected by now at a steady pace: {expected}").format(
                expected=_figure(result, result.expected, locale)
            )
        )
        if ahead_of_plan(result) and result.percent_of_expected is not None:
            lines.append(
                "🚀 "
                + _("Ahead of plan: {percent} of the value expected by now.").format(
                    percent=_pct(result.percent_of_expected / 100, locale)
                )
            )
    if result.projection is not None:
        lines.append(
            _("At the current pace, by {end}: {projection}").format(
                end=format_date(plan.period_end, locale),
                # Whole things done so far, at the pace so far: rounded down.
                projection=_figure(result, result.projection, locale, ROUND_FLOOR),
            )
        )
    if result.per_month_needed:
        lines.append(
            _("To reach the target: {count} more per month").format(
                # Rounded up: 0.4 more trainings a month means one more, not none.
                count=_figure(result, result.per_month_needed, locale, ROUND_CEILING)
            )
        )
    if result.missing_countries:
        names = join_items(
            (country_name(c, locale) for c in result.missing_countries[:10]), locale
        )
        lines.append(
            _("Countries with staff and nothing yet: {countries}").format(
                countries=isolate(names, locale)
            )
        )
    return lines


async def show_indicators(
    message: Message,
    session: AsyncSession,
    user: UserView,
    plan: Plan,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    locale = i18n.current_locale
    today = user_today(user)
    results = await evaluate_plan(session, plan, as_of=today, scope=scope_of(user))
    head = _("Strategic plan indicators on {date}").format(date=format_date(today, locale))
    lines = [f"<b>{head}</b>"]
    if results and results[0].partial:
        lines.append(_("Partial view: only your countries."))
    lines.append("")
    lines += [summary_line(result, locale) for result in results]
    kb = InlineKeyboardBuilder()
    for result in results:
        kb.button(text=result.id, callback_data=IndicatorCB(a="open", i=result.id))
    kb.adjust(5)
    reply(message.answer("\n".join(lines), reply_markup=kb.as_markup()))


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
    today = user_today(user)
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


def breakdown_lines(definition: IndicatorDef, parts: Breakdown, locale: str) -> list[str]:
    """The by-country lines of a breakdown, in the indicator's unit: a distinct-country
    indicator names the countries reached (the countries with staff and nothing yet are in
    `detail_text`), any other indicator counts its unit per country."""
    if definition.metric is MetricKind.DISTINCT_COUNT and definition.distinct == "country":
        if not parts.reached:
            return []
        names = join_items(sorted(country_name(c, locale) for c in parts.reached), locale)
        count = len(parts.reached)
        return [
            "",
            ngettext(
                "{count} country reached: {countries}",
                "{count} countries reached: {countries}",
                count,
            ).format(count=ltr(str(count), locale), countries=isolate(names, locale)),
        ]
    if not parts.by_country:
        return []
    top = sorted(parts.by_country.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
    return [
        "",
        _("By country:")
        + " "
        + join_items((f"{country_name(c, locale)} {_num(n, locale)}" for c, n in top), locale),
    ]


def chart_footer(scope: Scope, today: dt.date, locale: str) -> str:
    """The chart's footer: the day it shows and whose countries."""
    if scope.all_countries:
        where = _("All countries")
    else:
        where = join_items(sorted(country_name(c, locale) for c in scope.countries), locale)
    # Babel's long date, without the isolates `format_date` adds for RTL chat text: the
    # chart's text engine (libraqm) reorders "20/05/2026" wrongly inside them.
    day = babel_format_date(today, format="long", locale=locale)
    return _("As of {date} · {scope}").format(date=day, scope=where)


async def indicator_chart(
    session: AsyncSession,
    plan: Plan,
    definition: IndicatorDef,
    result: IndicatorResult,
    scope: Scope,
    today: dt.date,
    locale: str,
) -> bytes:
    # matplotlib loads on the first chart, not when the bot starts.
    from bot.charts import progress_chart, shares_chart

    title = _(definition.label)
    if definition.metric is MetricKind.SHARE:
        labels = {g: _(FIELDS.get(g, g)) for g in result.shares}
        # Drawn in a worker thread: a chart takes matplotlib a few hundred milliseconds of CPU,
        # which on the event loop would hold up every other user's update.
        return await asyncio.to_thread(
            shares_chart,
            # The chart speaks percent (0-100); the plan and the results speak fractions.
            title=title,
            shares={g: float(v) * 100 for g, v in result.shares.items()},
            labels=labels,
            minimum=float(definition.minimum or 0) * 100,
            minimum_label=_("Minimum"),
            locale=locale,
            footer=chart_footer(scope, today, locale),
        )
    parts = await breakdown(session, plan, definition.id, as_of=today, scope=scope)
    # The running month ends today, not on its last day (the point must not pass "Today").
    actual = [(min(_month_end(month), today), float(n)) for month, n in parts.monthly]
    target = float(result.target or 0)
    pace = [
        (
            day,
            float(
                expected_value(
                    Decimal(target), plan.period_start, plan.period_end, day, definition.milestones
                )
            ),
        )
        for day in (plan.period_start, min(today, plan.period_end), plan.period_end)
    ]
    return await asyncio.to_thread(
        progress_chart,
        title=title,
        actual=actual,
        pace=pace,
        target=target,
        target_label=_("Target"),
        actual_label=_("Achieved"),
        pace_label=_("Steady pace"),
        today_label=_("Today"),
        as_of=today,
        locale=locale,
        footer=chart_footer(scope, today, locale),
        integer=definition.metric in COUNTS,
    )


def _month_end(month: str) -> dt.date:
    year, number = (int(part) for part in month.split("-"))
    first_next = dt.date(year + number // 12, number % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


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

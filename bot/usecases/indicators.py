"""Where the plan stands for a person: the indicators of their overseeing roles' countries, and
each indicator's chart."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import OVERSEERS
from bot.domain.people import UserView
from bot.domain.scope import Scope
from bot.indicators.logic import expected_value, manual_value_kept_exactly, valid_manual_value
from bot.indicators.plan import IndicatorDef, MetricKind, Plan
from bot.indicators.results import Breakdown, IndicatorResult
from bot.ui.indicators import (
    BROKEN_DOWN,
    COUNTS,
    FIELDS,
    MANUAL_METRICS,
    chart_footer,
    month_end,
)
from bot.ui.palette import WHITE, Palette
from bot.ui.translate import gettext as _
from models.indicators import (
    breakdown,
    evaluate_indicator,
    evaluate_plan,
    evaluated_year,
    set_manual_value,
)


def scope_of(user: UserView) -> Scope:
    """The indicators' scope: the countries of the user's overseeing roles (manager, admin)."""
    return user.scope(*OVERSEERS)


async def standing(
    session: AsyncSession, plan: Plan, user: UserView, today: dt.date
) -> list[IndicatorResult]:
    """Every indicator of the plan as of `today`, within the user's overseeing scope: what
    /indicators lists, the digest's button opens and the Mini App's dashboard shows."""
    return await evaluate_plan(session, plan, as_of=today, scope=scope_of(user))


async def indicator_chart(
    session: AsyncSession,
    plan: Plan,
    definition: IndicatorDef,
    result: IndicatorResult,
    scope: Scope,
    today: dt.date,
    locale: str,
    palette: Palette = WHITE,
) -> bytes:
    """The indicator's chart, in `palette`'s colours (the Mini App's theme; white for the
    chat)."""
    # matplotlib loads on the first chart, not when the bot starts.
    from bot.ui.charts import progress_chart, shares_chart

    title = _(definition.label)
    if definition.metric is MetricKind.SHARE:
        labels = {g: _(FIELDS.get(g, g)) for g in result.shares}
        # Drawn in a worker thread: a chart takes matplotlib a few hundred milliseconds of CPU,
        # which on the event loop would hold up every other user's update.
        return await asyncio.to_thread(
            shares_chart,
            palette=palette,
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
    actual = [(min(month_end(month), today), float(n)) for month, n in parts.monthly]
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
        # Today within the plan: before its start the line ran start → today → end, back and
        # forth across the chart (the dashboard before the plan's start, the chat's chart too).
        for day in (
            plan.period_start,
            min(max(today, plan.period_start), plan.period_end),
            plan.period_end,
        )
    ]
    return await asyncio.to_thread(
        progress_chart,
        palette=palette,
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


async def indicator_details(
    session: AsyncSession, plan: Plan, definition: IndicatorDef, user: UserView, today: dt.date
) -> tuple[IndicatorResult, Breakdown | None]:
    """One indicator within the user's overseeing scope, and its breakdown where it has one."""
    scope = scope_of(user)
    result = await evaluate_indicator(session, plan, definition.id, as_of=today, scope=scope)
    if definition.metric not in BROKEN_DOWN:
        return result, None
    return result, await breakdown(session, plan, definition.id, as_of=today, scope=scope)


class ManualValueRefused(ValueError):
    """Why a manual value was not recorded: `not_manual` (no such manual indicator),
    `not_a_value` (no number from 0), `too_long` (more digits than are kept exactly:
    MANUAL_WHOLE_DIGITS before the decimal point, MANUAL_DECIMALS after it) or `zero_amount`
    (a growth's amount of 0)."""

    def __init__(self, reason: str, manual_ids: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.manual_ids = manual_ids


async def record_manual_value(
    session: AsyncSession,
    plan: Plan,
    indicator_id: str,
    period: str,
    value: Decimal | None,
    *,
    actor_user_id: int | None,
    now: dt.datetime,
) -> Decimal:
    """Enter the year's value of a manual indicator, checked alike for the chat and the CLI
    (None: what was typed is no number; a growth's amount is more than 0); returns the value
    recorded."""
    manual = {d.id: d for d in plan.indicators if d.metric in MANUAL_METRICS}
    if indicator_id not in manual:
        raise ManualValueRefused("not_manual", tuple(manual))
    if value is not None and value >= 0 and not manual_value_kept_exactly(value):
        raise ManualValueRefused("too_long")
    if value is None or not valid_manual_value(value):
        raise ManualValueRefused("not_a_value")
    if manual[indicator_id].metric is MetricKind.GROWTH and value == 0:
        # A growth from 0 is none: the year after would read "—", off track, for ever.
        raise ManualValueRefused("zero_amount")
    await set_manual_value(
        session, indicator_id, period, value, actor_user_id=actor_user_id, now=now
    )
    return value


def year_to_ask(
    definition: IndicatorDef, plan: Plan, entered: Mapping[str, Decimal], today: dt.date
) -> str:
    """The year the indicator is about; for a growth, the year before it first while that
    amount is missing (the plan's first year needs the baseline year's budget): without it no
    growth can ever be computed. After the plan's end it is about the plan's last year, as
    the indicators are: a value for a year past the plan would be stored and never shown."""
    year = evaluated_year(definition, plan, entered, min(today, plan.period_end))
    before = year - 1
    growth = definition.metric is MetricKind.GROWTH
    if growth and before >= plan.period_start.year - 1 and entered.get(str(before)) is None:
        return str(before)
    return str(year)


def years_to_enter(
    definition: IndicatorDef, plan: Plan, entered: Mapping[str, Decimal], today: dt.date
) -> tuple[str, ...]:
    """The year asked first (year_to_ask), then the other year a value may still be entered
    or corrected for, within the plan and not in the future: in January last year's final
    figure (this year's is asked once last year's is in), this year's while last year's is
    asked."""
    asked = year_to_ask(definition, plan, entered, today)
    first = plan.period_start.year - (1 if definition.metric is MetricKind.GROWTH else 0)
    other = today.year - 1 if int(asked) == today.year else today.year
    if first <= other <= min(today.year, plan.period_end.year) and str(other) != asked:
        return asked, str(other)
    return (asked,)

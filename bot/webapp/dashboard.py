"""The indicators dashboard: the same figures as /indicators and `fieldbot indicators --json`.

The figures come from the one service that computes them (models.indicators.evaluate_plan and
breakdown), the words from the chat's own (bot.ui.indicators), the charts from the chat's use
case (bot.usecases.indicators.indicator_chart); this module only puts them in the shape the
page draws, in the user's language. Call inside the request's locale (`I18n.use_locale`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.languages import (
    country_name,
    format_date,
    format_number,
    join_items,
    ltr,
    percent_text,
)
from bot.domain.scope import Scope
from bot.indicators.plan import IndicatorDef, MetricKind, Plan, indicator
from bot.indicators.results import Breakdown
from bot.ui.indicators import (
    BROKEN_DOWN,
    FIELDS,
    ahead_of_plan,
    expected_text,
    floored,
    percent_of_expected_text,
    plan_ended_text,
    shares_of,
    status_name,
    value_of_target,
)
from models.indicators import breakdown, evaluate_plan


def figure(value: Decimal | None) -> float | None:
    """A figure as `fieldbot indicators --json` writes it."""
    return None if value is None else float(value)


def _pct(value: Decimal | float | None, locale: str) -> str:
    return "—" if value is None else percent_text(value, locale)


def _breakdown_rows(item: IndicatorDef, parts: Breakdown, locale: str) -> list[dict[str, str]]:
    if item.metric is MetricKind.DISTINCT_COUNT and item.distinct == "country":
        return [{"label": country_name(code, locale), "value": "✓"} for code in parts.reached]
    rows: list[dict[str, str]] = []
    if parts.by_country:
        rows.append({"label": _("By country:"), "value": "", "head": "1"})
        rows += [
            {"label": country_name(code, locale), "value": format_number(n, locale)}
            for code, n in sorted(parts.by_country.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
    if parts.by_field:
        rows.append({"label": _("By field:"), "value": "", "head": "1"})
        rows += [
            {"label": _(FIELDS.get(field, field)), "value": format_number(n, locale)}
            for field, n in sorted(parts.by_field.items())
        ]
    return rows


async def indicators(
    session: AsyncSession, plan: Plan, *, as_of: dt.date, scope: Scope, locale: str
) -> list[dict[str, Any]]:
    """Every indicator: status, figures (as the CLI's JSON) and texts, and its breakdown."""
    results = await evaluate_plan(session, plan, as_of=as_of, scope=scope)
    rows: list[dict[str, Any]] = []
    for result in results:
        item = indicator(plan, result.id)
        parts = None
        if item.metric in BROKEN_DOWN:
            parts = await breakdown(session, plan, result.id, as_of=as_of, scope=scope)
        # The same figures as the chat (rounded down next to a status; no share without a
        # report), so that the dashboard, the chat and the CLI agree.
        counted = shares_of(result)
        if result.metric is MetricKind.SHARE:
            shares = join_items(
                (
                    f"{_(FIELDS.get(g, g))} {_pct(floored(s), locale)}"
                    for g, s in sorted(counted.items())
                ),
                locale,
            )
            shown = shares or "—"
        else:
            shown = value_of_target(result, locale)
            if result.period is not None:  # a yearly value: which year, as the chat says
                shown = _("{value} in {year}").format(value=shown, year=ltr(result.period, locale))
        rows.append(
            {
                "id": result.id,
                "label": _(result.label),
                "metric": str(result.metric),
                "status": str(result.status),
                "status_label": status_name(result.status),
                "value": figure(result.value),
                "target": figure(result.target),
                "expected": figure(result.expected),
                "percent_of_expected": figure(result.percent_of_expected),
                "shares": {k: float(v) for k, v in counted.items()},
                "text": shown,
                "expected_text": expected_text(result, locale),
                # As the chat says it: "31 % of expected", not a bare "31 %" next to 6 / 50.
                "percent_text": (
                    "—"
                    if result.percent_of_expected is None
                    else _("{percent} of expected").format(
                        percent=percent_of_expected_text(result, locale)
                    )
                    + (" · " + _("ahead of plan") if ahead_of_plan(result) else "")
                ),
                "chart": result.metric in BROKEN_DOWN,
                "breakdown": [] if parts is None else _breakdown_rows(item, parts, locale),
            }
        )
    return rows


def as_of_text(as_of: dt.date, locale: str) -> str:
    return format_date(as_of, locale)


def plan_note(plan: Plan, as_of: dt.date, locale: str) -> str:
    """What /indicators says under its title after the plan's last day (empty before)."""
    return plan_ended_text(plan, locale) if as_of > plan.period_end else ""

"""The indicators dashboard: the same figures as /indicators and `fieldbot indicators --json`.

The figures come from the one service that computes them (models.indicators.evaluate_plan and
breakdown), the words from the chat's own (bot.ui.indicators), the charts from the chat's use
case (bot.usecases.indicators.indicator_chart); this module only puts them in the shape the
page draws, in the user's language. Call inside the request's locale (`I18n.use_locale`).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.languages import country_name, format_date, format_number, percent_text
from bot.domain.scope import Scope
from bot.indicators.plan import IndicatorDef, MetricKind, Plan, indicator
from bot.indicators.results import Breakdown, IndicatorResult
from bot.ui.indicators import BROKEN_DOWN, COUNTS, FIELDS, status_name
from models.indicators import breakdown, evaluate_plan


def figure(value: Decimal | None) -> float | None:
    """A figure as `fieldbot indicators --json` writes it."""
    return None if value is None else float(value)


def _pct(value: Decimal | float | None, locale: str) -> str:
    return "—" if value is None else percent_text(value, locale)


def _text(result: IndicatorResult, value: Decimal | None, locale: str) -> str:
    """A value or target as the metric means it (a count is a whole number)."""
    if value is None:
        return "—"
    if result.metric is MetricKind.GROWTH:
        return _pct(value, locale)
    if result.metric in COUNTS:
        return format_number(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP), locale)
    rounded = Decimal(value).quantize(Decimal("0.1")) if Decimal(value) % 1 else Decimal(value)
    return format_number(rounded, locale)


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
        if result.metric is MetricKind.SHARE:
            shares = ", ".join(
                f"{_(FIELDS.get(g, g))} {_pct(s, locale)}"
                for g, s in sorted(result.shares.items())
            )
            shown = shares or "—"
        else:
            shown = (
                f"{_text(result, result.value, locale)} / {_text(result, result.target, locale)}"
            )
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
                "shares": {k: float(v) for k, v in result.shares.items()},
                "text": shown,
                "expected_text": _text(result, result.expected, locale),
                "percent_text": (
                    "—"
                    if result.percent_of_expected is None
                    else _pct(result.percent_of_expected / 100, locale)
                ),
                "chart": result.metric in BROKEN_DOWN,
                "breakdown": [] if parts is None else _breakdown_rows(item, parts, locale),
            }
        )
    return rows


def as_of_text(as_of: dt.date, locale: str) -> str:
    return format_date(as_of, locale)

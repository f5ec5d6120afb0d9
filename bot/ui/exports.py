"""How /export reads: the periods, the formats, the file's caption."""

from __future__ import annotations

import datetime as dt

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.domain.enums import ExportFormat
from bot.domain.languages import country_name, format_date, format_number, join_items
from bot.domain.periods import Period
from bot.domain.scope import Scope


def period_name(period: Period) -> str:
    return {
        Period.THIS_MONTH: _("This month"),
        Period.LAST_MONTH: _("Last month"),
        Period.THIS_YEAR: _("This year"),
        Period.LAST_YEAR: _("Last year"),
    }[period]


def format_name(fmt: ExportFormat) -> str:
    return {
        ExportFormat.CSV: _("CSV (one table)"),
        ExportFormat.XLSX: _("Excel (a sheet per kind, and the indicators)"),
    }[fmt]


def scope_names(scope: Scope, locale: str) -> str:
    if scope.all_countries:
        return _("all countries")
    return join_items((country_name(code, locale) for code in scope.countries), locale)


def caption_text(scope: Scope, period: tuple[dt.date, dt.date], count: int, locale: str) -> str:
    start, end = period
    return ngettext(
        "Reports from {start} to {end} ({countries}): {count} report.",
        "Reports from {start} to {end} ({countries}): {count} reports.",
        count,
    ).format(
        start=format_date(start, locale),
        end=format_date(end, locale),
        countries=scope_names(scope, locale),
        count=format_number(count, locale),
    )


def preparing_text(fmt: ExportFormat, start: dt.date, end: dt.date, locale: str) -> str:
    return _("Preparing your export ({format}) of the reports from {start} to {end}…").format(
        format=fmt.value.upper(), start=format_date(start, locale), end=format_date(end, locale)
    )

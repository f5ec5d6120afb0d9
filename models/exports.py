"""Queries behind the exports: reports with their metadata, and the indicator sheet.

The indicator sheet is computed by the very code of `fieldbot indicators --json` and
/indicators (models.indicators): for each month, one grouped count of the reports (the "cube"
that evaluate_plan reads) serves every country, and each country's figures are that cube's rows
of the country run through the same per-indicator evaluation, with the same pro-rating. So the
row "ALL" of a month equals what `fieldbot indicators --json --as-of <that day>` says, and a
country's row what `--country <it>` says (a test holds both).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.scope import Scope
from bot.indicators.logic import prorate_factor
from bot.indicators.plan import REPORT_METRICS, IndicatorDef, Plan
from models import indicators as ind
from models.queries import display_names
from models.tables import Report

EXPORT_BATCH = 500
# The country of an indicator row that covers the whole scope (the organisation in the CLI).
ALL = "ALL"


@dataclass(frozen=True)
class ExportedReport:
    """One report as an export writes it (no ORM row leaves this module)."""

    id: UUID
    kind: str
    country: str
    answers: dict[str, Any]
    form_version: int
    version: int
    submitted_at: dt.datetime
    updated_at: dt.datetime
    author: str  # display name, an erased person's pseudonym, or "" (no author)
    withdrawn: bool


def scope_condition(scope: Scope) -> ColumnElement[bool] | None:
    """The WHERE clause of a scope (None: every country)."""
    if scope.all_countries:
        return None
    return Report.country.in_(scope.countries)


async def iter_reports(
    session: AsyncSession,
    *,
    scope: Scope,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: str | None = None,
    include_withdrawn: bool = False,
    batch: int = EXPORT_BATCH,
) -> AsyncIterator[list[ExportedReport]]:
    """Reports by event date then id, `batch` at a time (keyset pagination): memory does not
    grow with the number of reports. A report outside `scope` is never read."""
    if scope.is_empty:
        return
    conditions: list[ColumnElement[bool]] = []
    if (where := scope_condition(scope)) is not None:
        conditions.append(where)
    if not include_withdrawn:
        conditions.append(Report.withdrawn_at.is_(None))
    if date_from is not None:
        conditions.append(Report.event_date >= date_from)
    if date_to is not None:
        conditions.append(Report.event_date <= date_to)
    if kind is not None:
        conditions.append(Report.kind == kind)
    last: tuple[dt.date, UUID] | None = None
    while True:
        statement = select(
            Report.id,
            Report.kind,
            Report.country,
            Report.event_date,
            Report.answers,
            Report.form_version,
            Report.version,
            Report.submitted_at,
            Report.updated_at,
            Report.author_user_id,
            Report.withdrawn_at,
        ).where(*conditions)
        if last is not None:
            statement = statement.where(
                or_(
                    Report.event_date > last[0],
                    and_(Report.event_date == last[0], Report.id > last[1]),
                )
            )
        statement = statement.order_by(Report.event_date, Report.id).limit(batch)
        rows = (await session.execute(statement)).all()
        names = await display_names(session, (row.author_user_id for row in rows))
        yield [
            ExportedReport(
                id=row.id,
                kind=row.kind,
                country=row.country,
                answers=dict(row.answers or {}),
                form_version=row.form_version,
                version=row.version,
                submitted_at=row.submitted_at,
                updated_at=row.updated_at,
                author=names.get(row.author_user_id, "") if row.author_user_id else "",
                withdrawn=row.withdrawn_at is not None,
            )
            for row in rows
        ]
        if len(rows) < batch:
            return
        last = (rows[-1].event_date, rows[-1].id)


# --- The indicator sheet ------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    indicator: str
    label: str  # the plan's msgid (translated by the writer)
    country: str  # ISO code, or ALL
    month: str  # YYYY-MM
    as_of: dt.date  # the month's last day, or the export's date in its last month
    # A yearly value entered by hand: the year it is for (in January, last year's while it is
    # still awaited); None for the indicators counted from reports.
    value_year: str | None
    value: Decimal | None
    target: Decimal | None
    expected: Decimal | None
    status: str


def month_ends(start: dt.date, as_of: dt.date) -> list[dt.date]:
    """The last day of each month from `start`'s to `as_of`'s, the last one being `as_of`."""
    ends: list[dt.date] = []
    year, month = start.year, start.month
    while (year, month) < (as_of.year, as_of.month):
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        ends.append(following - dt.timedelta(days=1))
        year, month = following.year, following.month
    ends.append(as_of)
    return ends


async def _countries(
    session: AsyncSession, plan: Plan, as_of: dt.date, scope: Scope, staff: set[str]
) -> list[str]:
    """The countries that get rows: the scope's, or (everywhere) every country with a report
    in the plan period or active field staff."""
    if not scope.all_countries:
        return sorted(scope.countries)
    return sorted(await ind._active_report_countries(session, plan, as_of) | staff)


def _row(
    item: IndicatorDef, result: ind.IndicatorResult, country: str, day: dt.date
) -> IndicatorRow:
    return IndicatorRow(
        indicator=item.id,
        label=item.label,
        country=country,
        month=f"{day.year:04d}-{day.month:02d}",
        as_of=day,
        value_year=result.period,
        value=result.value,
        target=result.target,
        expected=result.expected,
        status=str(result.status),
    )


async def indicator_rows(
    session: AsyncSession, plan: Plan, *, as_of: dt.date, scope: Scope
) -> list[IndicatorRow]:
    """Each indicator × country × month, from the plan start to `as_of`: its value, target,
    expected value and status as of the month's last day (as of `as_of` in its month). After
    the plan's end: its months, then `as_of`'s alone.

    Report indicators get one row per country of `scope` and one row ALL (the whole scope:
    every country for EVERYWHERE); manual ones, which belong to no country, the row ALL only.
    """
    if scope.is_empty:
        return []
    report_items = [item for item in plan.indicators if item.metric in REPORT_METRICS]
    manual_items = [item for item in plan.indicators if item.metric not in REPORT_METRICS]
    # As evaluate_plan reads them (field staff are today's, whatever the month).
    staff = await ind._staff_countries(session)
    countries = await _countries(session, plan, as_of, scope, staff)
    manual = await ind._manual_values(session, [item.id for item in manual_items])
    whole = scope
    # After the plan's end nothing more is counted: its months, then the day asked (not a row
    # set for each month of the years after it, all alike).
    if as_of < plan.period_start:
        days = [as_of]
    else:
        days = month_ends(plan.period_start, min(as_of, plan.period_end))
        if as_of > plan.period_end:
            days.append(as_of)
    rows: list[IndicatorRow] = []
    for day in days:
        cube = (
            await ind._cube(session, plan, report_items, as_of=day, scope=whole)
            if report_items
            else []
        )
        active = await ind._active_report_countries(session, plan, day) | staff
        by_item: dict[str, list[IndicatorRow]] = {item.id: [] for item in plan.indicators}
        for country in [ALL, *countries]:
            part = whole if country == ALL else Scope((country,), all_countries=False)
            rows_of_part = (
                cube if country == ALL else [row for row in cube if row["country"] == country]
            )
            factor = Fraction(1)
            if not part.all_countries:
                factor = prorate_factor(len(active & set(part.countries)), len(active))
            for item in report_items:
                if not ind.applies_to(item, part):
                    continue  # "outside Canada" has no row for Canada
                result = ind._report_result(
                    item,
                    plan,
                    ind._counts_from_cube(item, rows_of_part),
                    as_of=day,
                    scope=part,
                    factor=factor if item.prorate else Fraction(1),
                    staff_countries=staff,
                )
                by_item[item.id].append(_row(item, result, country, day))
        for item in manual_items:
            result = ind._manual_result(
                item, plan, manual.get(item.id, {}), as_of=day, scope=whole
            )
            by_item[item.id].append(_row(item, result, ALL, day))
        for item in plan.indicators:
            rows.extend(by_item[item.id])
    return sorted(rows, key=_plan_order(plan))


def _plan_order(plan: Plan) -> Any:
    order = {item.id: index for index, item in enumerate(plan.indicators)}
    return lambda row: (order[row.indicator], row.country != ALL, row.country, row.month)


__all__: Sequence[str] = (
    "ALL",
    "ExportedReport",
    "IndicatorRow",
    "indicator_rows",
    "iter_reports",
    "month_ends",
    "scope_condition",
)

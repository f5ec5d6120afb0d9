"""Strategic-plan indicators evaluated in SQL, and the manual values entered by hand.

Counting happens in the database, in one aggregate query per evaluation: COUNT(*) of the
reports whose event date lies between the plan start and `as_of` (never after the plan end),
GROUP BY every column the plan's filters and groupings look at (kind, country, field, sector,
the flags), with bound parameters. SQLite and PostgreSQL answer it from the covering index
`ix_reports_indicators` in one pass, whatever the number of indicators; only the grouped rows
(a few hundred for real data, bounded by the combinations of values, never by the number of
reports) reach Python, where each indicator sums the rows its filters select (`_matches`,
tested against the SQL twin `_filter_conditions` that `breakdown` uses). One pass instead of
one query per indicator: 0.25 s instead of 1.2 s over a million reports (bench/indicators.py).

Rules (the pure parts live in bot.indicators.logic):

- Scope (bot.domain.scope): EVERYWHERE is every country; otherwise only reports of those countries
  count, and the result is marked `partial`. A report indicator whose country filters leave out
  every country of the scope does not apply to it (`applies_to`: Canada's sectors for Haiti),
  and a count of countries targets at most the scope's countries it may count (Haiti: 1).
- "other" is no value identified: a distinct count leaves it out (two "other" sectors).
- Pro-rating (only indicators with `prorate: true`, only for a partial scope): the target (and
  each milestone) is multiplied by  |scope ∩ active countries| / |active countries|, where the
  active countries are those with a report in the plan period up to `as_of` or with active
  field staff. With no active country at all the factor is 1.
- Count and distinct-count status: the value against the value expected by `as_of` (linear
  from 0 at the plan start, or through the milestones), with the plan's thresholds; before the
  plan start (or while nothing is expected yet) NOT_STARTED. An empty database is OFF_TRACK
  once something is expected.
  From the plan's last day on, the target is met (ON_TRACK) or missed (OFF_TRACK). A target
  of 0 (a pro-rated one where no country of the scope is active) is met from the plan start.
- Share: each group's share of the qualifying reports must reach `minimum`; NO_DATA while
  fewer than `share_min_reports` reports count. The overall status is the worst group's.
- Manual (per year): the value entered for the year of `as_of` (the last plan year after the
  plan end). Reaching the target is ON_TRACK; up to 1 July nothing entered is NO_DATA and a
  lower value AT_RISK; from 2 July nothing entered is OFF_TRACK, a lower value AT_RISK when
  at least at_risk x target, else OFF_TRACK.
- Growth (per year): the growth of the manual values (budgets) from the previous year to the
  year evaluated; inside the range ON_TRACK, growing outside it AT_RISK, not growing OFF_TRACK,
  unknown NO_DATA up to 1 July and OFF_TRACK after.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import ColumnElement, Date, Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from bot.domain.enums import AuditAction, Role
from bot.domain.scope import Scope
from bot.indicators.logic import (
    DUE_NOTICE,
    OVERDUE_FOR,
    Status,
    count_status,
    expected_value,
    growth_rate,
    growth_status,
    manual_status,
    per_month_needed,
    projection,
    prorate_factor,
    prorated,
    share_status,
)
from bot.indicators.plan import (
    REPORT_METRICS,
    Filters,
    IndicatorDef,
    MetricKind,
    Milestone,
    Plan,
    indicator,
)
from bot.indicators.results import Breakdown, IndicatorResult
from models.queries import add_audit, role_holders
from models.tables import IndicatorValue, Report
from models.upsert import dialect_name, upsert

_PERIOD_RE = re.compile(r"\d{4}")
# Worst first: the overall status of a share indicator is its worst group's.
_SEVERITY = (
    Status.OFF_TRACK,
    Status.AT_RISK,
    Status.NO_DATA,
    Status.NOT_STARTED,
    Status.ON_TRACK,
)


# --- Queries ------------------------------------------------------------------------------


def _last_day(plan: Plan, as_of: date) -> date:
    return min(as_of, plan.period_end)


def _conditions(
    item: IndicatorDef, plan: Plan, *, as_of: date, scope: Scope
) -> list[ColumnElement[bool]]:
    """The WHERE clause of a report indicator (bound parameters only)."""
    where: list[ColumnElement[bool]] = [
        Report.kind.in_(item.sources),
        Report.event_date >= plan.period_start,
        Report.event_date <= _last_day(plan, as_of),
        Report.withdrawn_at.is_(None),
    ]
    where.extend(_filter_conditions(item.filters))
    if not scope.all_countries:
        where.append(Report.country.in_(scope.countries))
    return where


def _filter_conditions(filters: Filters) -> Iterable[ColumnElement[bool]]:
    if filters.country_in is not None:
        yield Report.country.in_(filters.country_in)
    if filters.country_not_in is not None:
        yield Report.country.not_in(filters.country_not_in)
    if filters.field_in is not None:
        yield Report.field.in_(filters.field_in)
    if filters.event_kind_in is not None:
        yield Report.event_kind.in_(filters.event_kind_in)
    if filters.training_type_in is not None:
        yield Report.training_type.in_(filters.training_type_in)
    for name in ("is_decision", "is_network", "is_key_event", "contributed"):
        wanted = getattr(filters, name)
        if wanted is not None:
            # `contributed` may be NULL (not asked): it then matches neither true nor false.
            yield getattr(Report, name).is_(wanted)


def _key_column(item: IndicatorDef) -> str:
    """The column a report indicator's query groups by."""
    if item.metric is MetricKind.SHARE:
        assert item.group_by is not None
        return item.group_by
    if item.metric is MetricKind.DISTINCT_COUNT:
        assert item.distinct is not None
        return item.distinct
    return "country"


async def _grouped_counts(
    session: AsyncSession, column: str, where: Sequence[ColumnElement[bool]]
) -> dict[str | None, int]:
    key = getattr(Report, column)
    statement = select(key, func.count()).where(*where).group_by(key)
    rows = (await session.execute(statement)).all()
    return {row[0]: int(row[1]) for row in rows}


async def _grouped_distinct(
    session: AsyncSession, column: str, distinct: str, where: Sequence[ColumnElement[bool]]
) -> dict[str | None, int]:
    """How many distinct values of `distinct` each value of `column` has."""
    key, counted = getattr(Report, column), getattr(Report, distinct)
    statement = (
        select(key, func.count(counted.distinct()))
        .where(*where, counted.is_not(None))
        .group_by(key)
    )
    rows = (await session.execute(statement)).all()
    return {row[0]: int(row[1]) for row in rows}


# The grouping columns of the one query that serves a whole plan, in the order of the covering
# index ix_reports_indicators, so that SQLite groups while it walks the index (no sort).
CUBE_COLUMNS = (
    "kind",
    "country",
    "field",
    "canada_sector",
    "is_decision",
    "contributed",
    "is_network",
    "is_key_event",
    "network_key",
)
_EXTRA_COLUMNS = ("event_kind", "training_type", "target_group", "level")


def _cube_columns(items: Sequence[IndicatorDef]) -> tuple[str, ...]:
    """CUBE_COLUMNS, plus any other column an indicator filters or groups on."""
    extra: list[str] = []
    for item in items:
        used = {item.distinct, item.group_by}
        if item.filters.event_kind_in is not None:
            used.add("event_kind")
        if item.filters.training_type_in is not None:
            used.add("training_type")
        extra.extend(column for column in _EXTRA_COLUMNS if column in used)
    return CUBE_COLUMNS + tuple(dict.fromkeys(extra))


async def _cube(
    session: AsyncSession,
    plan: Plan,
    items: Sequence[IndicatorDef],
    *,
    as_of: date,
    scope: Scope,
) -> list[dict[str, Any]]:
    """Qualifying-period report counts grouped by every column the indicators look at.

    One scan of the covering index, whatever the number of indicators: each returned row is a
    combination of column values with its report count (a few hundred rows for a real plan,
    a few thousand at most), and each indicator then sums the rows its filters select.
    """
    columns = _cube_columns(items)
    keys = [getattr(Report, column) for column in columns]
    kinds = sorted({kind for item in items for kind in item.sources})
    event_date: ColumnElement[date] = Report.event_date.expression
    if dialect_name(session) == "sqlite":
        # A unary plus keeps SQLite's planner from reaching the date range through
        # ix_reports_kind_event_date (then reading the table and sorting every row): the
        # covering index, walked in GROUP BY order, is 5 to 10 times faster here.
        event_date = UnaryExpression(
            Report.event_date.expression, operator=custom_op("+"), type_=Date()
        )
    where: list[ColumnElement[bool]] = [
        Report.kind.in_(kinds),
        event_date >= plan.period_start,
        event_date <= _last_day(plan, as_of),
        Report.withdrawn_at.is_(None),
    ]
    if not scope.all_countries:
        where.append(Report.country.in_(scope.countries))
    statement = select(*keys, func.count()).where(*where).group_by(*keys)
    rows = (await session.execute(statement)).all()
    result: list[dict[str, Any]] = []
    for row in rows:
        entry = dict(zip(columns, row[:-1], strict=True))
        entry["_count"] = int(row[-1])
        result.append(entry)
    return result


def _matches(item: IndicatorDef, row: Mapping[str, Any]) -> bool:
    """The Python twin of `_filter_conditions` (tested against it): does a cube row count?"""
    if row["kind"] not in item.sources:
        return False
    filters = item.filters
    for name, column in (
        ("country_in", "country"),
        ("field_in", "field"),
        ("event_kind_in", "event_kind"),
        ("training_type_in", "training_type"),
    ):
        allowed = getattr(filters, name)
        if allowed is not None and row[column] not in allowed:
            return False
    if filters.country_not_in is not None and row["country"] in filters.country_not_in:
        return False
    for name in ("is_decision", "is_network", "is_key_event", "contributed"):
        wanted = getattr(filters, name)
        # NULL (None) matches neither true nor false, as `IS true` / `IS false` in SQL.
        if wanted is not None and (row[name] is None or bool(row[name]) is not wanted):
            return False
    return True


def _counts_from_cube(item: IndicatorDef, cube: Sequence[Mapping[str, Any]]) -> dict[Any, int]:
    column = _key_column(item)
    counts: dict[Any, int] = {}
    for row in cube:
        if _matches(item, row):
            counts[row[column]] = counts.get(row[column], 0) + row["_count"]
    return counts


async def _active_report_countries(session: AsyncSession, plan: Plan, as_of: date) -> set[str]:
    statement = (
        select(Report.country)
        .where(
            Report.event_date >= plan.period_start,
            Report.event_date <= _last_day(plan, as_of),
            Report.withdrawn_at.is_(None),
        )
        .group_by(Report.country)
    )
    return set((await session.execute(statement)).scalars())


async def _staff_countries(session: AsyncSession) -> set[str]:
    """Countries of active field staff (staff covering all countries name none)."""
    staff = await role_holders(session, Role.FIELD_STAFF, active_only=True)
    return {country for holder in staff for country in holder.scope.countries}


# An answer "other" names nothing: two of them may be two sectors, or one; neither is a
# sector identified. A distinct count leaves it out.
UNNAMED = "other"


def applies_to(item: IndicatorDef, scope: Scope) -> bool:
    """Whether an indicator says anything about `scope`: a report indicator whose country
    filters leave out every country of a partial scope (Canada's sectors for a manager of
    Haiti, "outside Canada" for one of Canada) has nothing there to count, and no target."""
    if scope.all_countries or item.metric not in REPORT_METRICS:
        return True
    return any(_allowed_country(item.filters, country) for country in scope.countries)


def _scoped_target(item: IndicatorDef, scope: Scope, target: Decimal) -> Decimal:
    """A count of countries seen in a partial scope can reach the scope's countries at most:
    for a manager of Haiti, "25 countries" is Haiti (1), not 25 they could never reach."""
    if scope.all_countries or item.metric is not MetricKind.DISTINCT_COUNT:
        return target
    if item.distinct != "country":
        return target
    reachable = sum(1 for c in set(scope.countries) if _allowed_country(item.filters, c))
    return min(target, Decimal(reachable))


def _allowed_country(filters: Filters, country: str) -> bool:
    if filters.country_in is not None and country not in filters.country_in:
        return False
    return filters.country_not_in is None or country not in filters.country_not_in


# --- Manual values ------------------------------------------------------------------------


async def set_manual_value(
    session: AsyncSession,
    indicator_id: str,
    period: str,
    value: Decimal,
    *,
    actor_user_id: int | None,
    now: datetime,
) -> None:
    """Enter (or replace) the value of `indicator_id` for `period` ("2026"); audited."""
    if not _PERIOD_RE.fullmatch(period):
        raise ValueError(f"period must be a year such as 2026, not {period!r}")
    if not value.is_finite():
        raise ValueError(f"not a number: {value!r}")
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    table: Table = IndicatorValue.__table__  # type: ignore[assignment]
    values: dict[str, Any] = {
        "indicator_id": indicator_id,
        "period": period,
        "value": value,
        "entered_by_user_id": actor_user_id,
        "entered_at": now,
    }
    statement = upsert(
        session,
        table,
        values,
        conflict=("indicator_id", "period"),
        update={
            "value": value,
            "entered_by_user_id": actor_user_id,
            "entered_at": now,
        },
    )
    await session.execute(statement)
    await add_audit(
        session,
        actor_user_id=actor_user_id,
        action=AuditAction.INDICATOR_VALUE_SET,
        target_type="indicator",
        target_id=indicator_id,
        details={"period": period, "value": str(value)},
    )


async def manual_values(session: AsyncSession, indicator_id: str) -> dict[str, Decimal]:
    """period -> value of one indicator."""
    return (await _manual_values(session, [indicator_id])).get(indicator_id, {})


async def _manual_values(
    session: AsyncSession, indicator_ids: Sequence[str]
) -> dict[str, dict[str, Decimal]]:
    if not indicator_ids:
        return {}
    statement = select(
        IndicatorValue.indicator_id, IndicatorValue.period, IndicatorValue.value
    ).where(IndicatorValue.indicator_id.in_(indicator_ids))
    found: dict[str, dict[str, Decimal]] = {}
    for ident, period, value in (await session.execute(statement)).all():
        found.setdefault(ident, {})[period] = Decimal(value)
    return found


# --- Evaluation ---------------------------------------------------------------------------


def _worst(statuses: Iterable[Status]) -> Status:
    present = set(statuses)
    for status in _SEVERITY:
        if status in present:
            return status
    return Status.NO_DATA


def _percent(value: Decimal, expected: Decimal | None) -> Decimal | None:
    if expected is None or expected <= 0:
        return None
    return value * 100 / expected


def _report_result(
    item: IndicatorDef,
    plan: Plan,
    counts: Mapping[str | None, int],
    *,
    as_of: date,
    scope: Scope,
    factor: Fraction,
    staff_countries: set[str],
) -> IndicatorResult:
    reports = sum(counts.values())
    common: dict[str, Any] = {
        "id": item.id,
        "label": item.label,
        "metric": item.metric,
        "reports": reports,
        "partial": (not scope.all_countries),
    }
    if item.metric is MetricKind.SHARE:
        assert item.minimum is not None
        shares = {
            group: (Decimal(counts.get(group, 0)) / reports if reports else Decimal(0))
            for group in item.groups
        }
        statuses = {
            group: share_status(share, item.minimum, reports, plan.share_min_reports)
            for group, share in shares.items()
        }
        overall = Status.NOT_STARTED if as_of < plan.period_start else _worst(statuses.values())
        return IndicatorResult(
            **common,
            value=min(shares.values()) if reports else None,
            target=item.minimum,
            expected=None,
            status=overall,
            percent_of_expected=None,
            projection=None,
            per_month_needed=None,
            shares=shares,
            share_statuses=statuses,
        )

    if item.metric is MetricKind.DISTINCT_COUNT:
        present = {
            key for key, count in counts.items() if key not in (None, UNNAMED) and count > 0
        }
        value = Decimal(len(present))
    else:
        present = set()
        value = Decimal(reports)
    assert item.target is not None
    target = _scoped_target(item, scope, prorated(item.target, factor))
    milestones = tuple(
        Milestone(m.date, min(prorated(m.value, factor), target)) for m in item.milestones
    )
    start, end = plan.period_start, plan.period_end
    expected = expected_value(target, start, end, as_of, milestones)
    missing: tuple[str, ...] = ()
    if item.metric is MetricKind.DISTINCT_COUNT and item.distinct == "country":
        candidates = {c for c in staff_countries if _allowed_country(item.filters, c)}
        if not scope.all_countries:
            candidates &= set(scope.countries)
        missing = tuple(sorted(candidates - present))
    started = as_of >= start
    # On the plan's last day and after, the target is met or missed: no tolerance is left.
    status = count_status(
        value, target, expected, plan.thresholds, as_of=as_of, start=start, end=end
    )
    return IndicatorResult(
        **common,
        value=value,
        target=target,
        expected=expected,
        status=status,
        percent_of_expected=_percent(value, expected),
        # Nothing to project before the plan starts, nor once its last day has gone by.
        projection=projection(value, start, as_of, end) if started and as_of <= end else None,
        per_month_needed=per_month_needed(value, target, as_of, end) if as_of <= end else None,
        missing_countries=missing,
    )


def evaluated_year(
    item: IndicatorDef, plan: Plan, values: Mapping[str, Decimal], day: date
) -> int:
    """The year a yearly indicator is about on `day`: this year, unless last year's value is
    still missing, for OVERDUE_FOR after its due date (and this year's not in, nor due soon).
    A value due on 15 December and not entered does not vanish from the digest on 1 January;
    a year the bot never saw (a plan year before it was used) is not asked for all year."""
    previous = day.year - 1
    due, last_due = item.due_date(day.year), item.due_date(previous)
    if due is None or last_due is None or previous < plan.period_start.year:
        return day.year
    if day >= due - DUE_NOTICE or day > last_due + OVERDUE_FOR:
        return day.year
    if values.get(str(day.year)) is not None:  # this year's is in already
        return day.year
    return previous if values.get(str(previous)) is None else day.year


def _manual_result(
    item: IndicatorDef,
    plan: Plan,
    values: Mapping[str, Decimal],
    *,
    as_of: date,
    scope: Scope,
) -> IndicatorResult:
    day = _last_day(plan, as_of)
    evaluated = evaluated_year(item, plan, values, day)
    year, due = str(evaluated), item.due_date(evaluated)
    # The plan's last year is about the plan's last day, but a due date passes on the real
    # calendar: 2029's value due on 31 December 2029 is late in 2030, not due soon for ever.
    if due is not None:
        day = as_of
    common: dict[str, Any] = {
        "id": item.id,
        "label": item.label,
        "metric": item.metric,
        "partial": (not scope.all_countries),
        "period": year,
        "projection": None,
        "per_month_needed": None,
        "expected": None,
    }
    if item.metric is MetricKind.GROWTH:
        assert item.range is not None
        rate = growth_rate(values.get(str(evaluated - 1)), values.get(year))
        status = growth_status(rate, item.range, day, due)
        if as_of < plan.period_start:
            status = Status.NOT_STARTED
        return IndicatorResult(
            **common,
            value=rate,
            target=item.range[0],
            target_high=item.range[1],
            status=status,
            percent_of_expected=None,
        )
    assert item.target is not None
    value = values.get(year)
    status = manual_status(value, item.target, day, plan.thresholds, due)
    if as_of < plan.period_start:
        status = Status.NOT_STARTED
    return IndicatorResult(
        **common,
        value=value,
        target=item.target,
        status=status,
        percent_of_expected=(_percent(value, item.target) if value is not None else None),
    )


async def _evaluate(
    session: AsyncSession, plan: Plan, items: Sequence[IndicatorDef], *, as_of: date, scope: Scope
) -> list[IndicatorResult]:
    report_items = [item for item in items if item.metric in REPORT_METRICS]
    manual_items = [item for item in items if item.metric not in REPORT_METRICS]

    needs_staff = any(
        item.metric is MetricKind.DISTINCT_COUNT and item.distinct == "country"
        for item in report_items
    )
    needs_factor = (not scope.all_countries) and any(item.prorate for item in report_items)
    staff = await _staff_countries(session) if needs_staff or needs_factor else set()
    factor = Fraction(1)
    if needs_factor and not scope.all_countries:
        active = await _active_report_countries(session, plan, as_of) | staff
        factor = prorate_factor(len(active & set(scope.countries)), len(active))

    cube = (
        await _cube(session, plan, report_items, as_of=as_of, scope=scope) if report_items else []
    )
    values = await _manual_values(session, [item.id for item in manual_items])
    results: list[IndicatorResult] = []
    for item in items:
        if item.metric in REPORT_METRICS:
            results.append(
                _report_result(
                    item,
                    plan,
                    _counts_from_cube(item, cube),
                    as_of=as_of,
                    scope=scope,
                    factor=factor if item.prorate else Fraction(1),
                    staff_countries=staff,
                )
            )
        else:
            results.append(
                _manual_result(item, plan, values.get(item.id, {}), as_of=as_of, scope=scope)
            )
    return results


async def evaluate_plan(
    session: AsyncSession, plan: Plan, *, as_of: date, scope: Scope
) -> list[IndicatorResult]:
    """Every indicator of `plan` that applies to `scope` (`applies_to`), on `as_of`, in plan
    order."""
    items = [item for item in plan.indicators if applies_to(item, scope)]
    return await _evaluate(session, plan, items, as_of=as_of, scope=scope)


async def evaluate_indicator(
    session: AsyncSession, plan: Plan, indicator_id: str, *, as_of: date, scope: Scope
) -> IndicatorResult:
    """One indicator of `plan` on `as_of` (KeyError for an unknown id)."""
    item = indicator(plan, indicator_id)
    (result,) = await _evaluate(session, plan, [item], as_of=as_of, scope=scope)
    return result


def _months(start: date, end: date) -> list[str]:
    months: list[str] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


async def breakdown(
    session: AsyncSession, plan: Plan, indicator_id: str, *, as_of: date, scope: Scope
) -> Breakdown:
    """The value by country and by field, and month by month, in the indicator's unit.

    count and share: qualifying reports. distinct_count: distinct values, so that "Countries
    reached" is split into countries (one each, listed in `reached`), never into trainings.
    """
    item = indicator(plan, indicator_id)
    if item.metric not in REPORT_METRICS:
        raise ValueError(f"indicator {item.id} is {item.metric}: it has no report breakdown")
    where = _conditions(item, plan, as_of=as_of, scope=scope)
    reached: tuple[str, ...] = ()
    if item.metric is MetricKind.DISTINCT_COUNT:
        column = _key_column(item)
        where.append(getattr(Report, column) != UNNAMED)  # as _report_result counts them
        by_country = await _grouped_distinct(session, "country", column, where)
        by_field = await _grouped_distinct(session, "field", column, where)
        values = (await _grouped_counts(session, column, where)).keys()
        reached = tuple(sorted(str(value) for value in values if value is not None))
    else:
        by_country = await _grouped_counts(session, "country", where)
        by_field = await _grouped_counts(session, "field", where)

    # Per day (at most a few thousand rows over a plan), bucketed into months here: month
    # arithmetic differs between SQLite and PostgreSQL, days do not.
    if item.metric is MetricKind.DISTINCT_COUNT:
        # The month each value first qualified.
        key = getattr(Report, _key_column(item))
        first = (
            select(key, func.min(Report.event_date).label("first_day"))
            .where(*where, key.is_not(None))
            .group_by(key)
            .subquery()
        )
        statement = select(first.c.first_day, func.count()).group_by(first.c.first_day)
    else:
        statement = (
            select(Report.event_date, func.count()).where(*where).group_by(Report.event_date)
        )
    per_month: dict[str, int] = {}
    for day, count in (await session.execute(statement)).all():
        month = f"{day.year:04d}-{day.month:02d}"
        per_month[month] = per_month.get(month, 0) + int(count)

    monthly: list[tuple[str, int]] = []
    total = 0
    last = _last_day(plan, as_of)
    if last >= plan.period_start:
        for month in _months(plan.period_start, last):
            total += per_month.get(month, 0)
            monthly.append((month, total))
    return Breakdown(
        by_country={str(k): v for k, v in sorted(by_country.items()) if k is not None},
        by_field={str(k): v for k, v in sorted(by_field.items()) if k is not None},
        monthly=monthly,
        reached=reached,
    )


__all__ = [
    "Breakdown",
    "IndicatorResult",
    "breakdown",
    "evaluate_indicator",
    "evaluate_plan",
    "manual_values",
    "set_manual_value",
]

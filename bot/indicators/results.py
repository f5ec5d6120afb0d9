"""What evaluating an indicator gives: its value against the plan, and the value split up."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from bot.indicators.logic import (
    Status,
)
from bot.indicators.plan import (
    MetricKind,
)


@dataclass(frozen=True)
class IndicatorResult:
    id: str
    label: str
    metric: MetricKind
    value: Decimal | None
    target: Decimal | None
    expected: Decimal | None
    status: Status
    percent_of_expected: Decimal | None
    projection: Decimal | None
    per_month_needed: Decimal | None
    # Distinct-country indicators: countries with active field staff (in scope, allowed by the
    # indicator's country filters) and no qualifying report yet.
    missing_countries: tuple[str, ...] = ()
    # Share indicators: group -> share (0..1) and group -> status.
    shares: Mapping[str, Decimal] = field(default_factory=dict)
    share_statuses: Mapping[str, Status] = field(default_factory=dict)
    # Reports counted (report metrics).
    reports: int = 0
    partial: bool = False
    # Manual and growth indicators: the year evaluated.
    period: str | None = None
    # Growth indicators: the top of the range (`target` is its bottom).
    target_high: Decimal | None = None


@dataclass(frozen=True)
class Breakdown:
    """An indicator's value split up, always in the indicator's own unit: reports for count
    and share, distinct values (countries, sectors, ...) for distinct_count."""

    by_country: Mapping[str, int]
    by_field: Mapping[str, int]
    # ("YYYY-MM", cumulative value at the end of that month) from the plan start to as_of.
    monthly: Sequence[tuple[str, int]]
    # distinct_count: the values reached (e.g. the countries), sorted; empty otherwise.
    reached: tuple[str, ...] = ()

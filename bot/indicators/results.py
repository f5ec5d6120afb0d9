"""What evaluating an indicator gives: its value against the plan, and the value split up."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

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


def expected_shown(expected: Decimal) -> Decimal:
    """The value expected by now of a count, as every screen shows it: whole when it is, else
    to three significant figures, rounded up (1.15 countries, 14.4 trainings for 14.31, 144
    for 143.2). Never rounded to a whole number: 1.15 read as 1 looked reached next to a
    value of 1 "at risk", and read as 2 contradicted a value of 2 "174 % of expected"; to
    three figures the value divided by it is the percentage shown, within a percent."""
    value = Decimal(expected)
    if value == value.to_integral_value() or not value.is_finite() or value <= 0:
        return value
    places = max(0, 2 - value.adjusted())
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_CEILING).normalize()

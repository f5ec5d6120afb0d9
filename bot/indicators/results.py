"""What evaluating an indicator gives: its value against the plan, and the value split up."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

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


def without_trailing_zeros(value: Decimal) -> Decimal:
    """Without trailing zeros (PostgreSQL gives 2.0000 back for 2), every other decimal kept."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def outside_stays_outside(result: IndicatorResult, value: Decimal | None) -> Decimal | None:
    """A growth outside its range, rounded away from it to the hundredth of a percent shown:
    20.004 % is above 10-20 % (at risk) and read "20 % / 10 %–20 %", 9.9996 % read "10 %"."""
    low, high = result.target, result.target_high
    if value is None or low is None or high is None or low <= value <= high:
        return value
    return Decimal(value).quantize(
        Decimal("0.0001"), rounding=ROUND_CEILING if value > high else ROUND_FLOOR
    )


def growth_shown(result: IndicatorResult) -> Decimal | None:
    """A growth rate as it reads, to a hundredth of a percent (`outside_stays_outside`)."""
    value = outside_stays_outside(result, result.value)
    return None if value is None else Decimal(value).quantize(Decimal("0.0001"))


# The least growth rate shown, a hundredth of a percent: a rate nearer 0 but not 0 reads
# "<0.01 %" (`growth_below_least`).
LEAST_GROWTH = Decimal("0.0001")


def growth_below_least(value: Decimal | None, shown: Decimal | None) -> bool:
    """A growth rate that is not 0 and yet reads 0 to a hundredth of a percent: 0.0004 %
    (below 10-20 %, at risk) read "0 %", as if the budget had not grown."""
    return value is not None and shown is not None and value != 0 and shown == 0

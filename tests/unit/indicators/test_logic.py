"""Indicator arithmetic and status rules, against hand-computed values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from bot.indicators.logic import (
    Status,
    count_status,
    expected_value,
    final_status,
    growth_rate,
    growth_status,
    manual_status,
    months_left,
    per_month_needed,
    projection,
    prorate_factor,
    prorated,
    share_status,
    status_for,
    valid_manual_value,
    year_more_than_half_over,
)
from bot.indicators.plan import Milestone, Thresholds

T = Thresholds(on_track=0.9, at_risk=0.7)
# A 100-day plan: 2025-01-01 .. 2025-04-11.
START, END = date(2025, 1, 1), date(2025, 4, 11)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2024, 12, 31), D(0)),  # before the start
        (date(2025, 1, 1), D(0)),  # the first day
        (date(2025, 1, 26), D(25)),  # 25 of 100 days x 100
        (date(2025, 2, 20), D(50)),
        (date(2025, 4, 11), D(100)),  # the last day
        (date(2026, 1, 1), D(100)),  # after the end
    ],
)
def test_expected_value_is_linear_from_zero_to_the_target(as_of: date, expected: D) -> None:
    assert expected_value(D(100), START, END, as_of) == expected


def test_expected_value_goes_through_the_milestones() -> None:
    # 0 on 1 Jan -> 80 on 21 Jan (20 days) -> 100 on 11 Apr (80 days).
    milestones = (Milestone(date(2025, 1, 21), D(80)),)
    assert expected_value(D(100), START, END, date(2025, 1, 6), milestones) == D(20)
    assert expected_value(D(100), START, END, date(2025, 1, 21), milestones) == D(80)
    assert expected_value(D(100), START, END, date(2025, 2, 10), milestones) == D(85)
    assert expected_value(D(100), START, END, date(2025, 5, 1), milestones) == D(100)


@pytest.mark.parametrize(
    ("value", "expected", "status"),
    [
        (D(90), D(100), Status.ON_TRACK),  # exactly 90 %
        (D("89.99"), D(100), Status.AT_RISK),
        (D(9), D(10), Status.ON_TRACK),  # exactly 90 % of a small number
        (D(70), D(100), Status.AT_RISK),  # exactly 70 %
        (D(7), D(10), Status.AT_RISK),
        (D("69.99"), D(100), Status.OFF_TRACK),
        (D(0), D(100), Status.OFF_TRACK),  # an empty database, once something is expected
        (D(150), D(100), Status.ON_TRACK),
        (D(0), D(0), Status.NOT_STARTED),  # nothing expected yet (plan start)
        (D(3), D(0), Status.NOT_STARTED),
    ],
)
def test_status_for_boundaries(value: D, expected: D, status: Status) -> None:
    assert status_for(value, expected, T) is status


def test_status_for_uses_the_plans_thresholds() -> None:
    strict = Thresholds(on_track=1.0, at_risk=0.5)
    assert status_for(D(99), D(100), strict) is Status.AT_RISK
    assert status_for(D(50), D(100), strict) is Status.AT_RISK
    assert status_for(D(49), D(100), strict) is Status.OFF_TRACK


@pytest.mark.parametrize(
    ("share", "reports", "status"),
    [
        (D("0.25"), 10, Status.ON_TRACK),  # exactly the minimum
        (D("0.2499"), 10, Status.OFF_TRACK),
        (D("0.6"), 12, Status.ON_TRACK),
        (D(0), 9, Status.NO_DATA),  # too few reports to judge
        (D(0), 0, Status.NO_DATA),  # empty database
        (D(1), 1, Status.NO_DATA),  # a single report
    ],
)
def test_share_status(share: D, reports: int, status: Status) -> None:
    assert share_status(share, D("0.25"), reports, 10) is status


def test_projection_extrapolates_the_pace() -> None:
    # 10 in the first 10 days of a 100-day plan: 100 at the end.
    assert projection(D(10), START, date(2025, 1, 11), END) == D(100)
    assert projection(D(1), START, date(2025, 2, 20), END) == D(2)  # a single report
    assert projection(D(7), START, END, END) == D(7)  # at the end: the value
    assert projection(D(7), START, date(2026, 1, 1), END) == D(7)  # after the end
    assert projection(D(0), START, date(2024, 12, 1), END) == D(0)  # before the start


def test_per_month_needed_spreads_the_gap_over_the_months_left() -> None:
    assert months_left(date(2025, 1, 15), date(2029, 12, 31)) == 60
    assert per_month_needed(D(10), D(50), date(2025, 1, 15), date(2029, 12, 31)) == D(40) / 60
    assert per_month_needed(D(0), D(3), date(2025, 2, 20), END) == D(1)  # Feb, Mar, Apr
    assert per_month_needed(D(50), D(50), date(2025, 6, 1), END) == D(0)
    assert per_month_needed(D(60), D(50), date(2025, 6, 1), END) == D(0)
    # After the end, the whole gap in one month.
    assert per_month_needed(D(1), D(5), date(2026, 1, 1), END) == D(4)


def test_growth_rate() -> None:
    assert growth_rate(D(100_000), D(115_000)) == D("0.15")
    assert growth_rate(D(100), D(90)) == D("-0.1")
    assert growth_rate(None, D(1)) is None
    assert growth_rate(D(1), None) is None
    assert growth_rate(D(0), D(1)) is None


@pytest.mark.parametrize(
    ("day", "over"),
    [
        (date(2025, 7, 1), False),  # day 182 of 365
        (date(2025, 7, 2), True),  # day 183 of 365
        (date(2024, 7, 1), False),  # day 183 of 366: exactly half
        (date(2024, 7, 2), True),
        (date(2025, 12, 31), True),
        (date(2025, 1, 1), False),
    ],
)
def test_year_more_than_half_over(day: date, over: bool) -> None:
    assert year_more_than_half_over(day) is over


@pytest.mark.parametrize(
    ("value", "target", "day", "status"),
    [
        (D(1), D(1), date(2025, 3, 1), Status.ON_TRACK),  # done
        (None, D(1), date(2025, 7, 1), Status.NO_DATA),  # not due yet
        (None, D(1), date(2025, 7, 2), Status.OFF_TRACK),  # year more than half over
        (D(1), D(2), date(2025, 3, 1), Status.AT_RISK),  # started, not reached
        (D(1), D(2), date(2025, 9, 1), Status.OFF_TRACK),  # 50 % < 70 %
        (D(7), D(10), date(2025, 9, 1), Status.AT_RISK),  # exactly 70 %
        (D(0), D(1), date(2025, 12, 31), Status.OFF_TRACK),
        (D(3), D(2), date(2025, 12, 31), Status.ON_TRACK),
    ],
)
def test_manual_status(value: D | None, target: D, day: date, status: Status) -> None:
    assert manual_status(value, target, day, T) is status


@pytest.mark.parametrize(
    ("rate", "day", "status"),
    [
        (D("0.10"), date(2025, 3, 1), Status.ON_TRACK),  # the low bound is inside
        (D("0.20"), date(2025, 3, 1), Status.ON_TRACK),  # the high bound too
        (D("0.15"), date(2025, 9, 1), Status.ON_TRACK),
        (D("0.0999"), date(2025, 3, 1), Status.AT_RISK),
        (D("0.25"), date(2025, 3, 1), Status.AT_RISK),
        (D(0), date(2025, 3, 1), Status.OFF_TRACK),
        (D("-0.1"), date(2025, 3, 1), Status.OFF_TRACK),
        (None, date(2025, 3, 1), Status.NO_DATA),
        (None, date(2025, 9, 1), Status.OFF_TRACK),
    ],
)
def test_growth_status(rate: D | None, day: date, status: Status) -> None:
    assert growth_status(rate, (D("0.10"), D("0.20")), day) is status


def test_prorate_factor() -> None:
    assert prorate_factor(1, 4) == D("0.25")
    assert prorate_factor(4, 4) == D(1)
    assert prorate_factor(5, 4) == D(1)
    assert prorate_factor(0, 4) == D(0)
    assert prorate_factor(0, 0) == D(1)


def test_a_prorated_target_is_multiplied_before_it_is_divided() -> None:
    # 30 x 1/6 and 21 x 3/7 are whole: a factor rounded to 28 digits made them
    # 5.000000000000000000000000001 and 9.000000000000000000000000001.
    assert prorated(D(30), prorate_factor(1, 6)) == D(5)
    assert prorated(D(21), prorate_factor(3, 7)) == D(9)
    assert prorated(D(50), prorate_factor(2, 7)) == D(100) / D(7)
    assert prorated(D("12.5"), prorate_factor(4, 4)) == D("12.5")


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("0", True),
        ("2", True),
        ("1250000.5", True),
        ("99999999999.9999", True),  # 11 digits before the decimal point, 4 after it
        ("12345678901.2345", True),
        ("2.50000", True),  # 2.5
        ("100000000000", False),
        ("1e15", False),  # overflowed PostgreSQL's NUMERIC(18, 4)
        ("123456789012345.6", False),  # SQLite's REAL gave back 123456789012345.5938
        ("0.00001", False),  # PostgreSQL stored 0
        ("-1", False),
        ("1e16", False),
        ("NaN", False),
        ("Infinity", False),
        ("-0", True),
    ],
)
def test_a_manual_value_is_a_finite_number_from_zero(text: str, valid: bool) -> None:
    assert valid_manual_value(D(text)) is valid


def test_a_whole_count_is_judged_once_one_is_expected() -> None:
    """A plan's first week expects 0.1 training: none yet is not off track; one is on track;
    once one is expected, none is off track."""
    assert status_for(D(0), D("0.1"), T, whole=True) is Status.NOT_STARTED
    assert status_for(D(1), D("0.1"), T, whole=True) is Status.ON_TRACK
    assert status_for(D(0), D(1), T, whole=True) is Status.OFF_TRACK
    assert status_for(D(0), D("0.1"), T) is Status.OFF_TRACK  # a sum may be judged sooner


@pytest.mark.parametrize(
    ("value", "day", "status"),
    [
        (None, date(2026, 7, 2), Status.NO_DATA),  # due 15 December: not late in July
        (None, date(2026, 11, 17), Status.AT_RISK),  # within four weeks: due soon
        (None, date(2026, 12, 15), Status.AT_RISK),  # the day itself
        (None, date(2026, 12, 16), Status.OFF_TRACK),  # late
        (D(1), date(2026, 12, 16), Status.OFF_TRACK),  # 50 % < 70 %, late
        (D(2), date(2026, 3, 1), Status.ON_TRACK),
    ],
)
def test_a_yearly_value_is_judged_against_its_due_date(
    value: D | None, day: date, status: Status
) -> None:
    assert manual_status(value, D(2), day, T, date(2026, 12, 15)) is status


def test_a_growth_is_late_once_its_due_date_has_passed() -> None:
    bounds = (D("0.1"), D("0.2"))
    assert growth_status(None, bounds, date(2026, 2, 1), date(2026, 3, 31)) is Status.NO_DATA
    assert growth_status(None, bounds, date(2026, 3, 10), date(2026, 3, 31)) is Status.AT_RISK
    assert growth_status(None, bounds, date(2026, 4, 1), date(2026, 3, 31)) is Status.OFF_TRACK


def test_a_count_is_met_or_missed_once_the_plan_has_ended() -> None:
    assert final_status(D(50), D(50)) is Status.ON_TRACK
    assert final_status(D(51), D(50)) is Status.ON_TRACK
    assert final_status(D(45), D(50)) is Status.OFF_TRACK  # 90 %: on track on the way only
    assert final_status(D(0), D(0)) is Status.ON_TRACK  # nothing asked: met


def test_a_zero_target_is_met_from_the_plan_start_not_left_not_started() -> None:
    """A pro-rated target of 0 (no active country in the scope) read "not started" for ever,
    even after the plan's end, and with trainings done: met is what it is, once the plan has
    begun; a small target's first weeks (nothing expected yet) stay not started."""
    start, end = date(2026, 1, 1), date(2026, 12, 31)

    def status(value: D, target: D, expected: D, day: date) -> Status:
        return count_status(value, target, expected, T, as_of=day, start=start, end=end)

    assert status(D(0), D(0), D(0), date(2025, 12, 31)) is Status.NOT_STARTED
    assert status(D(0), D(0), D(0), date(2026, 6, 1)) is Status.ON_TRACK
    assert status(D(3), D(0), D(0), date(2026, 6, 1)) is Status.ON_TRACK  # beyond it
    assert status(D(0), D(0), D(0), date(2027, 3, 1)) is Status.ON_TRACK  # after the end
    assert status(D(0), D("0.3"), D("0.1"), date(2026, 4, 1)) is Status.NOT_STARTED
    assert status(D(0), D("0.3"), D("0.3"), date(2026, 12, 31)) is Status.OFF_TRACK
    assert status(D(0), D(10), D(5), date(2026, 7, 2)) is Status.OFF_TRACK

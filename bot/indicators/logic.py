"""Indicator arithmetic and status rules (pure: no I/O, every date is passed in).

All quantities are Decimals and nothing is rounded here: the renderer rounds for display, and
status boundaries (exactly 90 %, exactly 70 %) are compared exactly.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from bot.indicators.plan import Milestone, Thresholds

ZERO = Decimal(0)
# A manual indicator's value (a count, a sum of money, 1 for a yearly report done) has at most
# so many digits before the decimal point and after it: what both databases keep exactly.
# SQLite stores it as a REAL (15 significant digits: 123456789012345.6 came back as
# 123456789012345.5938), PostgreSQL as NUMERIC(18, 4) (1e15 overflowed it, 0.00001 became 0).
# The chat and the CLI check the same rule.
MANUAL_WHOLE_DIGITS = 11
MANUAL_DECIMALS = 4
MAX_MANUAL_VALUE = Decimal(10) ** MANUAL_WHOLE_DIGITS - Decimal(10) ** -MANUAL_DECIMALS


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    # Before the plan starts, or nothing is expected yet.
    NOT_STARTED = "not_started"
    # Too little to judge (a share over too few reports, a manual value not due yet).
    NO_DATA = "no_data"


def _dec(value: float | Decimal) -> Decimal:
    # Through str: 0.9 stays 0.9 (Decimal(0.9) would be 0.90000000000000002220...).
    return value if isinstance(value, Decimal) else Decimal(str(value))


def expected_value(
    target: Decimal,
    start: date,
    end: date,
    as_of: date,
    milestones: Sequence[Milestone] = (),
) -> Decimal:
    """The value expected by `as_of`: 0 at `start`, `target` at `end`, linear in days between.

    With milestones, the line goes through each (date, value) in turn (piecewise linear).
    Before `start` it is 0; at and after `end` it is the target.
    """
    if as_of <= start:
        return ZERO
    if as_of >= end:
        return target
    points = [(start, ZERO), *((m.date, m.value) for m in milestones), (end, target)]
    for (left_day, left_value), (right_day, right_value) in itertools.pairwise(points):
        if left_day <= as_of <= right_day:
            span = Decimal((right_day - left_day).days)
            done = Decimal((as_of - left_day).days)
            return left_value + (right_value - left_value) * done / span
    return target  # unreachable with milestones inside (start, end), kept for safety


def status_for(
    value: Decimal, expected: Decimal, thresholds: Thresholds, *, whole: bool = False
) -> Status:
    """On track at >= on_track x expected, at risk at >= at_risk x expected, else off track.

    Nothing expected yet (expected <= 0) is NOT_STARTED, whatever the value. A `whole` count
    (reports, countries) with none yet is NOT_STARTED until at least one is expected: in a
    plan's first week 0.1 training is expected, and none is not "off track".
    """
    if expected <= 0 or (whole and expected < 1 and value == 0):
        return Status.NOT_STARTED
    if value >= _dec(thresholds.on_track) * expected:
        return Status.ON_TRACK
    if value >= _dec(thresholds.at_risk) * expected:
        return Status.AT_RISK
    return Status.OFF_TRACK


def final_status(value: Decimal, target: Decimal) -> Status:
    """A count judged once its plan has ended (or on its last day): the target met, or not.
    The pace's tolerance (90 % of the expected value is on track) was for the way there. A
    target of 0 is met (whatever was done beyond it)."""
    return Status.ON_TRACK if value >= target else Status.OFF_TRACK


def count_status(
    value: Decimal,
    target: Decimal,
    expected: Decimal,
    thresholds: Thresholds,
    *,
    as_of: date,
    start: date,
    end: date,
) -> Status:
    """A count's status on `as_of`: NOT_STARTED before the plan starts; then a target of 0
    (nothing asked of this scope: a pro-rated target where no country is active) is met,
    ON_TRACK, as DHIS2 and TolaActivity leave its percentage out (none of 0) but never call it
    not started; otherwise the pace (`status_for`, a whole count not judged before one is
    expected), and from the plan's last day the target met or missed (`final_status`)."""
    if as_of < start:
        return Status.NOT_STARTED
    if target <= 0:
        return Status.ON_TRACK
    if as_of >= end:
        return final_status(value, target)
    return status_for(value, expected, thresholds, whole=True)


def share_status(share: Decimal, minimum: Decimal, reports: int, min_reports: int) -> Status:
    """NO_DATA below `min_reports` reports; then on track at >= minimum, else off track."""
    if reports < min_reports:
        return Status.NO_DATA
    return Status.ON_TRACK if share >= minimum else Status.OFF_TRACK


def projection(value: Decimal, start: date, as_of: date, end: date) -> Decimal:
    """The value at `end` if the pace so far continues: value / elapsed days x total days.

    At or after `end` it is the value itself; on or before `start` (no pace yet) too.
    """
    if as_of >= end or as_of <= start:
        return value
    return value * Decimal((end - start).days) / Decimal((as_of - start).days)


def months_left(as_of: date, end: date) -> int:
    """Calendar months from `as_of` to `end`, both months included; at least 1."""
    return max(1, (end.year - as_of.year) * 12 + end.month - as_of.month + 1)


def per_month_needed(value: Decimal, target: Decimal, as_of: date, end: date) -> Decimal:
    """What it would take each month to reach `target` by `end` (0 once reached).

    remaining / months left, counting the current month (`months_left`).
    """
    remaining = target - value
    if remaining <= 0:
        return ZERO
    return remaining / Decimal(months_left(as_of, end))


def growth_rate(previous: Decimal | None, current: Decimal | None) -> Decimal | None:
    """(current - previous) / previous; None when either is unknown or previous is not > 0."""
    if previous is None or current is None or previous <= 0:
        return None
    return (current - previous) / previous


def year_more_than_half_over(as_of: date) -> bool:
    """True from the day after the middle of the year (2 July; 2 July in leap years too)."""
    days = 366 if calendar.isleap(as_of.year) else 365
    day_of_year = as_of.timetuple().tm_yday
    return 2 * day_of_year > days


# A yearly value is "due soon" from this long before its due date (the digest lists it then),
# and a year's value still missing is asked for this long after it (models.indicators).
DUE_NOTICE = timedelta(weeks=4)
OVERDUE_FOR = timedelta(weeks=13)


def _overdue(as_of: date, due: date | None) -> bool:
    """Past the due date; without one, past the middle of the year."""
    return as_of > due if due is not None else year_more_than_half_over(as_of)


def _due_soon(as_of: date, due: date | None) -> bool:
    return due is not None and due - DUE_NOTICE <= as_of <= due


def manual_status(
    value: Decimal | None,
    target: Decimal,
    as_of: date,
    thresholds: Thresholds,
    due: date | None = None,
) -> Status:
    """Status of a value entered once a year (`as_of` is the day evaluated; `due` the day the
    year's value is due, None: the middle of the year counts).

    - the value reaches the target: ON_TRACK;
    - before it is due: nothing entered is NO_DATA (not due yet), or AT_RISK in the weeks
      before the due date (DUE_NOTICE: due soon); a value below the target is AT_RISK;
    - overdue: nothing entered is OFF_TRACK; a value below the target is AT_RISK when
      >= at_risk x target, else OFF_TRACK.
    """
    if value is not None and value >= target:
        return Status.ON_TRACK
    if not _overdue(as_of, due):
        if value is None and not _due_soon(as_of, due):
            return Status.NO_DATA
        return Status.AT_RISK
    if value is None:
        return Status.OFF_TRACK
    return Status.AT_RISK if value >= _dec(thresholds.at_risk) * target else Status.OFF_TRACK


def growth_status(
    rate: Decimal | None, bounds: tuple[Decimal, Decimal], as_of: date, due: date | None = None
) -> Status:
    """Status of a yearly growth rate that must stay inside `bounds` (both included).

    - inside: ON_TRACK; growing but outside (0 < rate < low, or rate > high): AT_RISK;
      not growing (rate <= 0): OFF_TRACK;
    - unknown (a year's value missing): NO_DATA before it is due (AT_RISK when due soon),
      OFF_TRACK once overdue.
    """
    low, high = bounds
    if rate is None:
        if _overdue(as_of, due):
            return Status.OFF_TRACK
        return Status.AT_RISK if _due_soon(as_of, due) else Status.NO_DATA
    if low <= rate <= high:
        return Status.ON_TRACK
    return Status.AT_RISK if rate > 0 else Status.OFF_TRACK


def prorate_factor(scope_countries: int, all_countries: int) -> Fraction:
    """The share of the target a partial scope carries: scope / all countries, at most 1; a
    fraction, exact (`prorated`)."""
    if all_countries <= 0:
        return Fraction(1)
    return min(Fraction(1), Fraction(scope_countries, all_countries))


def prorated(value: Decimal, factor: Fraction) -> Decimal:
    """`value` x `factor`, multiplied before divided: 30 x 1/6 is 5, where 30 x 0.1666...7
    (the factor as a Decimal) was 5.000000000000000000000000001, which 5 trainings did not
    meet at the plan's end and which read 6, rounded up."""
    return value * factor.numerator / factor.denominator


def manual_value_kept_exactly(value: Decimal) -> bool:
    """At most MANUAL_WHOLE_DIGITS digits before the decimal point and MANUAL_DECIMALS after
    it (2.50000 is 2.5): stored and read back exactly on SQLite and PostgreSQL alike."""
    if not value.is_finite() or abs(value) > MAX_MANUAL_VALUE:
        return False
    return value == value.quantize(Decimal(1).scaleb(-MANUAL_DECIMALS))


def valid_manual_value(value: Decimal) -> bool:
    """A manual indicator's value: a number from 0, kept exactly (`manual_value_kept_exactly`)."""
    return value.is_finite() and value >= ZERO and manual_value_kept_exactly(value)

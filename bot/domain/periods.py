"""Calendar periods a person picks for an export, in their own time zone (pure)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Period(StrEnum):
    """A period offered by /export. Values travel in callback data: keep them short."""

    THIS_MONTH = "tm"
    LAST_MONTH = "lm"
    THIS_YEAR = "ty"
    LAST_YEAR = "ly"


def period_range(period: Period, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of `period`, for someone whose today is `today`.

    "This month" and "this year" end on their last day, not today: a report is dated by its
    event, and an event planned later this month belongs to this month's export too.
    """
    if period is Period.THIS_MONTH:
        return _month(today.year, today.month)
    if period is Period.LAST_MONTH:
        first = today.replace(day=1) - dt.timedelta(days=1)
        return _month(first.year, first.month)
    year = today.year if period is Period.THIS_YEAR else today.year - 1
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), following - dt.timedelta(days=1)

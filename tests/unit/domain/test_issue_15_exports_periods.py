"""Issue 15: the periods /export offers, computed from the user's own today (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.periods import Period, period_range
from bot.domain.timezones import today_in

D = dt.date


@pytest.mark.parametrize(
    ("period", "today", "expected"),
    [
        (Period.THIS_MONTH, D(2026, 11, 30), (D(2026, 11, 1), D(2026, 11, 30))),
        (Period.THIS_MONTH, D(2028, 2, 10), (D(2028, 2, 1), D(2028, 2, 29))),  # leap year
        (Period.THIS_MONTH, D(2026, 12, 1), (D(2026, 12, 1), D(2026, 12, 31))),
        (Period.LAST_MONTH, D(2026, 11, 30), (D(2026, 10, 1), D(2026, 10, 31))),
        (Period.LAST_MONTH, D(2026, 1, 15), (D(2025, 12, 1), D(2025, 12, 31))),
        (Period.LAST_MONTH, D(2026, 3, 31), (D(2026, 2, 1), D(2026, 2, 28))),
        (Period.THIS_YEAR, D(2026, 11, 30), (D(2026, 1, 1), D(2026, 12, 31))),
        (Period.LAST_YEAR, D(2026, 1, 1), (D(2025, 1, 1), D(2025, 12, 31))),
    ],
)
def test_each_period_is_whole_calendar_days(
    period: Period, today: dt.date, expected: tuple[dt.date, dt.date]
) -> None:
    assert period_range(period, today) == expected


def test_the_month_is_the_users_own() -> None:
    # 23:30 UTC on 31 January is already February in Nairobi, still January in Port-au-Prince.
    now = dt.datetime(2026, 1, 31, 23, 30, tzinfo=dt.UTC)
    nairobi = period_range(Period.THIS_MONTH, today_in("Africa/Nairobi", now))
    haiti = period_range(Period.THIS_MONTH, today_in("America/Port-au-Prince", now))
    assert nairobi == (D(2026, 2, 1), D(2026, 2, 28))
    assert haiti == (D(2026, 1, 1), D(2026, 1, 31))

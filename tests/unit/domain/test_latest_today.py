"""`latest_today`: the date a report's country has reached, in its easternmost time zone."""

from __future__ import annotations

import datetime as dt

from bot.domain.timezones import earliest_today, latest_today


def _utc(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=dt.UTC)


def test_nairobi_at_one_in_the_morning_is_already_on_its_own_day() -> None:
    # UTC+3: 22:00 UTC on the 27th is 01:00 on the 28th in Kenya.
    assert latest_today("KE", _utc(27, 22)) == dt.date(2026, 11, 28)
    assert latest_today("KE", _utc(27, 20, 59)) == dt.date(2026, 11, 27)


def test_haiti_is_still_on_the_day_before_when_utc_has_moved_on() -> None:
    # UTC-5: 03:00 UTC on the 28th is 22:00 on the 27th in Port-au-Prince.
    assert latest_today("HT", _utc(28, 3)) == dt.date(2026, 11, 27)
    assert latest_today("ht", _utc(28, 5)) == dt.date(2026, 11, 28)


def test_a_country_with_several_zones_counts_its_easternmost() -> None:
    # DR Congo: Kinshasa UTC+1, Lubumbashi UTC+2. At 22:30 UTC it is the 28th in Lubumbashi.
    assert latest_today("CD", _utc(27, 22, 30)) == dt.date(2026, 11, 28)
    assert latest_today("CD", _utc(27, 21, 59)) == dt.date(2026, 11, 27)


def test_an_unknown_country_counts_as_the_latest_calendar_on_earth() -> None:
    # UTC+14: a date is only "in the future" once it is everywhere.
    assert latest_today(None, _utc(27, 10)) == dt.date(2026, 11, 28)
    assert latest_today("ZZ", _utc(27, 9, 59)) == dt.date(2026, 11, 27)


def test_the_earliest_date_on_earth_is_in_the_future_nowhere() -> None:
    """What a test or a benchmark may date generated reports on, at any hour (CI failed at
    00:05 UTC: reports dated on UTC's new day were in Haiti's future)."""
    for hour in range(24):
        now = _utc(28, hour)
        day = earliest_today(now)
        assert day == (now - dt.timedelta(hours=12)).date()
        assert all(day <= latest_today(c, now) for c in ("HT", "US", "KE", "FJ", "KI", "XX"))

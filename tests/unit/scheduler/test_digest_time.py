"""When digests and reminders are due (pure: scheduler.digest)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from scheduler.digest import (
    digest_period,
    digest_slot,
    is_daytime,
    iso_week_id,
    owed_period,
    reminder_due,
    visible_length,
    week_start,
)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# Monday 2026-11-23 is in ISO week 2026-W48.
@pytest.mark.parametrize(
    ("tz", "slot_utc"),
    [
        ("Europe/Paris", utc(2026, 11, 23, 7)),  # UTC+1 in winter
        ("America/Port-au-Prince", utc(2026, 11, 23, 13)),  # UTC-5
        ("Asia/Kathmandu", utc(2026, 11, 23, 2, 15)),  # UTC+5:45
    ],
)
def test_digest_is_due_from_the_local_slot_in_three_time_zones(
    tz: str, slot_utc: datetime
) -> None:
    assert digest_slot(slot_utc, tz) == slot_utc
    assert digest_period(slot_utc - timedelta(minutes=1), tz) is None
    assert digest_period(slot_utc, tz) == "2026-W48"
    assert digest_period(slot_utc + timedelta(days=3), tz) == "2026-W48"


def test_with_a_controllable_clock_the_slot_follows_the_wall_clock() -> None:
    with time_machine.travel(utc(2026, 11, 23, 12, 59), tick=False):
        assert digest_period(datetime.now(UTC), "America/Port-au-Prince") is None
    with time_machine.travel(utc(2026, 11, 23, 13, 0), tick=False):
        assert digest_period(datetime.now(UTC), "America/Port-au-Prince") == "2026-W48"


def test_the_week_is_the_local_one() -> None:
    # Sunday 22:30 UTC is already Monday 08:30 in Sydney (UTC+11 in summer): next week there.
    now = utc(2026, 11, 29, 21, 30)
    assert digest_period(now, "Australia/Sydney") == "2026-W49"
    assert digest_period(now, "UTC") == "2026-W48"


def test_daylight_saving_change_keeps_08_00_local() -> None:
    # Europe/Paris leaves summer time on Sunday 2026-10-25: Monday 19 is UTC+2, Monday 26 UTC+1.
    assert digest_slot(utc(2026, 10, 19, 12), "Europe/Paris") == utc(2026, 10, 19, 6)
    assert digest_slot(utc(2026, 10, 26, 12), "Europe/Paris") == utc(2026, 10, 26, 7)
    assert digest_period(utc(2026, 10, 26, 6, 30), "Europe/Paris") is None
    assert digest_period(utc(2026, 10, 26, 7), "Europe/Paris") == "2026-W44"
    # New York enters summer time on Sunday 2026-03-08: Monday 9 is UTC-4.
    assert digest_slot(utc(2026, 3, 9, 20), "America/New_York") == utc(2026, 3, 9, 12)
    # A slot on the changeover Sunday itself, at 02:00 (in the gap): still one slot that day.
    assert digest_period(utc(2026, 3, 8, 8), "America/New_York", weekday=6, hour=2) == "2026-W10"


def test_a_slot_missed_while_down_is_due_until_the_week_ends() -> None:
    tz = "Europe/Paris"
    # Down from Monday 06:00 to Sunday 23:00 local: still this week's digest.
    assert digest_period(utc(2026, 11, 29, 22), tz) == "2026-W48"
    # From Monday local midnight it is the next week, not yet due until 08:00.
    assert digest_period(utc(2026, 11, 29, 23, 30), tz) is None


def test_other_slots_and_bad_values() -> None:
    assert digest_period(utc(2026, 11, 26, 16), "UTC", weekday=3, hour=17) is None
    assert digest_period(utc(2026, 11, 26, 17), "UTC", weekday=3, hour=17) == "2026-W48"
    assert digest_period(utc(2026, 11, 23, 9), "Not/AZone") == "2026-W48"  # unknown: UTC
    with pytest.raises(ValueError, match="weekday"):
        digest_period(utc(2026, 11, 23, 9), "UTC", weekday=7)
    with pytest.raises(ValueError, match="aware"):
        digest_period(datetime(2026, 11, 23, 9), "UTC")


def test_week_ids() -> None:
    assert iso_week_id(utc(2027, 1, 1).date()) == "2026-W53"
    assert week_start("2026-W48").isoformat() == "2026-11-23"


def test_reminder_after_quiet_days_in_daytime_only() -> None:
    tz = "Africa/Niamey"  # UTC+1
    last = utc(2026, 11, 2, 10, 15)
    joined = utc(2026, 1, 1)
    assert reminder_due(utc(2026, 11, 16, 10), tz, last, joined) is None  # 13.99 days
    assert reminder_due(utc(2026, 11, 16, 10, 15), tz, last, joined) == "since-2026-11-02T10:15Z"
    # Quiet hours: 21:00-08:00 local (20:00-07:00 UTC here).
    assert reminder_due(utc(2026, 11, 16, 20, 0), tz, last, joined) is None
    assert reminder_due(utc(2026, 11, 17, 6, 59), tz, last, joined) is None
    assert reminder_due(utc(2026, 11, 17, 7, 0), tz, last, joined) == "since-2026-11-02T10:15Z"
    assert is_daytime(utc(2026, 11, 17, 19, 59), tz)
    assert not is_daytime(utc(2026, 11, 17, 20, 0), tz)


def test_one_period_per_silence_episode() -> None:
    joined = utc(2026, 10, 1, 9)
    # Never reported: the episode starts when they joined.
    assert reminder_due(utc(2026, 10, 20, 12), "UTC", None, joined) == "since-2026-10-01T09:00Z"
    # Later in the same episode: the same period (the outbox key makes it one message).
    assert reminder_due(utc(2026, 10, 27, 12), "UTC", None, joined) == "since-2026-10-01T09:00Z"
    # A report starts a new episode.
    assert reminder_due(utc(2026, 11, 20, 12), "UTC", utc(2026, 11, 1, 8), joined) == (
        "since-2026-11-01T08:00Z"
    )
    assert reminder_due(utc(2026, 11, 20, 12), "UTC", None, joined, quiet_days=60) is None


def test_visible_length_counts_what_telegram_counts() -> None:
    assert visible_length("<b>a&amp;b</b> c") == 5


def test_an_officer_back_after_months_away_is_not_nudged_for_them() -> None:
    """Their last report 180 days ago, their field-staff role given again an hour ago: the
    silence counts from the grant."""
    granted = utc(2026, 11, 30, 11)
    last = granted - timedelta(days=180)
    assert reminder_due(utc(2026, 11, 30, 12), "UTC", last, granted) is None
    assert reminder_due(utc(2026, 12, 14, 12), "UTC", last, granted) == "since-2026-11-30T11:00Z"


def test_the_week_a_digest_counts_reports_for_is_the_managers_last_week() -> None:
    """Monday 00:00 to Monday 00:00 in the manager's zone, the ISO week before the digest's."""
    from scheduler.digest import received_week

    start, end = received_week("2026-W49", "America/Port-au-Prince")  # UTC-5
    assert start == datetime(2026, 11, 23, 5, tzinfo=UTC)
    assert end == datetime(2026, 11, 30, 5, tzinfo=UTC)


def test_a_friday_digest_counts_the_seven_days_before_its_friday() -> None:
    """The ISO week before a Friday digest left out that week's Monday to Thursday (counted a
    week later, 8 to 11 days old); it counts Friday to Thursday, local midnight to midnight,
    167 hours across the spring's DST change (Haiti, 2027-03-14)."""
    from scheduler.digest import received_week

    start, end = received_week("2026-W49", "America/Port-au-Prince", 4)
    assert (start, end) == (
        datetime(2026, 11, 27, 5, tzinfo=UTC),
        datetime(2026, 12, 4, 5, tzinfo=UTC),
    )
    start, end = received_week("2027-W11", "America/Port-au-Prince", 4)  # Friday 2027-03-19
    assert end - start == timedelta(hours=167)
    start, end = received_week("2027-W01", "Pacific/Kiritimati", 4)  # Friday 2027-01-08
    assert start == datetime(2026, 12, 31, 10, tzinfo=UTC)


def test_a_week_cut_short_by_a_change_of_zone_is_owed_for_a_while_only() -> None:
    """Sunday 20:00 slot; moved from UTC-12 to UTC+14 on Sunday at 19:00 (Monday 07:00 UTC,
    Monday 21:00 there): last week's digest is owed, for two days of the new week. A change
    later into the week (Wednesday) cut no window short; none before it, nothing owed."""
    tz, changed = "Pacific/Kiritimati", utc(2026, 11, 30, 7)
    assert digest_period(utc(2026, 11, 30, 8), tz, weekday=6, hour=20) is None
    assert owed_period(utc(2026, 11, 30, 8), tz, changed, 6, 20) == "2026-W48"
    assert owed_period(utc(2026, 12, 1, 9), tz, changed, 6, 20) == "2026-W48"
    assert owed_period(utc(2026, 12, 1, 10), tz, changed, 6, 20) is None  # two days in
    assert owed_period(utc(2026, 12, 2, 8), tz, utc(2026, 12, 2, 7), 6, 20) is None
    assert owed_period(utc(2026, 11, 30, 8), tz, None, 6, 20) is None
    assert owed_period(utc(2026, 11, 30, 8), tz, utc(2026, 11, 29, 9), 6, 20) is None

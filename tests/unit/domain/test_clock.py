"""One clock: utcnow, a person's today and the CLI's default date all move with it."""

from __future__ import annotations

import datetime as dt

from bot.domain import clock
from bot.domain.people import UserView
from tests.factories import person

# 10:30 UTC on 30 November is already 1 December in Kiritimati (UTC+14), and 00:30 on
# 30 November in Honolulu (UTC-10).
MOMENT = dt.datetime(2026, 11, 30, 10, 30, tzinfo=dt.UTC)


def _person(zone: str) -> UserView:
    return person(telegram_id=1001, display_name="Amina", timezone=zone)


def test_everything_reads_the_same_clock() -> None:
    with clock.using(lambda: MOMENT):
        assert clock.utcnow() == MOMENT
        assert clock.utc_today() == dt.date(2026, 11, 30)
        assert _person("Pacific/Kiritimati").today() == dt.date(2026, 12, 1)
        assert _person("Pacific/Honolulu").today() == dt.date(2026, 11, 30)
        assert _person("Not/A_Zone").today() == dt.date(2026, 11, 30)  # unknown: UTC
    assert clock.utcnow() != MOMENT  # the system clock is back


def test_the_clock_is_aware_and_in_utc() -> None:
    now = clock.utcnow()
    assert now.tzinfo is not None
    assert now.utcoffset() == dt.timedelta(0)

"""The product's one clock: every "now" of the bot, the jobs and the CLI comes from here.

`utcnow()` is aware and in UTC; a person's "today" is `UserView.today()` (their time zone).
Tests that need another time move this clock with `using(...)` (or time-machine, which moves
the system clock underneath it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_clock: Clock = system_clock


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return _clock()


def utc_today() -> dt.date:
    """Today in UTC: the operator's default date on the command line (people have their own)."""
    return utcnow().date()


@contextmanager
def using(clock: Clock) -> Iterator[None]:
    """Run with another clock (a test's), then put the previous one back."""
    global _clock
    previous, _clock = _clock, clock
    try:
        yield
    finally:
        _clock = previous

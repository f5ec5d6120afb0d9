"""A mission and a volunteer's assignment to it, as read from the database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.enums import AssignmentStatus, MissionStatus

# Missions still ahead or under way: the ones an admin assigns and volunteers are reminded of.
LIVE = frozenset({MissionStatus.PLANNED, MissionStatus.CONFIRMED})
# A mission's notes, at most: its card (with every other field at its longest) stays well
# under Telegram's 4,096 characters.
NOTES_MAX = 2000


@dataclass(frozen=True)
class MissionView:
    id: int
    code: str
    title: str
    country: str
    place: str
    start_date: date
    end_date: date
    project: str | None
    role: str | None
    supervisor_name: str | None
    supervisor_handle: str | None
    notes: str | None
    status: MissionStatus
    version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class AssignmentView:
    id: int
    mission_id: int
    volunteer_user_id: int | None
    volunteer_telegram_id: int | None
    invite_id: int | None
    status: AssignmentStatus
    acknowledged_at: datetime | None
    created_at: datetime


def is_over(mission: MissionView, today: date) -> bool:
    """The mission ended before `today` (a person's local date): nothing to travel to, to be
    told of, or to acknowledge."""
    return mission.end_date < today


def soonest_first(missions: Sequence[MissionView], today: date) -> list[MissionView]:
    """Missions as an admin picks one: those not over yet (ending `today` or later) soonest
    start first, then those over, the latest ended first."""

    def key(mission: MissionView) -> tuple[bool, int, int]:
        over = mission.end_date < today
        when = -mission.end_date.toordinal() if over else mission.start_date.toordinal()
        return over, when, mission.id

    return sorted(missions, key=key)


@dataclass(frozen=True)
class MissionCounts:
    """A volunteer's current and upcoming missions, counted for the heading of their list."""

    under_way: int = 0  # planned or confirmed, started on `today` or before
    upcoming: int = 0  # planned or confirmed, starting after `today`
    cancelled: int = 0
    unacknowledged: int = 0  # planned or confirmed, not acknowledged yet (or again)


def count_current(
    missions: Iterable[tuple[MissionView, AssignmentView]], today: date
) -> MissionCounts:
    """How many of a volunteer's missions not over on `today` (their local date) are under way,
    to come, cancelled, and still to acknowledge."""
    under_way = upcoming = cancelled = unacknowledged = 0
    for mission, assignment in missions:
        if is_over(mission, today):
            continue
        if mission.status == MissionStatus.CANCELLED:
            cancelled += 1
        if mission.status not in LIVE:
            continue
        if mission.start_date <= today:
            under_way += 1
        else:
            upcoming += 1
        if assignment.acknowledged_at is None:
            unacknowledged += 1
    return MissionCounts(under_way, upcoming, cancelled, unacknowledged)

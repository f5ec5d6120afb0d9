"""A mission and a volunteer's assignment to it, as read from the database."""

from __future__ import annotations

from collections.abc import Sequence
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


def soonest_first(missions: Sequence[MissionView], today: date) -> list[MissionView]:
    """Missions as an admin picks one: those not over yet (ending `today` or later) soonest
    start first, then those over, the latest ended first."""

    def key(mission: MissionView) -> tuple[bool, int, int]:
        over = mission.end_date < today
        when = -mission.end_date.toordinal() if over else mission.start_date.toordinal()
        return over, when, mission.id

    return sorted(missions, key=key)

"""The weekly digest's data: managers' slots, snoozed indicators, acknowledgements, silent
countries, and whether a message is already in the outbox.

Like models.queries: plain async functions over an AsyncSession that never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import AuditAction, OutboxStatus, Role
from bot.domain.scope import Scope
from models.queries import role_holders
from models.tables import (
    AuditEntry,
    DigestAck,
    DigestPreference,
    DigestSnooze,
    OutboxMessage,
    Report,
    RoleGrant,
    User,
)
from models.upsert import upsert

DEFAULT_WEEKDAY = 0  # Monday
DEFAULT_HOUR = 8
SNOOZE_WEEKS = 4


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


# --- The digest slot --------------------------------------------------------------------------


async def digest_slots(
    session: AsyncSession, user_ids: Iterable[int]
) -> dict[int, tuple[int, int]]:
    """(weekday, hour) of the given users who chose one; the others are absent (defaults)."""
    ids = list(user_ids)
    if not ids:
        return {}
    statement = select(
        DigestPreference.user_id, DigestPreference.weekday, DigestPreference.hour
    ).where(DigestPreference.user_id.in_(ids))
    rows = (await session.execute(statement)).all()
    return {int(row[0]): (int(row[1]), int(row[2])) for row in rows}


async def zone_changes(
    session: AsyncSession, *, since: datetime, until: datetime
) -> dict[int, datetime]:
    """When people last chose a time zone (its audit entry) by `until`, by user id, for those
    who did since `since` (a few a week: no list of ids to send)."""
    _require_aware(since, "since")
    _require_aware(until, "until")
    statement = (
        select(AuditEntry.target_id, func.max(AuditEntry.at))
        .where(
            AuditEntry.action == AuditAction.TIMEZONE_SET.value,
            AuditEntry.target_type == "user",
            AuditEntry.at >= since,
            AuditEntry.at <= until,
        )
        .group_by(AuditEntry.target_id)
    )
    rows = (await session.execute(statement)).all()
    return {int(row[0]): row[1] for row in rows if row[0] is not None and row[0].isdigit()}


async def get_digest_slot(
    session: AsyncSession,
    user_id: int,
    *,
    default: tuple[int, int] = (DEFAULT_WEEKDAY, DEFAULT_HOUR),
) -> tuple[int, int]:
    return (await digest_slots(session, [user_id])).get(user_id, default)


async def set_digest_slot(
    session: AsyncSession, user_id: int, *, weekday: int, hour: int, now: datetime
) -> None:
    """Choose the local weekday (0 = Monday) and hour (0-23) of a manager's digest."""
    _require_aware(now, "now")
    if not 0 <= weekday <= 6:
        raise ValueError("weekday must be between 0 (Monday) and 6 (Sunday)")
    if not 0 <= hour <= 23:
        raise ValueError("hour must be between 0 and 23")
    table: Table = DigestPreference.__table__  # type: ignore[assignment]
    values: dict[str, Any] = {
        "user_id": user_id,
        "weekday": weekday,
        "hour": hour,
        "updated_at": now,
    }
    await session.execute(
        upsert(
            session,
            table,
            values,
            conflict=["user_id"],
            update={"weekday": weekday, "hour": hour, "updated_at": now},
        )
    )


# --- Snoozes ----------------------------------------------------------------------------------


async def snooze(
    session: AsyncSession,
    user_id: int,
    indicator_id: str,
    *,
    now: datetime,
    weeks: int = SNOOZE_WEEKS,
) -> datetime:
    """Leave `indicator_id` out of the user's digests for `weeks` weeks; returns the end."""
    _require_aware(now, "now")
    until = now + timedelta(weeks=weeks)
    table: Table = DigestSnooze.__table__  # type: ignore[assignment]
    values: dict[str, Any] = {"user_id": user_id, "indicator_id": indicator_id, "until": until}
    await session.execute(
        upsert(
            session,
            table,
            values,
            conflict=["user_id", "indicator_id"],
            update={"until": until},
        )
    )
    return until


async def snoozed_indicators(session: AsyncSession, user_id: int, *, now: datetime) -> set[str]:
    """The indicators the user snoozed and whose snooze has not ended at `now`."""
    _require_aware(now, "now")
    statement = select(DigestSnooze.indicator_id).where(
        DigestSnooze.user_id == user_id, DigestSnooze.until > now
    )
    return set((await session.execute(statement)).scalars())


async def prune_snoozes(session: AsyncSession, *, now: datetime) -> int:
    """Delete ended snoozes; returns how many."""
    _require_aware(now, "now")
    result = await session.execute(
        delete(DigestSnooze)
        .where(DigestSnooze.until <= now)
        .returning(DigestSnooze.user_id)
        .execution_options(synchronize_session=False)
    )
    return len(result.all())


# --- Acknowledgements -------------------------------------------------------------------------


async def acknowledge(session: AsyncSession, user_id: int, period: str, *, now: datetime) -> bool:
    """Record that the user acknowledged the digest of `period`; False if they already had."""
    _require_aware(now, "now")
    if await acknowledged_at(session, user_id, period) is not None:
        return False
    table: Table = DigestAck.__table__  # type: ignore[assignment]
    # A double tap racing this one: the first acknowledgement's time is kept.
    await session.execute(
        upsert(
            session,
            table,
            {"user_id": user_id, "period": period, "at": now},
            conflict=["user_id", "period"],
            update={"period": period},
        )
    )
    return True


async def acknowledged_at(session: AsyncSession, user_id: int, period: str) -> datetime | None:
    statement = select(DigestAck.at).where(
        DigestAck.user_id == user_id, DigestAck.period == period
    )
    value: datetime | None = (await session.execute(statement)).scalar_one_or_none()
    return value


# --- Silent countries -------------------------------------------------------------------------


async def silent_countries(
    session: AsyncSession,
    *,
    scope: Scope,
    now: datetime,
    days: int = 30,
) -> list[str]:
    """Countries in `scope` with active field staff and no report for `days` days.

    "No report" counts submissions (Report.submitted_at), whatever the event date. A country
    whose field staff all joined less than `days` days ago is not silent yet: it is new.
    Sorted by ISO code.
    """
    _require_aware(now, "now")
    since = now - timedelta(days=days)
    oldest_joined: dict[str, datetime] = {}
    for holder in await role_holders(session, Role.FIELD_STAFF, active_only=True):
        for country in holder.scope.countries:
            if not scope.covers(country):
                continue
            joined = holder.granted_at  # as joined_times counts it: from the grant
            if country not in oldest_joined or joined < oldest_joined[country]:
                oldest_joined[country] = joined
    candidates = sorted(c for c, joined in oldest_joined.items() if joined <= since)
    if not candidates:
        return []
    recent = select(Report.country).where(
        Report.country.in_(candidates),
        Report.submitted_at > since,
        Report.withdrawn_at.is_(None),
    )
    reporting = set((await session.execute(recent.group_by(Report.country))).scalars())
    return [country for country in candidates if country not in reporting]


async def reports_received(
    session: AsyncSession, *, scope: Sequence[str] | None, since: datetime, until: datetime
) -> dict[str, int]:
    """Reports submitted in [since, until) by country (scope None: every country), withdrawn
    ones left out."""
    _require_aware(since, "since")
    _require_aware(until, "until")
    statement = select(Report.country, func.count()).where(
        Report.submitted_at >= since,
        Report.submitted_at < until,
        Report.withdrawn_at.is_(None),
    )
    if scope is not None:
        statement = statement.where(Report.country.in_([code.upper() for code in scope]))
    rows = (await session.execute(statement.group_by(Report.country))).all()
    return {str(row[0]): int(row[1]) for row in rows if row[0] is not None}


async def joined_times(
    session: AsyncSession, user_ids: Iterable[int], role: Role = Role.FIELD_STAFF
) -> dict[int, datetime]:
    """When each of these users took up `role` (its grant), or, without one, first met the bot.

    A volunteer made field staff last week has been reporting for a week, not for as long as
    they have used the bot: the silence a reminder or a digest counts starts at the grant.
    """
    ids = list(user_ids)
    if not ids:
        return {}
    statement = (
        select(User.id, func.coalesce(RoleGrant.granted_at, User.created_at))
        .outerjoin(RoleGrant, and_(RoleGrant.user_id == User.id, RoleGrant.role == role.value))
        .where(User.id.in_(ids))
    )
    return {int(row[0]): row[1] for row in (await session.execute(statement)).all()}


async def last_report_times(
    session: AsyncSession, author_user_ids: Iterable[int]
) -> dict[int, datetime]:
    """When each of these users last submitted a report (absent: never). One query."""
    ids = list(author_user_ids)
    if not ids:
        return {}
    statement = (
        select(Report.author_user_id, func.max(Report.submitted_at))
        .where(Report.author_user_id.in_(ids))
        .group_by(Report.author_user_id)
    )
    rows = (await session.execute(statement)).all()
    return {int(row[0]): row[1] for row in rows if row[0] is not None and row[1] is not None}


# --- The outbox, read-only --------------------------------------------------------------------


async def outbox_keys(session: AsyncSession, *, kind: str, period: str) -> set[int]:
    """Recipients (Telegram ids) that already have a `kind` message for `period`."""
    statement = select(OutboxMessage.recipient_telegram_id).where(
        OutboxMessage.kind == kind, OutboxMessage.period == period
    )
    return set((await session.execute(statement)).scalars())


async def digest_payload_of(
    session: AsyncSession, telegram_id: int, *, kind: str, period: str
) -> dict[str, Any] | None:
    """The payload of the `kind` message of `period` for this recipient (None: there is none)."""
    statement = select(OutboxMessage.payload).where(
        OutboxMessage.recipient_telegram_id == telegram_id,
        OutboxMessage.kind == kind,
        OutboxMessage.period == period,
    )
    payload = (await session.execute(statement)).scalar_one_or_none()
    return dict(payload) if isinstance(payload, dict) else None


async def previous_payload(
    session: AsyncSession, telegram_id: int, *, kind: str, before: str
) -> tuple[str, dict[str, Any]] | None:
    """(period, payload) of the recipient's latest `kind` message of a period before `before`
    that reached them (sent): "since the last digest" is since the one they read, not one that
    failed, was blocked or was cancelled.

    ISO week ids ("2026-W48") sort as their weeks do.
    """
    statement = (
        select(OutboxMessage.period, OutboxMessage.payload)
        .where(
            OutboxMessage.recipient_telegram_id == telegram_id,
            OutboxMessage.kind == kind,
            OutboxMessage.period < before,
            OutboxMessage.status == OutboxStatus.SENT,
        )
        .order_by(OutboxMessage.period.desc())
        .limit(1)
    )
    row = (await session.execute(statement)).first()
    if row is None or not isinstance(row[1], dict):
        return None
    return str(row[0]), dict(row[1])


async def outbox_has_later(
    session: AsyncSession, telegram_id: int, *, kind: str, period: str
) -> bool:
    """Whether the recipient has a `kind` message of a period after `period` (ISO week ids
    sort as their weeks do), in any state."""
    statement = select(OutboxMessage.id).where(
        OutboxMessage.recipient_telegram_id == telegram_id,
        OutboxMessage.kind == kind,
        OutboxMessage.period > period,
    )
    return (await session.execute(statement.limit(1))).first() is not None


async def outbox_has(session: AsyncSession, telegram_id: int, *, kind: str, period: str) -> bool:
    statement = select(OutboxMessage.id).where(
        OutboxMessage.recipient_telegram_id == telegram_id,
        OutboxMessage.kind == kind,
        OutboxMessage.period == period,
    )
    return (await session.execute(statement)).first() is not None


__all__ = [
    "DEFAULT_HOUR",
    "DEFAULT_WEEKDAY",
    "SNOOZE_WEEKS",
    "acknowledge",
    "acknowledged_at",
    "digest_payload_of",
    "digest_slots",
    "get_digest_slot",
    "joined_times",
    "last_report_times",
    "outbox_has",
    "outbox_has_later",
    "outbox_keys",
    "previous_payload",
    "prune_snoozes",
    "reports_received",
    "set_digest_slot",
    "silent_countries",
    "snooze",
    "snoozed_indicators",
    "zone_changes",
]

"""The tables of fieldbot (typed SQLAlchemy 2 models).

Handlers never see these rows: ``models.queries`` turns them into frozen dataclasses.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.domain.clock import utcnow
from models.base import Base, UTCDateTime


class User(Base):
    """A person who has talked to the bot (or was granted a role from the CLI)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(128))
    # The language picked with /language; it wins over Telegram's hint.
    language: Mapped[str | None] = mapped_column(String(16))
    # Telegram's `language_code` (an IETF tag such as "pt-br"): a hint, not a choice.
    telegram_language: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    # True once the person chose their zone (/settings, a newcomer's button); until then their
    # dates follow their country's clock (bot.domain.timezones.effective_zone), and `timezone`
    # is the one they had when their countries last changed (models.queries.keep_zone; "UTC"
    # at first), kept where their countries keep different clocks.
    timezone_chosen: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # False when the user blocked the bot (a 403 from the Bot API); messaging the bot again
    # makes them active again.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The roles the person holds, each with its own countries. Loaded with the user in the
    # same statement (a join), because every update needs them.
    grants: Mapped[list[RoleGrant]] = relationship(
        lazy="joined",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RoleGrant.role",
    )


class RoleGrant(Base):
    """One role a person holds and the countries it covers.

    Each role has its own scope: a manager for Haiti who also volunteers in Niger reads Haiti's
    reports only, and reports for Haiti only if they also hold a reporting role there.
    """

    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # A bot.domain.enums.Role value.
    role: Mapped[str] = mapped_column(String(32))
    # ISO 3166 alpha-2 codes, sorted; ignored when all_countries is true.
    countries: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    all_countries: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Invite(Base):
    """A one-time (or n-time) code that grants a role and a country scope."""

    __tablename__ = "invites"
    __table_args__ = (
        CheckConstraint("max_uses >= 1", name="max_uses_positive"),
        CheckConstraint("uses >= 0 AND uses <= max_uses", name="uses_within_limit"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # sha256 hex of the code: the code itself is never stored, so a copy of the database
    # cannot be used to join.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(32))
    countries: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    all_countries: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    max_uses: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    uses: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # NULL: created from the CLI.
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class InviteUse(Base):
    """Who used an invite, and when."""

    __tablename__ = "invite_uses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invite_id: Mapped[int] = mapped_column(
        ForeignKey("invites.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProcessedUpdate(Base):
    """An update id already handled (dedupe window; pruned by age)."""

    __tablename__ = "processed_updates"

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The Bot API calls the update's handler asked for, written in the same transaction as its
    # effects and sent only after the commit; NULL once Telegram accepted them all. A redelivered
    # update whose replies are still here gets them sent (its effects are not repeated).
    replies: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON(none_as_null=True))


class JobRun(Base):
    """The last run of a scheduled job: what the liveness check and health surfaces read."""

    __tablename__ = "job_runs"

    job_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # How often the job should succeed; late when the last success is older than twice this.
    interval_seconds: Mapped[int] = mapped_column(Integer)
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The exception's class and message, cut to fit; never user text.
    last_error: Mapped[str | None] = mapped_column(String(1024))
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class FsmRecord(Base):
    """aiogram FSM state and data of one StorageKey (see models.fsm.SQLStorage)."""

    __tablename__ = "fsm_records"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(256))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AuditEntry(Base):
    """Who did what to whom. Ids, codes and enum values only — never free text."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # NULL: the CLI or the system itself.
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )


class Report(Base):
    """A training or advocacy-event report: the typed columns indicators count, and all answers.

    The id is generated by the client before the first send, so a retried submit (network
    error, double tap) is recognised instead of stored twice.
    """

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint("version >= 1", name="version_positive"),
        # Explicit names: the naming convention would call a composite index after its first
        # column alone (ix_reports_kind), which reads like a single-column index.
        Index("ix_reports_kind_event_date", "kind", "event_date"),
        Index("ix_reports_country_event_date", "country", "event_date"),
    )

    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int] = mapped_column(Integer)
    # NULL once the author's personal data was erased: the report still counts.
    author_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # ISO 3166 alpha-2; the (country, event_date) index serves country-only lookups too.
    country: Mapped[str] = mapped_column(String(2))
    # justice | violence_exploitation | emergencies
    field: Mapped[str] = mapped_column(String(32), index=True)
    event_date: Mapped[date] = mapped_column(Date, index=True)
    target_group: Mapped[str | None] = mapped_column(String(64))
    training_type: Mapped[str | None] = mapped_column(String(64))
    participants_women: Mapped[int | None] = mapped_column(Integer)
    participants_men: Mapped[int | None] = mapped_column(Integer)
    participants_other: Mapped[int | None] = mapped_column(Integer)
    participants_total: Mapped[int | None] = mapped_column(Integer)
    trainers_trained: Mapped[int | None] = mapped_column(Integer)
    canada_sector: Mapped[str | None] = mapped_column(String(64))
    event_kind: Mapped[str | None] = mapped_column(String(64))
    is_decision: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    is_network: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    is_key_event: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=text("false")
    )
    # A network event's network: its country and a digest of its name, "HT:1b6f0c…"
    # (bot.domain.reports.network_key): counted, never read as text.
    network_key: Mapped[str | None] = mapped_column(String(32))
    contributed: Mapped[bool | None] = mapped_column(Boolean)
    level: Mapped[str | None] = mapped_column(String(64))
    audience: Mapped[int | None] = mapped_column(Integer)
    # Every answer of the current version, keyed by question id.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set while the report is withdrawn: it is kept, with its history, but counts nowhere
    # (indicators, exports, the digest). A manager can restore it.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who withdrew it (a user id; no foreign key: users are never deleted, only erased).
    withdrawn_by_user_id: Mapped[int | None] = mapped_column(Integer)
    withdraw_reason: Mapped[str | None] = mapped_column(String(500))
    # Withdrawals undone by a restore, oldest first: {"at", "by", "reason", "restored_at",
    # "restored_by"} (times in ISO 8601, UTC). The current one is in the three columns above.
    past_withdrawals: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )


class ReportVersion(Base):
    """One version of a report's answers; version 1 is the original submission."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[UUID] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    form_version: Mapped[int] = mapped_column(Integer)
    # Indexed: erasing a user sets it to NULL, which must not scan the whole table.
    edited_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IndicatorValue(Base):
    """A value of a manual indicator (or a budget for a growth indicator) for one period.

    One row per (indicator, period): entering a value again replaces it; the audit log keeps
    who entered what and when (AuditAction.INDICATOR_VALUE_SET).
    """

    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The plan's indicator id, e.g. "3.3a".
    indicator_id: Mapped[str] = mapped_column(String(32))
    # A year ("2026").
    period: Mapped[str] = mapped_column(String(16))
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    # NULL: entered from the CLI (or the user was erased).
    entered_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxMessage(Base):
    """A message the bot owes someone (a digest, a reminder, ...), sent by the outbox sender.

    (recipient, kind, period) is unique: a job that runs twice enqueues nothing the second
    time, so a weekly digest exists once per manager and week whatever happens to the jobs.
    `next_attempt_at` is when the row is due; while a sender holds it (status "sending") it is
    the end of that sender's lease, after which another sender may take it over.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        UniqueConstraint("recipient_telegram_id", "kind", "period"),
        CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'blocked')", name="status_known"
        ),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        # The sender's query: due rows of a status, oldest due first.
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_telegram_id: Mapped[int] = mapped_column(BigInteger)
    # NULL for a recipient without a user row, or once the user was erased.
    recipient_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # bot.domain.enums.OutboxKind values ("digest", "reminder", "mission_assigned", ...).
    kind: Mapped[str] = mapped_column(String(32))
    # What makes the message unique for its kind: "2026-W48", a date, "M-12:v3", ...
    period: Mapped[str] = mapped_column(String(64))
    # {"text", "parse_mode", "reply_markup", "protect_content", "photo_png_b64"?}; an owed
    # reply: {"call": a stored Bot API call (bot.ui.replies.dump_method)}
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # bot.domain.enums.OutboxStatus values.
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(1024))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)


# The indicators' covering index (models.indicators): the plan is evaluated by one query that
# groups the reports of a date range by these columns, in this order, so the database walks
# the index alone (never the table) and groups as it goes, without sorting a million rows.
# event_date and withdrawn_at come last: they filter, they are not grouped on. Declared here,
# outside Report, so that the indicator work stays in one place.
Index(
    "ix_reports_indicators",
    Report.kind,
    Report.country,
    Report.field,
    Report.canada_sector,
    Report.is_decision,
    Report.contributed,
    Report.is_network,
    Report.is_key_event,
    Report.network_key,
    Report.event_date,
    Report.withdrawn_at,
)


# --- Weekly digest (scheduler.digest) -------------------------------------------------------


class DigestPreference(Base):
    """A manager's digest slot (local weekday 0 = Monday, hour 0-23); no row: the defaults."""

    __tablename__ = "digest_preferences"
    __table_args__ = (
        CheckConstraint("weekday >= 0 AND weekday <= 6", name="weekday_range"),
        CheckConstraint("hour >= 0 AND hour <= 23", name="hour_range"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    weekday: Mapped[int] = mapped_column(Integer)
    hour: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestSnooze(Base):
    """An indicator a manager left out of their digests until `until`."""

    __tablename__ = "digest_snoozes"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    # The plan's indicator id, e.g. "3.3a".
    indicator_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    until: Mapped[datetime] = mapped_column(UTCDateTime)


class DigestAck(Base):
    """A manager acknowledged the digest of a period (an ISO week, "2026-W48")."""

    __tablename__ = "digest_acks"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- Volunteer missions (models.missions) ---------------------------------------------------


class Mission(Base):
    """A volunteer mission, loaded from a spreadsheet by its code (models.missions)."""

    __tablename__ = "missions"
    __table_args__ = (
        CheckConstraint(
            "status IN ('planned', 'confirmed', 'cancelled', 'completed')", name="status_known"
        ),
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # ISO 3166 alpha-2.
    country: Mapped[str] = mapped_column(String(2))
    place: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date)
    project: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    supervisor_name: Mapped[str | None] = mapped_column(String(128))
    # "@handle" (Telegram usernames are 5-32 characters).
    supervisor_handle: Mapped[str | None] = mapped_column(String(33))
    notes: Mapped[str | None] = mapped_column(Text)
    # bot.domain.enums.MissionStatus values.
    status: Mapped[str] = mapped_column(String(16), default="planned")
    # Bumped on every change: part of the change notification's outbox key ("M-12:v3").
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MissionAssignment(Base):
    """A volunteer on a mission; unassigning keeps the row (status "unassigned")."""

    __tablename__ = "mission_assignments"
    __table_args__ = (
        UniqueConstraint("mission_id", "volunteer_user_id"),
        CheckConstraint("status IN ('assigned', 'unassigned')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mission_id: Mapped[int] = mapped_column(ForeignKey("missions.id", ondelete="CASCADE"))
    # NULL once the user was erased, or while the volunteer is known by an invite only.
    volunteer_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Their Telegram id; once they are erased, their pseudonym id (negative, as users.telegram_id).
    volunteer_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    # A volunteer named by an invite issued for them (before they joined).
    invite_id: Mapped[int | None] = mapped_column(
        ForeignKey("invites.id", ondelete="SET NULL"), index=True
    )
    # bot.domain.enums.AssignmentStatus values.
    status: Mapped[str] = mapped_column(String(16), default="assigned")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


__all__ = [
    "AuditEntry",
    "Base",
    "DigestAck",
    "DigestPreference",
    "DigestSnooze",
    "FsmRecord",
    "IndicatorValue",
    "Invite",
    "InviteUse",
    "Mission",
    "MissionAssignment",
    "OutboxMessage",
    "ProcessedUpdate",
    "Report",
    "ReportVersion",
    "User",
]

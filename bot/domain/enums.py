"""Enumerations stored in the database (as their string values)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    FIELD_STAFF = "field_staff"
    MANAGER = "manager"
    VOLUNTEER = "volunteer"
    ADMIN = "admin"


# The roles that grant an action. Each role has its own countries, and a check uses the scope
# of the roles that grant the action only (never, say, a volunteer's countries for a report).
REPORTERS = (Role.FIELD_STAFF, Role.ADMIN)  # report for a country; read one's own reports
OVERSEERS = (Role.MANAGER, Role.ADMIN)  # read the reports and indicators of their countries


class AuditAction(StrEnum):
    """What an audit entry records. Values are stored: never rename one, add new ones."""

    USER_CREATED = "user_created"
    ROLE_GRANTED = "role_granted"
    ROLE_REVOKED = "role_revoked"
    INVITE_CREATED = "invite_created"
    INVITE_USED = "invite_used"
    INVITE_REJECTED = "invite_rejected"
    INVITE_REVOKED = "invite_revoked"
    LANGUAGE_SET = "language_set"
    TIMEZONE_SET = "timezone_set"
    USER_DEACTIVATED = "user_deactivated"
    USER_REACTIVATED = "user_reactivated"
    USER_FORGOTTEN = "user_forgotten"
    REPORT_SUBMITTED = "report_submitted"
    REPORT_EDITED = "report_edited"
    REPORT_WITHDRAWN = "report_withdrawn"
    REPORT_RESTORED = "report_restored"
    INDICATOR_VALUE_SET = "indicator_value_set"
    MISSION_CREATED = "mission_created"
    MISSION_UPDATED = "mission_updated"
    MISSION_ASSIGNED = "mission_assigned"
    MISSION_UNASSIGNED = "mission_unassigned"
    MISSION_ACKNOWLEDGED = "mission_acknowledged"
    ROLE_SCOPE_SET = "role_scope_set"
    # One entry per account (or for everybody) and window of a flood (bot/throttle.py).
    INVITE_THROTTLED = "invite_throttled"
    MESSAGES_THROTTLED = "messages_throttled"
    # A manager or admin received an export (/export): its period, format, scope and size.
    REPORTS_EXPORTED = "reports_exported"
    # The Mini App refused a call: forged, expired or other-bot initData, or not a member.
    WEBAPP_REFUSED = "webapp_refused"


class OutboxStatus(StrEnum):
    """Where an outbox message is. Values are stored: never rename one."""

    PENDING = "pending"  # waiting for its next_attempt_at
    SENDING = "sending"  # leased by a sender until next_attempt_at
    SENT = "sent"  # Telegram accepted it (final)
    FAILED = "failed"  # refused for good (400 and friends) or out of attempts (final)
    BLOCKED = "blocked"  # the recipient blocked the bot: 403 (final)


class OutboxKind(StrEnum):
    """What an outbox message is; part of its unique key with the recipient and the period."""

    DIGEST = "digest"
    REMINDER = "reminder"
    MISSION_ASSIGNED = "mission_assigned"
    MISSION_CHANGED = "mission_changed"
    MISSION_CANCELLED = "mission_cancelled"
    MISSION_REMINDER = "mission_reminder"
    MISSION_UNASSIGNED = "mission_unassigned"
    # A reply to an update that Telegram did not take after the update's commit (5xx, a
    # timeout): one row per Bot API call, period "<update id>.<index>", sent in order per chat.
    REPLY = "reply"


class MissionStatus(StrEnum):
    """Where a mission is. Values are stored: never rename one."""

    PLANNED = "planned"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


class AssignmentStatus(StrEnum):
    """Whether a volunteer is (still) on a mission. Values are stored: never rename one."""

    ASSIGNED = "assigned"
    UNASSIGNED = "unassigned"


class ExportFormat(StrEnum):
    """The file formats of an export (the file's suffix)."""

    CSV = "csv"
    XLSX = "xlsx"

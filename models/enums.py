"""Enumerations stored in the database (as their string values)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    FIELD_STAFF = "field_staff"
    MANAGER = "manager"
    VOLUNTEER = "volunteer"
    ADMIN = "admin"


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
    INDICATOR_VALUE_SET = "indicator_value_set"

"""The bot's routers (routers only: no one imports another, nor the scheduler), built fresh for
each Dispatcher (a Router can belong to only one)."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin,
    chat_scope,
    common,
    digest,
    errors,
    exports,
    fallback,
    indicators,
    missions,
    people,
    report_views,
    reports,
    start,
)


def build_router() -> Router:
    """All capabilities, in the order an update tries them."""
    root = Router(name="root")
    root.include_routers(
        errors.router(),  # failures anywhere below → a localized apology
        chat_scope.router(),  # groups are told to write privately; blocks are recorded
        start.router(),  # /start, with or without an invitation code: open to everybody
        common.router(),  # /help /language /settings /cancel: members only
        admin.router(),  # /invite: admins only
        people.router(),  # /people: admins revoke roles, change countries, erase
        reports.router(),  # /report and the form in progress: field staff and admins
        report_views.router(),  # /myreports (own, edit for 7 days), /reports (managers' scope)
        indicators.router(),  # /indicators and /indicator (manual values): managers and admins
        exports.router(),  # /export: reports and indicators as a file, managers and admins
        digest.router(),  # the weekly digest's buttons: open, snooze, acknowledge
        missions.router(),  # /missions (volunteers), /assign and /unassign (admins)
        fallback.router(),  # guests: how to join; members: "see /help"; stale buttons
    )
    return root

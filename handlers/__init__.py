"""The bot's routers (routers only: no one imports another, nor the scheduler), built fresh for
each Dispatcher (a Router can belong to only one)."""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Filter

from bot.domain.enums import OVERSEERS, REPORTERS, Role
from handlers import (
    admin,
    chat_scope,
    common,
    digest,
    errors,
    exports,
    fallback,
    forget,
    indicators,
    missions,
    people,
    report_views,
    reports,
    start,
)
from handlers.filters import HasRole, Known, check_magic_filters_on_the_loop
from handlers.routing import Router


def _gate(name: str, *filters: Filter) -> Router:
    """A parent router: its filters hold for every message and button of the routers in it."""
    gate = Router(name=name)
    gate.message.filter(*filters)
    gate.callback_query.filter(*filters)
    return gate


def _with(parent: Router, *children: Router) -> Router:
    parent.include_routers(*children)
    return parent


def _members() -> Router:
    """What people who came in by invitation (and are still active) can do, by role."""
    return _with(
        _gate("members", Known()),
        common.router(),  # /help /language /settings /cancel
        _with(_gate("admins", HasRole(Role.ADMIN)), admin.router(), people.router()),
        _with(_gate("reporters", HasRole(*REPORTERS)), reports.router()),  # /report and forms
        report_views.router(),  # /myreports (own, edit for 7 days), /reports (managers' scope)
        _with(
            _gate("overseers", HasRole(*OVERSEERS)),
            indicators.router(),  # /indicators and /indicator (manual values)
            exports.router(),  # /export: reports and indicators as a file
            digest.router(),  # the weekly digest's buttons: open, snooze, acknowledge
        ),
        missions.router(),  # /missions (volunteers), /assign and /unassign (admins)
    )


def build_router() -> Router:
    """All capabilities, in the order an update tries them; a group's shared filters (a private
    chat, a role) set once on the group, each command's roles from the menu registry."""
    private = Router(name="private")  # the bot works in private chats only
    private.message.filter(F.chat.type == "private")
    private.edited_message.filter(F.chat.type == "private")  # an edit in a group: not ours
    private.callback_query.filter(F.message.chat.type == "private")  # chat_scope refuses others
    private.include_routers(
        common.side_flow_closer(),  # any command but /cancel ends a side flow left waiting
        common.discarded_reports(),  # a report a revocation discarded: said once, first
        start.router(),  # /start, with or without an invitation code: open to everybody
        forget.router(),  # /forget: one's own data erased, a role or not
        _members(),
        fallback.router(),  # guests: how to join; members: "see /help"; stale buttons
    )
    root = Router(name="root")
    root.include_routers(
        errors.router(),  # failures anywhere below → a localized apology
        chat_scope.router(),  # groups are told to write privately; blocks are recorded
        private,
    )
    check_magic_filters_on_the_loop(root)  # not one worker-thread trip per `F...` check
    return root

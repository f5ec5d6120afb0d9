"""What an admin may give: roles and countries within their own reach."""

from __future__ import annotations

from bot.domain.enums import Role
from bot.domain.people import UserView
from bot.domain.scope import Scope


def may_grant(admin: UserView, scope: Scope) -> bool:
    """Never beyond the admin's own reach: an admin of all countries gives any countries (or
    all of them); another admin only countries their admin role covers, never "all"."""
    reach = admin.scope(Role.ADMIN)
    if reach.all_countries:
        return True
    return not scope.all_countries and all(map(reach.covers, scope.countries))

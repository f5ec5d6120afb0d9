"""Role filters shared by the routers, and a command's filters as the menu declares it."""

from __future__ import annotations

from aiogram.filters import Command, Filter
from aiogram.types import TelegramObject

from bot.domain.enums import Role
from bot.domain.people import UserView
from bot.ui.menu import COMMANDS


class Known(Filter):
    """The sender holds at least one role (came in by invitation)."""

    async def __call__(self, event: TelegramObject, user: UserView | None = None) -> bool:
        return user is not None and bool(user.roles) and user.active


class HasRole(Filter):
    """The sender holds one of these roles. Checked again on every update, never cached."""

    def __init__(self, *roles: Role) -> None:
        self.roles = roles

    async def __call__(self, event: TelegramObject, user: UserView | None = None) -> bool:
        return user is not None and any(user.has_role(role) for role in self.roles)


class Unknown(Filter):
    async def __call__(self, event: TelegramObject, user: UserView | None = None) -> bool:
        return user is None or not user.roles


_WHO_MAY_RUN = {command.name: command.roles for command in COMMANDS}


def command(name: str) -> tuple[Filter, Filter]:
    """A command and who may run it, as the menu registry (bot.ui.menu.COMMANDS) declares: the
    one place that says which roles see a command in /help and the menus, and may run it."""
    roles = _WHO_MAY_RUN[name]  # KeyError: a command the menus do not list
    return Command(name), (Known() if roles is None else HasRole(*roles))

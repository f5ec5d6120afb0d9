"""Role filters and typed callback data shared by the routers."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from bot.domain.enums import Role
from bot.domain.people import UserView


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

"""Role filters and typed callback data shared by the routers."""

from __future__ import annotations

import re
from typing import Annotated, Any

from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import TelegramObject
from pydantic import BeforeValidator, Field

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


# Numbers in callback data are checked where the data is parsed. A button's data comes back
# from the user's client, so it can be forged: a number our own buttons never carry (huge,
# negative, "nan", "0x10", "1_0") fails CallbackData.unpack, the button's filter does not
# match, and the user gets the fallback's "no longer active" like any other forged button,
# instead of the number reaching SQL (SQLite cannot bind beyond 64 bits: OverflowError).
_CANONICAL_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,18})")


def _canonical_int(value: object) -> object:
    """Only the decimal text our own buttons carry (what `pack()` writes) is a number."""
    if isinstance(value, str) and not _CANONICAL_INT.fullmatch(value):
        raise ValueError("not a plain decimal number")
    return value


_Canonical = BeforeValidator(_canonical_int)
# Every int field of a CallbackData uses one of these (a test checks that none is a bare int).
DbId = Annotated[int, _Canonical, Field(ge=0, le=2**31 - 1)]  # a row id (PostgreSQL integer)
Page = Annotated[int, _Canonical, Field(ge=0, le=10_000)]  # a page of a list
WeekdayOrUnset = Annotated[int, _Canonical, Field(ge=-1, le=6)]  # 0 = Monday; -1: not chosen
HourOrUnset = Annotated[int, _Canonical, Field(ge=-1, le=23)]  # -1: not chosen
Days = Annotated[int, _Canonical, Field(ge=1, le=366)]


class LanguageCB(CallbackData, prefix="lang"):
    code: str


class TimezoneCB(CallbackData, prefix="tz"):
    zone: str


class InviteRoleCB(CallbackData, prefix="inv_role"):
    role: Role


class InviteExpiryCB(CallbackData, prefix="inv_exp"):
    days: Days


def user_of(data: dict[str, Any]) -> UserView | None:
    user = data.get("user")
    return user if isinstance(user, UserView) else None

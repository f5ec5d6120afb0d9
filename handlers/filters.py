"""Role filters shared by the routers, a command's filters as the menu declares it, and magic
filters checked on the event loop."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.filters import Command, Filter
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.types import (
    CallbackQuery,
    Message,
    MessageOriginHiddenUser,
    MessageOriginUser,
    TelegramObject,
)
from magic_filter import MagicFilter

from bot.domain.enums import Role
from bot.domain.people import UserView
from bot.ui.forms import FLOW_ROLES
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


class ForwardedFromOthers(Filter):
    """A message forwarded with someone else's name on it (a colleague's, a group's, a
    channel's, or a hidden sender's of another name): not the sender's own words. One of the
    sender's own messages forwarded (a note drafted in their Saved Messages) is theirs, as if
    typed; it comes with their name only when they hide their account in forwards."""

    async def __call__(self, message: Message) -> bool:
        origin = message.forward_origin
        if origin is None:
            return False
        sender = message.from_user
        if sender is None:
            return True
        if isinstance(origin, MessageOriginUser):
            return origin.sender_user.id != sender.id
        if isinstance(origin, MessageOriginHiddenUser):
            return origin.sender_user_name != sender.full_name
        return True


class FlowOfALostRole(Filter):
    """A side flow waits (an invitation's countries, a person's, a search of missions...) for
    someone who no longer holds any role it belongs to (bot.ui.forms.FLOW_ROLES): revoked
    while it waited. Its own handlers refuse them, by role."""

    async def __call__(
        self, event: TelegramObject, user: UserView | None = None, raw_state: str | None = None
    ) -> bool:
        roles = FLOW_ROLES.get((raw_state or "").split(":")[0])
        return roles is not None and user is not None and not roles & user.roles


class Unknown(Filter):
    async def __call__(self, event: TelegramObject, user: UserView | None = None) -> bool:
        return user is None or not user.roles


_WHO_MAY_RUN = {command.name: command.roles for command in COMMANDS}


def command(name: str) -> tuple[Filter, Filter]:
    """A command and who may run it, as the menu registry (bot.ui.menu.COMMANDS) declares: the
    one place that says which roles see a command in /help and the menus, and may run it."""
    roles = _WHO_MAY_RUN[name]  # KeyError: a command the menus do not list
    return Command(name, ignore_case=True), (Known() if roles is None else HasRole(*roles))


def _inline(magic: MagicFilter) -> Callable[..., Coroutine[Any, Any, Any]]:
    # The event comes as the only positional argument. No named parameter: aiogram passes a
    # filter the data keys its parameters name, and one named like a key would get it twice.
    async def check(*event: Any) -> Any:
        return magic.resolve(event[0])

    return check


# The last button data parsed: (the query, its CallbackData class, the parsed data or None).
_LAST_UNPACKED: list[Any] = [None, None, None]


def _unpack(cls: type[CallbackData], query: CallbackQuery) -> CallbackData | None:
    """`cls.unpack(query.data)`, or None when the data is not of that class; parsed once for
    the filters one tap meets in a row (a form's button passes some ten of them, each of which
    parsed it anew: a pydantic model each time)."""
    last_query, last_cls, unpacked = _LAST_UNPACKED
    if last_query is query and last_cls is cls:
        return unpacked  # type: ignore[no-any-return]
    try:
        unpacked = cls.unpack(query.data or "")
    except (TypeError, ValueError):
        unpacked = None
    _LAST_UNPACKED[:] = [query, cls, unpacked]
    return unpacked  # type: ignore[no-any-return]


def _unpacking_once(original: CallbackQueryFilter) -> Callable[..., Coroutine[Any, Any, Any]]:
    """aiogram's CallbackQueryFilter, with the button's data parsed once per tap (_unpack)."""
    cls, rule = original.callback_data, original.rule

    async def check(*event: Any) -> Any:
        query = event[0]
        if not isinstance(query, CallbackQuery) or not query.data:
            return False
        unpacked = _unpack(cls, query)
        if unpacked is None:
            return False
        if rule is None or rule.resolve(unpacked):
            # The handler gets this object: a later filter parses its own, as before.
            _LAST_UNPACKED[:] = [None, None, None]
            return {"callback_data": unpacked}
        return False

    return check


def _on_the_loop(filters: list[FilterObject] | None) -> None:
    if not filters:
        return
    for index, original in enumerate(filters):
        if original.magic is not None and not original.awaitable:
            inline = FilterObject(callback=_inline(original.magic))
            inline.magic = original.magic
            filters[index] = inline
        elif type(original.callback) is CallbackQueryFilter:
            filters[index] = FilterObject(callback=_unpacking_once(original.callback))


def check_magic_filters_on_the_loop(router: Router) -> None:
    """Make every magic filter (`F.chat.type == "private"`, `F.text`) of `router` and the
    routers in it an async one, checked inline; and let the button-data filters
    (`FormCB.filter(...)`) of one tap parse its data once (_unpacking_once).

    aiogram runs a filter that is not a coroutine function in a worker thread
    (`asyncio.to_thread`), one trip per check: a message passed some ten of them on its way to
    its handler, each a thread-pool hand-off and back, and under a burst they queued behind
    each other in the pool's few threads. A magic filter is a few attribute reads.
    """
    for observer in router.observers.values():
        _on_the_loop(observer._handler.filters)
        for handler in observer.handlers:
            _on_the_loop(handler.filters)
    for child in router.sub_routers:
        check_magic_filters_on_the_loop(child)

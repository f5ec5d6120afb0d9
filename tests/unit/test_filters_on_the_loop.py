"""Every filter and handler of the bot runs on the event loop: aiogram sends a plain (not async)
filter or handler to a worker thread for each check (asyncio.to_thread)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from aiogram import F, Router
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.types import CallbackQuery, User

from bot.ui.callbacks import FormAction, FormCB, LanguageCB
from handlers import build_router
from handlers.filters import check_magic_filters_on_the_loop


def _filters_and_handlers(router: Router) -> list[tuple[str, FilterObject | object]]:
    found: list[tuple[str, FilterObject | object]] = []
    for name, observer in router.observers.items():
        for f in observer._handler.filters or []:
            found.append((f"{router.name}.{name} (router filter)", f))
        for handler in observer.handlers:
            found.append((f"{router.name}.{name} {handler.callback.__name__}", handler))
            found += [(f"{router.name}.{name} filter", f) for f in handler.filters or []]
    for child in router.sub_routers:
        found += _filters_and_handlers(child)
    return found


def test_no_filter_or_handler_of_the_bot_is_sent_to_a_thread() -> None:
    found = _filters_and_handlers(build_router())
    assert len(found) > 100  # the whole tree was walked
    in_a_thread = [where for where, obj in found if not getattr(obj, "awaitable", False)]
    assert in_a_thread == []


async def test_a_magic_filter_on_the_loop_answers_as_the_magic_filter_does() -> None:
    router = Router(name="r")
    router.message.filter(F.chat.type == "private")
    router.message.register(lambda: None, F.text.startswith("/"), F.text.as_("said"))
    check_magic_filters_on_the_loop(router)
    (root_filter,) = router.message._handler.filters or []
    first, named = router.message.handlers[0].filters or []
    private = SimpleNamespace(chat=SimpleNamespace(type="private"), text="/help")
    group = SimpleNamespace(chat=SimpleNamespace(type="group"), text="hello")

    assert [root_filter.awaitable, first.awaitable, named.awaitable] == [True, True, True]
    assert await root_filter.call(private) is True
    assert await root_filter.call(group) is False
    assert await first.call(private) is True
    assert await first.call(group) is False
    assert await named.call(private) == {"said": "/help"}


async def test_the_update_data_never_reaches_a_magic_filter_on_the_loop() -> None:
    """aiogram passes a filter the data keys its parameters name: the inline check has none,
    so no key (whatever a middleware calls it) can collide with the event it is given."""
    router = Router(name="r")
    router.message.register(lambda: None, F.text.startswith("/"))
    check_magic_filters_on_the_loop(router)
    handler = router.message.handlers[0]
    data = {"value": "x", "event": "y", "magic": "z", "event_update": None}

    assert (await handler.check(SimpleNamespace(text="/start"), **data))[0] is True
    assert (await handler.check(SimpleNamespace(text="start"), **data))[0] is False


def _first_filter(handler: HandlerObject) -> FilterObject:
    assert handler.filters
    return handler.filters[0]


async def test_a_tap_s_button_data_is_parsed_once_for_the_filters_it_meets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A form's button passes several `FormCB.filter(F.a == ...)` before its own: each parsed
    the same data into a new object; the answers stay aiogram's own (CallbackQueryFilter)."""
    router = Router(name="r")
    actions = (FormAction.CANCEL, FormAction.SUBMIT, FormAction.BACK)
    for action in actions:
        router.callback_query.register(lambda: None, FormCB.filter(F.a == action))
    router.callback_query.register(lambda: None, LanguageCB.filter())
    originals = [_first_filter(handler).callback for handler in router.callback_query.handlers]
    check_magic_filters_on_the_loop(router)
    parsed: list[str] = []
    unpack = FormCB.unpack.__func__  # type: ignore[attr-defined]

    def counting(cls: type[FormCB], value: str) -> FormCB:
        parsed.append(value)
        return unpack(cls, value)  # type: ignore[no-any-return]

    monkeypatch.setattr(FormCB, "unpack", classmethod(counting))
    user = User(id=1, is_bot=False, first_name="A")
    for data in ("f:back:women::tok", "f:keep:women::tok", "lang:fr", "f:back", "", None):
        query = CallbackQuery(id="1", from_user=user, chat_instance="c", data=data)
        for handler, original in zip(router.callback_query.handlers, originals, strict=True):
            assert await _first_filter(handler).call(query) == await original(query)
    query = CallbackQuery(id="2", from_user=user, chat_instance="c", data="f:submit:q::t")
    parsed.clear()
    answers = [await _first_filter(h).call(query) for h in router.callback_query.handlers]
    assert answers[:3] == [False, {"callback_data": FormCB.unpack("f:submit:q::t")}, False]
    # Once for the filters up to the one that matched (whose object the handler gets), once
    # again after it (and once by this test's own comparison).
    assert parsed == ["f:submit:q::t"] * 3

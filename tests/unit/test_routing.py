"""The routers' class passes an event down as aiogram's Router does, without its wrapping."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import pytest
from aiogram import F
from aiogram import Router as AiogramRouter
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject

from handlers.routing import Router


def _tree(kind: type[AiogramRouter], seen: list[dict[str, Any]]) -> AiogramRouter:
    """root → [tagging (a root filter that adds data, no handler for "b"), plain, last]."""

    def handler(name: str) -> Callable[..., Awaitable[str]]:
        async def handle(event: Any, **data: Any) -> str:
            seen.append({"handler": name, "router": data["event_router"].name, **data})
            return name

        return handle

    tagging = kind(name="tagging")
    tagging.message.filter(F.text.as_("tag"))
    tagging.message.register(handler("a"), F.text == "a")
    plain = kind(name="plain")
    plain.message.register(handler("b"), F.text == "b")
    last = kind(name="last")
    last.message.register(handler("other"))
    root = kind(name="root")
    root.include_routers(tagging, plain, last)
    return root


@pytest.mark.parametrize("text", ["a", "b", "c"])
async def test_an_event_reaches_the_same_handler_with_the_same_data_as_with_aiogram(
    text: str,
) -> None:
    ours: list[dict[str, Any]] = []
    theirs: list[dict[str, Any]] = []
    event: Any = SimpleNamespace(text=text)  # what the filters read of a message

    got = await _tree(Router, ours).propagate_event("message", event, shared=1)
    expected = await _tree(AiogramRouter, theirs).propagate_event("message", event, shared=1)

    assert got == expected
    assert len(ours) == len(theirs) == 1
    strip = {"event_router", "handler"}  # objects of each tree
    assert {k: v for k, v in ours[0].items() if k not in strip} == {
        k: v for k, v in theirs[0].items() if k not in strip
    }
    # A sibling's filter data does not leak into the next sibling's handler.
    assert ("tag" in ours[0]) == (text == "a")


async def test_an_event_no_router_takes_is_unhandled() -> None:
    root = Router(name="root")
    root.include_router(Router(name="empty"))
    event: Any = SimpleNamespace(text="x")
    assert await root.propagate_event("message", event) is UNHANDLED


async def test_a_router_with_an_outer_middleware_still_runs_it() -> None:
    calls: list[str] = []
    inner = Router(name="inner")

    async def outer(
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        calls.append("middleware")
        return await handler(event, {**data, "from_middleware": True})

    inner.message.outer_middleware.register(outer)

    @inner.message()
    async def handle(event: Any, from_middleware: bool) -> str:
        calls.append(f"handler {from_middleware}")
        return "done"

    root = Router(name="root")
    root.include_router(inner)
    event: Any = SimpleNamespace(text="x")
    assert await root.propagate_event("message", event) == "done"
    assert calls == ["middleware", "handler True"]

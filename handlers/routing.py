"""The routers' class: aiogram's Router, passing an event down without the wrapping it skips.

aiogram wraps each router's step in that router's outer middlewares, even when it has none:
a closure, a `functools.wraps` copy and two more copies of the update's data (some thirty
entries) at every router an update passes (seven on the way to /help). None of our
routers has an outer middleware of its own (the dispatcher's are on `update`), so the step is
taken directly; a router given one gets aiogram's own path.
"""

from __future__ import annotations

from typing import Any

from aiogram import Router as AiogramRouter
from aiogram.types import TelegramObject


class Router(AiogramRouter):
    async def propagate_event(self, update_type: str, event: TelegramObject, **kwargs: Any) -> Any:
        observer = self.observers.get(update_type)
        if observer is not None and len(observer.outer_middleware):
            return await super().propagate_event(update_type, event, **kwargs)
        kwargs["event_router"] = self
        return await self._propagate_event(observer, update_type, event, **kwargs)

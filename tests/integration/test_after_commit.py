"""Work a handler starts after its update (Replies.later): only once the update committed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiogram import Bot
from aiogram.types import TelegramObject, Update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.middlewares import UnitOfWorkMiddleware
from models.queries import get_processed_update

BOT_TOKEN = "123456:TEST"  # never called: the handlers here state no reply


async def test_work_starts_after_the_commit_and_never_for_a_failed_update(
    session: AsyncSession,
) -> None:
    unit_of_work = UnitOfWorkMiddleware(attempts=1)
    bot = Bot(BOT_TOKEN)
    started: list[int] = []
    recorded_when_started: list[bool] = []

    def later(update_id: int) -> Any:
        async def work() -> None:
            seen = await get_processed_update(session, bot.id, update_id)
            recorded_when_started.append(seen is not None)
            started.append(update_id)

        return work

    async def exporting(event: TelegramObject, data: dict[str, Any]) -> str:
        assert isinstance(event, Update)
        data["reply"].later(later(event.update_id))
        return "handled"

    async def failing(event: TelegramObject, data: dict[str, Any]) -> None:
        assert isinstance(event, Update)
        data["reply"].later(later(event.update_id))
        raise RuntimeError("the update failed")

    data: dict[str, Any] = {"bot": bot, "session": session}
    assert await unit_of_work(exporting, Update(update_id=1), dict(data)) == "handled"
    with pytest.raises(RuntimeError):
        await unit_of_work(failing, Update(update_id=2), dict(data))
    await asyncio.sleep(0.05)
    assert started == [1]  # the failed update's work never started
    assert recorded_when_started == [True]
    await bot.session.close()

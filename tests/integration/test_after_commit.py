"""Work a handler starts after its update (Replies.later): only once the update committed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiogram import Bot
from aiogram.types import TelegramObject, Update
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.middlewares import UnitOfWorkMiddleware
from models.queries import get_processed_update
from models.tables import User

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


async def test_a_redelivery_whose_own_write_meets_a_unique_key_is_no_error(
    session: AsyncSession,
) -> None:
    # The handler inserts a row with a unique key (no ON CONFLICT). Its redelivery, run again
    # from the start, fails on that key before the update id's own: still a duplicate, not an
    # error the user would be apologised for.
    unit_of_work = UnitOfWorkMiddleware(attempts=1)
    bot = Bot(BOT_TOKEN)
    runs: list[int] = []

    async def joining(event: TelegramObject, data: dict[str, Any]) -> str:
        runs.append(1)
        await data["session"].execute(
            insert(User).values(telegram_id=4242, display_name="Ana", timezone="UTC")
        )
        return "handled"

    data: dict[str, Any] = {"bot": bot, "session": session}
    assert await unit_of_work(joining, Update(update_id=7), dict(data)) == "handled"
    assert await unit_of_work(joining, Update(update_id=7), dict(data)) is None  # the redelivery
    assert runs == [1, 1]
    count = select(func.count()).select_from(User).where(User.telegram_id == 4242)
    assert (await session.execute(count)).scalar_one() == 1
    await session.rollback()
    # A new update that breaks the same key is an error, as before.
    with pytest.raises(IntegrityError):
        await unit_of_work(joining, Update(update_id=8), dict(data))
    await bot.session.close()

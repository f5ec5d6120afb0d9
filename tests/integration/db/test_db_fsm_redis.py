"""RedisStorage and RedisEventIsolation, as create_fsm_storage builds them."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.fsm import create_event_isolation, create_fsm_storage

pytestmark = pytest.mark.redis

KEY = StorageKey(bot_id=42, chat_id=1001, user_id=1001)


async def test_redis_storage_keeps_state_and_data_per_bot(
    redis_url: str, redis_prefix: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    storage = create_fsm_storage(redis_url, session_factory, key_prefix=redis_prefix)
    try:
        assert isinstance(storage, RedisStorage)
        await storage.set_state(KEY, "Report:country")
        await storage.update_data(KEY, {"country": "HT"})
        assert await storage.get_state(KEY) == "Report:country"
        assert await storage.get_data(KEY) == {"country": "HT"}
        other_bot = StorageKey(bot_id=43, chat_id=1001, user_id=1001)
        assert await storage.get_state(other_bot) is None
        keys = [key async for key in storage.redis.scan_iter(match=f"{redis_prefix}:*")]
        assert keys
        assert all(key.decode().startswith(f"{redis_prefix}:42:") for key in keys)
    finally:
        await storage.close()


async def test_redis_event_isolation_serialises_one_chat(
    redis_url: str, redis_prefix: str
) -> None:
    isolation = create_event_isolation(redis_url, key_prefix=redis_prefix)
    assert isinstance(isolation, RedisEventIsolation)
    order: list[str] = []

    async def handle(name: str) -> None:
        async with isolation.lock(KEY):
            order.append(f"{name} in")
            await asyncio.sleep(0.05)
            order.append(f"{name} out")

    try:
        await asyncio.gather(handle("a"), handle("b"))
    finally:
        await isolation.close()
    assert order in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])

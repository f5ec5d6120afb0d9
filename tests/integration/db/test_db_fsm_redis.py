"""With Redis: the per-chat lock in Redis, the conversation state in the database."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisEventIsolation
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.fsm import SQLStorage, create_event_isolation, create_fsm_storage

pytestmark = pytest.mark.redis

KEY = StorageKey(bot_id=42, chat_id=1001, user_id=1001)


async def test_with_redis_the_state_stays_in_the_database_and_redis_only_locks(
    redis_url: str, redis_prefix: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """The state must change in the same transaction as the update's effects (issue 10)."""
    storage = create_fsm_storage(session_factory)
    isolation = create_event_isolation(redis_url, key_prefix=redis_prefix)
    try:
        assert isinstance(storage, SQLStorage)
        assert isinstance(isolation, RedisEventIsolation)
        async with isolation.lock(KEY):
            await storage.set_state(KEY, "Report:country")
            await storage.update_data(KEY, {"country": "HT"})
        assert await storage.get_state(KEY) == "Report:country"
        assert await storage.get_data(KEY) == {"country": "HT"}
        # Only the lock ever touched Redis, and it is gone once released.
        keys = [key async for key in isolation.redis.scan_iter(match=f"{redis_prefix}:*")]
        assert keys == []
    finally:
        await storage.close()
        await isolation.close()


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


async def test_a_chat_lock_gone_from_redis_before_the_update_ended_does_not_fail_it(
    redis_url: str, redis_prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    """FLUSHDB, an eviction or the lock's expiry while an update is handled: the update was
    committed and answered; releasing its lock used to raise LockNotOwnedError, and the user
    got "Sorry, something went wrong ... try the last step again" after the bot's answer."""
    isolation = create_event_isolation(redis_url, key_prefix=redis_prefix)
    assert isinstance(isolation, RedisEventIsolation)
    done = []
    try:
        async with isolation.lock(KEY):
            keys = [key async for key in isolation.redis.scan_iter(match=f"{redis_prefix}:*")]
            assert len(keys) == 1  # the chat's lock
            await isolation.redis.delete(*keys)  # as FLUSHDB would
            done.append("handled")
        # The next update of the chat takes the lock as usual.
        async with isolation.lock(KEY):
            done.append("next")
    finally:
        await isolation.close()
    assert done == ["handled", "next"]
    assert "lock was gone from Redis" in caplog.text


async def test_an_error_of_the_update_is_not_hidden_by_a_lost_chat_lock(
    redis_url: str, redis_prefix: str
) -> None:
    isolation = create_event_isolation(redis_url, key_prefix=redis_prefix)
    assert isinstance(isolation, RedisEventIsolation)

    async def failing_update() -> None:
        async with isolation.lock(KEY):
            keys = [k async for k in isolation.redis.scan_iter(match=f"{redis_prefix}:*")]
            await isolation.redis.delete(*keys)
            raise ZeroDivisionError  # the update's own failure: the one to report

    try:
        with pytest.raises(ZeroDivisionError):
            await failing_update()
    finally:
        await isolation.close()


async def test_a_chat_lock_held_longer_than_its_expiry_keeps_out_the_chats_next_update(
    redis_url: str, redis_prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    """An update that takes longer than the lock's expiry (60 s in production: a 429 storm
    while sending its replies, a large export on a slow link) kept its lock only that long:
    the chat's next update, on another worker, then ran beside it on the same state."""
    timeout = 0.3
    # Two workers' locks.
    first = create_event_isolation(redis_url, key_prefix=redis_prefix, lock_seconds=timeout)
    second = create_event_isolation(redis_url, key_prefix=redis_prefix, lock_seconds=timeout)
    order: list[str] = []

    async def slow_update() -> None:
        async with first.lock(KEY):
            order.append("slow in")
            await asyncio.sleep(timeout * 4)
            order.append("slow out")

    async def next_update() -> None:
        await asyncio.sleep(timeout / 3)  # arrives while the slow one runs
        async with second.lock(KEY):
            order.append("next in")

    try:
        await asyncio.gather(slow_update(), next_update())
    finally:
        await first.close()
        await second.close()
    assert order == ["slow in", "slow out", "next in"]
    assert "lock was gone from Redis" not in caplog.text

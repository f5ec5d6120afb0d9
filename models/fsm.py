"""aiogram FSM storage in the application database, and the Redis/in-process alternatives."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Any

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseEventIsolation,
    BaseStorage,
    DefaultKeyBuilder,
    StateType,
    StorageKey,
)
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.fsm_records import FSM_TABLE, storage_key_string, transaction_records

log = logging.getLogger(__name__)

# The session of the update being handled, set by the bot's per-update DB middleware. While it
# is set, the storage reads and writes through it and does not commit: the FSM change commits
# (or rolls back) together with the handler's writes, and on SQLite no second connection has to
# wait for the update's own write lock.
ambient_session: ContextVar[AsyncSession | None] = ContextVar(
    "fieldbot_ambient_session", default=None
)


@contextmanager
def use_session(session: AsyncSession) -> Iterator[None]:
    """Make `session` the ambient session for the code inside the block."""
    token = ambient_session.set(session)
    try:
        yield
    finally:
        ambient_session.reset(token)


def _state_string(state: StateType) -> str | None:
    if isinstance(state, State):
        return state.state
    return state


class _NotPlain(Exception):
    """A value that only a JSON round trip turns into what will read back."""


def _plain_copy(value: Any) -> Any:
    """A copy of plain JSON data (str keys; str, int, float, bool, None, dicts, lists, tuples
    as lists): what a JSON round trip gives for it, without encoding. _NotPlain otherwise."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is dict:
        copy = {}
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            copy[key] = _plain_copy(item)
        return copy
    if kind is list or kind is tuple:
        return [_plain_copy(item) for item in value]
    raise _NotPlain


def _json_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` as it will read back (tuples become lists); TypeError if it is not JSON."""
    if not isinstance(data, Mapping):
        raise DataNotDictLikeError(
            f"Data must be a dict or dict-like object, got {type(data).__name__}"
        )
    try:
        plain: dict[str, Any] = _plain_copy(dict(data))
        return plain
    except (_NotPlain, RecursionError):
        pass  # enums, int keys, a cycle...: as JSON encodes them, or the error it gives
    try:
        encoded = json.dumps(dict(data))
    except (TypeError, ValueError) as error:
        raise TypeError(
            "FSM data must be JSON-serialisable (str, int, float, bool, None, list, dict): "
            f"{error}"
        ) from error
    loaded: dict[str, Any] = json.loads(encoded)
    return loaded


_KEEP: Any = object()  # "leave the state as it is"
_READ = select(FSM_TABLE.c.state, FSM_TABLE.c.data).where(FSM_TABLE.c.key == bindparam("key"))


def _json_copy(value: Any) -> Any:
    """A copy of JSON data (dicts, lists and scalars: what the FSM data holds, see _json_data):
    what copy.deepcopy does for it, several times faster."""
    if isinstance(value, dict):
        return {key: _json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_copy(item) for item in value]
    return value


class SQLStorage(BaseStorage):
    """FSM state and data in the `fsm_records` table (SQLite or PostgreSQL).

    With an ambient session (see `use_session`) every call goes through it and its changes
    are written when that session's transaction commits, committed (or rolled back) with
    the update's effects; without one, each call is its own short transaction. Two updates
    never change one record at once: the per-chat lock (event isolation) is held around both.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        ambient = ambient_session.get()
        if ambient is not None:
            yield ambient
            return
        async with self._session_factory() as session, session.begin():
            yield session

    async def _cached(self, session: AsyncSession, key: str) -> tuple[str | None, dict[str, Any]]:
        """The record as this transaction knows it: the cache's own objects, not to be changed
        by the caller (a change replaces them)."""
        records = transaction_records(session)
        cached = records.values.get(key)
        if cached is None:
            row = (await session.execute(_READ, {"key": key})).one_or_none()
            cached = (None, {}) if row is None else (row.state, dict(row.data or {}))
            # The transaction began with that SELECT: the cache is the new transaction's.
            transaction_records(session).values[key] = cached
        return cached

    async def _read(self, session: AsyncSession, key: str) -> tuple[str | None, dict[str, Any]]:
        state, data = await self._cached(session, key)
        # A copy, as a fresh read would give: changing what a caller got, without set_data,
        # must not change what a later write of this record stores.
        return state, _json_copy(data)

    async def _change(
        self,
        key: StorageKey,
        state: StateType | object = _KEEP,
        data: dict[str, Any] | None = None,
        *,
        merge: bool = False,
    ) -> dict[str, Any]:
        """Change a record in the cache (read first if needed); the commit writes it."""
        string_key = storage_key_string(key)
        async with self._session() as session:
            current_state, current_data = await self._cached(session, string_key)
            new_state = current_state if state is _KEEP else _state_string(state)  # type: ignore[arg-type]
            if data is None:
                new_data = current_data  # the cache's own, unchanged
            else:
                # `data` is fresh (_json_data); the cache's objects are shared, never changed.
                new_data = {**current_data, **data} if merge else data
            records = transaction_records(session)
            records.values[string_key] = (new_state, new_data)
            records.dirty.add(string_key)
        return _json_copy(new_data) if merge else new_data

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._change(key, state=state)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            state, _data = await self._read(session, storage_key_string(key))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._change(key, data=_json_data(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            _state, data = await self._read(session, storage_key_string(key))
        return data

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Merge `data` into the stored data (read, then write, in one transaction)."""
        return await self._change(key, data=_json_data(data), merge=True)

    async def close(self) -> None:
        """Nothing to close: the engine belongs to the application, which disposes of it."""


def _redis_key_builder(prefix: str) -> DefaultKeyBuilder:
    # The bot id keeps two bots sharing one Redis apart; destinies are needed by aiogram scenes.
    return DefaultKeyBuilder(prefix=prefix, with_bot_id=True, with_destiny=True)


def create_fsm_storage(session_factory: async_sessionmaker[AsyncSession]) -> BaseStorage:
    """The conversation state lives in the application database, with Redis or without.

    Through the update's session its changes commit together with the update's effects, or not
    at all: a step that failed (a lock, a 429 storm) leaves the state where it was, so the
    user's answer to the same question is taken for the same question. (aiogram's RedisStorage
    writes at once, outside that transaction.) With several workers Redis still provides the
    per-chat lock (create_event_isolation).
    """
    return SQLStorage(session_factory)


class RedisChatLocks(RedisEventIsolation):
    """aiogram's Redis per-chat lock, whose `close` also closes its connection pool (aiogram's
    leaves the connections open at shutdown).

    The lock expires (`timeout`, 60 s) so that a worker that died holding it does not block its
    chat for ever; while its update runs, it is renewed every third of that, so an update that
    takes longer (a 429 storm while it sends its replies, a large export on a slow link) keeps
    the chat's next update waiting instead of running beside it.

    Releasing a lock that is no longer in Redis (FLUSHDB, an eviction, its expiry) or while
    Redis does not answer is logged, not raised: the update it guarded has committed and
    answered by then, and an error there made the user read "something went wrong, try the
    last step again" after the bot's answer (and a retried answer went to the next question).
    """

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        name = self.key_builder.build(key, "lock")
        lock = self.redis.lock(name=name, **self.lock_kwargs, lock_class=Lock)
        if not await lock.acquire():
            raise LockError("Unable to acquire lock within the time specified", lock_name=name)
        renewing = asyncio.create_task(self._renew(lock), name="chat-lock-renewal")
        try:
            yield None
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing
            try:
                await lock.release()
            except (LockError, RedisError) as error:
                # The chat's next update may already have started on another worker; nothing
                # of this one is undone (its effects and state committed in the database).
                log.warning(
                    "A chat's lock was gone from Redis before its update ended (%s): was "
                    "Redis flushed or restarted?",
                    type(error).__name__,
                )

    @staticmethod
    async def _renew(lock: Lock) -> None:
        """Give the lock its whole timeout again every third of it, while it is held."""
        if not lock.timeout:
            return
        while True:
            await asyncio.sleep(lock.timeout / 3)
            try:
                await lock.reacquire()
            except (LockError, RedisError) as error:
                log.warning("Could not renew a chat's lock in Redis (%s)", type(error).__name__)
                return

    async def close(self) -> None:
        await self.redis.aclose(close_connection_pool=True)


def create_event_isolation(
    redis_url: str | None, *, key_prefix: str = "fsm", lock_seconds: float = 60.0
) -> BaseEventIsolation:
    """A Redis lock per chat when Redis is configured (shared by workers; it expires
    `lock_seconds` after its worker stopped renewing it), else an in-process lock (enough for
    one process)."""
    if redis_url:
        return RedisChatLocks.from_url(
            redis_url,
            key_builder=_redis_key_builder(key_prefix),
            lock_kwargs={"timeout": lock_seconds},
        )
    return SimpleEventIsolation()

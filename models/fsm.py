"""aiogram FSM storage in the application database, and the Redis/in-process alternatives."""

from __future__ import annotations

import json
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
from sqlalchemy import Table, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.base import utcnow
from models.tables import FsmRecord
from models.upsert import dialect_name, upsert

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


def storage_key_string(key: StorageKey) -> str:
    """The primary key of a StorageKey: every field, JSON-encoded so no separator can clash."""
    return json.dumps(
        [
            key.bot_id,
            key.chat_id,
            key.user_id,
            key.thread_id,
            key.business_connection_id,
            key.destiny,
        ],
        separators=(",", ":"),
    )


def _state_string(state: StateType) -> str | None:
    if isinstance(state, State):
        return state.state
    return state


def _json_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """`data` as it will read back (tuples become lists); TypeError if it is not JSON."""
    if not isinstance(data, Mapping):
        raise DataNotDictLikeError(
            f"Data must be a dict or dict-like object, got {type(data).__name__}"
        )
    try:
        encoded = json.dumps(dict(data))
    except (TypeError, ValueError) as error:
        raise TypeError(
            "FSM data must be JSON-serialisable (str, int, float, bool, None, list, dict): "
            f"{error}"
        ) from error
    loaded: dict[str, Any] = json.loads(encoded)
    return loaded


_TABLE: Table = FsmRecord.__table__  # type: ignore[assignment]
_CACHE = "fieldbot_fsm"
_READ = select(_TABLE.c.state, _TABLE.c.data).where(_TABLE.c.key == bindparam("key"))


def _cache(session: AsyncSession) -> dict[str, tuple[str | None, dict[str, Any]]]:
    """What this transaction of `session` has read or written, by record key.

    An update reads its state, then its data, then writes them: one SELECT is enough. The
    cache belongs to the session's current transaction: after a commit or a rollback (a
    retried update) it starts empty, so nothing stale survives.
    """
    transaction = session.sync_session.get_transaction()
    entry = session.info.get(_CACHE)
    if entry is None or entry[0] is not transaction:
        entry = (transaction, {})
        session.info[_CACHE] = entry
    cache: dict[str, tuple[str | None, dict[str, Any]]] = entry[1]
    return cache


class SQLStorage(BaseStorage):
    """FSM state and data in the `fsm_records` table (SQLite or PostgreSQL).

    With an ambient session (see `use_session`) every call goes through it and nothing is
    committed here; without one, each call uses its own short transaction.
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

    async def _read(self, session: AsyncSession, key: str) -> tuple[str | None, dict[str, Any]]:
        cached = _cache(session).get(key)
        if cached is not None:
            return cached[0], dict(cached[1])
        row = (await session.execute(_READ, {"key": key})).one_or_none()
        state, data = (None, {}) if row is None else (row.state, dict(row.data or {}))
        _cache(session)[key] = (state, dict(data))
        return state, data

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = _state_string(state)
        now = utcnow()
        async with self._session() as session:
            await session.execute(
                upsert(
                    session,
                    _TABLE,
                    {
                        "key": storage_key_string(key),
                        "state": value,
                        "data": {},
                        "updated_at": now,
                    },
                    conflict=["key"],
                    update={"state": value, "updated_at": now},
                )
            )
            cache = _cache(session)
            cached = cache.get(storage_key_string(key))
            cache[storage_key_string(key)] = (value, cached[1] if cached else {})

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            state, _data = await self._read(session, storage_key_string(key))
        return state

    async def _write_data(self, session: AsyncSession, key: str, data: dict[str, Any]) -> None:
        now = utcnow()
        await session.execute(
            upsert(
                session,
                _TABLE,
                {"key": key, "state": None, "data": data, "updated_at": now},
                conflict=["key"],
                update={"data": data, "updated_at": now},
            )
        )
        cache = _cache(session)
        cached = cache.get(key)
        cache[key] = (cached[0] if cached else None, dict(data))

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        clean = _json_data(data)
        async with self._session() as session:
            await self._write_data(session, storage_key_string(key), clean)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            _state, data = await self._read(session, storage_key_string(key))
        return data

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Merge `data` into the stored data in one transaction (read, then upsert)."""
        clean = _json_data(data)
        string_key = storage_key_string(key)
        async with self._session() as session:
            cached = _cache(session).get(string_key)
            if cached is not None:
                # Read in this transaction already, under the chat's lock.
                current: dict[str, Any] | None = cached[1]
            else:
                statement = select(_TABLE.c.data).where(_TABLE.c.key == string_key)
                if dialect_name(session) == "postgresql":
                    # Two workers merging into the same record must not lose each other's keys.
                    statement = statement.with_for_update()
                current = (await session.execute(statement)).scalar_one_or_none()
            merged = {**(current or {}), **clean}
            await self._write_data(session, string_key, merged)
        return dict(merged)

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
    leaves the connections open at shutdown)."""

    async def close(self) -> None:
        await self.redis.aclose(close_connection_pool=True)


def create_event_isolation(
    redis_url: str | None, *, key_prefix: str = "fsm"
) -> BaseEventIsolation:
    """A Redis lock per chat when Redis is configured (shared by workers), else an
    in-process lock (enough for one process)."""
    if redis_url:
        return RedisChatLocks.from_url(redis_url, key_builder=_redis_key_builder(key_prefix))
    return SimpleEventIsolation()

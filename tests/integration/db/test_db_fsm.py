"""SQLStorage: aiogram's FSM in the application database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import SimpleEventIsolation
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import Role
from bot.domain.people import UserView
from bot.domain.scope import Scope
from models import queries
from models.db import create_engine, create_session_factory
from models.fsm import (
    SQLStorage,
    ambient_session,
    create_event_isolation,
    create_fsm_storage,
    use_session,
)


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Every test here runs on SQLite and, when available, on PostgreSQL."""
    return any_db_url


KEY = StorageKey(bot_id=42, chat_id=7_000_000_001, user_id=7_000_000_001)
OTHER_THREAD = StorageKey(bot_id=42, chat_id=7_000_000_001, user_id=7_000_000_001, thread_id=5)
OTHER_BOT = StorageKey(bot_id=43, chat_id=7_000_000_001, user_id=7_000_000_001)


class Report(StatesGroup):
    country = State()
    participants = State()


@pytest.fixture
def storage(session_factory: async_sessionmaker[AsyncSession]) -> SQLStorage:
    return SQLStorage(session_factory)


async def test_state_is_stored_and_cleared(storage: SQLStorage) -> None:
    assert await storage.get_state(KEY) is None
    await storage.set_state(KEY, Report.country)
    assert await storage.get_state(KEY) == "Report:country"
    await storage.set_state(KEY, "Report:participants")
    assert await storage.get_state(KEY) == Report.participants.state
    await storage.set_state(KEY, None)
    assert await storage.get_state(KEY) is None


async def test_data_is_replaced_merged_and_cleared(storage: SQLStorage) -> None:
    assert await storage.get_data(KEY) == {}
    await storage.set_data(KEY, {"country": "HT", "girls": 12})
    merged = await storage.update_data(KEY, {"boys": 9, "girls": 13})
    assert merged == {"country": "HT", "girls": 13, "boys": 9}
    assert await storage.get_data(KEY) == merged
    assert await storage.get_value(KEY, "boys") == 9
    await storage.set_data(KEY, {})
    assert await storage.get_data(KEY) == {}


async def test_state_and_data_are_independent(storage: SQLStorage) -> None:
    await storage.update_data(KEY, {"step": 1})
    await storage.set_state(KEY, Report.country)
    await storage.set_data(KEY, {"step": 2})
    assert await storage.get_state(KEY) == "Report:country"
    await storage.set_state(KEY, None)
    assert await storage.get_data(KEY) == {"step": 2}


async def test_keys_differ_by_bot_and_thread(storage: SQLStorage) -> None:
    await storage.set_state(KEY, Report.country)
    await storage.set_data(OTHER_THREAD, {"thread": True})
    assert await storage.get_state(OTHER_THREAD) is None
    assert await storage.get_state(OTHER_BOT) is None
    assert await storage.get_data(KEY) == {}
    assert await storage.get_data(OTHER_THREAD) == {"thread": True}


async def test_data_reads_back_as_json_would(storage: SQLStorage) -> None:
    result = await storage.update_data(KEY, {"ages": (5, 9), "name": "Zoé", "nested": {"a": [1]}})
    assert result == {"ages": [5, 9], "name": "Zoé", "nested": {"a": [1]}}
    assert await storage.get_data(KEY) == result


async def test_data_that_is_not_json_is_refused(storage: SQLStorage) -> None:
    with pytest.raises(TypeError, match="JSON-serialisable"):
        await storage.set_data(KEY, {"when": object()})
    with pytest.raises(TypeError, match="JSON-serialisable"):
        await storage.update_data(KEY, {"ids": {1, 2}})
    assert await storage.get_data(KEY) == {}


async def test_state_and_data_survive_a_restart(db_url: str) -> None:
    first = create_engine(db_url)
    try:
        storage = SQLStorage(create_session_factory(first))
        await storage.set_state(KEY, Report.participants)
        await storage.set_data(KEY, {"country": "SN"})
        await storage.close()
    finally:
        await first.dispose()

    second = create_engine(db_url)
    try:
        restarted = SQLStorage(create_session_factory(second))
        assert await restarted.get_state(KEY) == "Report:participants"
        assert await restarted.get_data(KEY) == {"country": "SN"}
    finally:
        await second.dispose()


async def test_ambient_session_rollback_keeps_nothing(
    storage: SQLStorage, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session:
        with use_session(session):
            assert ambient_session.get() is session
            await storage.set_state(KEY, Report.country)
            await storage.update_data(KEY, {"country": "HT"})
            # Read through the same, uncommitted transaction.
            assert await storage.get_state(KEY) == "Report:country"
            assert await storage.get_data(KEY) == {"country": "HT"}
            await session.rollback()
    assert ambient_session.get() is None
    assert await storage.get_state(KEY) is None
    assert await storage.get_data(KEY) == {}


async def test_ambient_session_commit_keeps_the_change(
    storage: SQLStorage, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session:
        with use_session(session):
            await storage.set_state(KEY, Report.country)
            await storage.set_data(KEY, {"country": "HT"})
        # The storage did not commit: another connection sees nothing yet.
        assert await storage.get_state(KEY) is None
        await session.commit()
    assert await storage.get_state(KEY) == "Report:country"
    assert await storage.get_data(KEY) == {"country": "HT"}


async def test_without_redis_the_factories_give_sql_storage_and_local_locks(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    storage = create_fsm_storage(session_factory)
    isolation = create_event_isolation(None)
    try:
        assert isinstance(storage, SQLStorage)
        assert isinstance(isolation, SimpleEventIsolation)
        async with isolation.lock(KEY):
            await storage.set_state(KEY, Report.country)
        assert await storage.get_state(KEY) == "Report:country"
    finally:
        await storage.close()
        await isolation.close()


async def test_changing_what_get_data_returned_changes_nothing_stored(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """As with a fresh read: only set_data/update_data change the stored data, even though the
    record is cached for the transaction and written once at its commit."""
    storage = SQLStorage(session_factory)
    async with session_factory() as session:
        with use_session(session):
            await storage.set_data(KEY, {"answers": {"women": 12}})
            data = await storage.get_data(KEY)
            data["answers"]["women"] = 999  # a handler's local change, never written back
            await storage.set_state(KEY, Report.country)
        await session.commit()
    assert await storage.get_data(KEY) == {"answers": {"women": 12}}
    assert await storage.get_state(KEY) == "Report:country"


async def test_what_a_caller_changes_in_its_copy_is_never_stored(
    storage: SQLStorage, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Within one transaction the records are cached: a caller changing the data it got (or
    passed) without set_data changes nothing stored, however deep the change."""
    draft: dict[str, Any] = {"draft": {"answers": {"country": "HT", "groups": ["police"]}}}
    async with session_factory() as session:
        with use_session(session):
            await storage.set_data(KEY, draft)
            draft["draft"]["answers"]["groups"].append("passed in")  # after set_data
            got = await storage.get_data(KEY)
            got["draft"]["answers"]["groups"].append("read")
            merged = await storage.update_data(KEY, {"step": 2})
            merged["draft"]["answers"]["country"] = "NE"
            await storage.set_state(KEY, Report.country)  # a state change keeps the data
            assert await storage.get_data(KEY) == {
                "draft": {"answers": {"country": "HT", "groups": ["police"]}},
                "step": 2,
            }
            await session.commit()
    assert (await storage.get_data(KEY))["draft"]["answers"] == {
        "country": "HT",
        "groups": ["police"],
    }


async def _statements_while(
    session: AsyncSession, work: Callable[[], Awaitable[object]]
) -> tuple[object, list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engine = session.bind.sync_engine  # type: ignore[union-attr]
    event.listen(engine, "before_cursor_execute", record)
    try:
        result = await work()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return result, seen


async def test_the_user_and_the_chats_state_come_in_one_statement(
    storage: SQLStorage, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session:
        await queries.ensure_user(session, KEY.user_id, "Jean", "fr")
        for role, countries in ((Role.MANAGER, ["HT"]), (Role.FIELD_STAFF, ["HT", "NE"])):
            await queries.grant_role(
                session, KEY.user_id, role, countries, False, actor_user_id=None
            )
        await session.commit()
    await storage.set_state(KEY, Report.participants)
    await storage.set_data(KEY, {"country": "HT", "women": 12})

    async with session_factory() as session:
        with use_session(session):
            user, statements = await _statements_while(
                session, lambda: queries.get_user_and_state(session, KEY.user_id, KEY)
            )
            state_and_data, later = await _statements_while(
                session, lambda: _state_and_data(storage, KEY)
            )

    assert len(statements) == 1
    assert isinstance(user, UserView)
    assert user.display_name == "Jean"
    assert dict(user.grants) == {
        Role.FIELD_STAFF: Scope(("HT", "NE"), False),
        Role.MANAGER: Scope(("HT",), False),
    }
    assert state_and_data == ("Report:participants", {"country": "HT", "women": 12})
    assert later == []  # the storage found the state where the first read left it


async def test_a_stranger_without_a_state_reads_as_nobody_in_no_state(
    storage: SQLStorage, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session:
        with use_session(session):
            user = await queries.get_user_and_state(session, 999, OTHER_BOT)
            assert user is None
            assert await _state_and_data(storage, OTHER_BOT) == (None, {})
            await storage.set_state(OTHER_BOT, Report.country)
            await session.commit()
    assert await storage.get_state(OTHER_BOT) == "Report:country"


async def _state_and_data(storage: SQLStorage, key: StorageKey) -> tuple[str | None, Any]:
    return await storage.get_state(key), await storage.get_data(key)

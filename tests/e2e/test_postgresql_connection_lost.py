"""PostgreSQL drops the bot's connection in the middle of an update (a restart, a failover,
pg_terminate_backend): the update is run again on a new connection, never an apology."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import Role
from bot.sandbox import SandboxServer
from models import queries
from models.db import create_engine
from tests.e2e.harness import BotUnderTest, running_bot

pytestmark = [pytest.mark.pg, pytest.mark.redis]

APOLOGY = "Sorry, something went wrong"


@pytest.fixture
async def fieldbot(
    pg_url: str, redis_url: str, sandbox: SandboxServer
) -> AsyncIterator[BotUnderTest]:
    async with running_bot(sandbox, pg_url, redis_url=redis_url) as bot:
        yield bot


async def terminate_own_backend(session: AsyncSession, url: str) -> None:
    """End this session's PostgreSQL backend from another connection, as a restart would."""
    pid = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await engine.dispose()


async def test_an_update_whose_connection_dies_mid_transaction_is_run_again(
    fieldbot: BotUnderTest, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/invite")
    await amina.tap("Manager")
    real = queries.record_processed_update
    killed: list[bool] = []

    async def connection_dies_once(session: AsyncSession, *args: Any, **kwargs: Any) -> Any:
        if not killed:
            killed.append(True)
            await terminate_own_backend(session, pg_url)
        return await real(session, *args, **kwargs)

    monkeypatch.setattr(queries, "record_processed_update", connection_dies_once)
    await amina.send("HT, NE")
    assert killed == [True]
    replies = [m.text for m in await amina.messages()]
    assert not any(APOLOGY in reply for reply in replies), replies
    assert "How long may the invitation be used?" in replies[-1]
    await amina.tap("7 days")
    assert "Haiti and Niger" in (await amina.last()).text


async def test_a_commit_whose_answer_is_lost_is_not_applied_twice(
    fieldbot: BotUnderTest, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection dies after PostgreSQL committed but before the bot heard so: the update
    runs again, finds itself handled (its id is recorded) and sends the replies it owes, once."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/invite")
    await amina.tap("Manager")
    assert fieldbot.app is not None
    session_class: Any = fieldbot.app.session_factory.class_
    real_commit = session_class.commit
    killed: list[bool] = []

    async def answer_lost_once(self: AsyncSession) -> None:
        if killed or not self.in_transaction():
            await real_commit(self)
            return
        killed.append(True)
        # Commit on the side of PostgreSQL, then lose the connection before the bot reads
        # the outcome: the next statement on it fails as the lost COMMIT's answer would.
        connection = await self.connection()
        await connection.exec_driver_sql("COMMIT")
        await terminate_own_backend(self, pg_url)
        await self.execute(text("SELECT 1"))

    monkeypatch.setattr(session_class, "commit", answer_lost_once)
    await amina.send("HT, NE")
    monkeypatch.undo()
    assert killed == [True]
    replies = [m.text for m in await amina.messages()]
    assert not any(APOLOGY in reply for reply in replies), replies
    assert sum("How long may the invitation be used?" in reply for reply in replies) == 1
    await amina.tap("7 days")
    assert "Haiti and Niger" in (await amina.last()).text

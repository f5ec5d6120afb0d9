"""Issue 10: a polling bot killed (SIGKILL) in the middle of an update loses nothing.

The update is confirmed to Telegram only once it has been handled, so after the restart
Telegram (the sandbox, in its own process's place) delivers it again; the processed-update row
makes that delivery harmless and sends the welcome the dead process still owed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.domain.enums import Role
from bot.sandbox import SandboxControl, SandboxServer, SimUser
from bot.settings import SANDBOX_TOKEN
from models import queries
from models.db import create_engine, create_session_factory
from models.tables import Invite, ProcessedUpdate

BOT_ID = int(SANDBOX_TOKEN.split(":")[0])


class PollingBot:
    """`python -m bot run` (long polling) in its own process."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        self._file = log.open("a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env=env,
            stdout=self._file,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._file.close()

    def stop(self) -> int:
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=20)
        finally:
            self._file.close()


@pytest.fixture
def bot_env(db_url: str, sandbox: SandboxServer) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("FIELDBOT_")}
    env.update(
        FIELDBOT_DB__URL=db_url,
        FIELDBOT_BOT__API_BASE=sandbox.base_url,
        FIELDBOT_BOT__TOKEN=SANDBOX_TOKEN,
        FIELDBOT_BOT__REQUEST_TIMEOUT="120",
        FIELDBOT_SCHEDULER_IN_PROCESS="false",
        FIELDBOT_LOG_LEVEL="INFO",
    )
    return env


async def _until(check: object, what: str, seconds: float = 60.0) -> None:
    assert callable(check)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def _welcomes(jean: SimUser) -> int:
    return sum("Welcome" in m.text for m in await jean.messages())


async def test_a_polling_bot_killed_mid_update_handles_it_after_the_restart(
    db_url: str, sandbox: SandboxServer, bot_env: dict[str, str], tmp_path: Path
) -> None:
    engine = create_engine(db_url)
    factory = create_session_factory(engine)
    try:
        async with factory() as session:
            code, _ = await queries.create_invite(
                session,
                role=Role.FIELD_STAFF,
                countries=["HT"],
                all_countries=False,
                expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
                max_uses=1,
                created_by_user_id=None,
            )
            await session.commit()
        async with SandboxControl(sandbox.base_url, BOT_ID) as control:
            jean = control.user(2001, "Jean")
            # Telegram is slow for Jean: the welcome is still in flight when the bot dies.
            await control.add_delay("sendMessage", 120, chat_id=2001)
            first = PollingBot(bot_env, tmp_path / "bot.log")
            update_id = await jean.send(f"/start {code}", wait=False)

            async def committed() -> bool:
                async with factory() as session:
                    return await session.get(ProcessedUpdate, (BOT_ID, update_id)) is not None

            await _until(committed, "the first process to commit the update")
            await asyncio.sleep(0.3)
            first.kill()
            assert await _welcomes(jean) == 0
            # Telegram was never told the update was handled: it is still pending.
            assert (await control.stats())["pending_updates"] >= 1

            await control.clear_delays()
            second = PollingBot(bot_env, tmp_path / "bot.log")

            async def welcomed() -> bool:
                return await _welcomes(jean) >= 1

            async def confirmed() -> bool:
                return bool((await control.stats())["pending_updates"] == 0)

            await _until(welcomed, "the welcome after the restart")
            await _until(confirmed, "the update to be confirmed")
            await asyncio.sleep(0.5)  # anything sent twice would show by now
            assert await _welcomes(jean) == 1
            assert second.stop() == 0, (tmp_path / "bot.log").read_text()
        async with factory() as session:
            assert await session.scalar(select(Invite.uses)) == 1
            row = await session.get(ProcessedUpdate, (BOT_ID, update_id))
            assert row is not None
            assert row.replies is None
    finally:
        await engine.dispose()

"""Commands and a database another process is writing to (the bot, `fieldbot scheduler`, an
import): FIELDBOT_DB__BUSY_TIMEOUT_MS is how long each attempt waits for the lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from bot.services import session_factory
from bot.settings import Settings


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("FIELDBOT_REDIS_URL", "FIELDBOT_PLAN_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    # Each attempt waits 20 ms for the lock instead of 5 s: the retries run out in a second.
    monkeypatch.setenv("FIELDBOT_DB__BUSY_TIMEOUT_MS", "20")


async def test_the_commands_wait_for_the_lock_as_long_as_the_setting_says() -> None:
    # It was the bot's alone: commands waited 5 s per attempt whatever it said.
    async with session_factory(Settings()) as factory, factory() as session:
        waits = (await session.execute(text("PRAGMA busy_timeout"))).scalar_one()
    assert waits == 20

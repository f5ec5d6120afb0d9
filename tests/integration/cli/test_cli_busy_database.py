"""Commands and a database another process is writing to (the bot, `fieldbot scheduler`, an
import): FIELDBOT_DB__BUSY_TIMEOUT_MS is how long each attempt waits for the lock, and a command
that the lock refused through every retry ends with one line that says so and exit status 1,
not a traceback and 'OperationalError: database is locked [SQL: ...]'."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from bot.cli import EXIT_FAILURE, main
from bot.services import session_factory
from bot.settings import Settings
from tests.integration.cli.environment import cli_on


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    cli_on(monkeypatch, tmp_path, db_url)
    # Each attempt waits 20 ms for the lock instead of 5 s: the retries run out in a second.
    monkeypatch.setenv("FIELDBOT_DB__BUSY_TIMEOUT_MS", "20")


async def test_the_commands_wait_for_the_lock_as_long_as_the_setting_says() -> None:
    # It was the bot's alone: commands waited 5 s per attempt whatever it said.
    async with session_factory(Settings()) as factory, factory() as session:
        waits = (await session.execute(text("PRAGMA busy_timeout"))).scalar_one()
    assert waits == 20


@contextmanager
def another_process_writing(db_url: str) -> Iterator[None]:
    """The write lock held, as by another process in the middle of a write transaction."""
    path = str(make_url(db_url).database)
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")


def test_a_write_refused_by_a_lock_held_elsewhere_is_one_line(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with another_process_writing(db_url):
        status = main(["indicator", "set", "3.1", "7", "--period", "2025"])

    err = capsys.readouterr().err
    assert status == EXIT_FAILURE
    assert "Traceback" not in err
    assert "[SQL:" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("fieldbot: indicator gave up: the database stayed locked")
    assert "Run the command again" in last
    # Once the other process is done, the same command goes through.
    assert main(["indicator", "set", "3.1", "7", "--period", "2025"]) == 0

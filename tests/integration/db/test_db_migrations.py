"""Migrations: the stairway, no drift from the models, and the start-up check."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, make_url, text

from models.base import Base
from models.db import (
    DatabaseNotReady,
    alembic_config,
    check_database,
    create_engine,
    current_head,
    current_revision,
    downgrade_database,
    upgrade_database,
)


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Every test here runs on SQLite and, when available, on PostgreSQL."""
    return any_db_url


def _revisions_base_to_head() -> list[tuple[str, str]]:
    """(revision, the revision below it or "base") from the first migration to the head."""
    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(reversed(list(script.walk_revisions())))
    result: list[tuple[str, str]] = []
    for revision in revisions:
        down = revision.down_revision
        assert not isinstance(down, (tuple, list)), "a merge revision needs its own stairway"
        result.append((revision.revision, down or "base"))
    return result


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_stairway_upgrades_and_downgrades_every_revision(any_empty_db_url: str) -> None:
    steps = _revisions_base_to_head()
    assert steps, "there is no migration"
    engine = create_engine(any_empty_db_url)
    try:
        for revision, down in steps:
            await upgrade_database(any_empty_db_url, revision)
            assert await current_revision(engine) == revision
            await downgrade_database(any_empty_db_url, down)
            assert await current_revision(engine) == (None if down == "base" else down)
            await upgrade_database(any_empty_db_url, revision)
            assert await current_revision(engine) == revision
        assert await current_revision(engine) == current_head()
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
        await downgrade_database(any_empty_db_url, "base")
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda c: c.dialect.get_table_names(c))
        assert set(tables) <= {"alembic_version"}
    finally:
        await engine.dispose()


async def test_migrated_database_passes_the_check(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        await check_database(engine)
    finally:
        await engine.dispose()


async def test_empty_database_is_reported_as_not_migrated(any_empty_db_url: str) -> None:
    engine = create_engine(any_empty_db_url)
    try:
        with pytest.raises(DatabaseNotReady) as caught:
            await check_database(engine)
    finally:
        await engine.dispose()
    message = str(caught.value)
    assert "is not migrated (it is at revision none" in message
    assert f"this version needs {current_head()}" in message
    assert message.endswith("Run: fieldbot db upgrade")
    assert "Traceback" not in message
    assert caught.value.__cause__ is None


async def test_database_behind_the_code_is_reported_with_both_revisions(
    any_empty_db_url: str,
) -> None:
    engine = create_engine(any_empty_db_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text("CREATE TABLE alembic_version (version_num VARCHAR(32))")
            )
            await connection.execute(text("INSERT INTO alembic_version VALUES ('0000old')"))
        with pytest.raises(DatabaseNotReady, match="0000old") as caught:
            await check_database(engine)
    finally:
        await engine.dispose()
    assert "does not know" in str(caught.value)


async def test_unreachable_postgresql_gives_a_short_message_without_the_password() -> None:
    # Port 1 on localhost: nothing listens there, so the connection is refused at once.
    engine = create_engine("postgresql+asyncpg://fieldbot:s3cret@127.0.0.1:1/fieldbot")
    try:
        with pytest.raises(DatabaseNotReady) as caught:
            await check_database(engine)
    finally:
        await engine.dispose()
    message = str(caught.value)
    assert message.startswith("Cannot reach the database at postgresql+asyncpg://fieldbot:***@")
    assert message.endswith("Check FIELDBOT_DB__URL.")
    assert "s3cret" not in message
    assert "\n" not in message


async def test_unreadable_sqlite_file_is_reported_as_unreachable(tmp_path: Path) -> None:
    # A directory where the database file should be: SQLite cannot open it.
    (tmp_path / "fieldbot.db").mkdir()
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fieldbot.db'}")
    try:
        with pytest.raises(DatabaseNotReady, match=r"^Cannot reach the database at sqlite"):
            await check_database(engine)
    finally:
        await engine.dispose()


async def test_sqlite_engine_creates_the_directory_and_sets_the_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "var" / "sub" / "fieldbot.db"
    engine = create_engine(f"sqlite+aiosqlite:///{path}", busy_timeout_ms=1234)
    try:
        async with engine.connect() as connection:
            pragmas = {
                name: (await connection.execute(text(f"PRAGMA {name}"))).scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    finally:
        await engine.dispose()
    assert path.parent.is_dir()
    # synchronous=NORMAL is 1.
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 1234,
        "synchronous": 1,
    }
    # WAL is a property of the file: it stays on for any later connection.
    with closing(sqlite3.connect(path)) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.pg
async def test_missing_postgresql_database_is_named_in_the_message(pg_server_url: str) -> None:
    url = make_url(pg_server_url).set(database="fieldbot_no_such_database")
    engine = create_engine(url.render_as_string(hide_password=False))
    try:
        with pytest.raises(DatabaseNotReady) as caught:
            await check_database(engine)
    finally:
        await engine.dispose()
    assert 'database "fieldbot_no_such_database" does not exist' in str(caught.value)


async def test_a_sqlite_file_with_no_table_points_at_the_url(tmp_path: Path) -> None:
    # A typo in FIELDBOT_DB__URL: SQLite makes an empty file there, which read as a database
    # to migrate; `fieldbot db upgrade` then started the bot on an empty one.
    path = tmp_path / "srv" / "fieldbot.db"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        for _ in range(2):  # the first time it makes the file, then it finds it empty
            with pytest.raises(DatabaseNotReady) as caught:
                await check_database(engine)
            message = str(caught.value)
            assert f"{path} holds no table at all" in message
            assert "correct FIELDBOT_DB__URL instead (an upgrade here starts an empty" in message
            assert message.endswith("Run: fieldbot db upgrade")
        await upgrade_database(f"sqlite+aiosqlite:///{path}", "0001")
        with pytest.raises(DatabaseNotReady) as behind:
            await check_database(engine)
    finally:
        await engine.dispose()
    assert "holds no table" not in str(behind.value)

"""`alembic upgrade head --sql`: the script a DBA reviews and applies gives the online schema.

The script is applied the way a DBA would (PostgreSQL: one simple-query batch, as psql sends a
file; SQLite: the sqlite3 module's executescript) to an empty database, and compared with a
database that `fieldbot db upgrade` migrated: same tables, columns, keys, indexes and views, and
no difference from the models (what `alembic check` reports).
"""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Connection, inspect, make_url, text

from models.db import (
    alembic_config,
    create_engine,
    current_head,
    current_revision,
    upgrade_database,
)
from tests.integration.db.test_db_migrations import _diff

_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


@pytest.fixture(params=_BACKENDS)
def empty_and_migrated(request: pytest.FixtureRequest) -> tuple[str, str]:
    """(an empty database, one `fieldbot db upgrade` migrated) of the same kind."""
    if request.param == "sqlite":
        names = ("empty_sqlite_url", "sqlite_db_url")
    else:
        names = ("empty_pg_url", "pg_url")
    empty: str = request.getfixturevalue(names[0])
    migrated: str = request.getfixturevalue(names[1])
    return empty, migrated


def _offline_script(url: str, revisions: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """What `alembic upgrade <revisions> --sql` prints for this kind of database."""
    monkeypatch.setenv("FIELDBOT_DB__URL", url)
    config = alembic_config(url)
    config.output_buffer = io.StringIO()
    command.upgrade(config, revisions, sql=True)
    script = config.output_buffer.getvalue()
    assert isinstance(script, str)
    return script


async def _apply(url: str, script: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(str(parsed.database))) as connection:
            connection.executescript(script)
        return
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            raw = await connection.get_raw_connection()
            # asyncpg's own execute, with no arguments: one simple-query batch, like psql -f
            await raw.driver_connection.execute(script)  # type: ignore[union-attr]
    finally:
        await engine.dispose()


def _schema(connection: Connection) -> dict[str, Any]:
    inspector = inspect(connection)
    tables: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        columns = [
            (c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
            for c in inspector.get_columns(table)
        ]
        tables[table] = {
            "columns": columns,
            "pk": inspector.get_pk_constraint(table),
            "fks": sorted(inspector.get_foreign_keys(table), key=lambda fk: str(fk["name"])),
            "indexes": sorted(inspector.get_indexes(table), key=lambda ix: str(ix["name"])),
            "uniques": sorted(
                inspector.get_unique_constraints(table), key=lambda uq: str(uq["name"])
            ),
            "checks": sorted(inspector.get_check_constraints(table), key=lambda ck: ck["name"]),
        }
    views = {
        name: " ".join(str(inspector.get_view_definition(name)).split())
        for name in sorted(inspector.get_view_names())
    }
    return {"tables": tables, "views": views}


async def _schema_of(url: str) -> tuple[dict[str, Any], list[Any], str | None]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            schema = await connection.run_sync(_schema)
            drift = await connection.run_sync(_diff)
        return schema, drift, await current_revision(engine)
    finally:
        await engine.dispose()


async def test_the_offline_script_gives_the_schema_of_the_online_upgrade(
    empty_and_migrated: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    empty, migrated = empty_and_migrated
    script = _offline_script(empty, "head", monkeypatch)

    await _apply(empty, script)

    offline_schema, drift, revision = await _schema_of(empty)
    online_schema, _, _ = await _schema_of(migrated)
    assert revision == current_head()
    assert drift == []
    assert set(offline_schema["views"]) == {"v_reports", "v_indicator_values"}
    assert offline_schema == online_schema


async def test_the_offline_script_stops_where_stored_rows_need_the_online_upgrade(
    any_empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A database at 0007 with one person: 0008 moves their roles into role_grants, in Python.
    await upgrade_database(any_empty_db_url, "0007")
    engine = create_engine(any_empty_db_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO users (telegram_id, display_name, roles, created_at, updated_at)"
                    " VALUES (1001, 'Amina', '[\"admin\"]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
        script = _offline_script(any_empty_db_url, "0007:head", monkeypatch)

        stopped = "fieldbot migration 0008 stopped the script"
        with pytest.raises(Exception, match=stopped) as caught:
            await _apply(any_empty_db_url, script)

        assert "Run fieldbot db upgrade on this database instead" in str(caught.value)
        # Nothing of 0008 ran: the online upgrade can still move the roles.
        assert await current_revision(engine) == "0007"
        async with engine.connect() as connection:
            roles = (await connection.execute(text("SELECT roles FROM users"))).scalar_one()
        assert "admin" in str(roles)
    finally:
        await engine.dispose()
    await upgrade_database(any_empty_db_url)

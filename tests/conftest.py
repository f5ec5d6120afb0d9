"""Shared database fixtures.

SQLite (always available):
    db_url           a migrated SQLite file of its own for each test (copied from a template
                     migrated once per session, so it costs a file copy)
    engine           an AsyncEngine on db_url (disposed after the test)
    session_factory  async_sessionmaker on engine (expire_on_commit=False)
    session          one AsyncSession; whatever the test does not commit is rolled back

PostgreSQL (FIELDBOT_TEST_PG_URL) and Redis (FIELDBOT_TEST_REDIS_URL):
    pg_url           a migrated, emptied PostgreSQL database (one per session, tables truncated
                     before each test); mark the test with @pytest.mark.pg
    redis_url        a reachable Redis; mark the test with @pytest.mark.redis
    redis_prefix     a unique key prefix; every key under it is deleted after the test

Both databases:
    any_db_url       parametrised: "sqlite" always, "postgresql" (marked pg) when available.
                     To run a whole directory on both, override db_url there:
                         @pytest.fixture
                         def db_url(any_db_url: str) -> str:
                             return any_db_url
    any_empty_db_url parametrised the same way, but an empty, never migrated database

When a service variable is not set, its tests are skipped ("FIELDBOT_TEST_PG_URL not set"). When
it is set but the server does not answer they fail under FIELDBOT_TEST_REQUIRE_SERVICES=1 (CI)
and are skipped with the reason otherwise. That rule lives in `require_service` only.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import pytest
from redis.asyncio import Redis
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from models.base import Base
from models.db import create_engine, create_session_factory, upgrade_database

PG_ENV = "FIELDBOT_TEST_PG_URL"
REDIS_ENV = "FIELDBOT_TEST_REDIS_URL"
REQUIRE_ENV = "FIELDBOT_TEST_REQUIRE_SERVICES"

T = TypeVar("T")


def run_in_fresh_loop(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion on its own event loop in its own thread.

    Session-scoped set-up (migrating a template, creating a database) happens here, so no
    connection or loop outlives it and the tests' own loops (pytest-asyncio) stay untouched.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(factory())
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=target, name="fixture-loop")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["value"]
    return result


def require_service(env_var: str, probe: Callable[[str], Awaitable[None]]) -> str:
    """The URL in `env_var` once `probe(url)` succeeded; otherwise skip or fail the test.

    Unset: skip. Set but unreachable: fail when FIELDBOT_TEST_REQUIRE_SERVICES=1 (CI must not
    go green by skipping), skip with the reason otherwise.
    """
    url = os.environ.get(env_var, "").strip()
    if not url:
        pytest.skip(f"{env_var} not set")

    async def check() -> None:
        async with asyncio.timeout(10):
            await probe(url)

    try:
        run_in_fresh_loop(check)
    except Exception as error:
        shown = make_url(url).render_as_string(hide_password=True) if "://" in url else url
        reason = f"{env_var} is set but {shown} is unreachable: {type(error).__name__}: {error}"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{reason} ({REQUIRE_ENV}=1)", pytrace=False)
        pytest.skip(reason)
    return url


async def _probe_database(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    finally:
        await engine.dispose()


async def _probe_redis(url: str) -> None:
    client: Redis = Redis.from_url(url)
    try:
        await client.ping()
    finally:
        await client.aclose()


# --- SQLite -------------------------------------------------------------------------------


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per test session (tests get copies)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    run_in_fresh_loop(lambda: upgrade_database(sqlite_url(path)))
    # Disposing the engine checkpointed the WAL into the main file: one file to copy.
    return path


@pytest.fixture
def sqlite_db_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "fieldbot.db"
    shutil.copyfile(sqlite_template, path)
    return sqlite_url(path)


@pytest.fixture
def db_url(sqlite_db_url: str) -> str:
    """A migrated, throwaway SQLite database (override it with any_db_url to run on both)."""
    return sqlite_db_url


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(db_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
async def session(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with session_factory() as session:
        yield session


# --- PostgreSQL ---------------------------------------------------------------------------


def _pg_database_url(server_url: str, database: str) -> str:
    return make_url(server_url).set(database=database).render_as_string(hide_password=False)


async def _pg_admin(server_url: str, statement: str) -> None:
    # CREATE/DROP DATABASE cannot run inside a transaction.
    engine = create_engine(server_url)
    try:
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text(statement))
    finally:
        await engine.dispose()


def _new_pg_database(server_url: str) -> tuple[str, str]:
    # The name is generated here (hex only), never taken from input: safe to inline in DDL.
    name = f"fieldbot_test_{secrets.token_hex(6)}"
    run_in_fresh_loop(lambda: _pg_admin(server_url, f'CREATE DATABASE "{name}"'))
    return name, _pg_database_url(server_url, name)


def _drop_pg_database(server_url: str, name: str) -> None:
    run_in_fresh_loop(
        lambda: _pg_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    )


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """FIELDBOT_TEST_PG_URL once the server answered (skips or fails otherwise)."""
    return require_service(PG_ENV, _probe_database)


@pytest.fixture(scope="session")
def pg_migrated_url(pg_server_url: str) -> Iterator[str]:
    """A database of this test session, migrated to head once, dropped at the end."""
    name, url = _new_pg_database(pg_server_url)
    try:
        run_in_fresh_loop(lambda: upgrade_database(url))
        yield url
    finally:
        _drop_pg_database(pg_server_url, name)


async def _truncate_all(url: str) -> None:
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


@pytest.fixture
async def pg_url(pg_migrated_url: str) -> str:
    """The session's migrated PostgreSQL database, emptied before the test."""
    await _truncate_all(pg_migrated_url)
    return pg_migrated_url


@pytest.fixture
def empty_pg_url(pg_server_url: str) -> Iterator[str]:
    """A brand-new, empty PostgreSQL database for this test only."""
    name, url = _new_pg_database(pg_server_url)
    try:
        yield url
    finally:
        _drop_pg_database(pg_server_url, name)


@pytest.fixture
def empty_sqlite_url(tmp_path: Path) -> str:
    """A SQLite file path where no database exists yet."""
    return sqlite_url(tmp_path / "empty" / "fieldbot.db")


# --- Both ---------------------------------------------------------------------------------

_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


@pytest.fixture(params=_BACKENDS)
def any_db_url(request: pytest.FixtureRequest) -> str:
    """A migrated, empty database: SQLite, then PostgreSQL when available."""
    name = "sqlite_db_url" if request.param == "sqlite" else "pg_url"
    url: str = request.getfixturevalue(name)
    return url


@pytest.fixture(params=_BACKENDS)
def any_empty_db_url(request: pytest.FixtureRequest) -> str:
    """An empty, never migrated database: SQLite, then PostgreSQL when available."""
    name = "empty_sqlite_url" if request.param == "sqlite" else "empty_pg_url"
    url: str = request.getfixturevalue(name)
    return url


# --- Redis --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_url() -> str:
    """FIELDBOT_TEST_REDIS_URL once the server answered (skips or fails otherwise), moved to a
    database of this test process's own when the tests run in several (pytest-xdist).

    The bot's own keys have fixed names (throttle counters, chat locks, the leader's lock), and
    every test's sandbox uses the same user ids: two processes sharing a database would throttle
    or lock each other.
    """
    return worker_redis_url(require_service(REDIS_ENV, _probe_redis))


def worker_redis_url(url: str, worker: str | None = None) -> str:
    """`url` with its database number moved by this xdist worker's number ("gw3": +3, mod 16)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "") if worker is None else worker
    if not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base + int(worker[2:])) % 16}"))


@pytest.fixture
async def redis_prefix(redis_url: str) -> AsyncIterator[str]:
    """A key prefix of this test alone; its keys are deleted afterwards (never FLUSHDB)."""
    prefix = f"fieldbot-test-{secrets.token_hex(6)}"
    yield prefix
    client: Redis = Redis.from_url(redis_url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}:*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()

"""Engine and session factories, the start-up database check, and Alembic run from code."""

from __future__ import annotations

import asyncio
import contextlib
import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

import models.migrations
from models.sqlite import WriteQueue, defer_marked_writes, one_hop_statements, rollback_if_open
from models.uow import TrackedSession

MIGRATIONS_DIR = Path(models.migrations.__file__).resolve().parent


def _is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL, or None for an in-memory database."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    if url.query.get("mode") == "memory":
        return None
    return Path(database)


def create_engine(
    url: str, *, echo: bool = False, busy_timeout_ms: int = 5000, create: bool = True
) -> AsyncEngine:
    """An AsyncEngine for SQLite (aiosqlite) or PostgreSQL (asyncpg), configured for the bot.

    SQLite gets WAL (readers do not block the writer), foreign keys (off by default in SQLite),
    a busy timeout (a second writer waits instead of failing at once) and synchronous=NORMAL
    (safe with WAL, much faster than FULL). Nothing connects until the engine is first used.
    An error never quotes a statement's bound values (echo neither: they are personal data).

    create=False is for the commands on an existing database: a SQLite file that does not
    exist is DatabaseNotReady at once, where SQLite would have made it (and its directory)
    empty, leaving a stray file behind a mistyped FIELDBOT_DB__URL.
    """
    parsed = make_url(url)
    # A failed statement's error would otherwise quote its bound values (names, Telegram ids,
    # typed answers) into the log lines, `job_runs.last_error` and the health output.
    if not _is_sqlite(parsed):
        return create_async_engine(parsed, echo=echo, pool_pre_ping=True, hide_parameters=True)

    path = sqlite_file(parsed)
    if path is not None and not create and not path.exists():
        raise DatabaseNotReady(
            f"The database file {path} does not exist: correct FIELDBOT_DB__URL if fieldbot's "
            "data is elsewhere (`fieldbot db upgrade` makes a new, empty database)."
        )
    if path is not None and create:
        # A directory that cannot be made is explained by the first connection (check_database
        # says which directory and why), not by a traceback from here.
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
    # The pool's reset is rollback_if_open (below): no ROLLBACK trip after every COMMIT.
    engine = create_async_engine(
        parsed, echo=echo, pool_reset_on_return=None, hide_parameters=True
    )
    event.listen(engine.sync_engine.pool, "reset", rollback_if_open)
    timeout = int(busy_timeout_ms)

    @event.listens_for(engine.sync_engine, "connect")
    def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        one_hop_statements(dbapi_connection)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # PRAGMA takes no bound parameters; `timeout` is an int, so this cannot inject.
            cursor.execute(f"PRAGMA busy_timeout={timeout:d}")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    WriteQueue(timeout_s=timeout / 1000).install(engine)
    defer_marked_writes(engine)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay readable after commit (views are built after commits)."""
    return async_sessionmaker(engine, expire_on_commit=False, class_=TrackedSession)


# --- Alembic ------------------------------------------------------------------------------


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config pointing at models/migrations, wherever the package is installed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        # ConfigParser interpolation: a literal % (e.g. in a password) must be doubled.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def current_head() -> str:
    """The revision this version of the code needs (the single head of models/migrations)."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - there is always a first migration
        raise RuntimeError("models/migrations has no revision")
    return head


def known_revisions() -> set[str]:
    """Every revision of models/migrations (a database at another one was migrated by a newer
    version of fieldbot)."""
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def _run_alembic(connection: Connection, config: Config, action: str, revision: str) -> None:
    # env.py uses this connection (run inside AsyncConnection.run_sync) instead of its own.
    config.attributes["connection"] = connection
    if action == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


async def _migrate(url: str, action: str, revision: str) -> None:
    check_database_url(url)
    engine = create_engine(url)
    try:
        # Reachable and writable first: one line saying so, not a traceback from Alembic.
        await reachable_revision(engine, writable=True)
        async with engine.begin() as connection:
            await connection.run_sync(_run_alembic, alembic_config(url), action, revision)
    finally:
        await engine.dispose()


async def upgrade_database(url: str, revision: str = "head") -> None:
    """Apply migrations up to `revision` (what `fieldbot db upgrade` does)."""
    await _migrate(url, "upgrade", revision)


async def downgrade_database(url: str, revision: str) -> None:
    """Revert migrations down to `revision` ("base" removes every table)."""
    await _migrate(url, "downgrade", revision)


def _revision_of(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    async with engine.connect() as connection:
        return await connection.run_sync(_revision_of)


# --- Start-up check -----------------------------------------------------------------------


# A database that does not answer within this time counts as unreachable (a firewall that drops
# packets would otherwise hang the start-up).
CHECK_TIMEOUT_S = 10.0


class DatabaseNotReady(Exception):
    """The database cannot be used; str(error) is a message for a human, with what to do."""


# The two async drivers fieldbot installs; SQLAlchemy knows many more (postgresql:// means
# psycopg2, sqlite:// the synchronous driver), which would fail later with a traceback.
DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


def check_database_url(url: str) -> None:
    """Raise DatabaseNotReady unless fieldbot can use this URL (no connection is made)."""
    try:
        parsed = make_url(url)
        parsed.get_dialect()
    except (ArgumentError, ValueError) as error:  # NoSuchModuleError is an ArgumentError
        reason = str(error)
    else:
        if parsed.drivername in DRIVERS:
            return
        reason = f"{parsed.drivername}:// is not one of {', '.join(DRIVERS)}"
    raise DatabaseNotReady(
        f"FIELDBOT_DB__URL is not a database URL fieldbot can use ({reason}); for example "
        "sqlite+aiosqlite:///var/fieldbot.db or "
        "postgresql+asyncpg://user:password@host:5432/fieldbot"
    )


def _short_reason(error: BaseException) -> str:
    orig = getattr(error, "orig", None)
    cause: BaseException = orig if isinstance(orig, BaseException) else error
    if isinstance(cause, TimeoutError):
        return "timed out"
    message = str(cause).strip().splitlines()
    first = message[0] if message else ""
    name = type(cause).__name__
    if not first:
        return name
    # Driver errors say it in words ('database "x" does not exist'); for socket errors the class
    # (ConnectionRefusedError, gaierror) is the useful part.
    return f"{name}: {first}" if isinstance(cause, OSError) else first


def _sqlite_access_problem(path: Path) -> str | None:
    """What in the file system keeps SQLite from opening `path`, when it can be told."""
    directory = path.parent
    if not directory.is_dir():
        return f"the directory {directory} does not exist and could not be created"
    if path.is_dir():
        return f"{path} is a directory"
    if path.exists() and not os.access(path, os.R_OK):
        return f"{path} cannot be read by this user"
    if not os.access(directory, os.W_OK | os.X_OK):
        return (
            f"the directory {directory} cannot be written by this user (SQLite creates "
            f"{path.name}-wal and {path.name}-shm next to the database)"
        )
    return None


def _unreachable(engine: AsyncEngine, error: BaseException) -> DatabaseNotReady:
    shown = engine.url.render_as_string(hide_password=True)
    reason = _short_reason(error)
    path = sqlite_file(engine.url) if _is_sqlite(engine.url) else None
    problem = _sqlite_access_problem(path) if path is not None else None
    if problem:
        reason = f"{reason} ({problem})"
    return DatabaseNotReady(
        f"Cannot reach the database at {shown}: {reason}. Check FIELDBOT_DB__URL."
    )


def _sqlite_readonly_reason(connection: Connection) -> str | None:
    """SQLite's reason when this connection cannot write (a read-only file, directory or
    disk), else None. It writes nothing: its one write is rolled back."""
    version = int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except DBAPIError:
        return None  # another writer holds the lock for longer than the busy timeout
    try:
        # A write that changes nothing: in WAL mode BEGIN IMMEDIATE alone succeeds on a
        # read-only file, only the first write is refused.
        connection.exec_driver_sql(f"PRAGMA user_version = {version:d}")
    except DBAPIError as error:
        name = str(getattr(error.orig, "sqlite_errorname", ""))
        if name.startswith("SQLITE_READONLY") or "readonly" in str(error.orig):
            return _short_reason(error)
        raise
    finally:
        connection.exec_driver_sql("ROLLBACK")
    return None


async def reachable_revision(engine: AsyncEngine, *, writable: bool = False) -> str | None:
    """The database's revision (None when never migrated); DatabaseNotReady when it cannot be
    reached, or, with `writable`, when it is a SQLite file this process cannot write."""
    readonly: str | None = None
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
                revision = await connection.run_sync(_revision_of)
                if writable and _is_sqlite(engine.url):
                    readonly = await connection.run_sync(_sqlite_readonly_reason)
    except (OSError, TimeoutError, SQLAlchemyError) as error:
        if _is_sqlite(engine.url):
            # aiosqlite (<= 0.22) stops the worker thread of a connection that failed to open
            # without waiting for it; give it a moment to report back, or it may later post to
            # a closed event loop and print a thread traceback on the way out.
            await asyncio.sleep(0.1)
        raise _unreachable(engine, error) from None
    if readonly is not None:
        path = sqlite_file(engine.url)
        where = (
            f"it writes to {path} and creates {path.name}-wal and {path.name}-shm in "
            f"{path.parent}: give the user that runs fieldbot write access to both, and check "
            "that the disk is not mounted read-only"
            if path is not None
            else "check FIELDBOT_DB__URL"
        )
        raise DatabaseNotReady(
            f"The database at {engine.url.render_as_string(hide_password=True)} is read-only "
            f"for fieldbot ({readonly}); {where}."
        )
    return revision


async def _no_tables(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        found = await connection.execute(text("SELECT count(*) FROM sqlite_master"))
        return int(found.scalar_one()) == 0


async def check_database(engine: AsyncEngine) -> None:
    """Raise DatabaseNotReady unless the database is reachable, migrated to this version and,
    for SQLite, writable by this process (a read-only file would fail every update)."""
    shown = engine.url.render_as_string(hide_password=True)
    revision = await reachable_revision(engine, writable=True)
    needed = current_head()
    if revision == needed:
        return
    if revision is not None and revision not in known_revisions():
        raise DatabaseNotReady(
            f"The database at {shown} is at revision {revision}, which this version of fieldbot "
            f"does not know (it needs {needed}): it was probably migrated by a newer version. "
            "Run the newer version, or restore a backup."
        )
    path = sqlite_file(engine.url) if _is_sqlite(engine.url) else None
    # SQLite makes the file it is asked to open: a typo in FIELDBOT_DB__URL read as a new
    # database to migrate, and `db upgrade` started the bot on an empty one.
    typo = (
        f" {path} holds no table at all (SQLite has just made it, or it is empty): if "
        "fieldbot's data is elsewhere, correct FIELDBOT_DB__URL instead (an upgrade here "
        "starts an empty database)."
        if revision is None and path is not None and await _no_tables(engine)
        else ""
    )
    raise DatabaseNotReady(
        f"The database at {shown} is not migrated (it is at revision {revision or 'none'}, "
        f"this version needs {needed}).{typo} Run: fieldbot db upgrade"
    )

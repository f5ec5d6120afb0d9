"""SQLite under asyncio: one thread hop per statement, and one writer at a time, queued.

Two things make the embedded database fast and polite under a burst of updates:

- aiosqlite runs each call of the sqlite3 API in its own thread and hands the result back to
  the event loop: SQLAlchemy's adapter makes four such hops per query (open a cursor, execute,
  fetch, close). `OneHopCursor` does the four in the thread at once, so a query costs one hop.
- `WriteQueue`: writers of this process wait for their turn in a FIFO queue instead of in
  SQLite's busy handler.
"""

from __future__ import annotations

import asyncio
import collections
import sqlite3
import weakref
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import EMPTY_DICT, await_only


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """SQLAlchemy's aiosqlite cursor, with each statement run in one trip to the thread.

    It keeps no aiosqlite cursor: the statement, its rows, description, row count and last row
    id are produced by one function on the connection's own thread (aiosqlite's `_execute`,
    the same queue its own methods use, so the order of calls is kept).
    """

    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: Any) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: Any = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    async def _async_soft_close(self) -> None:
        """Nothing to close: the sqlite3 cursor was closed in the thread."""

    def close(self) -> None:
        self._rows.clear()

    def _run(self, operation: Any, parameters: Any, many: bool) -> tuple[Any, ...]:
        cursor = self._connection._conn.cursor()
        try:
            if many:
                cursor.executemany(operation, parameters)
            elif parameters is None:
                cursor.execute(operation)
            else:
                cursor.execute(operation, parameters)
            description = cursor.description
            rows = cursor.fetchall() if description else []
            return description, rows, cursor.rowcount, cursor.lastrowid
        finally:
            cursor.close()

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            result = await self._connection._execute(self._run, operation, parameters, False)
            self._store(result)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            result = await self._connection._execute(self._run, operation, seq_of_parameters, True)
            self._store(result)

    def _store(self, result: tuple[Any, ...]) -> None:
        self._description, rows, self._rowcount, self._lastrowid = result
        self._rows = collections.deque(rows)


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneHopCursor


def one_hop_statements(dbapi_connection: Any) -> None:
    """Make a new pooled aiosqlite connection use OneHopCursor (call from "connect")."""
    if type(dbapi_connection) is AsyncAdapt_aiosqlite_connection:
        dbapi_connection.__class__ = OneHopConnection


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


class WriteQueue:
    """SQLite's single writer, queued in-process: FIFO, no busy-timeout sleeping, no deadlock.

    SQLite lets one transaction write at a time; the others sleep in its busy handler and fail
    after the busy timeout. Worse, a transaction that already wrote and then waits for
    something the lock holder needs never wakes up in time. Here a connection takes this
    process's write turn just before its first writing statement (reads never wait: WAL) and
    gives it back when its transaction ends, so in-process writers queue in order and
    transactions hold the lock only from their first write to their commit. Other processes
    (a CLI import) still meet SQLite's busy timeout, and a turn not had within it raises
    SQLite's own "database is locked", which the callers retry (models.uow.is_transient).
    """

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._holder: Any = None  # the DBAPI connection whose transaction has the turn
        self._holder_task: asyncio.Task[Any] | None = None
        self._held: asyncio.Lock | None = None

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    def install(self, engine: AsyncEngine) -> None:
        sync_engine = engine.sync_engine
        event.listen(sync_engine, "before_cursor_execute", self._before_execute)
        event.listen(sync_engine, "commit", self._release_for)
        event.listen(sync_engine, "rollback", self._release_for)
        event.listen(sync_engine.pool, "checkin", self._release_checkin)
        event.listen(sync_engine.pool, "reset", self._release_reset)

    def _before_execute(
        self,
        conn: Connection,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        if not statement.lstrip()[:7].upper().startswith(_WRITES):
            return
        dbapi = conn.connection.dbapi_connection
        if self._holder is dbapi:
            return
        task = asyncio.current_task()
        if self._holder is not None and task is not None and task is self._holder_task:
            # A second connection of the same task would wait for the first for ever.
            raise sqlite3.OperationalError("database is locked (by this task's other session)")
        lock = self._lock()
        try:
            await_only(asyncio.wait_for(lock.acquire(), self.timeout_s))
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None
        self._holder, self._holder_task, self._held = dbapi, task, lock

    def _release_checkin(self, dbapi_connection: Any, connection_record: Any) -> None:
        self._release_dbapi(dbapi_connection)

    def _release_dbapi(self, dbapi: Any) -> None:
        if dbapi is not None and self._holder is dbapi and self._held is not None:
            lock, self._holder, self._holder_task, self._held = self._held, None, None, None
            lock.release()

    def _release_for(self, conn: Connection) -> None:
        self._release_dbapi(conn.connection.dbapi_connection)

    def _release_reset(
        self, dbapi_connection: Any, connection_record: Any, reset_state: Any
    ) -> None:
        self._release_dbapi(dbapi_connection)


__all__ = ["OneHopCursor", "WriteQueue", "one_hop_statements"]

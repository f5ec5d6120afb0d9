"""SQLite under asyncio: one thread hop per statement, and one writer at a time, queued.

These make the embedded database fast and polite under a burst of updates:

- aiosqlite runs each call of the sqlite3 API in its own thread and hands the result back to
  the event loop: SQLAlchemy's adapter makes four such hops per query (open a cursor, execute,
  fetch, close). `OneHopCursor` does the four in the thread at once, so a query costs one hop.
- `DEFERRED`: a write whose result is not read waits for the next statement or the COMMIT and
  goes in its trip (the update id and the conversation state go with the COMMIT).
- `rollback_if_open`: a connection back in the pool after a COMMIT is not sent a ROLLBACK.
- `WriteQueue`: writers of this process wait for their turn in a FIFO queue instead of in
  SQLite's busy handler.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import sqlite3
import weakref
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import PoolResetState
from sqlalchemy.util import EMPTY_DICT, await_only


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """SQLAlchemy's aiosqlite cursor, with each statement run in one trip to the thread.

    It keeps no aiosqlite cursor: the statement, its rows, description, row count and last row
    id are produced by one function on the connection's own thread (aiosqlite's `_execute`,
    the same queue its own methods use, so the order of calls is kept).
    """

    __slots__ = ("_description", "_lastrowid", "_rowcount", "defer")

    def __init__(self, adapt_connection: Any) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: Any = None
        self.defer = False  # set for a statement run with the DEFERRED execution option

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

    def _run(
        self, operation: Any, parameters: Any, many: bool, before: list[Statement]
    ) -> tuple[Any, ...]:
        conn: sqlite3.Connection = self._connection._conn
        for deferred, deferred_parameters in before:
            conn.execute(deferred, deferred_parameters)
        cursor = conn.cursor()
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
            if self.defer:
                # Sent with the next statement or the COMMIT, in the same trip.
                _PENDING.setdefault(self._connection, []).append((operation, parameters))
                self._store((None, [], -1, None))
                return
            before = _PENDING.pop(self._connection, [])
            result = await self._connection._execute(
                self._run, operation, parameters, False, before
            )
            self._store(result)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
            before = _PENDING.pop(self._connection, [])
            result = await self._connection._execute(
                self._run, operation, seq_of_parameters, True, before
            )
            self._store(result)

    def _store(self, result: tuple[Any, ...]) -> None:
        self._description, rows, self._rowcount, self._lastrowid = result
        self._rows = collections.deque(rows)


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    """The connection of OneHopCursor: a COMMIT carries the writes deferred until it."""

    __slots__ = ()
    _cursor_cls = OneHopCursor

    def commit(self) -> None:
        deferred = _PENDING.pop(self._connection, None)
        if not deferred:
            super().commit()
            return
        try:
            await_only(self._connection._execute(_write_then_commit, self._connection, deferred))
        except Exception as error:
            self._handle_exception(error)

    def rollback(self) -> None:
        _PENDING.pop(self._connection, None)  # never sent: nothing to undo for them
        super().rollback()

    def close(self) -> None:
        _PENDING.pop(self._connection, None)
        super().close()


Statement = tuple[str, Any]

# Writes run with the DEFERRED option and not sent yet, per aiosqlite connection.
_PENDING: weakref.WeakKeyDictionary[Any, list[Statement]] = weakref.WeakKeyDictionary()

DEFERRED = "fieldbot_sqlite_deferred"
"""Execution option: on SQLite, send this write with the transaction's next statement or its
COMMIT, in the same trip to aiosqlite's thread (on PostgreSQL it changes nothing).

For writes whose result nobody reads (no RETURNING, no row count): an error they raise (a
unique key) is raised by that next statement or by the COMMIT, and rolls the transaction back
as it would have; a ROLLBACK drops them unsent.
"""


def _write_then_commit(connection: Any, deferred: list[Statement]) -> None:
    conn: sqlite3.Connection = connection._conn
    for operation, parameters in deferred:
        conn.execute(operation, parameters)
    conn.commit()


def _mark_deferred(
    conn: Connection,
    cursor: Any,
    _statement: str,
    _parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    if isinstance(cursor, OneHopCursor) and not executemany and context is not None:
        cursor.defer = bool(context.execution_options.get(DEFERRED, False))


def defer_marked_writes(engine: AsyncEngine) -> None:
    """Let statements run with the DEFERRED execution option wait for the next trip."""
    event.listen(engine.sync_engine, "before_cursor_execute", _mark_deferred)


def one_hop_statements(dbapi_connection: Any) -> None:
    """Make a new pooled aiosqlite connection use OneHopCursor (call from "connect")."""
    if type(dbapi_connection) is not AsyncAdapt_aiosqlite_connection:
        return
    inner = dbapi_connection._connection
    # aiosqlite's own queue (`_execute`) and raw connection (`_conn`): if a release renamed
    # them, SQLAlchemy's cursor (four trips) is still correct, only slower.
    if hasattr(inner, "_execute") and hasattr(type(inner), "_conn"):
        dbapi_connection.__class__ = OneHopConnection


def rollback_if_open(dbapi_connection: Any, _record: Any, reset_state: PoolResetState) -> None:
    """The pool's reset of a SQLite connection coming back: ROLLBACK only if a transaction is
    open (listen to the pool's "reset" with `pool_reset_on_return=None`).

    The pool's own reset sends a ROLLBACK every time, one more trip to aiosqlite's thread
    after each COMMIT; here sqlite3 is asked first (a flag, read without a trip).
    """
    inner: Any = getattr(dbapi_connection, "_connection", None)
    if inner is not None:
        _PENDING.pop(inner, None)  # deferred writes never sent belong to nobody now
    if reset_state.transaction_was_reset or not reset_state.asyncio_safe:
        return
    if getattr(inner, "_connection", None) is not None and not inner.in_transaction:
        return
    dbapi_connection.rollback()


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "WITH")


class WriteQueue:
    """SQLite's single writer, as an in-process FIFO turn: no busy-timeout sleeps, no deadlock.

    SQLite lets one transaction write at a time; the others sleep in its busy handler and fail
    after the busy timeout. Worse, pysqlite starts a transaction only at its first write, so a
    transaction's earlier reads are not isolated from other writers: read, then write back,
    can lose an update. So a transaction that will write takes this process's turn *before its
    first query* (`turn()`: the update's unit of work, `run_transaction`) and gives it back
    once its COMMIT or ROLLBACK has returned: its reads and writes see no other writer of this
    process in between, and the waiters queue in order without holding a pooled connection.
    Any other writer takes the turn just before its first writing statement (a safety net,
    released when its connection returns to the pool). Readers outside a turn never wait (WAL).
    Other processes (a CLI import) meet SQLite's busy timeout; a turn not had within the
    timeout raises SQLite's own "database is locked", which the callers retry
    (models.uow.is_transient).
    """

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._task: asyncio.Task[Any] | None = None  # who has the turn
        self._dbapi: Any = None  # the connection writing in that turn, once it wrote
        self._explicit = False  # taken by turn() (released by it) or by a first write
        self._held: asyncio.Lock | None = None

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    async def _acquire(self, lock: asyncio.Lock) -> None:
        """Take `lock` within the busy timeout, or raise SQLite's "database is locked".

        Not asyncio.wait_for: when its timeout and the acquisition happen in the same instant
        it can report a timeout for a lock it did take, which would then be held by nobody.
        """
        if not lock.locked():
            await lock.acquire()  # free: no wait, whatever the timeout (even 0)
            return
        acquiring: asyncio.Future[Any] = asyncio.ensure_future(lock.acquire())
        try:
            done, _pending = await asyncio.wait({acquiring}, timeout=self.timeout_s)
        except BaseException:
            await self._abandon(lock, acquiring)
            raise
        if acquiring not in done:
            await self._abandon(lock, acquiring)
            raise sqlite3.OperationalError("database is locked")

    @staticmethod
    async def _abandon(lock: asyncio.Lock, acquiring: asyncio.Future[Any]) -> None:
        """Stop waiting for `lock`; if it was taken meanwhile, give it back."""
        acquiring.cancel()
        try:
            await asyncio.shield(acquiring)
        except asyncio.CancelledError:
            if acquiring.cancelled():
                return
            raise
        if acquiring.done() and not acquiring.cancelled() and acquiring.result():
            lock.release()

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold the write turn around a whole transaction (enter before its first query)."""
        task = asyncio.current_task()
        if task is not None and self._task is task:
            yield  # this task has it already
            return
        lock = self._lock()
        await self._acquire(lock)
        self._task, self._dbapi, self._explicit, self._held = task, None, True, lock
        try:
            yield
        finally:
            self._give_back()

    def _give_back(self) -> None:
        lock = self._held
        self._task, self._dbapi, self._explicit, self._held = None, None, False, None
        if lock is not None:
            lock.release()

    def install(self, engine: AsyncEngine) -> None:
        sync_engine = engine.sync_engine
        _QUEUES[sync_engine] = self
        event.listen(sync_engine, "before_cursor_execute", self._before_execute)
        event.listen(sync_engine.pool, "checkin", self._release_checkin)

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
        task = asyncio.current_task()
        if self._task is not None and self._task is task:
            if self._dbapi is None:
                self._dbapi = dbapi
            elif self._dbapi is not dbapi:
                # A second connection of the task holding the turn would wait for ever.
                raise sqlite3.OperationalError("database is locked (by this task's other session)")
            return
        await_only(self._acquire(self._lock()))
        self._task, self._dbapi, self._explicit, self._held = task, dbapi, False, self._lock()

    def _release_checkin(self, dbapi_connection: Any, connection_record: Any) -> None:
        """A turn taken by a first write ends when its connection is back in the pool (its
        COMMIT or ROLLBACK has returned by then)."""
        if not self._explicit and self._dbapi is not None and self._dbapi is dbapi_connection:
            self._give_back()


_QUEUES: weakref.WeakKeyDictionary[Engine, WriteQueue] = weakref.WeakKeyDictionary()


def write_turn(bind: object) -> contextlib.AbstractAsyncContextManager[None]:
    """The write turn of a session's engine (`session.bind`) on SQLite, or nothing to wait
    for (PostgreSQL, or a bind that is not an engine made by models.db.create_engine)."""
    engine = bind.sync_engine if isinstance(bind, AsyncEngine) else bind
    queue = _QUEUES.get(engine) if isinstance(engine, Engine) else None
    return queue.turn() if queue is not None else contextlib.nullcontext()


__all__ = [
    "DEFERRED",
    "OneHopCursor",
    "WriteQueue",
    "defer_marked_writes",
    "one_hop_statements",
    "rollback_if_open",
    "write_turn",
]

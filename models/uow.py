"""Short transactions: the one way jobs, commands and updates write, and the I/O guard.

Two rules hold the product together (DESIGN.md, properties 1-2b):

- a transaction is short and never open across network I/O (a Bot API call, a 429 wait): on
  SQLite one such transaction blocks every other writer;
- a transient failure (a lock or a serialization conflict) is cured by running the same work
  again from the start, which is safe because nothing was sent before the commit.

`run_transaction` is that loop for jobs and commands; the bot's unit-of-work middleware does the
same for an update. Sessions made by `create_session_factory` register themselves while open, so
`transaction_open()` tells the Bot API client that somebody is about to talk to Telegram with a
transaction still open (it warns; the tests turn the warning into a failure).
"""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from types import TracebackType
from typing import Self, TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.sqlite import write_turn

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_ATTEMPTS = 6

# PostgreSQL SQLSTATEs that mean "run it again": serialization failure, deadlock, lock not
# available (lock_timeout), and "could not serialize access due to concurrent update".
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
# SQLite's words for another connection holding the lock (SQLITE_BUSY / SQLITE_LOCKED).
_TRANSIENT_SQLITE = ("database is locked", "database table is locked", "database is busy")


class TransactionAcrossNetworkWarning(RuntimeWarning):
    """A Bot API call was made while a database transaction of this task was still open."""


_open_sessions: ContextVar[tuple[AsyncSession, ...]] = ContextVar(
    "fieldbot_open_sessions", default=()
)


class TrackedSession(AsyncSession):
    """An AsyncSession that, while used as `async with`, is visible to `transaction_open()`."""

    async def __aenter__(self) -> Self:
        self._fieldbot_token = _open_sessions.set((*_open_sessions.get(), self))
        return await super().__aenter__()

    async def __aexit__(
        self,
        type_: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            await super().__aexit__(type_, value, traceback)
        finally:
            token = getattr(self, "_fieldbot_token", None)
            if token is not None:
                try:
                    _open_sessions.reset(token)
                except ValueError:
                    # Closed from another context than it was opened in: drop it by identity.
                    _open_sessions.set(tuple(s for s in _open_sessions.get() if s is not self))


def transaction_open() -> bool:
    """True while a session opened in this task has a transaction in progress."""
    return any(session.in_transaction() for session in _open_sessions.get())


def is_transient(error: BaseException) -> bool:
    """A lock or serialization failure that running the same work again can cure."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OperationalError | sqlite3.OperationalError):
            message = str(getattr(current, "orig", None) or current).lower()
            if any(words in message for words in _TRANSIENT_SQLITE):
                return True
        if isinstance(current, DBAPIError):
            orig = current.orig
            code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
            if code is None:
                # asyncpg's exception hides under SQLAlchemy's adapter as __cause__.
                code = getattr(getattr(orig, "__cause__", None), "sqlstate", None)
            if code in _TRANSIENT_SQLSTATES:
                return True
        sqlstate = getattr(current, "sqlstate", None)
        if isinstance(sqlstate, str) and sqlstate in _TRANSIENT_SQLSTATES:
            return True
        current = current.__cause__ or current.__context__
    return False


def is_disconnect(error: BaseException) -> bool:
    """The database connection was lost (a server restart, a failover, a terminated backend).

    Safe to run an update again from the start: before the commit nothing was stored; a lost
    answer to the COMMIT itself is told by the update id it recorded (a redelivery's rules).
    Not for `run_transaction`: its work may have no such key.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        current = current.__cause__ or current.__context__
    return False


def backoff(attempt: int, *, base: float = 0.05, cap: float = 2.0) -> float:
    """Seconds to wait before attempt `attempt + 1`: exponential with full jitter."""
    return random.uniform(0, min(cap, base * 2**attempt))  # noqa: S311 - jitter, not a secret


async def retry_transient(
    work: Callable[[], Awaitable[T]],
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    what: str = "transaction",
    level: int = logging.INFO,
) -> T:
    """`work()`, run again from the start after a transient database error (jittered backoff)."""
    for attempt in range(1, attempts + 1):
        try:
            return await work()
        except Exception as error:
            if attempt >= attempts or not is_transient(error):
                raise
            delay = backoff(attempt)
            log.log(
                level,
                "%s hit a transient database error (%s); attempt %d in %.2f s",
                what,
                type(error).__name__,
                attempt + 1,
                delay,
            )
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


async def run_transaction(
    session_factory: async_sessionmaker[AsyncSession],
    work: Callable[[AsyncSession], Awaitable[T]],
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    what: str = "transaction",
) -> T:
    """Run `work(session)` and commit, in one short transaction; again on a transient error.

    `work` must not talk to the network and must be safe to run again from the start (it only
    reads and writes through the session it is given). Its result is returned after the commit.
    """

    async def once() -> T:
        async with session_factory() as session, write_turn(session.bind):
            try:
                result = await work(session)
                await session.commit()
            except BaseException:
                await session.rollback()  # inside the turn: the next writer finds it free
                raise
            return result

    return await retry_transient(once, attempts=attempts, what=what)


__all__ = [
    "TrackedSession",
    "TransactionAcrossNetworkWarning",
    "backoff",
    "is_disconnect",
    "is_transient",
    "retry_transient",
    "run_transaction",
    "transaction_open",
]

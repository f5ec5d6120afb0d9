"""One scheduler among several workers: a PostgreSQL advisory lock names the leader.

The lock is taken with pg_try_advisory_lock on a connection of its own, held for the life of
the process: PostgreSQL releases it when that connection ends (the process exits or dies), so
a crashed leader never blocks the others. A worker that does not get it waits and tries again;
only the holder starts its scheduler; a database that cannot be reached is one more failed
try (the worker keeps trying). SQLite is one process by definition: no lock.

The lock lives exactly as long as its connection, so the leader checks that connection every
`check_seconds` (`watch`): when the check fails or does not answer in time (the backend was
terminated, the server restarted, the network dropped), the lock is lost, and the scheduler
that `watch` guards is stopped at once (scheduler.setup), before another worker can have
waited long enough to start its own: a worker that had to wait for the lock lets
`2 * check_seconds` pass after taking it (`takeover_grace`), so the old leader has noticed.
The server, for its part, ends the lock's session after three check periods without a check
(idle_session_timeout, PostgreSQL 14+): a leader cut off by a network that drops packets does
not keep the lock, through a session the server still believes connected, for hours.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from models.db import create_engine

log = logging.getLogger(__name__)

# pg_advisory_lock keys are bigint; this one is "fieldbot" in ASCII, read as a number.
LOCK_KEY = 0x6669656C64626F74


def needs_leader(db_url: str) -> bool:
    """True when several processes may share the database (PostgreSQL)."""
    return make_url(db_url).get_backend_name() == "postgresql"


class AdvisoryLeader:
    """Holds (or waits for) the scheduler's advisory lock on a dedicated connection."""

    def __init__(
        self,
        db_url: str,
        *,
        key: int = LOCK_KEY,
        retry_seconds: float = 15.0,
        check_seconds: float = 5.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.db_url = db_url
        self.key = key
        self.retry_seconds = retry_seconds
        self.check_seconds = check_seconds
        # How the time between tries and checks passes (tests pass one they drive).
        self.sleep = sleep
        self._engine: AsyncEngine | None = None
        self._connection: AsyncConnection | None = None
        # True once a try found the lock taken: taking it then is a takeover (see the module).
        self.waited = False

    @property
    def is_leader(self) -> bool:
        return self._connection is not None

    async def try_acquire(self) -> bool:
        """Take the lock if it is free; True when this process holds it."""
        if self._connection is not None:
            return True
        if self._engine is None:
            self._engine = create_engine(self.db_url)
        connection = await self._engine.connect()
        try:
            # Autocommit: the lock is session-level and must not sit in an open transaction.
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            got = (
                await connection.execute(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
                )
            ).scalar_one()
        except BaseException:
            await connection.close()
            raise
        if not got:
            await connection.close()
            self.waited = True
            return False
        self._connection = connection
        await self._end_when_silent(connection)
        return True

    async def _end_when_silent(self, connection: AsyncConnection) -> None:
        """Have the server end the lock's session (and free the lock) once no check has come
        for three check periods: a leader cut off by a network that drops packets has stepped
        down after one check, but without it its session, which the server still believed
        connected, held the lock until TCP keepalive ended it (two hours by default).
        idle_session_timeout is PostgreSQL 14's; an older server keeps the old behaviour."""
        silent_ms = max(1, round(3 * self.check_seconds * 1000))
        try:
            await connection.execute(
                text("SELECT set_config('idle_session_timeout', :ms, false)"),
                {"ms": f"{silent_ms}ms"},
            )
        except DBAPIError as error:
            log.info(
                "The database does not end silent sessions (%s): a leader cut off from it "
                "holds the scheduler's lock until TCP keepalive ends its session",
                type(error).__name__,
            )

    async def acquire(self, *, step_back: bool = False) -> None:
        """Wait until this process is the leader (retrying every retry_seconds).

        step_back: this process has just lost the lock. It lets a whole retry period pass
        before it tries again, so a worker that was waiting takes the lock rather than the one
        whose connection just failed; should it still get it, that is a takeover (its grace).
        """
        if step_back:
            self.waited = True
            log.info(
                "Letting the other workers take the scheduler's lock first (%g s)",
                self.retry_seconds,
            )
            await self.sleep(self.retry_seconds)
        while not await self._tried():
            await self.sleep(self.retry_seconds)

    async def _tried(self) -> bool:
        """One try at the lock; a database that cannot be reached (restarting, failing over)
        counts as a failed try, logged: raising would end this worker's scheduler for good."""
        try:
            got = await self.try_acquire()
        except Exception as error:
            log.warning(
                "Could not reach the database to take the scheduler's lock (%s); retrying in %g s",
                type(error).__name__,
                self.retry_seconds,
            )
            # Another worker may take the lock meanwhile: taking it then is a takeover.
            self.waited = True
            await self._drop()
            return False
        if not got:
            log.info("Another process runs the scheduler; retrying in %g s", self.retry_seconds)
        return got

    @property
    def takeover_grace(self) -> float:
        """Seconds to wait after a takeover before starting (0 when the lock was free)."""
        return 2 * self.check_seconds if self.waited else 0.0

    async def check(self) -> bool:
        """True while the lock's connection answers within check_seconds; once it does not,
        the connection is dropped (the lock with it) and this process is no longer leader."""
        connection = self._connection
        if connection is None:
            return False
        try:
            async with asyncio.timeout(self.check_seconds):
                await connection.execute(text("SELECT 1"))
        except Exception as error:
            log.error(
                "The scheduler's lock connection failed (%s): this process is no longer the "
                "leader",
                type(error).__name__,
            )
            await self._drop()
            return False
        return True

    async def watch(self, on_lost: Callable[[], None]) -> None:
        """Check the lock every check_seconds; call `on_lost()` at once when it is lost."""
        while await self._checked_after_sleep():
            pass
        on_lost()

    async def _checked_after_sleep(self) -> bool:
        await self.sleep(self.check_seconds)
        return await self.check()

    async def _drop(self) -> None:
        """Forget a broken lock connection without talking to the server again."""
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.invalidate()
            with contextlib.suppress(Exception):
                await connection.close()
        # The next try starts from a fresh pool; waiting for the lock again is a takeover.
        self.waited = True
        if self._engine is not None:
            with contextlib.suppress(Exception):
                await self._engine.dispose()
            self._engine = None

    async def release(self) -> None:
        """Give the lock up (closing its connection) and dispose of the engine."""
        connection, self._connection = self._connection, None
        try:
            if connection is not None:
                try:
                    await connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": self.key}
                    )
                finally:
                    await connection.close()
        finally:
            if self._engine is not None:
                await self._engine.dispose()
                self._engine = None


__all__ = ["LOCK_KEY", "AdvisoryLeader", "needs_leader"]

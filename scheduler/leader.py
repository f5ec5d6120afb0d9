"""One scheduler among several workers: a PostgreSQL advisory lock names the leader.

The lock is taken with pg_try_advisory_lock on a connection of its own, held for the life of
the process: PostgreSQL releases it when that connection ends (the process exits or dies), so
a crashed leader never blocks the others. A worker that does not get it waits and tries again;
only the holder starts its scheduler. SQLite is one process by definition: no lock.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import make_url, text
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

    def __init__(self, db_url: str, *, key: int = LOCK_KEY, retry_seconds: float = 15.0) -> None:
        self.db_url = db_url
        self.key = key
        self.retry_seconds = retry_seconds
        self._engine: AsyncEngine | None = None
        self._connection: AsyncConnection | None = None

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
            return False
        self._connection = connection
        return True

    async def acquire(self) -> None:
        """Wait until this process is the leader (retrying every retry_seconds)."""
        while not await self.try_acquire():
            log.info("Another process runs the scheduler; retrying in %.0f s", self.retry_seconds)
            await asyncio.sleep(self.retry_seconds)

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

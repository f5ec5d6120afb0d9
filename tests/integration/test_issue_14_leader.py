"""Issue 14, item 6: the leader's lock heartbeat (PostgreSQL).

The lock's backend connection is killed (pg_terminate_backend): the leader stops its scheduler
at once, the other worker takes over, and there is only ever one scheduler running."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import make_url, text

from models.db import create_engine
from scheduler.leader import AdvisoryLeader
from tests.factories import Ticks

pytestmark = pytest.mark.pg

REPO = Path(__file__).resolve().parents[2]


async def lock_holders(url: str) -> list[int]:
    """The backends holding an advisory lock in this test's database (ours is the only one)."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND database = (SELECT oid FROM pg_database "
                    "WHERE datname = current_database())"
                )
            )
            return [int(pid) for (pid,) in rows]
    finally:
        await engine.dispose()


async def terminate(url: str, pid: int) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await engine.dispose()


async def test_a_leader_that_loses_its_connection_says_so_at_once(pg_url: str) -> None:
    # The time between checks is stepped by the test (Ticks), not waited for; a check still
    # answers within check_seconds or counts as lost: not so short that a loaded CI machine
    # misses it (5 s in production).
    ticks = Ticks()
    leader = AdvisoryLeader(pg_url, check_seconds=1.0, retry_seconds=0.1, sleep=ticks.sleep)
    lost = asyncio.Event()
    try:
        assert await leader.try_acquire()
        assert await leader.check()
        watch = asyncio.create_task(leader.watch(lost.set))
        for _ in range(3):  # three check intervals pass: checked each time, still the leader
            await ticks.tick(watch)
            assert not lost.is_set()
            assert leader.is_leader
        assert ticks.asked == [1.0] * 4  # it waits check_seconds between checks
        [holder] = await lock_holders(pg_url)
        await terminate(pg_url, holder)
        await ticks.tick(watch)  # the very next check finds the lock gone
        assert lost.is_set()
        await watch
        assert not leader.is_leader
        assert await lock_holders(pg_url) == []
        # It can lead again (the others could too): a takeover, so it waits its grace.
        assert await leader.try_acquire()
        assert leader.takeover_grace == pytest.approx(2.0)
    finally:
        await leader.release()


async def test_a_leader_that_lost_its_lock_lets_a_waiting_worker_take_it(pg_url: str) -> None:
    # The old leader's connection fails; it could take the free lock again within
    # milliseconds, before the worker that has waited tries again. It steps back instead.
    ticks = Ticks()
    old = AdvisoryLeader(pg_url, check_seconds=1.0, retry_seconds=0.3, sleep=ticks.sleep)
    waiting = AdvisoryLeader(pg_url, check_seconds=1.0, retry_seconds=0.3)
    try:
        assert await old.try_acquire()
        assert not await waiting.try_acquire()
        [holder] = await lock_holders(pg_url)
        await terminate(pg_url, holder)
        assert not await old.check()
        comeback = asyncio.create_task(old.acquire(step_back=True))
        await ticks.until_asleep()
        assert ticks.asked == [0.3]  # a whole retry period before its first try
        assert await lock_holders(pg_url) == []  # it has not tried yet
        assert await waiting.try_acquire()  # the waiting worker's next try takes it
        await ticks.tick(comeback)  # the old leader's try finds it taken: it waits again
        assert not comeback.done()
        assert ticks.asked == [0.3, 0.3]
        await waiting.release()
        await ticks.tick(comeback)
        await comeback
        assert old.is_leader
        assert old.takeover_grace == pytest.approx(2.0)  # had it won, it would wait its grace
    finally:
        await waiting.release()
        await old.release()


class PostgresDoor:
    """A TCP door in front of the test's PostgreSQL server that the test shuts (every
    connection through it dropped, new ones refused) and opens again: a database outage; or
    freezes: nothing passes any more, not even a connection's close (packets dropped)."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.target = (parsed.host or "127.0.0.1", parsed.port or 5432)
        self.port = 0
        self.url = url
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()

    def freeze(self) -> None:
        self._flowing.clear()

    async def open(self) -> None:
        self._server = await asyncio.start_server(self._pipe, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        parsed = make_url(self.url).set(host="127.0.0.1", port=self.port)
        self.url = parsed.render_as_string(hide_password=False)

    async def shut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.close()
        self._writers.clear()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self._writers |= {writer, up_writer}

        async def copy(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    await self._flowing.wait()
                    dst.write(data)
                    await dst.drain()
            except OSError:
                pass
            finally:
                if self._flowing.is_set():  # a frozen network carries no close either
                    dst.close()

        await asyncio.gather(copy(reader, up_writer), copy(up_reader, writer))


async def test_a_worker_waiting_for_the_lock_outlives_a_database_outage(pg_url: str) -> None:
    """PostgreSQL restarting for longer than a retry period: trying the lock raised (the
    connection was refused), which ended the worker's scheduler task for good: after the
    outage no worker ran the digests, reminders or the outbox until it was restarted."""
    door = PostgresDoor(pg_url)
    await door.open()
    ticks = Ticks()
    leader = AdvisoryLeader(door.url, check_seconds=1.0, retry_seconds=0.3, sleep=ticks.sleep)
    try:
        assert await leader.try_acquire()
        lost = asyncio.Event()
        watch = asyncio.create_task(leader.watch(lost.set))
        await door.shut()  # the server goes down: the lock's connection with it
        await ticks.tick(watch)
        await watch
        assert lost.is_set()
        comeback = asyncio.create_task(leader.acquire(step_back=True))
        for _ in range(3):  # retry periods pass while the database refuses connections
            await ticks.tick(comeback)
            assert not comeback.done(), comeback.exception()
        assert await lock_holders(pg_url) == []
        await door.open()  # the same address answers again
        await ticks.tick(comeback)
        await comeback
        assert leader.is_leader
        assert leader.takeover_grace == pytest.approx(2.0)  # others may have taken it meanwhile
        assert len(await lock_holders(pg_url)) == 1
    finally:
        await leader.release()
        await door.shut()


async def test_a_leader_cut_off_from_the_database_does_not_keep_the_lock(pg_url: str) -> None:
    """The network between the leader and PostgreSQL drops every packet (no reset either
    way): the leader's check times out and it stops its scheduler, but its backend, which
    PostgreSQL still believed connected, kept the lock until TCP keepalive ended it (two hours
    by default), and no worker could lead meanwhile. The server now ends the lock's session
    once it has been silent for three checks."""
    door = PostgresDoor(pg_url)
    await door.open()
    leader = AdvisoryLeader(door.url, check_seconds=1.0, retry_seconds=0.3)
    waiting = AdvisoryLeader(pg_url, check_seconds=1.0, retry_seconds=0.3)
    try:
        assert await leader.try_acquire()
        door.freeze()
        assert not await leader.check()  # no answer within check_seconds: it steps down
        # The server still holds the cut-off session, and with it the lock, for a while.
        async with asyncio.timeout(15):
            await waiting.acquire()  # tries every retry period
        assert len(await lock_holders(pg_url)) == 1
    finally:
        await waiting.release()
        await leader.release()
        await door.shut()


class Worker:
    """`fieldbot scheduler` in a process of its own, logging JSON lines to a file."""

    def __init__(self, name: str, env: dict[str, str], log: Path) -> None:
        self.name = name
        self.log = log
        self._file = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "scheduler"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._file,
            stderr=subprocess.STDOUT,
        )

    def records(self) -> list[dict[str, Any]]:
        out = []
        for line in self.log.read_text().splitlines():
            if line.startswith("{"):
                out.append(json.loads(line))
        return out

    def said(self, start: str) -> list[datetime]:
        """When this worker logged a message starting with `start`."""
        return [
            datetime.fromisoformat(r["time"])
            for r in self.records()
            if r["message"].startswith(start)
        ]

    async def wait_for(self, start: str, count: int = 1, within: float = 60) -> datetime:
        for _ in range(int(within * 20)):
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} stopped:\n{self.log.read_text()}")
            times = self.said(start)
            if len(times) >= count:
                return times[count - 1]
            await asyncio.sleep(0.05)
        raise AssertionError(f"{self.name} never said {start!r}:\n{self.log.read_text()}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._file.close()
        return code


STARTED = "Scheduler started"
LOST = "The scheduler's lock was lost"
WAITING = "Another process runs the scheduler"


async def test_the_other_worker_takes_over_when_the_lock_connection_is_killed(
    pg_url: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIELDBOT_")}
    env.update(
        PYTHONPATH=str(REPO),
        FIELDBOT_DB__URL=pg_url,
        FIELDBOT_BOT__TOKEN="123456:LEADER-TEST-token-aaaaaaaaaaaaaaaa",
        FIELDBOT_BOT__API_BASE="http://127.0.0.1:9",  # nothing to send: never called
        FIELDBOT_LOG_FORMAT="json",
        # Not so short that a loaded CI machine misses a check (5 s in production).
        FIELDBOT_LEADER__CHECK_SECONDS="2",
        FIELDBOT_LEADER__RETRY_SECONDS="0.3",
    )
    first = Worker("first", env, tmp_path / "first.log")
    second: Worker | None = None
    try:
        started_first = await first.wait_for(STARTED)
        second = Worker("second", env, tmp_path / "second.log")
        await second.wait_for(WAITING)
        assert not second.said(STARTED)
        [holder] = await lock_holders(pg_url)

        await terminate(pg_url, holder)
        lost_at = await first.wait_for(LOST)
        taken_over_at = await second.wait_for(STARTED)
        # The old leader stopped before the new one started: never two schedulers at once.
        assert started_first < lost_at < taken_over_at
        # The old leader now waits, as the second did; it does not start again.
        await first.wait_for(WAITING)
        # A few of its retries (one every 0.3 s), each logged, none of them a start.
        await first.wait_for(WAITING, count=len(first.said(WAITING)) + 3)
        assert len(first.said(STARTED)) == 1
        assert len(second.said(STARTED)) == 1
        assert len(await lock_holders(pg_url)) == 1
    except AssertionError as failure:
        raise AssertionError(f"{failure}\nfirst's log:\n{first.log.read_text()}") from None
    finally:
        codes = [first.stop()] + ([second.stop()] if second is not None else [])
    assert codes == [0, 0], first.log.read_text()

"""SQLite under asyncio (models.sqlite): the in-process write queue and the one-hop cursor.

Every engine made by models.db.create_engine queues this process's writers for one write turn
(WriteQueue) and runs each statement in one trip to aiosqlite's thread (OneHopCursor). These
tests drive both through real sessions on a migrated SQLite file. job_runs rows serve as
counters (consecutive_failures) and as throwaway rows, so no schema of their own is needed.

Timings are real (this is about concurrency): holders keep the turn until the other side has
been measured, or for a bounded time, so a passing run stays short.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sqlalchemy import event, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from models.db import create_engine, create_session_factory
from models.sqlite import DEFERRED, OneHopCursor
from models.tables import JobRun
from models.uow import is_transient, run_transaction

Factory = async_sessionmaker[AsyncSession]

COUNTER = "counter"

# A text() statement: the ORM adds nothing around it, so it is exactly one writing statement.
_BUMP = text(
    "UPDATE job_runs SET consecutive_failures = consecutive_failures + 1 WHERE job_id = :job_id"
)


@contextlib.asynccontextmanager
async def _sessions(url: str, **options: Any) -> AsyncIterator[Factory]:
    """Sessions on an engine of this test's own (a busy timeout other than the fixture's)."""
    engine = create_engine(url, **options)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


async def _add_counter(factory: Factory, job_id: str = COUNTER) -> None:
    async with factory() as session:
        session.add(JobRun(job_id=job_id, interval_seconds=60))
        await session.commit()


async def _count(factory: Factory, job_id: str = COUNTER) -> int:
    async with factory() as session:
        value = await session.scalar(
            select(JobRun.consecutive_failures).where(JobRun.job_id == job_id)
        )
    assert value is not None
    return value


async def _bump(session: AsyncSession, job_id: str = COUNTER) -> None:
    """Add one to a counter: a writing statement, so the session takes the write turn."""
    await session.execute(_BUMP, {"job_id": job_id})


async def _bump_and_commit(factory: Factory) -> float:
    """One short writing transaction; returns the moment its write went through."""
    async with factory() as session:
        await _bump(session)
        wrote_at = time.monotonic()
        await session.commit()
    return wrote_at


async def _hold_turn(
    factory: Factory, took_turn: asyncio.Event, release: asyncio.Event, at_most: float
) -> None:
    """Write, then keep the turn (uncommitted) until `release` is set or `at_most` s passed."""
    async with factory() as session:
        await _bump(session)
        took_turn.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(release.wait(), at_most)
        await session.commit()


def _task_name() -> str:
    task = asyncio.current_task()
    assert task is not None
    return task.get_name()


def _no_busy_wait(dbapi_connection: Any, _record: Any) -> None:
    """Switch SQLite's own busy handler off: meeting another connection's lock fails at once."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout=0")
    finally:
        cursor.close()


def _occupy(started: threading.Event, seconds: float) -> None:
    started.set()
    time.sleep(seconds)


async def _occupy_thread(session: AsyncSession, seconds: float) -> asyncio.Future[Any]:
    """Keep the session's aiosqlite thread busy for a while: its next call queues behind.

    Stands in for a COMMIT that takes time (a slow disk, a checkpoint). aiosqlite has no public
    way to queue a function; `_execute` is the queue models.sqlite itself uses.
    """
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection  # aiosqlite.Connection
    started = threading.Event()
    busy: asyncio.Future[Any] = asyncio.ensure_future(driver._execute(_occupy, started, seconds))
    await asyncio.to_thread(started.wait, 5.0)
    return busy


# --- WriteQueue ---------------------------------------------------------------------------


async def test_twenty_concurrent_writers_all_commit_in_the_order_they_asked_for_the_turn(
    engine: AsyncEngine, session_factory: Factory
) -> None:
    await _add_counter(session_factory)
    asked: list[str] = []
    granted: list[str] = []

    def ask(
        _conn: Any,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        if statement.startswith("UPDATE"):
            asked.append(_task_name())

    # Ahead of WriteQueue's own listener: the moment a writer asks for the turn.
    event.listen(engine.sync_engine, "before_cursor_execute", ask, insert=True)

    async def increment() -> None:
        async with session_factory() as session:
            await _bump(session)
            granted.append(_task_name())
            await asyncio.sleep(0.01)
            await session.commit()

    writers = [asyncio.create_task(increment(), name=f"writer-{n}") for n in range(20)]
    outcomes = await asyncio.gather(*writers, return_exceptions=True)

    assert [outcome for outcome in outcomes if outcome is not None] == []
    assert await _count(session_factory) == 20
    assert sorted(asked) == sorted(writer.get_name() for writer in writers)
    assert granted == asked


async def test_twenty_read_then_write_transactions_lose_no_update(
    session_factory: Factory,
) -> None:
    """A transaction that writes takes the turn before its first read (run_transaction, and
    the update's unit of work): read, then write back, loses nothing."""
    await _add_counter(session_factory)
    order: list[int] = []

    async def increment(n: int) -> None:
        async def work(session: AsyncSession) -> None:
            row = await session.get(JobRun, COUNTER)
            assert row is not None
            order.append(n)
            await asyncio.sleep(0.005)  # another writer would slip in here
            row.consecutive_failures += 1

        await run_transaction(session_factory, work)

    outcomes = await asyncio.gather(*(increment(n) for n in range(20)), return_exceptions=True)

    assert [outcome for outcome in outcomes if outcome is not None] == []
    assert await _count(session_factory) == 20
    assert order == list(range(20))  # in the order they asked


async def test_a_plain_session_only_takes_the_turn_at_its_first_write(
    session_factory: Factory,
) -> None:
    """Outside run_transaction and the unit of work, the turn is a safety net taken at the
    first write: reads before it are not isolated (why writers use run_transaction)."""
    await _add_counter(session_factory)
    async with session_factory() as first, session_factory() as second:
        one = await first.get(JobRun, COUNTER)
        two = await second.get(JobRun, COUNTER)
        assert one is not None
        assert two is not None
        one.consecutive_failures += 1
        await first.commit()
        two.consecutive_failures += 1
        await second.commit()
    assert await _count(session_factory) == 1  # the documented limit, not a hidden one


async def test_a_reader_reads_committed_data_at_once_while_a_writer_holds_the_turn(
    session_factory: Factory,
) -> None:
    await _add_counter(session_factory)
    took_turn, reader_done = asyncio.Event(), asyncio.Event()
    # Held for up to 2 s; let go as soon as the reader is done, to keep the test short. A reader
    # that waited for the turn would take the whole 2 s.
    holder = asyncio.create_task(_hold_turn(session_factory, took_turn, reader_done, 2.0))
    await took_turn.wait()

    started = time.monotonic()
    async with session_factory() as session:
        seen = await session.scalar(
            select(JobRun.consecutive_failures).where(JobRun.job_id == COUNTER)
        )
    elapsed = time.monotonic() - started
    still_held = not holder.done()
    reader_done.set()
    await holder

    assert elapsed < 0.5
    assert still_held
    assert seen == 0  # the holder's +1 was not committed yet
    assert await _count(session_factory) == 1


@pytest.mark.parametrize("ending", ["commit", "rollback", "close"])
async def test_the_turn_is_given_back_when_the_holders_transaction_ends(
    session_factory: Factory, ending: str
) -> None:
    await _add_counter(session_factory)
    holder = session_factory()
    try:
        await _bump(holder)
        waiter = asyncio.create_task(_bump_and_commit(session_factory))
        await asyncio.sleep(0.1)
        waited_for_the_turn = not waiter.done()

        ended_at = time.monotonic()
        if ending == "commit":
            await holder.commit()
        elif ending == "rollback":
            await holder.rollback()
        else:
            await holder.close()  # without commit: the connection goes back to the pool
        # Far below the busy timeout (5 s): a turn not given back shows up as a timeout here.
        wrote_at = await asyncio.wait_for(waiter, 2.0)
    finally:
        await holder.close()

    assert waited_for_the_turn
    assert wrote_at - ended_at < 0.3
    assert await _count(session_factory) == (2 if ending == "commit" else 1)


async def test_a_second_session_of_the_same_task_fails_at_once_instead_of_waiting_for_itself(
    session_factory: Factory,
) -> None:
    await _add_counter(session_factory)
    async with session_factory() as first, session_factory() as second:
        await _bump(first)
        started = time.monotonic()
        with pytest.raises(OperationalError) as caught:
            await _bump(second)
        elapsed = time.monotonic() - started
        await second.rollback()
        await first.commit()
        # Once the first has committed, the second may write.
        await _bump(second)
        await second.commit()

    assert elapsed < 1.0
    assert is_transient(caught.value)
    assert isinstance(caught.value.orig, sqlite3.OperationalError)
    assert "database is locked" in str(caught.value.orig)
    assert await _count(session_factory) == 2


async def test_a_writer_not_given_the_turn_within_the_busy_timeout_fails_transiently(
    sqlite_db_url: str,
) -> None:
    async with _sessions(sqlite_db_url, busy_timeout_ms=200) as factory:
        await _add_counter(factory)
        took_turn, waiter_done = asyncio.Event(), asyncio.Event()
        holder = asyncio.create_task(_hold_turn(factory, took_turn, waiter_done, 1.0))
        await took_turn.wait()

        # A full collection of the suite's large heap (some 2,000 tests in one process) once
        # paused the loop for most of a second here, past the timeout measured: not during it.
        gc.disable()
        try:
            started = time.monotonic()
            with pytest.raises(OperationalError) as caught:
                await _bump_and_commit(factory)
            waited = time.monotonic() - started
        finally:
            gc.enable()
        still_held = not holder.done()
        waiter_done.set()
        await holder
        # The writer that gave up left the queue: the next one goes straight through.
        await asyncio.wait_for(_bump_and_commit(factory), 0.5)
        count = await _count(factory)

    assert is_transient(caught.value)
    assert 0.19 <= waited < 0.5
    assert still_held
    assert count == 2


async def test_the_next_writer_is_given_the_turn_only_once_the_holders_commit_has_run(
    sqlite_db_url: str,
) -> None:
    engine = create_engine(sqlite_db_url)
    # A writer that only ever writes when it has the turn never meets SQLite's lock, so SQLite's
    # busy handler can be off: meeting the lock then fails at once instead of sleeping.
    event.listen(engine.sync_engine, "connect", _no_busy_wait)
    factory = create_session_factory(engine)
    try:
        await _add_counter(factory)

        async with factory() as holder:
            await _bump(holder)
            waiter = asyncio.create_task(_bump_and_commit(factory))
            await asyncio.sleep(0.05)
            waited_for_the_turn = not waiter.done()
            busy = await _occupy_thread(holder, 0.3)
            await holder.commit()
            await busy
        waiter_error: BaseException | None = None
        try:
            await waiter
        except OperationalError as error:
            waiter_error = error
        count = await _count(factory)
    finally:
        await engine.dispose()

    assert waited_for_the_turn
    assert waiter_error is None
    assert count == 2


async def test_a_zero_busy_timeout_still_lets_a_writer_without_competition_write(
    sqlite_db_url: str,
) -> None:
    async with _sessions(sqlite_db_url, busy_timeout_ms=0) as factory:
        await _add_counter(factory)
        await _bump_and_commit(factory)
        count = await _count(factory)

    assert count == 1


# --- OneHopCursor -------------------------------------------------------------------------


async def test_a_select_on_an_engine_connection_is_one_trip_to_the_sqlite_thread(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    cursor_types: list[type] = []

    def record(
        _conn: Any,
        cursor: Any,
        _statement: str,
        _parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        cursor_types.append(type(cursor))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    async with engine.connect() as connection:
        driver: Any = (await connection.get_raw_connection()).driver_connection
        trips: list[Callable[..., Any]] = []
        queue = driver._execute

        async def counted(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            trips.append(fn)
            return await queue(fn, *args, **kwargs)

        monkeypatch.setattr(driver, "_execute", counted)
        rows = (await connection.execute(text("SELECT 1 UNION ALL SELECT 2"))).all()
        trips_for_the_select = len(trips)

    assert cursor_types == [OneHopCursor]
    assert [tuple(row) for row in rows] == [(1,), (2,)]
    # SQLAlchemy's own aiosqlite cursor makes four: cursor(), execute, fetchall, close.
    assert trips_for_the_select == 1


@pytest.mark.skipif(
    sqlite3.sqlite_version_info < (3, 35), reason="RETURNING needs SQLite 3.35 or later"
)
async def test_insert_returning_gives_back_the_inserted_rows(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        one = await connection.execute(
            insert(JobRun)
            .values(job_id="one", interval_seconds=60)
            .returning(JobRun.job_id, JobRun.consecutive_failures)
        )
        first = [tuple(row) for row in one.all()]
        several = await connection.execute(
            insert(JobRun).returning(JobRun.job_id, sort_by_parameter_order=True),
            [{"job_id": f"job-{n}", "interval_seconds": n} for n in range(3)],
        )
        rest = list(several.scalars())

    assert first == [("one", 0)]  # the server default came back too
    assert rest == ["job-0", "job-1", "job-2"]


async def test_lastrowid_is_the_rowid_of_the_row_just_inserted(session_factory: Factory) -> None:
    async with session_factory() as session:
        connection = await session.connection()
        given: dict[str, Any] = {}
        for job_id in ("first", "second"):
            result = await connection.execute(
                insert(JobRun).values(job_id=job_id, interval_seconds=60)
            )
            given[job_id] = result.lastrowid
        await session.commit()
    async with session_factory() as session:
        rowids = await session.execute(text("SELECT job_id, rowid FROM job_runs"))
        stored: dict[str, int] = dict(rowids.all())

    assert given == stored
    assert given["first"] != given["second"]


async def test_an_update_reports_how_many_rows_it_touched(engine: AsyncEngine) -> None:
    rows = [{"job_id": f"job-{n}", "interval_seconds": 60 if n < 3 else 3600} for n in range(5)]
    async with engine.begin() as connection:
        await connection.execute(insert(JobRun), rows)
        hourly = await connection.execute(
            update(JobRun).where(JobRun.interval_seconds == 60).values(consecutive_failures=1)
        )
        touched = hourly.rowcount
        nothing = await connection.execute(
            update(JobRun).where(JobRun.interval_seconds == 1).values(consecutive_failures=1)
        )

    assert touched == 3
    assert nothing.rowcount == 0


async def test_a_multi_row_insert_runs_as_executemany_and_inserts_every_row(
    engine: AsyncEngine, session_factory: Factory
) -> None:
    executemany_flags: list[bool] = []

    def record(
        _conn: Any,
        _cursor: Any,
        statement: str,
        _parameters: Any,
        _context: Any,
        executemany: bool,
    ) -> None:
        if statement.startswith("INSERT"):
            executemany_flags.append(executemany)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    rows = [{"job_id": f"job-{n:03d}", "interval_seconds": n} for n in range(50)]
    async with engine.begin() as connection:
        result = await connection.execute(insert(JobRun), rows)
        inserted = result.rowcount
    async with session_factory() as session:
        stored = (
            await session.execute(
                select(JobRun.job_id, JobRun.interval_seconds).order_by(JobRun.job_id)
            )
        ).all()

    assert executemany_flags == [True]
    assert inserted == 50
    assert [(row.job_id, row.interval_seconds) for row in stored] == [
        (row["job_id"], row["interval_seconds"]) for row in rows
    ]


async def test_a_select_of_no_rows_and_one_of_a_thousand_rows_both_come_back_whole(
    engine: AsyncEngine,
) -> None:
    rows = [{"job_id": f"job-{n:04d}", "interval_seconds": n} for n in range(1000)]
    async with engine.begin() as connection:
        await connection.execute(insert(JobRun), rows)
    async with engine.connect() as connection:
        empty = await connection.execute(select(JobRun.job_id).where(JobRun.job_id == "nobody"))
        empty_keys = list(empty.keys())
        empty_rows = empty.all()
        many = await connection.execute(
            select(JobRun.job_id, JobRun.interval_seconds).order_by(JobRun.interval_seconds)
        )
        first = many.fetchmany(10)
        rest = many.all()

    assert empty_keys == ["job_id"]
    assert empty_rows == []
    assert len(first) == 10
    assert len(rest) == 990
    assert [row.interval_seconds for row in (*first, *rest)] == list(range(1000))


async def test_an_sql_error_raises_operational_error_and_leaves_the_connection_usable(
    engine: AsyncEngine, session_factory: Factory
) -> None:
    async with engine.connect() as connection:
        await connection.execute(insert(JobRun).values(job_id="before", interval_seconds=60))
        with pytest.raises(OperationalError, match="no such table"):
            await connection.execute(text("SELECT * FROM no_such_table"))
        one = (await connection.execute(text("SELECT 1"))).scalar_one()
        await connection.execute(insert(JobRun).values(job_id="after", interval_seconds=60))
        await connection.commit()
    async with session_factory() as session:
        stored = list(await session.scalars(select(JobRun.job_id).order_by(JobRun.job_id)))

    assert one == 1
    assert stored == ["after", "before"]


async def test_a_writing_statement_that_fails_gives_the_turn_back_with_its_rollback(
    session_factory: Factory,
) -> None:
    await _add_counter(session_factory)
    async with session_factory() as session:
        # It takes the turn (it writes), then SQLite refuses it.
        with pytest.raises(OperationalError, match="no such table"):
            await session.execute(text("INSERT INTO no_such_table VALUES (1)"))
        await session.rollback()
        # Another session of this task, then this one, may write again (a turn kept by the
        # failed statement would make the other session fail at once as "this task's").
        await asyncio.wait_for(_bump_and_commit(session_factory), 1.0)
        await _bump(session)
        await session.commit()

    assert await _count(session_factory) == 2


async def test_a_commit_is_not_followed_by_a_rollback_when_the_connection_goes_back(
    session_factory: Factory, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _add_counter(session_factory)
    rollbacks: list[object] = []
    dialect = engine.sync_engine.dialect
    rollback = dialect.do_rollback

    def counted(dbapi_connection: Any) -> None:
        rollbacks.append(dbapi_connection)
        rollback(dbapi_connection)

    monkeypatch.setattr(dialect, "do_rollback", counted)
    await _bump_and_commit(session_factory)

    assert rollbacks == []
    assert await _count(session_factory) == 1


async def test_a_connection_back_in_the_pool_with_an_open_transaction_is_rolled_back(
    session_factory: Factory, engine: AsyncEngine
) -> None:
    await _add_counter(session_factory)
    async with engine.connect() as connection:
        driver: Any = (await connection.get_raw_connection()).driver_connection
        # Behind SQLAlchemy's back: sqlite3 opens a transaction that nobody commits.
        await driver.execute(
            "UPDATE job_runs SET consecutive_failures = 41 WHERE job_id = ?", (COUNTER,)
        )
        assert driver.in_transaction

    # Back in the pool, then out again: the write was rolled back and the connection is clean.
    async with engine.connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        assert not driver.in_transaction
    assert await _count(session_factory) == 0


# --- Deferred writes (models.sqlite.DEFERRED) -------------------------------------------------

_ADD_RUN = insert(JobRun).execution_options(**{DEFERRED: True})


def _run_row(job_id: str) -> dict[str, Any]:
    return {"job_id": job_id, "interval_seconds": 60, "consecutive_failures": 0}


async def _job_ids(factory: Factory) -> list[str]:
    async with factory() as session:
        return list((await session.scalars(select(JobRun.job_id).order_by(JobRun.job_id))).all())


@contextlib.asynccontextmanager
async def _counting_trips(session: AsyncSession) -> AsyncIterator[list[str]]:
    """The names of the functions the session's connection sends to aiosqlite's thread."""
    connection = await session.connection()
    driver: Any = (await connection.get_raw_connection()).driver_connection
    trips: list[str] = []
    queue = driver._execute

    async def counted(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(fn, "__name__", repr(fn)))
        return await queue(fn, *args, **kwargs)

    driver._execute = counted
    try:
        yield trips
    finally:
        del driver._execute  # aiosqlite's own method again


async def test_deferred_writes_go_with_the_commit_in_one_trip(session_factory: Factory) -> None:
    async with session_factory() as session, _counting_trips(session) as trips:
        await session.execute(_ADD_RUN, _run_row("a"))
        await session.execute(_ADD_RUN, _run_row("b"))
        assert trips == []  # nothing sent yet
        await session.commit()

    assert trips == ["_write_then_commit"]
    assert await _job_ids(session_factory) == ["a", "b"]


async def test_a_deferred_write_is_seen_by_the_next_statement_sent_in_its_trip(
    session_factory: Factory,
) -> None:
    async with session_factory() as session, _counting_trips(session) as trips:
        await session.execute(_ADD_RUN, _run_row("a"))
        count = await session.scalar(select(func.count()).select_from(JobRun))
        await session.rollback()

    assert count == 1
    assert trips == ["_run", "rollback"]
    assert await _job_ids(session_factory) == []


async def test_a_rollback_drops_deferred_writes_and_the_connection_forgets_them(
    session_factory: Factory,
) -> None:
    async with session_factory() as session:
        await session.execute(_ADD_RUN, _run_row("dropped"))
        await session.rollback()
        await session.execute(_ADD_RUN, _run_row("kept"))
        await session.commit()
    async with session_factory() as session:
        await session.execute(_ADD_RUN, _run_row("closed without a commit"))
    await _bump_and_commit(session_factory)  # the pool's connection again: nothing left over

    assert await _job_ids(session_factory) == ["kept"]


async def test_a_deferred_write_that_breaks_a_unique_key_fails_the_commit(
    session_factory: Factory,
) -> None:
    await _add_counter(session_factory)
    async with session_factory() as session:
        await session.execute(_ADD_RUN, _run_row("new"))
        await session.execute(_ADD_RUN, _run_row(COUNTER))
        with pytest.raises(IntegrityError, match="UNIQUE"):
            await session.commit()
        await session.rollback()
        await _bump(session)  # the connection is usable, and nothing of the failed commit stayed
        await session.commit()

    assert await _job_ids(session_factory) == [COUNTER]
    assert await _count(session_factory) == 1

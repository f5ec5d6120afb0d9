"""Issue 14, item 1: `fieldbot db backup` while the bot writes, `fieldbot db restore` into a
fresh place that passes the start-up check and serves a conversation; the refusals."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.backup import BEFORE_RESTORE_SUFFIX, backup_database, restore_database
from bot.cli import main
from bot.domain.enums import Role
from bot.sandbox import SandboxServer
from models import queries
from models.db import (
    check_database,
    create_engine,
    create_session_factory,
    current_head,
    upgrade_database,
)
from models.tables import User
from models.uow import run_transaction
from tests.conftest import sqlite_url
from tests.e2e.harness import running_bot

ROOT = Path(__file__).resolve().parents[3]
WRITERS = 3
ADMIN = 1001
# Ballast, so that the copy and its integrity check take long enough for commits to land
# while the command runs.
BALLAST_USERS = 20_000
BALLAST_FIRST_ID = 10 * 10**6


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("FIELDBOT_"):
            monkeypatch.delenv(name)


def _file(url: str) -> Path:
    return Path(url.removeprefix("sqlite+aiosqlite:///"))


def fieldbot(*argv: str, db_url: str, cwd: Path) -> subprocess.Popen[str]:
    """`fieldbot ARGV` in a process of its own, as an operator runs it next to the bot."""
    env = {**os.environ, "FIELDBOT_DB__URL": db_url, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(  # noqa: S603 - this interpreter, the test's own arguments
        [sys.executable, "-m", "bot", *argv],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class Writers:
    """Writers committing one new user each per transaction, in a loop, until stopped. Writer
    w inserts Telegram ids (w+1)*10**6 + 0, 1, 2...: any consistent snapshot holds a prefix."""

    def __init__(self, db_url: str) -> None:
        self.engine = create_engine(db_url)
        self.factory = create_session_factory(self.engine)
        self.committed = [0] * WRITERS
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def _write(self, writer: int) -> None:
        while not self._stop.is_set():
            telegram_id = (writer + 1) * 10**6 + self.committed[writer]

            async def work(session: AsyncSession, telegram_id: int = telegram_id) -> None:
                await queries.ensure_user(session, telegram_id, f"Writer {writer}", None)

            await run_transaction(self.factory, work, what="test writer")
            self.committed[writer] += 1
            await asyncio.sleep(0)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[Writers]:
        self._tasks = [asyncio.create_task(self._write(w)) for w in range(WRITERS)]
        try:
            yield self
        finally:
            self._stop.set()
            await asyncio.gather(*self._tasks)
            await self.engine.dispose()

    async def until_each_wrote(self, count: int) -> None:
        while min(self.committed) < count:  # noqa: ASYNC110 - polled state of other tasks
            await asyncio.sleep(0.01)


async def _ballast_and_admin(db_url: str) -> None:
    engine = create_engine(db_url)
    now = dt.datetime.now(dt.UTC)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(User),
                [
                    {
                        "telegram_id": BALLAST_FIRST_ID + n,
                        "display_name": f"Ballast {n} " + "x" * 100,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for n in range(BALLAST_USERS)
                ],
            )
        factory = create_session_factory(engine)
        async with factory() as session:
            await queries.grant_role(session, ADMIN, Role.ADMIN, (), True, actor_user_id=None)
            await queries.ensure_user(session, ADMIN, "Amina", "en")
            await session.commit()
    finally:
        await engine.dispose()


def _writer_ids(path: Path) -> list[list[int]]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        rows = db.execute(
            "SELECT telegram_id FROM users WHERE telegram_id >= ? AND telegram_id < ?",
            (10**6, (WRITERS + 1) * 10**6),
        ).fetchall()
    by_writer: list[list[int]] = [[] for _ in range(WRITERS)]
    for (telegram_id,) in rows:
        by_writer[telegram_id // 10**6 - 1].append(telegram_id % 10**6)
    return [sorted(ids) for ids in by_writer]


async def _finish(process: subprocess.Popen[str], seconds: float = 60) -> tuple[int, str, str]:
    out, err = await asyncio.wait_for(asyncio.to_thread(process.communicate), seconds)
    return process.returncode, out, err


async def test_a_backup_taken_while_writers_commit_restores_into_a_working_bot(
    db_url: str, tmp_path: Path
) -> None:
    await _ballast_and_admin(db_url)
    backup = tmp_path / "backups" / "fieldbot-backup.db"
    backup.parent.mkdir()

    async with Writers(db_url).running() as writers:
        await writers.until_each_wrote(20)
        before = list(writers.committed)
        # The same engine-less, threaded path as `fieldbot db backup`: the loop goes on.
        copy = await backup_database(db_url, backup)
        after = list(writers.committed)
        await writers.until_each_wrote(max(after) + 5)  # and they still write afterwards

    assert sum(after) > sum(before), "no commit while the backup ran: the loop was blocked"
    assert copy.path == backup
    assert copy.revision == current_head()
    assert copy.size == backup.stat().st_size
    # One self-contained file: no -wal or -shm beside it, not in WAL mode.
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]
    with contextlib.closing(sqlite3.connect(backup)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    # A snapshot of one moment: each writer's rows are a prefix of what it committed, and at
    # least what it had committed when the backup started.
    in_backup = _writer_ids(backup)
    for writer, ids in enumerate(in_backup):
        assert ids == list(range(len(ids))), f"writer {writer}: a gap, not a snapshot"
        assert before[writer] <= len(ids) <= after[writer]

    restored_url = sqlite_url(tmp_path / "fresh" / "place" / "fieldbot.db")
    restored = await restore_database(restored_url, backup)
    assert restored.previous is None  # nothing was there to keep
    engine = create_engine(restored_url)
    try:
        await check_database(engine)
        async with create_session_factory(engine)() as session:
            users = (await session.execute(select(func.count()).select_from(User))).scalar_one()
    finally:
        await engine.dispose()
    assert users == BALLAST_USERS + 1 + sum(len(ids) for ids in in_backup)

    # The production bot on the restored database: the admin is still an admin.
    async with (
        SandboxServer(settle_seconds=0.0) as sandbox,
        running_bot(sandbox, restored_url) as bot,
    ):
        amina = bot.user(ADMIN, "Amina")
        await amina.send("/help")
        assert "/invite" in (await amina.last()).text


def _mark(path: Path, name: str) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute(
            "INSERT INTO users (telegram_id, display_name, timezone, active, created_at, "
            "updated_at) VALUES (777, ?, 'UTC', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            (name,),
        )
        db.commit()


def _rename_marker(path: Path, name: str) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("UPDATE users SET display_name = ? WHERE telegram_id = 777", (name,))
        db.commit()


def _marker(path: Path) -> str | None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        row = db.execute("SELECT display_name FROM users WHERE telegram_id = 777").fetchone()
    return None if row is None else str(row[0])


def test_backup_refuses_to_replace_a_file_unless_forced(
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    existing = tmp_path / "old-backup.db"
    existing.write_text("yesterday's backup")
    assert main(["db", "backup", str(existing)]) == 2
    err = capsys.readouterr().err
    assert err == f"fieldbot: {existing} exists already: choose another name, or add --force\n"
    assert existing.read_text() == "yesterday's backup"

    assert main(["db", "backup", str(existing), "--force"]) == 0
    assert capsys.readouterr().out.startswith(f"Backup written to {existing}: ")
    assert existing.read_bytes().startswith(b"SQLite format 3\x00")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def _unchanged(database: Path, marker: str) -> None:
    """The refused restore left the database as it was, and nothing beside it."""
    assert _marker(database) == marker
    assert not Path(f"{database}{BEFORE_RESTORE_SUFFIX}").exists()
    assert not [p for p in database.parent.iterdir() if p.name.startswith(".")]


def _restored(database: Path, backup: Path, out: str) -> None:
    """The restore put the backup in place and kept what it replaced, and nothing else."""
    previous = Path(f"{database}{BEFORE_RESTORE_SUFFIX}")
    assert f"The database it replaced is kept as {previous}." in out
    assert _marker(database) == "before the backup"
    assert _marker(previous) == "after the backup"
    names = {p.name for p in database.parent.iterdir()}
    assert names == {database.name, previous.name, backup.name}


async def test_restore_refuses_while_a_bot_has_the_database_open(
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = _file(db_url)
    backup = tmp_path / "backup.db"
    _mark(database, "before the backup")
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    assert await asyncio.to_thread(main, ["db", "backup", str(backup)]) == 0
    _rename_marker(database, "after the backup")

    # A running bot: its engine keeps an idle connection in its pool after the start-up check.
    engine = create_engine(db_url)
    try:
        await check_database(engine)
        code, out, err = await _finish(
            fieldbot("db", "restore", str(backup), db_url=db_url, cwd=tmp_path)
        )
    finally:
        await engine.dispose()
    assert code == 2, (out, err)
    # The refusal is the command's last line (a loaded machine may log a warning before it).
    assert err.endswith(
        f"fieldbot: {database} is in use by another process (the bot, `fieldbot scheduler` "
        "or another fieldbot command): stop them, then run the restore again. "
        "Nothing was changed.\n"
    ), err
    assert "Traceback" not in err
    _unchanged(database, "after the backup")

    # Stopped: the restore goes through, keeps what it replaced, and the bot may start.
    capsys.readouterr()
    assert await asyncio.to_thread(main, ["db", "restore", str(backup)]) == 0
    _restored(database, backup, capsys.readouterr().out)
    engine = create_engine(db_url)
    try:
        await check_database(engine)
    finally:
        await engine.dispose()


def _damaged_copy(source: Path, path: Path) -> None:
    data = bytearray(source.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(2, len(data) // page_size):  # every b-tree page but the schema's
        start = page * page_size
        data[start + 8 : start + 64] = b"\xff" * 56
    path.write_bytes(bytes(data))


def _plain_sqlite(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE notes (text)")
        db.commit()


def _newer_revision(source: Path, path: Path) -> None:
    path.write_bytes(source.read_bytes())
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("UPDATE alembic_version SET version_num = '0999_from_the_future'")
        db.commit()


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda source, path: path.write_text("id,name\n1,Amina\n"), "is not a SQLite database"),
        (_damaged_copy, "malformed"),
        (lambda source, path: _plain_sqlite(path), "is not a fieldbot database"),
        (_newer_revision, "at revision 0999_from_the_future, which this version"),
    ],
    ids=["not-sqlite", "damaged", "not-fieldbot", "newer-revision"],
)
def test_restore_checks_the_file_first_and_changes_nothing_when_it_fails(
    make: Callable[[Path, Path], object],
    problem: str,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = _file(db_url)
    _mark(database, "the live database")
    candidate = tmp_path / "candidate.db"
    make(database, candidate)
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    assert main(["db", "restore", str(candidate)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fieldbot: "), err
    assert err.count("\n") == 1, err
    assert problem in err
    assert "Traceback" not in err
    _unchanged(database, "the live database")


async def test_an_older_backup_is_restored_and_the_upgrade_is_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before an upgrade: `db backup` (with the new version installed), then `db upgrade`.
    old_url = sqlite_url(tmp_path / "old.db")
    await upgrade_database(old_url, "0007")
    monkeypatch.setenv("FIELDBOT_DB__URL", old_url)
    backup = tmp_path / "before-upgrade.db"
    assert await asyncio.to_thread(main, ["db", "backup", str(backup)]) == 0
    assert f"revision 0007 (older than this version's {current_head()})" in capsys.readouterr().out

    monkeypatch.setenv("FIELDBOT_DB__URL", sqlite_url(tmp_path / "new" / "fieldbot.db"))
    assert await asyncio.to_thread(main, ["db", "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "Run `fieldbot db upgrade` before starting the bot."
    assert await asyncio.to_thread(main, ["db", "upgrade"]) == 0


@pytest.mark.parametrize(
    ("argv", "tool"),
    [
        (["db", "backup", "x.dump"], "pg_dump -Fc -f FILE"),
        (["db", "restore", "x.dump"], "pg_restore"),
    ],
)
def test_postgresql_is_sent_to_its_own_tools(
    argv: list[str],
    tool: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Port 9: if the command tried to connect it would fail with another message.
    monkeypatch.setenv("FIELDBOT_DB__URL", "postgresql+asyncpg://fieldbot:s3cret@127.0.0.1:9/fb")
    Path("x.dump").write_text("")
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert tool in captured.err
    assert '"postgresql://fieldbot@127.0.0.1:9/fb"' in captured.err
    assert "s3cret" not in captured.err

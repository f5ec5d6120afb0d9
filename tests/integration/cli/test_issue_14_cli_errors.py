"""Issue 14, CLI exit codes: `digest --now` fails when a manager's digest could not be
enqueued; `db upgrade|current|downgrade` on an unreachable database or a malformed URL, and
`run` or `db upgrade` on a SQLite database this process cannot write, say so in one line."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.domain.enums import Role
from models import queries
from models.db import create_engine, create_session_factory
from scheduler import jobs
from tests.conftest import sqlite_url

PASSWORD = "s3cret-pw"
UNREACHABLE = f"postgresql+asyncpg://fieldbot:{PASSWORD}@127.0.0.1:9/nowhere"
MALFORMED = f"postgresql+asyncpg://fieldbot:{PASSWORD}@127.0.0.1:notaport/nowhere"
UNKNOWN_DRIVER = f"nosuchdb://fieldbot:{PASSWORD}@127.0.0.1/nowhere"
# Databases SQLAlchemy knows but fieldbot cannot use: a newcomer's first guesses.
NO_DRIVER = f"postgresql://fieldbot:{PASSWORD}@127.0.0.1/nowhere"
OTHER_DATABASE = f"mysql://fieldbot:{PASSWORD}@127.0.0.1/nowhere"
SYNC_SQLITE = "sqlite:///var/fieldbot.db"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("FIELDBOT_"):
            monkeypatch.delenv(name)
    # A real-looking token and an API that refuses at once: a command that got past the
    # database would fail on the Bot API instead, with another message.
    monkeypatch.setenv("FIELDBOT_BOT__TOKEN", "123456:test-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    monkeypatch.setenv("FIELDBOT_BOT__API_BASE", "http://127.0.0.1:9")
    monkeypatch.setenv("FIELDBOT_BOT__MAX_RETRIES", "0")


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    """The command's only output: one line on stderr, starting with `fieldbot: `."""
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("fieldbot: "), captured.err
    assert captured.err.count("\n") == 1, captured.err
    assert "Traceback" not in captured.err
    assert PASSWORD not in captured.err
    return captured.err


# --- digest --now -------------------------------------------------------------------------


def _managers(db_url: str, *telegram_ids: int) -> None:
    async def go() -> None:
        engine = create_engine(db_url)
        try:
            async with create_session_factory(engine)() as session:
                for telegram_id in telegram_ids:
                    await queries.ensure_user(session, telegram_id, f"Manager {telegram_id}", "en")
                    await queries.grant_role(
                        session, telegram_id, Role.MANAGER, ["HT"], False, actor_user_id=None
                    )
                await session.commit()
        finally:
            await engine.dispose()

    asyncio.run(go())


def test_digest_now_exits_1_when_a_managers_digest_could_not_be_enqueued(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    monkeypatch.setenv("FIELDBOT_DIGEST_WHEN_ON_TRACK", "true")  # never "skipped"
    _managers(db_url, 5001, 5002)
    build_digest = jobs.build_digest

    async def locked_for_5002(session: Any, runtime: Any, manager: Any, **kwargs: Any) -> Any:
        if manager.telegram_id == 5002:
            # What a writer holding SQLite's lock past the busy timeout looks like: retried,
            # then given up.
            raise sqlite3.OperationalError("database is locked")
        return await build_digest(session, runtime, manager, **kwargs)

    monkeypatch.setattr(jobs, "build_digest", locked_for_5002)
    assert main(["digest", "--now"]) == 1
    captured = capsys.readouterr()
    statuses = dict(line.split(": ", 1) for line in captured.out.splitlines()[:2])
    assert statuses["manager 5001"].endswith(" enqueued")
    assert statuses["manager 5002"].endswith(" failed")
    assert captured.err.splitlines()[-1] == (
        "fieldbot: the digest of 1 manager(s) could not be enqueued (5002; the log says why); "
        "run the command again: nobody gets a digest twice"
    )

    # Run again once the lock is gone: the one missing digest, and nothing twice.
    monkeypatch.setattr(jobs, "build_digest", build_digest)
    assert main(["digest", "--now"]) == 0
    statuses = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines()[:2])
    assert statuses["manager 5001"].endswith(" exists")
    assert statuses["manager 5002"].endswith(" enqueued")


# --- db upgrade, current, downgrade: an unreachable database, a malformed URL ----------------


@pytest.mark.parametrize(
    "argv", [["db", "upgrade"], ["db", "current"], ["db", "downgrade", "base"]], ids=" ".join
)
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            UNREACHABLE,
            "fieldbot: Cannot reach the database at "
            "postgresql+asyncpg://fieldbot:***@127.0.0.1:9/nowhere: ConnectionRefusedError",
        ),
        (MALFORMED, "fieldbot: FIELDBOT_DB__URL is not a database URL fieldbot can use"),
        (UNKNOWN_DRIVER, "fieldbot: FIELDBOT_DB__URL is not a database URL fieldbot can use"),
        (NO_DRIVER, "fieldbot: FIELDBOT_DB__URL is not a database URL fieldbot can use"),
        (OTHER_DATABASE, "fieldbot: FIELDBOT_DB__URL is not a database URL fieldbot can use"),
        (SYNC_SQLITE, "fieldbot: FIELDBOT_DB__URL is not a database URL fieldbot can use"),
    ],
    ids=["unreachable", "malformed", "unknown-driver", "no-driver", "mysql", "sync-sqlite"],
)
def test_db_commands_explain_a_database_they_cannot_use_in_one_line(
    argv: list[str],
    url: str,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FIELDBOT_DB__URL", url)
    assert main(argv) == 2
    assert one_line_error(capsys).startswith(expected)


@pytest.mark.parametrize("url", [NO_DRIVER, OTHER_DATABASE, SYNC_SQLITE])
def test_status_names_the_drivers_fieldbot_uses_for_a_database_it_cannot_use(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # SQLAlchemy knows these, so they passed the check and failed later with a traceback
    # (No module named 'MySQLdb'; "the asyncio extension requires an async driver").
    monkeypatch.setenv("FIELDBOT_DB__URL", url)
    assert main(["status"]) == 2
    error = one_line_error(capsys)
    assert error.startswith("fieldbot: FIELDBOT_DB__URL is not a database URL fieldbot can use")
    assert "sqlite+aiosqlite:///" in error
    assert "postgresql+asyncpg://" in error


# --- a SQLite database this process cannot write ---------------------------------------------


@contextlib.contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """`path` (a file or a directory) unwritable for this process: its mode for a user, the
    immutable attribute for root, whom modes do not stop; skipped when neither is possible."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("running as root without chattr: no way to make a file unwritable")
    made = subprocess.run(  # noqa: S603 - chattr, on the test's own file
        [chattr, "+i", str(path)], capture_output=True, check=False
    )
    if made.returncode != 0:
        pytest.skip(f"running as root and chattr +i failed here: {made.stderr!r}")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)  # noqa: S603


START_COMMANDS = [["run"], ["db", "upgrade"]]
READ_ONLY = "is read-only for fieldbot (attempt to write a readonly database)"


@pytest.mark.parametrize("argv", START_COMMANDS, ids=" ".join)
def test_a_read_only_database_file_is_refused_at_start(
    argv: list[str],
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = Path(db_url.removeprefix("sqlite+aiosqlite:///"))
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    with unwritable(path):
        assert main(argv) == 2
    line = one_line_error(capsys)
    assert READ_ONLY in line
    assert f"it writes to {path} and creates fieldbot.db-wal and fieldbot.db-shm" in line
    assert "give the user that runs fieldbot write access" in line


@pytest.mark.parametrize("argv", START_COMMANDS, ids=" ".join)
def test_a_database_opened_read_only_is_refused_at_start(
    argv: list[str],
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # SQLite's own read-only mode: what it falls back to for a file it may not write; this
    # one works for root too.
    path = Path(db_url.removeprefix("sqlite+aiosqlite:///"))
    monkeypatch.setenv("FIELDBOT_DB__URL", f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true")
    assert main(argv) == 2
    assert READ_ONLY in one_line_error(capsys)


@pytest.mark.parametrize("argv", START_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("existing", [True, False], ids=["existing-file", "new-file"])
def test_a_directory_that_cannot_be_written_is_refused_at_start(
    argv: list[str],
    existing: bool,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    directory = tmp_path / "locked"
    directory.mkdir()
    if existing:
        shutil.copyfile(db_url.removeprefix("sqlite+aiosqlite:///"), directory / "fieldbot.db")
    monkeypatch.setenv("FIELDBOT_DB__URL", sqlite_url(directory / "fieldbot.db"))
    with unwritable(directory):
        assert main(argv) == 2
    line = one_line_error(capsys)
    assert "Cannot reach the database" in line
    assert (
        f"the directory {directory} cannot be written by this user (SQLite creates "
        "fieldbot.db-wal and fieldbot.db-shm next to the database)"
    ) in line


def test_a_directory_that_cannot_be_created_is_refused_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "var").write_text("a file where the directory should be")
    monkeypatch.setenv("FIELDBOT_DB__URL", sqlite_url(tmp_path / "var" / "fieldbot.db"))
    assert main(["db", "upgrade"]) == 2
    line = one_line_error(capsys)
    assert f"the directory {tmp_path / 'var'} does not exist and could not be created" in line


# --- a SQLite path that leads nowhere ----------------------------------------------------------

READ_COMMANDS = [
    ["user", "list"],
    ["user", "show", "1001"],
    ["invite", "list"],
    ["indicators"],
    ["outbox"],
    ["jobs"],
    ["status"],
    ["db", "current"],
]


@pytest.mark.parametrize("argv", READ_COMMANDS, ids=" ".join)
def test_a_command_that_reads_makes_no_database_where_the_url_leads_nowhere(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A typo in the path: SQLite used to make the folder and an empty file there, which the
    # next `fieldbot db upgrade` took for a new database.
    path = tmp_path / "srv" / "fieldbot.db"
    monkeypatch.setenv("FIELDBOT_DB__URL", sqlite_url(path))
    assert main(argv) == 2
    line = one_line_error(capsys)
    assert f"The database file {path} does not exist: correct FIELDBOT_DB__URL" in line
    assert not path.parent.exists()

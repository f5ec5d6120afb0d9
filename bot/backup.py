"""`fieldbot db backup FILE` and `fieldbot db restore FILE` (SQLite; PostgreSQL has its tools).

A backup is a consistent snapshot taken while the bot runs: SQLite's online backup API copies
every page in one step inside one read transaction, and in WAL mode a reader never blocks the
bot's writers (they go on appending to the WAL while the copy is read). The copy is written
next to FILE under a temporary name, checked (`PRAGMA integrity_check`, a migration revision
this version knows), switched to a single self-contained file (journal_mode=DELETE), and only
then renamed to FILE: a failed or interrupted backup never leaves a half-written FILE.

A restore checks the file the same way, on the copy that will go into place, then swaps it in
with one atomic rename, keeping the previous database as `<name>.before-restore`. It refuses
while another process has the database open. Every connection fieldbot opens puts the file in
WAL mode, and SQLite refuses to leave WAL mode while any other connection has the file open,
even an idle pooled one: so the restore asks to leave it (`PRAGMA journal_mode=DELETE`, no
waiting). "database is locked" means a bot, `fieldbot scheduler` or another command has it
open, whether or not it has done anything lately. Once that succeeds, an exclusive lock keeps
anyone from opening it until the new file is in place. Locks die with their process, so a
crashed bot never blocks a restore.

The sqlite3 work runs in a worker thread (asyncio.to_thread): the event loop never waits on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import URL, make_url
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import ServiceError
from models.db import check_database_url, current_head, known_revisions, sqlite_file

SQLITE_HEADER = b"SQLite format 3\x00"
BEFORE_RESTORE_SUFFIX = ".before-restore"
# How long the backup's read waits for a lock (a database not in WAL mode, or WAL recovery).
BUSY_TIMEOUT_S = 5.0


class BackupError(ServiceError):
    """A backup or restore that did not happen; the message says why and what to do."""


@dataclass(frozen=True)
class CheckedCopy:
    """A database file that passed the checks."""

    path: Path
    size: int
    revision: str
    reports: int | None  # None before the reports table existed (revision 0001)

    @property
    def current(self) -> bool:
        """At the revision this version of fieldbot needs (else: run `fieldbot db upgrade`)."""
        return self.revision == current_head()

    def describe(self) -> str:
        revision = (
            f"revision {self.revision} (this version's)"
            if self.current
            else f"revision {self.revision} (older than this version's {current_head()})"
        )
        reports = "" if self.reports is None else f"; {self.reports} reports"
        return f"{_size(self.size)} ({self.size} bytes); integrity ok; {revision}{reports}"


@dataclass(frozen=True)
class Restored:
    copy: CheckedCopy
    target: Path
    previous: Path | None  # where the database it replaced is kept
    # People the replaced database had erased and the restored one still knew: erased again
    # (a copy at this version's revision), or the Telegram ids to erase once it is upgraded.
    erased_again: int = 0
    to_erase: tuple[int, ...] = ()


def _size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")  # pragma: no cover


def _libpq_url(url: str) -> str:
    """The URL for pg_dump/pg_restore: no driver suffix (+asyncpg), no password (use
    PGPASSWORD or ~/.pgpass), no asyncpg-only options."""
    parsed = make_url(url)
    plain = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
    )
    return plain.render_as_string(hide_password=False)


def _database_file(url: str, action: str) -> Path:
    """The SQLite file of FIELDBOT_DB__URL; BackupError for PostgreSQL (with the command to
    use instead) or for an in-memory database."""
    check_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        target = _libpq_url(url)
        if action == "backup":
            raise BackupError(
                "db backup copies SQLite databases; for PostgreSQL run: "
                f'pg_dump -Fc -f FILE "{target}" (see the README, "Backups")'
            )
        raise BackupError(
            "db restore restores SQLite databases; for PostgreSQL stop the bot and the "
            "scheduler, then run: pg_restore --clean --if-exists --no-owner --single-transaction "
            f'-d "{target}" FILE (see the README, "Backups")'
        )
    path = sqlite_file(parsed)
    if path is None:
        raise BackupError(f"FIELDBOT_DB__URL names an in-memory database: nothing to {action}")
    return path


def _temporary_next_to(path: Path, purpose: str) -> Path:
    """A new name in path's directory (same file system, so the final rename is atomic)."""
    return path.with_name(f".{path.name}.{purpose}-{secrets.token_hex(4)}")


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    """Make path (a file, or a directory after a rename in it) durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _require_sqlite(path: Path, what: str) -> None:
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{what} is not a SQLite database")


def _copy(source: Path, destination: Path) -> None:
    """A consistent copy of the SQLite database at source, as one self-contained file."""
    _require_sqlite(source, str(source))
    try:
        # Opened read-write so that SQLite reads the WAL as the bot does; it writes nothing
        # (the last connection to close checkpoints the WAL, as the bot itself would).
        with (
            contextlib.closing(sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)) as src,
            contextlib.closing(sqlite3.connect(destination)) as dst,
        ):
            # One step (pages=-1): every page inside one read transaction, a snapshot of the
            # last commit. Copying in several steps would restart whenever the bot commits.
            src.backup(dst, pages=-1)
            # The copy says WAL (page 1 is the source's): one file, with no -wal beside it.
            dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} cannot be read as a SQLite database ({error})") from None


def _check(path: Path, what: str) -> CheckedCopy:
    """Integrity and revision of the SQLite file at path (BackupError when either fails)."""
    _require_sqlite(path, what)
    try:
        with contextlib.closing(sqlite3.connect(path)) as db:
            problems = [row[0] for row in db.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise BackupError(f"{what} is damaged (integrity_check: {'; '.join(problems)})")
            try:
                rows = db.execute("SELECT version_num FROM alembic_version").fetchall()
            except sqlite3.OperationalError:
                rows = []
            reports: int | None
            try:
                reports = int(db.execute("SELECT count(*) FROM reports").fetchone()[0])
            except sqlite3.OperationalError:
                reports = None
    except sqlite3.DatabaseError as error:  # "file is not a database", a damaged header
        raise BackupError(f"{what} cannot be read as a SQLite database ({error})") from None
    if len(rows) != 1:
        raise BackupError(f"{what} is not a fieldbot database (it has no migration revision)")
    revision = str(rows[0][0])
    if revision not in known_revisions():
        raise BackupError(
            f"{what} is at revision {revision}, which this version of fieldbot does not know "
            "(it was migrated by a newer version): use that version"
        )
    return CheckedCopy(path, path.stat().st_size, revision, reports)


def _backup(source: Path, target: Path, force: bool) -> CheckedCopy:
    if not source.is_file():
        raise BackupError(f"there is no database at {source} (check FIELDBOT_DB__URL)")
    if target.exists() and not force:
        raise BackupError(f"{target} exists already: choose another name, or add --force")
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError(f"{target} is the database itself: choose another name")
    if not target.parent.is_dir():
        raise BackupError(f"the directory {target.parent} does not exist")
    temporary = _temporary_next_to(target, "partial")
    try:
        _copy(source, temporary)
        checked = _check(temporary, f"the copy of {source}")
        _fsync(temporary)
        if target.exists() and not force:  # appeared while we copied
            raise BackupError(f"{target} exists already: choose another name, or add --force")
        temporary.replace(target)
        _fsync(target.parent)
    finally:
        _remove_with_sidecars(temporary)
    return CheckedCopy(target, checked.size, checked.revision, checked.reports)


async def backup_database(url: str, target: Path, *, force: bool = False) -> CheckedCopy:
    """Write a checked copy of the SQLite database at `url` to `target` (the bot may run)."""
    source = _database_file(url, "backup")
    return await asyncio.to_thread(_backup, source, target, force)


@contextlib.contextmanager
def _exclusively(path: Path) -> Iterator[None]:
    """Hold `path` so that no other process uses it; BackupError if one has it open now."""
    try:
        db = sqlite3.connect(path, timeout=0, isolation_level=None)
    except sqlite3.Error:
        yield  # not something SQLite can open: nobody can be using it as a database
        return
    try:
        try:
            # Refused ("database is locked") while any other connection has the file open.
            db.execute("PRAGMA journal_mode=DELETE")
            db.execute("PRAGMA locking_mode=EXCLUSIVE")
            db.execute("BEGIN EXCLUSIVE")  # kept until the new file is in place
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise BackupError(f"{path} cannot be replaced safely ({error})") from None
            raise BackupError(
                f"{path} is in use by another process (the bot, `fieldbot scheduler` or another "
                "fieldbot command): stop them, then run the restore again. Nothing was changed."
            ) from None
        except sqlite3.DatabaseError:
            pass  # not a SQLite database ("file is not a database"): nobody uses it as one
        yield
    finally:
        db.close()


def _keep_previous(target: Path) -> Path:
    """Keep the database about to be replaced as `<name>.before-restore` (replacing an older
    one); a hard link where the file system allows it (no copy), a copy otherwise."""
    previous = target.with_name(target.name + BEFORE_RESTORE_SUFFIX)
    temporary = _temporary_next_to(previous, "partial")
    try:
        try:
            os.link(target, temporary)
        except OSError:
            # Under the exclusive lock, out of WAL mode: the file is whole and nobody writes.
            shutil.copy2(target, temporary)
        temporary.replace(previous)
    finally:
        _remove_with_sidecars(temporary)
    return previous


def _same_owner_and_mode(new: Path, old: Path) -> None:
    """The restored file gets the replaced one's mode and, when allowed, owner: a restore run
    as root must not leave a database the bot's user cannot write."""
    status = old.stat()
    os.chmod(new, status.st_mode & 0o777)
    with contextlib.suppress(PermissionError):
        os.chown(new, status.st_uid, status.st_gid)


def _restore(source: Path, target: Path) -> Restored:
    if not source.is_file():
        raise BackupError(f"there is no file at {source}")
    if target.exists() and source.resolve() == target.resolve():
        raise BackupError(f"{source} is the database itself")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)  # a fresh place, as the bot would
    except OSError as error:
        raise BackupError(f"cannot create the directory {target.parent} ({error})") from None
    # The checks run on the copy that goes into place, not on the file it came from.
    temporary = _temporary_next_to(target, "restore")
    try:
        _copy(source, temporary)
        checked = _check(temporary, f"the copy of {source}")
        _fsync(temporary)
        previous: Path | None = None
        if target.exists():
            with _exclusively(target):
                previous = _keep_previous(target)
                _same_owner_and_mode(temporary, target)
                temporary.replace(target)
        else:
            temporary.replace(target)
        _fsync(target.parent)
    finally:
        _remove_with_sidecars(temporary)
    copy = CheckedCopy(target, checked.size, checked.revision, checked.reports)
    return Restored(copy, target, previous)


# Who was erased: the audit entry every erasure writes (models.people.erase), with the user's
# row id. A row of the restored copy is the same person when its id and creation time match.
_ERASED = """
    SELECT users.id, users.created_at FROM users JOIN audit_entries
      ON audit_entries.target_id = CAST(users.id AS TEXT)
    WHERE audit_entries.action = 'user_forgotten' AND audit_entries.target_type = 'user'
"""


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _not_erased_again(previous: Path, restored: Path) -> list[int]:
    """The Telegram ids, in the restored copy, of the people the replaced database had erased
    (an erasure must outlive a restore: a backup taken before it still names them)."""
    try:
        with contextlib.closing(_read_only(previous)) as db:
            erased = set(db.execute(_ERASED).fetchall())
    except sqlite3.Error:
        return []  # not a fieldbot database of this kind: nobody known to be erased
    if not erased:
        return []
    with contextlib.closing(_read_only(restored)) as db:
        rows = db.execute("SELECT id, created_at, telegram_id FROM users WHERE telegram_id > 0")
        return sorted(tid for uid, created, tid in rows.fetchall() if (uid, created) in erased)


async def _erase_again(url: str, telegram_ids: list[int]) -> int:
    from models import people
    from models.db import create_engine, create_session_factory
    from models.uow import run_transaction

    async def work(session: AsyncSession) -> int:
        for telegram_id in telegram_ids:
            # Erased before the backup was replaced: again, admin or not (no one to ask).
            await people.erase(session, telegram_id, actor_user_id=None, last_admin=True)
        return len(telegram_ids)

    engine = create_engine(url)
    try:
        return await run_transaction(
            create_session_factory(engine), work, what="erase again after a restore"
        )
    finally:
        await engine.dispose()


async def restore_database(url: str, source: Path) -> Restored:
    """Replace the SQLite database at `url` with the checked backup at `source`; the people
    the replaced database had erased are erased again in it (or, in a copy older than this
    version, listed to erase once it is upgraded)."""
    target = _database_file(url, "restore")
    restored = await asyncio.to_thread(_restore, source, target)
    if restored.previous is None:
        return restored
    ids = await asyncio.to_thread(_not_erased_again, restored.previous, target)
    if not ids:
        return restored
    if not restored.copy.current:
        return dataclasses.replace(restored, to_erase=tuple(ids))
    return dataclasses.replace(restored, erased_again=await _erase_again(url, ids))

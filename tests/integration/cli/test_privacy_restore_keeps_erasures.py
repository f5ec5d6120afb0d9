"""Restoring a backup does not bring back the people erased since it was taken.

`fieldbot db restore` put yesterday's database in place as it was: someone who had asked
with /forget (or whom an admin erased) since was back with their name, Telegram id and roles,
and their digests and reminders started again. Now the restore erases again, in the restored
database, everyone the replaced database says was erased (the same person: same row, same
creation time), and says how many.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.domain.enums import Role
from models import people
from models.db import create_engine, create_session_factory, downgrade_database
from models.queries import get_user
from models.tables import User
from tests.conftest import sqlite_url
from tests.factories import member

JEAN, AMINA = 7_000_000_201, 7_000_000_202


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("FIELDBOT_"):
            monkeypatch.delenv(name)


async def _names(db_url: str) -> dict[int, str]:
    engine = create_engine(db_url)
    try:
        async with create_session_factory(engine)() as session:
            rows = await session.execute(select(User.telegram_id, User.display_name))
            return {int(telegram_id): str(name) for telegram_id, name in rows.all()}
    finally:
        await engine.dispose()


async def test_a_restore_erases_again_who_was_erased_since_the_backup(
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine = create_engine(db_url)
    factory = create_session_factory(engine)
    async with factory() as session:
        await member(session, JEAN, Role.FIELD_STAFF, ["HT"], name="Jean-Baptiste Pierre")
        await member(session, AMINA, Role.MANAGER, ["SN"], name="Amina Diallo")
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    backup = tmp_path / "yesterday.db"
    assert await asyncio.to_thread(main, ["db", "backup", str(backup)]) == 0

    async with factory() as session:  # Jean asks to be forgotten
        await people.erase(session, JEAN, actor_user_id=None)
        await session.commit()
    await engine.dispose()
    capsys.readouterr()

    assert await asyncio.to_thread(main, ["db", "restore", str(backup)]) == 0
    out = capsys.readouterr().out
    assert "1 person erased since this backup was taken is erased again" in out

    names = await _names(db_url)
    assert JEAN not in names
    assert "Jean-Baptiste Pierre" not in names.values()
    assert names[AMINA] == "Amina Diallo"  # nobody else
    engine = create_engine(db_url)
    try:
        async with create_session_factory(engine)() as session:
            assert await get_user(session, JEAN) is None
            amina = await get_user(session, AMINA)
            assert amina is not None
            assert amina.has_role(Role.MANAGER)
    finally:
        await engine.dispose()

    # The same backup again: the replaced database now erased Jean too; still only Jean.
    assert await asyncio.to_thread(main, ["db", "restore", str(backup)]) == 0
    assert "1 person erased since" in capsys.readouterr().out
    assert JEAN not in await _names(db_url)


async def test_an_older_backup_lists_whom_to_erase_again_once_upgraded(
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine = create_engine(db_url)
    factory = create_session_factory(engine)
    async with factory() as session:
        await member(session, JEAN, Role.FIELD_STAFF, ["HT"], name="Jean-Baptiste Pierre")
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    backup = tmp_path / "before-upgrade.db"
    assert await asyncio.to_thread(main, ["db", "backup", str(backup)]) == 0
    await downgrade_database(sqlite_url(backup), "0007")  # taken by the version before
    async with factory() as session:
        await people.erase(session, JEAN, actor_user_id=None)
        await session.commit()
    await engine.dispose()
    capsys.readouterr()

    assert await asyncio.to_thread(main, ["db", "restore", str(backup)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "Run `fieldbot db upgrade` before starting the bot."
    assert lines[-2].startswith(
        "1 erased since this backup was taken: after `fieldbot db upgrade`"
    )
    assert lines[-2].endswith(f": {JEAN}")
    assert await asyncio.to_thread(main, ["db", "upgrade"]) == 0
    assert await asyncio.to_thread(main, ["user", "erase", str(JEAN), "--yes"]) == 0
    assert JEAN not in await _names(db_url)

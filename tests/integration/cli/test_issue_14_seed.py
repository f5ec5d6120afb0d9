"""Issue 14, item 7: `fieldbot seed-demo-data` on a fresh database, by synthetic staff that no
real account can be, and never mixed into a database that holds real reports unless forced."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import main
from bot.seed import (
    DEMO_OFFICERS,
    DEMO_TELEGRAM_ID_BASE,
    build_demo_reports,
    store_demo_reports,
)
from models import queries
from models.base import Base
from models.people import is_erased
from models.tables import Report, RoleGrant, User
from tests.factories import run_on

T = TypeVar("T")
REAL_OFFICER = 424242


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """SQLite, then PostgreSQL when available (the demo staff's ids need 64 bits)."""
    return any_db_url


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("FIELDBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)


async def _authors(session: AsyncSession) -> dict[int, tuple[str, int]]:
    """Telegram id -> (name, reports) of everyone who wrote a report."""
    rows = await session.execute(
        select(User.telegram_id, User.display_name, func.count(Report.id))
        .join(Report, Report.author_user_id == User.id)
        .group_by(User.telegram_id, User.display_name)
    )
    return {telegram_id: (name, count) for telegram_id, name, count in rows}


async def _count(session: AsyncSession, table: type[Base]) -> int:
    return int((await session.execute(select(func.count()).select_from(table))).scalar_one())


def _real_report(db_url: str, rng_seed: int = 99) -> None:
    """One report by a real field officer (valid answers; not an id the seed uses)."""

    async def work(session: AsyncSession) -> None:
        officer = await queries.ensure_user(session, REAL_OFFICER, "Jean", "fr")
        reports = build_demo_reports(
            count=1,
            plan_start=dt.date(2025, 1, 1),
            as_of=dt.date(2026, 6, 1),
            author_user_id=officer.id,
            rng_seed=rng_seed,
        )
        await store_demo_reports(session, reports, now=dt.datetime.now(dt.UTC))

    run_on(db_url, work)


def test_a_fresh_database_is_seeded_by_demo_staff_without_any_admin(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["seed-demo-data", "--reports", "80"]) == 0
    out = capsys.readouterr().out
    assert "80 synthetic reports created" in out
    assert "Demo officer 1 to 5" in out

    authors = run_on(db_url, _authors)
    assert sum(count for _, count in authors.values()) == 80
    assert set(authors) <= {DEMO_TELEGRAM_ID_BASE + n for n in range(1, DEMO_OFFICERS + 1)}
    assert len(authors) > 1  # countries are shared out among the officers
    assert all(name.startswith("Demo officer ") for name, _ in authors.values())

    # No real account can be one of them, they are not "erased people", and they hold no
    # role: no reminder, digest or mission message is ever queued for them.
    for telegram_id in authors:
        assert telegram_id.bit_length() > 52  # Telegram's user ids have at most 52 bits
    assert run_on(db_url, lambda s: _count(s, RoleGrant)) == 0
    demo = run_on(db_url, lambda s: queries.get_user(s, DEMO_TELEGRAM_ID_BASE + 1))
    assert demo is not None
    assert not is_erased(demo)

    # Seeding again: same reports, same staff, no duplicates, and not refused as "real".
    assert main(["seed-demo-data", "--reports", "100"]) == 0
    assert "20 synthetic reports created" in capsys.readouterr().out
    assert run_on(db_url, lambda s: _count(s, User)) == DEMO_OFFICERS


def test_a_database_with_real_reports_is_refused_unless_forced(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["admin", "add", "1001", "--name", "Amina"]) == 0
    _real_report(db_url)
    capsys.readouterr()

    assert main(["seed-demo-data", "--reports", "50"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "fieldbot: this database already holds reports that seed-demo-data did not write: "
        "synthetic reports would be counted with them in every indicator. Seed a fresh "
        "database (FIELDBOT_DB__URL), or add --force\n"
    )
    assert run_on(db_url, lambda s: _count(s, Report)) == 1
    assert run_on(db_url, lambda s: _count(s, User)) == 2  # no demo staff either

    assert main(["seed-demo-data", "--reports", "50", "--force"]) == 0
    assert "50 synthetic reports created" in capsys.readouterr().out
    authors = run_on(db_url, _authors)
    assert authors[REAL_OFFICER] == ("Jean", 1)


def test_reports_of_an_earlier_seed_signed_by_the_admin_are_not_taken_for_real_ones(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before issue 14 the seed signed its reports with the first admin's name.
    assert main(["admin", "add", "1001", "--name", "Amina"]) == 0
    _real_report(db_url, rng_seed=7)  # the seed's own ids, as the old command wrote them
    capsys.readouterr()
    assert main(["seed-demo-data", "--reports", "30"]) == 0
    assert "29 synthetic reports created" in capsys.readouterr().out


def test_a_negative_count_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seed-demo-data", "--reports", "-1"]) == 2
    assert capsys.readouterr().err == "fieldbot: --reports must be 0 or more\n"


def test_seeded_reports_export_and_import_back_unchanged(
    db_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The seed writes answers as the form engine stores them (a score of 54 is "54", not
    "54.0"), so an export of seeded reports imports back as "already there"."""
    assert main(["seed-demo-data", "--reports", "150"]) == 0
    exported = tmp_path / "seeded.csv"
    assert main(["reports", "export", "--format", "csv", "--output", str(exported)]) == 0
    capsys.readouterr()
    author = str(DEMO_TELEGRAM_ID_BASE + 1)  # no admin in a seeded database
    assert main(["reports", "import", str(exported), "--author", author]) == 0
    assert "created: 0; already there: 150" in capsys.readouterr().out

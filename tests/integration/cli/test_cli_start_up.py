"""What a command loads: only what it uses. aiogram alone took seconds of CPU to import, on
every `fieldbot user list`, for nothing (and the tests start the CLI in many processes).

Not a timing test: each command runs in a fresh interpreter, which says which modules it
loaded."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import _EXPECTED
from bot.domain.enums import Role
from models.queries import ensure_user, grant_role
from tests.factories import run_on

ROOT = Path(__file__).resolve().parents[3]

# The command, then what it printed; the last line is what was loaded.
PROBE = """
import json, sys
from bot.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as done:
    status = done.code
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""

# The Bot API client and its types, spreadsheets, charts, the servers: for the commands that
# talk to Telegram, read or write a file, or serve.
HEAVY = (
    "aiogram",
    "aiohttp",
    "redis",
    "openpyxl",
    "matplotlib",
    "numpy",
    "PIL",
    "bot.telegram",
    "bot.runner",
    "bot.reports_io",
    "bot.sandbox",
    "bot.webapp",
)
# `--help` reads no database and formats no date either.
HELP_ONLY = (*HEAVY, "sqlalchemy", "alembic", "babel", "models")


def loaded(argv: list[str], db_url: str, cwd: Path, *, status: int = 0) -> set[str]:
    """The modules `fieldbot ARGV` loaded, in a process of its own; it must end with `status`."""
    return run(argv, db_url, cwd, status=status)[1]


def run(argv: list[str], db_url: str, cwd: Path, *, status: int = 0) -> tuple[str, set[str]]:
    """What `fieldbot ARGV` printed, and the modules it loaded (as `loaded`)."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FIELDBOT_")},
        "FIELDBOT_DB__URL": db_url,
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(  # noqa: S603 - this interpreter, the test's own arguments
        [sys.executable, "-c", PROBE, *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    *printed, last = done.stdout.splitlines()
    result = json.loads(last)
    assert result["status"] == status, done.stderr
    return "\n".join(printed), set(result["modules"])


def among(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    """The packages of `packages` that some module of `modules` belongs to."""
    return sorted(
        package
        for package in packages
        if any(name == package or name.startswith(f"{package}.") for name in modules)
    )


def test_help_loads_neither_telegram_nor_the_database(db_url: str, tmp_path: Path) -> None:
    assert among(loaded(["--help"], db_url, tmp_path), HELP_ONLY) == []


@pytest.mark.parametrize(
    "argv",
    [["user", "list"], ["invite", "list"], ["indicators"], ["outbox"], ["db", "current"]],
    ids=" ".join,
)
def test_a_command_that_reads_the_database_loads_no_telegram_client(
    argv: list[str], db_url: str, tmp_path: Path
) -> None:
    modules = loaded(argv, db_url, tmp_path)
    assert "sqlalchemy" in modules  # it did read the database
    assert among(modules, HEAVY) == []


@pytest.mark.parametrize(
    "argv",
    [["reports", "template", "template.csv"], ["reports", "export", "--output", "reports.csv"]],
    ids=" ".join,
)
def test_a_csv_file_is_written_without_the_spreadsheet_library_or_the_bot_api_client(
    argv: list[str], db_url: str, tmp_path: Path
) -> None:
    modules = loaded(argv, db_url, tmp_path)
    assert (tmp_path / argv[-1]).read_text(encoding="utf-8-sig").startswith("report_id,")
    assert among(modules, HEAVY) == ["bot.reports_io"]


def test_an_xlsform_is_written_without_the_bot_api_client(db_url: str, tmp_path: Path) -> None:
    # Its labels in every language come from the catalogs, not through aiogram's I18n.
    argv = ["forms", "export-xlsform", "training", "training.xlsx"]
    printed, modules = run(argv, db_url, tmp_path)
    assert printed == "training (version 1) written to training.xlsx"
    assert "openpyxl" in modules
    # openpyxl loads numpy and PIL when they are installed.
    spreadsheet = ("openpyxl", "numpy", "PIL")
    assert among(modules, tuple(p for p in HEAVY if p not in spreadsheet)) == []
    assert among(modules, ("bot.i18n",)) == []


JEAN = 5001


def _seed_jean(db_url: str) -> None:
    async def work(session: AsyncSession) -> None:
        await ensure_user(session, JEAN, "Jean Baptiste", "fr")
        await grant_role(session, JEAN, Role.FIELD_STAFF, ["HT"], False, actor_user_id=None)

    run_on(db_url, work)


@pytest.mark.parametrize(
    ("argv", "done"),
    [
        (["user", "revoke", str(JEAN)], "Revoked. Jean Baptiste now holds: no role."),
        (["user", "erase", str(JEAN), "--yes"], "Erased. The person is now"),
        (["admin", "add", "5002"], "User 5002 is an admin for all countries."),
    ],
    ids=["user revoke", "user erase", "admin add"],
)
def test_a_change_of_roles_loads_the_bot_api_client_only_to_set_the_telegram_menu(
    argv: list[str], done: str, db_url: str, tmp_path: Path
) -> None:
    _seed_jean(db_url)
    # No FIELDBOT_BOT__TOKEN: no menu to set, so nothing of Telegram is loaded.
    printed, modules = run(argv, db_url, tmp_path)
    assert printed.startswith(done)
    assert printed.endswith("Their Telegram menu was not updated: FIELDBOT_BOT__TOKEN is not set.")
    assert among(modules, (*HEAVY, "bot.i18n", "bot.ui.menu")) == []


def test_a_change_of_countries_loads_the_bot_api_client_only_for_a_volunteer_to_tell(
    db_url: str, tmp_path: Path
) -> None:
    # Jean is field staff: nobody is told anything, so no catalog of aiogram's is needed.
    _seed_jean(db_url)
    argv = ["user", "set-countries", str(JEAN), "--role", "field_staff", "--countries", "HT,NE"]
    printed, modules = run(argv, db_url, tmp_path)
    assert printed == "Jean Baptiste: field_staff for HT,NE."
    assert among(modules, (*HEAVY, "bot.i18n", "bot.ui")) == []


MISSIONS = (
    "code,title,country,place,start_date,end_date,project,role,supervisor_name,"
    "supervisor_handle,notes,status,volunteers\n"
)


@pytest.mark.parametrize(
    ("row", "status", "done"),
    [
        ("HT-1,Formation,HT,Jacmel,2027-03-05,2027-03-19,,,,,,planned,\n", 0, "created: 1;"),
        ("HT-1,Formation,HT,Jacmel,2027-03-05,2027-02-19,,,,,,planned,\n", 1, ""),
    ],
    ids=["new missions, no volunteer", "a refused file"],
)
def test_a_missions_import_without_anyone_to_tell_loads_no_bot_api_client(
    row: str, status: int, done: str, db_url: str, tmp_path: Path
) -> None:
    async def work(session: AsyncSession) -> None:
        await ensure_user(session, 1001, "Amina", "en")
        await grant_role(session, 1001, Role.ADMIN, (), True, actor_user_id=None)

    run_on(db_url, work)
    (tmp_path / "missions.csv").write_text(MISSIONS + row, encoding="utf-8")
    printed, modules = run(["missions", "import", "missions.csv"], db_url, tmp_path, status=status)
    assert printed.startswith(done)
    assert among(modules, (*HEAVY, "bot.i18n", "bot.ui")) == ["bot.reports_io"]


def test_a_digest_for_an_unknown_manager_is_refused_without_the_bot_api_client(
    db_url: str, tmp_path: Path
) -> None:
    _seed_jean(db_url)
    argv = ["digest", "--now", "--manager", "999"]
    modules = loaded(argv, db_url, tmp_path, status=2)
    assert among(modules, (*HEAVY, "bot.i18n", "bot.ui", "scheduler")) == []


def test_a_digest_now_is_built_and_enqueued_without_the_bot_api_client(
    db_url: str, tmp_path: Path
) -> None:
    """Its text and buttons come from the catalogs and plain data (no token: nothing to send);
    aiogram was loaded for them alone, seconds of CPU before the first digest."""

    async def work(session: AsyncSession) -> None:
        await ensure_user(session, 1001, "Amina", "fr")
        await grant_role(session, 1001, Role.MANAGER, ["HT"], False, actor_user_id=None)

    run_on(db_url, work)
    for argv in (["digest", "--now", "--dry-run"], ["digest", "--now"]):
        printed, modules = run(argv, db_url, tmp_path)
        assert "manager 1001: " in printed
        assert among(modules, ("aiogram", "bot.i18n", "bot.telegram", "bot.ui.callbacks")) == []
    assert "enqueued" in printed


def test_status_checks_the_database_without_the_web_server_or_the_bot_api_client(
    db_url: str, tmp_path: Path
) -> None:
    # A fresh database: no scheduler has run on it yet, so it is not ready (exit status 1).
    modules = loaded(["status"], db_url, tmp_path, status=1)
    assert "sqlalchemy" in modules
    assert among(modules, (*HEAVY, "bot.health", "bot.metrics", "prometheus_client")) == []


def test_the_errors_a_command_expects_are_named_by_their_real_module_and_class() -> None:
    # bot.cli names them as text (importing them would load what they live with): a renamed
    # class would otherwise end as a traceback instead of its one line.
    for module, name, _status in _EXPECTED:
        assert issubclass(getattr(importlib.import_module(module), name), Exception)

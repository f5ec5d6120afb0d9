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

from bot.cli import _EXPECTED

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
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["status"] == status, done.stderr
    return set(result["modules"])


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

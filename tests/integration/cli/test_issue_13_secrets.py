"""Issue 13, observation 9: no secret in any output of the CLI, whatever fails.

Every command is run with canary secrets (bot token, webhook secret, database and Redis
passwords) and with settings that make it fail: an unreachable database, a malformed database
URL, a Bot API base URL that aiohttp refuses (its error quotes the request URL,
/bot<token>/getMe), an address that cannot be bound, a path that cannot be written, and errors
nobody expected (in the command, in a thread, in a callback of the event loop). The canaries
never reach stdout, stderr or the log, while an error saying what failed does.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot import cli
from bot.cli import main

TOKEN = "123456:CANARY-TOKEN-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
WEBHOOK_SECRET = "CANARY-WEBHOOK-SECRET-bbbbbbbbbb"
DB_PASSWORD = "CANARY-DB-PASSWORD-cccc"
REDIS_PASSWORD = "CANARY-REDIS-PASSWORD-dddd"
# The token's secret half is a secret on its own (it survives URL encoding, %3A for ":").
CANARIES = (TOKEN, TOKEN.partition(":")[2], WEBHOOK_SECRET, DB_PASSWORD, REDIS_PASSWORD, "CANARY")

UNREACHABLE_DB = f"postgresql+asyncpg://fieldbot:{DB_PASSWORD}@127.0.0.1:9/nowhere"
MALFORMED_DB = f"postgresql+asyncpg://fieldbot:{DB_PASSWORD}@127.0.0.1:notaport/nowhere"
UNKNOWN_DRIVER_DB = f"nosuchdb://fieldbot:{DB_PASSWORD}@127.0.0.1/nowhere"
# aiohttp refuses this URL before connecting, quoting it whole: /bot<token>/getMe.
INVALID_API_BASE = "http://127.0.0.1:99999"
# Connections to port 9 (discard) are refused at once on a test machine.
UNREACHABLE_API_BASE = "http://127.0.0.1:9"


@dataclass
class Case:
    argv: list[str]
    env: dict[str, str]
    expected: str | tuple[str, ...]  # (one of) what the last line on stderr says
    migrated_db: bool = False  # FIELDBOT_DB__URL: the test's migrated SQLite database
    files: dict[str, str] = field(default_factory=dict)  # written before the run

    def id(self) -> str:
        return " ".join(self.argv)


DB_COMMANDS: list[list[str]] = [
    ["run"],
    ["run", "--webhook"],
    ["db", "upgrade"],
    ["db", "downgrade", "base"],
    ["db", "current"],
    ["invite", "--role", "manager", "--countries", "HT"],
    ["invite", "list"],
    ["invite", "revoke", "1"],
    ["admin", "add", "424242"],
    ["user", "list"],
    ["user", "revoke", "424242"],
    ["user", "erase", "424242", "--yes"],
    ["indicators"],
    ["indicator", "set", "3.1", "12", "--period", "2026"],
    ["reports", "import", "reports.csv"],
    ["reports", "export", "--output", "out.csv"],
    ["seed-demo-data", "--reports", "3"],
    ["digest", "--now", "--dry-run"],
    ["digest", "--now"],
    ["scheduler"],
    ["jobs"],
    ["outbox"],
    ["missions", "import", "missions.csv"],
]
FILES = {"reports.csv": "form,country\n", "missions.csv": "code,title\n"}
DB_URL_PROBLEM = "FIELDBOT_DB__URL is not a database URL"
NAMED_BOT = {"FIELDBOT_BOT__USERNAME": "fieldbot_test_bot"}

CASES: list[Case] = [
    *(
        Case(
            argv,
            {"FIELDBOT_DB__URL": UNREACHABLE_DB, **NAMED_BOT},
            ("Cannot reach the database", "failed: ConnectionRefusedError"),
            files=FILES,
        )
        for argv in DB_COMMANDS
    ),
    *(
        Case(argv, {"FIELDBOT_DB__URL": MALFORMED_DB, **NAMED_BOT}, DB_URL_PROBLEM, files=FILES)
        for argv in DB_COMMANDS
    ),
    *(
        Case(
            argv, {"FIELDBOT_DB__URL": UNKNOWN_DRIVER_DB, **NAMED_BOT}, DB_URL_PROBLEM, files=FILES
        )
        for argv in DB_COMMANDS
    ),
    # The Bot API: invite asks getMe for the bot's name; run checks the token with getMe first
    # (issue 14).
    Case(
        ["invite", "--role", "manager", "--countries", "HT"],
        {"FIELDBOT_BOT__API_BASE": INVALID_API_BASE},
        "Bot API call getMe failed",
        migrated_db=True,
    ),
    Case(
        ["invite", "--role", "manager", "--countries", "HT"],
        {"FIELDBOT_BOT__API_BASE": "not a url"},
        "invalid setting FIELDBOT_BOT__API_BASE: must be an http:// or https:// address",
        migrated_db=True,
    ),
    Case(
        ["invite", "--role", "admin", "--countries", "all"],
        {"FIELDBOT_BOT__API_BASE": UNREACHABLE_API_BASE},
        "Bot API call getMe failed",
        migrated_db=True,
    ),
    Case(
        ["run"],
        {"FIELDBOT_BOT__API_BASE": INVALID_API_BASE},
        "Cannot reach the Bot API",
        migrated_db=True,
    ),
    Case(
        ["run", "--webhook"],
        {
            "FIELDBOT_BOT__API_BASE": INVALID_API_BASE,
            "FIELDBOT_WEBHOOK__PUBLIC_URL": "https://bot.example.org/telegram/webhook",
            "FIELDBOT_WEBHOOK__PORT": "0",
        },
        "Cannot reach the Bot API",
        migrated_db=True,
    ),
    # Issue 14: `status` reports an unreachable database as not ready.
    Case(["status"], {"FIELDBOT_DB__URL": UNREACHABLE_DB}, "not ready: database"),
    Case(["status"], {"FIELDBOT_DB__URL": MALFORMED_DB}, DB_URL_PROBLEM),
    # Places the command cannot use.
    Case(
        ["run", "--webhook"],
        {"FIELDBOT_WEBHOOK__HOST": "256.0.0.1", "FIELDBOT_WEBHOOK__PORT": "0"},
        ("run failed", "Cannot reach the Bot API"),  # getMe comes first since issue 14
        migrated_db=True,
    ),
    Case(["sandbox", "--host", "256.0.0.1", "--port", "0"], {}, "sandbox failed"),
    Case(["demo"], {}, "demo failed", files={"var": "a file where a directory should be"}),
    Case(["reports", "template", "no/such/dir/t.csv"], {}, "cannot write no/such/dir/t.csv"),
    Case(["missions", "template", "no/such/dir/t.csv"], {}, "cannot write no/such/dir/t.csv"),
    Case(["forms", "export-xlsform", "training", "no/such/dir/t.xlsx"], {}, "cannot write"),
    # A Redis URL with a password among the settings of a failing run.
    Case(
        ["run"],
        {
            "FIELDBOT_REDIS_URL": f"redis://:{REDIS_PASSWORD}@127.0.0.1:9/0",
            "FIELDBOT_BOT__API_BASE": f"http://bot:{REDIS_PASSWORD}@127.0.0.1:99999",
        },
        # Redis is checked before the Bot API since start-up refuses an unreachable Redis.
        ("Cannot reach Redis", "Cannot reach the Bot API"),
        migrated_db=True,
    ),
]


@pytest.fixture(autouse=True)
def canary_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Canary secrets in the environment; no .env; no retries or back-off to wait for."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("FIELDBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FIELDBOT_BOT__TOKEN", TOKEN)
    monkeypatch.setenv("FIELDBOT_WEBHOOK__SECRET_TOKEN", WEBHOOK_SECRET)
    # Never Telegram itself: a case that reaches the Bot API unplanned fails at once.
    monkeypatch.setenv("FIELDBOT_BOT__API_BASE", UNREACHABLE_API_BASE)
    monkeypatch.setenv("FIELDBOT_BOT__MAX_RETRIES", "0")
    monkeypatch.setenv("FIELDBOT_BOT__REQUEST_TIMEOUT", "5")
    monkeypatch.setenv("FIELDBOT_LOG_LEVEL", "DEBUG")


@pytest.fixture
def hooks() -> Iterator[None]:
    """main() puts the process's hooks back on its way out."""
    saved = (sys.excepthook, threading.excepthook, sys.unraisablehook)
    yield
    assert (sys.excepthook, threading.excepthook, sys.unraisablehook) == saved


def run_main(
    argv: list[str], capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> tuple[int, str]:
    """main(argv) in this process; its exit status and everything it let out."""
    caplog.set_level(logging.DEBUG)
    status = main(argv)
    gc.collect()  # what the command left unclosed is reported here, by this case
    captured = capsys.readouterr()
    return status, "\n".join((captured.out, captured.err, caplog.text))


def assert_no_canary(output: str) -> None:
    for canary in CANARIES:
        assert canary not in output, f"{canary!r} leaked:\n{output}"


@pytest.mark.usefixtures("hooks")
@pytest.mark.parametrize("case", CASES, ids=Case.id)
def test_a_failing_command_says_what_failed_and_shows_no_secret(
    case: Case,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
) -> None:
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    if case.migrated_db:
        monkeypatch.setenv("FIELDBOT_DB__URL", request.getfixturevalue("db_url"))
    for name, content in case.files.items():
        (tmp_path / name).write_text(content)
    status, output = run_main(case.argv, capsys, caplog)
    assert status != 0, output
    assert_no_canary(output)
    last_line = capsys_last_error(output)
    assert last_line.startswith("fieldbot: "), output
    expected = (case.expected,) if isinstance(case.expected, str) else case.expected
    assert any(part in last_line for part in expected), output


def capsys_last_error(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("fieldbot: ")]
    return lines[-1] if lines else ""


def test_every_command_has_a_failure_case() -> None:
    assert {case.argv[0] for case in CASES} == set(cli._COMMANDS)


@pytest.mark.usefixtures("hooks")
def test_an_unexpected_error_is_printed_with_its_traceback_and_every_secret_masked(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("FIELDBOT_DB__URL", UNREACHABLE_DB)
    monkeypatch.setenv("FIELDBOT_REDIS_URL", f"redis://:{REDIS_PASSWORD}@127.0.0.1:9/0")

    async def explode(*_args: object) -> int:
        try:
            raise ConnectionError(f"GET http://api.example/bot{TOKEN}/getMe refused")
        except ConnectionError as cause:
            raise RuntimeError(
                f"secret {WEBHOOK_SECRET} for {UNREACHABLE_DB} and "
                f"redis://:{REDIS_PASSWORD}@127.0.0.1:9/0, token {TOKEN.replace(':', '%3A')}"
            ) from cause

    monkeypatch.setitem(cli._COMMANDS, "jobs", explode)
    status, output = run_main(["jobs"], capsys, caplog)
    assert status == 1
    assert_no_canary(output)
    assert "Traceback (most recent call last)" in output
    assert "ConnectionError: GET http://api.example/bot<token>/getMe refused" in output
    assert "in explode" in output  # the traceback still says where
    last = capsys_last_error(output)
    assert last.startswith("fieldbot: jobs failed: RuntimeError: secret <webhook-secret> for ")
    assert "postgresql+asyncpg://fieldbot:***@127.0.0.1:9/nowhere" in last
    assert "redis://:***@127.0.0.1:9/0" in last


@pytest.mark.usefixtures("hooks")
def test_errors_in_a_thread_and_in_a_loop_callback_go_through_the_same_redaction(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    def fail_in_thread() -> None:
        raise RuntimeError(f"thread saw {TOKEN}")

    def fail_in_callback() -> None:
        raise RuntimeError(f"callback saw {WEBHOOK_SECRET}")

    async def background_failures(*_args: object) -> int:
        thread = threading.Thread(target=fail_in_thread, name="worker")
        thread.start()
        thread.join()
        asyncio.get_running_loop().call_soon(fail_in_callback)
        await asyncio.sleep(0.01)
        return 0

    monkeypatch.setitem(cli._COMMANDS, "outbox", background_failures)
    status, output = run_main(["outbox"], capsys, caplog)
    assert status == 0
    assert_no_canary(output)
    assert "Uncaught error in worker" in output
    assert "RuntimeError: thread saw <token>" in output
    assert "RuntimeError: callback saw <webhook-secret>" in output


def test_invalid_settings_are_named_without_their_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FIELDBOT_BOT", '{"token": 123456, "max_retries": "CANARY"}')
    monkeypatch.delenv("FIELDBOT_BOT__TOKEN")
    monkeypatch.delenv("FIELDBOT_BOT__MAX_RETRIES")
    assert main(["jobs"]) == 2
    err = capsys.readouterr().err
    assert "FIELDBOT_BOT__MAX_RETRIES" in err
    assert "CANARY" not in err


REPO = Path(__file__).resolve().parents[3]
# Through the real entry points, as an operator runs them: a process of their own each.
ENTRY_POINTS = [
    (
        [sys.executable, "-m", "bot", "invite", "--role", "manager", "--countries", "HT"],
        {"FIELDBOT_BOT__API_BASE": INVALID_API_BASE},
        "Bot API call getMe failed",
    ),
    (
        [str(Path(sys.executable).with_name("fieldbot")), "run"],
        {"FIELDBOT_BOT__API_BASE": INVALID_API_BASE},
        "Cannot reach the Bot API",
    ),
]


async def test_the_entry_points_show_no_secret_either(db_url: str) -> None:
    async def run(command: list[str], extra: dict[str, str]) -> tuple[int, str]:
        # This checkout's code, whatever an editable install of the package points at.
        env = {**os.environ, "PYTHONPATH": str(REPO), "FIELDBOT_DB__URL": db_url, **extra}
        process = await asyncio.create_subprocess_exec(
            *command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=120)
        assert process.returncode is not None
        return process.returncode, out.decode() + err.decode()

    results = await asyncio.gather(*(run(command, env) for command, env, _ in ENTRY_POINTS))
    for (command, _env, expected), (status, output) in zip(ENTRY_POINTS, results, strict=True):
        assert status == 1, (command, output)
        assert_no_canary(output)
        assert expected in capsys_last_error(output), (command, output)

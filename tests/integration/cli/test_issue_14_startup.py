"""Issue 14, item 5: start-up checks. Each invalid setting is one line naming it (no
traceback); `run` refuses the sandbox's token against Telegram and checks the token with getMe;
`--version`; `.env.example` lists every setting; `status` says whether the bot is ready."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel

from bot.cli import main
from bot.sandbox import SandboxServer
from bot.sandbox.client import SandboxControl
from bot.settings import Settings
from models import jobruns
from models.db import create_engine, create_session_factory
from tests.conftest import run_in_fresh_loop

REPO = Path(__file__).resolve().parents[3]
TOKEN = "123456:CANARY-TOKEN-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No FIELDBOT_ variable from outside, no .env, no retries to wait for."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("FIELDBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FIELDBOT_BOT__MAX_RETRIES", "0")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"FIELDBOT_LOG_LEVEL": "loud"},
            "FIELDBOT_LOG_LEVEL: must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL",
        ),
        ({"FIELDBOT_LOG_FORMAT": "xml"}, "FIELDBOT_LOG_FORMAT: Input should be 'text' or 'json'"),
        ({"FIELDBOT_DIGEST_HOUR": "25"}, "FIELDBOT_DIGEST_HOUR: Input should be less than or"),
        ({"FIELDBOT_DEFAULT_LOCALE": "xx"}, "FIELDBOT_DEFAULT_LOCALE: 'xx' has no catalog"),
        (
            {"FIELDBOT_PII_PATTERNS": '["[A-Z]{2}\\\\d{7}", "(unclosed"]'},
            "FIELDBOT_PII_PATTERNS: pattern 2 ('(unclosed') is not a valid regular expression",
        ),
        ({"FIELDBOT_HEALTH__PORT": "70000"}, "FIELDBOT_HEALTH__PORT: Input should be less"),
        ({"FIELDBOT_WEBHOOK__PORT": "70000"}, "FIELDBOT_WEBHOOK__PORT: Input should be less"),
        (
            {"FIELDBOT_WEBAPP__PUBLIC_URL": "http://bot.example.org/webapp/"},
            "FIELDBOT_WEBAPP__PUBLIC_URL: must be an https:// address (Telegram opens Mini Apps",
        ),
        (
            {"FIELDBOT_WEBHOOK__PUBLIC_URL": "bot.example.org/hook"},
            "FIELDBOT_WEBHOOK__PUBLIC_URL: must be an https:// address",
        ),
        ({"FIELDBOT_DEDUPE_WINDOW_HOURS": "1"}, "FIELDBOT_DEDUPE_WINDOW_HOURS: Input should be"),
        ({"FIELDBOT_PLAN_FILE": "/nonexistent.yaml"}, "FIELDBOT_PLAN_FILE: no such file"),
        ({"FIELDBOT_REDIS_URL": "notaurl"}, "FIELDBOT_REDIS_URL: must be a redis://"),
        ({"FIELDBOT_BOT__TOKEN": "garbage"}, "FIELDBOT_BOT__TOKEN: is not a bot token"),
        ({"FIELDBOT_PII_PATTERNS": "["}, "FIELDBOT_PII_PATTERNS: is not valid JSON"),
        # A newcomer's slips: each used to start, then retry or fail every call or job.
        (
            {"FIELDBOT_BOT__API_BASE": "127.0.0.1:8081"},
            "FIELDBOT_BOT__API_BASE: must be an http:// or https:// address",
        ),
        (
            {"FIELDBOT_WEBHOOK__PATH": "telegram/webhook"},
            "FIELDBOT_WEBHOOK__PATH: must start with /",
        ),
        (
            {"FIELDBOT_WEBHOOK__SECRET_TOKEN": "my webhook secret!"},
            "FIELDBOT_WEBHOOK__SECRET_TOKEN: must be 1-256 characters of A-Z",
        ),
        ({"FIELDBOT_BOT__REQUEST_TIMEOUT": "-5"}, "FIELDBOT_BOT__REQUEST_TIMEOUT: Input should"),
        ({"FIELDBOT_BOT__MAX_RETRIES": "-1"}, "FIELDBOT_BOT__MAX_RETRIES: Input should"),
        ({"FIELDBOT_BOT__MAX_BACKOFF": "-1"}, "FIELDBOT_BOT__MAX_BACKOFF: Input should"),
        ({"FIELDBOT_DB__BUSY_TIMEOUT_MS": "-1"}, "FIELDBOT_DB__BUSY_TIMEOUT_MS: Input should"),
        ({"FIELDBOT_SILENT_COUNTRY_DAYS": "-3"}, "FIELDBOT_SILENT_COUNTRY_DAYS: Input should"),
        ({"FIELDBOT_REMINDER_QUIET_DAYS": "0"}, "FIELDBOT_REMINDER_QUIET_DAYS: Input should"),
    ],
)
def test_an_invalid_setting_is_one_line_naming_it(
    env: dict[str, str],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["jobs"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"fieldbot: invalid setting {expected}"), captured.err
    assert "Traceback" not in captured.err


def test_several_invalid_settings_are_one_line_each(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FIELDBOT_LOG_LEVEL", "loud")
    monkeypatch.setenv("FIELDBOT_DIGEST_HOUR", "25")
    assert main(["status"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("fieldbot: invalid setting FIELDBOT_") for line in lines)


def test_a_misspelt_variable_is_named_with_the_setting_it_meant(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # One underscore instead of two, in the environment and in .env: silently ignored, the bot
    # ran on the default database and the sandbox token.
    monkeypatch.setenv("FIELDBOT_BOT_TOKEN", "123456:from-botfather-aaaaaaaaaaaaaaaaaaaaaaa")
    monkeypatch.setenv("FIELDBOT_TEST_PG_URL", "postgresql+asyncpg://tests/own")
    (tmp_path / ".env").write_text("FIELDBOT_DB_URL=sqlite+aiosqlite:///elsewhere.db\n")
    main(["jobs"])
    lines = capsys.readouterr().err.splitlines()
    assert lines[:2] == [
        "fieldbot: FIELDBOT_BOT_TOKEN is not a setting and is ignored "
        "(did you mean FIELDBOT_BOT__TOKEN?)",
        "fieldbot: FIELDBOT_DB_URL is not a setting and is ignored "
        "(did you mean FIELDBOT_DB__URL?)",
    ]
    assert not any("FIELDBOT_TEST_PG_URL" in line for line in lines)
    assert not any("from-botfather" in line for line in lines)


def test_valid_settings_are_normalised() -> None:
    settings = Settings(log_level=" debug ", log_format="JSON", _env_file=None)
    assert (settings.log_level, settings.log_format) == ("DEBUG", "json")


@pytest.mark.parametrize("command", ["run", "scheduler"])
def test_the_sandbox_token_is_refused_against_telegram(
    command: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    db_url: str,
) -> None:
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    assert main([command]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith("fieldbot: FIELDBOT_BOT__TOKEN is not set")
    assert "Traceback" not in err


def test_run_says_when_the_bot_api_cannot_be_reached(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    monkeypatch.setenv("FIELDBOT_BOT__TOKEN", TOKEN)
    monkeypatch.setenv("FIELDBOT_BOT__API_BASE", "http://127.0.0.1:9")
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    last = err.splitlines()[-1]
    assert last.startswith("fieldbot: Cannot reach the Bot API at http://127.0.0.1:9 (getMe:")
    assert "FIELDBOT_BOT__API_BASE" in last
    assert "Traceback" not in err
    assert TOKEN.partition(":")[2] not in err


async def test_run_says_when_the_token_is_refused(db_url: str) -> None:
    async with SandboxServer(settle_seconds=0.0) as sandbox:
        # The sandbox knows bot 123456 by another token: this one is refused (401).
        async with SandboxControl(sandbox.base_url, 123456) as control:
            await control.register_bot("123456:the-real-token-of-this-bot-xyz", "fieldbot_bot")
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("FIELDBOT_")},
            "PYTHONPATH": str(REPO),
            "FIELDBOT_DB__URL": db_url,
            "FIELDBOT_BOT__TOKEN": TOKEN,
            "FIELDBOT_BOT__API_BASE": sandbox.base_url,
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    output = out.decode() + err.decode()
    assert process.returncode == 1, output
    assert "Traceback" not in output
    assert output.splitlines()[-1] == (
        f"fieldbot: The Bot API at {sandbox.base_url} refused the token (getMe: Unauthorized): "
        "FIELDBOT_BOT__TOKEN is wrong or was revoked; copy the current one from @BotFather."
    )
    assert TOKEN.partition(":")[2] not in output


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert capsys.readouterr().out.strip() == f"fieldbot {project['version']}"


def setting_names(model: type[BaseModel], prefix: str = "FIELDBOT_") -> list[str]:
    """Every environment variable of Settings (nested sections with __)."""
    names: list[str] = []
    for name, field in model.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            names += setting_names(kind, f"{prefix}{name.upper()}__")
        else:
            names.append(f"{prefix}{name.upper()}")
    return names


def test_env_example_lists_every_setting_with_its_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (REPO / ".env.example").read_text()
    listed = re.findall(r"^# (FIELDBOT_[A-Z0-9_]+)=(.*)$", text, flags=re.MULTILINE)
    names = setting_names(Settings)
    assert len(names) > 30
    assert sorted(name for name, _ in listed) == sorted(names)
    # The values shown are the defaults: set them all, and the settings are the defaults.
    for name, value in listed:
        if value:
            monkeypatch.setenv(name, value)
    shown = Settings(_env_file=None)
    for name, _ in listed:
        monkeypatch.delenv(name, raising=False)
    assert shown.model_dump() == Settings(_env_file=None).model_dump()


def test_status_says_ready_once_a_scheduler_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    assert main(["status"]) == 1
    captured = capsys.readouterr()
    assert "NOT READY" in captured.out
    assert "scheduler   FAIL  no scheduler has run on this database yet" in captured.out
    assert captured.err.splitlines()[-1].startswith("fieldbot: not ready: scheduler: ")

    async def scheduler_started() -> None:
        engine = create_engine(db_url)
        try:
            async with create_session_factory(engine)() as session:
                await jobruns.register_jobs(
                    session,
                    {jobruns.SCHEDULER_ROW: 60, "fieldbot.outbox": 30},
                    scheduler_started_at=dt.datetime.now(dt.UTC),
                )
                await session.commit()
        finally:
            await engine.dispose()

    run_in_fresh_loop(scheduler_started)
    assert main(["status"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].endswith(": ready")
    assert "database    ok    reachable" in captured.out
    assert captured.err == ""


def test_run_says_when_redis_cannot_be_reached(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    # It used to start polling, then log a traceback for every update (no chat lock).
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    monkeypatch.setenv("FIELDBOT_BOT__TOKEN", TOKEN)
    monkeypatch.setenv("FIELDBOT_BOT__API_BASE", "http://127.0.0.1:9")
    monkeypatch.setenv("FIELDBOT_REDIS_URL", "redis://:redis-Pa55word@127.0.0.1:9/0")
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    last = err.splitlines()[-1]
    assert last.startswith("fieldbot: Cannot reach Redis ("), err
    assert "FIELDBOT_REDIS_URL" in last
    assert "Traceback" not in err
    assert "redis-Pa55word" not in err

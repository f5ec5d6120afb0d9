"""Issue 14, items 2 to 4, as an operator runs the bot: `fieldbot run` (long polling) in a
process of its own, with FIELDBOT_LOG_FORMAT=json and FIELDBOT_HEALTH__PORT set, and a canary
token. Every log line is one JSON object; the update's line carries its id, a hash of the
user's id (never the id), the handler and the duration; the token never appears; the health
server answers /healthz, /readyz and /metrics."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import user_hasher
from bot.sandbox import SandboxServer
from bot.sandbox.client import SandboxControl

REPO = Path(__file__).resolve().parents[2]
BOT_ID = 123456
TOKEN = f"{BOT_ID}:CANARY-TOKEN-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
CANARIES = (TOKEN, TOKEN.partition(":")[2], "CANARY")
USER_ID = 5550123987


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bot_env(db_url: str, api_base: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIELDBOT_")}
    env.update(
        PYTHONPATH=str(REPO),
        FIELDBOT_DB__URL=db_url,
        FIELDBOT_BOT__TOKEN=TOKEN,
        FIELDBOT_BOT__API_BASE=api_base,
        FIELDBOT_BOT__MAX_RETRIES="0",
        FIELDBOT_LOG_FORMAT="json",
        **extra,
    )
    return env


def json_lines(output: str) -> list[dict[str, Any]]:
    """Every log line as its object; what is not a log record is only the CLI's last word."""
    records = []
    for line in output.splitlines():
        if not line.strip() or line.startswith("fieldbot: "):
            continue
        record = json.loads(line)  # fails the test on any line that is not JSON
        assert isinstance(record, dict)
        assert {"time", "level", "logger", "message"} <= record.keys()
        records.append(record)
    return records


def assert_no_canary(output: str) -> None:
    for canary in CANARIES:
        assert canary not in output, f"{canary!r} leaked:\n{output}"


async def wait_for(url: str, process: asyncio.subprocess.Process, status: int = 200) -> str:
    async with aiohttp.ClientSession() as http:
        for _ in range(600):
            assert process.returncode is None, "the bot stopped"
            try:
                async with http.get(url) as response:
                    if response.status == status:
                        return await response.text()
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"{url} never answered {status}")


async def test_polling_with_json_logs_and_a_health_server(db_url: str, tmp_path: Path) -> None:
    port = free_port()
    health = f"http://127.0.0.1:{port}"
    log_file = tmp_path / "bot.log"
    async with SandboxServer(settle_seconds=0.0) as sandbox:
        with log_file.open("wb") as sink:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                env=bot_env(
                    db_url,
                    sandbox.base_url,
                    FIELDBOT_HEALTH__PORT=str(port),
                    FIELDBOT_LOG_LEVEL="INFO",
                ),
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=sink,
            )
            try:
                assert await wait_for(f"{health}/healthz", process) == '{"ok": true}'
                # The in-process scheduler registers itself at start: ready soon after.
                ready = json.loads(await wait_for(f"{health}/readyz", process))
                assert ready["ready"] is True
                assert ready["problems"] == []

                async with SandboxControl(sandbox.base_url, BOT_ID) as control:
                    stranger = control.user(USER_ID, "Stranger")
                    await stranger.send("/start")
                    assert "invitation" in (await stranger.last()).text.lower()

                metrics = await wait_for(f"{health}/metrics", process)
                samples = {
                    (sample.name, tuple(sorted(sample.labels.items()))): sample.value
                    for family in text_string_to_metric_families(metrics)
                    for sample in family.samples
                }
                handled = (
                    "fieldbot_updates_total",
                    (("kind", "message"), ("outcome", "handled")),
                )
                assert samples[handled] == 1
                assert samples[("fieldbot_outbox_messages", (("status", "pending"),))] == 0
            finally:
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), timeout=30)
    output = log_file.read_text()
    assert process.returncode == 0, output
    assert_no_canary(output)
    records = json_lines(output)
    update_lines = [r for r in records if "duration_ms" in r]
    assert len(update_lines) == 1, output
    line = update_lines[0]
    assert isinstance(line["update_id"], int)
    assert line["kind"] == "message"
    assert line["outcome"] == "handled"
    assert line["handler"].startswith("start.")  # handlers/start.py took /start
    assert line["duration_ms"] > 0
    assert re.fullmatch(r"[0-9a-f]{12}", line["user"])
    assert line["user"] == user_hasher(TOKEN)(USER_ID)
    assert str(USER_ID) not in output  # never the raw id, in any line
    # Libraries' routine chatter stays out (APScheduler logged every job run at INFO).
    assert not [r for r in records if r["logger"].startswith("apscheduler")], output
    assert any(r["message"].startswith("Scheduler started") for r in records)
    # What start-up built is kept out of the collector's full passes (bot.runner.settle_heap).
    [settled] = [r["message"] for r in records if r["message"].startswith("Kept ")]
    assert int(settled.split()[1]) > 100_000, settled


async def test_a_failing_start_in_json_shows_no_token(db_url: str) -> None:
    # aiohttp refuses this URL, quoting it whole (/bot<token>/getMe), in DEBUG records too.
    env = bot_env(db_url, "http://127.0.0.1:99999", FIELDBOT_LOG_LEVEL="DEBUG")
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
    assert_no_canary(output)
    assert json_lines(output)  # DEBUG: there were records, all of them JSON
    assert any(
        line.startswith("fieldbot: Cannot reach the Bot API") for line in output.splitlines()
    )


SCRIPT = """
import logging, sys
from bot.logs import update_context
from bot.settings import Settings
from bot.logs import setup_logging

settings = Settings()
setup_logging(settings, stream=sys.stderr)
log = logging.getLogger("fieldbot.canary")
token = settings.bot.token.get_secret_value()
with update_context(update_id=42, user="0123456789ab"):
    log.warning("GET http://api.example/bot%s/getMe refused", token)
    try:
        raise RuntimeError("token " + token.replace(":", "%3A") + " in an error")
    except RuntimeError:
        log.exception("A handler failed")
"""


async def test_json_records_mask_the_token_in_messages_and_tracebacks(db_url: str) -> None:
    env = bot_env(db_url, "http://127.0.0.1:9")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        SCRIPT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    output = out.decode() + err.decode()
    assert process.returncode == 0, output
    assert_no_canary(output)
    records = json_lines(output)
    assert [r["message"].splitlines()[0] for r in records] == [
        "GET http://api.example/bot<token>/getMe refused",
        "A handler failed",
    ]
    assert all((r["update_id"], r["user"]) == (42, "0123456789ab") for r in records)
    traceback = records[1]["message"]
    assert "Traceback (most recent call last)" in traceback
    assert "RuntimeError: token <token> in an error" in traceback

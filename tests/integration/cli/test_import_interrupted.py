"""Ctrl-C while `reports import` checks a large file stops it at once, says so, and writes
nothing: the check runs on the event loop's thread, where asyncio.run's Ctrl-C (a request to
cancel the command) waited until the whole file was checked, a minute for 10,000 rows, then
ended without a word."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from bot import reports_io
from bot.cli import EXIT_INTERRUPTED, main
from tests.integration.cli.environment import cli_on


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    cli_on(monkeypatch, tmp_path, db_url)
    assert main(["admin", "add", "1001", "--name", "Amina"]) == 0
    assert main(["reports", "template", "reports.csv"]) == 0


def test_ctrl_c_while_a_file_is_checked_stops_at_once_and_saves_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    checked = []

    def slow_check(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)  # the operator's Ctrl-C, early in a long check
        for _ in range(100):
            time.sleep(0.05)
        checked.append(True)
        raise AssertionError("the check went on to the end")

    monkeypatch.setattr(reports_io, "check_file", slow_check)
    capsys.readouterr()
    started = time.monotonic()

    assert main(["reports", "import", "reports.csv"]) == EXIT_INTERRUPTED

    assert time.monotonic() - started < 4
    assert checked == []
    assert capsys.readouterr().err == (
        "fieldbot: reports interrupted (Ctrl-C); what it had not finished writing was not saved\n"
    )
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert main(["reports", "export", "--output", "out.csv"]) == 0
    assert "0 reports written" in capsys.readouterr().out

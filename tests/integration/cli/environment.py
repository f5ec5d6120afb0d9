"""What the CLI tests share: a command line run in its own folder, on the test's database."""

from __future__ import annotations

from pathlib import Path

import pytest


def cli_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    """Commands run in `tmp_path` on `db_url`, with no Redis and the built-in plan (whatever
    the machine's environment says)."""
    monkeypatch.chdir(tmp_path)
    for name in ("FIELDBOT_REDIS_URL", "FIELDBOT_PLAN_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)

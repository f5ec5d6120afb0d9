"""`fieldbot reports template FILE` and `missions template FILE` do not write over an existing
file: the usual one is the template itself, filled in, and running the command again (the
default names are the same every time) emptied it without a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import EXIT_USAGE, main


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)


@pytest.mark.parametrize(
    ("command", "default"),
    [("reports", "reports-template.csv"), ("missions", "missions-template.csv")],
)
def test_a_filled_in_template_is_kept_unless_forced(
    command: str, default: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, "template"]) == 0
    filled = tmp_path / default
    filled.write_text(filled.read_text(encoding="utf-8") + "a row typed by hand\n")
    kept = filled.read_text(encoding="utf-8")
    capsys.readouterr()

    assert main([command, "template"]) == EXIT_USAGE

    assert filled.read_text(encoding="utf-8") == kept
    err = capsys.readouterr().err
    assert err == (
        f"fieldbot: {default} exists already (a template filled in?): choose another name, "
        "or add --force\n"
    )
    assert main([command, "template", "--force"]) == 0
    assert "a row typed by hand" not in filled.read_text(encoding="utf-8")

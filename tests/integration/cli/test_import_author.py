"""`reports import --author ID` names someone the bot knows: any integer was taken, an id
nobody has read 'no user with Telegram id 999' without saying what to give, and one too large
for SQLite ended in a traceback. The reports created say whose they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import EXIT_USAGE, main
from tests.integration.cli.environment import cli_on


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    cli_on(monkeypatch, tmp_path, db_url)
    assert main(["admin", "add", "1001", "--name", "Amina"]) == 0
    assert main(["admin", "add", "1002", "--name", "Jean Baptiste"]) == 0
    assert main(["reports", "template", "reports.csv"]) == 0


def test_an_author_nobody_is_refused_and_nothing_is_imported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    capsys.readouterr()
    assert main(["reports", "import", "reports.csv", "--author", "999"]) == EXIT_USAGE
    assert capsys.readouterr().err == (
        "fieldbot: --author 999: nobody the bot knows has this Telegram id (`fieldbot user "
        "list` lists them); without --author the reports are recorded as the first admin's. "
        "Nothing was imported.\n"
    )
    assert main(["reports", "export", "--output", "out.csv"]) == 0
    assert "0 reports written" in capsys.readouterr().out


@pytest.mark.parametrize("author", ["0", "-5", "99999999999999999999999", "@jean"])
def test_what_is_no_telegram_id_is_refused_in_one_line(
    author: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["reports", "import", "reports.csv", f"--author={author}"])
    assert done.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "argument --author: not a" in err
    assert "Traceback" not in err


def test_the_reports_created_say_whose_they_are(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["reports", "import", "reports.csv", "--author", "1002"]) == 0
    assert "author of the reports created: Jean Baptiste (1002)" in capsys.readouterr().out
    assert main(["reports", "import", "reports.csv"]) == 0  # all there already: no author
    assert "author" not in capsys.readouterr().out

"""Issue 13, observations 3 and 8, from the command line: `fieldbot reports export` writes no
formula; `reports import` and `missions import` refuse an unreadable file with one message."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import EXIT_USAGE, main
from bot.missions_io import COLUMNS as MISSION_COLUMNS
from bot.reports_io import COLUMNS
from tests.integration.cli.environment import cli_on

FORMULA = "@SUM(1+1)*cmd|' /C calc'!A0"
ROW = {
    "kind": "training",
    "country": "HT",
    "place": FORMULA,
    "field": "justice",
    "target_group": "police",
    "training_type": "session",
    "national_programme": "no",
    "start_date": "2026-03-05",
    "duration_unit": "days",
    "duration": "2",
    "participants_women": "3",
    "participants_men": "4",
    "participants_other": "0",
    "notes": "=1+1",
}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    cli_on(monkeypatch, tmp_path, db_url)
    assert main(["admin", "add", "1001", "--name", "Amina"]) == 0


def _write_csv(path: Path, table: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(table)
    return path


def _reports_csv(path: Path) -> Path:
    return _write_csv(path, [list(COLUMNS), [ROW.get(column, "") for column in COLUMNS]])


def test_an_export_holds_no_formula_in_either_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reports", "import", str(_reports_csv(tmp_path / "in.csv"))]) == 0
    assert main(["reports", "export", "--format", "csv", "--output", "out.csv"]) == 0
    assert main(["reports", "export", "--format", "xlsx", "--output", "out.xlsx"]) == 0
    assert "1 reports written to out.xlsx" in capsys.readouterr().out

    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as stream:
        header, row = csv.reader(stream)
    cells = dict(zip(header, row, strict=True))
    assert (cells["place"], cells["notes"]) == ("'" + FORMULA, "'=1+1")
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    assert [
        cell.coordinate for line in sheet.iter_rows() for cell in line if cell.data_type == "f"
    ] == []
    values = {cell.value for line in sheet.iter_rows() for cell in line}
    assert {FORMULA, "=1+1"} <= values
    for exported in ("out.csv", "out.xlsx"):  # the very text comes back
        assert main(["reports", "import", exported]) == 0
        assert "created: 0; already there: 1" in capsys.readouterr().out


def test_an_export_that_cannot_be_written_is_one_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["reports", "export", "--output", "no/such/dir/out.csv"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err == "fieldbot: cannot write no/such/dir/out.csv: No such file or directory\n"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--format", "xlsx", "--output", "asked.csv"],
            "fieldbot: --format xlsx but --output ends in .csv\n",
        ),
        (["--output", "out.txt"], "fieldbot: --output must end in .csv or .xlsx: out.txt\n"),
    ],
)
def test_an_export_never_writes_another_format_than_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    """`--format xlsx --output asked.csv` wrote CSV, without the indicators or the labels."""
    assert main(["reports", "export", *arguments]) == EXIT_USAGE
    assert capsys.readouterr().err == message
    assert list(tmp_path.glob("asked.*")) == list(tmp_path.glob("out.*")) == []


@pytest.mark.parametrize("typed", ["fr-CA", "FR", "fr_FR"])
def test_a_language_is_read_as_the_bot_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    assert main(["reports", "import", str(_reports_csv(tmp_path / "in.csv"))]) == 0
    assert main(["reports", "export", "--output", "out.xlsx", "--locale", typed]) == 0
    sheet = load_workbook(tmp_path / "out.xlsx").worksheets[0]
    labels = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert "Pays" in labels, labels


def test_an_unknown_language_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["reports", "export", "--output", "out.xlsx", "--locale", "xx"])
    assert stop.value.code == EXIT_USAGE
    assert "not a language of the bot: xx" in capsys.readouterr().err


def _directory(path: Path) -> None:
    path.mkdir()


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _not_a_zip(path: Path) -> None:
    path.write_text("kind,country\ntraining,HT\n", encoding="utf-8")


def _latin1(path: Path) -> None:
    path.write_bytes("kind,place\ntraining,Réseau\n".encode("latin-1"))


def _named_twice(path: Path) -> None:
    _write_csv(
        path, [["kind", "participants_women", "participants_women"], ["training", "3", "900"]]
    )


UNREADABLE: list[tuple[str, Callable[[Path], None], str]] = [
    ("folder.csv", _directory, "folder.csv is a directory, not a .csv or .xlsx file"),
    ("zero.csv", _dev_zero, "zero.csv is not a regular file (a device, a pipe or a socket)"),
    ("text.xlsx", _not_a_zip, "text.xlsx is not an XLSX workbook (not a zip archive)"),
    ("latin1.csv", _latin1, "latin1.csv is not UTF-8: save it as “CSV UTF-8”"),
    ("women.csv", _named_twice, "women.csv: the header names a column more than once"),
]


@pytest.mark.parametrize("command", ["reports", "missions"])
@pytest.mark.parametrize(("name", "make", "message"), UNREADABLE)
def test_an_unreadable_file_is_one_message_and_no_traceback(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    name: str,
    make: Callable[[Path], None],
    message: str,
) -> None:
    if make is _dev_zero and not os.path.exists("/dev/zero"):
        pytest.skip("needs /dev/zero")
    make(tmp_path / name)

    assert main([command, "import", name]) == EXIT_USAGE

    err = capsys.readouterr().err
    assert err.startswith(f"fieldbot: {message}")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_the_limits_are_set_in_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _reports_csv(tmp_path / "in.csv")
    _write_csv(
        tmp_path / "missions.csv",
        [list(MISSION_COLUMNS), ["SN-01", "Dakar", "SN", "Dakar", "2027-02-01", "2027-02-03"]],
    )
    monkeypatch.setenv("FIELDBOT_IMPORTS__MAX_BYTES", "100")
    assert main(["reports", "import", "in.csv"]) == EXIT_USAGE
    assert "over the limit of 100: split it" in capsys.readouterr().err
    assert main(["missions", "import", "missions.csv"]) == EXIT_USAGE
    assert "over the limit of 100: split it" in capsys.readouterr().err

    monkeypatch.setenv("FIELDBOT_IMPORTS__MAX_BYTES", "100000")
    monkeypatch.setenv("FIELDBOT_IMPORTS__MAX_ROWS", "1")
    assert main(["reports", "import", "in.csv"]) == 0
    assert main(["missions", "import", "missions.csv"]) == 0


def test_a_row_repeated_word_for_word_is_imported_once_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows 2 and 3 are the same: one report, and the import says which rows it merged (it
    said nothing, and two sessions may have been meant)."""
    row = [ROW.get(column, "") for column in COLUMNS]
    path = _write_csv(tmp_path / "twice.csv", [list(COLUMNS), row, row])
    assert main(["reports", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "created: 1; already there: 0" in out
    assert "imported once, as the same report as an earlier row: row 3 (= row 2)" in out


def test_an_export_from_a_date_after_its_end_is_refused_not_an_empty_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Dates swapped: an empty file would say there were no reports.
    args = ["reports", "export", "--from", "2026-12-31", "--to", "2026-01-01", "--output", "o.csv"]
    assert main(args) == EXIT_USAGE
    assert "--from 2026-12-31 is after --to 2026-01-01" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_a_row_flagged_withdrawn_is_skipped_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export made with --include-withdrawn, imported again: the withdrawn row counts
    nowhere and is not stored, and the import says so instead of skipping it silently."""
    columns = [*COLUMNS, "withdrawn"]
    row = [ROW.get(column, "") for column in COLUMNS]
    gone = [*[ROW.get(column, "") for column in COLUMNS], "yes"]
    gone[columns.index("place")] = "Jacmel"
    path = _write_csv(tmp_path / "with-withdrawn.csv", [columns, [*row, "no"], gone])
    assert main(["reports", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "created: 1; already there: 0" in out
    assert "skipped: 1 row flagged withdrawn (a withdrawn report counts nowhere)" in out

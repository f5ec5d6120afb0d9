"""Issue 15, item 6: `fieldbot forms export-xlsform [FORM] FILE`, as an operator runs it."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert  # type: ignore[import-untyped]

from bot.cli import main
from bot.forms.definitions import FORMS


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.setenv("FIELDBOT_BOT__USERNAME", "fieldbot_test_bot")


def sheet_rows(path: Path, sheet: str) -> list[dict[str, str]]:
    # A read-only workbook keeps its file open until closed: left to the garbage collector,
    # its ResourceWarning failed whichever later test the collection happened in.
    with contextlib.closing(load_workbook(path, read_only=True)) as workbook:
        rows = list(workbook[sheet].iter_rows(values_only=True))
    header = [str(name) for name in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_one_form_is_written_where_asked_and_pyxform_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["forms", "export-xlsform", "advocacy", "advocacy.xlsx"]) == 0
    assert "advocacy (version 1) written to advocacy.xlsx" in capsys.readouterr().out
    path = tmp_path / "advocacy.xlsx"
    names = [row["name"] for row in sheet_rows(path, "survey")]
    assert names == [q.id for q in FORMS["advocacy"].questions] + [
        c.id for c in FORMS["advocacy"].computed
    ]
    settings = sheet_rows(path, "settings")[0]
    assert (settings["form_id"], settings["version"]) == ("fieldbot_advocacy", "1")
    assert convert(str(path), validate=False).xform.startswith("<?xml")


def test_without_a_form_every_form_is_written_into_the_folder(tmp_path: Path) -> None:
    assert main(["forms", "export-xlsform", "xlsforms"]) == 0
    written = sorted(path.name for path in (tmp_path / "xlsforms").iterdir())
    assert written == sorted(f"{form_id}.xlsx" for form_id in FORMS)


def test_the_default_language_is_the_bots(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FIELDBOT_DEFAULT_LOCALE", "fr")
    assert main(["forms", "export-xlsform", "training", "training.xlsx"]) == 0
    settings = sheet_rows(tmp_path / "training.xlsx", "settings")[0]
    assert settings["default_language"] == "Français (fr)"
    assert settings["form_title"] == "Formation"


def test_an_unknown_form_is_refused_with_the_list_of_forms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["forms", "export-xlsform", "trainings", "t.xlsx"]) == 2
    err = capsys.readouterr().err
    assert "no form 'trainings'; the forms are: advocacy, training" in err
    assert not (tmp_path / "t.xlsx").exists()


def test_a_path_that_cannot_be_written_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "taken").write_text("a file where the folder should be")
    assert main(["forms", "export-xlsform", "taken"]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("fieldbot: cannot write taken")
    assert "Traceback" not in err


def test_a_workbook_is_never_written_under_another_name_or_as_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An XLSForm is a workbook: "training.csv" would hold a zip that no spreadsheet opens as CSV.
    assert main(["forms", "export-xlsform", "training", "training.csv"]) == 2
    assert "training.csv: an XLSForm is an .xlsx workbook" in capsys.readouterr().err
    # The form forgotten: "forms.xlsx" is not made a folder of workbooks.
    assert main(["forms", "export-xlsform", "forms.xlsx"]) == 2
    err = capsys.readouterr().err
    assert "name the form (advocacy, training) or give a folder" in err
    assert list(tmp_path.iterdir()) == []

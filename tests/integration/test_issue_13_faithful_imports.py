"""Issue 13, observation 8: an import refuses what it cannot read faithfully.

A duplicated header column overwrote the first one (women 3 became 900), XLSX formulas were
read as empty cells, cells beyond the header were dropped, a whole file was read into memory
(a symlink to /dev/zero until MemoryError), and a directory named `.csv` or a `.xlsx` that is
not a zip archive ended in a raw traceback. Each is now one clear error, and nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import threading
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.missions_io import COLUMNS as MISSION_COLUMNS
from bot.missions_io import MissionsFileError, import_missions
from bot.reports_io import (
    COLUMNS,
    ReportsFileError,
    RowError,
    check_file,
    import_reports,
    write_template,
)
from bot.settings import ImportLimits, Settings
from models.queries import ensure_user
from models.tables import Mission, Report

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
FORMULA = "formula: copy the column and paste it back as values only"

TRAINING_ROW = {
    "kind": "training",
    "country": "NE",
    "place": "Niamey",
    "field": "emergencies",
    "target_group": "social_workers",
    "training_type": "session",
    "national_programme": "no",
    "start_date": "2026-04-14",
    "duration_unit": "hours",
    "duration": "6.5",
    "participants_women": "3",
    "participants_men": "9",
    "participants_other": "1",
}
MISSION_ROW = {
    "code": "SN-01",
    "title": "Committees in Dakar",
    "country": "SN",
    "place": "Dakar",
    "start_date": "2027-02-01",
    "end_date": "2027-02-03",
}


def _write_csv(path: Path, table: Sequence[Sequence[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream).writerows(table)
    return path


def _table(rows: Sequence[Mapping[str, str]], columns: Sequence[str] = COLUMNS) -> list[list[str]]:
    return [list(columns)] + [[row.get(column, "") for column in columns] for row in rows]


def _write_xlsx(path: Path, table: Sequence[Sequence[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in table:
        sheet.append(list(row))
    workbook.save(path)
    return path


def _check(path: Path, limits: ImportLimits | None = None) -> list[RowError]:
    parsed, errors = check_file(path, now=NOW, limits=limits)
    assert parsed == [] or errors == []
    return errors


def _refusal(path: Path, limits: ImportLimits | None = None) -> str:
    with pytest.raises(ReportsFileError) as refused:
        check_file(path, now=NOW, limits=limits)
    return str(refused.value)


async def _count(session: AsyncSession, table: type[Report] | type[Mission]) -> int:
    return int((await session.execute(select(func.count()).select_from(table))).scalar_one())


# ------------------------------------------------------------------------------- headers


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
async def test_a_column_named_twice_is_refused_not_overwritten(
    session: AsyncSession, tmp_path: Path, suffix: str
) -> None:
    header = [*COLUMNS, "participants_women"]  # the second copy, at the end (column AC)
    row = [TRAINING_ROW.get(column, "") for column in COLUMNS] + ["900"]
    path = tmp_path / f"women{suffix}"
    (_write_xlsx if suffix == ".xlsx" else _write_csv)(path, [header, row])
    author = await ensure_user(session, 5550001, "Importer", "en")

    with pytest.raises(ReportsFileError) as refused:
        await import_reports(session, path, author_user_id=author.id, now=NOW)

    assert str(refused.value) == (
        f"women{suffix}: the header names a column more than once: participants_women "
        "(columns L and AC). Keep one column of each name."
    )
    assert await _count(session, Report) == 0


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_cells_outside_the_header_are_refused_with_their_row(tmp_path: Path, suffix: str) -> None:
    header = list(COLUMNS)
    header[COLUMNS.index("partner")] = ""  # a column without a name, in the middle
    good = [TRAINING_ROW.get(column, "") for column in COLUMNS]
    spilled = [*good, "", "42"]  # two cells beyond the header's last column
    named = list(good)
    named[COLUMNS.index("partner")] = "Ministry of Justice"
    path = tmp_path / f"wide{suffix}"
    (_write_xlsx if suffix == ".xlsx" else _write_csv)(path, [header, good, spilled, named])

    assert _check(path) == [
        RowError(
            3,
            None,
            "Cells outside the header (column AD): give the column a name "
            "in row 1, or clear them.",
        ),
        RowError(
            4,
            None,
            "Cells outside the header (column P): give the column a name in row 1, or clear them.",
        ),
    ]


def test_a_header_that_is_not_one_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    blank = _write_csv(tmp_path / "blank.csv", [["", ""], ["training", "HT"]])
    formula = _write_xlsx(tmp_path / "formula.xlsx", [["=A2", "kind"], ["x", "training"]])

    assert _refusal(empty) == "empty.csv is empty: it needs a header row"
    assert _refusal(blank) == "blank.csv: the first row must be the header (column names)"
    assert _refusal(formula) == "formula.xlsx: the first row must be the header (column names)"


# ------------------------------------------------------------------------------ formulas


async def test_xlsx_formulas_and_error_values_are_refused_not_read_as_empty(
    session: AsyncSession, tmp_path: Path
) -> None:
    rows = [
        {**TRAINING_ROW, "participants_women": "=1+2"},
        {**TRAINING_ROW, "place": "Zinder", "notes": "=B2&C2"},
        {**TRAINING_ROW, "place": "Agadez", "post_score": "#DIV/0!"},
        {**TRAINING_ROW, "place": "Maradi", "participants_women": "=1+2", "country": "XX"},
    ]
    path = _write_xlsx(tmp_path / "formulas.xlsx", _table(rows))
    author = await ensure_user(session, 5550001, "Importer", "en")

    result = await import_reports(session, path, author_user_id=author.id, now=NOW)

    assert [(error.row, error.column) for error in result.errors] == [
        (2, "participants_women"),  # not "This question needs an answer" as well
        (3, "notes"),
        (4, "post_score"),
        (5, "country"),  # the row's other problems are still reported
        (5, "participants_women"),
    ]
    assert FORMULA in result.errors[0].message
    assert result.errors[2].message == (
        "This cell shows a spreadsheet error (#DIV/0!): correct it or clear it."
    )
    assert await _count(session, Report) == 0


def test_the_range_an_xlsx_file_claims_does_not_hide_cells(tmp_path: Path) -> None:
    path = _write_xlsx(tmp_path / "dimension.xlsx", _table([{**TRAINING_ROW, "notes": "=1+1"}]))
    _rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C2"', xml),
    )

    errors = _check(path)

    assert [(error.row, error.column) for error in errors] == [(2, "notes")]


def _rewrite_member(path: Path, name: str, change: Any) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[name] = change(members[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)


# ------------------------------------------------------------------------------ limits


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"kind,country\n" + b"\xff" * 5000)  # not UTF-8: never read

    message = _refusal(path, ImportLimits(max_bytes=4096))

    assert message == (
        "big.csv is 5,013 bytes, over the limit of 4,096: split it into smaller files "
        "(or raise FIELDBOT_IMPORTS__MAX_BYTES)"
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_rows_over_the_limit_are_refused_while_reading(tmp_path: Path, suffix: str) -> None:
    rows = [TRAINING_ROW] * 4
    path = tmp_path / f"many{suffix}"
    if suffix == ".csv":
        # The rest of the file is never decoded: reading stops at the 4th row.
        with _write_csv(path, _table(rows)).open("ab") as stream:
            stream.write(b"x" * 100_000 + b"\n" + b"\xff\xfe\n")
    else:
        _write_xlsx(path, [*_table(rows), ["=1/0"]])
    limits = ImportLimits(max_rows=3)

    assert _refusal(path, limits) == (
        f"many{suffix} has more than 3 rows, the limit: split it into smaller files "
        "(or raise FIELDBOT_IMPORTS__MAX_ROWS)"
    )
    # Under a higher limit, the reading goes on to what follows.
    if suffix == ".csv":
        assert "is not UTF-8" in _refusal(path, ImportLimits(max_rows=5))
    else:
        errors = _check(path, ImportLimits(max_rows=5))
        assert [(e.row, e.column) for e in errors] == [(6, "report_id"), (6, "kind")]


def test_blank_rows_do_not_count_towards_the_row_limit(tmp_path: Path) -> None:
    table = _table([TRAINING_ROW])
    path = _write_csv(tmp_path / "blanks.csv", [table[0], *([[""]] * 10), table[1]])

    assert _check(path, ImportLimits(max_rows=1)) == []


def test_the_limits_come_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDBOT_IMPORTS__MAX_BYTES", "1000")
    monkeypatch.setenv("FIELDBOT_IMPORTS__MAX_ROWS", "7")

    assert Settings().imports == ImportLimits(max_bytes=1000, max_rows=7)
    assert ImportLimits().max_rows == 50_000


# -------------------------------------------------------------------------- not a file


def test_a_directory_named_like_a_spreadsheet_is_refused(tmp_path: Path) -> None:
    (tmp_path / "reports.csv").mkdir()
    (tmp_path / "reports.xlsx").mkdir()

    assert _refusal(tmp_path / "reports.csv") == (
        "reports.csv is a directory, not a .csv or .xlsx file"
    )
    assert "is a directory" in _refusal(tmp_path / "reports.xlsx")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_symlink_to_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    (tmp_path / "zero.xlsx").symlink_to("/dev/zero")

    for name in ("zero.csv", "zero.xlsx"):
        assert _refusal(tmp_path / name) == (
            f"{name} is not a regular file (a device, a pipe or a socket): "
            "give the path of a .csv or .xlsx file"
        )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    outcome: list[str] = []
    # Opening a FIFO for reading waits for a writer unless told not to: run it aside.
    reader = threading.Thread(target=lambda: outcome.append(_refusal(path)), daemon=True)
    reader.start()
    reader.join(timeout=10)

    assert outcome == [
        "pipe.csv is not a regular file (a device, a pipe or a socket): "
        "give the path of a .csv or .xlsx file"
    ]


def test_a_missing_or_unreadable_file_is_one_message(tmp_path: Path) -> None:
    assert _refusal(tmp_path / "missing.csv") == (
        "missing.csv: cannot open it (No such file or directory)"
    )
    (tmp_path / "dangling.csv").symlink_to(tmp_path / "nowhere")
    assert "dangling.csv: cannot open it" in _refusal(tmp_path / "dangling.csv")


# -------------------------------------------------------------------------- not readable


def test_an_xlsx_that_is_not_a_zip_archive_is_one_message(tmp_path: Path) -> None:
    text = tmp_path / "text.xlsx"
    text.write_text("kind,country\ntraining,HT\n", encoding="utf-8")
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    truncated = tmp_path / "truncated.xlsx"
    write_template(tmp_path / "template.xlsx")
    truncated.write_bytes((tmp_path / "template.xlsx").read_bytes()[:-200])

    assert _refusal(text) == (
        "text.xlsx is not an XLSX workbook (not a zip archive): save it from your "
        "spreadsheet as “Excel Workbook (.xlsx)” or as “CSV UTF-8”"
    )
    assert _refusal(other) == (
        "other.xlsx could not be read as an XLSX workbook: open it in your spreadsheet and "
        "save it again as “Excel Workbook (.xlsx)”"
    )
    assert "not an XLSX workbook" in _refusal(truncated)  # its directory is at the end


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_before_it_is_opened(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bomb.xlsx"
    write_template(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.bin", b"\0" * 2_000_000)  # a few kilobytes packed
    assert path.stat().st_size < 200_000

    message = _refusal(path, ImportLimits(max_bytes=200_000))

    assert message.startswith("bomb.xlsx unpacks to 2,0")
    assert message.endswith(
        "over the limit of 2,000,000: split it into smaller files "
        "(or raise FIELDBOT_IMPORTS__MAX_BYTES)"
    )


def test_a_csv_that_is_not_utf8_is_one_message(tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "latin1.csv", _table([{**TRAINING_ROW, "place": "Tahoua-Réseau"}]), "latin-1"
    )

    assert _refusal(path) == "latin1.csv is not UTF-8: save it as “CSV UTF-8” and try again"


def test_a_csv_the_csv_module_cannot_parse_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "huge-cell.csv"
    path.write_text("kind,notes\ntraining," + "x" * 200_000 + "\n", encoding="utf-8")

    # In the operator's words, not the csv module's ("field larger than field limit
    # (131072)"), with the likeliest cause: a quote left open running on over the next rows.
    assert _refusal(path) == (
        "huge-cell.csv: a cell that starts on line 2 holds more than 131,072 characters: "
        'check that its quotes (") are closed (a quote left open runs on over the next rows), '
        "or shorten it"
    )


def test_a_quote_left_open_in_a_large_file_is_named_as_the_likely_cause(tmp_path: Path) -> None:
    path = tmp_path / "open-quote.csv"
    rows = "".join(f"training,Note {n}\n" for n in range(20_000))
    path.write_text('kind,notes\ntraining,"Compte rendu du 5\n' + rows, encoding="utf-8")

    assert _refusal(path).startswith(
        "open-quote.csv: a cell that starts on line 2 holds more than 131,072 characters: "
        'check that its quotes (") are closed'
    )


def test_a_quote_left_open_in_the_header_of_a_large_file_is_on_line_1(tmp_path: Path) -> None:
    # The lines were counted from the header's end: the header's own cell was "on line 2", the
    # first row's line, though a quote left open in a small file's header is on line 1.
    path = tmp_path / "open-quote.csv"
    rows = "".join(f"training,Note {n}\n" for n in range(20_000))
    path.write_text('kind,"notes\n' + rows, encoding="utf-8")

    assert _refusal(path).startswith(
        "open-quote.csv: a cell that starts on line 1 holds more than 131,072 characters"
    )


# ------------------------------------------------------------------------------ missions


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
async def test_a_missions_import_refuses_the_same_way(
    session: AsyncSession, tmp_path: Path, suffix: str
) -> None:
    write = _write_xlsx if suffix == ".xlsx" else _write_csv
    twice = write(
        tmp_path / f"twice{suffix}",
        [[*MISSION_COLUMNS, "Title"], [MISSION_ROW.get(c, "") for c in MISSION_COLUMNS] + ["x"]],
    )
    (tmp_path / f"folder{suffix}").mkdir()
    many = write(tmp_path / f"many{suffix}", _table([MISSION_ROW] * 3, MISSION_COLUMNS))
    outside = write(
        tmp_path / f"outside{suffix}",
        [list(MISSION_COLUMNS), [MISSION_ROW.get(c, "") for c in MISSION_COLUMNS] + ["x"]],
    )

    async def refusal(path: Path, limits: ImportLimits | None = None) -> str:
        with pytest.raises(MissionsFileError) as refused:
            await import_missions(session, path, actor_user_id=None, now=NOW, limits=limits)
        return str(refused.value)

    assert "names a column more than once: title (columns B and N)" in await refusal(twice)
    assert "is a directory" in await refusal(tmp_path / f"folder{suffix}")
    assert "more than 2 rows" in await refusal(many, ImportLimits(max_rows=2))
    result = await import_missions(session, outside, actor_user_id=None, now=NOW)
    assert [(error.row, error.column) for error in result.errors] == [(2, None)]
    assert "column N" in result.errors[0].message
    assert await _count(session, Mission) == 0


async def test_a_mission_cell_with_a_formula_is_refused(
    session: AsyncSession, tmp_path: Path
) -> None:
    row = {**MISSION_ROW, "end_date": "=E2+2"}
    path = _write_xlsx(tmp_path / "missions.xlsx", _table([row], MISSION_COLUMNS))

    result = await import_missions(session, path, actor_user_id=None, now=NOW)

    assert [(error.row, error.column) for error in result.errors] == [(2, "end_date")]
    assert FORMULA in result.errors[0].message
    assert await _count(session, Mission) == 0

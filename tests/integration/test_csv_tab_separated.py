"""A tab-separated file named .csv is read by its tabs.

Spreadsheets save "tab-separated values" (Google Sheets' .tsv, Excel's "Text (Tab delimited)"),
and rows pasted from a spreadsheet into a text editor are separated by tabs; an operator renames
such a file .csv. The import knew "," and ";" only: the whole header was one column named
"report_id\tkind\t...", and every row was refused as missing the column kind, which it had.
"""

from __future__ import annotations

from pathlib import Path

from bot.reports_io import COLUMNS, check_file, open_sheet
from tests.integration.training_reports import NOW, TRAINING_ROW


def test_a_tab_separated_file_is_read_by_its_tabs(tmp_path: Path) -> None:
    path = tmp_path / "terrain.csv"
    row = {**TRAINING_ROW, "partner": "UNICEF, Plan; ministère"}
    lines = ["\t".join(COLUMNS), "\t".join(row.get(column, "") for column in COLUMNS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_sheet(path) as sheet:
        assert sheet.columns == COLUMNS
        assert [r.cells["partner"] for r in sheet.rows] == ["UNICEF, Plan; ministère"]
    rows, errors = check_file(path, now=NOW)
    assert errors == []
    assert [r.answers["place"] for r in rows] == ["Jacmel"]

"""A CSV file whose first line names its separator ("sep=;") is read by that separator.

Some tools (and Excel users who want the file to open with a double click in any locale) write
`sep=;` as the first line: Excel reads it as the separator and hides the line. The import took
that line for the header and refused every row as missing its columns.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.reports_io import COLUMNS, ReportsFileError, check_file
from tests.integration.training_reports import NOW, TRAINING_ROW


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_the_separator_named_on_the_first_line_is_used(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "rapports.csv"
    row = {**TRAINING_ROW, "place": "Jacmel, Sud-Est", "partner": "Mairie; Jacmel"}
    cells = [row.get(c, "") for c in COLUMNS]
    quoted = [f'"{cell}"' if separator in cell else cell for cell in cells]
    lines = [f"sep={separator}", separator.join(COLUMNS), separator.join(quoted)]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    rows, errors = check_file(path, now=NOW)
    assert errors == []
    assert [(r.answers["place"], r.answers["partner"]) for r in rows] == [
        ("Jacmel, Sud-Est", "Mairie; Jacmel")
    ]


def test_a_quote_left_open_after_the_separator_line_is_named_on_its_own_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rapports.csv"
    cells = [TRAINING_ROW.get(c, "") for c in COLUMNS]
    cells[COLUMNS.index("place")] = '"Jacmel'
    lines = ["sep=;", ";".join(COLUMNS), ";".join(cells)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReportsFileError) as refused:
        check_file(path, now=NOW)
    assert "opens a cell on line 3 and is never closed" in str(refused.value)

"""A hand-made CSV keeps the quotes its notes were typed with, after a line break or a ";".

Our CSV export guards what follows each ";" and each line break of a text with a leading "'"
(French Excel opens a double-clicked .csv cut at every ";" and line break), and the import
took a "'" off before a sign there in every row of every file: a note typed in a file the
bot never wrote ("Budget :" then "'-5 kits on the sheet") lost its quote. Only a row of our
export (its `submitted_at` is filled) has such guards to take off; a cell's own start is
unquoted in any file, as a spreadsheet reads a leading "'" as "text".
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from bot.reports_io import COLUMNS, check_file
from tests.integration.training_reports import NOW, TRAINING_ROW

NOTE = "Budget :\n'-5 kits on the sheet\r\nPlan;'=A1 in the old template"


def _write(path: Path, rows: list[dict[str, str]], extra: tuple[str, ...] = ()) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=[*COLUMNS, *extra])
        writer.writeheader()
        writer.writerows(rows)


def _notes(path: Path) -> list[object]:
    rows, errors = check_file(path, now=NOW)
    assert errors == []
    return [row.answers.get("notes") for row in rows]


def test_a_hand_made_note_keeps_its_quotes_after_a_line_break_or_a_semicolon(
    tmp_path: Path,
) -> None:
    path = tmp_path / "terrain.csv"
    _write(path, [{**TRAINING_ROW, "notes": NOTE}])
    assert _notes(path) == [NOTE]


def test_a_row_added_by_hand_to_an_export_keeps_them_and_an_exported_row_loses_ours(
    tmp_path: Path,
) -> None:
    path = tmp_path / "reports.csv"
    submitted = dt.datetime(2026, 4, 15, 9, 0, tzinfo=dt.UTC).isoformat()
    guarded = "Budget :\n'-5 kits on the sheet\r\nPlan;'=A1 in the old template"
    exported = {**TRAINING_ROW, "notes": guarded, "submitted_at": submitted}
    by_hand = {**TRAINING_ROW, "place": "Cayes", "notes": NOTE, "submitted_at": ""}
    _write(path, [exported, by_hand], extra=("submitted_at",))
    assert _notes(path) == [
        "Budget :\n-5 kits on the sheet\r\nPlan;=A1 in the old template",
        NOTE,
    ]


def test_a_cell_that_starts_with_a_quote_before_a_sign_is_unquoted_in_any_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "terrain.csv"
    _write(path, [{**TRAINING_ROW, "notes": "'=A1 in the old template"}])
    assert _notes(path) == ["=A1 in the old template"]

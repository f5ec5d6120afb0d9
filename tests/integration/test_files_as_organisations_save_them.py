"""Imports of the files organisations really have: what a spreadsheet shows is what is
stored, whatever the cell's format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from bot.reports_io import COLUMNS, check_file

TODAY = dt.date(2026, 11, 28)
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


def test_a_score_formatted_as_a_percentage_is_stored_as_it_shows(tmp_path: Path) -> None:
    # Excel holds 0.485 in a cell that shows 48.5%: the score is 48.5 %, not 0.485 %.
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    row = {**TRAINING_ROW, "pre_score": 0.485, "post_score": 0.81}
    sheet.append([row.get(column) for column in COLUMNS])
    sheet.cell(row=2, column=COLUMNS.index("pre_score") + 1).number_format = "0.0%"
    sheet.cell(row=2, column=COLUMNS.index("post_score") + 1).number_format = "0%"
    workbook.save(tmp_path / "scores.xlsx")

    parsed, errors = check_file(tmp_path / "scores.xlsx", today=TODAY)

    assert errors == []
    assert parsed[0].answers["pre_score"] == "48.5"
    assert parsed[0].answers["post_score"] == "81"

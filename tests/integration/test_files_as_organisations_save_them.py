"""Imports of the files organisations really have: what a spreadsheet shows is what is
stored, whatever the cell's format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.missions_io import COLUMNS as MISSION_COLUMNS
from bot.missions_io import import_missions
from bot.reports_io import (
    COLUMNS,
    RepeatedRow,
    check_file,
    column_labels,
    export_reports,
    import_reports,
    kind_columns,
)
from models.queries import ensure_user
from models.tables import Mission

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
EVENT_ROW = {
    "kind": "advocacy_event",
    "country": "SN",
    "level": "national",
    "field": "justice",
    "event_kind": "decision",
    "institution": "Ministry of Justice",
    "contributed": "yes",
    "audience": "40",
    "event_date": "2026-03-12",
}
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

    parsed, errors = check_file(tmp_path / "scores.xlsx", now=NOW)

    assert errors == []
    assert parsed[0].answers["pre_score"] == "48.5"
    assert parsed[0].answers["post_score"] == "81"


def test_a_problem_in_an_exported_workbook_is_reported_in_its_sheet_at_its_row(
    tmp_path: Path,
) -> None:
    # An export's workbook, edited: a sheet per kind, the labels in row 2, then the reports.
    workbook = Workbook()
    for kind, rows in (
        ("training", [TRAINING_ROW, {**TRAINING_ROW, "participants_women": "many"}]),
        ("advocacy_event", [{**EVENT_ROW, "audience": "lots"}]),
    ):
        sheet = workbook.create_sheet(kind)
        columns = kind_columns(kind)
        sheet.append(list(columns))
        sheet.append(column_labels(columns))
        for row in rows:
            sheet.append([row.get(column, "") for column in columns])
    workbook.remove(workbook.worksheets[0])
    workbook.save(tmp_path / "export.xlsx")

    _, errors = check_file(tmp_path / "export.xlsx", now=NOW)

    # Where the user sees them, not "row 3" and "row 4" of one table.
    assert [(error.sheet, error.row, error.column) for error in errors] == [
        ("training", 4, "participants_women"),
        ("advocacy_event", 3, "audience"),
    ]


def _french_excel_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    """As French Excel saves "CSV UTF-8": a BOM, semicolons, CRLF."""
    lines = [";".join(columns)] + [";".join(row.get(c, "") for c in columns) for row in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig", newline="")
    return path


def test_a_country_written_as_its_name_is_read_as_the_chat_reads_it(tmp_path: Path) -> None:
    names = ["Haïti", "Côte d'Ivoire", "RDC", "Sénégal", "niger", "HTI"]
    rows = [{**TRAINING_ROW, "country": name, "place": f"P{n}"} for n, name in enumerate(names)]
    rows.append({**TRAINING_ROW, "country": "Congo", "place": "Pointe-Noire"})  # which one?
    path = _french_excel_csv(tmp_path / "pays.csv", COLUMNS, rows)

    parsed, errors = check_file(path, now=NOW)

    assert [(error.row, error.column) for error in errors] == [(8, "country")]
    assert "or its full name" in errors[0].message
    rows.pop()
    parsed, errors = check_file(_french_excel_csv(path, COLUMNS, rows), now=NOW)
    assert errors == []
    assert [row.answers["country"] for row in parsed] == ["HT", "CI", "CD", "SN", "NE", "HT"]


async def test_a_mission_country_written_as_its_name_is_its_code(
    session: AsyncSession, tmp_path: Path
) -> None:
    mission = {
        "code": "CD-01",
        "title": "Committees in Goma",
        "place": "Goma",
        "start_date": "2027-02-01",
        "end_date": "2027-02-03",
    }
    path = _french_excel_csv(
        tmp_path / "missions.csv",
        MISSION_COLUMNS,
        [{**mission, "country": "RDC"}, {**mission, "code": "XX-01", "country": "Atlantis"}],
    )

    result = await import_missions(session, path, actor_user_id=None, now=NOW)

    assert [(error.row, error.column) for error in result.errors] == [(3, "country")]
    assert "'Atlantis'" in result.errors[0].message  # as typed, not 'ATLANTIS'
    _french_excel_csv(path, MISSION_COLUMNS, [{**mission, "country": "RDC"}])
    result = await import_missions(session, path, actor_user_id=None, now=NOW)
    assert (result.errors, result.created) == ([], 1)
    assert list(await session.scalars(select(Mission.country))) == ["CD"]


def test_column_names_typed_with_spaces_and_capitals_are_the_template_s(tmp_path: Path) -> None:
    # As retyped in Google Sheets: "Start date" is start_date.
    typed = [column.replace("_", " ").title() for column in COLUMNS]
    typed[COLUMNS.index("participants_women")] = "  PARTICIPANTS-WOMEN "
    path = _french_excel_csv(tmp_path / "typed.csv", tuple(typed), [])
    rows = [dict(zip(typed, (TRAINING_ROW.get(column, "") for column in COLUMNS), strict=True))]

    parsed, errors = check_file(_french_excel_csv(path, tuple(typed), rows), now=NOW)

    assert errors == []
    assert parsed[0].answers["start_date"] == "2026-04-14"
    assert parsed[0].answers["participants_women"] == 3


async def test_an_edited_answer_in_an_export_is_refused_at_its_sheet_and_row(
    session: AsyncSession, tmp_path: Path
) -> None:
    author = await ensure_user(session, 5550001, "Importer", "en")
    source = _french_excel_csv(tmp_path / "in.csv", COLUMNS, [TRAINING_ROW, EVENT_ROW])
    result = await import_reports(session, source, author_user_id=author.id, now=NOW)
    assert (result.errors, result.created) == ([], 2)
    await export_reports(session, tmp_path / "out.xlsx", date_from=None, date_to=None)
    workbook = load_workbook(tmp_path / "out.xlsx")
    events = workbook["advocacy_event"]
    header = [cell.value for cell in events[1]]
    events.cell(row=3, column=header.index("audience") + 1).value = 41  # an import edits nothing
    workbook.save(tmp_path / "out.xlsx")

    result = await import_reports(
        session, tmp_path / "out.xlsx", author_user_id=author.id, now=NOW
    )

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("advocacy_event", 3, "report_id")
    ]


def test_a_date_with_a_time_is_its_day(tmp_path: Path) -> None:
    # An XLSX date-and-time cell, and date-times as other tools write them (KoBoToolbox).
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    written = [
        dt.datetime(2026, 4, 14, 10, 30),
        "2026-04-14T10:30",
        "2026-04-14 10:30:00",
        "2026-04-14T10:30:00.000+01:00",
        "2026-04-14T23:30:00Z",  # UTC's day, maybe not the writer's: refused
    ]
    for n, when in enumerate(written):
        row: dict[str, object] = {**TRAINING_ROW, "place": f"P{n}", "start_date": when}
        sheet.append([row.get(column) for column in COLUMNS])
    workbook.save(tmp_path / "times.xlsx")

    parsed, errors = check_file(tmp_path / "times.xlsx", now=NOW)

    assert [(error.row, error.column) for error in errors] == [(6, "start_date")]
    sheet.delete_rows(6)
    workbook.save(tmp_path / "times.xlsx")
    parsed, errors = check_file(tmp_path / "times.xlsx", now=NOW)
    assert {row.answers["start_date"] for row in parsed} == {"2026-04-14"}
    assert len(parsed) == 4


async def test_a_repeated_row_of_an_exported_workbook_is_named_with_its_sheet(
    session: AsyncSession, tmp_path: Path
) -> None:
    author = await ensure_user(session, 5550001, "Importer", "en")
    workbook = Workbook()
    for kind, rows in (("training", [TRAINING_ROW]), ("advocacy_event", [EVENT_ROW] * 2)):
        sheet = workbook.create_sheet(kind)
        columns = kind_columns(kind)
        sheet.append(list(columns))
        sheet.append(column_labels(columns))
        for row in rows:
            sheet.append([row.get(column, "") for column in columns])
    workbook.remove(workbook.worksheets[0])
    workbook.save(tmp_path / "twice.xlsx")

    result = await import_reports(
        session, tmp_path / "twice.xlsx", author_user_id=author.id, now=NOW
    )

    assert (result.errors, result.created) == ([], 2)
    assert result.repeated == (RepeatedRow(4, 3, "advocacy_event"),)


def test_a_cell_under_no_header_in_an_exported_workbook_is_named_by_its_sheet_s_letter(
    tmp_path: Path,
) -> None:
    workbook = Workbook()
    for kind, row in (("training", TRAINING_ROW), ("advocacy_event", EVENT_ROW)):
        sheet = workbook.create_sheet(kind)
        columns = kind_columns(kind)
        sheet.append(list(columns))
        sheet.append([row.get(column, "") for column in columns])
    workbook.remove(workbook.worksheets[0])
    events = workbook["advocacy_event"]
    stray = len(kind_columns("advocacy_event")) + 2  # one empty column, then a note
    events.cell(row=2, column=stray).value = "remind the ministry"
    workbook.save(tmp_path / "stray.xlsx")

    _, errors = check_file(tmp_path / "stray.xlsx", now=NOW)

    assert [(error.sheet, error.row, error.column) for error in errors] == [
        ("advocacy_event", 2, None)
    ]
    assert f"(column {get_column_letter(stray)})" in errors[0].message


def test_a_column_the_header_lacks_is_said_once_not_on_every_row(tmp_path: Path) -> None:
    # "pays" for country: one line says so, not one "needs an answer" per row.
    header = tuple("pays" if column == "country" else column for column in COLUMNS)
    rows = [{**TRAINING_ROW, "pays": "NE", "place": f"P{n}"} for n in range(500)]
    path = _french_excel_csv(tmp_path / "pays.csv", header, rows)

    _, errors = check_file(path, now=NOW)

    assert [(error.row, error.column, error.message[:32]) for error in errors] == [
        (1, "pays", "Unknown column (see the template"),
        (1, "country", "Missing column: 500 rows need it"),
    ]


def test_a_date_a_spreadsheet_rewrote_in_its_order_says_how_to_keep_it_iso(
    tmp_path: Path,
) -> None:
    # An export opened in French Excel and saved again as CSV: 2026-04-14 became 14/04/2026.
    path = _french_excel_csv(
        tmp_path / "resaved.csv", COLUMNS, [{**TRAINING_ROW, "start_date": "14/04/2026"}]
    )

    _, errors = check_file(path, now=NOW)

    assert [(error.row, error.column) for error in errors] == [(2, "start_date")]
    assert errors[0].message.startswith("Please write the date as YYYY-MM-DD")
    assert "give the column the format yyyy-mm-dd before saving, or save" in errors[0].message


async def test_a_mission_date_with_a_time_is_its_day(
    session: AsyncSession, tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(MISSION_COLUMNS))
    mission = {
        "code": "NE-01",
        "title": "Committees in Niamey",
        "country": "NE",
        "place": "Niamey",
        "start_date": dt.datetime(2027, 2, 1, 9, 30),  # as typed: 01/02/2027 09:30
        "end_date": dt.date(2027, 2, 3),
    }
    sheet.append([mission.get(column) for column in MISSION_COLUMNS])
    workbook.save(tmp_path / "missions.xlsx")

    path = tmp_path / "missions.xlsx"
    result = await import_missions(session, path, actor_user_id=None, now=NOW)

    assert (result.errors, result.created) == ([], 1)
    assert list(await session.scalars(select(Mission.start_date))) == [dt.date(2027, 2, 1)]


def test_signs_alone_in_a_cell_are_read_as_written(tmp_path: Path) -> None:
    # The chat now asks for words, but a report stored before with "-" for its partner is
    # exported with it: the file must import again unchanged. A number is still a number.
    rows = [
        {**TRAINING_ROW, "place": "—", "notes": "-"},
        {**TRAINING_ROW, "place": "Zinder", "participants_other": "-"},
    ]
    path = _french_excel_csv(tmp_path / "tirets.csv", COLUMNS, rows)

    parsed, errors = check_file(path, now=NOW)

    assert [(error.row, error.column) for error in errors] == [(3, "participants_other")]
    rows.pop()
    parsed, errors = check_file(_french_excel_csv(path, COLUMNS, rows), now=NOW)
    assert errors == []
    assert parsed[0].answers.get("place") == "—"


async def test_a_report_with_signs_alone_goes_out_and_back_in_unchanged(
    session: AsyncSession, tmp_path: Path
) -> None:
    """Stored before the chat asked for words ("-" for the place): its export imports again
    as the same report, in either format, not as a conflict or a refusal."""
    author = await ensure_user(session, 5550002, "Importer", "en")
    source = _french_excel_csv(tmp_path / "in.csv", COLUMNS, [{**TRAINING_ROW, "place": "-"}])
    result = await import_reports(session, source, author_user_id=author.id, now=NOW)
    assert (result.errors, result.created) == ([], 1)
    for name in ("out.csv", "out.xlsx"):
        await export_reports(session, tmp_path / name, date_from=None, date_to=None)
        again = await import_reports(session, tmp_path / name, author_user_id=author.id, now=NOW)
        assert (again.errors, again.created, again.unchanged) == ([], 0, 1)


async def test_a_mission_date_a_spreadsheet_rewrote_says_why_it_is_refused(
    session: AsyncSession, tmp_path: Path
) -> None:
    """A missions sheet resaved by Excel: '05/03/2027' (day first or month first?) and 46447
    (a date column formatted as a number: Excel's day count) were both refused with "Not a
    date ... (write it as 2026-03-05)", the admin left to guess what went wrong; the reports
    import explained the first. Both imports now say what the spreadsheet did."""
    mission = {
        "code": "MG-01",
        "title": "Committees",
        "country": "MG",
        "place": "Toliara",
        "start_date": "05/03/2027",
        "end_date": "46450",
    }
    path = _french_excel_csv(tmp_path / "missions.csv", MISSION_COLUMNS, [mission])

    result = await import_missions(session, path, actor_user_id=None, now=NOW)

    messages = {error.column: error.message for error in result.errors}
    assert "5 March or 3 May" in messages["start_date"]
    assert "46450" in messages["end_date"]
    assert "2027-03-04" in messages["end_date"]  # the day Excel means by it
    assert "as a number" in messages["end_date"]
    path = _french_excel_csv(
        tmp_path / "reports.csv", COLUMNS, [{**TRAINING_ROW, "start_date": "46086"}]
    )
    _, errors = check_file(path, now=NOW)
    assert "2026-03-05" in errors[0].message
    assert "as a number" in errors[0].message

"""Importing and exporting reports as CSV and XLSX, on a migrated SQLite database."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from uuid import UUID

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.reports_io import (
    COLUMNS,
    ImportResult,
    RowError,
    export_reports,
    import_reports,
    open_sheet,
    parse_rows,
    template_rows,
    write_template,
)
from models.queries import ensure_user
from models.reports import withdraw_report
from models.tables import Report

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)

TRAINING_ROW = {
    "kind": "training",
    "country": "ne",
    "place": "Niamey",
    "field": "emergencies",
    "target_group": "social_workers",
    "training_type": "session",
    "national_programme": "no",
    "start_date": "2026-04-14",
    "duration_unit": "hours",
    "duration": "6.5",
    "participants_women": "20",
    "participants_men": "9",
    "participants_other": "1",
    "post_score": "77.5",
}
CANADA_ROW = {
    **TRAINING_ROW,
    "country": "CA",
    "field": "justice",
    "start_date": "2026-02-02",
    "canada_sector": "youth_protection",
    "training_type": "train_the_trainer",
    "trainers_trained": "4",
}
NETWORK_ROW = {
    "kind": "advocacy_event",
    "country": "JO",
    "level": "regional",
    "field": "violence_exploitation",
    "event_kind": "network",
    "network_name": "Child protection network of Amman",
    "partner_organisations": "14",
    "event_date": "2026-06-30",
}


def _write_csv(path: Path, rows: Sequence[Mapping[str, str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    """The file's non-blank rows, every cell read."""
    with open_sheet(path) as sheet:
        rows = list(sheet.rows)
    assert [row.errors for row in rows if row.errors] == []
    return [row.cells for row in rows]


async def _author(session: AsyncSession) -> int:
    user = await ensure_user(session, 5550001, "Importer", "en")
    return user.id


async def _import(session: AsyncSession, path: Path) -> ImportResult:
    result = await import_reports(session, path, author_user_id=await _author(session), now=NOW)
    if not result.errors:
        await session.commit()
    return result


async def _count(session: AsyncSession) -> int:
    return int((await session.execute(select(func.count()).select_from(Report))).scalar_one())


def test_columns_cover_both_forms_once() -> None:
    assert COLUMNS[:4] == ("report_id", "kind", "country", "field")
    assert COLUMNS[-1] == "notes"
    assert len(set(COLUMNS)) == len(COLUMNS)
    assert {"trainers_trained", "canada_sector", "institution", "event_date"} <= set(COLUMNS)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
async def test_template_imports_as_two_reports(
    session: AsyncSession, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"template{suffix}"
    write_template(path)

    result = await _import(session, path)

    assert result == ImportResult(created=2, unchanged=0, errors=[])
    kinds = (await session.execute(select(Report.kind).order_by(Report.kind))).scalars().all()
    assert kinds == ["advocacy_event", "training"]
    assert (
        read_rows(path)[0]["trainers_trained"]
        == template_rows()[1][COLUMNS.index("trainers_trained")]
    )


async def test_good_csv_stores_typed_answers(session: AsyncSession, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "good.csv", [TRAINING_ROW, CANADA_ROW, NETWORK_ROW])

    result = await _import(session, path)

    assert (result.created, result.errors) == (3, [])
    niger = (await session.execute(select(Report).where(Report.country == "NE"))).scalar_one()
    assert niger.participants_total == 30
    assert niger.event_date == dt.date(2026, 4, 14)
    assert niger.answers["national_programme"] is False
    assert niger.answers["duration"] == "6.5"
    assert niger.answers["partner"] is None  # empty optional cell: skipped, as in the chat
    assert "trainers_trained" not in niger.answers
    network = (await session.execute(select(Report).where(Report.country == "JO"))).scalar_one()
    assert (network.is_network, network.is_decision) == (True, False)


async def test_good_xlsx_with_typed_cells(session: AsyncSession, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.upper() for column in COLUMNS])  # header case does not matter
    cells = {
        **NETWORK_ROW,
        "event_kind": "decision",
        "network_name": "",
        "partner_organisations": "",
        "institution": "Parliament",
    }
    typed: dict[str, object] = {
        **cells,
        "contributed": True,
        "audience": 1200.0,
        "event_date": dt.datetime(2026, 9, 1),
    }
    sheet.append([typed.get(column) for column in COLUMNS])
    path = tmp_path / "good.xlsx"
    workbook.save(path)

    result = await _import(session, path)

    assert (result.created, result.errors) == (1, [])
    report = (await session.execute(select(Report))).scalar_one()
    assert (report.event_date, report.audience, report.contributed) == (
        dt.date(2026, 9, 1),
        1200,
        True,
    )
    assert report.is_decision


async def test_bad_rows_are_all_reported_and_nothing_is_written(
    session: AsyncSession, tmp_path: Path
) -> None:
    rows = [
        TRAINING_ROW,
        {
            **TRAINING_ROW,
            "participants_women": "-3",
            "start_date": "2027-01-05",
            "field": "education",
        },
        {**NETWORK_ROW, "country": "Atlantis", "notes": "call +33 6 12 34 56 78"},
        {**TRAINING_ROW, "trainers_trained": "2", "institution": "Senate"},
    ]
    path = _write_csv(tmp_path / "bad.csv", rows)

    result = await _import(session, path)

    assert (result.created, result.unchanged) == (0, 0)
    assert [(error.row, error.column) for error in result.errors] == [
        (3, "field"),
        (3, "start_date"),
        (3, "participants_women"),
        (4, "country"),
        (4, "notes"),
        (5, "trainers_trained"),
        (5, "institution"),
    ]
    messages = {error.column: error.message for error in result.errors}
    assert "future" in messages["start_date"]
    assert "justice" in messages["field"]  # the allowed values are listed
    assert "phone number" in messages["notes"]
    assert "does not apply" in messages["trainers_trained"]
    assert "does not apply" in messages["institution"]
    assert await _count(session) == 0


async def test_reimporting_the_same_file_creates_nothing(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    path = _write_csv(tmp_path / "reports.csv", [TRAINING_ROW, CANADA_ROW, NETWORK_ROW])
    async with session_factory() as session:
        first = await _import(session, path)
    async with session_factory() as session:
        second = await _import(session, path)
        total = await _count(session)

    assert (first.created, first.unchanged) == (3, 0)
    assert second == ImportResult(created=0, unchanged=3, errors=[])
    assert total == 3


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
async def test_export_then_reimport_adds_nothing(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path, suffix: str
) -> None:
    async with session_factory() as session:
        await _import(session, _write_csv(tmp_path / "in.csv", [TRAINING_ROW, NETWORK_ROW]))
        await _import(session, _write_csv(tmp_path / "in2.csv", [CANADA_ROW]))
    exported = tmp_path / f"out{suffix}"
    async with session_factory() as session:
        written = await export_reports(session, exported, date_from=None, date_to=None)
    async with session_factory() as session:
        result = await _import(session, exported)

    assert written == 3
    rows = read_rows(exported)
    assert [row["event_date"] or row["start_date"] for row in rows] == [
        "2026-02-02",
        "2026-04-14",
        "2026-06-30",
    ]
    assert all(UUID(row["report_id"]) for row in rows)
    assert result == ImportResult(created=0, unchanged=3, errors=[])


async def test_export_filters_by_event_date_in_batches(
    session: AsyncSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    days = [f"2026-03-{day:02d}" for day in range(1, 8)]
    rows = [{**TRAINING_ROW, "start_date": day} for day in days]
    rows += [{**TRAINING_ROW, "start_date": "2026-03-04", "place": "Zinder"}]
    await _import(session, _write_csv(tmp_path / "in.csv", rows))
    monkeypatch.setattr("bot.reports_io.EXPORT_BATCH", 2)  # several batches, ties on a date

    path = tmp_path / "march.csv"
    written = await export_reports(
        session, path, date_from=dt.date(2026, 3, 2), date_to=dt.date(2026, 3, 6)
    )

    exported = read_rows(path)
    assert written == len(exported) == 6
    assert [row["start_date"] for row in exported] == sorted(row["start_date"] for row in exported)
    assert len({row["report_id"] for row in exported}) == 6

    # A withdrawn report counts nowhere: the next export leaves it out.
    first = UUID(exported[0]["report_id"])
    await withdraw_report(
        session, first, by_user_id=1, reason="entered twice", now=dt.datetime.now(dt.UTC)
    )
    again = tmp_path / "march-again.csv"
    written = await export_reports(
        session, again, date_from=dt.date(2026, 3, 2), date_to=dt.date(2026, 3, 6)
    )
    assert written == 5
    assert str(first) not in {row["report_id"] for row in read_rows(again)}


async def test_semicolon_csv_with_bom(session: AsyncSession, tmp_path: Path) -> None:
    path = tmp_path / "excel-fr.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(COLUMNS)
        place = {
            **TRAINING_ROW,
            "place": "Saint-Louis; quartier Nord",
            "partner": "Réseau Éducation",
        }
        writer.writerow([place.get(column, "") for column in COLUMNS])

    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = await _import(session, path)

    assert (result.created, result.errors) == (1, [])
    report = (await session.execute(select(Report))).scalar_one()
    assert report.answers["place"] == "Saint-Louis; quartier Nord"
    assert report.answers["partner"] == "Réseau Éducation"


async def test_same_id_with_other_answers_is_refused(
    session: AsyncSession, tmp_path: Path
) -> None:
    report_id = "0b8a4c8e-3f7e-4d55-9a43-1c9e6f0f2a11"
    await _import(
        session, _write_csv(tmp_path / "a.csv", [{**NETWORK_ROW, "report_id": report_id}])
    )
    edited = {**NETWORK_ROW, "report_id": report_id, "partner_organisations": "15"}

    result = await _import(session, _write_csv(tmp_path / "b.csv", [edited]))

    assert [(e.row, e.column) for e in result.errors] == [(2, "report_id")]
    assert "does not edit" in result.errors[0].message


def test_rows_are_numbered_as_in_the_spreadsheet() -> None:
    blank = dict.fromkeys(COLUMNS, "")
    rows = [dict(TRAINING_ROW), blank, {**TRAINING_ROW, "kind": "meeting"}, {"colour": "red"}]

    parsed, errors = parse_rows(rows, now=NOW)
    valid, _ = parse_rows(rows[:2], now=NOW)

    assert [row.row for row in valid] == [2]
    assert parsed == []  # nothing is kept to store once a row is wrong
    assert errors == [
        RowError(1, "colour", "Unknown column (see the template for the column names)."),
        RowError(4, "kind", "The kind must be training or advocacy_event."),
        RowError(5, "kind", "The kind must be training or advocacy_event."),
    ]


def test_derived_ids_are_stable_and_duplicates_collapse() -> None:
    parsed, errors = parse_rows([dict(TRAINING_ROW), dict(TRAINING_ROW)], now=NOW)
    again, _ = parse_rows([{**TRAINING_ROW, "country": " NE "}], now=NOW)

    assert errors == []
    assert len(parsed) == 1
    assert again[0].report_id == parsed[0].report_id


async def test_xlsx_cells_have_their_questions_types_and_come_back_unchanged(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """A duration of 2.125 hours is a number Excel adds up (it was text); a place named
    "2026-01-02" stays the text it is (it became a date); both import back as they were."""
    row = {**TRAINING_ROW, "duration": "2.125", "place": "2026-01-02", "pre_score": "45"}
    async with session_factory() as session:
        await _import(session, _write_csv(tmp_path / "in.csv", [row]))
    exported = tmp_path / "out.xlsx"
    async with session_factory() as session:
        assert await export_reports(session, exported, date_from=None, date_to=None) == 1
    workbook = load_workbook(exported, read_only=True)
    try:
        lines = [list(line) for line in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    header, *values = lines
    cells = dict(zip(header, values[-1], strict=True))
    assert cells["duration"] == 2.125
    assert cells["pre_score"] == 45
    assert cells["post_score"] == 77.5
    assert cells["place"] == "2026-01-02"
    assert isinstance(cells["start_date"], dt.datetime)  # a date question's answer: a date
    async with session_factory() as session:
        assert await _import(session, exported) == ImportResult(created=0, unchanged=1, errors=[])
        stored = (await session.execute(select(Report.answers))).scalar_one()
    assert (stored["duration"], stored["place"]) == ("2.125", "2026-01-02")

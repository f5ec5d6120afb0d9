"""Importing missions from CSV and XLSX files."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import OutboxKind, Role
from bot.missions_io import COLUMNS, import_missions, write_template
from models.missions import acknowledge, change_kind, get_mission_by_code, notification_period
from models.outbox import enqueue
from models.queries import ensure_user, grant_role
from models.tables import Mission, MissionAssignment


@pytest.fixture
def db_url(any_db_url: str) -> str:
    return any_db_url


NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
VOLUNTEER = 7_000_000_201
STAFF = 7_000_000_202

ROW_A = {
    "code": "HT-01",
    "title": "Training in Jacmel",
    "country": "ht",
    "place": "Jacmel",
    "start_date": "2027-01-10",
    "end_date": "2027-01-20",
    "supervisor_handle": "marie_joseph",
    "status": "confirmed",
    "volunteers": str(VOLUNTEER),
}
ROW_B = {
    "code": "SN-01",
    "title": "Committees in Dakar",
    "country": "SN",
    "place": "Dakar",
    "start_date": "2027-02-01",
    "end_date": "2027-02-03",
}


def _write(path: Path, rows: Sequence[Mapping[str, str]]) -> Path:
    table = [list(COLUMNS)] + [[row.get(column, "") for column in COLUMNS] for row in rows]
    if path.suffix == ".xlsx":
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        for line in table:
            sheet.append(line)
        workbook.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream).writerows(table)
    return path


async def _people(session_factory: async_sessionmaker[AsyncSession]) -> None:
    async with session_factory() as session:
        await grant_role(session, VOLUNTEER, Role.VOLUNTEER, ["HT"], False, actor_user_id=None)
        await ensure_user(session, STAFF, "Staff", None)
        await session.commit()


async def _count(session: AsyncSession, table: type[Mission] | type[MissionAssignment]) -> int:
    return (await session.execute(select(func.count()).select_from(table))).scalar_one()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
async def test_a_good_file_creates_missions_and_assigns_volunteers_then_reimports_unchanged(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path, suffix: str
) -> None:
    await _people(session_factory)
    path = _write(tmp_path / f"missions{suffix}", [ROW_A, ROW_B])
    async with session_factory() as session:
        result = await import_missions(session, path, actor_user_id=None, now=NOW)
        assert result.errors == []
        assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
        assert [(a.mission.code, a.telegram_id) for a in result.assigned] == [("HT-01", VOLUNTEER)]
        await session.commit()
    async with session_factory() as session:
        mission = await get_mission_by_code(session, "HT-01")
        assert mission is not None
        assert (mission.country, mission.supervisor_handle) == ("HT", "@marie_joseph")
        again = await import_missions(session, path, actor_user_id=None, now=NOW)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
        assert again.assigned == []
        assert again.changes == []
        assert await _count(session, Mission) == 2
        assert await _count(session, MissionAssignment) == 1


async def test_three_bad_rows_are_all_reported_and_nothing_is_written(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await _people(session_factory)
    rows = [
        ROW_A,
        {**ROW_B, "end_date": "2027-01-01"},  # row 3: ends before it starts
        {**ROW_B, "code": "XX-01", "country": "XX", "start_date": "01/02/2027"},  # row 4
        {**ROW_B, "code": "SN-02", "status": "maybe", "volunteers": str(STAFF)},  # row 5
    ]
    path = _write(tmp_path / "bad.csv", rows)
    async with session_factory() as session:
        result = await import_missions(session, path, actor_user_id=None, now=NOW)
        assert sorted({error.row for error in result.errors}) == [3, 4, 5]
        assert [(e.row, e.column) for e in result.errors] == [
            (3, "end_date"),
            (4, "country"),
            (4, "start_date"),
            (5, "status"),
            (5, "volunteers"),
        ]
        assert await _count(session, Mission) == 0
        assert await _count(session, MissionAssignment) == 0


async def test_what_volunteers_would_read_is_screened_and_bounded(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """A volunteer of Haiti on a Senegal mission, a child named in the notes, a phone number as
    the supervisor, notes no card could hold: each refused at its cell, nothing written."""
    await _people(session_factory)
    rows = [
        {**ROW_B, "volunteers": str(VOLUNTEER)},  # row 2: not a volunteer for SN
        {**ROW_A, "notes": "Accompagner Marie Joseph, 12 ans, victime, au tribunal."},  # row 3
        {**ROW_A, "code": "HT-02", "supervisor_name": "Tel 0612345678"},  # row 4
        {**ROW_A, "code": "HT-03", "notes": "Bring boots. " * 200},  # row 5: 2,600 characters
        {**ROW_A, "code": "HT-04", "supervisor_name": "Marie-Claire Rakoto", "notes": "Boots."},
        {**ROW_A, "code": "Ketsia-12ans"},  # row 7: the code is on cards and in the log
    ]
    path = _write(tmp_path / "unsafe.csv", rows)
    async with session_factory() as session:
        result = await import_missions(session, path, actor_user_id=None, now=NOW)
        assert [(e.row, e.column) for e in result.errors] == [
            (2, "volunteers"),
            (3, "notes"),
            (4, "supervisor_name"),
            (5, "notes"),
            (7, "code"),
        ]
        assert "not a volunteer for SN" in result.errors[0].message
        assert "personal data" in result.errors[1].message
        assert await _count(session, Mission) == 0


async def test_a_reimport_with_one_changed_date_updates_one_mission_and_notifies_once(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await _people(session_factory)
    async with session_factory() as session:
        first = _write(tmp_path / "first.csv", [ROW_A, ROW_B])
        await import_missions(session, first, actor_user_id=None, now=NOW)
        await session.commit()
    changed = _write(tmp_path / "changed.xlsx", [{**ROW_A, "start_date": "2027-01-12"}, ROW_B])
    for attempt in range(2):
        async with session_factory() as session:
            result = await import_missions(session, changed, actor_user_id=None, now=NOW)
            assert result.errors == []
            if attempt == 0:
                assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
                [change] = result.changes
                assert change.changed_fields == ["start_date"]
                assert change.mission.version == 2
                assert change.notify_telegram_ids == [VOLUNTEER]
                kind = change_kind(change.mission, change.changed_fields)
                assert kind is OutboxKind.MISSION_CHANGED
                period = notification_period(kind, change.mission)
                assert period == "HT-01:v2"
                enqueued = []
                for _ in range(2):  # a restart enqueues the same key: one message
                    enqueued.append(
                        await enqueue(
                            session,
                            recipient_telegram_id=VOLUNTEER,
                            recipient_user_id=None,
                            kind=kind,
                            period=period,
                            payload={"text": "changed"},
                            now=NOW,
                        )
                    )
                assert enqueued == [True, False]
            else:
                assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
            await session.commit()


def test_the_template_is_written_as_csv_and_xlsx(tmp_path: Path) -> None:
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"template{suffix}"
        write_template(path)
        assert path.stat().st_size > 0


async def test_new_dates_ask_the_volunteer_to_acknowledge_again_a_new_title_does_not(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """The volunteer acknowledged 10–20 January; the mission moves to February: what they
    acknowledged is not the mission any more. A reworded title changes nothing they agreed to."""
    await _people(session_factory)
    async with session_factory() as session:
        await import_missions(
            session, _write(tmp_path / "a.csv", [ROW_A]), actor_user_id=None, now=NOW
        )
        mission = await get_mission_by_code(session, "HT-01")
        assert mission is not None
        volunteer = await session.scalar(
            select(MissionAssignment.volunteer_user_id).where(
                MissionAssignment.mission_id == mission.id
            )
        )
        assert volunteer is not None
        assert await acknowledge(session, mission.id, volunteer, now=NOW)
        await session.commit()

    async def acknowledged() -> dt.datetime | None:
        async with session_factory() as session:
            return await session.scalar(select(MissionAssignment.acknowledged_at))

    retitled = {**ROW_A, "title": "Training of police officers in Jacmel"}
    async with session_factory() as session:
        result = await import_missions(
            session, _write(tmp_path / "b.csv", [retitled]), actor_user_id=None, now=NOW
        )
        assert result.updated == 1
        await session.commit()
    assert await acknowledged() is not None
    moved = {**retitled, "start_date": "2027-02-10", "end_date": "2027-02-20"}
    async with session_factory() as session:
        result = await import_missions(
            session, _write(tmp_path / "c.csv", [moved]), actor_user_id=None, now=NOW
        )
        assert result.updated == 1
        await session.commit()
    assert await acknowledged() is None


async def test_a_code_typed_in_another_case_is_the_same_mission(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """ "ht-01" after "HT-01" updates HT-01 (it made a second mission, and volunteers named on
    both got every notice twice); both in one file are one code used twice."""
    await _people(session_factory)
    async with session_factory() as session:
        await import_missions(
            session, _write(tmp_path / "a.csv", [ROW_A]), actor_user_id=None, now=NOW
        )
        await session.commit()
    again = {**ROW_A, "code": "ht-01 ", "title": "Training in Jacmel (2 days)"}
    async with session_factory() as session:
        result = await import_missions(
            session, _write(tmp_path / "b.csv", [again]), actor_user_id=None, now=NOW
        )
        await session.commit()
        assert result.errors == []
        assert await _count(session, Mission) == 1
        titles = (await session.execute(select(Mission.code, Mission.title))).all()
        assert [tuple(row) for row in titles] == [("HT-01", "Training in Jacmel (2 days)")]
    both = _write(tmp_path / "c.csv", [ROW_A, {**ROW_A, "code": "ht-01"}])
    async with session_factory() as session:
        result = await import_missions(session, both, actor_user_id=None, now=NOW)
    assert [(e.row, e.column) for e in result.errors] == [(3, "code")]


async def test_codes_with_digit_groups_are_no_phone_numbers(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await _people(session_factory)
    codes = ["SN-2026-06-15-01", "CI-ABJ-2026-123456", "KE_NBO_2026_0012345", "KE-NBO-1234-5678"]
    rows = [{**ROW_A, "code": code} for code in codes]
    async with session_factory() as session:
        result = await import_missions(
            session, _write(tmp_path / "codes.csv", rows), actor_user_id=None, now=NOW
        )
    assert result.errors == []


async def test_a_sheet_with_headers_in_french_says_each_missing_column_once(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    path = tmp_path / "missions.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["code", "titre", "pays", "lieu", "date_debut", "date_fin"])
        writer.writerows(
            [f"HT-{n}", "Formation", "HT", "Jacmel", "2027-01-10", "2027-01-20"]
            for n in range(300)
        )
    async with session_factory() as session:
        result = await import_missions(session, path, actor_user_id=None, now=NOW)
    assert {error.row for error in result.errors} == {1}
    missing = [error for error in result.errors if "Missing column" in error.message]
    assert [error.column for error in missing] == [
        "title",
        "country",
        "place",
        "start_date",
        "end_date",
    ]
    assert all("300 rows need it" in error.message for error in missing)
    assert len(result.errors) == 10  # and five unknown columns


@pytest.mark.parametrize(
    "volunteers",
    [
        f"{VOLUNTEER}, {VOLUNTEER + 1}",
        f"{VOLUNTEER} {VOLUNTEER + 1}",
        f"{VOLUNTEER}\n{VOLUNTEER + 1}",  # Alt+Enter in the cell
        f"{VOLUNTEER:,}; {VOLUNTEER + 1}",  # the first id's thousands grouped
        # Two grouped ids after a comma and a space were read as eight ids ('7', '000'...).
        f"{VOLUNTEER:,}, {VOLUNTEER + 1:,}",
        f"{VOLUNTEER:,}, {VOLUNTEER + 1:,}".replace(",", "\u00a0").replace("\u00a0 ", ", "),
        f"{VOLUNTEER:,}, {VOLUNTEER + 1:,}".replace(",", " ").replace("  ", ", "),
    ],
)
async def test_volunteers_listed_as_people_type_a_list_are_all_assigned(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path, volunteers: str
) -> None:
    await _people(session_factory)
    async with session_factory() as session:
        await grant_role(session, VOLUNTEER + 1, Role.VOLUNTEER, ["HT"], False, actor_user_id=None)
        await session.commit()
    path = _write(tmp_path / "missions.xlsx", [{**ROW_A, "volunteers": volunteers}])
    async with session_factory() as session:
        result = await import_missions(session, path, actor_user_id=None, now=NOW)
    assert result.errors == []
    assert sorted(a.telegram_id for a in result.assigned) == [VOLUNTEER, VOLUNTEER + 1]


async def test_a_name_typed_among_the_volunteers_is_quoted_whole(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    await _people(session_factory)
    row = {**ROW_A, "volunteers": f"Hélène Raharimanana, {VOLUNTEER}"}
    path = _write(tmp_path / "missions.csv", [row])
    async with session_factory() as session:
        result = await import_missions(session, path, actor_user_id=None, now=NOW)
    assert [error.message for error in result.errors] == [
        "Not a Telegram id: 'Hélène Raharimanana'."
    ]

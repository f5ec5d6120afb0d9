"""Issue 15: exports with metadata (reference, versions, times, author, withdrawn), limited to
a scope, as CSV and as XLSX (a sheet per kind, labels in the reader's language, the indicator
sheet), still importable."""

from __future__ import annotations

import csv
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast
from uuid import UUID

import pytest
from aiogram import Bot
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import ExportFormat, Role
from bot.domain.periods import Period
from bot.domain.reports import report_reference
from bot.domain.scope import EVERYWHERE, NOWHERE, Scope
from bot.i18n import create_i18n
from bot.indicators.plan import load_plan
from bot.reports_io import (
    COLUMNS,
    EXPORT_COLUMNS,
    INDICATOR_COLUMNS,
    ImportResult,
    IndicatorSheet,
    export_indicators,
    export_reports,
    import_reports,
    kind_columns,
    template_rows,
)
from bot.settings import Settings
from bot.ui.callbacks import ExportFileCB
from bot.usecases import exports
from models.indicators import set_manual_value
from models.people import erase, pseudonym
from models.queries import ensure_user
from models.reports import withdraw_report
from models.tables import Report
from tests.factories import member

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
ISO_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
HAITI = Scope(("HT",), all_countries=False)


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """These exports run on SQLite and on PostgreSQL (when FIELDBOT_TEST_PG_URL is set)."""
    return any_db_url


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row.get(column, "") for column in COLUMNS])
    return path


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
async def stored(
    session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> dict[str, UUID]:
    """A training in Haiti and an advocacy event in Senegal by Amina (erased since), and a
    training in Niger by "=Jean" (a name a spreadsheet would run), withdrawn."""
    header, *examples = template_rows()
    training, advocacy = (dict(zip(header, row, strict=True)) for row in examples)
    async with session_factory() as session:
        amina = await ensure_user(session, 7001, "Amina", "en")
        jean = await ensure_user(session, 7002, "=Jean", "fr")
        await import_reports(
            session,
            _csv(tmp_path / "a.csv", [training, advocacy]),
            author_user_id=amina.id,
            now=NOW,
        )
        niger = {**training, "country": "NE", "place": "Zinder"}
        await import_reports(
            session,
            _csv(tmp_path / "b.csv", [niger]),
            author_user_id=jean.id,
            now=NOW,
        )
        ids = {row.country: row.id for row in (await session.execute(select(Report))).scalars()}
        await withdraw_report(session, ids["NE"], by_user_id=amina.id, reason="twice", now=NOW)
        await erase(session, 7001, actor_user_id=None)
        await set_manual_value(session, "3.3a", "2026", Decimal(1), actor_user_id=None, now=NOW)
        await session.commit()
        ids["amina"] = UUID(int=amina.id)
    return ids


async def test_a_csv_export_has_every_answer_then_the_metadata(
    session_factory: async_sessionmaker[AsyncSession], stored: dict[str, UUID], tmp_path: Path
) -> None:
    path = tmp_path / "out.csv"
    async with session_factory() as session:
        written = await export_reports(session, path, date_from=None, date_to=None)

    with path.open(encoding="utf-8-sig", newline="") as stream:
        header = next(csv.reader(stream))
    assert tuple(header) == COLUMNS + EXPORT_COLUMNS
    rows = _read_csv(path)
    assert written == len(rows) == 2  # the withdrawn report counts nowhere
    haiti, senegal = rows  # by event date
    assert (haiti["country"], senegal["country"]) == ("HT", "SN")
    assert haiti["reference"] == report_reference(stored["HT"])
    assert re.fullmatch(r"R-[0-9A-HJKMNP-TV-Z]{6}", haiti["reference"])
    assert (haiti["form_version"], haiti["version"]) == ("1", "1")
    assert ISO_UTC.fullmatch(haiti["submitted_at"])
    assert haiti["submitted_at"] == haiti["last_edited_at"] == "2026-11-30T12:00:00Z"
    assert haiti["author"] == pseudonym(stored["amina"].int)  # erased: never her name
    assert (haiti["withdrawn"], senegal["withdrawn"]) == ("no", "no")
    assert (haiti["participants_women"], senegal["audience"]) == ("12", "250")


async def test_withdrawn_reports_on_request_flagged_and_skipped_by_an_import(
    session_factory: async_sessionmaker[AsyncSession], stored: dict[str, UUID], tmp_path: Path
) -> None:
    path = tmp_path / "all.csv"
    async with session_factory() as session:
        written = await export_reports(
            session, path, date_from=None, date_to=None, include_withdrawn=True
        )
    rows = {row["country"]: row for row in _read_csv(path)}
    assert written == 3
    assert rows["NE"]["withdrawn"] == "yes"
    assert rows["NE"]["author"] == "'=Jean"  # a name is text, never a formula
    assert rows["HT"]["withdrawn"] == "no"

    async with session_factory() as session:
        again = await import_reports(session, path, author_user_id=1, now=NOW)
    # The metadata columns are ignored; the withdrawn row is not brought back to life, and
    # the import says it skipped it.
    assert again == ImportResult(created=0, unchanged=2, errors=[], withdrawn_skipped=1)


@pytest.mark.parametrize(
    ("scope", "kind", "countries"),
    [
        (EVERYWHERE, None, ["HT", "SN"]),
        (HAITI, None, ["HT"]),
        (Scope(("SN", "NE"), all_countries=False), None, ["SN"]),
        (NOWHERE, None, []),
        (EVERYWHERE, "advocacy_event", ["SN"]),
    ],
)
async def test_an_export_holds_only_its_scope_and_kind(
    session_factory: async_sessionmaker[AsyncSession],
    stored: dict[str, UUID],
    tmp_path: Path,
    scope: Scope,
    kind: str | None,
    countries: list[str],
) -> None:
    path = tmp_path / "scoped.csv"
    async with session_factory() as session:
        written = await export_reports(
            session, path, date_from=None, date_to=None, scope=scope, kind=kind
        )
    assert [row["country"] for row in _read_csv(path)] == countries
    assert written == len(countries)


async def test_an_xlsx_export_has_a_sheet_per_kind_with_labels_and_the_indicators(
    session_factory: async_sessionmaker[AsyncSession], stored: dict[str, UUID], tmp_path: Path
) -> None:
    i18n = create_i18n()
    plan = load_plan(Settings(_env_file=None).plan_file)
    path = tmp_path / "out.xlsx"
    async with session_factory() as session:
        written = await export_reports(
            session,
            path,
            date_from=None,
            date_to=None,
            scope=HAITI,
            translate=lambda msgid: str(i18n.gettext(msgid, locale="fr")),
            indicators=IndicatorSheet(plan=plan, as_of=dt.date(2026, 3, 31)),
        )
    assert written == 1

    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["training", "advocacy_event", "indicators"]
    training = [list(row) for row in book["training"].iter_rows(values_only=True)]
    assert tuple(training[0]) == kind_columns("training")
    labels = dict(zip(training[0], training[1], strict=True))
    assert labels["reference"] == "Référence"
    assert labels["country"] == "Pays"
    assert labels["participants_women"] == "Participants (femmes)"
    assert labels["withdrawn"] == "Retiré"
    assert len(training) == 3  # names, labels, Haiti's training
    row = dict(zip(training[0], training[2], strict=True))
    assert (row["country"], row["reference"]) == ("HT", report_reference(stored["HT"]))
    assert row["start_date"] == dt.datetime(2026, 3, 5)  # a date cell
    # Times are date-and-time cells in UTC, as the label says (sortable, subtractable).
    assert row["submitted_at"] == row["last_edited_at"] == dt.datetime(2026, 11, 30, 12, 0)
    assert "advocacy_event" not in str(row)
    assert "institution" not in training[0]  # an advocacy question: not on this sheet
    advocacy = list(book["advocacy_event"].iter_rows(values_only=True))
    assert len(advocacy) == 2  # Senegal is not in the scope: names and labels only

    indicators = [list(r) for r in book["indicators"].iter_rows(values_only=True)]
    assert tuple(indicators[0]) == INDICATOR_COLUMNS
    assert indicators[1][:3] == ["Indicateur", "Libellé", "Pays"]
    countries = {r[2] for r in indicators[2:]}
    # The scope's countries only; the row of them all says so: Haiti's manager's "ALL" read as
    # every country of the organisation.
    assert countries == {str(i18n.gettext("All your countries", locale="fr")), "HT"}
    as_of = {r[3]: r[4] for r in indicators[2:]}  # each month's "as of": a date cell
    assert (as_of["2026-03"], as_of["2025-02"]) == (
        dt.datetime(2026, 3, 31),
        dt.datetime(2025, 2, 28),
    )
    assert {r[3] for r in indicators[2:]} == {f"2025-{m:02d}" for m in range(1, 13)} | {
        "2026-01",
        "2026-02",
        "2026-03",
    }
    book.close()

    async with session_factory() as session:  # the workbook imports back: nothing new
        again = await import_reports(session, path, author_user_id=1, now=NOW)
    assert again == ImportResult(created=0, unchanged=1, errors=[])


async def test_the_indicator_sheet_of_a_country_counts_its_reports(
    session_factory: async_sessionmaker[AsyncSession], stored: dict[str, UUID], tmp_path: Path
) -> None:
    plan = load_plan(Settings(_env_file=None).plan_file)
    path = tmp_path / "indicators.csv"
    async with session_factory() as session:
        written = await export_indicators(
            session, path, IndicatorSheet(plan=plan, as_of=dt.date(2026, 3, 31))
        )
    rows = _read_csv(path)
    assert written == len(rows)
    trainings = {
        (row["country"], row["month"]): row["value"] for row in rows if row["indicator"] == "1.1a"
    }
    # Haiti's training of 5 March 2026 counts from March; Niger's was withdrawn.
    assert float(trainings[("HT", "2026-02")]) == 0
    assert float(trainings[("HT", "2026-03")]) == 1
    assert float(trainings[("ALL", "2026-03")]) == 1
    assert ("NE", "2026-03") not in trainings or float(trainings[("NE", "2026-03")]) == 0
    manual = [row for row in rows if row["indicator"] == "3.3a"]
    assert {row["country"] for row in manual} == {"ALL"}
    assert float(manual[-1]["value"]) == 1


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
async def test_an_export_that_fails_halfway_leaves_no_file(
    session_factory: async_sessionmaker[AsyncSession],
    stored: dict[str, UUID],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
) -> None:
    def broken(*_: object) -> dict[str, object]:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("bot.reports_io._metadata", broken)
    path = tmp_path / f"out{suffix}"
    async with session_factory() as session:
        with pytest.raises(RuntimeError, match="went away"):
            await export_reports(session, path, date_from=None, date_to=None)
    assert not path.exists()


class _SlowLink:
    """A bot whose sendDocument records how long it may take (the upload's timeout)."""

    def __init__(self) -> None:
        self.session = SimpleNamespace(timeout=30.0)
        self.timeouts: list[float | None] = []

    async def send_document(
        self, *args: Any, request_timeout: float | None = None, **_: Any
    ) -> None:
        self.timeouts.append(request_timeout)

    async def send_message(self, *args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"an apology: {args}")


async def test_a_large_export_may_take_longer_to_upload_than_a_message(
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 40 MB workbook was sent with the 30 seconds a message gets: on a server's slow link
    the upload timed out, was retried (five more uploads, each perhaps delivered) and the
    manager read "the export could not be prepared". Its timeout now grows with its size."""

    async def big(session_factory: Any, path: Path, **_: Any) -> int:
        with path.open("wb") as stream:
            stream.truncate(40 * 1024 * 1024)
        return 1

    monkeypatch.setattr(exports, "build_export", big)
    async with session_factory() as session:
        mona = await member(session, 3001, Role.MANAGER, ["HT"])
    link = _SlowLink()
    choice = ExportFileCB(
        p=Period.THIS_YEAR, f=ExportFormat.XLSX, d=dt.date(2026, 3, 31).toordinal()
    )
    await exports.deliver_export(
        cast(Bot, link),
        session_factory,
        mona,
        HAITI,
        choice,
        plan=load_plan(Settings(_env_file=None).plan_file),
        today=dt.date(2026, 3, 31),
        locale="en",
        i18n=create_i18n(),
    )
    [timeout] = link.timeouts
    assert timeout is not None  # the 30 s of every call
    assert timeout >= 40 * 1024 * 1024 / exports.SLOWEST_UPLOAD

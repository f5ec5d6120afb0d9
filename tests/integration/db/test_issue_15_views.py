"""Issue 15: the read-only views for BI tools, v_reports and v_indicator_values, on SQLite and
PostgreSQL (migration 0010), read as a BI tool reads them: plain SQL."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bot.domain.reports import report_reference
from bot.reports_io import COLUMNS, import_reports, template_rows
from models.db import create_engine, create_session_factory, downgrade_database, upgrade_database
from models.indicators import set_manual_value
from models.people import erase, pseudonym
from models.queries import ensure_user
from models.reports import withdraw_report

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
REPORT_COLUMNS = [
    "report_id",
    "reference",
    "kind",
    "form_id",
    "form_version",
    "version",
    "country",
    "field",
    "event_date",
    "submitted_at",
    "last_edited_at",
    "author_user_id",
    "author",
    "target_group",
    "training_type",
    "event_kind",
    "level",
    "canada_sector",
    "participants_women",
    "participants_men",
    "participants_other",
    "participants_total",
    "trainers_trained",
    "audience",
    "is_decision",
    "is_network",
    "is_key_event",
    "network_key",
    "contributed",
    "duration",
    "duration_unit",
    "pre_score",
    "post_score",
    "national_programme",
]


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row.get(column, "") for column in COLUMNS])
    return path


def _examples() -> list[dict[str, str]]:
    header, *rows = template_rows()
    return [dict(zip(header, row, strict=True)) for row in rows]


async def _fill(url: str, tmp_path: Path) -> dict[str, UUID]:
    """Three reports (a training in Haiti, an advocacy event in Senegal, a withdrawn training
    in Niger) by two officers, one of them erased since; one manual value."""
    training, advocacy = _examples()
    engine = create_engine(url)
    try:
        factory = create_session_factory(engine)
        async with factory() as session:
            amina = await ensure_user(session, 7001, "Amina", "en")
            jean = await ensure_user(session, 7002, "Jean", "fr")
            first = await import_reports(
                session,
                _csv(tmp_path / "a.csv", [training, advocacy]),
                author_user_id=amina.id,
                now=NOW,
            )
            niger = {**training, "country": "NE", "place": "Zinder"}
            second = await import_reports(
                session,
                _csv(tmp_path / "b.csv", [niger]),
                author_user_id=jean.id,
                now=NOW,
            )
            assert (first.created, second.created) == (2, 1)
            ids = {
                str(row.country): UUID(str(row.id))
                for row in (await session.execute(text("SELECT id, country FROM reports"))).all()
            }
            await withdraw_report(
                session, ids["NE"], by_user_id=amina.id, reason="entered twice", now=NOW
            )
            await erase(session, 7001, actor_user_id=None)  # Amina asked to be forgotten
            await set_manual_value(
                session, "3.3a", "2026", Decimal("2"), actor_user_id=jean.id, now=NOW
            )
            await session.commit()
            ids["amina"] = UUID(int=amina.id)
            ids["jean"] = UUID(int=jean.id)
        return ids
    finally:
        await engine.dispose()


async def _rows(url: str, sql: str) -> list[dict[str, object]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(text(sql))
            return [dict(row._mapping) for row in result]
    finally:
        await engine.dispose()


async def test_v_reports_has_one_row_per_report_that_counts(
    any_db_url: str, tmp_path: Path
) -> None:
    ids = await _fill(any_db_url, tmp_path)
    rows = await _rows(any_db_url, "SELECT * FROM v_reports ORDER BY country")

    assert list(rows[0]) == REPORT_COLUMNS
    assert [row["country"] for row in rows] == ["HT", "SN"]  # Niger's was withdrawn
    haiti, senegal = rows
    assert haiti["report_id"] == str(ids["HT"])
    assert haiti["reference"] == report_reference(ids["HT"])
    assert senegal["reference"] == report_reference(ids["SN"])
    assert (haiti["kind"], senegal["kind"]) == ("training", "advocacy_event")
    assert str(haiti["event_date"]) == "2026-03-05"
    amina = ids["amina"].int
    assert haiti["author_user_id"] == amina
    assert haiti["author"] == pseudonym(amina)  # erased: never her name
    assert (haiti["participants_women"], haiti["participants_men"]) == (12, 15)
    assert haiti["participants_total"] == 27
    assert haiti["trainers_trained"] == 6
    assert Decimal(str(haiti["duration"])) == 3
    assert haiti["duration_unit"] == "days"
    assert (Decimal(str(haiti["pre_score"])), Decimal(str(haiti["post_score"]))) == (
        Decimal("48.5"),
        Decimal(81),
    )
    assert bool(haiti["national_programme"]) is True
    assert senegal["audience"] == 250
    assert bool(senegal["is_decision"]) is True
    assert senegal["participants_total"] is None
    # No free text: what people typed may name someone.
    assert not {"place", "partner", "institution", "notes", "answers"} & set(haiti)


async def test_v_indicator_values_lists_the_manual_values(any_db_url: str, tmp_path: Path) -> None:
    ids = await _fill(any_db_url, tmp_path)
    rows = await _rows(any_db_url, "SELECT * FROM v_indicator_values")

    assert rows == [
        {
            "indicator_code": "3.3a",
            "country": "ALL",
            "period": "2026",
            "year": 2026,
            "value": rows[0]["value"],
            "entered_by_user_id": ids["jean"].int,
            "entered_by": "Jean",
            "entered_at": rows[0]["entered_at"],
        }
    ]
    assert Decimal(str(rows[0]["value"])) == 2
    assert str(rows[0]["entered_at"]).startswith("2026-11-30 12:00")


async def test_the_views_go_with_a_downgrade_and_come_back(any_empty_db_url: str) -> None:
    await upgrade_database(any_empty_db_url, "0010")
    assert await _rows(any_empty_db_url, "SELECT * FROM v_reports") == []
    await downgrade_database(any_empty_db_url, "0009")
    with pytest.raises(Exception, match=r"(?i)v_reports"):
        await _rows(any_empty_db_url, "SELECT * FROM v_reports")
    await upgrade_database(any_empty_db_url, "head")
    assert await _rows(any_empty_db_url, "SELECT * FROM v_indicator_values") == []


async def test_a_bi_tool_reads_the_sqlite_file_read_only(
    sqlite_db_url: str, tmp_path: Path
) -> None:
    ids = await _fill(sqlite_db_url, tmp_path)
    database = make_url(sqlite_db_url).database
    assert database is not None
    # As the README tells a BI tool (or a person with Python) to open it.
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        found = connection.execute("SELECT reference FROM v_reports ORDER BY country").fetchall()
        assert found == [(report_reference(ids["HT"]),), (report_reference(ids["SN"]),)]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            connection.execute("DELETE FROM reports")
    finally:
        connection.close()


async def test_a_read_only_postgresql_role_reads_the_views_and_nothing_else(
    pg_url: str, tmp_path: Path
) -> None:
    await _fill(pg_url, tmp_path)
    role = f"fieldbot_bi_{uuid4().hex[:8]}"
    engine = create_engine(pg_url)
    try:
        async with engine.connect() as connection:
            # As the README tells an operator to set up a BI tool's role.
            for statement in (
                f"CREATE ROLE {role} NOLOGIN",
                f"GRANT USAGE ON SCHEMA public TO {role}",
                f"GRANT SELECT ON v_reports, v_indicator_values TO {role}",
                f"ALTER ROLE {role} SET default_transaction_read_only = on",
            ):
                await connection.execute(text(statement))
            await connection.commit()
            await connection.execute(text(f"SET ROLE {role}"))
            found = (await connection.execute(text("SELECT reference FROM v_reports"))).all()
            assert len(found) == 2
            values = (await connection.execute(text("SELECT * FROM v_indicator_values"))).all()
            assert len(values) == 1
            with pytest.raises(DBAPIError, match="permission denied"):
                await connection.execute(text("SELECT telegram_id FROM users"))
            await connection.rollback()
    finally:
        async with engine.begin() as connection:
            await connection.execute(text(f"DROP OWNED BY {role}"))
            await connection.execute(text(f"DROP ROLE {role}"))
        await engine.dispose()

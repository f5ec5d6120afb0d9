"""Issue 15 from the command line: the indicator sheet (`fieldbot indicators --export`, and the
sheet "indicators" of `fieldbot reports export --format xlsx`) says what `fieldbot indicators
--json` says for the same date: the row ALL for the whole organisation, a country's rows for
`--country`."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.cli import main
from bot.domain.clock import using, utc_today
from bot.reports_io import INDICATOR_COLUMNS
from bot.services import catalog_translate
from tests.integration.cli.environment import cli_on

AS_OF = "2026-06-30"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    cli_on(monkeypatch, tmp_path, db_url)
    assert main(["admin", "add", "1001", "--name", "Amina"]) == 0
    assert main(["seed-demo-data", "--reports", "150"]) == 0
    assert main(["indicator", "set", "3.3a", "1", "--period", "2026"]) == 0


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict[str, Any]]:
    capsys.readouterr()
    assert main(["indicators", "--json", *args]) == 0
    return {row["id"]: row for row in json.loads(capsys.readouterr().out)["indicators"]}


def _figure(cell: Any) -> float | None:
    return None if cell in ("", None) else float(cell)


def _same(
    sheet: list[dict[str, Any]], country: str, month: str, expected: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """The sheet's rows of (country, month), checked against `indicators --json` figures."""
    rows = {
        row["indicator"]: row
        for row in sheet
        if (row["country"], row["month"]) == (country, month)
    }
    for ident, figures in expected.items():
        row = rows[ident]
        got = {name: _figure(row[name]) for name in ("value", "target", "expected")}
        want = {name: figures[name] for name in ("value", "target", "expected")}
        assert got == pytest.approx(want), (ident, country, month)
        assert row["status"] == figures["status"], (ident, country, month)
    return rows


def test_the_indicator_sheet_says_what_indicators_json_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    everywhere = _json(capsys, "--as-of", AS_OF)
    haiti = _json(capsys, "--as-of", AS_OF, "--country", "HT")
    march = _json(capsys, "--as-of", "2026-03-31")

    assert main(["indicators", "--export", "sheet.csv", "--as-of", AS_OF]) == 0
    assert f"indicator rows as of {AS_OF} written to sheet.csv" in capsys.readouterr().out
    with (tmp_path / "sheet.csv").open(encoding="utf-8-sig", newline="") as stream:
        sheet = list(csv.DictReader(stream))
    assert tuple(sheet[0]) == INDICATOR_COLUMNS

    rows = _same(sheet, "ALL", "2026-06", everywhere)
    assert set(rows) == set(everywhere)  # every indicator of the plan
    assert rows["1.1a"]["value"] not in ("", "0.0")  # seeded: something to compare
    _same(sheet, "ALL", "2026-03", march)  # a past month: as of its last day
    report_ids = {ident for ident, row in haiti.items() if row["metric"] in ("count", "share")}
    _same(sheet, "HT", "2026-06", {ident: haiti[ident] for ident in report_ids})
    assert {row["as_of"] for row in sheet if row["month"] == "2026-06"} == {AS_OF}


def test_the_xlsx_export_carries_the_same_indicator_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    everywhere = _json(capsys, "--as-of", AS_OF)
    args = ["reports", "export", "--format", "xlsx", "--output", "out.xlsx"]
    assert main([*args, "--as-of", AS_OF, "--locale", "es"]) == 0
    assert "reports written to out.xlsx" in capsys.readouterr().out

    book = load_workbook(tmp_path / "out.xlsx", read_only=True)
    assert book.sheetnames == ["training", "advocacy_event", "indicators"]
    table = [list(row) for row in book["indicators"].iter_rows(values_only=True)]
    assert tuple(table[0]) == INDICATOR_COLUMNS
    assert table[1][:2] == ["Indicador", "Nombre"]  # labels in Spanish
    sheet = [dict(zip(table[0], row, strict=True)) for row in table[2:]]
    # The organisation's row, in words (a CSV's "ALL").
    _same(sheet, catalog_translate("es")("All countries"), "2026-06", everywhere)
    trainings = [list(row) for row in book["training"].iter_rows(values_only=True)]
    assert "Referencia" in trainings[1]
    book.close()


def test_the_csv_export_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reports", "export", "--kind", "advocacy_event", "--output", "a.csv"]) == 0
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows
    assert {row["kind"] for row in rows} == {"advocacy_event"}
    assert all(row["reference"].startswith("R-") for row in rows)
    assert main(["indicators", "--export", "x.csv", "--country", "HT"]) == 2


def test_a_sheet_as_of_long_after_the_plan_stops_at_its_last_month_then_that_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--as-of 2099-12-31` (a typo for 2029, or 'as late as possible') wrote a row per
    indicator and country for each of 900 months, the same figures 840 times after the plan,
    in half a minute for a handful of reports (year 9999: hours); now the months stop at the
    plan's last, then one row as of the day asked, which `--json` for that day says."""
    far = "2099-12-31"
    # On 1 January 2100: a day to come is refused (test_an_as_of_to_come_is_refused).
    with using(lambda: dt.datetime(2100, 1, 1, 12, tzinfo=dt.UTC)):
        after = _json(capsys, "--as-of", far)
        assert main(["indicators", "--export", "far.csv", "--as-of", far]) == 0
    with Path("far.csv").open(encoding="utf-8-sig", newline="") as stream:
        sheet = list(csv.DictReader(stream))
    months = sorted({row["month"] for row in sheet})
    assert (len(months), months[0], months[-2], months[-1]) == (
        61,
        "2025-01",
        "2029-12",
        "2099-12",
    )
    assert {row["as_of"] for row in sheet if row["month"] == "2029-12"} == {"2029-12-31"}
    _same(sheet, "ALL", "2099-12", after)


def test_the_sheet_of_a_period_running_past_today_is_as_of_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`reports export --from <1 Jan> --to <31 Dec>` (this year, as /export offers it) made
    the sheet as of 31 December: its last row judged today's figures against the pace of a
    day to come (at risk or off track where /indicators said on track), and /export's sheet
    of the same year, as of today, differed; now it is as of today, as /export's."""
    today = utc_today()
    now = _json(capsys, "--as-of", today.isoformat())
    args = ["reports", "export", "--output", "year.xlsx", "--from", f"{today.year}-01-01"]
    assert main([*args, "--to", f"{today.year}-12-31"]) == 0
    book = load_workbook(tmp_path / "year.xlsx", read_only=True)
    table = [list(row) for row in book["indicators"].iter_rows(values_only=True)]
    book.close()
    sheet = [dict(zip(table[0], row, strict=True)) for row in table[2:]]
    assert max(row["as_of"] for row in sheet).date() == today
    _same(sheet, "All countries", f"{today:%Y-%m}", now)  # the default locale: English


def test_an_as_of_to_come_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`fieldbot indicators --as-of 2027-06-30` on 2 December 2026 (and `--export`) judged
    today's figures against the pace of June 2027: 'at risk' where /indicators said on track.
    A day to come is now refused in one line, by every command taking --as-of, and nothing is
    written."""
    with using(lambda: dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)):
        for args in (
            ["indicators"],
            ["indicators", "--json"],
            ["indicators", "--export", "sheet.csv"],
            ["reports", "export", "--format", "xlsx", "--output", "r.xlsx"],
        ):
            capsys.readouterr()
            assert main([*args, "--as-of", "2027-06-30"]) == 2
            assert capsys.readouterr().err == (
                "fieldbot: --as-of 2027-06-30 has not come yet (today is 2026-12-02): the "
                "indicators can only be judged on a day that has come; give a date up to today\n"
            )
        assert not (tmp_path / "sheet.csv").exists()
        assert not (tmp_path / "r.xlsx").exists()
        # Today has come; at noon UTC, tomorrow has too in Kiribati (UTC+14).
        assert main(["indicators", "--as-of", "2026-12-02"]) == 0
        assert main(["indicators", "--as-of", "2026-12-03"]) == 0

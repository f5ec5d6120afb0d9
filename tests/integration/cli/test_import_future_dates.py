"""`fieldbot reports import` says "in the future" by the report's country's calendar, not UTC's:
an office at UTC+3 imports its own day's reports at 01:00, and Haiti (UTC-5) cannot import
tomorrow's at 22:00 because it is already tomorrow in UTC."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from bot.cli import main
from bot.domain.clock import using
from bot.reports_io import COLUMNS
from tests.integration.cli.environment import cli_on

ROW = {
    "kind": "training",
    "place": "Mombasa",
    "field": "justice",
    "target_group": "police",
    "training_type": "session",
    "national_programme": "no",
    "duration_unit": "days",
    "duration": "1",
    "participants_women": "3",
    "participants_men": "4",
    "participants_other": "0",
}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    cli_on(monkeypatch, tmp_path, db_url)
    assert main(["admin", "add", "1001", "--name", "Amina"]) == 0


def _import_at(moment: dt.datetime, country: str, day: str, tmp_path: Path) -> int:
    path = tmp_path / f"{country}-{day}.csv"
    row = {**ROW, "country": country, "start_date": day}
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([COLUMNS, [row.get(column, "") for column in COLUMNS]])
    with using(lambda: moment):
        return main(["reports", "import", str(path)])


def test_nairobi_imports_its_own_day_at_one_in_the_morning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one_am_in_nairobi = dt.datetime(2026, 11, 27, 22, 0, tzinfo=dt.UTC)  # still the 27th in UTC

    assert _import_at(one_am_in_nairobi, "KE", "2026-11-28", tmp_path) == 0
    assert "created: 1" in capsys.readouterr().out
    # The next day is still to come in Kenya.
    assert _import_at(one_am_in_nairobi, "KE", "2026-11-29", tmp_path) != 0
    assert "The date cannot be in the future." in capsys.readouterr().err


def test_haiti_cannot_import_tomorrow_because_utc_is_already_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ten_pm_in_haiti = dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC)  # the 28th in UTC

    assert _import_at(ten_pm_in_haiti, "HT", "2026-11-28", tmp_path) != 0
    assert "The date cannot be in the future." in capsys.readouterr().err
    midnight_in_haiti = dt.datetime(2026, 11, 28, 5, 0, tzinfo=dt.UTC)
    assert _import_at(midnight_in_haiti, "HT", "2026-11-28", tmp_path) == 0

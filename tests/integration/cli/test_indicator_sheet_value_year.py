"""The indicator sheet says which year a yearly value is for. It has one row per month, and a
value entered by hand once a year (3.1, due 15 December) is 2025's in December 2025 and 2026's
(not in yet) in January 2026: without the year, the two rows read as one figure gone missing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from bot.domain.languages import SUPPORTED_LOCALES
from bot.reports_io import INDICATOR_COLUMNS
from tests.integration.cli.environment import cli_on

AS_OF = "2026-01-31"
# The label of the column in the second header row of an XLSX export (needs the catalogs).
YEAR_LABELS = {
    "en": "Year of the value",
    "fr": "Année de la valeur",
    "es": "Año del valor",
    "pt": "Ano do valor",
    "ar": "سنة القيمة",
    "sw": "Mwaka wa thamani",
    "mg": "Taonan'ny sanda",
}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    cli_on(monkeypatch, tmp_path, db_url)
    assert main(["admin", "add", "1001", "--name", "Amina"]) == 0
    assert main(["indicator", "set", "3.1", "7", "--period", "2025"]) == 0


def test_the_csv_sheet_says_the_year_of_each_yearly_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["indicators", "--export", "sheet.csv", "--as-of", AS_OF]) == 0
    with (tmp_path / "sheet.csv").open(encoding="utf-8-sig", newline="") as stream:
        sheet = list(csv.DictReader(stream))
    assert "value_year" in INDICATOR_COLUMNS
    by_month = {row["month"]: row for row in sheet if row["indicator"] == "3.1"}

    assert (by_month["2025-12"]["value"], by_month["2025-12"]["value_year"]) == ("7.0", "2025")
    assert (by_month["2026-01"]["value"], by_month["2026-01"]["value_year"]) == ("", "2026")
    # Counted from reports: no year of its own, the month says it all.
    assert {row["value_year"] for row in sheet if row["indicator"] == "1.1a"} == {""}

    capsys.readouterr()
    assert main(["indicators", "--json", "--as-of", AS_OF]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)["indicators"]}
    assert (rows["3.1"]["value_year"], rows["1.1a"]["value_year"]) == ("2026", None)
    assert main(["indicators", "--as-of", "2025-12-31"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("3.1 "))
    assert line.endswith("(2025 value)")


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_xlsx_sheet_labels_the_year_in_the_export_language(
    locale: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["reports", "export", "--format", "xlsx", "--output", "out.xlsx", "--as-of", AS_OF]
    assert main([*args, "--locale", locale]) == 0

    book = load_workbook(tmp_path / "out.xlsx", read_only=True)
    table = [list(row) for row in book["indicators"].iter_rows(values_only=True)]
    book.close()
    names, labels = table[0], table[1]
    assert labels[names.index("value_year")] == YEAR_LABELS[locale]
    rows = [dict(zip(names, row, strict=True)) for row in table[2:]]
    december = next(r for r in rows if (r["indicator"], r["month"]) == ("3.1", "2025-12"))
    assert (december["value"], december["value_year"]) == (7, 2025)  # number cells

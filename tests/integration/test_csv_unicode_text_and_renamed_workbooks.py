"""A CSV file in UTF-16 with its byte-order mark is read; a workbook named .csv is named so.

Excel's "Unicode Text" (and LibreOffice's CSV in "Unicode") writes UTF-16 with a byte-order
mark, which says the encoding without a guess; the import refused it as "not UTF-8", so the
operator had to find another way to save it. A workbook renamed .csv was refused as "not
UTF-8" too, which sent the operator to re-encode a file that only needed its .xlsx name.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bot.reports_io import COLUMNS, ReportsFileError, check_file, write_template
from tests.integration.training_reports import NOW, TRAINING_ROW


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
@pytest.mark.parametrize("separator", ["\t", ","])
def test_a_utf16_file_with_its_byte_order_mark_is_read(
    tmp_path: Path, encoding: str, separator: str
) -> None:
    path = tmp_path / "rapports.csv"
    row = {**TRAINING_ROW, "place": "Léogâne", "partner": "Ministère de la Justice"}
    lines = [separator.join(COLUMNS), separator.join(row.get(c, "") for c in COLUMNS)]
    text = "\r\n".join(lines) + "\r\n"
    # "utf-16" writes a little-endian BOM; a big-endian file gets its BOM written here.
    path.write_bytes(
        text.encode("utf-16")
        if encoding == "utf-16"
        else "\ufeff".encode(encoding) + text.encode(encoding)
    )
    rows, errors = check_file(path, now=NOW)
    assert errors == []
    assert [(r.answers["place"], r.answers["partner"]) for r in rows] == [
        ("Léogâne", "Ministère de la Justice")
    ]


def test_a_workbook_named_csv_is_refused_as_a_workbook(tmp_path: Path) -> None:
    workbook = tmp_path / "rapports.xlsx"
    write_template(workbook)
    path = workbook.rename(tmp_path / "rapports.csv")
    with pytest.raises(ReportsFileError) as refused:
        check_file(path, now=NOW)
    assert str(refused.value) == (
        "rapports.csv is an Excel workbook, not a CSV file: give it an .xlsx name (or save it "
        "from your spreadsheet as “CSV UTF-8”)"
    )


def _opendocument(path: Path) -> None:
    """A LibreOffice spreadsheet's zip archive: its mimetype first, uncompressed."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)


def test_a_libreoffice_spreadsheet_named_csv_is_not_sent_to_an_xlsx_name(
    tmp_path: Path,
) -> None:
    # LibreOffice's own format (.ods) is a zip archive as a workbook is, but an .xlsx name
    # does not make it one: that name only moved the refusal ("could not be read as an XLSX
    # workbook").
    path = tmp_path / "rapports.csv"
    _opendocument(path)
    with pytest.raises(ReportsFileError) as refused:
        check_file(path, now=NOW)
    assert str(refused.value) == (
        "rapports.csv is a spreadsheet in another format (LibreOffice's .ods, Numbers), not a "
        "CSV file: save it from your spreadsheet as “CSV UTF-8” (or as an Excel workbook, "
        ".xlsx)"
    )
    renamed = path.rename(tmp_path / "rapports.xlsx")
    with pytest.raises(ReportsFileError, match="could not be read as an XLSX workbook"):
        check_file(renamed, now=NOW)

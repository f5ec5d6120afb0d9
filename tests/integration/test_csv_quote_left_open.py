"""A quote left open in a CSV file is refused, not read on into the next rows.

Python's csv reader (not strict) reads a cell that opens with a quote until the next quote,
across line breaks, or to the end of the file. A note typed as "Compte rendu du 5 (no closing
quote) took the following rows into itself without a word: a report went missing and another
one was stored with a note holding a whole CSV line (or, as here, the row was refused for
something else entirely, such as a kind it did not have). A quote that does not close where its
cell ends now refuses the file, naming the lines; a space typed after a closing quote on one
line is still forgiven, and a note with line breaks inside its quotes is still read whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.reports_io import ReportsFileError, check_file, open_sheet
from tests.integration.training_reports import NOW

HEADER = "kind,country,place,notes\n"
ROW = "training,HT,Jacmel,{notes}\n"


def _refusal(path: Path) -> str:
    with pytest.raises(ReportsFileError) as refused:
        check_file(path, now=NOW)
    return str(refused.value)


def test_a_quote_that_never_closes_refuses_the_file(tmp_path: Path) -> None:
    path = tmp_path / "terrain.csv"
    path.write_text(HEADER + ROW.format(notes='"Compte rendu du 5'), encoding="utf-8")
    assert _refusal(path) == (
        'terrain.csv: a quote (") opens a cell on line 2 and is never closed: close the quote, '
        'or write a quote that is part of a text as two ("")'
    )


def test_a_quote_left_open_does_not_take_the_next_rows_in(tmp_path: Path) -> None:
    path = tmp_path / "terrain.csv"
    rows = [
        ROW.format(notes='"Compte rendu du 5'),
        ROW.format(notes="Visite"),
        ROW.format(notes='"Atelier, suivi"'),
    ]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    assert _refusal(path) == (
        'terrain.csv: a quote (") opens a cell on line 2 and does not close where that cell '
        "ends, so lines 2 to 4 were read as one row: close the quote, or write a quote that "
        'is part of a text as two ("")'
    )


def test_quoted_line_breaks_and_a_space_after_a_quote_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "terrain.csv"
    rows = [ROW.format(notes='"Compte rendu :\nvisite, atelier"'), 'training,HT,"Cayes" ,\n']
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    with open_sheet(path) as sheet:
        read = [(row.cells["place"], row.cells["notes"]) for row in sheet.rows]
    assert read == [("Jacmel", "Compte rendu :\nvisite, atelier"), ("Cayes", "")]


def test_a_space_after_a_quote_is_forgiven_in_a_row_with_a_line_break_too(
    tmp_path: Path,
) -> None:
    # Typed in a text editor: a space (or a tab) after the place's closing quote, and a note
    # over two lines with one after its own closing quote too, at the line's end. The csv
    # reader reads it right; the check for a quote left open took the row's two lines for a
    # quote that runs on, though a row of one line with the same space was forgiven.
    path = tmp_path / "terrain.csv"
    rows = [
        'training,HT,"Jacmel" ,"Compte rendu :\nvisite, atelier" \n',
        'training,HT,"Cayes"\t,"Suivi\r\ndes comités"\t\r\n',
    ]
    path.write_text(HEADER + "".join(rows), encoding="utf-8", newline="")
    with open_sheet(path) as sheet:
        read = [(row.cells["place"], row.cells["notes"]) for row in sheet.rows]
    assert read == [
        ("Jacmel", "Compte rendu :\nvisite, atelier"),
        ("Cayes", "Suivi\r\ndes comités"),
    ]


def test_a_quote_left_open_is_still_refused_when_spaces_follow_quotes(tmp_path: Path) -> None:
    path = tmp_path / "terrain.csv"
    rows = [
        'training,HT,"Jacmel" ,"Compte rendu du 5\n',
        ROW.format(notes="Visite"),
        ROW.format(notes='"Atelier, suivi" '),
    ]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    assert _refusal(path) == (
        'terrain.csv: a quote (") opens a cell on line 2 and does not close where that cell '
        "ends, so lines 2 to 4 were read as one row: close the quote, or write a quote that "
        'is part of a text as two ("")'
    )

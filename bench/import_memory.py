"""Peak memory and time of checking a reports file refused for its last row: read as a stream
(bot.reports_io.check_file, what `fieldbot reports import` runs before writing) against the
same file read whole first, as imports did before issue 13.

    .venv/bin/python -m bench.import_memory [--rows 10000 50000 200000] [--formats csv xlsx]

Each file holds valid reports (the demo generator's, through the forms, each with its own
report_id) and one bad row at the end, so every row is read and checked before the file is
refused. "Read whole" is the former way: the file's text (CSV) or every cell (XLSX) in memory,
then one dict of cells per row, then each row checked and kept until the end. The limits are
raised above the largest file for both, so that they read the same rows. Two more runs check
the largest file of the first format under the default limits: as they are (a file over the
size limit is refused before it is read) and with only the size limit raised (reading stops
at the first row over the row limit).

Every measurement runs in a fresh process. Memory is the growth of the peak resident set size
(ru_maxrss) during the check, over the process's size once everything is imported; time is
wall-clock. Ends with one JSON line of the figures.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

from openpyxl import load_workbook

from bot.reports_io import ReportsFileError, _cell_text, _parse_row, check_file, write_report_rows
from bot.seed import build_demo_reports
from bot.settings import ImportLimits

TODAY = dt.date(2026, 11, 30)
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
NAMESPACE = UUID("5d1b0a54-3f35-4c4e-8d0e-6b2f1c9a7e10")
DISTINCT = 2000  # reports generated (slow: through the forms); rows beyond repeat their answers


def write_file(path: Path, rows: int) -> int:
    """`rows` valid reports, then one bad row (an unknown kind); returns the rows written."""
    reports = build_demo_reports(
        count=min(rows, DISTINCT),
        plan_start=dt.date(2025, 1, 1),
        as_of=TODAY,
        author_user_id=0,
    )

    def all_rows() -> Any:
        for index in range(rows):
            report = reports[index % len(reports)]
            yield uuid5(NAMESPACE, str(index)), report.kind, report.answers
        yield uuid5(NAMESPACE, "bad"), "meeting", {}

    return write_report_rows(path, all_rows())


def _peak_rss_mib() -> float:
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _read_whole(path: Path) -> list[dict[str, str]]:
    """The former bot.reports_io.read_rows: the whole file, then a dict of cells per row."""
    if path.suffix == ".xlsx":
        workbook = load_workbook(path, read_only=True, data_only=True)
        table = list(workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
    else:
        text = path.read_text(encoding="utf-8-sig")
        table = list(csv.reader(io.StringIO(text, newline="")))
    names = [_cell_text(name).lower() for name in table[0]]
    return [
        dict(zip(names, (_cell_text(value) for value in row), strict=False)) for row in table[1:]
    ]


def check_whole(path: Path) -> int:
    """The former check: every parsed row kept in a list while the next ones are checked."""
    parsed = []
    problems = 0
    for number, row in enumerate(_read_whole(path), start=2):
        result, errors = _parse_row(number, row, lambda _country: TODAY, ())
        problems += len(errors)
        if result is not None:
            parsed.append(result)
    return problems


LIMITS = {
    "none": ImportLimits(max_bytes=2**40, max_rows=2**40),
    "default": ImportLimits(),
    "rows": ImportLimits(max_bytes=2**40),  # the default row limit alone
}


def check_streamed(path: Path, limits: ImportLimits) -> int:
    _, errors = check_file(path, now=NOW, limits=limits)
    return len(errors)


def measure(mode: str, path: Path, limits: str) -> dict[str, Any]:
    """One check in this process (a fresh one: see main)."""
    before = _peak_rss_mib()
    started = time.perf_counter()
    try:
        problems = check_whole(path) if mode == "whole" else check_streamed(path, LIMITS[limits])
        outcome = f"{problems} problem(s)"
    except ReportsFileError as error:
        outcome = str(error)
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "peak_rss_growth_mib": round(_peak_rss_mib() - before, 1),
        "outcome": outcome,
    }


def _in_a_fresh_process(mode: str, path: Path, limits: str = "none") -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.import_memory", "--child", mode, str(path), limits]
    done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    parser.add_argument("--formats", nargs="+", choices=["csv", "xlsx"], default=["csv", "xlsx"])
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)  # MODE FILE LIMITS
    args = parser.parse_args(argv)
    if args.child:
        mode, path, limits = args.child
        print(json.dumps(measure(mode, Path(path), limits)))
        return 0

    figures: dict[str, Any] = {"runs": []}
    print(f"{'file':<20} {'MB':>5} | {'streamed':^17} | {'read whole':^17} | memory")
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in args.formats:
            for rows in args.rows:
                path = Path(tmp) / f"reports-{rows}.{suffix}"
                write_file(path, rows)
                size_mb = path.stat().st_size / 1e6
                streamed = _in_a_fresh_process("stream", path)
                whole = _in_a_fresh_process("whole", path)
                less = whole["peak_rss_growth_mib"] / max(streamed["peak_rss_growth_mib"], 1.0)
                print(
                    f"{path.name:<20} {size_mb:>5.1f} | "
                    f"{streamed['seconds']:>5.1f} s {streamed['peak_rss_growth_mib']:>5.1f} MiB | "
                    f"{whole['seconds']:>5.1f} s {whole['peak_rss_growth_mib']:>5.1f} MiB | "
                    f"{less:.0f}x less",
                    flush=True,
                )
                figures["runs"].append(
                    {
                        "format": suffix,
                        "rows": rows + 1,
                        "file_mb": round(size_mb, 2),
                        "streamed": streamed,
                        "read_whole": whole,
                    }
                )
        largest = Path(tmp) / f"reports-{max(args.rows)}.{args.formats[0]}"
        for limits in ("default", "rows"):
            limited = _in_a_fresh_process("stream", largest, limits)
            print(
                f"{largest.name}, limits {limits}: {limited['seconds']} s, "
                f"{limited['peak_rss_growth_mib']} MiB: {limited['outcome']}"
            )
            figures[f"limits_{limits}"] = {"file": largest.name, **limited}
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

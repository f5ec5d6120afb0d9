"""Time `evaluate_plan` (the whole shipped plan) over 10k, 100k and 1M synthetic reports.

    .venv/bin/python bench/indicators.py [--sizes 10000 100000 1000000] [--keep DIR]

Each size gets its own SQLite file, migrated to head with Alembic (so it has the production
indexes), then filled in one `INSERT ... SELECT` from a recursive CTE inside SQLite (no Python
loop per row). Reports spread over 40 countries, both kinds, three fields and the five plan
years; a report date lies in the plan period. `evaluate_plan` runs once to warm up (and the
page cache), then three times: the median is reported. Peak memory is the tracemalloc peak of
one more run (Python allocations during the evaluation, which is what would grow if reports were
loaded into Python).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from contextlib import closing
from datetime import date
from pathlib import Path

from bot.domain.scope import EVERYWHERE
from bot.indicators.plan import load_plan
from models.db import create_engine, create_session_factory, upgrade_database
from models.indicators import evaluate_plan

AS_OF = date(2027, 6, 30)
COUNTRIES = "CAHTSNMLBFNECDCMCIBJGNMATNJOLBUACOPEHNGTBOSSETMZTZBDPHVNKHMNYEMGCRNIKEUGRWBIFR"
N_COUNTRIES = len(COUNTRIES) // 2

# Pseudo-random but reproducible columns from the row number n (no random(): the same data on
# every run): one multiplicative hash per column, n * K % 4294967291 (a prime; K differs by
# column, so columns are independent), then modulo the number of values wanted.
FILL = """
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :rows),
h AS (
    SELECT n,
        n * 2654435761 % 4294967291 AS h1,
        n * 2246822519 % 4294967291 AS h2,
        n * 3266489917 % 4294967291 AS h3,
        n * 668265263 % 4294967291 AS h4,
        n * 374761393 % 4294967291 AS h5,
        n * 3404892161 % 4294967291 AS h6
    FROM seq
)
INSERT INTO reports (
    id, kind, form_id, form_version, author_user_id, country, field, event_date,
    canada_sector, is_decision, is_network, is_key_event, network_key, contributed, answers,
    version, submitted_at, updated_at
)
SELECT
    printf('%032x', n),
    CASE WHEN h1 % 100 < 55 THEN 'training' ELSE 'advocacy_event' END,
    'bench', 1, NULL,
    substr(:countries, 1 + 2 * (h2 % :n_countries), 2),
    CASE h3 % 3 WHEN 0 THEN 'justice' WHEN 1 THEN 'violence_exploitation'
        ELSE 'emergencies' END,
    date('2025-01-01', '+' || (h4 % 1826) || ' days'),
    CASE h5 % 5 WHEN 0 THEN 'health' WHEN 1 THEN 'justice' WHEN 2 THEN 'education'
        ELSE NULL END,
    h6 % 50 = 0,
    h6 % 200 = 1,
    h6 % 200 = 2,
    -- a network event's network: one of 8 per country, met again and again
    CASE WHEN h6 % 200 = 1
        THEN substr(:countries, 1 + 2 * (h2 % :n_countries), 2) || ':' || printf('%016x', h3 % 8)
        ELSE NULL END,
    CASE h1 % 3 WHEN 0 THEN NULL WHEN 1 THEN 1 ELSE 0 END,
    '{}', 1,
    '2025-01-01 00:00:00.000000', '2025-01-01 00:00:00.000000'
FROM h
"""


def _fill(path: Path, rows: int) -> float:
    started = time.perf_counter()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=OFF")
        # Filling a table and then building its indexes is several times faster than
        # updating six indexes row by row; the indexes are the production ones all the same.
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reports' "
            "AND sql IS NOT NULL"
        ).fetchall()
        with connection:
            for name, _sql in indexes:
                connection.execute(f'DROP INDEX "{name}"')
            connection.execute(
                FILL, {"rows": rows, "countries": COUNTRIES, "n_countries": N_COUNTRIES}
            )
            for _name, sql in indexes:
                connection.execute(sql)
            # 30 field staff over the first 30 countries (missing-country lists).
            connection.executemany(
                "INSERT INTO users (id, telegram_id, display_name, timezone, active, "
                "created_at, updated_at) VALUES (?, ?, 'staff', 'UTC', 1, "
                "'2025-01-01 00:00:00', '2025-01-01 00:00:00')",
                [(i + 1, 9_000_000 + i) for i in range(30)],
            )
            connection.executemany(
                "INSERT INTO role_grants (user_id, role, countries, all_countries, granted_at) "
                "VALUES (?, 'field_staff', ?, 0, '2025-01-01 00:00:00')",
                [(i + 1, f'["{COUNTRIES[2 * i : 2 * i + 2]}"]') for i in range(30)],
            )
        connection.execute("ANALYZE")
    return time.perf_counter() - started


async def _measure(url: str) -> tuple[float, float]:
    plan = load_plan()
    engine = create_engine(url)
    factory = create_session_factory(engine)
    try:

        async def once() -> float:
            async with factory() as session:
                started = time.perf_counter()
                await evaluate_plan(session, plan, as_of=AS_OF, scope=EVERYWHERE)
                return time.perf_counter() - started

        await once()  # warm-up
        seconds = statistics.median([await once() for _ in range(3)])
        tracemalloc.start()
        try:
            await once()
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return seconds, peak / 1e6
    finally:
        await engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="keep the database files in this directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        lines = [
            f"{'reports':>10} | {'fill s':>7} | {'seconds':>8} | {'ms per 10k':>10} | "
            f"{'peak MB':>7}"
        ]
        figures: dict[str, object] = {"bench": "indicators"}
        for rows in args.sizes:
            path = directory / f"bench-{rows}.db"
            path.unlink(missing_ok=True)
            url = f"sqlite+aiosqlite:///{path}"
            asyncio.run(upgrade_database(url))
            fill = _fill(path, rows)
            seconds, peak = asyncio.run(_measure(url))
            lines.append(
                f"{rows:>10,} | {fill:>7.1f} | {seconds:>8.3f} | "
                f"{seconds * 1000 * 10_000 / rows:>10.2f} | {peak:>7.2f}"
            )
            print(lines[-1] if len(lines) > 2 else "\n".join(lines), flush=True)
            figures[f"seconds_{rows}"] = round(seconds, 3)
            figures[f"peak_mb_{rows}"] = round(peak, 2)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

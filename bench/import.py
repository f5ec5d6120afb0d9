"""A 10,000-report import while 50 users chat with the bot, against the same users without it.

    .venv/bin/python -m bench.import --reports 10000 --users 50

The bot runs in this process in webhook mode on a SQLite file, behind the Bot API sandbox
(bench.throughput.fieldbot). `fieldbot reports import` runs as a separate process on the same
database file, as an operator would run it next to a running bot. Meanwhile every simulated user
loops over /help, /language and a tap on a language (which writes: the language change), with a
pause of 2-3 s between steps, until the import has finished (Telegram allows one message a
second to a chat and 30 a second in all; the sandbox enforces both, so a faster crowd would
measure 429 waits, not the database). Then the same users chat again for as long, without an
import: the baseline of the same run.

A user update fails when sending it raises (the sandbox gave up waiting), when the bot sends no
reply, when a reply is the apology ("Sorry, something went wrong"), or when /help after a
language change is not in the new language. Errors logged by the bot are counted too.
Latency of a step: from posting the update to the sandbox until the bot has handled it.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.throughput import FIRST_USER, fieldbot
from bot.domain.languages import language_name
from bot.domain.timezones import earliest_today
from bot.i18n import create_i18n
from bot.reports_io import write_report_rows
from bot.sandbox import SandboxControl, SandboxServer, SimUser
from bot.seed import build_demo_reports
from models.db import upgrade_database

FIELDBOT_ID = 700000001
LANGUAGES = ("fr", "en")  # each round switches to the next one
APOLOGY = (
    "Sorry, something went wrong on my side. What you saved before is safe; "
    "please try the last step again."
)
HELP_HEADING = "What you can do:"
STEP_TIMEOUT_S = 60.0
SOURCE_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Phase:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


class ErrorCounter(logging.Handler):
    """Every ERROR (or worse) record logged in this process while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _texts(msgid: str) -> dict[str, str]:
    i18n = create_i18n("en")
    return {locale: i18n.gettext(msgid, locale=locale) for locale in (*LANGUAGES, "en")}


def write_reports_csv(path: Path, count: int, *, rng_seed: int = 11) -> int:
    """`count` valid reports in the import's layout (the demo generator, through the forms)."""
    reports = build_demo_reports(
        count=count,
        plan_start=dt.date(2025, 1, 1),
        as_of=earliest_today(),  # never in the future by a report's country's calendar
        author_user_id=0,  # not stored: the import records its own author
        rng_seed=rng_seed,
    )
    return write_report_rows(path, ((r.id, r.kind, r.answers) for r in reports))


class Chatter:
    """One simulated user's loop: /help, /language, tap a language; checks every reply."""

    def __init__(self, user: SimUser, rng: random.Random, think_s: float) -> None:
        self.user = user
        self.rng = rng
        self.think_s = think_s
        self.apologies = set(_texts(APOLOGY).values())
        self.help_headings = _texts(HELP_HEADING)
        self.locale = "en"
        self.round = 0

    async def _step(
        self, phase: Phase, what: str, act: Callable[[], Awaitable[object]]
    ) -> list[str]:
        started = time.perf_counter()
        try:
            await act()
        except Exception as error:  # any failure of the step is the figure
            phase.failures.append(f"user {self.user.id} {what}: {type(error).__name__} {error}")
            return []
        phase.latencies_ms.append((time.perf_counter() - started) * 1000)
        texts = [message.text for message in await self.user.replies()]
        if not texts:
            phase.failures.append(f"user {self.user.id} {what}: no reply")
        elif any(apology in text for apology in self.apologies for text in texts):
            phase.failures.append(f"user {self.user.id} {what}: the bot apologised")
        return texts

    async def one_round(self, phase: Phase) -> None:
        user, wait = self.user, STEP_TIMEOUT_S
        texts = await self._step(phase, "/help", lambda: user.send("/help", wait_seconds=wait))
        heading = self.help_headings[self.locale]
        if texts and not any(heading in text for text in texts):
            phase.failures.append(f"user {user.id} /help: not in {self.locale}")
        await self._think()
        await self._step(phase, "/language", lambda: user.send("/language", wait_seconds=wait))
        await self._think()
        target = LANGUAGES[self.round % len(LANGUAGES)]
        name = language_name(target)
        texts = await self._step(phase, f"tap {name}", lambda: user.tap(name, wait_seconds=wait))
        if texts:
            self.locale = target
        self.round += 1
        await self._think()

    async def _think(self) -> None:
        # At least think_s: Telegram allows about one message a second to one chat, and the
        # sandbox enforces it (a faster user would measure 429 waits, not the database).
        await asyncio.sleep(self.think_s * self.rng.uniform(1.0, 1.5))

    async def until(self, phase: Phase, done: asyncio.Event) -> None:
        """Rounds until `done` is set (at least one)."""
        while True:
            await self.one_round(phase)
            if done.is_set():
                return


@dataclass
class ImportRun:
    seconds: float
    write_seconds: float | None
    returncode: int
    output: str


async def run_import(csv_path: Path, db_url: str, author: int, cwd: Path) -> ImportRun:
    """`fieldbot reports import` in its own process, as an operator runs it."""
    env = {
        **os.environ,
        "FIELDBOT_DB__URL": db_url,
        "FIELDBOT_LOG_LEVEL": "WARNING",
        # The same checkout as this process, whatever the virtualenv has installed.
        "PYTHONPATH": str(SOURCE_ROOT),
    }
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "reports",
        "import",
        str(csv_path),
        "--author",
        str(author),
        cwd=cwd,  # no .env of the checkout is read
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    seconds = time.perf_counter() - started
    text = out.decode(errors="replace")
    found = re.search(r"write phase: ([0-9.]+) s", text)
    return ImportRun(
        seconds=seconds,
        write_seconds=float(found.group(1)) if found else None,
        returncode=process.returncode if process.returncode is not None else -1,
        output=text,
    )


@dataclass
class Figures:
    rows: int
    imported: ImportRun
    warm_up: Phase
    during: Phase
    baseline: Phase
    errors_during: int
    errors_total: int
    error_lines: list[str]


async def _chat_phase(chatters: list[Chatter], phase: Phase, done: asyncio.Event) -> None:
    started = time.perf_counter()
    await asyncio.gather(*(chatter.until(phase, done) for chatter in chatters))
    phase.seconds = time.perf_counter() - started


async def run(reports: int, users: int, think_s: float) -> Figures:
    errors = ErrorCounter()
    logging.getLogger().addHandler(errors)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        db_path = workdir / "bench.db"
        db_url = f"sqlite+aiosqlite:///{db_path}"
        csv_path = workdir / "reports.csv"
        await upgrade_database(db_url)
        written = await asyncio.to_thread(write_reports_csv, csv_path, reports)
        rng = random.Random(5)  # pauses, not secrets
        async with (
            SandboxServer(settle_seconds=0.0) as sandbox,
            fieldbot(sandbox, "webhook", db_path, users),
            SandboxControl(sandbox.base_url, FIELDBOT_ID) as control,
        ):
            chatters = [
                Chatter(control.user(FIRST_USER + i, f"U{FIRST_USER + i}"), rng, think_s)
                for i in range(users)
            ]
            warm_up = Phase("warm-up")
            finished = asyncio.Event()
            finished.set()
            await _chat_phase(chatters, warm_up, finished)  # one round each

            during = Phase("during import")
            done = asyncio.Event()
            chat = asyncio.create_task(_chat_phase(chatters, during, done))
            imported = await run_import(csv_path, db_url, FIRST_USER, workdir)
            done.set()
            await chat
            errors_during = len(errors.records)

            baseline = Phase("baseline (no import)")
            stop = asyncio.Event()
            chat = asyncio.create_task(_chat_phase(chatters, baseline, stop))
            await asyncio.sleep(imported.seconds)
            stop.set()
            await chat
        logging.getLogger().removeHandler(errors)
        if imported.returncode != 0:
            sys.stderr.write(imported.output)
    return Figures(
        rows=written,
        imported=imported,
        warm_up=warm_up,
        during=during,
        baseline=baseline,
        errors_during=errors_during,
        errors_total=len(errors.records),
        error_lines=[f"{r.name}: {r.getMessage()}" for r in errors.records],
    )


def report(figures: Figures, users: int) -> tuple[str, dict[str, object]]:
    imported, rows = figures.imported, figures.rows
    warm_up, during, baseline = figures.warm_up, figures.during, figures.baseline
    failed = len(during.failures) + figures.errors_during
    lines = [
        f"import: {rows} reports by `fieldbot reports import` (separate process) on SQLite, "
        f"while {users} users chat (/help, /language, tap a language) in webhook mode",
        f"import: {imported.seconds:.1f} s wall, write phase "
        + (f"{imported.write_seconds:.2f} s" if imported.write_seconds is not None else "?")
        + f", exit status {imported.returncode}",
        f"{'phase':<22} {'seconds':>8} {'updates':>8} {'failed':>7} {'p50 ms':>8} {'p99 ms':>8}",
    ]
    for phase in (warm_up, during, baseline):
        lines.append(
            f"{phase.name:<22} {phase.seconds:>8.1f} {len(phase.latencies_ms):>8} "
            f"{len(phase.failures):>7} {statistics.median(phase.latencies_ms or [0]):>8.1f} "
            f"{phase.percentile(0.99):>8.1f}"
        )
    lines.append(f"errors logged by the bot: {figures.errors_total}")
    for failure in (*during.failures, *baseline.failures)[:20]:
        lines.append(f"  failed: {failure}")
    for line in figures.error_lines[:10]:
        lines.append(f"  logged: {line}")
    result: dict[str, object] = {
        "bench": "import",
        "reports": rows,
        "users": users,
        "import_seconds": round(imported.seconds, 2),
        "write_seconds": imported.write_seconds,
        "import_exit_status": imported.returncode,
        "failed_user_updates": failed,
        "user_updates": len(during.latencies_ms) + len(during.failures),
        "users_p50_ms": round(statistics.median(during.latencies_ms or [0]), 1),
        "users_p99_ms": round(during.percentile(0.99), 1),
        "baseline_failed_user_updates": len(baseline.failures),
        "baseline_p50_ms": round(statistics.median(baseline.latencies_ms or [0]), 1),
        "baseline_p99_ms": round(baseline.percentile(0.99), 1),
        "bot_errors_logged": figures.errors_total,
    }
    return "\n".join(lines), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--think-ms",
        type=float,
        default=2000.0,
        help="least pause between a user's steps (Telegram: 1 message/s a chat, 30/s in all)",
    )
    args = parser.parse_args(argv)
    figures = asyncio.run(run(args.reports, args.users, args.think_ms / 1000))
    text, result = report(figures, args.users)
    sys.stdout.write(text + "\n" + json.dumps(result) + "\n")
    return 0 if result["failed_user_updates"] == 0 and result["import_exit_status"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())

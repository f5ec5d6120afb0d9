"""Median cost of one form step, in webhook mode through the sandbox, against an echo bot.

    .venv/bin/python bench/form_step.py --steps 300

One field officer is in the middle of a training report, at "How many women took part?".
A typed step: they type a number; the bot parses and checks it, stores the draft, asks the
next question. A tap step: they tap « Back; the bot stores the draft and asks again. The echo
bot (bare aiogram, one handler) answers a text with the same text. Steps run one after the
other, so the figure is the cost of a step, not a queue. The sandbox answers the control call
once the webhook POST has returned, i.e. once the bot has handled the update (aiogram handles
webhook updates before answering here), so a step's time is measured end to end over HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.throughput import ECHO_TOKEN, echo_bot, fieldbot
from bot.sandbox import SandboxControl, SandboxServer, SimUser
from models.db import upgrade_database

FIELDBOT_ID = 700000001
ECHO_ID = int(ECHO_TOKEN.split(":")[0])
USER = 10_000  # seeded as field staff for Haiti by bench.throughput.fieldbot


async def timed(step: Callable[[], Awaitable[object]], count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        await step()
        times.append((time.perf_counter() - start) * 1000)
    return times


async def to_women_question(officer: SimUser) -> None:
    await officer.send("/report")
    await officer.tap("Training")
    await officer.tap("Skip")
    await officer.tap("Justice")
    await officer.tap("Police officers")
    await officer.tap("Training session")
    await officer.tap("No")
    await officer.tap("Today")
    await officer.tap("Days")
    await officer.send("2")
    assert "women" in (await officer.last()).text


async def run(steps: int) -> dict[str, list[float]]:
    """Both bots up at once on one sandbox, their steps interleaved (an echo, a typed answer,
    a tap, and again): a slower or faster moment of the machine falls on both alike."""
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        await upgrade_database(f"sqlite+aiosqlite:///{db_path}")
        async with (
            SandboxServer(settle_seconds=0.0) as sandbox,
            echo_bot(sandbox, "webhook"),
            fieldbot(sandbox, "webhook", db_path, 1),
            SandboxControl(sandbox.base_url, ECHO_ID) as echo_control,
            SandboxControl(sandbox.base_url, FIELDBOT_ID) as fieldbot_control,
        ):
            user = echo_control.user(USER, "Echo")
            await timed(lambda: user.send("warm-up"), 20)
            officer = fieldbot_control.user(USER, f"U{USER}")
            await to_women_question(officer)
            echoed: list[float] = []
            typed: list[float] = []
            tapped: list[float] = []
            for _ in range(steps):
                echoed += await timed(lambda: user.send("12"), 1)
                typed += await timed(lambda: officer.send("12"), 1)
                tapped += await timed(lambda: officer.tap("« Back"), 1)
            results["echo: text"] = echoed
            results["fieldbot: typed answer"] = typed
            results["fieldbot: tap (Back)"] = tapped
    return results


def report(results: dict[str, list[float]], steps: int) -> str:
    echo = statistics.median(results["echo: text"])
    lines = [
        f"form step cost: {steps} steps each, one after the other, webhook mode, via the sandbox",
        f"{'step':<24} {'median ms':>10} {'p90 ms':>8} {'× echo':>7}",
    ]
    for name, times in results.items():
        median = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1]
        lines.append(f"{name:<24} {median:>10.2f} {p90:>8.2f} {median / echo:>7.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args(argv)
    results = asyncio.run(run(args.steps))
    sys.stdout.write(report(results, args.steps) + "\n")
    echo = statistics.median(results["echo: text"])
    typed = statistics.median(results["fieldbot: typed answer"])
    tapped = statistics.median(results["fieldbot: tap (Back)"])
    figures = {
        "bench": "form_step",
        "steps": args.steps,
        "echo_median_ms": round(echo, 2),
        "typed_median_ms": round(typed, 2),
        "tap_median_ms": round(tapped, 2),
        "typed_ratio": round(typed / echo, 2),
        "tap_ratio": round(tapped / echo, 2),
    }
    sys.stdout.write(json.dumps(figures) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

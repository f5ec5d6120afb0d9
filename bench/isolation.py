"""How much one user on a slow connection costs everybody else.

    .venv/bin/python bench/isolation.py --users 30 --rounds 10

The bot runs in webhook mode on the embedded SQLite database, through the Bot API sandbox. N
field officers each send /help and then type an answer in a report (a form step) ROUNDS times,
all at once. The same workload runs twice in the same run: once as it is (the baseline), once
while one more officer's Bot API calls are all held 5 s by the sandbox (a 2G phone, a 429
storm) and that officer keeps writing. Before issue 10 the slow officer's open transaction
held SQLite's write lock for those 5 s and everybody queued behind it; now only their own
conversation waits. The figure: how much the other users' p99 latency rises.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.form_step import to_women_question
from bench.throughput import FIRST_USER, fieldbot
from bot.sandbox import SandboxControl, SandboxServer
from models.db import upgrade_database

FIELDBOT_ID = 700000001
DELAY_SECONDS = 5.0


async def workload(control: SandboxControl, users: list[int], rounds: int) -> list[float]:
    """Each user, at "How many women?": /help, a typed answer, « Back, `rounds` times."""
    latencies: list[float] = []

    async def one(user_id: int) -> None:
        user = control.user(user_id, f"U{user_id}", language_code="en")
        for _ in range(rounds):
            for action in ("/help", "2", "« Back"):
                started = time.perf_counter()
                if action.startswith("«"):
                    await user.tap(action)
                else:
                    await user.send(action, wait=True, wait_seconds=60)
                latencies.append((time.perf_counter() - started) * 1000)

    await asyncio.gather(*(one(u) for u in users))
    return latencies


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(users: int, rounds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        await upgrade_database(f"sqlite+aiosqlite:///{db_path}")
        # users + 1: the last one is the officer on a slow connection.
        async with (
            SandboxServer(settle_seconds=0.0) as sandbox,
            fieldbot(sandbox, "webhook", db_path, users + 1),
            SandboxControl(sandbox.base_url, FIELDBOT_ID) as control,
        ):
            others = [FIRST_USER + i for i in range(users)]
            slow_id = FIRST_USER + users
            await asyncio.gather(
                *(to_women_question(control.user(u, f"U{u}")) for u in [*others, slow_id])
            )
            # Typed "2" moves to the next question; « Back returns: a steady form step.
            baseline = await workload(control, others, rounds)

            await control.add_delay("*", DELAY_SECONDS, chat_id=slow_id)
            slow = control.user(slow_id, f"U{slow_id}", language_code="en")
            stop = asyncio.Event()
            slow_steps = 0

            async def slow_officer() -> None:
                nonlocal slow_steps
                while not stop.is_set():
                    await slow.send("/help", wait=False)
                    slow_steps += 1
                    await asyncio.sleep(1.0)

            writer = asyncio.create_task(slow_officer())
            await asyncio.sleep(0.5)  # the slow officer's first update is in its 5 s wait
            stalled = await workload(control, others, rounds)
            stop.set()
            await writer
            await control.clear_delays()
    return {
        "baseline_p50_ms": statistics.median(baseline),
        "baseline_p99_ms": _p(baseline, 0.99),
        "stalled_p50_ms": statistics.median(stalled),
        "stalled_p99_ms": _p(stalled, 0.99),
        "steps_per_phase": len(stalled),
        "slow_user_updates": slow_steps,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    figures = asyncio.run(run(args.users, args.rounds))
    rise = figures["stalled_p99_ms"] - figures["baseline_p99_ms"]
    sys.stdout.write(
        f"isolation: {args.users} users x {args.rounds} rounds x 3 steps, webhook, SQLite;\n"
        f"  baseline            p50 {figures['baseline_p50_ms']:7.1f} ms   "
        f"p99 {figures['baseline_p99_ms']:7.1f} ms\n"
        f"  one user held {DELAY_SECONDS:.0f} s  p50 {figures['stalled_p50_ms']:7.1f} ms   "
        f"p99 {figures['stalled_p99_ms']:7.1f} ms   (p99 rise {rise:+.1f} ms)\n"
    )
    line = {
        "bench": "isolation",
        "users": args.users,
        "delay_s": DELAY_SECONDS,
        **{k: round(v, 1) for k, v in figures.items()},
        "p99_rise_ms": round(rise, 1),
    }
    sys.stdout.write(json.dumps(line) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

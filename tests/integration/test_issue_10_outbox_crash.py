"""Issue 10, item 8: a crashed outbox sender repeats at most the sends it had in flight.

A sender holds at most `concurrency` claimed rows, records each outcome in its own short
transaction right after Telegram's answer, and renews its short leases while a row waits (for
its chat's slot, for a 429 pause), so another sender never takes a live sender's row, and a dead
sender's rows come back within one lease.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import update

from bot.domain.enums import OutboxKind, OutboxStatus
from bot.sandbox import SandboxControl, SandboxServer
from bot.sandbox.methods import MethodSpec
from bot.sandbox.state import BotState
from bot.settings import SANDBOX_TOKEN
from models import outbox
from models.tables import OutboxMessage
from tests.integration.test_outbox import (
    BOT_ID,
    FIRST_CHAT,
    counts,
    database,
    delivered_per_chat,
    enqueue_many,
    eventually,
    now,
    open_chats,
    rows,
    sender_for,
    sends,
)

ROOT = Path(__file__).resolve().parents[2]


class SlowAnswers(SandboxServer):
    """Telegram accepts a message at once, but its answer takes `answer_delay` to come back.

    That is the window a crash exposes: the message is delivered, the sender does not know yet.
    `peak_inflight` is the most send calls in progress at once, answer delay included.
    """

    def __init__(self, answer_delay: float, **options: Any) -> None:
        super().__init__(**options)
        self.answer_delay = answer_delay
        self.inflight = 0
        self.peak_inflight = 0

    async def call(
        self,
        bot: BotState,
        spec: MethodSpec,
        raw: dict[str, Any],
        *,
        request: web.Request | None = None,
    ) -> tuple[int, dict[str, Any]]:
        if spec.name != "sendMessage":
            return await super().call(bot, spec, raw, request=request)
        self.inflight += 1
        self.peak_inflight = max(self.peak_inflight, self.inflight)
        try:
            answer = await super().call(bot, spec, raw, request=request)
            await asyncio.sleep(self.answer_delay)
            return answer
        finally:
            self.inflight -= 1


@pytest.fixture
async def slow_sandbox() -> AsyncIterator[SlowAnswers]:
    server = SlowAnswers(0.05)
    async with server:
        yield server


@pytest.fixture
async def slow_control(slow_sandbox: SlowAnswers) -> AsyncIterator[SandboxControl]:
    async with SandboxControl(slow_sandbox.base_url, BOT_ID) as control:
        yield control


def holder_claimed_rows(factory: Any) -> Any:
    """A check for `eventually`: the first sender has claimed every row (the rival comes later)."""

    async def check() -> bool:
        current = await counts(factory)
        return current["pending"] == 0

    return check


def accepted(sandbox: SandboxServer) -> int:
    """Messages the sandbox has accepted so far (read in process: cheap enough to poll)."""
    calls = sandbox.bot_for_control(BOT_ID).calls
    return sum(1 for c in calls if c.method == "sendMessage" and c.status == 200)


# --- the in-flight bound and the leases, in process ---------------------------------------------


async def test_a_sender_never_holds_more_claimed_rows_than_it_can_send_at_once(
    any_db_url: str, slow_sandbox: SlowAnswers, slow_control: SandboxControl
) -> None:
    chats = list(range(FIRST_CHAT, FIRST_CHAT + 60))
    await open_chats(slow_control, chats)
    seen_sending: list[int] = []
    async with database(any_db_url) as factory:
        await enqueue_many(factory, chats)
        # A batch of 100 used to be claimed (and exposed to a crash) at once.
        async with sender_for(
            slow_sandbox, factory, global_per_second=1000, concurrency=4, batch=100
        ) as sender:
            task = asyncio.create_task(sender.drain())
            while not task.done():
                seen_sending.append((await counts(factory))["sending"])
                await asyncio.sleep(0.01)
            stats = await task
        final = await counts(factory)

    assert stats.sent == 60
    assert final["sent"] == 60
    assert stats.peak_claimed == 4
    assert max(seen_sending) <= 4
    assert slow_sandbox.peak_inflight <= 4
    assert await delivered_per_chat(slow_control) == Counter(dict.fromkeys(chats, 1))


async def test_leases_are_renewed_while_rows_wait_for_their_chat_so_no_one_takes_them_over(
    any_db_url: str, slow_sandbox: SlowAnswers, slow_control: SandboxControl
) -> None:
    chat = FIRST_CHAT
    await open_chats(slow_control, [chat])
    async with database(any_db_url) as factory:
        # Three messages to one chat: 1/s per chat makes them wait 2 s, twice the lease.
        for week in ("2026-W48", "2026-W49", "2026-W50"):
            await enqueue_many(factory, [chat], period=week)
        async with (
            sender_for(slow_sandbox, factory, lease_seconds=1.0, concurrency=3) as holder,
            sender_for(slow_sandbox, factory, lease_seconds=1.0) as rival,
        ):
            task = asyncio.create_task(holder.drain())
            await eventually(holder_claimed_rows(factory))
            rival_sent = 0
            leases: set[object] = set()
            while not task.done():
                rival_sent += (await rival.drain()).sent
                leases.update(r.next_attempt_at for r in await rows(factory) if r.sent_at is None)
                await asyncio.sleep(0.05)
            stats = await task
        final = await counts(factory)

    assert stats.sent == 3
    assert (stats.lost, rival_sent) == (0, 0)
    assert final["sent"] == 3
    # The lease of the rows still waiting moved forward (renewed more than once).
    assert len(leases) >= 3
    assert [c.status for c in await sends(slow_control)] == [200, 200, 200]


async def test_leases_are_renewed_through_a_429_pause_longer_than_the_lease(
    db_url: str, slow_sandbox: SlowAnswers, slow_control: SandboxControl
) -> None:
    chats = list(range(FIRST_CHAT, FIRST_CHAT + 5))
    await open_chats(slow_control, chats)
    # The pause (4 s) is twice the lease (2 s); a lease short enough to lapse on a loaded CI
    # machine between renewals would test the machine, not the renewal.
    await slow_control.inject_fault("sendMessage", "429", count=1, retry_after=4)
    async with database(db_url) as factory:
        await enqueue_many(factory, chats)
        async with (
            sender_for(slow_sandbox, factory, lease_seconds=2.0, concurrency=5) as holder,
            sender_for(slow_sandbox, factory, lease_seconds=2.0) as rival,
        ):
            task = asyncio.create_task(holder.drain())
            await eventually(holder_claimed_rows(factory))
            rival_sent = 0
            while not task.done():
                rival_sent += (await rival.drain()).sent
                await asyncio.sleep(0.05)
            stats = await task

    assert stats.waits_honoured == 1
    assert (stats.sent, stats.lost, rival_sent) == (5, 0, 0)
    assert await delivered_per_chat(slow_control) == Counter(dict.fromkeys(chats, 1))


async def test_a_row_taken_over_by_another_sender_is_not_sent_by_the_first(
    db_url: str, slow_sandbox: SlowAnswers, slow_control: SandboxControl
) -> None:
    chat = FIRST_CHAT
    await open_chats(slow_control, [chat])
    async with database(db_url) as factory:
        for week in ("2026-W48", "2026-W49", "2026-W50"):
            await enqueue_many(factory, [chat], period=week)
        [*_, last] = sorted(r.id for r in await rows(factory))
        async with sender_for(slow_sandbox, factory, lease_seconds=1.0, concurrency=3) as sender:
            task = asyncio.create_task(sender.drain())

            async def first_sent() -> bool:
                return accepted(slow_sandbox) >= 1

            await eventually(first_sent)
            # What another sender's claim looks like: the same status, another lease.
            async with factory() as session:
                await session.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == last)
                    .values(next_attempt_at=now() + timedelta(seconds=120))
                )
                await session.commit()
            stats = await task
        async with factory() as session:
            taken = await outbox.get_outbox(session, last)

    assert (stats.sent, stats.lost) == (2, 1)
    assert taken is not None
    assert taken.status is OutboxStatus.SENDING
    assert accepted(slow_sandbox) == 2


# --- SIGKILL in the middle of a 1,000-recipient drain, in a real process ------------------------

RECIPIENTS = 1000
CONCURRENCY = 8
LEASE_SECONDS = 2.0


def sender_process(db_url: str, api_base: str, cwd: Path) -> subprocess.Popen[str]:
    """`fieldbot digest --now` (no manager: it only drains the outbox) in its own process."""
    env = {
        **os.environ,
        "FIELDBOT_DB__URL": db_url,
        "FIELDBOT_BOT__API_BASE": api_base,
        "FIELDBOT_BOT__TOKEN": SANDBOX_TOKEN,
        "FIELDBOT_OUTBOX__GLOBAL_PER_SECOND": "150",
        "FIELDBOT_OUTBOX__CONCURRENCY": str(CONCURRENCY),
        "FIELDBOT_OUTBOX__LEASE_SECONDS": str(LEASE_SECONDS),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "digest", "--now"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


async def finish(process: subprocess.Popen[str], seconds: float = 150) -> str:
    """Wait for the process without blocking the loop (the sandbox runs on it).

    Generous: on a loaded 2-core machine (tests run two at a time) draining 600 messages
    through a fresh process took over 40 s; the test is about duplicates, not speed.
    """
    output, _ = await asyncio.wait_for(asyncio.to_thread(process.communicate), seconds)
    assert process.returncode == 0, output
    return output


async def test_issue_10_sigkill_mid_drain_repeats_at_most_the_sends_in_flight(
    db_url: str, tmp_path: Path
) -> None:
    chats = list(range(FIRST_CHAT, FIRST_CHAT + RECIPIENTS))
    started = time.monotonic()
    sandbox = SlowAnswers(0.05, rate_limits=True, global_per_second=200, per_chat_per_second=1)
    async with (
        sandbox,
        SandboxControl(sandbox.base_url, BOT_ID) as control,
        database(db_url) as factory,
    ):
        await open_chats(control, chats)
        await enqueue_many(factory, chats, kind=OutboxKind.DIGEST)

        first = sender_process(db_url, sandbox.base_url, tmp_path)
        try:

            async def well_under_way() -> bool:
                assert first.poll() is None, first.stdout.read() if first.stdout else ""
                return accepted(sandbox) >= RECIPIENTS * 2 // 5

            await eventually(well_under_way, 30)
            first.send_signal(signal.SIGKILL)
            await asyncio.to_thread(first.wait)
        finally:
            if first.poll() is None:
                first.kill()
                first.wait()
            if first.stdout is not None:
                first.stdout.close()
        await asyncio.sleep(0.2)  # the answers of the calls in flight are written to no one
        at_kill = await counts(factory)
        accepted_at_kill = accepted(sandbox)

        # Restart until nothing is open; the dead sender's rows come back after its lease.
        outputs: list[str] = []
        for _ in range(3):
            outputs.append(await finish(sender_process(db_url, sandbox.base_url, tmp_path)))
            current = await counts(factory)
            if current["pending"] == current["sending"] == 0:
                break
            await asyncio.sleep(LEASE_SECONDS)
        final = await counts(factory)
        delivered = await delivered_per_chat(control)
        rate_limited = (await control.stats())["rate_limited_429"]

    duplicates = sum(delivered.values()) - RECIPIENTS
    unrecorded = accepted_at_kill - at_kill["sent"]
    print(
        f"\nSIGKILL mid-drain: {duplicates} duplicate(s) among {RECIPIENTS} recipients; at the "
        f"kill {at_kill['sent']} recorded sent, {accepted_at_kill} accepted by the sandbox, "
        f"{at_kill['sending']} rows leased (bound: concurrency {CONCURRENCY}); "
        f"{time.monotonic() - started:.1f} s in all"
    )
    assert 0 < at_kill["sent"] < RECIPIENTS  # killed in the middle
    assert at_kill["sending"] <= CONCURRENCY
    assert final == {"pending": 0, "sending": 0, "sent": RECIPIENTS, "failed": 0, "blocked": 0}
    assert set(delivered) == set(chats)  # every recipient got the digest
    assert max(delivered.values()) <= 2  # at most one repeat per chat
    assert duplicates == unrecorded  # exactly the sends Telegram accepted and we never recorded
    assert duplicates <= at_kill["sending"] <= CONCURRENCY
    assert rate_limited == 0
    assert "No active manager or admin." in outputs[0]
    assert "outbox: sent" in outputs[0]
    assert outputs[-1].rstrip().endswith("still open: none")

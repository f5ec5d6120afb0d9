"""Updates per second and handling latency of fieldbot, against a bare aiogram echo bot.

    .venv/bin/python bench/throughput.py --users 200

N simulated users each send /start then /help (fieldbot: they are members, so both answer with
their help text) or two texts (echo bot), all users at once, through the Bot API sandbox over
HTTP, in webhook mode and in long-polling mode. Both bots run in this process, up at the same
time against the same sandbox; each round drives both, one after the other, the first of them
alternating (`--rounds`, 9 by default), so that a slower or faster moment of the machine falls
on both alike. The ratio between them, fieldbot's rate over the echo bot's in each round and
its median over the rounds, is the figure that matters; the absolute numbers depend on the
machine. Nine rounds by default: the echo bot's round lasts about a third of a second, so a
stall of a fraction of a second halves its rate, and the median of nine is steady where that
of three was not. The sandbox and the simulated users run in a process of their own, as
Telegram and its users are not in the bot's process (`--one-process` puts them back in,
sharing the bots' core); that process collects its garbage between rounds, not during one.

Latency of one step: from the moment the user's message is posted to the sandbox until the
bot's reply has been accepted by the sandbox (sandbox call log, same monotonic clock). Each user
sends their next message once the reply to the previous one is there.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import multiprocessing
import secrets
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import SecretStr

from bot.demo import bot_on_sandbox
from bot.domain.enums import Role
from bot.runner import settle_heap
from bot.sandbox import SandboxControl, SandboxServer
from bot.settings import BotSection, DatabaseSection, Settings, ThrottleSection, WebhookSection
from bot.telegram import ALLOWED_UPDATES
from models import queries
from models.db import upgrade_database

FIELDBOT_TOKEN = "700000001:BENCHfieldbotBENCHfieldbotBENCHfieldbot"
ECHO_TOKEN = "700000002:BENCHechoBENCHechoBENCHechoBENCHecho00"
FIRST_USER = 10_000


class HasBaseUrl(Protocol):
    @property
    def base_url(self) -> str: ...


@dataclass
class Result:
    bot: str
    mode: str
    updates: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rate(self) -> float:
        return self.updates / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@contextlib.asynccontextmanager
async def fieldbot(
    sandbox: HasBaseUrl, mode: str, db_path: Path, users: int
) -> AsyncIterator[None]:
    settings = Settings(
        bot=BotSection(token=SecretStr(FIELDBOT_TOKEN), api_base=sandbox.base_url),
        db=DatabaseSection(url=f"sqlite+aiosqlite:///{db_path}"),
        webhook=WebhookSection(port=0, secret_token=SecretStr(secrets.token_urlsafe(24))),
        log_level="WARNING",
        # Scripted users type faster than people: limits they never reach, still counted.
        throttle=ThrottleSection(
            messages_per_account_per_minute=1_000_000, messages_global_per_minute=1_000_000
        ),
        _env_file=None,
    )
    # The production start (bot.demo.bot_on_sandbox), without the command menus: the measured
    # calls are the users' only.
    async with bot_on_sandbox(settings, mode=mode, menus=False) as served:
        async with served.app.session_factory() as session:
            for user_id in range(FIRST_USER, FIRST_USER + users):
                if await queries.get_user(session, user_id) is None:
                    # As after joining: name and language as Telegram sends them.
                    await queries.ensure_user(session, user_id, f"U{user_id}", "en")
                    await queries.grant_role(
                        session, user_id, Role.FIELD_STAFF, ["HT"], False, actor_user_id=None
                    )
            await session.commit()
        settle_heap()  # as `fieldbot run` does once it is built
        yield


@contextlib.asynccontextmanager
async def echo_bot(sandbox: HasBaseUrl, mode: str) -> AsyncIterator[None]:
    """The baseline: aiogram with one handler and nothing else."""
    bot = Bot(
        ECHO_TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(sandbox.base_url))
    )
    dp = Dispatcher()

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    # This process holds fieldbot's modules too: the echo bot's full collections would walk
    # them, as a bare echo bot's would not. Kept out of them, as for fieldbot.
    settle_heap()

    try:
        if mode == "webhook":
            web_app = web.Application()
            SimpleRequestHandler(dp, bot, handle_in_background=False).register(web_app, "/hook")
            runner = web.AppRunner(web_app)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port = runner.addresses[0][1]
            await bot.set_webhook(f"http://127.0.0.1:{port}/hook", allowed_updates=ALLOWED_UPDATES)
            try:
                yield
            finally:
                await runner.cleanup()
        else:
            async with polling(dp, bot):
                yield
    finally:
        await bot.session.close()


@contextlib.asynccontextmanager
async def polling(dp: Dispatcher, bot: Bot) -> AsyncIterator[None]:
    await bot.delete_webhook()
    task = asyncio.create_task(
        dp.start_polling(
            bot,
            handle_signals=False,
            close_bot_session=False,
            polling_timeout=1,
            allowed_updates=ALLOWED_UPDATES,
        )
    )
    await asyncio.sleep(0.2)
    try:
        yield
    finally:
        await dp.stop_polling()
        await task


async def drive(
    control: SandboxControl, users: int, texts: tuple[str, ...], bot_name: str, mode: str
) -> Result:
    """All users at once, each sending `texts` in order; measured from the sandbox call log."""
    sent: dict[int, list[float]] = defaultdict(list)
    expected = users * len(texts)
    before = (await control.stats())["messages_sent"]

    async def one_user(user_id: int) -> None:
        # As a person does: the next message once the bot's reply is there (not once the bot
        # has told Telegram it handled the update: in polling mode that comes later).
        user = control.user(user_id, f"U{user_id}", language_code="en")
        for text in texts:
            sent[user_id].append(time.monotonic())
            await user.send(text, wait=False)
            mark = user.last_answer["seq"] if user.last_answer else 0
            await control.chat_events(user_id, after=int(mark), wait_seconds=60)

    start = time.monotonic()
    await asyncio.gather(*(one_user(FIRST_USER + i) for i in range(users)))
    while (await control.stats())["messages_sent"] - before < expected:
        await asyncio.sleep(0.01)
    replies: dict[int, list[float]] = defaultdict(list)
    for call in await control.calls("sendMessage"):
        ours = isinstance(call.chat_id, int) and call.started >= start
        if ours and call.status == 200 and call.ended is not None:
            replies[int(call.chat_id or 0)].append(call.ended)
    latencies = [
        (reply - posted) * 1000
        for user_id, posted_times in sent.items()
        for posted, reply in zip(posted_times, sorted(replies[user_id]), strict=False)
    ]
    end = max(max(times) for times in replies.values())
    return Result(bot_name, mode, expected, end - start, latencies)


@dataclass
class Remote:
    """Where the bots reach "Telegram" when it runs in its own process."""

    base_url: str


BOTS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("echo", 700000002, ("ping", "pong")),
    ("fieldbot", 700000001, ("/start", "/help")),
)
Drive = Callable[[int, int, tuple[str, ...], str, str], Awaitable[Result]]


def _telegram_side(conn: Connection) -> None:
    """The sandbox and the simulated users, in their own process (Telegram is not in ours).

    The sandbox keeps every call and event, and its full collections grew to about 0.2 s,
    every other round: one fell inside the echo bot's third of a second and halved its rate.
    The measuring side is collected between rounds, not during one (`_between_rounds`).
    """

    async def serve() -> None:
        async with SandboxServer(settle_seconds=0.0) as sandbox:
            conn.send(sandbox.base_url)
            while (job := await asyncio.to_thread(conn.recv)) is not None:
                bot_id, users, texts, name, mode = job
                async with SandboxControl(sandbox.base_url, bot_id) as control:
                    with _between_rounds():
                        result = await drive(control, users, texts, name, mode)
                    conn.send(result)

    asyncio.run(serve())


@contextlib.contextmanager
def _between_rounds() -> Iterator[None]:
    """No collection in this process during a round: what it holds is collected and frozen
    before, and a round's garbage (a few hundred thousand objects at most) waits for the next."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def _rounds(
    sandbox: HasBaseUrl, drive_bot: Drive, db_path: Path, users: int, mode: str, rounds: int
) -> list[Result]:
    """Both bots up at once, driven in turn, round after round: a slower or faster moment of
    the machine falls on both alike."""
    results: list[Result] = []
    async with echo_bot(sandbox, mode), fieldbot(sandbox, mode, db_path, users):
        for name, bot_id, texts in BOTS:
            # A short warm-up so imports and first connections are not measured.
            await drive_bot(bot_id, min(5, users), texts, name, mode)
        for round_ in range(rounds):
            # Each bot goes first in every other round: neither always follows the other.
            for name, bot_id, texts in BOTS if round_ % 2 == 0 else BOTS[::-1]:
                results.append(await drive_bot(bot_id, users, texts, name, mode))
    return results


async def run(
    users: int, modes: list[str], *, rounds: int = 9, one_process: bool = False
) -> list[Result]:
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bench.db"
        await upgrade_database(f"sqlite+aiosqlite:///{db_path}")
        if one_process:
            async with SandboxServer(settle_seconds=0.0) as sandbox:

                async def local_drive(
                    bot_id: int, n: int, texts: tuple[str, ...], name: str, mode: str
                ) -> Result:
                    async with SandboxControl(sandbox.base_url, bot_id) as control:
                        return await drive(control, n, texts, name, mode)

                for mode in modes:
                    results += await _rounds(sandbox, local_drive, db_path, users, mode, rounds)
            return results
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        telegram = context.Process(target=_telegram_side, args=(theirs,), daemon=True)
        telegram.start()
        try:
            remote = Remote(await asyncio.to_thread(ours.recv))

            async def remote_drive(
                bot_id: int, n: int, texts: tuple[str, ...], name: str, mode: str
            ) -> Result:
                ours.send((bot_id, n, texts, name, mode))
                result: Result = await asyncio.to_thread(ours.recv)
                return result

            for mode in modes:
                results += await _rounds(remote, remote_drive, db_path, users, mode, rounds)
        finally:
            ours.send(None)
            await asyncio.to_thread(telegram.join, 30)
    return results


@dataclass
class Summary:
    """One mode's rounds: each bot's median figures, and fieldbot's ratios round by round."""

    mode: str
    echo: list[Result]
    fieldbot: list[Result]

    @staticmethod
    def of(results: list[Result]) -> list[Summary]:
        modes = dict.fromkeys(r.mode for r in results)
        return [
            Summary(
                mode,
                [r for r in results if r.mode == mode and r.bot == "echo"],
                [r for r in results if r.mode == mode and r.bot == "fieldbot"],
            )
            for mode in modes
        ]

    @staticmethod
    def rate(results: list[Result]) -> float:
        return statistics.median(r.rate for r in results)

    @staticmethod
    def p(results: list[Result], q: float) -> float:
        return statistics.median(r.percentile(q) for r in results)

    @property
    def ratios(self) -> list[float]:
        """fieldbot's rate over the echo bot's, in each round (the pair run back to back)."""
        return [f.rate / e.rate for e, f in zip(self.echo, self.fieldbot, strict=True)]

    @property
    def p99_ratios(self) -> list[float]:
        return [
            f.percentile(0.99) / e.percentile(0.99)
            for e, f in zip(self.echo, self.fieldbot, strict=True)
        ]


def report(results: list[Result], users: int) -> str:
    summaries = Summary.of(results)
    rounds = len(summaries[0].echo)
    lines = [
        f"throughput: {users} users × 2 steps, all at once, through the sandbox over HTTP; "
        f"{rounds} rounds, each bot's median",
        f"{'mode':<8} {'bot':<9} {'updates':>7} {'updates/s':>10} {'p50 ms':>8} {'p99 ms':>8}",
    ]
    for summary in summaries:
        for name, runs in (("echo", summary.echo), ("fieldbot", summary.fieldbot)):
            lines.append(
                f"{summary.mode:<8} {name:<9} {runs[0].updates:>7} {Summary.rate(runs):>10.1f} "
                f"{Summary.p(runs, 0.5):>8.1f} {Summary.p(runs, 0.99):>8.1f}"
            )
    for summary in summaries:
        each = ", ".join(f"{ratio:.2f}" for ratio in summary.ratios)
        ratio = statistics.median(summary.ratios)
        lines.append(
            f"{summary.mode}: fieldbot/echo throughput ratio {ratio:.2f} (rounds: {each}); "
            f"p99 ratio {statistics.median(summary.p99_ratios):.2f}"
        )
    return "\n".join(lines)


def figures(results: list[Result], users: int) -> dict[str, object]:
    """The one JSON line: per mode, both bots' median rates and p99, and fieldbot's median
    ratios over the rounds (each round's pair measured back to back)."""
    summaries = Summary.of(results)
    out: dict[str, object] = {
        "bench": "throughput",
        "users": users,
        "steps": 2,
        "rounds": len(summaries[0].echo),
    }
    for summary in summaries:
        mode = summary.mode
        out[f"{mode}_echo_per_s"] = round(Summary.rate(summary.echo), 1)
        out[f"{mode}_fieldbot_per_s"] = round(Summary.rate(summary.fieldbot), 1)
        out[f"{mode}_echo_p99_ms"] = round(Summary.p(summary.echo, 0.99), 1)
        out[f"{mode}_fieldbot_p99_ms"] = round(Summary.p(summary.fieldbot, 0.99), 1)
        out[f"{mode}_ratio"] = round(statistics.median(summary.ratios), 2)
        out[f"{mode}_p99_ratio"] = round(statistics.median(summary.p99_ratios), 2)
        out[f"{mode}_ratios"] = [round(ratio, 2) for ratio in summary.ratios]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--modes", default="webhook,polling")
    parser.add_argument("--rounds", type=int, default=9, help="rounds per bot and mode")
    parser.add_argument(
        "--one-process",
        action="store_true",
        help="run the sandbox and the simulated users in the bots' process (the old layout)",
    )
    args = parser.parse_args(argv)
    results = asyncio.run(
        run(args.users, args.modes.split(","), rounds=args.rounds, one_process=args.one_process)
    )
    sys.stdout.write(report(results, args.users) + "\n")
    sys.stdout.write(json.dumps(figures(results, args.users)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

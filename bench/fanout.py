"""Fan-out through the outbox: N recipients, Telegram's limits on, one sender.

    .venv/bin/python bench/fanout.py [--recipients 3000] [--db-url URL]

The Bot API sandbox runs in this process with Telegram's limits (30 messages/s per bot, 1/s per
chat, 429 with retry_after beyond them). Each recipient first writes to the bot (a bot may only
write to people who did), then one digest per recipient is enqueued in one transaction and a
single OutboxSender drains the table. Reported:

- achieved messages/s: delivered messages / drain time (the goal is >= 28.5 of Telegram's 30);
- 429 answers (0: the sender keeps under the limits instead of bumping into them);
- duplicates (messages beyond the first per chat) and losses (recipients without a message,
  rows not sent), both from the sandbox's call log and the outbox table;
- peak memory: the process's peak RSS (sandbox included: it runs in this process and keeps
  every message); with --trace-memory also tracemalloc's peak of Python allocations during the
  drain (tracemalloc slows Python down, so the rate of such a run reads a little lower).

The database is a fresh SQLite file unless --db-url names a migrated, empty database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from pydantic import SecretStr

from bot.domain.enums import OutboxKind
from bot.sandbox import SandboxControl, SandboxServer
from bot.settings import SANDBOX_TOKEN, BotSection, Settings
from models import outbox
from models.db import create_engine, create_session_factory, upgrade_database
from scheduler.outbox import DrainStats, OutboxSender, create_outbox_bot

BOT_ID = int(SANDBOX_TOKEN.split(":")[0])
FIRST_CHAT = 1_000_000


async def open_chats(control: SandboxControl, chat_ids: list[int]) -> None:
    for start in range(0, len(chat_ids), 200):
        await asyncio.gather(
            *(
                control.user(chat_id, f"User {chat_id}").send("/start", wait=False)
                for chat_id in chat_ids[start : start + 200]
            )
        )


async def run(recipients: int, db_url: str, trace_memory: bool) -> int:
    chats = list(range(FIRST_CHAT, FIRST_CHAT + recipients))
    engine = create_engine(db_url)
    factory = create_session_factory(engine)
    async with (
        SandboxServer(rate_limits=True, global_per_second=30, per_chat_per_second=1) as sandbox,
        SandboxControl(sandbox.base_url, BOT_ID) as control,
    ):
        await open_chats(control, chats)
        now = datetime.now(UTC)
        started = time.perf_counter()
        async with factory() as session:
            for chat_id in chats:
                await outbox.enqueue(
                    session,
                    recipient_telegram_id=chat_id,
                    recipient_user_id=None,
                    kind=OutboxKind.DIGEST,
                    period="2026-W48",
                    payload={
                        "text": f"<b>Weekly digest</b> for {chat_id}: 3 indicators off track",
                        "parse_mode": "HTML",
                        "reply_markup": None,
                        "protect_content": True,
                    },
                    now=now,
                )
            await session.commit()
        enqueue_seconds = time.perf_counter() - started

        settings = Settings(
            bot=BotSection(token=SecretStr(SANDBOX_TOKEN), api_base=sandbox.base_url),
            _env_file=None,
        )
        bot = create_outbox_bot(settings)
        try:
            sender = OutboxSender(factory, bot)
            if trace_memory:
                tracemalloc.start()
            started = time.perf_counter()
            stats: DrainStats = await sender.drain()
            drain_seconds = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        finally:
            await bot.session.close()

        calls = await control.calls("sendMessage")
        sandbox_stats = await control.stats()
        async with factory() as session:
            counts = await outbox.counts_by_status(session)
    await engine.dispose()

    delivered = Counter(c.chat_id for c in calls if c.status == 200)
    duplicates = sum(n - 1 for n in delivered.values() if n > 1)
    missing = sum(1 for chat_id in chats if delivered[chat_id] == 0)
    not_sent = recipients - counts["sent"]
    rate = sum(delivered.values()) / drain_seconds
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (
        1024 * 1024 if sys.platform == "darwin" else 1024
    )
    print(f"recipients            {recipients}")
    print(f"enqueue               {enqueue_seconds:.2f} s (one transaction)")
    print(f"drain                 {drain_seconds:.2f} s")
    print(f"achieved              {rate:.2f} messages/s (goal >= 28.5; Telegram allows 30)")
    print(f"429 answers           {sandbox_stats['rate_limited_429']}")
    print(
        f"sender stats          sent={stats.sent} retried={stats.retried} "
        f"failed={stats.failed} blocked={stats.blocked} waits={stats.waits_honoured}"
    )
    print(f"duplicates            {duplicates}")
    print(
        f"losses                {missing} recipients without a message, {not_sent} rows not sent"
    )
    traced = f"{peak / 2**20:.1f} MiB traced during the drain, " if trace_memory else ""
    print(f"peak memory           {traced}{rss_mb:.0f} MiB peak RSS (sandbox included)")
    ok = rate >= 28.5 and duplicates == 0 and missing == 0 and not_sent == 0
    ok = ok and sandbox_stats["rate_limited_429"] == 0
    figures = {
        "bench": "fanout",
        "recipients": recipients,
        "enqueue_s": round(enqueue_seconds, 2),
        "drain_s": round(drain_seconds, 2),
        "messages_per_s": round(rate, 2),
        "rate_limited_429": sandbox_stats["rate_limited_429"],
        "duplicates": duplicates,
        "missing": missing,
        "peak_rss_mib": round(rss_mb),
    }
    print(json.dumps(figures))
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=3000)
    parser.add_argument("--db-url", default=None, help="a migrated, empty database")
    parser.add_argument(
        "--trace-memory",
        action="store_true",
        help="also report tracemalloc's peak (it slows Python down, and so the rate)",
    )
    args = parser.parse_args(argv)
    if args.db_url:
        return asyncio.run(run(args.recipients, args.db_url, args.trace_memory))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'fanout.db'}"
        asyncio.run(upgrade_database(url))
        return asyncio.run(run(args.recipients, url, args.trace_memory))


if __name__ == "__main__":
    sys.exit(main())

"""The outbox and its sender, against a real database and the Bot API sandbox over HTTP."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.domain import clock
from bot.domain.enums import OutboxKind, OutboxStatus
from bot.sandbox import ApiCall, SandboxControl, SandboxServer
from bot.settings import SANDBOX_TOKEN, BotSection, DatabaseSection, Settings
from models import outbox, queries
from models.db import create_engine, create_session_factory
from models.tables import OutboxMessage
from scheduler.outbox import OutboxSender, build_method, create_outbox_bot
from scheduler.outbox_report import outbox_report

BOT_ID = int(SANDBOX_TOKEN.split(":")[0])
FIRST_CHAT = 500_000
# A lease as in production; tests move the product's clock past it instead of waiting.
LEASE = 60.0
# A 1x1 PNG.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6300010000050001"
        "0d0a2db40000000049454e44ae426082"
    )
).decode()


def now() -> datetime:
    return datetime.now(UTC)


def text_payload(text: str, **extra: Any) -> dict[str, Any]:
    return {
        "text": text,
        "parse_mode": "HTML",
        "reply_markup": None,
        "protect_content": False,
        **extra,
    }


# --- fixtures and helpers --------------------------------------------------------------------


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    async with SandboxServer() as server:
        yield server


@pytest.fixture
async def control(sandbox: SandboxServer) -> AsyncIterator[SandboxControl]:
    async with SandboxControl(sandbox.base_url, BOT_ID) as control:
        yield control


@contextlib.asynccontextmanager
async def database(url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine: AsyncEngine = create_engine(url)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def sender_for(
    sandbox: SandboxServer,
    factory: async_sessionmaker[AsyncSession],
    *,
    request_timeout: float = 5.0,
    **options: Any,
) -> AsyncIterator[OutboxSender]:
    settings = Settings(
        bot=BotSection(
            token=SecretStr(SANDBOX_TOKEN),
            api_base=sandbox.base_url,
            request_timeout=request_timeout,
        ),
        db=DatabaseSection(url="sqlite+aiosqlite:///:memory:"),
        _env_file=None,
    )
    bot = create_outbox_bot(settings)
    try:
        yield OutboxSender(factory, bot, **options)
    finally:
        await bot.session.close()


async def open_chats(control: SandboxControl, chat_ids: Sequence[int]) -> None:
    """Each user writes to the bot once, so that the bot may write to them (as on Telegram)."""
    for start in range(0, len(chat_ids), 100):
        await asyncio.gather(
            *(
                control.user(chat_id, f"User {chat_id}").send("/start", wait=False)
                for chat_id in chat_ids[start : start + 100]
            )
        )


async def enqueue_many(
    factory: async_sessionmaker[AsyncSession],
    chat_ids: Sequence[int],
    *,
    kind: str = OutboxKind.DIGEST,
    period: str = "2026-W48",
) -> None:
    async with factory() as session:
        for chat_id in chat_ids:
            await outbox.enqueue(
                session,
                recipient_telegram_id=chat_id,
                recipient_user_id=None,
                kind=kind,
                period=period,
                payload=text_payload(f"Digest for <b>{chat_id}</b>"),
                now=now(),
            )
        await session.commit()


async def sends(control: SandboxControl) -> list[ApiCall]:
    calls = await control.calls()
    return [c for c in calls if c.method in {"sendMessage", "sendPhoto"}]


async def delivered_per_chat(control: SandboxControl) -> Counter[int | str | None]:
    return Counter(c.chat_id for c in await sends(control) if c.status == 200)


async def counts(factory: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with factory() as session:
        return await outbox.counts_by_status(session)


async def rows(factory: async_sessionmaker[AsyncSession]) -> list[outbox.OutboxView]:
    async with factory() as session:
        return await outbox.list_outbox(session, status=None, limit=10_000)


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 10) -> None:
    """Wait until `check()` is true (polling), or fail after `seconds`."""
    async with asyncio.timeout(seconds):
        while True:
            if await check():
                return
            await asyncio.sleep(0.02)


async def drain_until_settled(sender: OutboxSender, factory: Any) -> None:
    """Drain again and again (retries fall due later) until no row is pending or sending."""
    async with asyncio.timeout(20):
        while True:
            await sender.drain()
            current = await counts(factory)
            if current["pending"] == 0 and current["sending"] == 0:
                return
            await asyncio.sleep(0.05)


# --- the table ---------------------------------------------------------------------------------


async def test_enqueue_twice_creates_one_row(any_db_url: str) -> None:
    async with database(any_db_url) as factory, factory() as session:
        first = await outbox.enqueue(
            session,
            recipient_telegram_id=7001,
            recipient_user_id=None,
            kind=OutboxKind.DIGEST,
            period="2026-W48",
            payload=text_payload("one"),
            now=now(),
        )
        again = await outbox.enqueue(
            session,
            recipient_telegram_id=7001,
            recipient_user_id=None,
            kind=OutboxKind.DIGEST,
            period="2026-W48",
            payload=text_payload("two"),
            now=now(),
        )
        next_week = await outbox.enqueue(
            session,
            recipient_telegram_id=7001,
            recipient_user_id=None,
            kind=OutboxKind.DIGEST,
            period="2026-W49",
            payload=text_payload("three"),
            now=now(),
        )
        await session.commit()
        listed = await outbox.list_outbox(session, status=None)
    assert (first, again, next_week) == (True, False, True)
    assert [(r.period, r.payload["text"]) for r in listed] == [
        ("2026-W49", "three"),
        ("2026-W48", "one"),
    ]
    assert all(r.status is OutboxStatus.PENDING and r.attempts == 0 for r in listed)


async def test_claimed_rows_are_not_claimed_again_until_the_lease_ends(any_db_url: str) -> None:
    async with database(any_db_url) as factory:
        await enqueue_many(factory, [1, 2, 3])
        start = now()
        async with factory() as session:
            first = await outbox.claim_due(session, now=start, limit=2, lease_seconds=60)
            await session.commit()
        async with factory() as session:
            second = await outbox.claim_due(session, now=start, limit=10, lease_seconds=60)
            await session.commit()
        async with factory() as session:
            nothing = await outbox.claim_due(session, now=start, limit=10, lease_seconds=60)
            after_lease = await outbox.claim_due(
                session, now=start + timedelta(seconds=61), limit=10, lease_seconds=60
            )
            await session.commit()
    assert [v.recipient_telegram_id for v in first] == [1, 2]
    assert [v.recipient_telegram_id for v in second] == [3]
    assert nothing == []
    assert sorted(v.recipient_telegram_id for v in after_lease) == [1, 2, 3]
    assert all(v.status is OutboxStatus.SENDING for v in after_lease)


def test_a_photo_payload_becomes_send_photo_with_the_text_as_caption() -> None:
    view = outbox.OutboxView(
        id=1,
        recipient_telegram_id=5,
        recipient_user_id=None,
        kind="digest",
        period="2026-W48",
        payload=text_payload("Chart", photo_png_b64=PNG, protect_content=True),
        status=OutboxStatus.SENDING,
        attempts=0,
        next_attempt_at=now(),
        last_error=None,
        created_at=now(),
        sent_at=None,
        telegram_message_id=None,
    )
    method = build_method(view)
    assert type(method).__name__ == "SendPhoto"
    assert method.model_dump()["caption"] == "Chart"
    assert method.model_dump()["protect_content"] is True


# --- delivery ----------------------------------------------------------------------------------


async def test_drain_delivers_text_buttons_protection_and_photos(
    any_db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    await open_chats(control, [101, 102])
    markup = {"inline_keyboard": [[{"text": "Open", "callback_data": "digest:open"}]]}
    async with database(any_db_url) as factory:
        async with factory() as session:
            await outbox.enqueue(
                session,
                recipient_telegram_id=101,
                recipient_user_id=None,
                kind=OutboxKind.DIGEST,
                period="2026-W48",
                payload=text_payload(
                    "<b>3 indicators</b> off track", reply_markup=markup, protect_content=True
                ),
                now=now(),
            )
            await outbox.enqueue(
                session,
                recipient_telegram_id=102,
                recipient_user_id=None,
                kind=OutboxKind.DIGEST,
                period="2026-W48",
                payload=text_payload("Your chart", photo_png_b64=PNG),
                now=now(),
            )
            await session.commit()
        async with sender_for(sandbox, factory) as sender:
            stats = await sender.drain()
        listed = await rows(factory)

    assert (stats.sent, stats.retried, stats.failed, stats.blocked) == (2, 0, 0, 0)
    digest = (await control.user(101).messages())[-1]
    assert digest.text == "3 indicators off track"
    assert digest.buttons[0][0].callback_data == "digest:open"
    assert digest.protect_content
    chart = (await control.user(102).messages())[-1]
    assert chart.text == "Your chart"
    assert chart.media is not None
    assert chart.media["type"] == "photo"
    assert all(r.status is OutboxStatus.SENT and r.sent_at is not None for r in listed)
    by_chat = {r.recipient_telegram_id: r.telegram_message_id for r in listed}
    assert by_chat == {101: digest.message_id, 102: chart.message_id}


async def test_a_429_storm_is_waited_out_and_everything_delivered(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    chats = list(range(FIRST_CHAT, FIRST_CHAT + 40))
    await open_chats(control, chats)
    await control.inject_fault("sendMessage", "429", count=3, retry_after=1)
    async with database(db_url) as factory:
        await enqueue_many(factory, chats)
        # A global rate this high would send all 40 at once: only the pause holds them back.
        async with sender_for(sandbox, factory, global_per_second=1000) as sender:
            stats = await sender.drain()
        final = await counts(factory)

    assert stats.waits_honoured == 3
    assert (stats.sent, stats.retried, stats.failed) == (40, 0, 0)
    assert final["sent"] == 40
    assert await delivered_per_chat(control) == Counter(dict.fromkeys(chats, 1))
    calls = await sends(control)
    refused = [c for c in calls if c.status == 429]
    assert len(refused) == 3
    first_429 = min(c.ended for c in refused if c.ended is not None)
    # Calls already on their way when the 429 arrived may start in the first moments; after
    # that, nothing starts until retry_after has passed.
    during_pause = [c for c in calls if first_429 + 0.1 < c.started < first_429 + 0.98]
    assert during_pause == []
    assert any(c.started >= first_429 + 0.98 for c in calls)


async def test_server_errors_are_retried_with_backoff_then_delivered(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    await open_chats(control, [201])
    await control.inject_fault("sendMessage", "500", count=1)
    await control.inject_fault("sendMessage", "502", count=1)
    async with database(db_url) as factory:
        await enqueue_many(factory, [201])
        async with sender_for(
            sandbox, factory, base_backoff=0.3, per_chat_per_second=100
        ) as sender:
            await drain_until_settled(sender, factory)
        [row] = await rows(factory)

    assert row.status is OutboxStatus.SENT
    assert row.attempts == 2
    calls = await sends(control)
    assert [c.status for c in calls] == [500, 502, 200]
    first_gap = calls[1].started - (calls[0].ended or 0)
    second_gap = calls[2].started - (calls[1].ended or 0)
    assert first_gap >= 0.3  # base
    assert second_gap >= 0.6  # base * 2


async def test_a_timeout_is_retried(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    await open_chats(control, [202])
    await control.inject_fault("sendMessage", "timeout", count=1, hold_seconds=1.5)
    async with database(db_url) as factory:
        await enqueue_many(factory, [202])
        async with sender_for(
            sandbox, factory, request_timeout=0.5, base_backoff=0.1, per_chat_per_second=100
        ) as sender:
            first = await sender.drain()
            await drain_until_settled(sender, factory)
        [row] = await rows(factory)

    assert first.retried == 1
    assert row.status is OutboxStatus.SENT
    assert row.attempts == 1
    assert row.last_error is None
    assert (await delivered_per_chat(control))[202] == 1


async def test_server_errors_beyond_max_attempts_fail_the_message(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    await open_chats(control, [203])
    await control.inject_fault("sendMessage", "502", count=5)
    async with database(db_url) as factory:
        await enqueue_many(factory, [203])
        async with sender_for(
            sandbox, factory, base_backoff=0.05, max_attempts=3, per_chat_per_second=100
        ) as sender:
            await drain_until_settled(sender, factory)
        [row] = await rows(factory)

    assert row.status is OutboxStatus.FAILED
    assert row.attempts == 3
    assert row.last_error is not None
    assert row.last_error.startswith("gave up after 3 attempts in ")
    assert "TelegramServerError" in row.last_error
    assert len(await sends(control)) == 3


async def test_an_outage_longer_than_eight_attempts_is_waited_out(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    """Telegram answers 502 twelve times in a row (an outage), then comes back: the message
    arrives. Eight attempts used to be the end of it, and the week's digest was lost."""
    await open_chats(control, [204])
    await control.inject_fault("sendMessage", "502", count=12)
    async with database(db_url) as factory:
        await enqueue_many(factory, [204])
        async with sender_for(
            sandbox, factory, base_backoff=0.01, max_backoff=0.05, per_chat_per_second=100
        ) as sender:
            await drain_until_settled(sender, factory)
        [row] = await rows(factory)
    assert row.status is OutboxStatus.SENT
    assert row.attempts == 12


async def test_a_message_is_given_up_once_tried_for_its_retry_window(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    await open_chats(control, [205])
    await control.inject_fault("sendMessage", "502", count=10_000)
    async with database(db_url) as factory:
        await enqueue_many(factory, [205])
        async with sender_for(
            sandbox, factory, base_backoff=0.01, max_backoff=0.05, retry_for=0.5
        ) as sender:
            await drain_until_settled(sender, factory)
        [row] = await rows(factory)
    assert row.status is OutboxStatus.FAILED
    assert row.last_error is not None
    assert "TelegramServerError" in row.last_error


async def test_a_user_who_blocked_the_bot_is_marked_blocked_and_inactive_and_not_retried(
    any_db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    await open_chats(control, [301, 302])
    await control.block(301)
    async with database(any_db_url) as factory:
        async with factory() as session:
            gone = await queries.ensure_user(session, 301, "Gone", "en")
            await queries.ensure_user(session, 302, "Here", "en")
            await session.commit()
        async with factory() as session:
            for chat_id, user_id in ((301, gone.id), (302, None)):
                await outbox.enqueue(
                    session,
                    recipient_telegram_id=chat_id,
                    recipient_user_id=user_id,
                    kind=OutboxKind.REMINDER,
                    period="2026-12-08",
                    payload=text_payload("Mission tomorrow"),
                    now=now(),
                )
            await session.commit()
        async with sender_for(sandbox, factory) as sender:
            stats = await sender.drain()
            again = await sender.drain()
        async with factory() as session:
            blocked = await outbox.list_outbox(session, status="blocked")
            user = await queries.get_user(session, 301)
            other = await queries.get_user(session, 302)

    assert (stats.sent, stats.blocked, again.blocked, again.sent) == (1, 1, 0, 0)
    assert [r.recipient_telegram_id for r in blocked] == [301]
    assert blocked[0].last_error == "Forbidden: bot was blocked by the user"
    assert user is not None
    assert not user.active
    assert other is not None
    assert other.active
    assert [c.status for c in await sends(control) if c.chat_id == 301] == [403]


async def test_a_bad_request_fails_with_telegrams_reason(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    await open_chats(control, [401])
    # (A formatting refusal, or a text too long, is sent again as plain text: plain_fallback.)
    await control.inject_fault(
        "sendMessage", "400", count=1, description="Bad Request: BUTTON_DATA_INVALID"
    )
    async with database(db_url) as factory:
        await enqueue_many(factory, [401, 402])  # 402 never wrote to the bot: chat not found
        async with sender_for(sandbox, factory) as sender:
            stats = await sender.drain()
            again = await sender.drain()
        async with factory() as session:
            failed = {
                r.recipient_telegram_id: r.last_error
                for r in await outbox.list_outbox(session, status="failed")
            }

    assert (stats.failed, stats.sent, again.failed) == (2, 0, 0)
    assert failed == {
        401: "Bad Request: BUTTON_DATA_INVALID",
        402: "Bad Request: chat not found",
    }
    assert len(await sends(control)) == 2


async def test_an_invalid_payload_fails_without_a_call(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    async with database(db_url) as factory:
        async with factory() as session:
            await outbox.enqueue(
                session,
                recipient_telegram_id=403,
                recipient_user_id=None,
                kind=OutboxKind.DIGEST,
                period="2026-W48",
                payload={"parse_mode": "HTML"},
                now=now(),
            )
            await session.commit()
        async with sender_for(sandbox, factory) as sender:
            stats = await sender.drain()
        [row] = await rows(factory)
    assert stats.failed == 1
    assert row.status is OutboxStatus.FAILED
    assert (row.last_error or "").startswith("invalid payload")
    assert await sends(control) == []


# --- crashes, restarts and several senders -----------------------------------------------------


async def test_a_drain_cancelled_midway_then_a_new_sender_delivers_each_message_once(
    any_db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    chats = list(range(FIRST_CHAT, FIRST_CHAT + 60))
    await open_chats(control, chats)
    async with database(any_db_url) as factory:
        await enqueue_many(factory, chats)
        async with sender_for(sandbox, factory, global_per_second=30, batch=25) as sender:
            task = asyncio.create_task(sender.drain())

            async def twenty_sent() -> bool:
                return len(await sends(control)) >= 20

            await eventually(twenty_sent)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        midway = await counts(factory)
        # The process is gone; a new one starts on the same database.
        async with sender_for(sandbox, factory) as restarted:
            stats = await restarted.drain()
        final = await counts(factory)

    assert 20 <= midway["sent"] < 60
    assert midway["sending"] == 0  # nothing left leased: claimed rows were given back
    assert stats.sent == 60 - midway["sent"]
    assert final["sent"] == 60
    assert await delivered_per_chat(control) == Counter(dict.fromkeys(chats, 1))


async def test_rows_claimed_by_a_sender_that_died_are_sent_after_its_lease(
    any_db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    chats = [601, 602, 603]
    await open_chats(control, chats)
    async with database(any_db_url) as factory:
        await enqueue_many(factory, chats)
        claimed_at = now()
        async with factory() as session:
            # A sender claims two rows and is killed before sending anything.
            await outbox.claim_due(session, now=claimed_at, limit=2, lease_seconds=LEASE)
            await session.commit()
        async with sender_for(sandbox, factory) as sender:
            # The product's clock is moved (no waiting): just before the lease runs out ...
            with clock.using(lambda: claimed_at + timedelta(seconds=LEASE - 1)):
                before = await sender.drain()
            # ... and just after.
            with clock.using(lambda: claimed_at + timedelta(seconds=LEASE + 1)):
                after = await sender.drain()
        final = await counts(factory)

    assert before.sent == 1  # the one row nobody held; the dead sender's are still leased
    assert after.sent == 2
    assert final["sent"] == 3
    assert await delivered_per_chat(control) == Counter(dict.fromkeys(chats, 1))


async def test_a_crash_between_telegram_accepting_and_our_commit_sends_once_more(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    """The documented at-least-once edge: the only way one recipient gets a message twice."""
    await open_chats(control, [701])
    async with database(db_url) as factory:
        await enqueue_many(factory, [701])
        claimed_at = now()
        async with factory() as session:
            [claimed] = await outbox.claim_due(
                session, now=claimed_at, limit=1, lease_seconds=LEASE
            )
            await session.commit()
        async with sender_for(sandbox, factory) as sender:
            # The dying sender's call reached Telegram; its commit never happened.
            await sender.bot(build_method(claimed))
            with clock.using(lambda: claimed_at + timedelta(seconds=LEASE - 1)):
                early = await sender.drain()  # its lease still holds the row
            with clock.using(lambda: claimed_at + timedelta(seconds=LEASE + 1)):
                stats = await sender.drain()
        [row] = await rows(factory)
    assert early.sent == 0
    assert stats.sent == 1
    assert row.status is OutboxStatus.SENT
    assert (await delivered_per_chat(control))[701] == 2


@pytest.mark.pg
async def test_two_senders_on_postgresql_send_each_message_once(
    pg_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    chats = list(range(FIRST_CHAT, FIRST_CHAT + 200))
    await open_chats(control, chats)
    async with database(pg_url) as factory:
        await enqueue_many(factory, chats)
        async with (
            sender_for(sandbox, factory, global_per_second=200, batch=10) as one,
            sender_for(sandbox, factory, global_per_second=200, batch=10) as two,
        ):
            first, second = await asyncio.gather(one.drain(), two.drain())
        final = await counts(factory)

    assert first.sent > 0
    assert second.sent > 0
    assert first.sent + second.sent == 200
    assert final["sent"] == 200
    assert await delivered_per_chat(control) == Counter(dict.fromkeys(chats, 1))


async def test_a_thousand_recipients_within_telegrams_limits_get_no_429(db_url: str) -> None:
    """1,000 messages at 30/s: about 34 s, and the sandbox never has to say 429."""
    chats = list(range(FIRST_CHAT, FIRST_CHAT + 1000))
    async with (
        SandboxServer(rate_limits=True, global_per_second=30, per_chat_per_second=1) as sandbox,
        SandboxControl(sandbox.base_url, BOT_ID) as control,
    ):
        await open_chats(control, chats)
        async with database(db_url) as factory:
            await enqueue_many(factory, chats)
            async with sender_for(sandbox, factory) as sender:
                started = time.monotonic()
                stats = await sender.drain()
                elapsed = time.monotonic() - started
            final = await counts(factory)
        sandbox_stats = await control.stats()
        delivered = await delivered_per_chat(control)

    assert sandbox_stats["rate_limited_429"] == 0
    assert stats.sent == 1000
    assert stats.waits_honoured == 0
    assert final["sent"] == 1000
    assert delivered == Counter(dict.fromkeys(chats, 1))
    # 1,000 at 30/s cannot take less than 33 s; well under 40 s means the rate was reached.
    assert 32 < elapsed < 40


# --- running and reporting ---------------------------------------------------------------------


async def test_run_forever_sends_on_wake_and_stops(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    await open_chats(control, [801, 802])
    async with database(db_url) as factory, sender_for(sandbox, factory) as sender:
        loop = asyncio.create_task(sender.run_forever(poll_seconds=30))
        await enqueue_many(factory, [801])
        sender.wake()

        async def sent(n: int) -> bool:
            return (await counts(factory))["sent"] >= n

        await eventually(lambda: sent(1), 5)
        await enqueue_many(factory, [802], kind=OutboxKind.REMINDER)
        sender.wake()
        await eventually(lambda: sent(2), 5)
        sender.stop()
        async with asyncio.timeout(5):
            await loop
    assert await delivered_per_chat(control) == Counter({801: 1, 802: 1})


async def test_outbox_report_shows_counts_and_rows(db_url: str) -> None:
    async with database(db_url) as factory:
        await enqueue_many(factory, [901, 902])
        async with factory() as session:
            [newest, _] = await outbox.list_outbox(session, status=None)
            assert newest.recipient_telegram_id == 902
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == newest.id)
                .values(status="failed", attempts=1, last_error="Bad Request: chat not found")
            )
            await session.commit()
        everything = await outbox_report(factory, None)
        failed = await outbox_report(factory, "failed")
        sent = await outbox_report(factory, "sent")
        with pytest.raises(ValueError, match="nonsense"):
            await outbox_report(factory, "nonsense")

    assert everything.splitlines()[0] == "pending: 1  sending: 0  sent: 0  failed: 1  blocked: 0"
    assert "recipient" in everything
    assert "901" in everything
    assert "902" in everything
    [failed_row] = failed.splitlines()[2:]
    assert "902" in failed_row
    assert "Bad Request: chat not found" in failed_row
    assert sent.endswith("No outbox message with status sent.")

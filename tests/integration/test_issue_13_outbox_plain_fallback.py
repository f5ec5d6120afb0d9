"""Issue 13, observation 2: a message Telegram cannot parse is delivered as plain text, never
left pending for ever, whether it is an outbox row or the reply to an update.

Against a real database and the Bot API sandbox, which parses HTML as Telegram does.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError
from aiogram.methods import SendMessage, SendPhoto
from aiogram.types import BufferedInputFile, KeyboardButton, Message, ReplyKeyboardMarkup
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import OutboxKind, OutboxStatus
from bot.middlewares import send_replies
from bot.sandbox import SandboxControl, SandboxServer
from bot.settings import SANDBOX_TOKEN, BotSection, DatabaseSection, Settings
from bot.telegram import BotSession, answers_unread, create_bot
from models import outbox
from tests.integration.test_outbox import (
    BOT_ID,
    PNG,
    counts,
    database,
    rows,
    sender_for,
    sends,
    text_payload,
)

# What a mission card with an unescaped title looked like (observation 2).
BROKEN = "<b>You are assigned to a mission.</b>\n\n✅ <b>Formation <6253740</b> (MG-1)\nA &amp; B"
PLAIN = "You are assigned to a mission.\n\n✅ Formation <6253740 (MG-1)\nA & B"


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    async with SandboxServer() as server:
        yield server


@pytest.fixture
async def control(sandbox: SandboxServer) -> AsyncIterator[SandboxControl]:
    async with SandboxControl(sandbox.base_url, BOT_ID) as control:
        yield control


async def enqueue(
    factory: async_sessionmaker[AsyncSession], chat_id: int, payload: dict[str, Any]
) -> None:
    async with factory() as session:
        await outbox.enqueue(
            session,
            recipient_telegram_id=chat_id,
            recipient_user_id=None,
            kind=OutboxKind.MISSION_ASSIGNED,
            period="MG-1:assigned",
            payload=payload,
            now=datetime.now(UTC),
        )
        await session.commit()


def warned_plain(caplog: pytest.LogCaptureFixture) -> bool:
    return any(
        record.levelno == logging.WARNING and "as plain text" in record.getMessage()
        for record in caplog.records
    )


async def test_an_outbox_row_with_broken_html_is_delivered_as_plain_text(
    db_url: str,
    sandbox: SandboxServer,
    control: SandboxControl,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await control.set_rate_limits(True, global_per_second=30, per_chat_per_second=1)
    lova = control.user(601, "Lova")
    await lova.send("/start", wait=False)
    async with database(db_url) as factory:
        await enqueue(factory, 601, text_payload(BROKEN, protect_content=True))
        async with sender_for(sandbox, factory) as sender:
            stats = await sender.drain()
        [row] = await rows(factory)
        left = await counts(factory)

    assert (stats.sent, stats.failed, stats.retried) == (1, 0, 0)
    assert row.status is OutboxStatus.SENT
    assert row.telegram_message_id is not None
    assert (left["pending"], left["sending"]) == (0, 0)
    message = await lova.last()
    assert (message.text, message.parse_mode) == (PLAIN, None)
    assert message.protect_content  # only the formatting is dropped
    calls = await sends(control)
    assert [c.status for c in calls] == [400, 200]  # the twin waited for its own slot: no 429
    assert "can't parse entities" in (calls[0].error or "")
    assert warned_plain(caplog)


async def test_a_chart_whose_caption_is_broken_is_delivered_with_a_plain_caption(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    mona = control.user(602, "Mona")
    await mona.send("/start", wait=False)
    async with database(db_url) as factory:
        await enqueue(factory, 602, text_payload(BROKEN, photo_png_b64=PNG))
        async with sender_for(sandbox, factory) as sender:
            stats = await sender.drain()
        [row] = await rows(factory)
    assert (stats.sent, row.status) == (1, OutboxStatus.SENT)
    message = await mona.last()
    assert message.media is not None
    assert (message.text, message.parse_mode) == (PLAIN, None)


async def test_a_row_refused_even_as_plain_text_fails_and_is_not_left_pending(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    await control.user(603, "Eve").send("/start", wait=False)
    await control.inject_fault(
        "sendMessage", "400", count=2, description="Bad Request: can't parse entities: x"
    )
    async with database(db_url) as factory:
        await enqueue(factory, 603, text_payload(BROKEN))
        async with sender_for(sandbox, factory) as sender:
            stats = await sender.drain()
            again = await sender.drain()
        [row] = await rows(factory)
        left = await counts(factory)
    assert (stats.failed, stats.sent, again.sent, again.failed) == (1, 0, 0, 0)
    assert row.status is OutboxStatus.FAILED
    assert row.last_error == "Bad Request: can't parse entities: x"
    assert (left["pending"], left["sending"]) == (0, 0)
    assert len(await sends(control)) == 2  # the message, its plain twin, and nothing more


async def test_a_well_formed_row_is_sent_once_as_html(
    db_url: str, sandbox: SandboxServer, control: SandboxControl
) -> None:
    lova = control.user(604, "Lova")
    await lova.send("/start", wait=False)
    async with database(db_url) as factory:
        await enqueue(factory, 604, text_payload("<b>Formation &lt;6253740</b>"))
        async with sender_for(sandbox, factory) as sender:
            await sender.drain()
    message = await lova.last()
    assert (message.text, message.parse_mode) == ("Formation <6253740", "HTML")
    assert [c.status for c in await sends(control)] == [200]


def reply_settings(sandbox: SandboxServer) -> Settings:
    return Settings(
        bot=BotSection(token=SecretStr(SANDBOX_TOKEN), api_base=sandbox.base_url),
        db=DatabaseSection(url="sqlite+aiosqlite:///:memory:"),
        _env_file=None,
    )


async def test_a_reply_with_broken_html_is_delivered_as_plain_text(
    sandbox: SandboxServer, control: SandboxControl, caplog: pytest.LogCaptureFixture
) -> None:
    jean = control.user(605, "Jean")
    await jean.send("/start", wait=False)
    bot = create_bot(reply_settings(sandbox))
    try:
        owed = await send_replies(
            bot,
            [
                SendMessage(chat_id=605, text=BROKEN),  # the bot's default parse mode: HTML
                SendMessage(chat_id=605, text="<i>and then</i> &lt;b&gt;"),
            ],
        )
    finally:
        await bot.session.close()
    assert owed is False  # nothing left for a redelivery to send
    texts = [(m.text, m.parse_mode) for m in await jean.messages()]
    assert texts == [(PLAIN, None), ("and then <b>", "HTML")]
    assert [c.status for c in await sends(control)] == [400, 200, 200]
    assert warned_plain(caplog)


async def test_a_reply_refused_even_as_plain_text_is_given_up_not_owed(
    sandbox: SandboxServer, control: SandboxControl
) -> None:
    await control.user(606, "Jean").send("/start", wait=False)
    await control.inject_fault(
        "sendMessage", "400", count=2, description="Bad Request: can't parse entities: x"
    )
    bot = create_bot(reply_settings(sandbox))
    try:
        owed = await send_replies(bot, [SendMessage(chat_id=606, text=BROKEN)])
    finally:
        await bot.session.close()
    assert owed is False  # a 400 is final: a redelivery would not change it
    assert [c.status for c in await sends(control)] == [400, 400]


# An update's replies have Telegram's answers checked, not read (bot.telegram.answers_unread).
async def test_inside_the_block_the_answer_is_left_as_json_and_refusals_still_raise(
    sandbox: SandboxServer,
) -> None:
    bot = create_bot(reply_settings(sandbox))
    async with SandboxControl(sandbox.base_url, bot.id) as control:
        await control.user(701, "Jean").send("/start", wait=False)  # the chat exists
    try:
        read = await bot(SendMessage(chat_id=701, text="read"))
        assert isinstance(read, Message)  # outside the block: aiogram's objects, as always
        with answers_unread():
            # Typed as a Message; at run time, the answer's JSON.
            unread: Any = await bot(SendMessage(chat_id=701, text="<b>not read</b>"))
            assert isinstance(unread, dict)
            assert unread["message_id"] == read.message_id + 1
            assert unread["text"] == "not read"  # the answer itself, untouched
            with pytest.raises(TelegramBadRequest, match="can't parse entities"):
                await bot(SendMessage(chat_id=701, text="<b>broken"))
            with pytest.raises(TelegramBadRequest, match="text is empty"):
                await bot(SendMessage(chat_id=701, text=""))
        after = await bot(SendMessage(chat_id=701, text="read again"))
        assert isinstance(after, Message)  # the block's end restores the parsing
    finally:
        await bot.session.close()


# A call without files goes as one JSON body (bot.telegram.BotSession.json_body).
def session_of(bot: Bot) -> BotSession:
    assert isinstance(bot.session, BotSession)
    return bot.session


async def test_a_call_without_files_is_one_json_body_with_aiogram_s_own_values(
    sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = create_bot(reply_settings(sandbox))
    bodies: list[bytes | None] = []
    encode = session_of(bot).json_body

    def recorded(*args: Any) -> bytes | None:
        bodies.append(encode(*args))
        return bodies[-1]

    monkeypatch.setattr(bot.session, "json_body", recorded)
    keyboard = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="12"), KeyboardButton(text="« Back")]],
        resize_keyboard=True,
    )
    call = SendMessage(
        chat_id=702,
        text="<b>How many women</b> took part? 👩🏾",
        reply_markup=keyboard,
        disable_notification=False,
        message_thread_id=None,
        business_connection_id="",
    )
    try:
        body = session_of(bot).json_body(bot, call)
        assert body is not None
        assert json.loads(body) == {
            "chat_id": 702,
            "text": "<b>How many women</b> took part? 👩🏾",
            "parse_mode": "HTML",  # the bot's default, as in aiogram's form
            "disable_notification": False,
            "reply_markup": {
                "keyboard": [[{"text": "12"}, {"text": "« Back"}]],
                "resize_keyboard": True,
            },
        }  # None and "" are left out, as aiogram's form leaves them out
        async with SandboxControl(sandbox.base_url, bot.id) as control:
            officer = control.user(702, "Marie")
            await officer.send("/start", wait=False)  # the chat exists
            await bot(call)
            shown = await officer.last()
        assert bodies[-1] == body  # what went to the sandbox
        assert shown.text == "How many women took part? 👩🏾"
        assert shown.parse_mode == "HTML"
        assert [e["type"] for e in shown.entities] == ["bold"]
        assert shown.reply_keyboard is not None
        assert [[b["text"] for b in row] for row in shown.reply_keyboard["keyboard"]] == [
            ["12", "« Back"]
        ]
    finally:
        await bot.session.close()


async def test_a_call_with_a_file_is_still_aiogram_s_multipart_upload(
    sandbox: SandboxServer,
) -> None:
    bot = create_bot(reply_settings(sandbox))
    photo = SendPhoto(
        chat_id=703, photo=BufferedInputFile(base64.b64decode(PNG), "chart.png"), caption="Q3"
    )
    try:
        assert session_of(bot).json_body(bot, photo) is None
        async with SandboxControl(sandbox.base_url, bot.id) as control:
            manager = control.user(703, "Amina")
            await manager.send("/start", wait=False)
            await bot(photo)
            shown = await manager.last()
        assert shown.text == "Q3"
        assert shown.media is not None
    finally:
        await bot.session.close()


async def test_a_json_call_that_times_out_or_finds_no_server_is_a_network_error(
    sandbox: SandboxServer,
) -> None:
    settings = reply_settings(sandbox)
    settings.bot.max_retries = 0  # the error itself, not the retries around it
    settings.bot.request_timeout = 0.3
    bot = create_bot(settings)
    unreachable = settings.model_copy(deep=True)
    unreachable.bot.api_base = "http://127.0.0.1:9"  # discard: nobody listens there
    nowhere = create_bot(unreachable)
    try:
        async with SandboxControl(sandbox.base_url, bot.id) as control:
            await control.user(704, "Paul").send("/start", wait=False)
            await control.add_delay("sendMessage", 2.0, chat_id=704, count=1)
            with pytest.raises(TelegramNetworkError, match="Request timeout error"):
                await bot(SendMessage(chat_id=704, text="late"))
        with pytest.raises(TelegramNetworkError, match="ClientConnectorError"):
            await nowhere(SendMessage(chat_id=704, text="nowhere"))
    finally:
        await bot.session.close()
        await nowhere.session.close()

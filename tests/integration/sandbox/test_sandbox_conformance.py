"""Conformance: independent Bot API clients (python-telegram-bot 22, aiogram 3) vs the sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import telegram
from aiogram import Bot as AiogramBot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.types import BotCommand as AiogramBotCommand
from aiogram.types import BufferedInputFile
from aiogram.types import InlineKeyboardButton as AiogramButton
from aiogram.types import InlineKeyboardMarkup as AiogramMarkup
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from telegram.error import BadRequest, Forbidden, RetryAfter

from bot.sandbox import SandboxControl, SandboxServer
from tests.integration.sandbox.helpers import BOT_ID, TOKEN


@pytest.fixture
async def ptb(sandbox: SandboxServer) -> AsyncIterator[telegram.Bot]:
    bot = telegram.Bot(TOKEN, base_url=f"{sandbox.base_url}/bot")
    await bot.initialize()
    yield bot
    await bot.shutdown()


@pytest.fixture
async def aiogram_bot(sandbox: SandboxServer) -> AsyncIterator[AiogramBot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(sandbox.base_url))
    bot = AiogramBot(TOKEN, session=session)
    yield bot
    await bot.session.close()


async def test_python_telegram_bot_speaks_to_the_sandbox(
    ptb: telegram.Bot, control: SandboxControl
) -> None:
    me = await ptb.get_me()
    assert (me.id, me.is_bot, me.username) == (BOT_ID, True, f"sandbox_{BOT_ID}_bot")
    alice = control.user(7, "Alice")
    await alice.send("/start", wait=False)
    updates = await ptb.get_updates(timeout=1)
    assert updates[0].message is not None
    assert updates[0].message.text == "/start"
    assert updates[0].message.entities[0].type == "bot_command"
    await ptb.get_updates(offset=updates[-1].update_id + 1)

    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])
    sent = await ptb.send_message(7, "<b>Pick</b>", parse_mode="HTML", reply_markup=markup)
    assert sent.text == "Pick"
    assert sent.reply_markup == markup
    edited = await ptb.edit_message_text("Picked", chat_id=7, message_id=sent.message_id)
    assert isinstance(edited, telegram.Message)
    assert edited.text == "Picked"
    assert edited.edit_date is not None

    await ptb.edit_message_reply_markup(7, sent.message_id, reply_markup=markup)
    await alice.tap("Yes", wait=False)
    (update,) = await ptb.get_updates(offset=updates[-1].update_id + 1)
    assert update.callback_query is not None
    assert update.callback_query.data == "yes"
    assert await ptb.answer_callback_query(update.callback_query.id, text="Saved")
    assert [a["text"] for a in await alice.callback_answers()] == ["Saved"]

    photo = await ptb.send_photo(7, b"\x89PNG fake image bytes", caption="chart")
    assert photo.photo[-1].file_size == 21
    assert photo.caption == "chart"

    scope = BotCommandScopeChat(7)
    await ptb.set_my_commands([BotCommand("report", "Report")], scope=scope, language_code="fr")
    commands = await ptb.get_my_commands(scope=scope, language_code="fr")
    assert [(c.command, c.description) for c in commands] == [("report", "Report")]


async def test_python_telegram_bot_error_mapping(
    ptb: telegram.Bot, control: SandboxControl, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # PTB 22's opt-in: retry_after as timedelta
    await control.user(7, "Alice").send("hi", wait=False)
    with pytest.raises(BadRequest, match="Message is too long"):
        await ptb.send_message(7, "a" * 4097)
    await control.inject_fault("sendMessage", "429", retry_after=3)
    with pytest.raises(RetryAfter) as retry:
        await ptb.send_message(7, "hi")
    assert isinstance(retry.value.retry_after, timedelta)
    assert retry.value.retry_after.total_seconds() == 3
    await control.block(7)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await ptb.send_message(7, "hi")


async def test_aiogram_speaks_to_the_sandbox(
    aiogram_bot: AiogramBot, control: SandboxControl
) -> None:
    me = await aiogram_bot.get_me()
    assert me.id == BOT_ID
    alice = control.user(8, "Ana")
    await alice.send("/start@sandbox_bot payload", wait=False)
    updates = await aiogram_bot.get_updates(timeout=1)
    assert updates[0].message is not None
    assert updates[0].message.text == "/start@sandbox_bot payload"

    markup = AiogramMarkup(inline_keyboard=[[AiogramButton(text="Oui", callback_data="oui")]])
    sent = await aiogram_bot.send_message(
        8, "<i>Choisir</i>", parse_mode="HTML", reply_markup=markup
    )
    assert sent.text == "Choisir"
    edited = await aiogram_bot.edit_message_text(
        text="Choisi", chat_id=8, message_id=sent.message_id, reply_markup=markup
    )
    assert not isinstance(edited, bool)
    assert edited.text == "Choisi"
    await alice.tap("Oui", wait=False)
    (update,) = await aiogram_bot.get_updates(offset=updates[-1].update_id + 1)
    assert update.callback_query is not None
    assert await aiogram_bot.answer_callback_query(update.callback_query.id, text="ok")

    photo = await aiogram_bot.send_photo(8, BufferedInputFile(b"img", filename="c.png"))
    assert photo.photo is not None
    assert photo.photo[-1].file_size == 3
    assert (await alice.last()).media == {
        "type": "photo",
        "file_name": "c.png",
        "mime_type": "application/octet-stream",
        "size": 3,
    }
    assert await aiogram_bot.set_my_commands(
        [AiogramBotCommand(command="help", description="Help")]
    )
    assert [c.command for c in await aiogram_bot.get_my_commands()] == ["help"]
    assert await aiogram_bot.send_chat_action(8, "typing")
    assert await aiogram_bot.delete_message(8, sent.message_id)


async def test_aiogram_error_mapping(aiogram_bot: AiogramBot, control: SandboxControl) -> None:
    await control.user(8, "Ana").send("hi", wait=False)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await aiogram_bot.send_message(8, "a" * 4097)
    await control.inject_fault("sendMessage", "429", retry_after=2)
    with pytest.raises(TelegramRetryAfter) as retry:
        await aiogram_bot.send_message(8, "hi")
    assert retry.value.retry_after == 2
    await control.block(8)
    with pytest.raises(TelegramForbiddenError):
        await aiogram_bot.send_message(8, "hi")

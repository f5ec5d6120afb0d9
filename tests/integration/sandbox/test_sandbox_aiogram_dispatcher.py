"""A real aiogram Dispatcher, by polling and by webhook, driven through the control API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.sandbox import SandboxControl, SandboxServer
from tests.integration.sandbox.helpers import TOKEN


def _dispatcher() -> Dispatcher:
    router = Router()

    @router.message(F.text == "/start")
    async def start(message: Message) -> None:
        await asyncio.sleep(0.02)
        markup = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Go", callback_data="go")]]
        )
        await message.answer("Hello <b>there</b>", parse_mode="HTML", reply_markup=markup)

    @router.callback_query(F.data == "go")
    async def go(query: CallbackQuery) -> None:
        await query.answer("went")
        if isinstance(query.message, Message):
            await query.message.edit_text("Gone")

    @router.message()
    async def echo(message: Message) -> SendMessage:
        return SendMessage(chat_id=message.chat.id, text=f"echo {message.text}")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


@pytest.fixture
async def bot(sandbox: SandboxServer) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(sandbox.base_url))
    instance = Bot(TOKEN, session=session)
    yield instance
    await instance.session.close()


async def test_polling_conversation(bot: Bot, control: SandboxControl) -> None:
    dispatcher = _dispatcher()
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1)
    )
    try:
        alice = control.user(5, "Alice")
        await alice.send("/start")
        last = await alice.last()
        assert last.text == "Hello there"
        assert last.button_texts() == ["Go"]
        await alice.tap("Go")
        assert [m.text for m in await alice.replies()] == ["Gone"]
        assert [a["text"] for a in await alice.callback_answers()] == ["went"]
    finally:
        await dispatcher.stop_polling()
        await polling


@pytest.mark.parametrize("in_background", [False, True])
async def test_webhook_conversation(
    bot: Bot, control: SandboxControl, in_background: bool
) -> None:
    app = web.Application()
    handler = SimpleRequestHandler(
        _dispatcher(), bot, secret_token="abc", handle_in_background=in_background
    )
    handler.register(app, "/wh")
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/wh", secret_token="abc")
        alice = control.user(5, "Alice")
        await alice.send("hi")
        assert alice.last_answer["handled"] is True
        assert [m.text for m in await alice.replies()] == ["echo hi"]
    finally:
        await runner.cleanup()

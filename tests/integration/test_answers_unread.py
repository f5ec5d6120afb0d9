"""An update's replies have Telegram's answers checked, not read (bot.telegram.answers_unread).

Against the Bot API sandbox over HTTP, through the production bot (create_bot)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import SendMessage
from aiogram.types import Message
from pydantic import SecretStr

from bot.sandbox import SandboxControl, SandboxServer
from bot.settings import SANDBOX_TOKEN, BotSection, DatabaseSection, Settings
from bot.telegram import answers_unread, create_bot


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    async with SandboxServer() as server:
        yield server


def settings(sandbox: SandboxServer) -> Settings:
    return Settings(
        bot=BotSection(token=SecretStr(SANDBOX_TOKEN), api_base=sandbox.base_url),
        db=DatabaseSection(url="sqlite+aiosqlite:///:memory:"),
        _env_file=None,
    )


async def test_inside_the_block_the_answer_is_left_as_json_and_refusals_still_raise(
    sandbox: SandboxServer,
) -> None:
    bot = create_bot(settings(sandbox))
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

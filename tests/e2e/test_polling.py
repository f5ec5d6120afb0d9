"""Long polling: the same conversation as the webhook, and no update dropped at start."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from bot.domain.enums import Role
from bot.sandbox import SandboxServer
from bot.settings import SANDBOX_TOKEN
from tests.e2e.harness import next_message, running_bot


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    """With polling, "handled" means confirmed by getUpdates and then a quiet moment."""
    async with SandboxServer(settle_seconds=0.5) as server:
        yield server


async def test_a_field_officer_joins_over_long_polling(
    sandbox: SandboxServer, db_url: str
) -> None:
    async with running_bot(sandbox, db_url, mode="polling") as fieldbot:
        code = await fieldbot.invite_code(Role.FIELD_STAFF, ("NE",))
        aisha = fieldbot.user(2001, "Aïcha", language_code="fr")
        await aisha.send(f"/start {code}")
        assert "Bienvenue, Aïcha" in (await aisha.messages())[-2].text
        await aisha.send("/help")
        assert "Niger" in (await aisha.last()).text


async def test_updates_sent_while_the_bot_was_down_are_handled_at_start(
    sandbox: SandboxServer, db_url: str
) -> None:
    async with running_bot(sandbox, db_url, mode="polling") as fieldbot:
        jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
        await fieldbot.stop()
        await jean.send("/help", wait=False)
        await fieldbot.start()
        reply = await next_message(jean, already=0)
        assert "What you can do" in reply.text


async def test_an_update_that_is_not_an_update_is_dropped_and_the_next_one_is_handled(
    sandbox: SandboxServer, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_bot(sandbox, db_url, mode="polling") as fieldbot:
        jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
        await fieldbot.stop()
        # While the bot is down, Telegram queues a message whose chat is not a chat (a newer
        # Bot API, a broken proxy), then Jean's /help.
        state = sandbox.state.bot(int(SANDBOX_TOKEN.split(":")[0]))
        broken = state.enqueue("message", {"message_id": 1, "date": 0, "chat": "?"}, 2001)
        await jean.send("/help", wait=False)
        with caplog.at_level(logging.WARNING, logger="bot.polling"):
            await fieldbot.start()
            reply = await next_message(jean, already=0)
        assert "What you can do" in reply.text
        assert "Dropped a malformed update: not an Update" in caplog.text
        assert "'?'" not in caplog.text  # its content is not logged
        for _ in range(100):  # the next getUpdates confirms it: Telegram will not send it again
            if broken.confirmed_at is not None:
                break
            await asyncio.sleep(0.05)
        assert broken.confirmed_at is not None

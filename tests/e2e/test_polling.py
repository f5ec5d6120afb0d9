"""Long polling: the same conversation as the webhook, and no update dropped at start."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.domain.enums import Role
from bot.sandbox import SandboxServer
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

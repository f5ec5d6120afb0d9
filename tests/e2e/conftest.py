"""Fixtures for the end-to-end tests (the harness itself is in tests/e2e/harness.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.sandbox import SandboxServer
from tests.e2e.harness import BotUnderTest, running_bot


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    # The bot answers a webhook only after handling the update, so no quiet period is needed.
    async with SandboxServer(settle_seconds=0.0) as server:
        yield server


@pytest.fixture
async def fieldbot(sandbox: SandboxServer, db_url: str) -> AsyncIterator[BotUnderTest]:
    """The bot in webhook mode: each simulated message returns once it has been handled."""
    async with running_bot(sandbox, db_url) as bot:
        yield bot

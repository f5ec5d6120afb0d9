"""Fixtures: a running sandbox, a raw Bot API caller and a control client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.sandbox import SandboxControl, SandboxServer
from tests.integration.sandbox.helpers import BOT_ID, TOKEN, ApiCaller


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    async with SandboxServer(
        webhook_retry_delays=(0.02, 0.04, 0.08), settle_seconds=0.05
    ) as server:
        yield server


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def api(sandbox: SandboxServer, http: aiohttp.ClientSession) -> ApiCaller:
    """Call a Bot API method with a JSON body; returns (HTTP status, body)."""

    async def call(method: str, token: str = TOKEN, **params: Any) -> tuple[int, dict[str, Any]]:
        url = f"{sandbox.base_url}/bot{token}/{method}"
        async with http.post(url, json=params) as response:
            body: dict[str, Any] = await response.json()
            return response.status, body

    return call


@pytest.fixture
async def control(sandbox: SandboxServer) -> AsyncIterator[SandboxControl]:
    async with SandboxControl(sandbox.base_url, BOT_ID) as client:
        yield client

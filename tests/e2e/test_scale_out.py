"""Two webhook worker processes sharing PostgreSQL and Redis finish one conversation."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.sandbox import SandboxControl, SandboxServer
from bot.services import add_admin
from bot.settings import SANDBOX_TOKEN, DatabaseSection, Settings
from bot.telegram import ALLOWED_UPDATES

pytestmark = [pytest.mark.pg, pytest.mark.redis]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Worker:
    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}/telegram/webhook"
        self.log = log
        self._file = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--webhook"],
            env={**env, "FIELDBOT_WEBHOOK__PORT": str(port)},
            stdout=self._file,
            stderr=subprocess.STDOUT,
        )

    async def wait_ready(self) -> None:
        # Generous: a first start on a fresh machine also builds caches (fonts, bytecode).
        async with aiohttp.ClientSession() as http:
            for _ in range(1200):
                if self.proc.poll() is not None:
                    raise AssertionError(self.log.read_text())
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)
        raise AssertionError(f"worker on {self.port} did not start:\n{self.log.read_text()}")

    def stop(self) -> tuple[int, str]:
        """SIGTERM: the worker finishes what is in progress, then exits; (exit code, log)."""
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._file.close()
        return code, self.log.read_text()


@pytest.fixture
def workers_env(pg_url: str, redis_url: str, sandbox: SandboxServer) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("FIELDBOT_")}
    env.update(
        FIELDBOT_DB__URL=pg_url,
        FIELDBOT_REDIS_URL=redis_url,
        FIELDBOT_BOT__API_BASE=sandbox.base_url,
        FIELDBOT_BOT__TOKEN=SANDBOX_TOKEN,
        FIELDBOT_WEBHOOK__SECRET_TOKEN=secrets.token_urlsafe(24),
        FIELDBOT_LOG_LEVEL="INFO",
    )
    return env


@pytest.fixture
async def test_bot(sandbox: SandboxServer) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(sandbox.base_url))
    bot = Bot(SANDBOX_TOKEN, session=session)
    yield bot
    await bot.session.close()


async def test_two_webhook_workers_complete_one_conversation_between_them(
    workers_env: dict[str, str],
    pg_url: str,
    test_bot: Bot,
    sandbox: SandboxServer,
    tmp_path: Path,
) -> None:
    await add_admin(Settings(db=DatabaseSection(url=pg_url), _env_file=None), 1001, "Amina")
    workers = [Worker(workers_env, _free_port(), tmp_path / f"worker{i}.log") for i in (1, 2)]
    secret = workers_env["FIELDBOT_WEBHOOK__SECRET_TOKEN"]
    try:
        await asyncio.gather(*(w.wait_ready() for w in workers))
        turn = 0

        async def next_worker() -> None:
            nonlocal turn
            worker = workers[turn % 2]
            turn += 1
            await test_bot.set_webhook(
                worker.url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
            )

        async with SandboxControl(sandbox.base_url, test_bot.id) as control:
            amina = control.user(1001, "Amina")
            await next_worker()
            await amina.send("/invite")
            await next_worker()
            await amina.tap("Manager")
            await next_worker()
            await amina.send("HT, NE")
            await next_worker()
            await amina.tap("7 days")
            assert "https://t.me/" in (await amina.last()).text
    finally:
        stopped = [w.stop() for w in workers]
    for code, log in stopped:
        assert code == 0, log  # a clean exit on SIGTERM
        assert log.count(") handled by ") == 2, log  # bot.metrics: one line per update

"""The production bot, built by the production factories, talking to the sandbox over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import secrets
from collections.abc import AsyncIterator, Sequence
from typing import Any

from pydantic import SecretStr

from bot.app import App
from bot.demo import bot_on_sandbox
from bot.domain.enums import Role
from bot.domain.timezones import today_in
from bot.sandbox import BotMessage, SandboxControl, SandboxServer, SimUser
from bot.settings import SANDBOX_TOKEN, BotSection, DatabaseSection, Settings, WebhookSection
from models import queries
from scheduler.outbox import OutboxSender, create_outbox_bot
from tests.factories import member


def members_today() -> dt.date:
    """Today for the members the harness seeds: they chose UTC (tests.factories.member; never
    the machine's local date, which CI sets far from UTC)."""
    return today_in("UTC")


class BotUnderTest:
    """One bot process (webhook or polling) that tests can stop, restart and inspect."""

    def __init__(self, settings: Settings, sandbox: SandboxServer, mode: str) -> None:
        self.settings = settings
        self.sandbox = sandbox
        self.mode = mode
        self.app: App | None = None
        self._stack: contextlib.AsyncExitStack | None = None
        self.webhook_url = ""
        self.control = SandboxControl(sandbox.base_url, int(SANDBOX_TOKEN.split(":")[0]))

    async def start(self) -> None:
        stack = contextlib.AsyncExitStack()
        served = await stack.enter_async_context(bot_on_sandbox(self.settings, mode=self.mode))
        self.app, self.webhook_url = served.app, served.webhook_url
        self._stack = stack

    async def stop(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()
            self._stack = None
            self.app = None

    async def restart(self) -> None:
        """Stop the bot process and start a new one on the same database and sandbox."""
        await self.stop()
        await self.start()

    async def drain_outbox(self) -> None:
        """Send what waits in the outbox now, as the scheduler's sender would."""
        assert self.app is not None
        bot = create_outbox_bot(self.settings)
        try:
            await OutboxSender(self.app.session_factory, bot).drain()
        finally:
            await bot.session.close()

    def user(
        self,
        user_id: int,
        first_name: str = "User",
        language_code: str | None = "en",
        **kwargs: Any,
    ) -> SimUser:
        return self.control.user(user_id, first_name, language_code=language_code, **kwargs)

    async def member(
        self,
        user_id: int,
        first_name: str,
        role: Role,
        countries: Sequence[str] = (),
        *,
        language_code: str | None = "en",
    ) -> SimUser:
        """A user who already joined with `role` (seeded in the database, as the CLI does)."""
        assert self.app is not None
        async with self.app.session_factory() as session:
            await member(
                session, user_id, role, countries, name=first_name, telegram_language=language_code
            )
        return self.user(user_id, first_name, language_code)

    async def invite_code(
        self,
        role: Role,
        countries: Sequence[str] = ("HT",),
        *,
        expires_in: dt.timedelta = dt.timedelta(days=7),
        max_uses: int = 1,
    ) -> str:
        assert self.app is not None
        async with self.app.session_factory() as session:
            code, _ = await queries.create_invite(
                session,
                role=role,
                countries=countries,
                all_countries=not countries,
                expires_at=dt.datetime.now(dt.UTC) + expires_in,
                max_uses=max_uses,
                created_by_user_id=None,
            )
            await session.commit()
        return code


def bot_settings(
    sandbox: SandboxServer,
    db_url: str,
    redis_url: str | None = None,
    *,
    request_timeout: int = 5,
) -> Settings:
    return Settings(
        bot=BotSection(
            token=SecretStr(SANDBOX_TOKEN),
            api_base=sandbox.base_url,
            request_timeout=request_timeout,
            max_backoff=0.5,
        ),
        db=DatabaseSection(url=db_url),
        webhook=WebhookSection(
            host="127.0.0.1", port=0, secret_token=SecretStr(secrets.token_urlsafe(24))
        ),
        redis_url=redis_url,
        _env_file=None,
    )


@contextlib.asynccontextmanager
async def running_bot(
    sandbox: SandboxServer,
    db_url: str,
    mode: str = "webhook",
    redis_url: str | None = None,
    *,
    request_timeout: int = 5,
) -> AsyncIterator[BotUnderTest]:
    settings = bot_settings(sandbox, db_url, redis_url, request_timeout=request_timeout)
    bot = BotUnderTest(settings, sandbox, mode)
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()
        await bot.control.close()


async def next_message(user: SimUser, already: int, wait_seconds: float = 10.0) -> BotMessage:
    """The first bot message after the `already` ones, once it arrives."""
    deadline = asyncio.get_running_loop().time() + wait_seconds
    while True:
        messages = await user.messages()
        if len(messages) > already:
            return messages[already]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no reply within {wait_seconds} s\n{await user.transcript()}")
        await asyncio.sleep(0.05)


def command_update(update_id: int, user_id: int, text: str) -> dict[str, object]:
    """A raw Update: Jean's private message `text`, a command, as Telegram would post it."""
    user = {"id": user_id, "is_bot": False, "first_name": "Jean", "language_code": "en"}
    command = text.split()[0]
    return {
        "update_id": update_id,
        "message": {
            "message_id": 9000,
            "date": 1_700_000_000,
            "chat": {"id": user_id, "type": "private", "first_name": "Jean"},
            "from": user,
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        },
    }

"""Nothing twice, nothing lost: redelivery, restarts, rate limits, faults, the webhook's lock."""

from __future__ import annotations

import asyncio
import io
import itertools
import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import build_app
from bot.domain.enums import Role
from bot.logs import setup_logging
from bot.middlewares import UnitOfWorkMiddleware
from bot.sandbox import SandboxControl, SandboxServer
from bot.settings import BotSection
from models import outbox
from models.tables import Invite, Report, User
from tests.e2e.harness import BotUnderTest, bot_settings, command_update, running_bot
from tests.e2e.test_reports import fill_training

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def test_the_same_update_delivered_twice_has_one_effect(
    fieldbot: BotUnderTest, http: aiohttp.ClientSession
) -> None:
    code = await fieldbot.invite_code(Role.FIELD_STAFF, max_uses=5)
    jean = fieldbot.user(2001, "Jean")
    await jean.send("hello")  # the chat now exists in the sandbox
    secret = fieldbot.settings.webhook.secret_token
    assert secret is not None
    update = command_update(77_000_001, 2001, f"/start {code}")
    for _ in range(2):
        async with http.post(
            fieldbot.webhook_url, json=update, headers={SECRET_HEADER: secret.get_secret_value()}
        ) as response:
            assert response.status == 200
    welcomes = [m for m in await jean.messages() if "Welcome" in m.text]
    assert len(welcomes) == 1
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert await session.scalar(select(Invite.uses)) == 1


async def test_a_redelivery_that_would_now_fail_is_ignored_and_not_apologised_for(
    fieldbot: BotUnderTest, http: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = await fieldbot.invite_code(Role.FIELD_STAFF)
    jean = fieldbot.user(2001, "Jean")
    await jean.send(f"/start {code}")
    secret = fieldbot.settings.webhook.secret_token
    assert secret is not None
    headers = {SECRET_HEADER: secret.get_secret_value()}
    update = command_update(77_000_011, 2001, "/help")
    async with http.post(fieldbot.webhook_url, json=update, headers=headers) as response:
        assert response.status == 200
    before = await jean.messages()

    def broken(*_args: object) -> str:
        raise RuntimeError("the handler fails on the newer state")

    # The update is handled again (no SELECT first), fails, and is then found handled.
    monkeypatch.setattr("handlers.common.help_text", broken)
    async with http.post(fieldbot.webhook_url, json=update, headers=headers) as response:
        assert response.status == 200

    assert await jean.messages() == before  # neither a second answer nor an apology


async def test_the_webhook_refuses_requests_without_the_secret(
    fieldbot: BotUnderTest, http: aiohttp.ClientSession
) -> None:
    update = command_update(77_000_002, 2001, "/start")
    async with http.post(fieldbot.webhook_url, json=update) as response:
        assert response.status == 401
    async with http.post(
        fieldbot.webhook_url, json=update, headers={SECRET_HEADER: "wrong-secret"}
    ) as response:
        assert response.status == 401
    stats = await fieldbot.control.stats()
    assert stats["messages_sent"] == 0


async def test_a_malformed_but_authenticated_update_is_acknowledged_and_dropped(
    fieldbot: BotUnderTest, http: aiohttp.ClientSession
) -> None:
    secret = fieldbot.settings.webhook.secret_token
    assert secret is not None
    headers = {SECRET_HEADER: secret.get_secret_value()}
    for body in (b"{not json", b'{"update_id": "seven"}', b"[]"):
        async with http.post(fieldbot.webhook_url, data=body, headers=headers) as response:
            assert response.status == 200
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/help")  # the bot is still fine
    assert "What you can do" in (await jean.last()).text


async def test_a_restart_mid_conversation_resumes_it(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/invite")
    await amina.tap("Manager")
    await fieldbot.restart()
    await amina.send("HT, NE")
    assert "How long" in (await amina.last()).text
    await amina.tap("30 days")
    assert "https://t.me/" in (await amina.last()).text


async def test_a_429_storm_is_waited_out_and_nothing_is_lost(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fieldbot.control.inject_fault("sendMessage", "429", count=3, retry_after=1)
    await jean.send("/help")
    assert "What you can do" in (await jean.last()).text
    calls = await fieldbot.control.calls("sendMessage")
    assert [c.status for c in calls] == [429, 429, 429, 200]
    for before, after in itertools.pairwise(calls):
        assert before.ended is not None
        assert after.started - before.ended >= 0.95  # retry_after honoured


async def test_server_errors_and_timeouts_are_retried(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fieldbot.control.inject_fault("sendMessage", "500", count=2)
    await fieldbot.control.inject_fault("sendMessage", "timeout", count=1, hold_seconds=6)
    await jean.send("/help")
    assert "What you can do" in (await jean.last()).text
    statuses = [c.status for c in await fieldbot.control.calls("sendMessage")]
    assert statuses[:2] == [500, 500]
    assert statuses[-1] == 200


async def test_the_sandbox_refuses_a_4097_character_text_as_telegram_does(
    fieldbot: BotUnderTest,
) -> None:
    await fieldbot.user(2001, "Jean").send("hello")
    assert fieldbot.app is not None
    bot = fieldbot.app.bot
    await bot.send_message(2001, "x" * 4096)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(2001, "x" * 4097)


async def test_the_token_never_reaches_the_log(sandbox: SandboxServer, db_url: str) -> None:
    canary = "987654321:CANARYcanaryCANARYcanaryCANARY_canary"
    stream = io.StringIO()
    root = logging.getLogger()
    handler = logging.StreamHandler(stream)
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        settings = bot_settings(sandbox, db_url).model_copy(
            update={
                "bot": BotSection(
                    token=SecretStr(canary),
                    api_base=sandbox.base_url,
                    max_retries=2,
                    max_backoff=0.1,
                )
            }
        )
        setup_logging(settings)
        async with running_bot(sandbox, db_url) as fieldbot:
            fieldbot.settings = settings
            fieldbot.control = SandboxControl(sandbox.base_url, 987654321)
            await fieldbot.restart()
            jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
            await fieldbot.control.inject_fault("sendMessage", "500", count=10)
            await jean.send("/help")  # retried, given up, logged with a traceback
        unreachable = settings.model_copy(
            update={
                "bot": BotSection(
                    token=SecretStr(canary),
                    api_base="http://127.0.0.1:9",
                    max_retries=1,
                    max_backoff=0.1,
                )
            }
        )
        app = await build_app(unreachable)
        try:
            with pytest.raises(TelegramNetworkError):
                await app.bot.get_me()
        finally:
            await app.close()
        # A library that logs a request URL (aiohttp's client tracing does) is redacted too.
        logging.getLogger("aiohttp.client").error(
            "POST %s failed", f"{sandbox.base_url}/bot{canary}/sendMessage"
        )
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    output = stream.getvalue()
    assert "CANARYcanary" not in output
    assert "TelegramServerError" in output  # the failures were logged...
    assert "TelegramNetworkError" in output
    assert f"{sandbox.base_url}/bot<token>/sendMessage" in output  # ...and the token redacted


async def is_active(fieldbot: BotUnderTest, telegram_id: int) -> bool:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        active = await session.scalar(select(User.active).where(User.telegram_id == telegram_id))
    return bool(active)


async def test_an_officer_who_blocks_the_bot_mid_form_is_marked_away_then_picked_up_on_return(
    fieldbot: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"], language_code="fr")
    await jean.send("/report")
    await jean.tap("Formation")
    # He answers, then blocks the bot before the next question reaches him.
    await fieldbot.control.inject_fault("sendMessage", "403", count=1)
    await jean.send("Jacmel")

    assert not await is_active(fieldbot, 2001)  # nothing more is sent to him (digests...)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == []  # a blocked user is no failure to retry
    assert any("blocked the bot" in r.getMessage() for r in caplog.records)

    await jean.send("Justice")  # he comes back; his answer is where he left it
    assert "Étape 4/" in (await jean.last()).text
    assert await is_active(fieldbot, 2001)


async def test_a_confirmation_lost_to_a_long_telegram_outage_is_sent_once_telegram_is_back(
    fieldbot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    # Telegram answers 502 for longer than the client's own retries last.
    await fieldbot.control.inject_fault("sendMessage", "502", count=6)
    await jean.tap("Submit")
    assert not [m for m in await jean.messages() if "Counted for Haiti" in m.text]

    await fieldbot.drain_outbox()  # Telegram is back: the outbox sender's next run
    confirmations = [m for m in await jean.messages() if "Counted for Haiti" in m.text]
    assert len(confirmations) == 1  # not silence, and not twice
    await jean.send("/myreports")  # the next step works
    assert "Your reports (1–1 / 1)" in (await jean.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert len((await session.scalars(select(Report))).all()) == 1


async def test_a_confirmation_the_outbox_cannot_take_either_is_tried_again_from_memory(
    fieldbot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(UnitOfWorkMiddleware, "OWED_RETRY_DELAYS", (0.5, 1.0))

    async def failing(*args: object, **kwargs: object) -> int:
        raise OSError("disk I/O error")

    monkeypatch.setattr(outbox, "enqueue_replies", failing)
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await fieldbot.control.inject_fault("sendMessage", "502", count=6)
    await jean.tap("Submit")
    assert not [m for m in await jean.messages() if "Counted for Haiti" in m.text]

    await asyncio.sleep(2.5)  # Telegram is back
    assert len([m for m in await jean.messages() if "Counted for Haiti" in m.text]) == 1


async def test_a_redelivery_while_the_owed_replies_wait_to_be_tried_again_sends_them_once(
    fieldbot: BotUnderTest, http: aiohttp.ClientSession
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/settings")  # the chat exists in the sandbox
    secret = fieldbot.settings.webhook.secret_token
    assert secret is not None
    headers = {SECRET_HEADER: secret.get_secret_value()}
    update = command_update(77_000_021, 2001, "/help")
    await fieldbot.control.inject_fault("sendMessage", "502", count=6)
    for _ in range(2):  # Telegram gave up waiting for the first answer and sends it again
        async with http.post(fieldbot.webhook_url, json=update, headers=headers) as response:
            assert response.status == 200

    await fieldbot.drain_outbox()
    assert len([m for m in await jean.messages() if "What you can do" in m.text]) == 1


async def test_a_question_the_officer_deleted_is_no_warning_and_the_form_goes_on(
    fieldbot: BotUnderTest, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"], language_code="fr")
    await jean.send("/report")
    # He deleted the question before his tap reached the bot: its edit finds no message.
    await fieldbot.control.inject_fault(
        "editMessageReplyMarkup", "400", description="message to edit not found"
    )
    await jean.tap("Formation")
    assert "Étape 2/" in (await jean.last()).text
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert any("message to edit not found" in r.getMessage() for r in caplog.records)


async def test_a_tap_telegram_would_not_let_the_bot_answer_still_gets_the_next_question(
    fieldbot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(UnitOfWorkMiddleware, "OWED_RETRY_DELAYS", (60.0,))
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"], language_code="fr")
    await jean.send("/report")
    await fieldbot.control.inject_fault("answerCallbackQuery", "502", count=6)
    await jean.tap("Formation")  # only the spinner on his button is lost
    assert "Étape 2/" in (await jean.last()).text

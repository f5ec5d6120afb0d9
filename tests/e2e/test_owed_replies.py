"""Replies Telegram did not take after the update's commit (a long 5xx outage) are queued in the
outbox: a restart does not lose them, they arrive once, and a chat's arrive in their order."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.domain.enums import OutboxKind, OutboxStatus, Role
from bot.middlewares import UnitOfWorkMiddleware
from models.tables import OutboxMessage, Report
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import fill_training

# The client's own tries of one call (the harness's bot: 1 + 5 retries).
ONE_CALL = 6


@pytest.fixture(autouse=True)
def _no_retry_from_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    # A retry kept in memory would be lost by the restart anyway; far out, it cannot help.
    monkeypatch.setattr(UnitOfWorkMiddleware, "OWED_RETRY_DELAYS", (600.0,))


async def _owed(fieldbot: BotUnderTest) -> list[tuple[str, str]]:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        rows = await session.execute(
            select(OutboxMessage.period, OutboxMessage.status)
            .where(OutboxMessage.kind == OutboxKind.REPLY.value)
            .order_by(OutboxMessage.id)
        )
        return [(str(period), str(status)) for period, status in rows]


async def test_a_confirmation_owed_when_the_bot_restarts_arrives_once_after_it(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    # Telegram answers 502 for longer than the client's own retries last.
    await fieldbot.control.inject_fault("sendMessage", "502", count=ONE_CALL)
    await jean.tap("Submit")
    assert not [m for m in await jean.messages() if "Counted for Haiti" in m.text]

    await fieldbot.restart()  # a deploy: the process that owed the reply is gone
    await fieldbot.drain_outbox()
    await fieldbot.drain_outbox()  # a second sender run sends nothing again

    confirmations = [m for m in await jean.messages() if "Counted for Haiti" in m.text]
    assert len(confirmations) == 1
    assert [status for _period, status in await _owed(fieldbot)] == [OutboxStatus.SENT.value]
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert len((await session.scalars(select(Report))).all()) == 1
    await jean.send("/myreports")  # the next step works
    assert "Your reports (1–1 / 1)" in (await jean.last()).text


async def test_owed_replies_of_one_chat_arrive_in_the_order_they_were_owed(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/settings")  # the chat exists in the sandbox
    before = len(await jean.messages())
    await fieldbot.control.inject_fault("sendMessage", "502", count=2 * ONE_CALL)
    await jean.send("/help")
    await jean.send("/language")
    assert len(await jean.messages()) == before
    assert len(await _owed(fieldbot)) == 2

    # Telegram still fails the first one once: the second must wait for it, not overtake it.
    await fieldbot.control.inject_fault("sendMessage", "502", count=1)
    await fieldbot.drain_outbox()
    assert len(await jean.messages()) == before
    await asyncio.sleep(1.3)  # the first one's backoff
    await fieldbot.drain_outbox()

    sent = (await jean.messages())[before:]
    assert len(sent) == 2
    assert "What you can do" in sent[0].text
    assert "What you can do" not in sent[1].text
    assert [status for _period, status in await _owed(fieldbot)] == [OutboxStatus.SENT.value] * 2


async def test_queueing_owed_replies_wakes_the_sender_of_this_process(
    fieldbot: BotUnderTest,
) -> None:
    assert fieldbot.app is not None
    woken: list[bool] = []
    fieldbot.app.dispatcher["wake_outbox"] = lambda: woken.append(True)
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/settings")
    assert woken == []  # a reply Telegram took: nothing to drain
    await fieldbot.control.inject_fault("sendMessage", "502", count=ONE_CALL)
    await jean.send("/help")
    assert woken == [True]

"""An owed edit that the user's next tap has already made: the outbox's late try is answered
"message is not modified", which is no failure (the message shows what the edit wanted)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.domain.enums import OutboxKind, OutboxStatus, Role
from bot.middlewares import UnitOfWorkMiddleware
from models.tables import OutboxMessage
from tests.e2e.harness import BotUnderTest, members_today
from tests.factories import report_row

ONE_CALL = 6  # the client's own tries of one call (the harness's bot: 1 + 5 retries)


@pytest.fixture(autouse=True)
def _no_retry_from_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(UnitOfWorkMiddleware, "OWED_RETRY_DELAYS", (600.0,))


async def test_an_owed_page_turn_the_user_made_again_is_not_a_failed_message(
    fieldbot: BotUnderTest,
) -> None:
    manager = await fieldbot.member(1001, "Awa", Role.MANAGER, ["HT"])
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        for days in range(10, 18):
            session.add(report_row(day=members_today() - dt.timedelta(days=days)))
        await session.commit()
    await manager.send("/reports")
    await fieldbot.control.inject_fault("editMessageText", "502", count=ONE_CALL)
    await manager.tap("Older ›")  # Telegram fails the page turn: owed, in the outbox
    await manager.tap("Older ›")  # the same button again: this time the page turns
    assert "(6–8 / 8)" in (await manager.last()).text

    await fieldbot.drain_outbox()  # the owed turn: the message already shows that page

    async with fieldbot.app.session_factory() as session:
        rows = (
            await session.execute(
                select(OutboxMessage.status, OutboxMessage.last_error).where(
                    OutboxMessage.kind == OutboxKind.REPLY.value
                )
            )
        ).all()
    assert [(status, error) for status, error in rows] == [(OutboxStatus.SENT.value, None)]
    assert "(6–8 / 8)" in (await manager.last()).text

"""Turning the pages of /reports while reports keep arriving: none shown twice, none skipped."""

from __future__ import annotations

import datetime as dt

from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest, members_today
from tests.factories import report_row


async def _reports_on(fieldbot: BotUnderTest, *days_ago: int) -> None:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        for days in days_ago:
            session.add(report_row(day=members_today() - dt.timedelta(days=days)))
        await session.commit()


def _titles(buttons: list[str]) -> list[str]:
    return [text for text in buttons if " · " in text]


async def test_a_report_submitted_between_two_taps_shifts_nothing(
    fieldbot: BotUnderTest,
) -> None:
    """Page one showed the 5 newest of 8; a report came in; "Older ›" showed the fifth again
    (page two was counted from the top, and the new report pushed everything down)."""
    manager = await fieldbot.member(1001, "Awa", Role.MANAGER, ["HT"])
    await _reports_on(fieldbot, *range(10, 18))  # submitted 10 to 17 days ago
    await manager.send("/reports")
    first = _titles((await manager.last()).button_texts())
    assert len(first) == 5

    await _reports_on(fieldbot, 1)  # newer than all of them
    await manager.tap("Older ›")
    page = await manager.last()
    second = _titles(page.button_texts())
    assert not set(first) & set(second)
    assert len(second) == 3  # the three oldest: 15, 16 and 17 days ago
    assert "(7–9 / 9)" in page.text

    await _reports_on(fieldbot, 2, 3)  # two more while reading page two
    await manager.tap("‹ Newer")
    page = await manager.last()
    assert _titles(page.button_texts()) == first  # the page read before, not a mix
    assert "(4–8 / 11)" in page.text

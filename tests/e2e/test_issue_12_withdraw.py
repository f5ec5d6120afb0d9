"""After submitting: a reference and totals; a history with time and author; withdraw, restore."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.domain.enums import AuditAction, Role
from bot.domain.scope import EVERYWHERE
from models.indicators import evaluate_indicator
from models.queries import audit_entries
from models.tables import Report
from tests.e2e.harness import BotUnderTest, members_today
from tests.e2e.test_reports import fill_training


async def _trainings_counted(fieldbot: BotUnderTest) -> int:
    assert fieldbot.app is not None
    plan = fieldbot.app.dispatcher["plan"]
    async with fieldbot.app.session_factory() as session:
        result = await evaluate_indicator(
            session, plan, "1.1a", as_of=members_today(), scope=EVERYWHERE
        )
    return int(result.value or 0)


async def test_a_report_is_withdrawn_with_a_reason_and_restored_by_a_manager(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "NE"])
    await fill_training(jean)
    await jean.tap("Submit")
    confirmation = (await jean.last()).text
    assert "20 participants counted." in confirmation
    match = re.search(r"Reference: (R-[0-9A-Z]{6})", confirmation)
    assert match is not None, confirmation
    reference = match.group(1)
    assert await _trainings_counted(fieldbot) == 1

    await jean.send("/myreports")
    await jean.tap("Haiti")
    card = await jean.last()
    assert reference in card.text
    await jean.tap("⊘ Withdraw")
    assert f"Why is {reference} withdrawn?" in (await jean.last()).text
    await jean.send("x")
    assert "a reason of 3 to 300 characters" in (await jean.last()).text
    await jean.send("Marie Joseph, 12 ans, was counted twice")
    assert "without personal data" in (await jean.last()).text
    await jean.send("Entered twice by mistake")
    messages = await jean.messages()
    assert f"{reference} is withdrawn" in messages[-2].text
    assert "Withdrawn on" in messages[-1].text
    assert "Entered twice by mistake" in messages[-1].text
    assert not messages[-1].has_button("⊘ Withdraw")
    assert not messages[-1].has_button("✏️ Edit")  # a withdrawn report is not edited
    assert await _trainings_counted(fieldbot) == 0

    # The officer cannot restore it; a manager of Haiti can, and sees the history.
    assert not messages[-1].has_button("↺ Restore")
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    await mona.send("/reports")
    listing = await mona.last()
    assert "⊘" in str(listing.buttons)
    await mona.tap("Haiti")
    await mona.tap("History")
    history = (await mona.last()).text
    assert f"History of {reference}" in history
    assert "Version 1:" in history
    assert "· Jean" in history
    assert "Withdrawn on" in history
    await mona.tap("↺ Restore")
    assert "the report counts again" in (await mona.callback_answers())[-1]["text"]
    assert await _trainings_counted(fieldbot) == 1

    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
        assert report.withdrawn_at is None
        withdrawn = await audit_entries(session, action=AuditAction.REPORT_WITHDRAWN)
        restored = await audit_entries(session, action=AuditAction.REPORT_RESTORED)
    assert len(withdrawn) == 1
    assert len(restored) == 1
    assert "Entered twice" not in str(withdrawn[0].details)  # free text stays off the audit log

    # The reason "stays in the report's history", as the prompt said: restored, it is still
    # there, with who restored the report.
    restored_card = await mona.last()
    assert restored_card.has_button("History")
    await mona.tap("History", message_id=restored_card.message_id)
    history = (await mona.last()).text
    lines = history.splitlines()
    assert lines[2].startswith("⊘ Withdrawn on")
    assert lines[2].endswith("by Jean: Entered twice by mistake")
    assert lines[3].startswith("↺ Restored on")
    assert lines[3].endswith("by Mona")


async def test_a_manager_of_another_country_cannot_withdraw(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Submit")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    niger = await fieldbot.member(3002, "Ali", Role.MANAGER, ["NE"])
    await niger.send("/reports")
    await niger.press(f"rv:wd:s:0:{report.id.hex}", forge=True)
    assert "not available to you" in (await niger.callback_answers())[-1]["text"]
    assert await _trainings_counted(fieldbot) == 1

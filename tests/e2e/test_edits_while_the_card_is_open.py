"""A correction whose review card stayed open while the report changed under it: withdrawn by
a manager, past its 7 days, or saved by an earlier edit whose card still has its buttons."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.domain.enums import Role
from bot.sandbox import SimUser
from models.tables import Report, ReportVersion
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import fill_training


async def stored(fieldbot: BotUnderTest) -> tuple[Report, list[int]]:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
        versions = sorted((await session.scalars(select(ReportVersion.version))).all())
    return report, versions


async def edit_women(jean: SimUser, women: str) -> None:
    await jean.send("/myreports")
    await jean.tap("Haiti")
    await jean.tap("✏️ Edit")
    await jean.tap("Change: Participants (women)")
    await jean.send(women)


async def reported(fieldbot: BotUnderTest) -> SimUser:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Submit")
    return jean


async def test_corrections_to_a_report_withdrawn_meanwhile_are_not_saved(
    fieldbot: BotUnderTest,
) -> None:
    jean = await reported(fieldbot)
    await edit_women(jean, "14")
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    await mona.send("/reports")
    await mona.tap("Haiti")
    await mona.tap("⊘ Withdraw")
    await mona.send("Entered twice")
    await jean.tap("✅ Save changes")
    answer = (await jean.last()).text
    assert answer.startswith("This report was withdrawn, so it can no longer be corrected.")
    report, versions = await stored(fieldbot)
    assert (report.version, versions) == (1, [1])


async def test_corrections_saved_after_the_seven_days_are_refused(fieldbot: BotUnderTest) -> None:
    jean = await reported(fieldbot)
    await edit_women(jean, "14")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:  # the card was left open 8 days
        report = (await session.scalars(select(Report))).one()
        report.submitted_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
        await session.commit()
    await jean.tap("✅ Save changes")
    assert "corrected for 7 days" in (await jean.last()).text
    assert (await stored(fieldbot))[1] == [1]


async def test_an_old_edit_button_of_a_withdrawn_report_says_it_was_withdrawn(
    fieldbot: BotUnderTest,
) -> None:
    jean = await reported(fieldbot)
    await jean.send("/myreports")
    await jean.tap("Haiti")
    card = await jean.last()
    await jean.tap("⊘ Withdraw")
    await jean.send("Entered twice by mistake")
    await jean.tap("✏️ Edit", message_id=card.message_id)
    assert "was withdrawn" in (await jean.callback_answers())[-1]["text"]


async def test_the_card_of_an_earlier_edit_does_not_save_the_edit_open_now(
    fieldbot: BotUnderTest,
) -> None:
    jean = await reported(fieldbot)
    await jean.send("/myreports")
    await jean.tap("Haiti")
    await jean.tap("✏️ Edit")
    first_card = await jean.last()
    await jean.tap("Change: Participants (women)")
    await jean.send("14")
    await jean.tap("✅ Save changes")
    assert "version 2" in (await jean.last()).text
    await jean.send("/myreports")
    await jean.tap("Haiti")
    await jean.tap("✏️ Edit")
    await jean.tap("Change: Participants (men)")  # the second edit, half done
    await jean.tap("✅ Save changes", message_id=first_card.message_id)
    assert (await stored(fieldbot))[1] == [1, 2]  # nothing saved by the old card
    await jean.send("9")  # the second edit goes on where it was
    assert "Participants (men)" in (await jean.last()).text


async def test_a_correction_under_way_is_named_as_one_when_another_report_is_started(
    fieldbot: BotUnderTest,
) -> None:
    """/report while correcting a sent report said "You have an unfinished report (Training)
    started on…": it is a correction of that report, and Discard drops the changes only."""
    import re

    jean = await reported(fieldbot)
    match = re.search(r"Reference: (R-[0-9A-Z]{6})", (await jean.last()).text)
    assert match is not None
    reference = match.group(1)
    await edit_women(jean, "14")
    await jean.send("/report")
    prompt = (await jean.last()).text
    assert prompt.startswith(f"You are correcting report {reference} (Training), since "), prompt
    assert prompt.endswith(
        "Continue the correction, or discard your changes (the report stays as it was sent)?"
    )
    assert "unfinished report" not in prompt
    await jean.tap("Continue")
    assert (await jean.last()).has_button("✅ Save changes")
    await jean.send("/report")
    await jean.tap("Discard")
    assert (await jean.last()).text == (
        f"Your changes were discarded: report {reference} stays as it was sent. Send /report "
        "to start a new report."
    )
    report, versions = await stored(fieldbot)
    assert (report.version, versions) == (1, [1])
    assert report.answers["participants_women"] != 14

"""A report in few actions: counted, as a field officer on a poor connection would feel them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.domain.enums import Role
from bot.sandbox import SimUser
from models.tables import Report
from tests.e2e.harness import BotUnderTest, members_today


class Counted:
    """The officer's actions (a message sent, a button tapped), counted."""

    def __init__(self, user: SimUser) -> None:
        self.user = user
        self.actions = 0

    async def send(self, text: str) -> None:
        self.actions += 1
        await self.user.send(text)

    async def tap(self, text: str) -> None:
        self.actions += 1
        await self.user.tap(text)


async def _reports(fieldbot: BotUnderTest) -> list[Report]:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        return list((await session.scalars(select(Report).order_by(Report.submitted_at))).all())


async def test_a_first_training_in_14_actions_and_a_repeat_in_6(fieldbot: BotUnderTest) -> None:
    jean = Counted(await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"]))
    await jean.send("/report")
    await jean.tap("Training")  # his one country, Haiti, is not asked
    await jean.send("Jacmel")
    await jean.tap("Justice")
    await jean.tap("Social sector workers")
    await jean.tap("Training session")
    await jean.tap("Yes")
    await jean.tap("Yesterday")
    await jean.send("2 days")  # the unit and the number in one answer
    await jean.send("12")
    await jean.send("8")
    await jean.send("0")
    await jean.tap("⏭ Skip the optional questions")  # partner, scores, notes
    card = (await jean.user.last()).text
    assert "Check this report" in card
    assert "Duration unit: Days" in card
    assert "Duration: 2\n" in card
    await jean.tap("Submit")
    assert jean.actions <= 14, jean.actions
    assert "Thank you! The report is saved" in (await jean.user.last()).text

    # The next session of the same training, from /report: date by the button, then the counts.
    again = Counted(jean.user)
    await again.send("/report")
    await again.tap("↻ Training · Haiti, today")
    await again.send("15")
    await again.send("5")
    await again.send("1")
    assert "Check this report" in (await jean.user.last()).text
    await again.tap("Submit")
    assert again.actions <= 6, again.actions

    first, second = await _reports(fieldbot)
    assert (first.event_date, first.participants_total) == (
        members_today() - dt.timedelta(days=1),
        20,
    )
    assert second.event_date == members_today()
    assert second.participants_total == 21
    same = (
        "country",
        "place",
        "field",
        "target_group",
        "training_type",
        "duration",
        "duration_unit",
    )
    assert {k: second.answers.get(k) for k in same} == {k: first.answers.get(k) for k in same}
    assert second.id != first.id


async def test_a_repeat_from_the_confirmation_and_a_withdrawn_one_is_not_offered(
    fieldbot: BotUnderTest,
) -> None:
    amina = await fieldbot.member(2002, "Amina", Role.FIELD_STAFF, ["NE", "HT"])
    await amina.send("/report")
    await amina.tap("Training")
    await amina.tap("Niger")
    await amina.tap("Skip")  # place
    await amina.tap("Justice")
    await amina.tap("Police officers")
    await amina.tap("Training session")
    await amina.tap("No")
    await amina.tap("Today")
    await amina.tap("Hours")
    await amina.send("6")
    await amina.send("4")
    await amina.send("9")
    await amina.send("0")
    await amina.send("Good session on child-friendly interviews.")  # partner
    await amina.tap("⏭ Skip the optional questions")
    await amina.tap("Submit")
    await amina.tap("↻ Training · Niger, yesterday")
    await amina.send("3")
    await amina.send("7")
    await amina.send("0")
    card = (await amina.last()).text
    assert "Duration unit: Hours" in card
    assert "Notes: Skipped" in card
    await amina.tap("Submit")
    first, second = await _reports(fieldbot)
    assert second.event_date == members_today() - dt.timedelta(days=1)
    assert second.answers.get("partner") == first.answers.get("partner")
    assert second.participants_total == 10

    # A forged repeat of someone else's report is refused.
    other = await fieldbot.member(2003, "Paul", Role.FIELD_STAFF, ["NE"])
    await other.send("/help")
    await other.press(f"again:{first.id.hex}:t", forge=True)
    assert "no longer active" in (await other.callback_answers())[-1]["text"]

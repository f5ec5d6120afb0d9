"""A mission that is over on the volunteer's own date (their time zone): assigning them to it
records it, and nobody is told to get ready for it or asked to acknowledge it."""

from __future__ import annotations

import datetime as dt

from bot.domain import clock
from bot.domain.enums import Role
from models.queries import set_timezone
from tests.e2e.harness import BotUnderTest, members_today
from tests.e2e.test_missions import mission


async def test_a_mission_that_ended_yesterday_where_the_volunteer_is(
    fieldbot: BotUnderTest,
) -> None:
    """At noon UTC it is already tomorrow in Kiritimati (UTC+14): MG-01, ending today in UTC
    where Amina is, ended yesterday for Lova. She was sent 'You are assigned to a mission' for
    it, asked to acknowledge it, and told when taken off it again."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await set_timezone(session, 4001, "Pacific/Kiritimati")
        await session.commit()
    await lova.send("/help")  # the chat exists
    noon = dt.datetime.combine(members_today(), dt.time(12), tzinfo=dt.UTC)
    with clock.using(lambda: noon):
        ended = await mission(fieldbot, "MG-01", "Ends today in UTC", -10)
        await amina.send("/assign")
        await amina.tap("MG-01 · Ends today in UTC")
        await amina.tap("Lova")
        assert (await amina.last()).text == (
            "Lova is assigned to MG-01. It is over where they are: they are not told."
        )
        await fieldbot.drain_outbox()
        assert "/help" in (await lova.last()).text  # nothing came after her /help

        await lova.send("/missions")
        await lova.tap("Past missions")
        await lova.tap("Ends today in UTC")
        card = await lova.last()
        assert "(MG-01)" in card.text
        assert card.button_texts() == []  # nothing to acknowledge
        await lova.press(f"ms:ack:{ended}:1", forge=True)
        answer = (await lova.callback_answers())[-1]["text"]
        assert answer == "This mission is no longer planned: nothing to acknowledge."

        await amina.send("/unassign")
        await amina.tap("MG-01 · Ends today in UTC")
        await amina.tap("Lova")
        assert (await amina.last()).text == (
            "Lova is no longer assigned to MG-01. It is over where they are: they are not told."
        )
        await fieldbot.drain_outbox()
        assert not any("assigned" in m.text for m in await lova.messages())

"""An invitation's code never sits in the database, not even in the replies owed.

The invites table keeps only a hash of the code, "so a copy of the database cannot be used to
join". But the link shown to the admin was one of the update's replies, written to
processed_updates in the update's transaction and kept there until Telegram took it: for
every invitation a moment, and through a Telegram outage up to the dedupe window (48 h). A
backup taken then held a link anyone could join with. Now the link is sent once the update
is committed, from memory, as /forget's confirmation is.
"""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.domain.enums import Role
from models.tables import ProcessedUpdate
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_onboarding import LINK


async def _stored_replies(fieldbot: BotUnderTest) -> str:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        rows = (await session.scalars(select(ProcessedUpdate.replies))).all()
    return json.dumps([row for row in rows if row])


async def test_the_link_is_never_among_the_stored_replies(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/invite")
    await amina.tap("Field staff")
    await amina.send("HT")
    # Telegram fails to show the link: before, it waited in processed_updates to be sent again.
    await fieldbot.control.inject_fault("editMessageText", "500", count=50)
    await amina.tap("7 days")
    assert "start=" not in await _stored_replies(fieldbot)
    await fieldbot.control.clear_faults()

    # When Telegram answers, the link arrives as before, and works.
    await amina.send("/invite")
    await amina.tap("Field staff")
    await amina.send("HT")
    await amina.tap("7 days")
    match = LINK.search((await amina.last()).text)
    assert match is not None
    assert "start=" not in await _stored_replies(fieldbot)
    jean = fieldbot.user(2001, "Jean")
    await jean.send(f"/start {match.group(2)}")
    assert "Welcome, Jean" in (await jean.messages())[-2].text

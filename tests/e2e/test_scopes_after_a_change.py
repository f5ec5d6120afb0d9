"""What a person may still do once an admin has changed their roles or countries: no more
than their roles allow now, whatever old buttons and links they still hold."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.domain.enums import Role
from bot.domain.scope import Scope
from models import people
from models.base import Base
from models.queries import get_user, grant_role
from models.tables import Invite, OutboxMessage, Report
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_missions import assign, mission
from tests.e2e.test_reports import fill_training

LINK = re.compile(r"https://t\.me/\w+\?start=([A-Za-z0-9_-]+)")


async def test_an_admin_of_one_country_invites_for_that_country_only(
    fieldbot: BotUnderTest,
) -> None:
    """Awa administers Haiti: an invitation for every country, or for Niger, would have made
    her (or anyone she chose) an admin or a manager beyond Haiti."""
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN, ["HT"])
    await awa.send("/invite")
    await awa.tap("Admin")
    for beyond in ("all", "NE", "HT, NE"):
        await awa.send(beyond)
        refusal = await awa.last()
        assert "You can give only the countries of your own admin role." in refusal.text
        assert "Haiti" in refusal.text
        assert not refusal.has_button("7 days")
    await awa.send("HT")  # still at the countries question
    await awa.tap("7 days")
    assert LINK.search((await awa.last()).text) is not None
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        invites = (await session.execute(select(Invite.countries, Invite.all_countries))).all()
    assert [tuple(row) for row in invites] == [(["HT"], False)]


async def test_an_invitation_ends_when_its_admin_loses_its_country(
    fieldbot: BotUnderTest,
) -> None:
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN, ["HT", "NE"])
    await awa.send("/invite")
    await awa.tap("Admin")
    await awa.send("NE")
    await awa.tap("7 days")
    match = LINK.search((await awa.last()).text)
    assert match is not None
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.set_countries(  # Niger left with no admin: the operator's --force
            session, 1001, Role.ADMIN, Scope(("HT",), False), actor_user_id=None, last_admin=True
        )
        await session.commit()
    bob = fieldbot.user(2002, "Bob")
    await bob.send(f"/start {match.group(1)}")
    assert "Welcome" not in "\n".join(m.text for m in await bob.messages())
    async with fieldbot.app.session_factory() as session:
        assert await session.scalar(select(Invite.revoked_at)) is not None
        assert await get_user(session, 2002) is None


async def test_a_former_field_officer_cannot_withdraw_from_an_old_card(
    fieldbot: BotUnderTest,
) -> None:
    """Jean reported for Niger, then lost Niger: the Withdraw button of the card still in his
    chat no longer takes his report out of the indicators (a manager of Niger still can)."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "NE"])
    await fill_training(jean, country="Niger")
    await jean.tap("Submit")
    await jean.send("/myreports")
    await jean.tap((await jean.last()).button_texts()[0])
    assert (await jean.last()).has_button("⊘ Withdraw")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.set_countries(
            session, 2001, Role.FIELD_STAFF, Scope(("HT",), False), actor_user_id=None
        )
        await session.commit()
    await jean.tap("⊘ Withdraw")
    await jean.send("Entered twice")
    async with fieldbot.app.session_factory() as session:
        assert await session.scalar(select(Report.withdrawn_at)) is None


async def test_a_volunteer_moved_to_another_country_hears_nothing_of_the_old_mission(
    fieldbot: BotUnderTest,
) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG", "HT"])
    await lova.send("/help")
    await mission(fieldbot, "MG-2026-09", "Justice mission", 30)
    await amina.send("/assign")
    await amina.tap("MG-2026-09")
    await amina.tap("Lova")
    await amina.send("/people")  # before the outbox ran: Lova now volunteers in Haiti
    await amina.tap("Lova · volunteer")
    await amina.tap("Countries: volunteer")
    await amina.send("HT")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.execute(select(OutboxMessage))).first() is None
    before = len(await lova.messages())
    await fieldbot.drain_outbox()
    assert len(await lova.messages()) == before


async def test_an_erased_volunteer_leaves_no_telegram_id_behind(fieldbot: BotUnderTest) -> None:
    admin = await fieldbot.member(1001, "Awa", Role.ADMIN)
    await fieldbot.member(4001777, "Lovaniaina", Role.VOLUNTEER, ["MG"])
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await grant_role(session, 4001777, Role.FIELD_STAFF, ["MG"], False, actor_user_id=None)
        await session.commit()
    assigned = await mission(fieldbot, "MG-2026-07", "Formation", 12)
    await assign(fieldbot, assigned, 4001777)
    await admin.send("/people")
    await admin.tap("Lovaniaina · field staff and volunteer")
    await admin.tap("Erase this person…")
    await admin.tap("Erase for good")
    found = []
    async with fieldbot.app.session_factory() as session:
        for table in Base.metadata.sorted_tables:  # the stored replies too
            for row in (await session.execute(select(table))).all():
                if "4001777" in repr(tuple(row)) or "Lovaniaina" in repr(tuple(row)):
                    found.append((table.name, row))
    assert found == []


async def test_a_volunteer_told_of_a_mission_is_told_when_a_new_country_takes_them_off(
    fieldbot: BotUnderTest,
) -> None:
    """Lova knows she leaves for Toamasina in 30 days; the admin moves her to Haiti. She is
    taken off the mission, and told so, as /unassign would have told her (she would have
    travelled otherwise)."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG", "HT"])
    await lova.send("/help")
    await mission(fieldbot, "MG-2026-09", "Justice mission", 30)
    await amina.send("/assign")
    await amina.tap("MG-2026-09")
    await amina.tap("Lova")
    await fieldbot.drain_outbox()
    assert "You are assigned to a mission." in (await lova.last()).text
    await amina.send("/people")
    await amina.tap("Lova · volunteer")
    await amina.tap("Countries: volunteer")
    await amina.send("HT")
    await fieldbot.drain_outbox()
    told = await lova.last()
    assert "You are no longer assigned to this mission." in told.text
    assert "Justice mission" in told.text
    assert not told.buttons


async def test_a_reports_list_on_screen_is_drawn_again_when_a_lost_countrys_report_is_tapped(
    fieldbot: BotUnderTest,
) -> None:
    """Mona, manager of Haiti and Niger, lost Niger with /reports on screen: a tap on a Niger
    report was refused ('This report is not available to you.') and the list kept offering
    it. It is drawn again in its place, as it is now: Haiti's only."""
    haiti = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(haiti)
    await haiti.tap("Submit")
    niger = await fieldbot.member(2002, "Amina", Role.FIELD_STAFF, ["NE"])
    await fill_training(niger, country="Niger")
    await niger.tap("Submit")
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT", "NE"])
    await mona.send("/reports")
    listing = await mona.last()
    niger_button = next(text for text in listing.button_texts() if "Niger" in text)
    assert any("Haiti" in text for text in listing.button_texts())
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.set_countries(
            session, 3001, Role.MANAGER, Scope(("HT",), False), actor_user_id=None
        )
        await session.commit()
    before = len(await mona.messages())
    await mona.tap(niger_button)
    assert (await mona.callback_answers())[-1]["text"] == "This report is not available to you."
    assert len(await mona.messages()) == before  # in place
    redrawn = await mona.last()
    assert not any("Niger" in text for text in redrawn.button_texts())
    assert any("Haiti" in text for text in redrawn.button_texts())


async def test_a_volunteer_told_of_a_mission_is_told_when_their_volunteer_role_is_revoked(
    fieldbot: BotUnderTest,
) -> None:
    """Lova knows she leaves for Toamasina in 30 days; the admin revokes her volunteer role.
    She is taken off the mission and told so, once (she would have travelled otherwise); a
    mission whose notice never left tells her nothing."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    await lova.send("/help")
    await mission(fieldbot, "MG-2026-09", "Justice mission", 30)
    await amina.send("/assign")
    await amina.tap("MG-2026-09")
    await amina.tap("Lova")
    await fieldbot.drain_outbox()
    assert "You are assigned to a mission." in (await lova.last()).text
    await mission(fieldbot, "MG-2026-10", "Training mission", 40)
    await amina.send("/assign")
    await amina.tap("MG-2026-10")
    await amina.tap("Lova")  # its notice still waiting when the role goes
    await amina.send("/people")
    await amina.tap("Lova · volunteer")
    await amina.tap("Revoke: volunteer")
    before = len(await lova.messages())
    await fieldbot.drain_outbox()
    await fieldbot.drain_outbox()
    told = (await lova.messages())[before:]
    assert len(told) == 1
    assert "You are no longer assigned to this mission." in told[0].text
    assert "Justice mission" in told[0].text
    assert not told[0].buttons


async def test_an_admin_withdraws_a_link_sent_to_the_wrong_person(
    fieldbot: BotUnderTest,
) -> None:
    """Awa sent a volunteer link to the wrong WhatsApp group: only `fieldbot invite revoke`,
    on the server, could stop it; anyone in the group became a volunteer of Haiti. She taps
    Withdraw under the link: it no longer works, and the message no longer shows it. A link
    used already is not 'withdrawn': she is told to take the role back in /people."""
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN, ["HT"])
    codes = []
    for _ in range(2):
        await awa.send("/invite")
        await awa.tap("Volunteer")
        await awa.send("HT")
        await awa.tap("7 days")
        match = LINK.search((await awa.last()).text)
        assert match is not None
        codes.append(match.group(1))
    links = [m.message_id for m in await awa.messages() if m.has_button("Withdraw this link")]
    first, second = links
    await awa.tap("Withdraw this link", message_id=first)
    withdrawn = next(m for m in await awa.messages() if m.message_id == first)
    assert "Invitation withdrawn: its link no longer works." in withdrawn.text
    assert codes[0] not in withdrawn.text
    stranger = fieldbot.user(2002, "Stranger")
    await stranger.send(f"/start {codes[0]}")
    assert "Welcome" not in "\n".join(m.text for m in await stranger.messages())
    bob = fieldbot.user(2003, "Bob")
    await bob.send(f"/start {codes[1]}")
    await awa.tap("Withdraw this link", message_id=second)
    assert "This link was used already" in (await awa.callback_answers())[-1]["text"]
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert await get_user(session, 2002) is None
        bob_now = await get_user(session, 2003)
        assert bob_now is not None
        assert bob_now.has_role(Role.VOLUNTEER)

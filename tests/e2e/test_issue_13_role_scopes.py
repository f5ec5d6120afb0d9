"""Each role has its own countries: a second invitation never widens what the first allowed."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.enums import Role
from models.queries import grant_role, revoke_role
from models.tables import IndicatorValue, Report
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import fill_training, start_training


async def test_a_volunteer_invitation_for_all_does_not_open_other_countries_reports(
    fieldbot: BotUnderTest,
) -> None:
    haiti = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(haiti)
    await haiti.tap("Submit")
    niger = await fieldbot.member(2002, "Amina", Role.FIELD_STAFF, ["NE"])
    await fill_training(niger, country="Niger")
    await niger.tap("Submit")

    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    code = await fieldbot.invite_code(Role.VOLUNTEER, countries=())  # "all countries"
    await mona.send(f"/start {code}")
    await mona.send("/help")
    help_text = (await mona.last()).text
    assert "You are registered as:" in help_text
    assert "manager for Haiti" in help_text
    assert "volunteer for all countries" in help_text

    await mona.send("/reports")
    listing = await mona.last()
    assert "Haiti" in str(listing.buttons)
    assert "Niger" not in str(listing.buttons)
    assert "Partial view: only your countries." in listing.text

    # A forged button for Niger's report is refused like any other.
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        niger_report = (await session.scalars(select(Report).where(Report.country == "NE"))).one()
    before = len(await mona.messages())
    await mona.press(f"rv:open:s:0:{niger_report.id.hex}", forge=True)
    assert len(await mona.messages()) == before
    assert "Niger" not in (await mona.last()).text


async def test_a_volunteer_invitation_for_niger_does_not_let_a_haiti_officer_report_there(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "CA"])
    code = await fieldbot.invite_code(Role.VOLUNTEER, countries=("NE",))
    await jean.send(f"/start {code}")

    await start_training(jean)
    question = await jean.last()
    assert question.has_button("Haiti")
    assert not question.has_button("Niger")

    # Typed: clearly Niger, refused with the countries he may report for.
    await jean.send("Niger")
    refusal = (await jean.last()).text
    assert "You can report only for your countries:" in refusal
    assert "Haiti" in refusal
    assert "Niger" not in refusal.split(":")[-1]

    # Haiti still works, and nothing was counted for Niger.
    await jean.tap("Haiti")
    assert "Step 2/" in (await jean.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.scalars(select(Report))).all() == []


async def test_a_country_removed_from_a_role_is_checked_again_at_submit(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "NE"])
    await fill_training(jean, country="Niger")
    # Meanwhile an admin narrows his field-staff role to Haiti.
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await revoke_role(session, 2001, Role.FIELD_STAFF, actor_user_id=None)
        await grant_role(session, 2001, Role.FIELD_STAFF, ["HT"], False, actor_user_id=None)
        await session.commit()
    await jean.tap("Submit")
    answer = (await jean.last()).text
    assert "You can report only for your countries: Haiti." in answer
    assert "Which country" in answer or "Step 1/" in answer
    async with fieldbot.app.session_factory() as session:
        assert (await session.scalars(select(Report))).all() == []


async def test_a_manager_of_some_countries_cannot_set_organisation_wide_values(
    fieldbot: BotUnderTest,
) -> None:
    haiti = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    await haiti.send("/indicator")
    assert "Only admins and managers of all countries" in (await haiti.last()).text
    # Neither from the indicator's card nor with a forged button, nor by typing a value.
    await haiti.send("/indicators")
    await haiti.tap("3.3a")
    assert not (await haiti.last()).has_button("✏️ Enter a value")
    await haiti.press("ind:manual:3.3a", forge=True)
    assert "Only admins and managers of all countries" in (await haiti.last()).text
    await haiti.send("2")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.scalars(select(IndicatorValue))).all() == []

    everywhere = await fieldbot.member(3002, "Paul", Role.MANAGER)  # all countries
    await everywhere.send("/indicator")
    await everywhere.tap("3.3a")
    await everywhere.send("2")
    assert "Saved" in (await everywhere.last()).text

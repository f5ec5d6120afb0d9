"""A command sent while a side flow waits for typed words (a time zone, an invitation's or a
person's countries, an indicator's value, a withdrawal's reason) ends it, as it ends the
missions' search: the words typed after the command are not taken as that flow's answer."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.enums import Role
from models.queries import get_user
from models.tables import IndicatorValue, Report
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import fill_training
from tests.e2e.test_side_flows import STILL_THERE, begin_training

NOT_UNDERSTOOD = "I did not understand that. Send /help to see what I can do."


async def test_a_name_typed_after_invite_then_people_is_not_read_as_countries(
    fieldbot: BotUnderTest,
) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/invite")
    await amina.tap("Field staff")  # "Which countries?"
    await amina.send("/people")
    await amina.send("Jean")  # was: "I don't know these country codes: Jean."
    assert (await amina.last()).text == NOT_UNDERSTOOD


async def test_countries_typed_after_another_command_change_nobody(
    fieldbot: BotUnderTest,
) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await amina.send("/people")
    await amina.tap("Jean")
    await amina.tap("Countries: field staff")
    await amina.send("/help")
    await amina.send("NE")  # was: Jean's countries made NE
    assert (await amina.last()).text == NOT_UNDERSTOOD
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        jean = await get_user(session, 2001)
    assert jean is not None
    assert jean.scope(Role.FIELD_STAFF).countries == ("HT",)


async def test_a_number_typed_after_another_command_sets_no_indicator(
    fieldbot: BotUnderTest,
) -> None:
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER)
    for other in ("/help", "/indicator"):  # the list again: no indicator picked yet
        await mona.send("/indicator")
        await mona.tap("3.3a")
        await mona.send(other)
        await mona.send("12")  # was: "✅ Saved: 3.3a = 12 for 2026."
        assert "Saved" not in (await mona.last()).text, other
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.execute(select(IndicatorValue))).scalars().all() == []


async def test_a_city_typed_after_another_command_sets_no_time_zone(
    fieldbot: BotUnderTest,
) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/settings")
    await amina.send("/help")
    await amina.send("Niamey")  # was: "Your time zone is now Africa/Niamey."
    assert (await amina.last()).text == NOT_UNDERSTOOD
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        amina_now = await get_user(session, 1001)
    assert amina_now is not None
    assert amina_now.timezone == "UTC"


async def test_words_typed_after_another_command_withdraw_nothing(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Submit")
    await jean.send("/myreports")
    await jean.tap("Haiti")
    await jean.tap("⊘ Withdraw")
    await jean.send("/myreports")
    await jean.send("Entered twice by mistake")  # was: the report withdrawn
    assert (await jean.last()).text == NOT_UNDERSTOOD
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.execute(select(Report))).scalar_one()
    assert report.withdrawn_at is None


async def test_a_report_waits_under_a_side_flow_a_command_ends(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await begin_training(jean)
    asked = (await jean.last()).text
    await jean.send("/settings")
    await jean.send("/help")
    assert STILL_THERE in (await jean.last()).text
    await jean.send("Port-au-Prince")  # was: the time zone set; now the report's to answer
    assert (await jean.last()).text.endswith(asked)  # "Please tap one of the options."
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        jean_now = await get_user(session, 2001)
    assert jean_now is not None
    assert jean_now.timezone == "UTC"
    await jean.send("/report")
    await jean.tap("Continue")
    assert (await jean.last()).text == asked
    await jean.send("/cancel")  # mid-report, /cancel is still the report's
    assert (await jean.last()).text == "The report was cancelled. Nothing was saved."


async def test_a_command_with_the_bots_name_ends_a_side_flow_and_cancel_says_so(
    fieldbot: BotUnderTest,
) -> None:
    assert fieldbot.app is not None
    username = (await fieldbot.app.bot.me()).username
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/invite")
    await amina.tap("Field staff")
    await amina.send(f"/cancel@{username}")
    assert (await amina.last()).text == "Cancelled. Nothing was saved."
    await amina.send("/invite")
    await amina.tap("Field staff")
    await amina.send(f"/help@{username}")
    await amina.send("HT")  # was: "How long should the invitation stay valid?"
    assert (await amina.last()).text == NOT_UNDERSTOOD


async def test_an_invitation_code_sent_while_a_side_flow_waits_is_taken(
    fieldbot: BotUnderTest,
) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    code = await fieldbot.invite_code(Role.MANAGER, ["HT"])
    await amina.send("/invite")
    await amina.tap("Field staff")
    await amina.send(f"/start {code}")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        amina_now = await get_user(session, 1001)
    assert amina_now is not None
    assert amina_now.has_role(Role.MANAGER)
    await amina.send("HT")  # was: read as the invitation's countries
    assert (await amina.last()).text == NOT_UNDERSTOOD

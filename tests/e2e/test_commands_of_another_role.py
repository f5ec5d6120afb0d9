"""A member typing a command of another role's (a volunteer's /report, a field officer's
/assign) read 'I did not understand that', as for a typo: they are told it is another role's,
and where their own commands are, without being told whose it is."""

from __future__ import annotations

from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import start_training

ANOTHERS = (
    "/{} is not one of your commands: it is for another role. Send /help to see what you can do."
)
NOT_UNDERSTOOD = "I did not understand that. Send /help to see what I can do."


async def test_a_volunteer_is_told_report_and_people_are_another_roles(
    fieldbot: BotUnderTest,
) -> None:
    lala = await fieldbot.member(4001, "Lala", Role.VOLUNTEER, ["MG"])
    for command in ("report", "people", "indicators", "invite"):
        await lala.send(f"/{command}")
        answer = (await lala.last()).text
        assert answer == ANOTHERS.format(command), command
        assert "admin" not in answer
    await lala.send("/Report Jacmel")  # any case, words after it
    assert (await lala.last()).text == ANOTHERS.format("report")
    await lala.send("/reprot")  # a typo stays a typo
    assert (await lala.last()).text == NOT_UNDERSTOOD


async def test_a_field_officer_is_told_assign_is_another_roles_even_mid_report(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/assign")
    assert (await jean.last()).text == ANOTHERS.format("assign")
    await start_training(jean)
    assert "In which town or place?" in (await jean.last()).text
    await jean.send("/export")
    assert (await jean.last()).text == ANOTHERS.format("export")
    await jean.send("/report")  # the report still waits
    await jean.tap("Continue")
    assert "In which town or place?" in (await jean.last()).text


async def test_a_guest_typing_a_members_command_gets_the_way_in(fieldbot: BotUnderTest) -> None:
    stranger = fieldbot.user(9001, "Kofi")
    await stranger.send("/people")
    assert "invitation link" in (await stranger.last()).text


async def test_a_command_of_ones_own_mistyped_is_pointed_to_the_one_meant(
    fieldbot: BotUnderTest,
) -> None:
    """An officer typing /raport (or /rapport, as French writes it) read 'I did not understand
    that. Send /help...'; the command they meant is now named. A manager's /reprots is
    /reports; a volunteer's /raport stays a typo (/report is not theirs), and so do words far
    from any command (/aide)."""
    jean = await fieldbot.member(2002, "Jean", Role.FIELD_STAFF, ["HT"])
    for typed in ("raport", "rapport", "Raport@fieldbot_test_bot"):
        await jean.send(f"/{typed}")
        assert (await jean.last()).text == (
            f"There is no command /{typed.split('@')[0]}. Did you mean /report?"
        )
    await jean.send("/aide")
    assert (await jean.last()).text == NOT_UNDERSTOOD
    await start_training(jean)
    await jean.send("/mireports")  # mid-report too; the report still waits
    assert "Did you mean /myreports?" in (await jean.last()).text
    await jean.send("Jacmel")
    assert "Step 3/" in (await jean.last()).text
    mona = await fieldbot.member(3002, "Mona", Role.MANAGER, ["HT"])
    await mona.send("/reprots")
    assert (await mona.last()).text == "There is no command /reprots. Did you mean /reports?"
    lala = await fieldbot.member(4002, "Lala", Role.VOLUNTEER, ["MG"])
    await lala.send("/raport")
    assert (await lala.last()).text == NOT_UNDERSTOOD
    layla = await fieldbot.member(3003, "Layla", Role.MANAGER, ["MA"], language_code="ar")
    await layla.send("/reprots")  # the commands kept left to right in Arabic text
    assert "\u2066/reprots\u2069" in (await layla.last()).text
    assert "\u2066/reports\u2069" in (await layla.last()).text

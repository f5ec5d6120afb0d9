"""A member given another role by an invitation was welcomed as a newcomer is ('Welcome,
Jean!' and the help): nothing said which role was new. The welcome now names it (or, for a
role they held, the countries it now covers), in their language."""

from __future__ import annotations

from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest


async def _welcome(fieldbot: BotUnderTest, user_id: int, code: str) -> str:
    person = fieldbot.user(user_id, "Jean")
    await person.send(f"/start {code}")
    return next(m.text for m in reversed(await person.messages()) if "Welcome" in m.text)


async def test_a_field_officer_made_a_volunteer_reads_which_role_is_new(
    fieldbot: BotUnderTest,
) -> None:
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    welcome = await _welcome(fieldbot, 2001, await fieldbot.invite_code(Role.VOLUNTEER, ["NE"]))
    assert welcome.startswith("Welcome, Jean!\nYour new role: volunteer for Niger.\n\n")


async def test_a_role_held_for_more_countries_names_them(fieldbot: BotUnderTest) -> None:
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    welcome = await _welcome(fieldbot, 2001, await fieldbot.invite_code(Role.FIELD_STAFF, ["NE"]))
    assert welcome.startswith("Welcome, Jean!\nYour role field staff now covers Haiti and Niger.")


async def test_a_newcomer_reads_the_welcome_as_before(fieldbot: BotUnderTest) -> None:
    welcome = await _welcome(fieldbot, 2001, await fieldbot.invite_code(Role.VOLUNTEER, ["NE"]))
    assert welcome.startswith("Welcome, Jean!\n\nYou are registered as volunteer for Niger.")


async def test_the_new_role_is_named_in_the_members_language(fieldbot: BotUnderTest) -> None:
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"], language_code="fr")
    person = fieldbot.user(2001, "Jean", language_code="fr")
    await person.send(f"/start {await fieldbot.invite_code(Role.VOLUNTEER, ['NE'])}")
    welcome = next(m.text for m in await person.messages() if "Bienvenue" in m.text)
    assert "bénévole" in welcome.split("\n\n")[0]

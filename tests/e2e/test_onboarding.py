"""Joining by invitation: links made by chat and by CLI, and every way a code can be wrong."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from bot.domain.enums import AuditAction, Role
from models.tables import AuditEntry, User
from tests.e2e.harness import BotUnderTest

LINK = re.compile(r"https://t\.me/(\w+)\?start=([A-Za-z0-9_-]+)")


async def test_admin_invites_a_field_officer_who_joins_in_french(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/invite")
    assert "Which role" in (await amina.last()).text
    await amina.tap("Field staff")
    assert "Which countries" in (await amina.last()).text
    await amina.send("HT")
    assert "Haiti" in (await amina.last()).text
    await amina.tap("7 days")
    card = (await amina.last()).text
    assert "It works once" in card
    match = LINK.search(card)
    assert match is not None
    username, code = match.groups()
    assert username == (await fieldbot.app.bot.me()).username  # type: ignore[union-attr]

    jean = fieldbot.user(2001, "Jean", language_code="fr")
    await jean.send(f"/start {code}")
    welcome, zone = [m.text for m in (await jean.messages())[-2:]]
    assert "Bienvenue, Jean" in welcome
    assert "Haïti" in welcome
    assert "America/Port-au-Prince" in zone  # Haiti has one time zone: set without asking


async def test_a_link_works_once(fieldbot: BotUnderTest) -> None:
    code = await fieldbot.invite_code(Role.FIELD_STAFF)
    await fieldbot.user(2001, "Jean").send(f"/start {code}")
    bob = fieldbot.user(2002, "Bob")
    await bob.send(f"/start {code}")
    assert "already been used" in (await bob.last()).text
    await bob.send("/help")
    assert "invitation link" in (await bob.last()).text  # still a guest


async def test_the_link_one_joined_with_tapped_again_says_so_and_is_no_wrong_guess(
    fieldbot: BotUnderTest,
) -> None:
    """Jean taps his (now used-up) link again, again and again: each time he is told he has
    joined, never that the code is not valid, and never locked out as a guesser."""
    code = await fieldbot.invite_code(Role.FIELD_STAFF, countries=("HT",))
    jean = fieldbot.user(2001, "Jean", language_code="fr")
    await jean.send(f"/start {code}")
    for _ in range(7):  # more than the wrong-code limit
        await jean.send(f"/start {code}")
        again = (await jean.last()).text
        assert again.startswith("Vous avez déjà rejoint l’équipe avec cette invitation.")
        assert "personnel de terrain" in again
        assert "Haïti" in again
    await jean.send("/start wrongcode")
    assert "pas valide" in (await jean.last()).text  # a real wrong code is still one


async def test_another_link_for_what_one_holds_changes_nothing_and_says_so(
    fieldbot: BotUnderTest,
) -> None:
    """A second invitation for the role and country Jean already holds: he did not join with
    it, so he is not told he did; the link stays unused for the person it was meant for."""
    first = await fieldbot.invite_code(Role.FIELD_STAFF, countries=("HT",))
    second = await fieldbot.invite_code(Role.FIELD_STAFF, countries=("HT",))
    jean = fieldbot.user(2001, "Jean")
    await jean.send(f"/start {first}")
    await jean.send(f"/start {second}")
    again = (await jean.last()).text
    assert again.startswith("You already hold this role for these countries")
    assert "joined with this invitation" not in again
    marie = fieldbot.user(2002, "Marie")
    await marie.send(f"/start {second}")
    assert "Welcome, Marie" in (await marie.messages())[-2].text


async def test_a_multi_use_link_admits_as_many_people_as_it_says(
    fieldbot: BotUnderTest,
) -> None:
    code = await fieldbot.invite_code(Role.VOLUNTEER, max_uses=2)
    for user_id in (2001, 2002):
        user = fieldbot.user(user_id, "Vol")
        await user.send(f"/start {code}")
        assert "Welcome, Vol" in (await user.messages())[-2].text
    late = fieldbot.user(2003, "Late")
    await late.send(f"/start {code}")
    assert "already been used" in (await late.last()).text


async def test_an_expired_link_is_refused(fieldbot: BotUnderTest) -> None:
    code = await fieldbot.invite_code(Role.MANAGER, expires_in=dt.timedelta(seconds=-1))
    sam = fieldbot.user(2001, "Sam")
    await sam.send(f"/start {code}")
    assert "expired" in (await sam.last()).text


async def test_a_forged_code_is_refused_and_audited(fieldbot: BotUnderTest) -> None:
    sam = fieldbot.user(2001, "Sam")
    await sam.send("/start AAAAAAAAAAAAAAAAAAAAAA")
    assert "not valid" in (await sam.last()).text
    await sam.send("/start <script>")
    assert "not valid" in (await sam.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        actions = (await session.scalars(select(AuditEntry.action))).all()
        users = (await session.scalars(select(User))).all()
    assert AuditAction.INVITE_REJECTED in actions
    assert users == []  # a guest leaves no personal data behind


async def test_a_guest_gets_the_way_in_and_nothing_else(fieldbot: BotUnderTest) -> None:
    guest = fieldbot.user(4001, "Guest")
    for text in ("hello", "/help", "/invite", "/language", "/settings", "/cancel"):
        await guest.send(text)
        reply = await guest.last()
        assert "officer for an invitation link" in reply.text, text
        assert reply.buttons == []


async def test_joining_is_audited_and_sets_the_role_menu(fieldbot: BotUnderTest) -> None:
    code = await fieldbot.invite_code(Role.MANAGER, ("HT", "NE"))
    layla = fieldbot.user(3001, "Layla", language_code="ar")
    await layla.send(f"/start {code}")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        actions = set((await session.scalars(select(AuditEntry.action))).all())
    assert {AuditAction.INVITE_USED, AuditAction.ROLE_GRANTED} <= actions
    menus = await fieldbot.control.commands()
    chat_menu = [m for m in menus if m["scope"].get("chat_id") == 3001]
    assert chat_menu, menus
    names = [c["command"] for c in chat_menu[0]["commands"]]
    assert "help" in names
    assert "invite" not in names  # managers do not invite
    assert chat_menu[0]["commands"][0]["description"] == "ما يمكنني فعله لك"  # in Arabic
    guest_menus = {m["language_code"]: m for m in menus if m["scope"]["type"] == "default"}
    assert set(guest_menus) == {"", "en", "fr", "es", "ar", "pt", "sw", "mg"}
    assert [c["command"] for c in guest_menus["fr"]["commands"]] == ["start", "help"]


async def test_the_bot_refuses_to_work_in_a_group(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    in_group = amina.in_chat(-100200, "group", "Team Haiti")
    await in_group.send("/help")
    reply = await in_group.last()
    assert "only work in private chats" in reply.text
    await in_group.send("just chatting")
    assert len(await in_group.messages()) == 1  # chatter gets no answer


async def test_a_link_typed_with_capitals_or_the_bots_name_still_admits(
    fieldbot: BotUnderTest,
) -> None:
    """A phone capitalises the first letter; a code copied from a group carries the bot's name."""
    assert fieldbot.app is not None
    username = (await fieldbot.app.bot.me()).username
    for user_id, typed in enumerate(
        ("/Start {code}", "/START {code}", f"/start@{username} {{code}}")
    ):
        code = await fieldbot.invite_code(Role.FIELD_STAFF, ["HT"])
        newcomer = fieldbot.user(2001 + user_id, "Jean")
        await newcomer.send(typed.format(code=code))
        assert "Welcome, Jean" in (await newcomer.messages())[-2].text, typed


async def test_commands_typed_with_capitals_are_understood(fieldbot: BotUnderTest) -> None:
    awa = await fieldbot.member(1001, "Awa", Role.FIELD_STAFF, ["HT"])
    await awa.send("/Help")
    assert "/report" in (await awa.last()).text
    await awa.send("/REPORT")
    await awa.tap("Training")
    await awa.send("/Cancel")
    assert "The report was cancelled." in (await awa.last()).text


async def test_an_admin_may_name_the_countries_of_an_invitation(fieldbot: BotUnderTest) -> None:
    """ "Haïti" or "المغرب" typed at /invite were refused: "I don't know these country codes:
    HAÏTI"; a name splits no more into words ("CÔTE, D'IVOIRE")."""
    amina = await fieldbot.member(
        1001, "Amina", Role.ADMIN, ["HT", "NE", "MA"], language_code="fr"
    )
    await amina.send("/invite")
    await amina.tap("Bénévole")
    await amina.send("Côte d'Ivoire")  # a name, not two codes; not one of her countries
    assert "CÔTE" not in (await amina.last()).text
    assert "Côte d’Ivoire" not in (await amina.last()).text  # no invitation for it
    await amina.send("Narnia, Haïti")
    assert "Narnia" in (await amina.last()).text
    await amina.send("Haïti et Maroc")
    assert "Pays\u202f: Haïti et Maroc." in (await amina.last()).text
    await amina.tap("7 jours")
    assert "(pays\u202f: Haïti et Maroc)" in (await amina.last()).text
    layla = await fieldbot.member(1002, "Layla", Role.ADMIN, ["MA"], language_code="ar")
    await layla.send("/invite")
    await layla.tap("مدير")
    await layla.send("المغرب")
    assert "المغرب" in (await layla.last()).text
    await layla.tap("7 أيام")
    assert "t.me/" in (await layla.last()).text


async def test_country_names_typed_without_commas_are_read(fieldbot: BotUnderTest) -> None:
    """ "Kenya Haiti" at /invite was refused: "I don't know these country codes: Kenya,
    Haiti"; names of several words ("Sierra Leone", "Burkina Faso") stay one country."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/invite")
    await amina.tap("Field staff")
    await amina.send("Kenya Sierra Leone Burkina Faso")
    assert "Countries: Kenya, Sierra Leone, and Burkina Faso." in (await amina.last()).text
    await amina.send("/invite")
    await amina.tap("Field staff")
    await amina.send("Kenya Haiti")
    assert "Countries: Kenya and Haiti." in (await amina.last()).text
    await amina.tap("7 days")
    assert "t.me/" in (await amina.last()).text


async def test_countries_typed_again_at_the_lifetime_correct_the_invitation(
    fieldbot: BotUnderTest,
) -> None:
    """Typed after the countries were taken, "HT, NE" got "I did not understand", and the
    invitation was made for Haiti alone."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, ["HT", "NE"], language_code="es")
    await amina.send("/invite")
    await amina.tap("Persona voluntaria")
    await amina.send("HT")
    await amina.send("HT, NE")
    assert "Haití y Níger" in (await amina.last()).text
    await amina.tap("7 días")
    assert "Haití y Níger" in (await amina.last()).text


async def test_all_countries_typed_in_the_admins_language(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, language_code="fr")
    await amina.send("/invite")
    await amina.tap("Personnel de terrain")
    await amina.send("tous")
    assert "tous les pays" in (await amina.last()).text


async def test_a_name_no_one_can_see_is_welcomed_without_it(fieldbot: BotUnderTest) -> None:
    """A Telegram name made of a Hangul filler (the 'invisible name' trick): 'Welcome, ㅤ!'."""
    code = await fieldbot.invite_code(Role.FIELD_STAFF, ["HT"])
    ghost = fieldbot.user(5001, "\u3164", last_name="\u200b")
    await ghost.send(f"/start {code}")
    welcome = (await ghost.messages())[-2].text  # then the time zone
    assert welcome.startswith("Welcome!\n\n")
    await ghost.send("/start")  # Telegram's "Restart"
    assert (await ghost.last()).text.startswith("Welcome back!\n\n")
    braille = fieldbot.user(5002, "\u2800", last_name="Dupont")
    await braille.send(f"/start {await fieldbot.invite_code(Role.VOLUNTEER, ['HT'])}")
    assert "Welcome, \u2800 Dupont!" in (await braille.messages())[-2].text  # still his name


async def test_a_name_with_a_direction_override_cannot_turn_an_admins_message_around(
    fieldbot: BotUnderTest,
) -> None:
    """'Jean\u202e' (a right-to-left override in the name, the 'trojan name' trick): in the
    admin's card the words after his name read backwards."""
    code = await fieldbot.invite_code(Role.FIELD_STAFF, ["HT"])
    jean = fieldbot.user(2001, "Jean\u202e", last_name="Baptiste")
    await jean.send(f"/start {code}")
    assert "Welcome, Jean!" in (await jean.messages())[-2].text
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/people")
    await amina.tap("Jean")
    card = (await amina.last()).text
    assert "Jean Baptiste" in card
    assert "\u202e" not in card

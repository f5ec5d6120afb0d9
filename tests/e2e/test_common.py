"""/help by role, /language, /settings and /cancel, as members use them."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.enums import Role
from models.tables import User
from tests.e2e.harness import BotUnderTest


async def test_help_lists_what_each_role_may_do(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/help")
    assert "/invite" in (await amina.last()).text
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/help")
    help_text = (await jean.last()).text
    assert "field staff" in help_text
    assert "Haiti" in help_text
    assert "/invite" not in help_text


async def test_a_field_officer_cannot_invite(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/invite")
    assert "is for another role" in (await jean.last()).text


async def test_the_chosen_language_wins_over_telegrams_and_is_remembered(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"], language_code="fr")
    await jean.send("/help")
    assert "Ce que vous pouvez faire" in (await jean.last()).text
    await jean.send("/language")
    assert (await jean.last()).button_texts()[:4] == ["English", "Français", "Español", "العربية"]
    await jean.tap("Español")
    assert "español" in (await jean.last()).text
    await fieldbot.restart()
    await jean.send("/help")
    assert "Lo que puede hacer" in (await jean.last()).text
    menus = await fieldbot.control.commands()
    chat_menu = next(m for m in menus if m["scope"].get("chat_id") == 2001)
    assert chat_menu["commands"][0]["description"] == "Lo que puedo hacer por usted"


async def test_telegram_language_variants_map_to_a_catalog(fieldbot: BotUnderTest) -> None:
    guest_fr_ca = fieldbot.user(4001, "Guest", language_code="fr-CA")
    await guest_fr_ca.send("hello")
    assert "invitation" in (await guest_fr_ca.last()).text
    assert "Bonjour" in (await guest_fr_ca.last()).text
    guest_pt_br = fieldbot.user(4002, "Guest", language_code="pt-br")
    await guest_pt_br.send("hello")
    assert "Hello!" not in (await guest_pt_br.last()).text  # Portuguese, not English
    guest_de = fieldbot.user(4003, "Gast", language_code="de-DE")
    await guest_de.send("hallo")
    assert "Hello!" in (await guest_de.last()).text  # no German catalog: English


async def test_arabic_keeps_numbers_and_latin_names_in_order(fieldbot: BotUnderTest) -> None:
    layla = await fieldbot.member(3001, "Layla", Role.MANAGER, ["HT", "NE"], language_code="ar")
    await layla.send("/settings")
    text = (await layla.last()).text
    assert "\u2066UTC\u2069" in text  # a Latin code isolated inside the Arabic sentence


async def test_a_forged_language_button_is_refused(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/language")
    await jean.press("lang:xx", forge=True)
    answers = await jean.callback_answers()
    assert "not available" in answers[-1]["text"]
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert await session.scalar(select(User.language).where(User.telegram_id == 2001)) is None


async def test_time_zone_by_button_and_by_typing(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "NE"])
    await jean.send("/settings")
    assert "Your time zone is UTC" in (await jean.last()).text
    await jean.tap("Port-au-Prince")
    assert "America/Port-au-Prince" in (await jean.last()).text
    await jean.send("/settings")
    await jean.send("atlantis")
    assert "don't know this time zone" in (await jean.last()).text
    await jean.send("niamey")
    assert "Africa/Niamey" in (await jean.last()).text
    await jean.press("tz:Mars/Olympus", forge=True)
    assert "not available" in (await jean.callback_answers())[-1]["text"]


async def test_cancel_leaves_any_flow(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/cancel")
    assert "nothing to cancel" in (await amina.last()).text
    await amina.send("/invite")
    await amina.tap("Manager")
    await amina.send("/cancel")
    assert "Cancelled" in (await amina.last()).text
    await amina.send("HT")  # no longer answering the countries question
    assert "did not understand" in (await amina.last()).text


async def test_a_wrong_country_code_is_explained_and_asked_again(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/invite")
    await amina.tap("Manager")
    await amina.send("HT, XY, 🙂")
    reply = (await amina.last()).text
    assert "XY" in reply
    assert "two-letter ISO codes" in reply
    await amina.send("ht ne")
    assert "How long" in (await amina.last()).text


async def test_photos_are_refused_outside_forms(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send_photo()
    assert "protect children" in (await jean.last()).text


async def test_an_answer_edited_outside_a_report_is_said_to_change_nothing(
    fieldbot: BotUnderTest,
) -> None:
    """Amina types "HT" for the invitation's countries, then edits it to "NE": the edit is not
    taken, and she is told so instead of silence."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/invite")
    await amina.tap("Field staff")
    await amina.send("HT")
    assert amina.last_answer is not None
    await amina.edit(int(amina.last_answer["message_id"]), "NE")
    assert "changes nothing here" in (await amina.last()).text


async def test_an_album_outside_a_form_gets_one_answer_not_one_per_photo(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    for _ in range(4):
        await jean.send_photo(media_group_id="13800000000000009")
    said = await jean.messages()
    assert len(said) == 1
    assert "reports never contain images" in said[0].text
    await jean.send_photo(media_group_id="13800000000000010")  # another album: said again
    assert len(await jean.messages()) == 2
    await jean.send("/report")
    assert "Training" in str((await jean.last()).buttons)  # nothing left in the way

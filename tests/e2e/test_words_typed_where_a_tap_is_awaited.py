"""Words typed where a step waits for a tap (an invitation's role, its lifetime): what it
waits for is said again, not "I did not understand that" nor "unknown country codes"."""

from __future__ import annotations

from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest


async def test_a_role_typed_instead_of_tapped_is_pointed_to_the_buttons(
    fieldbot: BotUnderTest,
) -> None:
    """Awa typed the role ("gestionnaire") under "Which role will the new person have?": "I
    did not understand that. Send /help to see what I can do.", as if the invitation she was
    making was not there any more."""
    awa = await fieldbot.member(3601, "Awa", Role.ADMIN, language_code="fr")
    await awa.send("/invite")
    await awa.send("gestionnaire")
    said = (await awa.last()).text
    assert "n’ai pas compris" not in said
    assert "Choisissez le rôle de la nouvelle personne avec les boutons, ou /cancel." in said
    await awa.tap("Gestionnaire")  # the invitation goes on
    assert "Quels pays" in (await awa.messages())[0].text


async def test_a_word_typed_with_nothing_open_is_still_not_understood(
    fieldbot: BotUnderTest,
) -> None:
    awa = await fieldbot.member(3602, "Awa", Role.ADMIN, language_code="ar")
    await awa.send("مرحبا")
    assert "لم أفهم رسالتك" in (await awa.last()).text


async def test_a_lifetime_typed_for_an_invitation_is_not_read_as_countries(
    fieldbot: BotUnderTest,
) -> None:
    """Asked "How long may the invitation be used?", Awa typed "7 jours": "I do not know these
    country codes: 7, jours", about countries she had already given. Countries typed there
    still correct the invitation's."""
    awa = await fieldbot.member(3603, "Awa", Role.ADMIN, language_code="fr")
    await awa.send("/invite")
    await awa.tap("Gestionnaire")
    await awa.send("HT")
    await awa.send("7 jours")
    said = (await awa.last()).text
    assert "codes pays" not in said
    assert "Choisissez avec les boutons combien de temps l’invitation reste valable" in said
    await awa.send("30")
    assert "combien de temps" in (await awa.last()).text
    await awa.send("HT, NE")  # a correction of the countries
    assert "Pays\u202f: Haïti et Niger." in (await awa.last()).text
    await awa.tap("7 jours")
    assert "t.me/" in (await awa.last()).text

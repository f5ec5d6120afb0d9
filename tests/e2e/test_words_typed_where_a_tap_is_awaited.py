"""Words typed where a step waits for a tap (an invitation's role): what the step waits for is
said again, not "I did not understand that"."""

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

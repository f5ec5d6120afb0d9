"""Head counts typed the way people write them: a number is never stored smaller than meant."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.enums import Role
from models.tables import Report
from tests.e2e.harness import BotUnderTest


async def test_twelve_thousand_in_words_is_asked_again_in_digits(fieldbot: BotUnderTest) -> None:
    ana = await fieldbot.member(3601, "Ana", Role.FIELD_STAFF, ["HT"], language_code="es")
    await ana.send("/report")
    for tap in ("Incidencia", "Nacional", "Justicia", "Campaña de sensibilización"):
        await ana.tap(tap)
    await ana.send("12 mil personas")
    assert "por ejemplo 12000 para doce mil" in (await ana.last()).text
    await ana.send("12.000")  # grouped the Spanish way
    await ana.tap("Ayer")
    await ana.tap("Omitir")
    await ana.tap("Enviar")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    assert report.answers["audience"] == 12000


async def test_a_thousand_with_the_other_separator_is_not_read_as_one(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(3602, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    for tap in ("Advocacy", "Local", "Justice", "Awareness campaign"):
        await jean.tap(tap)
    await jean.send("1.000")
    assert "may mean a thousand" in (await jean.last()).text
    await jean.send("1,000")
    assert "1,000" in (await jean.messages())[-2].text + (await jean.last()).text

"""A report typed the way field workers in Tanzania, Madagascar, Morocco, Mozambique and Peru
type it on a phone: the words their language uses, never refused as no answer."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.enums import Role
from models.tables import Report
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_issue_12_answers import translator


async def stored_answers(fieldbot: BotUnderTest) -> dict[str, object]:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        return dict((await session.scalars(select(Report))).one().answers)


async def test_no_men_typed_as_hakuna_is_a_count_of_0(fieldbot: BotUnderTest) -> None:
    """Asha trained twelve women and no men: "hakuna" (none) was refused with 'Please enter a
    whole number', as "aucun", "nenhum", "لا أحد" and "tsy nisy" were."""
    t = translator("sw").gettext
    asha = await fieldbot.member(4201, "Asha", Role.FIELD_STAFF, ["TZ"], language_code="sw")
    await asha.send("/report")
    await asha.tap(t("Training"))
    await asha.send("Dodoma")
    await asha.tap(t("Justice"))
    await asha.tap(t("Police officers"))
    await asha.tap(t("Training session"))
    await asha.tap(t("No"))
    await asha.tap(t("Yesterday"))
    await asha.tap(t("Days"))
    await asha.send("2")
    await asha.send("kumi na mbili")  # in words: asked in digits
    assert t("Please enter a whole number, for example 12.") in (await asha.last()).text
    await asha.send("12")
    await asha.send("hakuna")  # men
    assert (
        t("How many other participants, or participants whose gender was not given?")
        in (await asha.last()).text
    )
    await asha.send("sifuri")  # other
    for _ in range(4):  # partner, pre-test, post-test, notes
        await asha.tap(t("Skip"))
    await asha.tap(t("✅ Submit"))
    answers = await stored_answers(fieldbot)
    assert (answers["participants_women"], answers["participants_men"]) == (12, 0)
    assert answers["participants_other"] == 0

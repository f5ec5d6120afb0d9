"""A report typed with its counts and its day in words ("douze (12)", "cinq", "ce matin"):
read, shown on the card to check, and stored; a bound ("plus de 5") is asked again."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.enums import Role
from bot.domain.languages import format_date
from models.tables import Report
from tests.e2e.harness import BotUnderTest, members_today
from tests.e2e.test_issue_12_answers import translator


async def test_counts_and_the_day_in_words_reach_the_card_and_the_report(
    fieldbot: BotUnderTest,
) -> None:
    t = translator("fr").gettext
    awa = await fieldbot.member(4301, "Awa", Role.FIELD_STAFF, ["HT"], language_code="fr")
    await awa.send("/report")
    await awa.tap(t("Training"))
    await awa.send("Jacmel")
    await awa.tap(t("Justice"))
    await awa.tap(t("Police officers"))
    await awa.tap(t("Training session"))
    await awa.tap(t("No"))
    await awa.send("ce matin")  # start date
    assert t("Will you give its length in days or in hours?") in (await awa.last()).text
    await awa.tap(t("Days"))
    await awa.send("deux jours")
    await awa.send("douze (12)")  # women
    await awa.send("plus de 5")  # men: a bound, not a count
    refusal = (await awa.last()).text
    assert "⚠️" in refusal
    assert t("How many men took part?") in refusal
    await awa.send("cinq")
    await awa.send("zéro")  # other
    for _ in range(4):  # partner, pre-test, post-test, notes
        await awa.tap(t("Skip"))
    card = (await awa.last()).text
    assert t("Check this report before submitting ({form}):").format(form=t("Training")) in card
    assert format_date(members_today(), "fr") in card
    await awa.tap(t("✅ Submit"))
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    assert report.event_date == members_today()
    answers = report.answers
    assert answers["duration"] == "2"
    assert (answers["participants_women"], answers["participants_men"]) == (12, 5)
    assert answers["participants_other"] == 0

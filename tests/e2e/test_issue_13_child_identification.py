"""Issue 13, observation 5: a child named in a report's free text is refused, in the officer's
language, and the question is asked again; a description without the name is accepted."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.enums import Role
from bot.sandbox import SimUser
from models.tables import Report
from tests.e2e.harness import BotUnderTest


async def advocacy_up_to_notes(
    officer: SimUser, labels: dict[str, str], country: str, institution: str
) -> str:
    """An advocacy decision, every question answered, up to "Anything else to note?"."""
    await officer.send("/report")
    await officer.tap(labels["advocacy"])
    if (await officer.last()).has_button(country):  # one country is not asked (issue 12)
        await officer.tap(country)
    await officer.tap(labels["national"])
    await officer.tap(labels["justice"])
    await officer.tap(labels["decision"])
    await officer.send(institution)
    await officer.tap(labels["yes"])
    await officer.tap(labels["skip"])  # audience
    await officer.tap(labels["today"])
    return (await officer.last()).text


async def stored_notes(fieldbot: BotUnderTest) -> list[object]:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        return [r.answers.get("notes") for r in (await session.scalars(select(Report))).all()]


FRENCH = {
    "advocacy": "Plaidoyer",
    "national": "National",
    "justice": "Justice",
    "decision": "Décision ou changement de politique adopté",
    "yes": "Oui",
    "skip": "Passer",
    "today": "Aujourd’hui",
}
SWAHILI = {
    "advocacy": "Utetezi",
    "national": "Kitaifa",
    "justice": "Haki",
    "decision": "Uamuzi au mabadiliko ya sera yamepitishwa",
    "yes": "Ndiyo",
    "skip": "Ruka",
    "today": "Leo",
}


async def test_a_named_child_is_refused_in_french_and_a_description_is_accepted(
    fieldbot: BotUnderTest,
) -> None:
    awa = await fieldbot.member(4101, "Awa", Role.FIELD_STAFF, ["HT"], language_code="fr")
    question = await advocacy_up_to_notes(awa, FRENCH, "Haïti", "Ministère de la Justice")
    assert "Autre chose à ajouter" in question
    step = question.splitlines()[0]

    await awa.send("Marie Joseph, 12 ans, victime, a témoigné devant le juge.")
    refusal = (await awa.last()).text
    assert "Veuillez retirer le nom «\u202fMarie Joseph\u202f»" in refusal
    assert "pourrait identifier un enfant" in refusal
    assert step in refusal  # the same question again
    assert "Autre chose à ajouter" in refusal

    await awa.send("Une fille de 12 ans a témoigné devant le juge.")
    assert "Vérifiez ce rapport" in (await awa.last()).text
    await awa.tap("Envoyer")
    assert await stored_notes(fieldbot) == ["Une fille de 12 ans a témoigné devant le juge."]


async def test_a_named_child_is_refused_in_swahili_and_a_description_is_accepted(
    fieldbot: BotUnderTest,
) -> None:
    baraka = await fieldbot.member(4102, "Baraka", Role.FIELD_STAFF, ["TZ"], language_code="sw")
    question = await advocacy_up_to_notes(baraka, SWAHILI, "Tanzania", "Wizara ya Sheria")
    assert "Kuna jambo lingine la kuongeza" in question
    step = question.splitlines()[0]

    await baraka.send("Mtoto Amina Juma (miaka 11) ni mwathirika wa ukatili.")
    refusal = (await baraka.last()).text
    assert "Tafadhali ondoa jina “Amina Juma”" in refusal
    assert "kumtambulisha mtoto" in refusal
    assert step in refusal
    assert "Kuna jambo lingine la kuongeza" in refusal

    await baraka.send("Msichana wa miaka 11 ni mwathirika wa ukatili.")
    assert "Kagua ripoti hii" in (await baraka.last()).text
    await baraka.tap("Tuma")
    assert await stored_notes(fieldbot) == ["Msichana wa miaka 11 ni mwathirika wa ukatili."]

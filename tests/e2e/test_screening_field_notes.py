"""Notes as field staff type them: a child named with a bare age is refused, places counted in
brackets and a sentence about a facilitator under a topic of children are accepted."""

from __future__ import annotations

from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_issue_13_child_identification import (
    FRENCH,
    advocacy_up_to_notes,
    stored_notes,
)

ENGLISH = {
    "advocacy": "Advocacy",
    "national": "National",
    "justice": "Justice",
    "decision": "Decision or policy change adopted",
    "yes": "Yes",
    "skip": "Skip",
    "today": "Today",
}


async def test_a_child_named_with_a_bare_age_is_refused_and_the_note_without_it_is_kept(
    fieldbot: BotUnderTest,
) -> None:
    grace = await fieldbot.member(4201, "Grace", Role.FIELD_STAFF, ["KE"], language_code="en")
    question = await advocacy_up_to_notes(grace, ENGLISH, "Kenya", "Ministry of Justice")
    assert "Anything else to note?" in question

    await grace.send("Kevin, 13, was beaten by his uncle last week.")
    refusal = (await grace.last()).text
    assert "Please remove the name “Kevin”" in refusal
    assert "Anything else to note?" in refusal

    await grace.send("A boy of 13 was beaten by his uncle last week.")
    assert "Check this report" in (await grace.last()).text
    await grace.tap("Submit")
    assert await stored_notes(fieldbot) == ["A boy of 13 was beaten by his uncle last week."]


async def test_places_counted_and_a_facilitator_under_a_topic_of_children_are_accepted(
    fieldbot: BotUnderTest,
) -> None:
    awa = await fieldbot.member(4202, "Awa", Role.FIELD_STAFF, ["HT"], language_code="fr")
    await advocacy_up_to_notes(awa, FRENCH, "Haïti", "Ministère de la Justice")
    note = (
        "Élèves : Jean Dupont a animé la séance.\n"
        "Jacmel (12), Cap-Haïtien (8) et Léogâne (5) ont accueilli des formations."
    )
    await awa.send(note)
    assert "Vérifiez ce rapport" in (await awa.last()).text
    await awa.tap("Envoyer")
    assert await stored_notes(fieldbot) == [note]


async def test_a_long_note_is_told_its_limit_as_the_question_wrote_it(
    fieldbot: BotUnderTest,
) -> None:
    """The question said "(at most 1000 characters)" and the refusal of a longer note "Please
    shorten your text to 1,000 characters (it has 1,151)": two ways to write one number."""
    baraka = await fieldbot.member(4103, "Baraka", Role.FIELD_STAFF, ["TZ"])
    question = await advocacy_up_to_notes(baraka, ENGLISH, "Tanzania", "Ministry of Justice")
    assert "(at most 1,000 characters)" in question, question
    await baraka.send("Meetings in Bagamoyo (45 people) and Chalinze (32 people). " * 20)
    assert "Please shorten your text to 1,000 characters" in (await baraka.last()).text


async def test_two_children_named_are_two_names_to_remove(fieldbot: BotUnderTest) -> None:
    """The refusal said "Please remove the name “Kevin, Mercy”": one name, a full name."""
    grace = await fieldbot.member(4202, "Grace", Role.FIELD_STAFF, ["KE"])
    await advocacy_up_to_notes(grace, ENGLISH, "Kenya", "Ministry of Justice")
    await grace.send("The children Kevin and Mercy were beaten by their uncle last week.")
    refusal = (await grace.last()).text
    assert "Please remove these names (Kevin, Mercy)" in refusal, refusal
    assert "they could identify children" in refusal

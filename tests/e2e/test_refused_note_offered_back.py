"""A note refused for naming a child comes back without the name, to copy and send again.

Before, the refusal only said "Please remove the name “Kevin”", and a field worker on a phone
had to retype a whole note to take out one word. Now the refusal also holds the note with each
name, phone number or address replaced by "[…]", in a block a tap copies; sent back as it is,
it is accepted. Like the refusal, the offer is never stored: not with the replies an update
owes (processed_updates), not in the outbox, not in the FSM state.
"""

from __future__ import annotations

from bot.domain.enums import Role
from bot.sandbox.client import BotMessage
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_issue_13_child_identification import (
    FRENCH,
    advocacy_up_to_notes,
    stored_notes,
)
from tests.e2e.test_privacy_refusal_not_stored import stored
from tests.e2e.test_screening_field_notes import ENGLISH

NOTE = (
    "Kevin, 13, was beaten by his uncle 😢 last week.\n"
    "Social workers <Plan & partners> followed up; call his aunt on 0712 345 678."
)
CLEANED = (
    "[…], 13, was beaten by his uncle 😢 last week.\n"
    "Social workers <Plan & partners> followed up; call his aunt on […]."
)


def copied(message: BotMessage) -> str:
    """What a tap on the message's code block copies (entity offsets are in UTF-16 units)."""
    blocks = [e for e in message.entities if e["type"] in {"pre", "code"}]
    assert len(blocks) == 1, message.entities
    units = message.text.encode("utf-16-le")
    start, length = blocks[0]["offset"] * 2, blocks[0]["length"] * 2
    return units[start : start + length].decode("utf-16-le")


async def test_the_note_comes_back_without_the_name_and_sent_back_it_is_kept(
    fieldbot: BotUnderTest,
) -> None:
    grace = await fieldbot.member(4301, "Grace", Role.FIELD_STAFF, ["KE"], language_code="en")
    await advocacy_up_to_notes(grace, ENGLISH, "Kenya", "Ministry of Justice")

    await grace.send(NOTE)
    refusal = await grace.last()
    assert "Please remove the name “Kevin”" in refusal.text
    assert "replaced by […]: tap it to copy it, then check it and send it back" in refusal.text
    assert "Anything else to note?" in refusal.text  # the question again, below
    assert copied(refusal) == CLEANED

    await grace.send(copied(refusal))
    assert "Check this report" in (await grace.last()).text
    await grace.tap("Submit")
    assert await stored_notes(fieldbot) == [CLEANED]


async def test_the_note_comes_back_in_french_and_sent_back_it_is_kept(
    fieldbot: BotUnderTest,
) -> None:
    awa = await fieldbot.member(4302, "Awa", Role.FIELD_STAFF, ["HT"], language_code="fr")
    await advocacy_up_to_notes(awa, FRENCH, "Haïti", "Ministère de la Justice")

    await awa.send("Marie Joseph, 12 ans, victime, a témoigné devant le juge à Jacmel.")
    refusal = await awa.last()
    assert "Veuillez retirer le nom «\u202fMarie Joseph\u202f»" in refusal.text
    assert copied(refusal) == "[…], 12 ans, victime, a témoigné devant le juge à Jacmel."

    await awa.send(copied(refusal))
    assert "Vérifiez ce rapport" in (await awa.last()).text
    await awa.tap("Envoyer")
    assert await stored_notes(fieldbot) == [
        "[…], 12 ans, victime, a témoigné devant le juge à Jacmel."
    ]


async def test_no_part_of_the_note_is_stored_even_when_telegram_fails(
    fieldbot: BotUnderTest,
) -> None:
    """The offer is sent with the refusal, unstored (test_privacy_refusal_not_stored): the note
    it quotes, even without the names, is not kept for a redelivery."""
    grace = await fieldbot.member(4303, "Grace", Role.FIELD_STAFF, ["KE"], language_code="en")
    await advocacy_up_to_notes(grace, ENGLISH, "Kenya", "Ministry of Justice")

    await fieldbot.control.inject_fault("sendMessage", "500", count=50)
    await grace.send(NOTE)
    assert "beaten" not in await stored(fieldbot)
    await fieldbot.control.clear_faults()

    await grace.send(NOTE)
    assert copied(await grace.last()) == CLEANED
    assert "beaten" not in await stored(fieldbot)


async def test_a_note_of_the_longest_length_comes_back_whole(fieldbot: BotUnderTest) -> None:
    """A 1,000-character note, the refusal and the question: one message within Telegram's
    4,096 characters (the sandbox refuses a longer one), the note not cut."""
    grace = await fieldbot.member(4304, "Grace", Role.FIELD_STAFF, ["KE"], language_code="en")
    await advocacy_up_to_notes(grace, ENGLISH, "Kenya", "Ministry of Justice")
    filler = "Meetings in Bagamoyo (45 people) and Chalinze (32 people). " * 17
    note = ("Kevin, 13, was beaten by his uncle. " + filler)[:1000].strip()
    assert len(note) == 1000

    await grace.send(note)
    refusal = await grace.last()
    assert "Please remove the name “Kevin”" in refusal.text
    assert copied(refusal) == "[…]" + note[len("Kevin") :]


async def test_a_refused_note_edited_in_telegram_is_told_to_be_sent_again(
    fieldbot: BotUnderTest,
) -> None:
    """Grace edits the refused note in Telegram to take the name out: the edit reaches the bot
    but answers nothing, and 'does not change the answer it gave' (there was none) left her
    waiting; she is told to send the corrected text as a new message."""
    grace = await fieldbot.member(4305, "Grace", Role.FIELD_STAFF, ["KE"], language_code="en")
    await advocacy_up_to_notes(grace, ENGLISH, "Kenya", "Ministry of Justice")
    await grace.send(NOTE)
    assert grace.last_answer is not None
    refused = int(grace.last_answer["message_id"])

    await grace.edit(refused, CLEANED)
    said = (await grace.last()).text
    assert "if it was refused, send the corrected text as a new message" in said
    assert said.endswith("Anything else to note?")  # the question, again
    await grace.send(CLEANED)
    assert "Check this report" in (await grace.last()).text

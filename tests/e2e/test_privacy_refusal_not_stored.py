"""A refusal that names a child is never stored, not even with the replies an update owes.

The screening refuses "Kevin, 13, was beaten" with "Please remove the name “Kevin”". That
reply was written to processed_updates in the update's transaction, kept there until Telegram
took it, and moved to the outbox while Telegram failed: the child's name (and the aunt's phone
number) in the database for up to the dedupe window (48 h), in every backup taken meanwhile.
Now it is sent once the update is committed, from memory, as an invitation's link is.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from bot.domain.enums import Role
from bot.sandbox import SandboxServer
from models.tables import FsmRecord, OutboxMessage, ProcessedUpdate
from tests.e2e.harness import BotUnderTest, running_bot
from tests.e2e.test_issue_12_safe_flow import on_the_place_after_a_pause
from tests.e2e.test_issue_13_child_identification import advocacy_up_to_notes
from tests.e2e.test_missions import mission
from tests.e2e.test_screening_field_notes import ENGLISH

NOTE = "Kevin, 13, was beaten by his uncle; call his aunt on 0712 345 678."


async def stored(fieldbot: BotUnderTest) -> str:
    """Everything the bot keeps about conversations: owed replies, outbox, FSM data."""
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        rows = [
            *(await session.scalars(select(ProcessedUpdate.replies))).all(),
            *(await session.scalars(select(OutboxMessage.payload))).all(),
            *(await session.scalars(select(FsmRecord.data))).all(),
        ]
    return json.dumps(rows, ensure_ascii=False)


async def test_the_refusal_naming_the_child_is_never_stored_even_when_telegram_fails(
    fieldbot: BotUnderTest,
) -> None:
    grace = await fieldbot.member(4303, "Grace", Role.FIELD_STAFF, ["KE"], language_code="en")
    await advocacy_up_to_notes(grace, ENGLISH, "Kenya", "Ministry of Justice")

    # Telegram fails to take the refusal: before, it waited in the database to be sent again.
    await fieldbot.control.inject_fault("sendMessage", "500", count=50)
    await grace.send(NOTE)
    assert "Kevin" not in await stored(fieldbot)
    assert "0712" not in await stored(fieldbot)
    await fieldbot.control.clear_faults()

    # Typed again once Telegram answers: the refusal arrives as before, the question below it.
    await grace.send(NOTE)
    refusal = (await grace.last()).text
    assert "Please remove the name “Kevin”" in refusal
    assert "Anything else to note?" in refusal
    assert "Kevin" not in await stored(fieldbot)

    await grace.send("A boy of 13 was beaten by his uncle.")
    assert "Check this report" in (await grace.last()).text


async def owed_and_outbox(fieldbot: BotUnderTest) -> str:
    """The replies an update owes and the outbox (not the draft, which holds the answers)."""
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        rows = [
            *(await session.scalars(select(ProcessedUpdate.replies))).all(),
            *(await session.scalars(select(OutboxMessage.payload))).all(),
        ]
    return json.dumps(rows, ensure_ascii=False)


async def test_an_answer_refused_only_when_the_report_is_sent_is_not_stored_either(
    sandbox: SandboxServer, db_url: str
) -> None:
    """A note taken under the screening's old rules (or before a country's pattern) is
    screened again on Submit: that refusal, 'Please remove ... “CASE-1234”', was stored with
    the update's replies, and kept in the outbox while Telegram failed."""
    async with running_bot(sandbox, db_url) as fieldbot:
        grace = await fieldbot.member(4303, "Grace", Role.FIELD_STAFF, ["KE"], language_code="en")
        await advocacy_up_to_notes(grace, ENGLISH, "Kenya", "Ministry of Justice")
        await grace.send("Shelter of CASE-1234 visited with the ministry.")
        assert "Check this report" in (await grace.last()).text

        fieldbot.settings = fieldbot.settings.model_copy(
            update={"pii_patterns": [r"\bCASE-\d{4}\b"]}
        )
        await fieldbot.restart()
        await fieldbot.control.inject_fault("sendMessage", "500", count=50)
        await grace.tap("Submit")
        assert "CASE-1234" not in await owed_and_outbox(fieldbot)
        await fieldbot.control.clear_faults()

        await grace.tap("Submit")
        refusal = (await grace.last()).text
        assert "⚠️" in refusal
        assert "CASE-1234" in refusal
        assert "CASE-1234" not in await owed_and_outbox(fieldbot)


async def test_a_note_typed_into_the_list_of_missions_is_not_stored_with_the_reply(
    fieldbot: BotUnderTest,
) -> None:
    """Words typed while /assign's missions are open search them, even in the middle of a
    report: a note meant for the report, typed there, was quoted back in 'No active mission in
    your countries matches “Kevin, 13, ...”' (and carried by its buttons), stored with the
    update's replies, unscreened."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, ["KE", "MG"], language_code="en")
    await mission(fieldbot, "MG-2026-099", "Sensibilisation à Toliara", 40)
    await advocacy_up_to_notes(amina, ENGLISH, "Kenya", "Ministry of Justice")
    await amina.send("/assign")
    await fieldbot.control.inject_fault("sendMessage", "500", count=50)
    await amina.send(NOTE)
    assert "Kevin" not in await owed_and_outbox(fieldbot)
    await fieldbot.control.clear_faults()

    await amina.send(NOTE)
    assert "matches “Kevin, 13, was beaten" in (await amina.last()).text  # shown, as typed
    assert "Kevin" not in await owed_and_outbox(fieldbot)
    await amina.send("/assign toliara")  # words that name no one: as before
    assert "toliara" in await owed_and_outbox(fieldbot)


async def test_a_note_typed_at_the_unfinished_report_prompt_is_not_kept_before_continue(
    fieldbot: BotUnderTest,
) -> None:
    """Typed while "You have an unfinished report: continue or discard?" is shown, an answer is
    kept for Continue: a child's name in it would sit in the conversation state, unscreened,
    until a button is tapped. It is screened first; what the screening refuses is not kept."""
    jean = await on_the_place_after_a_pause(fieldbot, dt.timedelta(hours=2))
    await jean.send("Kevin, 13, was beaten by his uncle")
    offer = (await jean.last()).text
    assert "unfinished" in offer
    assert "Kevin" not in offer
    assert "Kevin" not in await stored(fieldbot)  # before any button is tapped
    await jean.tap("Continue")
    assert "In which town or place?" in (await jean.last()).text


async def test_a_page_turn_quoting_the_words_of_a_search_is_not_stored(
    fieldbot: BotUnderTest,
) -> None:
    """‹ Previous / Next › under the missions a search found quote its words ('Missions matching
    “kevin, 13, beaten”'), which the button carries folded: the capitals gone, the screening
    no longer finds the child's name the search itself was screened for. The first page was
    sent from memory (8d3a48d), but every page turned to was stored with the update's replies
    (and kept in the outbox while Telegram failed). Now no page of a search is stored."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, ["KE", "MG"], language_code="en")
    for n in range(1, 13):  # twelve missions whose titles happen to hold the words
        await mission(fieldbot, f"MG-2026-{n:03}", f"Kevin 13 beaten-track walk {n:02}", n)
    await amina.send("/assign Kevin, 13, beaten")
    assert "Missions matching “Kevin, 13, beaten”" in (await amina.last()).text
    assert "kevin" not in (await owed_and_outbox(fieldbot)).lower()
    await fieldbot.control.inject_fault("editMessageText", "500", count=50)
    await amina.tap("Next ›")
    assert "kevin" not in (await owed_and_outbox(fieldbot)).lower()
    await fieldbot.control.clear_faults()

    await amina.tap("Next ›")
    page = await amina.last()
    assert "Missions matching “kevin, 13, beaten”" in page.text  # shown, as before
    assert "(11–12 / 12)" in page.text
    assert "kevin" not in (await owed_and_outbox(fieldbot)).lower()

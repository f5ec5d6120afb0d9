"""A list page that no longer exists, and a change of language in the middle of a report."""

from __future__ import annotations

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_indicators import user_id
from tests.factories import stored_report


async def test_a_page_past_the_end_of_a_list_shows_its_last_page(fieldbot: BotUnderTest) -> None:
    """An old "Older ›" button, once the list shrank, said "Your reports (201–200 / 7)"."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    author = await user_id(fieldbot, 2001)
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        for _ in range(7):
            await stored_report(session, author, answers=None, now=utcnow())
        await session.commit()
    await jean.send("/myreports")
    await jean.press("rv:page:m:40:", forge=True)
    assert "(6–7 / 7)" in (await jean.last()).text


async def test_a_language_changed_mid_report_says_the_report_is_still_there(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2002, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    await jean.send("/language")
    await jean.tap("Français")
    said = (await jean.last()).text
    assert said.startswith("Langue choisie\u202f: Français.")
    assert "Votre rapport inachevé vous attend\u202f: envoyez /report pour le poursuivre." in said
    await jean.send("/report")
    assert (await jean.last()).has_button("Continuer")


async def test_an_answer_edited_in_telegram_is_said_to_change_nothing(
    fieldbot: BotUnderTest,
) -> None:
    """'Jacmell' sent, then edited to 'Jacmel' in Telegram: the draft keeps what was sent, so
    the officer is told so, in their language, and how to change it; then the question."""
    jean = await fieldbot.member(2003, "Jean", Role.FIELD_STAFF, ["HT"], language_code="fr")
    await jean.send("/report")
    await jean.tap("Formation")
    await jean.send("Jacmell")
    assert jean.last_answer is not None
    sent = int(jean.last_answer["message_id"])
    asked = (await jean.last()).text
    await jean.edit(sent, "Jacmel")
    said = (await jean.last()).text
    assert said.startswith("⚠️ Modifier un message envoyé ne change rien ici\u202f: s’il a été")
    assert said.endswith(asked.splitlines()[-1])  # the question asked now, again
    await jean.send("/cancel")
    await jean.send("/help")  # outside a form an edit has nothing to change: no answer
    assert jean.last_answer is not None
    before = len(await jean.messages())
    await jean.edit(int(jean.last_answer["message_id"]), "/aide")
    assert len(await jean.messages()) == before


async def test_help_or_start_mid_report_says_the_report_is_still_there(
    fieldbot: BotUnderTest,
) -> None:
    """/start or /help sent when lost in a form: the command list only, and the report under
    it was forgotten (the next text typed was stored as the place)."""
    amina = await fieldbot.member(2004, "Amina", Role.FIELD_STAFF, ["TZ"], language_code="sw")
    await amina.send("/help")
    assert "haijakamilika" not in (await amina.last()).text  # no report in progress: no note
    await amina.send("/report")
    await amina.tap("Mafunzo")
    for command in ("/help", "/start"):
        await amina.send(command)
        said = (await amina.last()).text
        assert said.endswith(
            "Ripoti yako ambayo haijakamilika bado ipo: tuma /report ili kuiendeleza."
        ), said
    await amina.send("/report")
    assert (await amina.last()).has_button("Endelea")


async def test_a_list_of_reports_asked_for_mid_report_says_the_report_is_still_there(
    fieldbot: BotUnderTest,
) -> None:
    """/myreports in the middle of a first report: "You have not submitted any report yet.
    Send /report to start one.", as if nothing were under way; a manager's /reports alike.
    The list now says, as /help does, that the report waits; typed words still answer it."""
    waiting = "Your unfinished report is still there: send /report to go on with it."
    lala = await fieldbot.member(2003, "Lala", Role.FIELD_STAFF, ["MG"])
    await lala.send("/report")
    await lala.tap("Advocacy")
    await lala.send("/myreports")
    assert (await lala.last()).text.endswith(waiting)
    await lala.send("/cancel")
    await lala.send("/myreports")  # nothing waits any more
    assert waiting not in (await lala.last()).text
    mona = await fieldbot.member(3003, "Mona", Role.ADMIN, ["HT"])
    await mona.send("/report")
    await mona.tap("Training")
    await mona.send("/reports")
    assert (await mona.last()).text.endswith(waiting)

"""What phones send besides a plain typed message, in the middle of a report and elsewhere: each
gets one clear answer, and the report stays where it was."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.domain.enums import Role
from models.tables import Report, User
from tests.e2e.harness import BotUnderTest, members_today
from tests.e2e.test_missions import mission
from tests.e2e.test_reports import fill_training


async def test_a_live_location_shared_mid_report_is_answered_once_not_at_each_move(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    await jean.send_location(18.23, -72.53, live_period=900)  # "Share my live location"
    assert "type the name of the town" in (await jean.last()).text
    shared = int(jean.last_answer["message_id"])
    answered = len(await jean.messages())
    await jean.move(shared, 18.24, -72.53)  # Telegram edits the message as she walks
    await jean.move(shared, 18.25, -72.52)
    assert len(await jean.messages()) == answered  # not the question again at every move
    await jean.send("Jacmel")
    assert "Which field of activity?" in (await jean.last()).text


async def test_a_message_forwarded_from_another_chat_is_not_taken_as_the_answer(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    await jean.forward("Meeting moved to Jacmel, bring the lists", from_name="Paul")
    said = (await jean.last()).text
    assert "A message forwarded from another chat is not taken as an answer." in said
    assert "In which town or place?" in said  # asked again
    await jean.send("Jacmel")
    assert "Which field of activity?" in (await jean.last()).text
    await jean.tap("Justice")
    await jean.forward("Justice", from_name="Paul")  # at a question with buttons too
    assert "not taken as an answer" in (await jean.last()).text
    assert "Who was trained?" in (await jean.last()).text


async def test_a_message_of_ones_own_forwarded_is_taken_as_the_answer(
    fieldbot: BotUnderTest,
) -> None:
    """Jean drafted the place and the note in his Saved Messages on the road, and forwards
    them: his own words, not someone else's ('not taken as an answer' made him retype them)."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    await jean.forward("Jacmel")  # his own message, forwarded from Saved Messages
    said = (await jean.last()).text
    assert "not taken as an answer" not in said
    assert "Which field of activity?" in said
    amina = await fieldbot.member(3504, "Amina", Role.ADMIN)
    await amina.send("/indicator")
    await amina.tap("3.3a")
    await amina.forward("2")  # her own figure, noted in Saved Messages
    assert "Saved" in (await amina.last()).text
    await jean.forward("/cancel")  # a command is typed, even one's own (not run)
    assert "A command forwarded from another chat is not run." in (await jean.last()).text


async def test_ones_own_message_forwarded_under_a_hidden_name_is_taken_as_the_answer(
    fieldbot: BotUnderTest,
) -> None:
    """Jean hides his account in forwards (Telegram's privacy setting): his own drafted place,
    forwarded, comes with his name only, as a hidden sender's; it is still his own words."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    await jean.forward("Jacmel", from_name="Jean")
    assert "Which field of activity?" in (await jean.last()).text
    await jean.forward("Justice", from_name="Jean Paul")  # another name: someone else's
    assert "not taken as an answer" in (await jean.last()).text


async def test_numbers_and_dates_pasted_with_an_invisible_character_are_read(
    fieldbot: BotUnderTest,
) -> None:
    marie = await fieldbot.member(2002, "Marie", Role.FIELD_STAFF, ["NE"], language_code="fr")
    await marie.send("/report")
    for tap in ("Formation", "Passer", "Justice", "Policiers", "Session de formation", "Non"):
        await marie.tap(tap)
    # Copied from a web page or a spreadsheet: a zero-width space or a word joiner comes along.
    started = members_today() - dt.timedelta(days=3)
    await marie.send(started.strftime("%d/%m/%Y") + "\u200b")
    assert "Voulez-vous indiquer la durée" in (await marie.last()).text
    await marie.tap("Jours")
    await marie.send("2")
    await marie.send("\u200b12")  # women: she sees "12"
    assert "Combien d’hommes" in (await marie.last()).text
    await marie.send("8\u2060")
    await marie.send("0")
    for _ in range(4):
        await marie.tap("Passer")  # partner, pre-test, post-test, notes
    await marie.tap("Envoyer")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    assert (report.answers["participants_women"], report.answers["participants_men"]) == (12, 8)
    assert report.answers["start_date"] == started.isoformat()


async def test_an_answer_of_a_sent_report_edited_in_telegram_points_to_myreports(
    fieldbot: BotUnderTest,
) -> None:
    """Jean sent the report, then saw that 12 women came, not 10, and edited his '10' in
    Telegram: the report kept 10 and nothing was said, so he believed it corrected."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    for tap in ("Training", "Skip", "Justice", "Police officers", "Training session", "No"):
        await jean.tap(tap)
    await jean.tap("Yesterday")
    await jean.tap("Days")
    await jean.send("1")
    await jean.send("10")  # women
    women = int(jean.last_answer["message_id"])
    await jean.send("8")
    await jean.send("0")
    await jean.tap("⏭ Skip the optional questions")
    await jean.tap("Submit")
    await jean.edit(women, "12")
    said = (await jean.last()).text
    assert "To correct a report you already sent, open /myreports" in said
    group = jean.in_chat(-1001234, "supergroup", "Field team")
    await group.send("Training done in Jacmel")  # the bot is a member of the team's group
    await group.edit(int(group.last_answer["message_id"]), "Training done in Jacmel, 18 came")
    assert await group.messages() == []  # nothing about reports in a group


async def test_a_contact_card_shared_outside_a_report_is_refused_with_the_reason(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send_contact("+509 3712 3456", "Mercy")  # a caregiver's number, from his phone
    said = (await jean.last()).text
    assert "Please do not share contacts" in said
    assert "+509" not in said
    await jean.send("/settings")  # in the middle of typing a city for the time zone, too
    await jean.send_contact("+509 3712 3456", "Mercy")
    assert "Please do not share contacts" in (await jean.last()).text
    await jean.send("Niamey")  # the city typed is still awaited
    assert "Africa/Niamey" in (await jean.last()).text


async def test_the_bot_blocked_and_unblocked_mid_report_keeps_the_report(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    await jean.block_bot()
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.scalars(select(User.active))).one() is False  # no digest sent
    await jean.unblock_bot()
    async with fieldbot.app.session_factory() as session:
        assert (await session.scalars(select(User.active))).one() is True
    await jean.send("/start")  # what Telegram's "Restart" button sends
    assert "Your unfinished report is still there" in (await jean.last()).text
    await jean.send("Jacmel")
    assert "Which field of activity?" in (await jean.last()).text


async def test_a_command_forwarded_from_another_chat_is_not_run(fieldbot: BotUnderTest) -> None:
    """Paul's '/cancel' from the team's group, forwarded to the bot mid-report, cancelled
    Jean's report: 'The report was cancelled. Nothing was saved.'"""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    await jean.forward("/cancel", from_name="Paul")
    said = (await jean.last()).text
    assert "A command forwarded from another chat is not run." in said
    assert "cancelled" not in said
    await jean.send("Jacmel")
    assert "Which field of activity?" in (await jean.last()).text


async def test_a_yearly_value_forwarded_from_another_chat_is_not_saved(
    fieldbot: BotUnderTest,
) -> None:
    amina = await fieldbot.member(3504, "Amina", Role.ADMIN)
    await amina.send("/indicator")
    await amina.tap("3.3a")
    await amina.forward("2", from_name="Paul")  # Paul's figure, from the finance group
    said = (await amina.last()).text
    assert "A message forwarded from another chat is not taken as an answer." in said
    assert "Saved" not in said
    await amina.send("2")
    assert "Saved" in (await amina.last()).text


async def test_a_person_whose_name_shows_nothing_is_listed_with_a_dash(
    fieldbot: BotUnderTest,
) -> None:
    """A Telegram name made of a Hangul filler (the "invisible name" trick) or of emoji only,
    and no username: the admin's list showed a button with nothing to read on it."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    for telegram_id, name in ((2401, "\u3164"), (2402, "🦁🌍")):
        code = await fieldbot.invite_code(Role.FIELD_STAFF, ["HT"])
        await fieldbot.user(telegram_id, name, language_code=None).send(f"/start {code}")
    await amina.send("/people")
    people = (await amina.last()).button_texts()
    assert "\u2068—\u2069 · field staff" in people
    assert "\u2068🦁🌍\u2069 · field staff" in people


async def test_a_volunteer_whose_name_shows_nothing_is_assigned_by_a_name_one_can_read(
    fieldbot: BotUnderTest,
) -> None:
    """Lova's Telegram name is a Hangul filler, stored empty: the /assign list shows her number,
    and the answer to the tap read ' is assigned to MG-01. They will be told.'"""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    lova = await fieldbot.member(4003, "\u3164", Role.VOLUNTEER, ["MG"])
    await lova.send("/help")
    await mission(fieldbot, "MG-01", "Training", 5)
    await amina.send("/assign")
    await amina.tap("MG-01 · Training")
    await amina.tap("4003")
    said = (await amina.last()).text
    assert said.startswith("4003 is assigned to MG-01"), said
    await amina.send("/unassign")
    await amina.tap("MG-01 · Training")
    await amina.tap("4003")
    assert (await amina.last()).text.startswith("4003 "), (await amina.last()).text


async def test_a_reply_to_a_question_of_a_sent_report_points_to_myreports(
    fieldbot: BotUnderTest,
) -> None:
    """After Submit, Jean swipe-replies '12' to 'How many women took part?' to correct his 10:
    'I did not understand that. Send /help to see what I can do.'"""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    for tap in ("Training", "Skip", "Justice", "Police officers", "Training session", "No"):
        await jean.tap(tap)
    await jean.tap("Yesterday")
    await jean.tap("Days")
    await jean.send("1")
    women = await jean.last()
    assert "How many women took part?" in women.text
    for count in ("10", "8", "0"):
        await jean.send(count)
    await jean.tap("⏭ Skip the optional questions")
    await jean.tap("Submit")
    await jean.send("12", reply_to=women.message_id)
    said = (await jean.last()).text
    assert "does not change the report. To correct it, open /myreports" in said
    await jean.send("hello")  # no reply to a question: as before
    assert "I did not understand that" in (await jean.last()).text


async def test_a_photo_a_location_or_a_sticker_outside_a_report_says_why_and_what_is_awaited(
    fieldbot: BotUnderTest,
) -> None:
    """A location sent while /settings waited for a city, a sticker while /invite waited for
    countries: 'I did not understand that. Send /help to see what I can do.', as if the
    question were gone."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send_sticker()  # idle
    said = (await jean.last()).text
    assert "I cannot read stickers, GIFs or emoji games." in said
    assert "Please write in words, or send /help" in said
    await jean.send("/settings")
    await jean.send_location(18.51, -72.29)  # "my city is here"
    said = (await jean.last()).text
    assert "A shared location is not kept" in said
    assert "I am waiting for the name of your city" in said
    await jean.send_photo()
    said = (await jean.last()).text
    assert "reports never contain images" in said
    assert "name of your city" in said
    await jean.send_voice()
    assert "never contain recordings" in (await jean.last()).text
    await jean.send("Niamey")  # the city is still awaited
    assert "Africa/Niamey" in (await jean.last()).text

    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/invite")
    await amina.tap("Field staff")
    await amina.send_sticker()
    said = (await amina.last()).text
    assert "I cannot read stickers" in said
    assert "I am waiting for the countries" in said
    await amina.send_document("list.pdf")
    assert "reports never contain documents" in (await amina.last()).text
    await amina.send("HT")  # still the countries' step
    assert "did not understand" not in (await amina.last()).text

    mona = await fieldbot.member(3001, "Mona", Role.MANAGER)
    await mona.send("/indicator")
    await mona.tap("3.3a")
    await mona.send_photo()  # a photo of the annual report
    said = (await mona.last()).text
    assert "reports never contain images" in said
    assert "I am waiting for the indicator's value" in said
    await mona.send("2")
    assert "Saved" in (await mona.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.scalars(select(Report))).all() == []  # nothing of them stored


async def test_a_message_edited_by_a_manager_or_a_volunteer_is_answered_too(
    fieldbot: BotUnderTest,
) -> None:
    """Mona typed 'indicator for haiti', got 'I did not understand that', and corrected her
    message to 'indicators for haiti' by editing: nothing was said, as if the bot had taken it;
    a volunteer's edit got silence too. (Reporters are pointed to /myreports.)"""
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    await mona.send("indicator for haiti")
    assert "I did not understand that" in (await mona.last()).text
    await mona.edit(int(mona.last_answer["message_id"]), "indicators for haiti")
    said = (await mona.last()).text
    assert "Editing a message you sent changes nothing here." in said
    assert "/myreports" not in said  # she has no reports to correct
    awa = await fieldbot.member(4001, "Awa", Role.VOLUNTEER, ["HT"])
    await awa.send("I will come on Tuesday")
    await awa.edit(int(awa.last_answer["message_id"]), "I will come on Wednesday")
    said = (await awa.last()).text
    assert "Please send the corrected text as a new message." in said
    assert "/myreports" not in said


async def test_a_voice_note_while_a_withdrawal_waits_for_its_reason_keeps_the_question(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Submit")
    await jean.send("/myreports")
    await jean.tap("Haiti")
    await jean.tap("⊘ Withdraw")
    await jean.send_voice()  # the reason, said aloud
    said = (await jean.last()).text
    assert "never contain recordings" in said
    assert "I am waiting for the reason of the withdrawal" in said
    await jean.send("Entered twice")
    assert "Withdrawn on" in (await jean.messages())[-1].text


async def test_telegrams_notes_of_events_in_the_chat_are_not_answered(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    question = (await jean.last()).text
    answered = len(await jean.messages())
    # Jean sets the chat's messages to vanish after a day; a Mini App asked to write to him.
    await jean.send_service(
        "message_auto_delete_timer_changed", {"message_auto_delete_time": 86400}
    )
    await jean.send_service("write_access_allowed", {"from_request": True})
    assert len(await jean.messages()) == answered  # Telegram's notes get no answer
    await jean.send("Jacmel")  # and the report is where it was
    assert (await jean.last()).text != question
    idle = await fieldbot.member(2002, "Marie", Role.MANAGER, ["HT"])
    before = len(await idle.messages())
    await idle.send_service("message_auto_delete_timer_changed", {"message_auto_delete_time": 0})
    assert len(await idle.messages()) == before


async def test_a_message_forwarded_while_a_side_flow_waits_says_what_it_waits_for(
    fieldbot: BotUnderTest,
) -> None:
    """After a photo, /settings said again that it waited for the city; after a colleague's
    forwarded 'Antananarivo' only that forwarded messages are not answers, and Amina, the
    list of time zones scrolled away, did not know what to type next."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/settings")
    await amina.forward("Antananarivo", from_name="Paul")
    said = (await amina.last()).text
    assert "A message forwarded from another chat is not taken as an answer." in said
    assert "I am waiting for the name of your city" in said
    await amina.send("/invite")
    await amina.tap("Field staff")
    await amina.forward("HT, NE", from_name="Paul")
    said = (await amina.last()).text
    assert "not taken as an answer" in said
    assert "I am waiting for the countries" in said
    await amina.send("HT, NE")  # the countries are still awaited
    assert "Haiti and Niger" in (await amina.last()).text

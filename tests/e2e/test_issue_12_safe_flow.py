"""Issue 12: no silent data damage and no traps on the way to a submitted report.

- A new duration unit, via « Back or via "Change: Duration unit" on the card, asks the number
  again (a 6-hour training was stored as 6 days).
- Cancel on the review card asks first; in an edit it says the report is unchanged.
- « Back after "Change: X" returns to the card.
- The "unfinished report" prompt keeps what was typed and uses it on Continue.
- A location, a contact, a sticker, a poll, a photo, a voice note: a reason that fits, then the
  question again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import aiohttp
from sqlalchemy import select

from bot.domain import clock
from bot.domain.enums import Role
from bot.sandbox import SimUser
from models.tables import FsmRecord, Report
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import fill_training


async def saved_answers(fieldbot: BotUnderTest) -> dict[str, Any]:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    return dict(report.answers)


async def reports_saved(fieldbot: BotUnderTest) -> int:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        return len((await session.scalars(select(Report.id))).all())


async def officer(fieldbot: BotUnderTest) -> SimUser:
    # Two countries, so that the country question is asked (one country is answered for them).
    return await fieldbot.member(2101, "Jean", Role.FIELD_STAFF, ["HT", "NE"])


async def up_to_the_unit(jean: SimUser) -> None:
    await jean.send("/report")
    await jean.tap("Training")
    await jean.tap("Haiti")
    await jean.send("Jacmel")
    await jean.tap("Justice")
    await jean.tap("Social sector workers")
    await jean.tap("Training session")
    await jean.tap("Yes")
    await jean.tap("Yesterday")


async def after_the_duration(jean: SimUser) -> None:
    await jean.send("12")  # women
    await jean.send("8")  # men
    await jean.send("0")  # other or undisclosed
    await jean.tap("Skip")  # partner
    await jean.tap("Skip")  # pre-test score
    await jean.tap("Skip")  # post-test score
    await jean.tap("Skip")  # notes


async def six_hours_on_the_card(jean: SimUser) -> None:
    await up_to_the_unit(jean)
    await jean.tap("Hours")
    await jean.send("6")
    await after_the_duration(jean)
    card = (await jean.last()).text
    assert "Check this report" in card
    assert "Duration unit: Hours" in card


# ------------------------------------------------------------- the duration-unit damage


async def test_a_new_unit_on_the_review_card_asks_the_number_again(
    fieldbot: BotUnderTest,
) -> None:
    jean = await officer(fieldbot)
    await six_hours_on_the_card(jean)
    await jean.tap("Change: Duration unit")
    await jean.tap("Days")
    asked = (await jean.last()).text
    assert "How long did the training last?" in asked
    assert "You changed “Duration unit”" in asked
    assert "Your earlier answer: 6." in asked
    await jean.send("1")
    card = (await jean.last()).text
    assert "Check this report" in card  # straight back to the card, nothing else asked
    await jean.tap("Submit")
    answers = await saved_answers(fieldbot)
    assert (answers["duration_unit"], answers["duration"]) == ("days", "1")


async def test_a_new_unit_after_back_asks_the_number_again(fieldbot: BotUnderTest) -> None:
    jean = await officer(fieldbot)
    await up_to_the_unit(jean)
    await jean.tap("Hours")
    await jean.send("6")
    assert "How many women" in (await jean.last()).text
    await jean.tap("« Back")  # to the duration
    await jean.tap("« Back")  # to the unit
    assert "days or in hours" in (await jean.last()).text
    await jean.tap("Days")
    asked = (await jean.last()).text
    assert "How long did the training last?" in asked  # not the women, as before the fix
    assert "Your earlier answer: 6." in asked
    await jean.send("1")
    assert "How many women" in (await jean.last()).text
    await after_the_duration(jean)
    await jean.tap("Submit")
    answers = await saved_answers(fieldbot)
    assert (answers["duration_unit"], answers["duration"]) == ("days", "1")


async def test_the_same_unit_again_keeps_the_number(fieldbot: BotUnderTest) -> None:
    jean = await officer(fieldbot)
    await six_hours_on_the_card(jean)
    await jean.tap("Change: Duration unit")
    await jean.tap("Hours")
    assert "Check this report" in (await jean.last()).text
    await jean.tap("Submit")
    answers = await saved_answers(fieldbot)
    assert (answers["duration_unit"], answers["duration"]) == ("hours", "6")


async def test_fewer_participants_ask_the_trainers_trained_again_with_the_reason(
    fieldbot: BotUnderTest,
) -> None:
    jean = await officer(fieldbot)
    await up_to_the_unit(jean)
    await jean.tap("Days")
    await jean.send("2")
    await jean.send("12")
    await jean.send("8")
    await jean.send("0")
    await jean.tap("Skip")
    await jean.tap("Skip")
    await jean.tap("Skip")
    await jean.tap("Skip")
    await jean.tap("Change: Type of training")
    await jean.tap("Train-the-trainer")
    await jean.send("15")  # trainers trained, the new question this type opens
    assert "Check this report" in (await jean.last()).text
    await jean.tap("Change: Participants (women)")
    await jean.send("2")
    asked = (await jean.last()).text
    assert "Trainers trained cannot be more than the 10 participants." in asked
    assert "Your earlier answer: 15." in asked
    await jean.send("10")
    await jean.tap("Submit")
    answers = await saved_answers(fieldbot)
    assert (answers["participants_women"], answers["trainers_trained"]) == (2, 10)


# ---------------------------------------------------------------------------- Cancel


async def test_cancel_on_the_review_card_asks_first(fieldbot: BotUnderTest) -> None:
    jean = await officer(fieldbot)
    await six_hours_on_the_card(jean)
    await jean.tap("Cancel")
    confirm = await jean.last()
    assert "Discard this report?" in confirm.text
    assert "answers will be lost" in confirm.text
    await jean.tap("No, keep the report")
    assert "Check this report" in (await jean.last()).text  # the card, still there
    await jean.tap("Submit")
    assert await reports_saved(fieldbot) == 1


async def test_a_confirmed_cancel_discards_the_report(fieldbot: BotUnderTest) -> None:
    jean = await officer(fieldbot)
    await six_hours_on_the_card(jean)
    await jean.tap("Cancel")
    await jean.tap("Yes, discard the report")
    assert "cancelled. Nothing was saved" in (await jean.last()).text
    await jean.send("/report")
    assert "What would you like to report" in (await jean.last()).text
    assert await reports_saved(fieldbot) == 0


async def test_cancel_while_changing_an_answer_asks_first_too(fieldbot: BotUnderTest) -> None:
    jean = await officer(fieldbot)
    await six_hours_on_the_card(jean)
    await jean.tap("Change: Place")
    await jean.tap("Cancel")  # under the question, but 16 answers would be lost
    assert "Discard this report?" in (await jean.last()).text
    await jean.tap("No, keep the report")
    await jean.send("Léogâne")
    assert "Léogâne" in (await jean.last()).text


async def test_cancel_in_an_edit_says_the_report_is_unchanged(fieldbot: BotUnderTest) -> None:
    jean = await officer(fieldbot)
    await six_hours_on_the_card(jean)
    await jean.tap("Submit")
    await jean.send("/myreports")
    await jean.tap("Haiti")
    await jean.tap("Edit")
    await jean.tap("Change: Participants (women)")
    await jean.send("14")
    await jean.tap("Cancel")
    assert "Stop editing?" in (await jean.last()).text
    await jean.tap("Yes, discard my changes")
    said = (await jean.last()).text
    assert "the report is unchanged" in said
    assert "cancelled" not in said
    answers = await saved_answers(fieldbot)
    assert answers["participants_women"] == 12


# -------------------------------------------------------------------- Back after Change


async def test_back_after_change_returns_to_the_card(fieldbot: BotUnderTest) -> None:
    jean = await officer(fieldbot)
    await six_hours_on_the_card(jean)
    await jean.tap("Change: Participants (men)")
    assert "How many men" in (await jean.last()).text
    await jean.tap("« Back")
    card = (await jean.last()).text
    assert "Check this report" in card  # not the women's question
    assert "Participants (men): 8" in card  # unchanged
    await jean.tap("Submit")
    assert await reports_saved(fieldbot) == 1


# ------------------------------------------------------------------- the stale draft


async def on_the_place_after_a_pause(fieldbot: BotUnderTest, pause: dt.timedelta) -> SimUser:
    """Jean is asked the place of a training, and goes quiet for `pause`."""
    jean = await officer(fieldbot)
    await jean.send("/report")
    await jean.tap("Training")
    await jean.tap("Haiti")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        record = (await session.scalars(select(FsmRecord))).one()
        draft = dict(record.data["draft"])
        draft["updated"] = (dt.datetime.now(dt.UTC) - pause).isoformat()
        record.data = {"draft": draft}
        await session.commit()
    return jean


async def test_an_answer_typed_after_a_pause_is_kept_and_used_on_continue(
    fieldbot: BotUnderTest,
) -> None:
    jean = await on_the_place_after_a_pause(fieldbot, dt.timedelta(days=1))
    await jean.send("Jacmel")
    offer = (await jean.last()).text
    assert "unfinished" in offer
    assert "Jacmel" in offer
    await jean.tap("Continue")
    asked = (await jean.last()).text
    assert "Which field of activity?" in asked  # the place was taken, not asked again
    assert (await draft_answers(fieldbot))["place"] == "Jacmel"


async def test_what_the_screening_refuses_is_not_kept_after_a_pause(
    fieldbot: BotUnderTest,
) -> None:
    """Held for Continue, a child's name and phone number would sit unscreened in the
    conversation state (and be shown again): it is not kept; Continue asks the question."""
    jean = await on_the_place_after_a_pause(fieldbot, dt.timedelta(hours=2))
    await jean.send("Marie Joseph, 12 ans, victime, tel 0612345678")
    offer = (await jean.last()).text
    assert "unfinished" in offer
    assert "Marie" not in offer
    assert "0612345678" not in offer
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        record = (await session.scalars(select(FsmRecord))).one()
        assert "Marie" not in str(record.data)
    await jean.tap("Continue")
    assert "In which town or place?" in (await jean.last()).text


async def test_discarding_after_a_pause_drops_the_typed_answer_too(
    fieldbot: BotUnderTest,
) -> None:
    jean = await on_the_place_after_a_pause(fieldbot, dt.timedelta(hours=3))
    await jean.send("Jacmel")
    await jean.tap("Discard")
    assert "discarded" in (await jean.last()).text
    await jean.send("/report")
    assert "What would you like to report" in (await jean.last()).text


# ------------------------------------------------------------- not text: say why, ask again


async def on_the_place_question(fieldbot: BotUnderTest) -> SimUser:
    jean = await officer(fieldbot)
    await jean.send("/report")
    await jean.tap("Training")
    await jean.tap("Haiti")
    assert "In which town or place?" in (await jean.last()).text
    return jean


async def test_a_shared_location_gets_its_own_reason_and_the_question_again(
    fieldbot: BotUnderTest,
) -> None:
    jean = await on_the_place_question(fieldbot)
    await jean.send_location(18.23, -72.53)
    said = await jean.last()
    assert "location cannot be stored" in said.text
    assert "photo" not in said.text
    assert "In which town or place?" in said.text  # the question again, with its buttons
    assert said.has_button("Skip")
    await jean.send("Jacmel")
    assert "Which field of activity?" in (await jean.last()).text


async def test_a_contact_a_sticker_a_photo_and_a_voice_note_each_get_a_fitting_reason(
    fieldbot: BotUnderTest,
) -> None:
    jean = await on_the_place_question(fieldbot)
    await jean.send_contact("+509 3712 3456", "Marie")
    said = (await jean.last()).text
    assert "contacts" in said
    assert "In which town or place?" in said
    await jean.send_sticker()
    said = (await jean.last()).text
    assert "Stickers" in said
    assert "In which town or place?" in said
    await jean.send_photo()
    said = (await jean.last()).text
    assert "photos" in said
    assert "In which town or place?" in said
    await jean.send_voice()
    said = (await jean.last()).text
    assert "voice notes" in said
    assert "In which town or place?" in said
    await jean.send("Jacmel")
    assert "Which field of activity?" in (await jean.last()).text


async def test_an_album_of_photos_gets_one_reason_not_one_per_photo(
    fieldbot: BotUnderTest,
) -> None:
    """Ten photos of the attendance sheets sent at once arrive as ten messages: the reason and
    the question once, not ten times over."""
    jean = await on_the_place_question(fieldbot)
    before = len(await jean.messages())
    for _ in range(4):
        await jean.send_photo(media_group_id="13800000000000001")
    said = (await jean.messages())[before:]
    assert len(said) == 1
    assert "photos" in said[0].text
    assert "In which town or place?" in said[0].text
    await jean.send_photo(media_group_id="13800000000000002")  # another album: said again
    assert len(await jean.messages()) == before + 2
    await jean.send("Jacmel")
    assert "Which field of activity?" in (await jean.last()).text


async def test_a_poll_gets_its_own_reason_and_the_question_again(fieldbot: BotUnderTest) -> None:
    jean = await on_the_place_question(fieldbot)
    before = len(await jean.messages())
    poll = {
        "id": "5001",
        "question": "Lunch?",
        "options": [
            {"persistent_id": "a", "text": "Yes", "voter_count": 0},
            {"persistent_id": "b", "text": "No", "voter_count": 0},
        ],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
        "allows_revoting": False,
        "members_only": False,
    }
    update = {
        "update_id": 77_000_001,
        "message": {
            "message_id": 9100,
            "date": 1_700_000_000,
            "chat": {"id": 2101, "type": "private", "first_name": "Jean"},
            "from": {"id": 2101, "is_bot": False, "first_name": "Jean", "language_code": "en"},
            "poll": poll,
        },
    }
    secret = fieldbot.settings.webhook.secret_token
    assert secret is not None
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            fieldbot.webhook_url,
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": secret.get_secret_value()},
        ) as response,
    ):
        assert response.status == 200
    messages = await jean.messages()
    assert len(messages) == before + 1
    said = messages[-1].text
    assert "A poll cannot answer a question" in said
    assert "In which town or place?" in said


async def test_a_location_on_the_review_card_sends_only_its_title_again(
    fieldbot: BotUnderTest,
) -> None:
    jean = await officer(fieldbot)
    await six_hours_on_the_card(jean)
    await jean.send_location(18.23, -72.53)
    said = await jean.last()
    assert "location cannot be stored" in said.text
    assert "Check this report" in said.text
    assert "Jacmel" not in said.text  # not the whole card again
    assert said.has_button("✅ Submit")
    await jean.send("submit please")
    said = await jean.last()
    assert "Please use the buttons below the card." in said.text
    assert "Jacmel" not in said.text
    await jean.tap("Submit")
    assert await reports_saved(fieldbot) == 1


# ------------------------------------------------------------------- the review line


async def test_the_review_line_follows_each_language(fieldbot: BotUnderTest) -> None:
    marie = await fieldbot.member(
        2102, "Marie", Role.FIELD_STAFF, ["HT", "NE"], language_code="fr"
    )
    await marie.send("/report")
    await marie.tap("Formation")
    await marie.tap("Haïti")
    await marie.send("Jacmel")
    await marie.tap("Justice")
    await marie.tap("Policiers")
    await marie.tap("Session de formation")
    await marie.tap("Non")
    await marie.tap("Hier")
    await marie.tap("Jours")
    await marie.send("2")
    await marie.send("12")
    await marie.send("8")
    await marie.send("0")
    for _ in range(4):
        await marie.tap("Passer")
    card = (await marie.last()).text
    assert "Lieu\u202f: Jacmel" in card  # French: a narrow space before the colon
    assert "Pays\u202f: Haïti" in card


async def women_asked_after_a_pause(fieldbot: BotUnderTest) -> tuple[SimUser, dt.datetime]:
    """Jean is asked the women's count; he comes back two hours later (`later`)."""
    jean = await fieldbot.member(2111, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    await jean.send("Jacmel")
    for tap in ("Justice", "Police officers", "Training session", "No", "Yesterday", "Days"):
        await jean.tap(tap)
    await jean.send("2")  # two days; now asked: how many women took part?
    return jean, dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)


async def draft_answers(fieldbot: BotUnderTest) -> dict[str, Any]:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        record = (await session.scalars(select(FsmRecord))).one()
        return dict(record.data["draft"]["answers"])


async def test_typing_on_after_the_prompt_uses_the_kept_answer_first(
    fieldbot: BotUnderTest,
) -> None:
    """ "12" is kept for the women; Jean types "8" for the men before reading the prompt:
    12 women and 8 men, not 8 women."""
    jean, later = await women_asked_after_a_pause(fieldbot)
    with clock.using(lambda: later):
        await jean.send("12")
        assert "“12” is kept" in (await jean.last()).text
        await jean.send("8")
    answers = await draft_answers(fieldbot)
    assert (answers["participants_women"], answers["participants_men"]) == (12, 8)


async def test_a_kept_answer_is_not_used_for_another_question(fieldbot: BotUnderTest) -> None:
    """After « Back to the duration, Continue does not make the women's 12 into 12 days."""
    jean, later = await women_asked_after_a_pause(fieldbot)
    women = await jean.last()
    with clock.using(lambda: later):
        await jean.send("12")
        prompt = await jean.last()
        await jean.tap("« Back", message_id=women.message_id)
        await jean.tap("Continue", message_id=prompt.message_id)
    assert (await draft_answers(fieldbot))["duration"] == "2"


async def test_the_discard_question_counts_yes_answers_too(fieldbot: BotUnderTest) -> None:
    """ "Part of a national programme? Yes" is an answer the discard would lose."""
    jean = await fieldbot.member(2114, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)  # answers Yes to the national programme
    answers = await draft_answers(fieldbot)
    assert answers["national_programme"] is True
    given = [value for value in answers.values() if value is not None]
    await jean.tap("Cancel")
    assert f"Its {len(given)} answers will be lost." in (await jean.last()).text


async def test_submit_tapped_after_a_discard_does_not_say_saved(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2115, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    card = await jean.last()
    await jean.tap("Cancel")
    await jean.tap("Yes, discard the report")
    await jean.tap("Submit", message_id=card.message_id)
    said = (await jean.callback_answers())[-1]["text"]
    assert "no longer active" in said
    assert "saved" not in said
    assert await reports_saved(fieldbot) == 0


async def test_cancel_typed_on_the_review_card_asks_first_as_the_button_does(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2116, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.send("/cancel")
    assert "Discard this report?" in (await jean.last()).text
    await jean.tap("No, keep the report")
    await jean.tap("Submit")
    assert await reports_saved(fieldbot) == 1


async def test_cancel_typed_while_filling_in_stops_at_once(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2117, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    await jean.send("/cancel")
    assert "The report was cancelled. Nothing was saved." in (await jean.last()).text


async def test_a_kept_answer_goes_once_the_officer_moves_on_by_buttons(
    fieldbot: BotUnderTest,
) -> None:
    """The women's "12" is kept; Jean taps « Back, answers the duration again and types "14"
    at the women's question: 14 women (the kept 12 was for the prompt, not for later)."""
    jean, later = await women_asked_after_a_pause(fieldbot)
    women = await jean.last()
    with clock.using(lambda: later):
        await jean.send("12")
        await jean.tap("« Back", message_id=women.message_id)
        await jean.send("2")  # the duration again: the women's question comes back
        await jean.send("14")
    answers = await draft_answers(fieldbot)
    assert answers["participants_women"] == 14
    assert "participants_men" not in answers


async def test_a_reply_to_an_earlier_question_does_not_answer_the_current_one(
    fieldbot: BotUnderTest,
) -> None:
    """Asked the men, Jean swipe-replies "14" to the women's question to correct it: it is
    not stored as 14 men; he is told how to change an answer and asked the men again."""
    jean, _later = await women_asked_after_a_pause(fieldbot)
    women = await jean.last()
    await jean.send("12")
    await jean.send("14", reply_to=women.message_id)
    said = (await jean.last()).text
    assert "A reply to an earlier question does not change its answer." in said
    assert "How many men" in said
    answers = await draft_answers(fieldbot)
    assert answers["participants_women"] == 12
    assert "participants_men" not in answers
    await jean.send("8", reply_to=(await jean.last()).message_id)  # a reply to the question asked
    assert (await draft_answers(fieldbot))["participants_men"] == 8

"""Reporting a training or an advocacy event by chat, as a field officer does on a phone."""

from __future__ import annotations

import datetime as dt

import aiohttp
from sqlalchemy import func, select

from bot.domain.enums import Role
from bot.sandbox import SandboxServer, SimUser
from models.tables import FsmRecord, Report, ReportVersion
from tests.e2e.harness import BotUnderTest, members_today, running_bot


async def report_count(fieldbot: BotUnderTest) -> int:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(Report)) or 0)


async def start_training(officer: SimUser) -> None:
    await officer.send("/report")
    await officer.tap("Training")


async def fill_training(officer: SimUser, *, country: str = "Haiti") -> None:
    """A complete training report, every question answered the simple way, up to the review."""
    await start_training(officer)
    if (await officer.last()).has_button(country):  # one country is not asked (issue 12)
        await officer.tap(country)
    await officer.send("Jacmel")  # place
    await officer.tap("Justice")
    await officer.tap("Social sector workers")
    await officer.tap("Training session")
    await officer.tap("Yes")  # part of a national programme
    await officer.tap("Yesterday")
    await officer.tap("Days")
    await officer.send("2")
    await officer.send("12")  # women
    await officer.send("8")  # men
    await officer.send("0")  # other or undisclosed
    await officer.tap("Skip")  # partner organisation
    await officer.tap("Skip")  # pre-test score
    await officer.tap("Skip")  # post-test score
    await officer.send("Good participation from the social workers.")


async def test_a_field_officer_reports_a_training_in_english(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await start_training(jean)
    first = await jean.last()
    assert "Haiti" in first.text  # his only country, taken without asking (issue 12)
    assert "Step 2/" in first.text
    await jean.send("Jacmel")
    await jean.tap("Justice")
    await jean.tap("Social sector workers")
    await jean.tap("Training session")
    await jean.tap("Yes")
    await jean.tap("Yesterday")
    await jean.tap("Days")
    await jean.send("2")
    await jean.send("12")
    await jean.send("8")
    await jean.send("0")
    await jean.tap("Skip")
    await jean.tap("Skip")
    await jean.tap("Skip")
    await jean.send("Good participation from the social workers.")
    card = await jean.last()
    assert "Check this report" in card.text
    assert "Haiti" in card.text
    assert "Jacmel" in card.text
    assert "12" in card.text
    await jean.tap("Submit")
    assert "Counted for Haiti, justice field." in (await jean.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    assert (report.country, report.field, report.participants_total) == ("HT", "justice", 20)
    assert report.event_date == members_today() - dt.timedelta(days=1)


async def test_a_field_officer_reports_a_training_in_french(fieldbot: BotUnderTest) -> None:
    marie = await fieldbot.member(2002, "Marie", Role.FIELD_STAFF, ["NE"], language_code="fr")
    await marie.send("/report")
    assert "Que souhaitez-vous signaler" in (await marie.last()).text
    await marie.tap("Formation")
    await marie.tap("Passer")  # place
    await marie.tap("Justice")
    await marie.tap("Policiers")
    await marie.tap("Formation de formateurs")
    await marie.tap("Non")
    await marie.send("3/11/2026")
    await marie.tap("Heures")
    await marie.send("6,5")  # a French decimal
    await marie.send("10")
    await marie.send("15")
    await marie.send("0")
    await marie.send("30")  # trainers trained: more than the 25 participants
    assert "25" in (await marie.last()).text
    await marie.send("5")
    for _ in range(3):
        await marie.tap("Passer")  # partner, pre-test, post-test
    await marie.tap("Passer")  # notes
    await marie.tap("Envoyer")
    assert "Comptabilisé pour Niger, domaine " in (await marie.last()).text
    assert await report_count(fieldbot) == 1


async def test_a_blank_country_is_answered_as_an_empty_answer(fieldbot: BotUnderTest) -> None:
    """Spaces or invisible characters typed at the country were quoted back: 'No country
    matches «     »'; they are an empty answer, and the question is asked again."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "CA"])
    await start_training(jean)
    for typed in ("     ", "\u200b", "\u3164", " \u200f\u2800 "):
        await jean.send(typed)
        answer = (await jean.last()).text
        assert answer.startswith("⚠️ The answer is empty. Please type your answer."), answer
        assert "No country matches" not in answer
        assert (await jean.last()).has_button("Haiti")
    await jean.tap("Haiti")
    assert "In which town or place?" in (await jean.last()).text


async def test_every_wrong_answer_is_explained_and_asked_again(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "CA"])
    await start_training(jean)
    await jean.send("Atlantis")  # country by typing: no match
    assert "No country matches" in (await jean.last()).text
    await jean.tap("Haiti")
    await jean.send("x" * 5000)  # place: far too long
    assert "shorten" in (await jean.last()).text
    await jean.tap("Skip")
    await jean.send("sports")  # not one of the choices
    assert "Step 3/" in (await jean.last()).text
    await jean.tap("Justice")
    await jean.tap("Police officers")
    await jean.tap("Training session")
    await jean.tap("No")
    await jean.send("31/12/2099")
    assert "future" in (await jean.last()).text
    await jean.send("not a date")
    assert "Step" in (await jean.last()).text
    await jean.tap("Today")
    await jean.tap("Days")
    await jean.send("400")
    assert "365" in (await jean.last()).text
    await jean.send("1")
    await jean.send("🙂")
    assert "whole number" in (await jean.last()).text
    await jean.send("10001")
    assert "10,000" in (await jean.last()).text
    await jean.send("0")
    await jean.send("0")
    await jean.send("0")
    assert "At least one participant" in (await jean.last()).text
    await jean.send("3")
    assert await report_count(fieldbot) == 0


async def test_back_skip_and_cancel(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await start_training(jean)
    await jean.tap("Skip")
    assert "Step 3/" in (await jean.last()).text
    await jean.tap("« Back")
    assert "Step 2/" in (await jean.last()).text
    await jean.send("Cap-Haïtien")
    assert "Step 3/" in (await jean.last()).text
    await jean.tap("Cancel")
    assert "cancelled" in (await jean.last()).text
    await jean.send("/report")
    assert "What would you like to report" in (await jean.last()).text  # no draft left


async def test_changing_an_answer_from_the_review_card(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "CA"])
    await fill_training(jean)
    await jean.tap("Change: Country")
    await jean.tap("Canada")
    # Canada adds the Quebec/Canada sector question before returning to the card
    await jean.tap("Youth protection")
    card = await jean.last()
    assert "Canada" in card.text
    assert "Youth protection" in card.text
    await jean.tap("Submit")
    assert "Counted for Canada, justice field." in (await jean.last()).text


async def test_a_double_tapped_submit_makes_one_report(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    card = await jean.last()
    submit = next(b for row in card.buttons for b in row if "Submit" in b.text)
    assert submit.callback_data is not None
    await jean.press(submit.callback_data, message_id=card.message_id)
    # The second tap left the phone before the first answer removed the buttons.
    await jean.press(submit.callback_data, message_id=card.message_id, forge=True)
    assert await report_count(fieldbot) == 1
    assert "already saved" in (await jean.callback_answers())[-1]["text"]


async def test_the_bot_restarted_mid_form_resumes_it(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await start_training(jean)
    await jean.send("Jacmel")
    await fieldbot.restart()
    await jean.tap("Justice")
    assert "Step 4/" in (await jean.last()).text


async def test_a_draft_is_offered_again_and_can_be_discarded(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await start_training(jean)
    await jean.send("/report")
    offer = await jean.last()
    assert "unfinished" in offer.text
    await jean.tap("Continue")
    assert "Step 2/" in (await jean.last()).text
    await jean.send("/report")
    await jean.tap("Discard")
    assert "discarded" in (await jean.last()).text
    await jean.send("/report")
    assert "What would you like to report" in (await jean.last()).text


async def test_personal_data_and_photos_are_refused(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await start_training(jean)
    await jean.send_photo()
    assert "photos" in (await jean.last()).text
    await jean.send("Near the house of Marie, call +509 3712 3456")
    refusal = (await jean.last()).text
    assert "phone" in refusal.lower() or "identif" in refusal.lower()
    assert "Step 2/" in refusal  # the same question again
    await jean.send("Jacmel")
    assert "Step 3/" in (await jean.last()).text


async def test_an_advocacy_decision_in_arabic(fieldbot: BotUnderTest) -> None:
    layla = await fieldbot.member(3001, "Layla", Role.FIELD_STAFF, ["NE"], language_code="ar")
    await layla.send("/report")
    await layla.tap("مناصرة")
    await layla.tap("وطني")
    await layla.tap("العدالة")
    await layla.tap("قرار")
    await layla.send("وزارة العدل")
    await layla.tap("نعم")
    await layla.tap("تخطي")  # audience
    await layla.tap("اليوم")
    await layla.tap("تخطي")  # notes
    await layla.tap("إرسال")
    assert "النيجر" in (await layla.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    assert (report.kind, report.is_decision, report.contributed) == ("advocacy_event", True, True)


async def test_an_edit_makes_a_new_version_and_managers_see_the_history(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Submit")
    await jean.send("/myreports")
    await jean.tap("Haiti")  # the report in the list
    await jean.tap("Edit")
    await jean.tap("Change: Participants (women)")
    await jean.send("14")
    await jean.tap("Save changes")
    assert "version 2" in (await jean.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
        versions = (await session.scalars(select(ReportVersion.version))).all()
    assert (report.version, report.participants_total) == (2, 22)
    assert sorted(versions) == [1, 2]

    manager = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    await manager.send("/reports")
    await manager.tap("Haiti")
    await manager.tap("History")
    assert "Version 2" in (await manager.last()).text


async def test_an_edit_after_seven_days_is_refused(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Submit")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
        report.submitted_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=8)
        await session.commit()
    await jean.send("/myreports")
    await jean.tap("Haiti")
    assert not (await jean.last()).has_button("✏️ Edit")
    report_hex = report.id.hex
    await jean.press(f"rv:edit:m:0:{report_hex}", forge=True)
    assert "7 days" in (await jean.callback_answers())[-1]["text"]


async def test_a_forged_button_cannot_open_someone_elses_report(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Submit")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report_hex = (await session.scalars(select(Report.id))).one().hex
    eve = await fieldbot.member(2666, "Eve", Role.FIELD_STAFF, ["NE"])
    await eve.send("/myreports")
    for action in ("open", "edit", "hist"):
        await eve.press(f"rv:{action}:m:0:{report_hex}", forge=True)
        assert "not available" in (await eve.callback_answers())[-1]["text"]
    outsider = await fieldbot.member(3002, "Omar", Role.MANAGER, ["NE"])
    await outsider.send("/reports")
    await outsider.press(f"rv:open:s:0:{report_hex}", forge=True)
    assert "not available" in (await outsider.callback_answers())[-1]["text"]


async def test_managers_and_volunteers_cannot_report(fieldbot: BotUnderTest) -> None:
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    await mona.send("/report")
    assert "is for another role" in (await mona.last()).text


async def test_a_redelivered_submit_makes_one_report(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    card = await jean.last()
    submit = next(b for row in card.buttons for b in row if "Submit" in b.text)
    update = {
        "update_id": 88_000_001,
        "callback_query": {
            "id": "redelivered-1",
            "from": {"id": 2001, "is_bot": False, "first_name": "Jean", "language_code": "en"},
            "chat_instance": "1",
            "data": submit.callback_data,
            "message": {
                "message_id": card.message_id,
                "date": 1_700_000_000,
                "chat": {"id": 2001, "type": "private", "first_name": "Jean"},
                "text": "review",
            },
        },
    }
    secret = fieldbot.settings.webhook.secret_token
    assert secret is not None
    async with aiohttp.ClientSession() as http:
        for _ in range(2):  # Telegram did not get our answer in time and sends it again
            async with http.post(
                fieldbot.webhook_url,
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": secret.get_secret_value()},
            ) as response:
                assert response.status == 200
    assert await report_count(fieldbot) == 1
    confirmations = [m for m in await jean.messages() if "Counted for" in m.text]
    assert len(confirmations) == 1


async def test_an_advocacy_network_in_english(fieldbot: BotUnderTest) -> None:
    awa = await fieldbot.member(2003, "Awa", Role.FIELD_STAFF, ["SN"])
    await awa.send("/report")
    await awa.tap("Advocacy")
    await awa.tap("Regional")
    await awa.tap("Emergency situations")
    await awa.tap("Network created or supported")
    await awa.send("West African child protection network")
    await awa.send("many")  # partner organisations: a number is needed
    assert "whole number" in (await awa.last()).text
    await awa.send("12")
    await awa.send("1 500")  # audience, with a thousands separator
    await awa.tap("Today")
    await awa.tap("Skip")  # notes
    card = (await awa.last()).text
    assert "West African child protection network" in card
    assert "1,500" in card
    await awa.tap("Submit")
    assert "Counted for Senegal, emergency situations field." in (await awa.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    assert (report.is_network, report.is_decision, report.audience) == (True, False, 1500)


async def test_a_draft_left_for_hours_is_offered_before_going_on(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await start_training(jean)
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:  # the officer went quiet for a day
        record = (await session.scalars(select(FsmRecord))).one()
        draft = dict(record.data["draft"])
        draft["updated"] = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat()
        record.data = {"draft": draft}
        await session.commit()
    await jean.send("Jacmel")
    assert "unfinished" in (await jean.last()).text
    await jean.tap("Continue")
    assert "Step 3/" in (await jean.last()).text  # "Jacmel", typed before the prompt, was kept


async def test_configured_patterns_are_refused_too(sandbox: SandboxServer, db_url: str) -> None:
    async with running_bot(sandbox, db_url) as fieldbot:
        fieldbot.settings = fieldbot.settings.model_copy(
            update={"pii_patterns": [r"\bCASE-\d{4}\b"]}
        )
        await fieldbot.restart()
        jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
        await start_training(jean)
        await jean.send("Shelter of CASE-1234")
        assert "Step 2/" in (await jean.last()).text
        assert "⚠️" in (await jean.last()).text


async def test_yes_no_must_be_tapped(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await start_training(jean)
    await jean.tap("Skip")
    await jean.tap("Justice")
    await jean.tap("Police officers")
    await jean.tap("Training session")
    await jean.send("maybe")
    reply = (await jean.last()).text
    assert "⚠️" in reply
    assert "Step 6/" in reply


async def test_a_report_dated_before_the_plan_does_not_say_it_is_counted(
    fieldbot: BotUnderTest,
) -> None:
    """A training of 2019 (the plan runs from 2025): stored, but no indicator counts it, and
    the confirmation said "Counted for Haiti" and "20 participants counted"."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Change: Start date")
    await jean.send("5 March 2019")
    await jean.tap("Submit")
    said = (await jean.last()).text
    assert "The report is saved" in said
    assert "Counted for" not in said
    assert "participants counted" not in said
    assert "Not counted in the indicators: its date, Mar 5, 2019, is outside" in said
    assert "(Jan 1, 2025 to Dec 31, 2029)" in said
    assert await report_count(fieldbot) == 1

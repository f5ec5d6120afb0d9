"""Issue 16: the whole report on one screen, in Chromium — French training, Arabic advocacy,
a wrong answer corrected next to its field, one report for a double submit, the chat's draft
and the page's the same, the confirmation also posted in the chat."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.domain.enums import Role
from bot.i18n import create_i18n
from models.drafts import chat_key, read_draft
from models.fsm import use_session
from models.tables import OutboxMessage, Report
from scheduler.outbox import OutboxSender
from tests.browser.conftest import MiniApp, save_shot

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page, expect

I18N = create_i18n()
YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()


def tr(msgid: str, locale: str) -> str:
    return I18N.gettext(msgid, locale=locale)


async def ready(page: Page) -> None:
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    # The first check (relevance) has come back: a question that does not apply is hidden.
    await page.wait_for_load_state("networkidle")


async def blur(page: Page) -> None:
    """Leave the field, as a person moves on: the page checks the answers with the server."""
    await page.locator("h1").click()
    await page.wait_for_timeout(500)
    await page.wait_for_load_state("networkidle")


async def reports_of(miniapp: MiniApp, telegram_id: int) -> list[Report]:
    assert miniapp.bot.app is not None
    async with miniapp.bot.app.session_factory() as session:
        from models.tables import User

        rows = await session.execute(
            select(Report)
            .join(User, User.id == Report.author_user_id)
            .where(User.telegram_id == telegram_id)
        )
        return list(rows.scalars())


async def confirmations(miniapp: MiniApp, telegram_id: int) -> int:
    assert miniapp.bot.app is not None
    async with miniapp.bot.app.session_factory() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.recipient_telegram_id == telegram_id,
                OutboxMessage.kind == "report_confirmation",
            )
        )
    return int(count or 0)


async def send_outbox(miniapp: MiniApp) -> None:
    app = miniapp.bot.app
    assert app is not None
    await OutboxSender.from_settings(app.settings, app.session_factory, app.bot).drain()


async def test_a_french_training_report_filled_on_one_page_with_wrong_answers_corrected(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(501, Role.FIELD_STAFF, ("HT", "CA"), language="fr")
    page = await miniapp.open(miniapp.init_data(501, "fr"), "?form=training", locale="fr-FR")
    await ready(page)
    assert await page.get_attribute("html", "lang") == "fr"
    assert await page.get_attribute("html", "dir") == "ltr"
    await expect(page.locator("h1")).to_have_text(tr("Training", "fr"))
    await expect(page.locator("#submit")).to_have_text(tr("Send the report", "fr"))
    # Skip logic: trainers trained only for a train-the-trainer course, Canada's sector only
    # for Canada.
    await expect(page.locator("#f_trainers_trained")).to_be_hidden()
    await expect(page.locator("#f_canada_sector")).to_be_hidden()

    await page.select_option("#q_country", "HT")
    await page.fill("#q_place", "Jacmel")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_target_group", "police")
    await page.select_option("#q_training_type", "train_the_trainer")
    await blur(page)
    await expect(page.locator("#f_trainers_trained")).to_be_visible()
    await page.check("#f_national_programme input[value=yes]")
    await page.fill("#q_start_date", YESTERDAY)
    await page.select_option("#q_duration_unit", "days")
    await page.fill("#q_duration", "2,5")  # a French decimal comma
    await page.fill("#q_participants_women", "12")
    await page.fill("#q_participants_men", "8")
    await page.fill("#q_participants_other", "0")
    await page.fill("#q_trainers_trained", "25")  # more than the 20 participants
    await page.fill("#q_notes", "Appeler le formateur au 0612345678 demain.")  # a phone number
    await blur(page)

    too_many = I18N.gettext(
        "Trainers trained cannot be more than the {total} participant.",
        "Trainers trained cannot be more than the {total} participants.",
        20,
        locale="fr",
    )
    await expect(page.locator("#f_trainers_trained .e")).to_have_text(too_many.format(total="20"))
    phone = tr(
        "Please remove the phone number ({found}): reports must not contain personal information.",
        "fr",
    )
    await expect(page.locator("#f_notes .e")).to_contain_text(phone.split("(")[0].strip())
    await expect(page.locator("#f_duration .d")).to_have_text("2,5")
    save_shot("training-fr-errors", await page.screenshot(full_page=True))

    # The chat's draft is the page's: /report in the chat offers to continue it.
    chat = miniapp.bot.user(501, "Test", language_code="fr")
    await chat.send("/report")
    offer = (await chat.messages())[-1]
    assert offer.text.startswith(
        tr(
            "You have an unfinished report ({form}) started on {date}. Continue it or discard it?",
            "fr",
        ).split("(")[0]
    )
    # Continued in the chat, it asks the first answer the page does not have yet.
    await chat.tap(tr("Continue", "fr"))
    asked = (await chat.messages())[-1].text
    assert tr("How many of them were trained to train others?", "fr") in asked
    app = miniapp.bot.app
    assert app is not None
    async with (
        app.session_factory() as session,
        app.events_isolation.lock(chat_key(app.bot.id, 501)),
    ):
        with use_session(session):
            draft = await read_draft(app.storage, chat_key(app.bot.id, 501))
    assert draft is not None
    assert draft["answers"]["duration"] == "2.5"
    assert "trainers_trained" not in draft["answers"]  # only valid answers are kept
    assert "notes" not in draft["answers"]

    # Corrected, then sent.
    await page.fill("#q_trainers_trained", "6")
    await page.fill("#q_notes", "Bonne participation des commissariats.")
    await blur(page)
    await expect(page.locator(".q.bad")).to_have_count(0)
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    thanks = tr("Thank you! The report is saved ({form}).", "fr").format(form=tr("Training", "fr"))
    await expect(page.locator("#done")).to_contain_text(thanks)
    save_shot("training-fr-sent", await page.screenshot(full_page=True))

    (report,) = await reports_of(miniapp, 501)
    assert report.country == "HT"
    assert report.answers["trainers_trained"] == 6
    assert report.answers["duration"] == "2.5"
    assert report.answers["notes"] == "Bonne participation des commissariats."
    # The confirmation goes to the chat through the outbox, after the commit.
    assert await confirmations(miniapp, 501) == 1
    await send_outbox(miniapp)
    posted = (await chat.messages())[-1]
    assert thanks in posted.text
    # The draft is gone: /report starts afresh in the chat.
    await chat.send("/report")
    assert (await chat.messages())[-1].text == tr("What would you like to report?", "fr")


async def test_an_arabic_advocacy_report_right_to_left_with_a_wrong_answer_corrected(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(502, Role.FIELD_STAFF, ("LB",), language="ar")
    page = await miniapp.open(miniapp.init_data(502, "ar"), "?form=advocacy", locale="ar")
    await ready(page)
    assert await page.get_attribute("html", "dir") == "rtl"
    assert await page.get_attribute("html", "lang") == "ar"
    await expect(page.locator("h1")).to_have_text(tr("Advocacy", "ar"))
    # One country to report for: already chosen.
    assert await page.input_value("#q_country") == "LB"
    await expect(page.locator("#f_institution")).to_be_hidden()

    await page.select_option("#q_level", "national")
    await page.select_option("#q_field", "violence_exploitation")
    await page.select_option("#q_event_kind", "decision")
    await blur(page)
    await expect(page.locator("#f_institution")).to_be_visible()
    await expect(page.locator("#f_network_name")).to_be_hidden()
    await page.fill("#q_institution", "وزارة الشؤون الاجتماعية")
    await page.check("#f_contributed input[value=yes]")
    await page.fill("#q_audience", "كثيرون")  # "many": not a number (thirty in words, ثلاثون, is)
    await page.fill("#q_event_date", YESTERDAY)
    await blur(page)
    await expect(page.locator("#f_audience .e")).not_to_be_empty()
    error = await page.locator("#f_audience .e").text_content()
    assert error
    assert any("\u0600" <= ch <= "\u06ff" for ch in error), error  # in Arabic
    save_shot("advocacy-ar-error", await page.screenshot(full_page=True))

    await page.fill("#q_audience", "١٢٠٠")  # Arabic-Indic digits are a number
    await blur(page)
    await expect(page.locator("#f_audience .e")).to_be_empty()
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    save_shot("advocacy-ar-sent", await page.screenshot(full_page=True))
    (report,) = await reports_of(miniapp, 502)
    assert report.kind == "advocacy_event"
    assert report.country == "LB"
    assert report.answers["audience"] == 1200
    assert report.answers["contributed"] is True


async def test_a_double_submit_stores_one_report_and_one_confirmation(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(503, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(503, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await blur(page)
    # Two sends of the same report at once (a double tap, a retry on a bad connection): the
    # page's own guard is bypassed, the server's idempotency is what is tested.
    statuses = await page.evaluate(
        """async () => {
            const draft = JSON.parse(localStorage.getItem("fieldbot:draft:503:advocacy"));
            const send = () => fetch("api/forms/advocacy/submit", {
                method: "POST",
                headers: {"Content-Type": "application/json",
                          "X-Telegram-Init-Data": window.Telegram.WebApp.initData},
                body: JSON.stringify(draft)}).then(r => r.status);
            return Promise.all([send(), send(), send()]);
        }"""
    )
    assert statuses == [200, 200, 200]
    # And the button tapped twice.
    await page.evaluate(
        "() => { const b = document.getElementById('submit'); b.click(); b.click(); }"
    )
    await expect(page.locator("#done")).to_be_visible()
    assert len(await reports_of(miniapp, 503)) == 1
    assert await confirmations(miniapp, 503) == 1


async def test_offline_the_answers_stay_on_the_phone_and_are_sent_once_back_online(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(504, Role.FIELD_STAFF, ("HT",), language="pt")
    page = await miniapp.open(miniapp.init_data(504, "pt"), "?form=advocacy", locale="pt-PT")
    await ready(page)
    await page.select_option("#q_level", "regional")
    await page.select_option("#q_field", "emergencies")
    await page.select_option("#q_event_kind", "network")
    await page.fill("#q_event_date", YESTERDAY)
    await blur(page)
    await page.fill("#q_network_name", "Rede de proteção do Sul")
    await page.fill("#q_partner_organisations", "7")
    await page.locator("h1").click()  # changes noted on the phone at once; checked later
    await page.context.set_offline(True)
    await page.click("#submit")
    offline = tr(
        "No connection: your answers are kept on this phone. Send again when you are online.",
        "pt",
    )
    await expect(page.locator("#status")).to_have_text(offline)
    # The page is closed and opened again: the answers come back from the phone's storage.
    await page.context.set_offline(False)
    await page.reload()
    await ready(page)
    assert await page.input_value("#q_network_name") == "Rede de proteção do Sul"
    assert await page.input_value("#q_partner_organisations") == "7"
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    (report,) = await reports_of(miniapp, 504)
    assert report.answers["partner_organisations"] == 7
    assert report.answers["network_name"] == "Rede de proteção do Sul"


async def test_a_report_finished_in_the_chat_is_not_what_the_page_offers_next(
    miniapp: MiniApp,
) -> None:
    """Begun on the page, sent from the chat: the next time the page opens, it starts a new
    report (not the sent one's answers and id, which made the next report "saved" and lost)."""
    await miniapp.member(505, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(505, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await page.fill("#q_notes", "First event, finished in the chat.")
    await blur(page)
    chat = miniapp.bot.user(505, "Awa")
    await chat.send("/report")
    await chat.tap("Continue")
    for _ in range(6):  # the optional questions the page left empty, then the card
        last = await chat.last()
        if last.has_button("✅ Submit"):
            break
        await chat.tap("Skip")
    await chat.tap("✅ Submit")
    assert len(await reports_of(miniapp, 505)) == 1

    again = await page.context.new_page()
    await again.goto(miniapp.base_url + "?form=advocacy")
    await ready(again)
    assert await again.input_value("#q_notes") == ""  # a new report, not the sent one
    await again.select_option("#q_level", "national")
    await again.select_option("#q_field", "justice")
    await again.select_option("#q_event_kind", "campaign")
    await again.fill("#q_event_date", YESTERDAY)
    await again.fill("#q_notes", "Second event, another day.")
    await blur(again)
    await again.click("#submit")
    await expect(again.locator("#done")).to_be_visible()
    notes = sorted(str(report.answers.get("notes")) for report in await reports_of(miniapp, 505))
    assert notes == ["First event, finished in the chat.", "Second event, another day."]


async def test_a_note_pasted_too_long_is_kept_and_the_page_says_how_long_it_may_be(
    miniapp: MiniApp,
) -> None:
    """The field's maxlength cut a pasted note at 1,000 characters without a word: the end
    of it was lost. The page keeps it all and says what the chat says."""
    await miniapp.member(520, Role.FIELD_STAFF, ("SN",), language="fr")
    page = await miniapp.open(miniapp.init_data(520, "fr"), "?form=advocacy", locale="fr-FR")
    await ready(page)
    note = "Atelier avec les juges. " * 60  # 1,440 characters
    await page.locator("#q_notes").focus()
    await page.keyboard.insert_text(note)  # as a paste
    await blur(page)
    assert await page.locator("#q_notes").input_value() == note
    error = page.locator("#f_notes .e")
    await expect(error).to_contain_text("1\u202f000")


async def test_no_connection_is_not_said_any_more_once_the_connection_is_back(
    miniapp: MiniApp,
) -> None:
    """On 2G the connection drops and comes back: "No connection" stayed on the page while
    the answers were being checked again, until the report was sent."""
    await miniapp.member(521, Role.FIELD_STAFF, ("SN",), language="fr")
    page = await miniapp.open(miniapp.init_data(521, "fr"), "?form=advocacy", locale="fr-FR")
    await ready(page)
    await page.context.set_offline(True)
    await page.select_option("#q_level", "local")
    await blur(page)
    offline = tr(
        "No connection: your answers are kept on this phone.",
        "fr",
    )
    await expect(page.locator("#status")).to_have_text(offline)
    await page.context.set_offline(False)
    await page.select_option("#q_field", "justice")
    await blur(page)
    await expect(page.locator("#status")).to_have_text("")

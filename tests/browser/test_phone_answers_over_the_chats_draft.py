"""Answers kept on the phone are not replaced by the chat's other report of the same form.

An officer typed a report on the page with no connection (or sent it, and the send failed),
and meanwhile began the same form in the chat (/report: another report, its own id). When
the page was opened again, it showed the chat's answers and wrote them over the phone's copy:
the report typed offline was gone, in no other place (the server never saw it). The phone's
answers now win; the chat's report stays in the chat, untouched.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from bot.domain.enums import Role
from bot.forms.definitions import FORMS
from bot.usecases.drafts import Draft
from models.drafts import chat_key, read_draft, write_draft
from models.fsm import use_session
from tests.browser.conftest import MiniApp
from tests.browser.test_issue_16_report_form import reports_of
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import blur, ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page, expect

YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
# The report id of the one copy kept on the phone (the page keeps its words there too).
DRAFT_ID = (
    "JSON.parse(localStorage.getItem(Object.keys(localStorage)"
    ".find(k => k.startsWith('fieldbot:draft:')))).report_id"
)
NOTE = "Met the mayor of Thiès about birth registration."
CHATS = {"country": "SN", "level": "national", "field": "education"}


async def chat_begins_the_same_form(miniapp: MiniApp, telegram_id: int) -> str:
    """/report in the chat, advocacy, a few answers: the chat's own report id."""
    app = miniapp.bot.app
    assert app is not None
    draft = Draft.new(FORMS["advocacy"], dt.datetime.now(dt.UTC))
    draft.answers = dict(CHATS)
    key = chat_key(app.bot.id, telegram_id)
    async with app.session_factory() as session, app.events_isolation.lock(key):
        with use_session(session):
            await write_draft(app.storage, key, draft.as_data(), None)
        await session.commit()
    return draft.report_id


async def chats_draft(miniapp: MiniApp, telegram_id: int) -> dict[str, Any] | None:
    app = miniapp.bot.app
    assert app is not None
    key = chat_key(app.bot.id, telegram_id)
    async with app.session_factory() as session, app.events_isolation.lock(key):
        with use_session(session):
            return await read_draft(app.storage, key)


async def answer(page: Page) -> None:
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await page.fill("#q_notes", NOTE)
    await blur(page)


async def test_answers_typed_offline_stay_when_the_chat_began_the_same_form(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(741, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(741, "en"), "?form=advocacy")
    await ready(page)
    await page.context.set_offline(True)
    await answer(page)  # no check reaches the server: the answers are on the phone only
    chats_id = await chat_begins_the_same_form(miniapp, 741)

    await page.context.set_offline(False)
    await page.reload()  # opened again from the chat
    await ready(page)
    await expect(page.locator("#q_notes")).to_have_value(NOTE)
    assert await page.input_value("#q_level") == "local"

    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    (report,) = await reports_of(miniapp, 741)
    assert report.answers["notes"] == NOTE
    assert str(report.id) != chats_id
    kept = await chats_draft(miniapp, 741)  # the chat's report in progress is still there
    assert kept is not None
    assert (kept["report_id"], kept["answers"]) == (chats_id, CHATS)


async def test_a_report_whose_send_failed_stays_when_the_chat_began_the_same_form(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(742, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(742, "en"), "?form=advocacy")
    await ready(page)
    await page.context.set_offline(True)
    await answer(page)
    await page.click("#submit")  # fails: no connection
    await expect(page.locator("#status.bad")).to_be_visible()
    sent_id = str(await page.evaluate(DRAFT_ID))
    await chat_begins_the_same_form(miniapp, 742)

    await page.context.set_offline(False)
    await page.reload()
    await ready(page)
    await expect(page.locator("#q_notes")).to_have_value(NOTE)
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    (report,) = await reports_of(miniapp, 742)
    assert (str(report.id), report.answers["notes"]) == (sent_id, NOTE)


async def test_a_form_opened_with_nothing_typed_shows_the_chats_answers(
    miniapp: MiniApp,
) -> None:
    """Opened, nothing typed (the only country put in by the page): the chat's report is
    the one to continue, as before."""
    await miniapp.member(743, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(743, "en"), "?form=advocacy")
    await ready(page)
    chats_id = await chat_begins_the_same_form(miniapp, 743)
    await page.reload()
    await ready(page)
    await expect(page.locator("#q_level")).to_have_value("national")
    kept = await page.evaluate(DRAFT_ID)
    assert kept == chats_id


async def test_a_report_being_sent_stays_when_the_reopened_form_finds_the_chats_report(
    miniapp: MiniApp,
) -> None:
    """Send tapped on 2G, Back, the same form opened again while the chat holds another report
    of it: the form showed the chat's report over the phone's copy of the one on its way, and
    when that send failed, it was gone."""
    await miniapp.member(744, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(744, "en"), "?form=advocacy")
    await ready(page)
    await answer(page)
    await chat_begins_the_same_form(miniapp, 744)

    async def lost(route: Any) -> None:
        await asyncio.sleep(3)  # 2G, then the link drops
        await route.abort()

    await page.route("**/api/forms/advocacy/submit", lost)
    await page.click("#submit")
    await page.evaluate("() => window.Telegram.WebApp.BackButton.click()")
    await page.click("button[data-form=advocacy]")
    await ready(page)
    await expect(page.locator("#q_notes")).to_have_value(NOTE)
    await page.wait_for_timeout(3_500)  # the old send has failed
    await page.unroute("**/api/forms/advocacy/submit")

    await page.reload()  # the app closed and opened again from the chat
    await ready(page)
    await expect(page.locator("#q_notes")).to_have_value(NOTE)
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    (report,) = await reports_of(miniapp, 744)
    assert report.answers["notes"] == NOTE


async def test_the_page_says_the_chat_has_another_report_of_the_form(miniapp: MiniApp) -> None:
    """The phone's answers shown, the chat's report of the same form kept: the page did not
    say the chat had one. The officer looked for the chat's answers on the page, or took the
    page's report for the chat's and found two reports later."""
    await miniapp.member(745, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(745, "en"), "?form=advocacy")
    await ready(page)
    await page.context.set_offline(True)
    await answer(page)
    await chat_begins_the_same_form(miniapp, 745)
    await page.context.set_offline(False)
    await page.reload()
    await ready(page)
    await expect(page.locator("#q_notes")).to_have_value(NOTE)
    await expect(page.locator("#elsewhere")).to_contain_text("unfinished report of this form")

    # Nothing typed on the phone: the chat's report is the one shown, and nothing is said.
    await miniapp.member(746, Role.FIELD_STAFF, ("SN",), language="en")
    other = await miniapp.open(miniapp.init_data(746, "en"), "?form=advocacy")
    await ready(other)
    await chat_begins_the_same_form(miniapp, 746)
    await other.reload()
    await ready(other)
    await expect(other.locator("#q_level")).to_have_value("national")
    await expect(other.locator("#elsewhere")).to_have_count(0)

"""Answers typed on the page offline stay when the chat sends the report meanwhile.

The page's answers become the chat's draft (same report id); the officer went on typing on
the page with no connection (a note, kept on the phone only) and finished the report from the
chat. Opened again, the page heard that the report id was sent, and deleted the phone's copy,
note and all: the note was in no other place. The copy now goes only if the report stored
holds its answers; answers it lacks stay, as a new report for the officer to send.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp
from tests.browser.test_issue_16_report_form import reports_of
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import blur, ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
NOTE = "The regional governor promised a decree by March."


async def test_a_note_typed_offline_stays_when_the_chat_sent_the_report(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(771, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(771, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await blur(page)  # the chat's draft now holds these answers
    await page.context.set_offline(True)
    await page.fill("#q_notes", NOTE)  # on the phone only
    await blur(page)

    chat = miniapp.bot.user(771, "Awa")
    await chat.send("/report")
    await chat.tap("Continue")
    for _ in range(6):  # the optional questions, then the card
        last = await chat.last()
        if last.has_button("✅ Submit"):
            break
        await chat.tap("Skip")
    await chat.tap("✅ Submit")
    (sent,) = await reports_of(miniapp, 771)
    assert not sent.answers.get("notes")

    await page.context.set_offline(False)
    await page.reload()  # opened again
    await ready(page)
    await expect(page.locator("#q_notes")).to_have_value(NOTE)
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    notes = sorted(str(r.answers.get("notes")) for r in await reports_of(miniapp, 771))
    assert notes == ["None", NOTE]


async def test_a_note_whose_send_failed_stays_when_the_chat_sent_the_report(
    miniapp: MiniApp,
) -> None:
    """The same, with Send tapped on the page offline (it failed): the copy was what this
    phone had sent, so it went as sent, though the report stored had no note."""
    await miniapp.member(772, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(772, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await blur(page)
    await page.context.set_offline(True)
    await page.fill("#q_notes", NOTE)
    await page.click("#submit")  # fails: no connection
    await expect(page.locator("#status.bad")).to_be_visible()

    chat = miniapp.bot.user(772, "Awa")
    await chat.send("/report")
    await chat.tap("Continue")
    for _ in range(6):
        last = await chat.last()
        if last.has_button("✅ Submit"):
            break
        await chat.tap("Skip")
    await chat.tap("✅ Submit")

    await page.context.set_offline(False)
    await page.reload()
    await ready(page)
    await expect(page.locator("#q_notes")).to_have_value(NOTE)
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    notes = sorted(str(r.answers.get("notes")) for r in await reports_of(miniapp, 772))
    assert notes == ["None", NOTE]

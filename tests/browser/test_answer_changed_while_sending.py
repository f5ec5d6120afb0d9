"""An answer cannot be changed while its report is being sent.

On 2G, Send tapped, a typo seen and corrected while 'Sending…' showed: the report was stored
with the answers as they were at the tap, the page then said 'sent' and dropped the form,
correction and all, with no word that it had not gone. Now the answers cannot be changed
while they are on their way (the fields are read-only until the send is answered): what
the officer sees is what is stored, and a send that fails gives the fields back.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp
from tests.browser.test_issue_16_report_form import reports_of
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import blur, ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()


async def test_the_answers_are_read_only_while_the_report_is_sent(miniapp: MiniApp) -> None:
    await miniapp.member(751, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(751, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await page.fill("#q_notes", "Met the juge")
    await blur(page)

    async def slow(route: Any) -> None:
        await asyncio.sleep(2)  # 2G
        await route.continue_()

    await page.route("**/api/forms/advocacy/submit", slow)
    await page.click("#submit")
    await expect(page.locator("#q_notes")).to_be_disabled()
    await expect(page.locator("#q_level")).to_be_disabled()
    await expect(page.locator("#done")).to_be_visible(timeout=10_000)
    (report,) = await reports_of(miniapp, 751)
    assert report.answers["notes"] == "Met the juge"  # as it was on the screen


async def test_a_send_that_fails_gives_the_fields_back(miniapp: MiniApp) -> None:
    await miniapp.member(752, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(752, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await blur(page)
    await page.click("#submit")  # answers missing: refused at once
    await expect(page.locator("#f_field.bad")).to_be_visible()
    await expect(page.locator("#q_field")).to_be_enabled()
    await page.context.set_offline(True)
    await page.click("#submit")
    await expect(page.locator("#status")).not_to_be_empty()
    await expect(page.locator("#q_notes")).to_be_enabled()
    await page.fill("#q_notes", "Typed after a failed send")

"""A send that stalls on 2G (no answer, no error) no longer leaves 'Sending…' on a button that
cannot be tapped for minutes: after 30 seconds the page says there is no connection, and
the officer sends again; the report is stored once."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from typing import Any

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from tests.browser.conftest import MiniApp
from tests.browser.test_issue_16_report_form import reports_of
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import blur, ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()
YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
OFFLINE = "No connection: your answers are kept on this phone. Send again when you are online."


async def test_a_stalled_send_can_be_sent_again_and_is_stored_once(miniapp: MiniApp) -> None:
    await miniapp.member(661, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(661, "en"), "?form=advocacy")
    await page.clock.install()
    await page.reload()
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await blur(page)

    released = asyncio.Event()
    stalled: list[Any] = []

    async def stall(route: Any) -> None:
        stalled.append(route)
        await released.wait()  # the first send reaches the server late, if ever
        with contextlib.suppress(Exception):
            await route.continue_()

    await page.route("**/api/forms/advocacy/submit", stall)
    await page.click("#submit")
    await expect(page.locator("#submit")).to_be_disabled()
    await page.clock.fast_forward(31_000)
    await expect(page.locator("#status")).to_have_text(I18N.gettext(OFFLINE, locale="en"))
    await expect(page.locator("#submit")).to_be_enabled()

    await page.unroute("**/api/forms/advocacy/submit", stall)
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    released.set()
    await asyncio.sleep(0.5)
    assert len(stalled) == 1
    assert len(await reports_of(miniapp, 661)) == 1

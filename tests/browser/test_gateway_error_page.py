"""A gateway's error page (the proxy in front of the bot: 502 while the bot restarts, 504 on a
slow upstream) is not the bot's answer: the page says what it says with no connection.

Sent through such a gateway, the report's page showed a bare '502' under the form, with no
word of what to do; a check answered so said nothing and was never tried again, so a note
typed meanwhile went unscreened until Send.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()
YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
OFFLINE = "No connection: your answers are kept on this phone. Send again when you are online."
KEPT = "No connection: your answers are kept on this phone."  # before any send


async def bad_gateway(route: Any) -> None:
    await route.fulfill(
        status=502,
        content_type="text/html",
        body="<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
    )


async def test_a_send_answered_by_a_gateways_error_page_says_to_send_again(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(961, Role.FIELD_STAFF, ("SN",), language="fr")
    page = await miniapp.open(miniapp.init_data(961, "fr"), "?form=advocacy", locale="fr-FR")
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    await page.wait_for_load_state("networkidle")
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await page.locator("h1").click()
    await page.wait_for_timeout(600)
    await page.wait_for_load_state("networkidle")

    await page.route("**/api/forms/advocacy/submit", bad_gateway)
    await page.click("#submit")
    await expect(page.locator("#status")).to_have_text(I18N.gettext(OFFLINE, locale="fr"))
    await expect(page.locator("#submit")).to_be_enabled()
    kept = await page.evaluate("() => localStorage.getItem('fieldbot:draft:961:advocacy')")
    assert "campaign" in kept

    await page.unroute("**/api/forms/advocacy/submit", bad_gateway)
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()


async def test_a_check_answered_by_a_gateways_error_page_is_tried_again(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(962, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(962, "en"), "?form=advocacy")
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    await page.wait_for_load_state("networkidle")

    await page.route("**/api/forms/advocacy/check", bad_gateway)
    await page.fill("#q_notes", "Kevin, 13, was beaten by his uncle.")
    await page.locator("h1").click()
    await expect(page.locator("#status")).to_have_text(KEPT)

    await page.unroute("**/api/forms/advocacy/check", bad_gateway)
    await page.evaluate("() => window.dispatchEvent(new Event('online'))")  # or the next try
    await expect(page.locator("#f_notes .e")).to_contain_text("Kevin")
    await expect(page.locator("#status")).to_be_empty()

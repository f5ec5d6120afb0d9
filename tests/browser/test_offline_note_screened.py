"""A note typed with no signal is screened as soon as the connection is back, and the text
offered back without a child's name is always the one in the field.

Typed offline, a note naming a child was kept on the phone and not screened until the officer
tapped Send; and the "Use this text" offer under a refusal could be an older text's (typed
over offline, or a slow check answered after a newer one): one tap put the old words back in
the field, undoing the new ones.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from bot.webapp.forms import USE_TEXT
from tests.browser.conftest import MiniApp, save_shot
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import (
    blur,
    on_the_phone,
    ready,
)

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()
KEVIN = "Kevin, 13, was beaten by his uncle."
AMINA = "Amina, 12, was sent away from school."
AMINA_CLEANED = "[…], 12, was sent away from school."
OFFLINE = "No connection: your answers are kept on this phone."


async def test_a_note_typed_offline_is_screened_when_the_connection_is_back(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(641, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(641, "en"), "?form=advocacy")
    await ready(page)
    await page.context.set_offline(True)
    await page.fill("#q_notes", KEVIN)
    await page.locator("h1").click()
    await expect(page.locator("#status")).to_have_text(I18N.gettext(OFFLINE, locale="en"))

    await page.context.set_offline(False)  # no tap, no field left: the page checks by itself
    notes = page.locator("#f_notes")
    await expect(notes.locator(".e")).to_contain_text("Kevin", timeout=5_000)
    await expect(notes.locator(".o .t")).to_have_text("[…], 13, was beaten by his uncle.")
    await expect(page.locator("#status")).to_be_empty()
    assert "Kevin" not in await on_the_phone(page)


async def test_an_offer_is_withdrawn_when_the_note_is_typed_over_offline(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(642, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(642, "en"), "?form=advocacy")
    await ready(page)
    await page.fill("#q_notes", KEVIN)
    await blur(page)
    notes = page.locator("#f_notes")
    await expect(notes.locator(".o .t")).to_have_text("[…], 13, was beaten by his uncle.")

    await page.context.set_offline(True)
    await page.fill("#q_notes", AMINA)
    await page.locator("h1").click()
    await expect(page.locator("#status")).to_have_text(I18N.gettext(OFFLINE, locale="en"))
    await expect(notes.locator(".o")).to_be_empty()  # Kevin's text is not offered for Amina's
    save_shot("offer-withdrawn-offline", await page.screenshot(full_page=True))

    await page.context.set_offline(False)
    await expect(notes.locator(".o .t")).to_have_text(AMINA_CLEANED, timeout=5_000)
    await notes.get_by_role("button", name=I18N.gettext(USE_TEXT, locale="en")).click()
    assert await page.input_value("#q_notes") == AMINA_CLEANED


async def test_a_slow_check_answered_after_a_newer_one_does_not_bring_back_its_offer(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(643, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(643, "en"), "?form=advocacy")
    await ready(page)

    async def slow_for_kevin(route: Any) -> None:
        if "Kevin" in (route.request.post_data or ""):
            await asyncio.sleep(2)  # 2G: this check is answered after the next one
        await route.continue_()

    await page.route("**/api/forms/advocacy/check", slow_for_kevin)
    await page.fill("#q_notes", KEVIN)
    await page.locator("h1").click()
    await page.wait_for_timeout(700)  # Kevin's check is on its way
    await page.fill("#q_notes", AMINA)
    await page.locator("h1").click()
    await page.wait_for_timeout(3_000)
    await page.wait_for_load_state("networkidle")

    notes = page.locator("#f_notes")
    await expect(notes.locator(".e")).to_contain_text("Amina")
    await expect(notes.locator(".o .t")).to_have_text(AMINA_CLEANED)


async def test_a_page_opened_without_a_connection_opens_once_it_is_back(
    miniapp: MiniApp,
) -> None:
    """Opened on 2G, the page's first call lost: '…' stayed on the screen for ever, the
    officer's answers kept on the phone out of reach until they closed and opened it again."""
    await miniapp.member(644, Role.FIELD_STAFF, ("SN",), language="fr")
    opened = await miniapp.open(miniapp.init_data(644, "fr"), "?form=advocacy")
    await ready(opened)
    await opened.fill("#q_notes", "Sensibilisation au marché")
    await opened.locator("h1").click()
    await opened.wait_for_timeout(600)
    await opened.wait_for_load_state("networkidle")

    async def lost(route: Any) -> None:
        await route.abort("internetdisconnected")

    await opened.context.route("**/api/forms/advocacy?*", lost)
    await opened.reload()
    await opened.wait_for_timeout(1_000)
    await opened.context.unroute("**/api/forms/advocacy?*", lost)
    await opened.context.set_offline(True)
    await opened.context.set_offline(False)  # the connection is back
    await ready(opened)
    assert await opened.input_value("#q_notes") == "Sensibilisation au marché"

    # From the menu with no connection: the page says why nothing opens, in French.
    await opened.goto(miniapp.base_url + "?menu=1")
    await opened.wait_for_selector("button[data-form=training]")
    await opened.context.set_offline(True)
    await opened.click("button[data-form=training]")
    text = I18N.gettext(
        "No connection. This page opens as soon as the connection is back.", locale="fr"
    )
    await expect(opened.locator("#status")).to_have_text(text)
    await opened.context.set_offline(False)
    await ready(opened)
    await expect(opened.locator("#q_place")).to_be_visible()

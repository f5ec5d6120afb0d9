"""A note typed with no signal is screened as soon as the connection is back: it was kept on
the phone, a child's name in it, and not screened until the officer tapped Send."""

from __future__ import annotations

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from tests.browser.conftest import MiniApp
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import (
    on_the_phone,
    ready,
)

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()
KEVIN = "Kevin, 13, was beaten by his uncle."
OFFLINE = "No connection: your answers are kept on this phone. Send again when you are online."


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

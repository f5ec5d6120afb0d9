"""A whole document pasted in a note is refused as soon as the page checks it, not at Send."""

from __future__ import annotations

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from tests.browser.conftest import MiniApp
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()


async def test_a_huge_paste_is_refused_as_soon_as_it_is_checked(
    miniapp: MiniApp,
) -> None:
    """A whole document pasted in the note (70,000 characters, over the page's 64 KB): its
    check was refused as too large and the page said nothing; the officer learnt it only at
    Send, and their other answers never reached the chat's draft meanwhile."""
    await miniapp.member(645, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(645, "en"), "?form=advocacy")
    await ready(page)
    await page.fill("#q_notes", "Minutes of the meeting. " * 3_000)
    await page.locator("h1").click()
    too_long = I18N.gettext("Your answers are too long to send. Please shorten them.", "en")
    await expect(page.locator("#status")).to_have_text(too_long)

    await page.fill("#q_notes", "Minutes of the meeting.")
    await page.locator("h1").click()
    await expect(page.locator("#status")).to_be_empty()  # shortened: the notice goes

"""A page opened with no connection, after an earlier visit, speaks the member's language.

The page has no words of its own: they come with the server's answer. Opened again on a
phone without signal (its page and script at hand, its first call lost), it showed '…' until
the connection came back, left to right in Arabic. The words of the last opening are now kept
with the page: it says, in Arabic and right to left, that it opens once the connection is back.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from models import people
from tests.browser.conftest import MiniApp
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()
UNREACHABLE = "No connection. This page opens as soon as the connection is back."


async def test_a_page_opened_offline_says_why_in_the_members_language(miniapp: MiniApp) -> None:
    await miniapp.member(781, Role.FIELD_STAFF, ("SN",), language="ar")
    page = await miniapp.open(miniapp.init_data(781, "ar"), "?form=advocacy")
    await ready(page)

    async def lost(route: Any) -> None:
        await route.abort("internetdisconnected")

    await page.context.route("**/api/**", lost)
    await page.reload()
    await expect(page.locator("#status")).to_have_text(I18N.gettext(UNREACHABLE, locale="ar"))
    assert await page.evaluate("document.documentElement.dir") == "rtl"
    assert await page.evaluate("document.documentElement.lang") == "ar"

    await page.context.unroute("**/api/**", lost)
    await page.context.set_offline(True)
    await page.context.set_offline(False)  # the connection is back: the form opens
    await ready(page)


async def test_a_revoked_members_words_leave_the_phone_with_their_answers(
    miniapp: MiniApp,
) -> None:
    """Refused as a member (every role revoked, or erased), their answers left the phone but
    their Telegram id and language stayed in it, under the words kept for the next opening."""
    await miniapp.member(782, Role.FIELD_STAFF, ("SN",), language="ar")
    page = await miniapp.open(miniapp.init_data(782, "ar"), "?form=advocacy")
    await ready(page)
    assert await page.evaluate("localStorage.getItem('fieldbot:words:782')")

    assert miniapp.bot.app is not None
    async with miniapp.bot.app.session_factory() as session:
        await people.revoke(session, 782, None, actor_user_id=None)
        await session.commit()
    await page.fill("#q_notes", "Meeting with the Thiès juvenile judge.")
    await page.locator("h1").click()  # checked: refused (403)
    await page.wait_for_selector(".status.bad", timeout=15_000)
    await page.wait_for_load_state("networkidle")
    assert await page.evaluate("Object.keys(localStorage)") == []

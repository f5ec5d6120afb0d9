"""A page whose call fails just after the connection came back is opened at once.

Offline, Back tapped: the menu's call, begun before the connection came back, failed a moment
after it (on 2G a call fails late). 'online' had gone by with nothing to retry, so the page
said 'No connection' and waited 15 s, then 30 s, up to 4 minutes, with the phone online.
Now such a call is tried again at once.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page, expect


async def fail_after_coming_back(page: Page, pattern: str) -> asyncio.Event:
    """The next call to `pattern` hangs until the connection is back, then fails."""
    reached = asyncio.Event()

    async def late(route: Any) -> None:
        if reached.is_set():  # the next try goes through
            await route.continue_()
            return
        reached.set()
        await asyncio.sleep(1)  # meanwhile the connection comes back
        await route.abort("internetdisconnected")

    await page.route(pattern, late)
    return reached


async def back_online(page: Page, reached: asyncio.Event) -> None:
    await asyncio.wait_for(reached.wait(), 10)
    await page.evaluate("() => window.dispatchEvent(new Event('online'))")


async def test_a_page_whose_call_fails_just_after_the_connection_is_back_opens_at_once(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(791, Role.FIELD_STAFF, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(791, "en"), "?form=advocacy")
    await ready(page)
    reached = await fail_after_coming_back(page, "**/api/me")
    await page.evaluate("() => window.Telegram.WebApp.BackButton.click()")
    await back_online(page, reached)
    await expect(page.locator("button[data-form=advocacy]")).to_be_visible(timeout=5_000)

"""Offline, an open form tries its check again less and less often, and at once when the
connection is back.

A form left open with no signal (a village without coverage for an afternoon) checked its
answers every 15 s, 240 times an hour: a radio woken each time on a phone whose battery must
last the day. It now waits 15 s, 30 s, 1, 2, then 4 minutes between tries; the browser's
'online' tries at once, and a form left tries no more.
"""

from __future__ import annotations

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page, expect

I18N = create_i18n()
OFFLINE = "No connection: your answers are kept on this phone."
# The page's calls to the check, counted as the page makes them (offline ones too).
COUNT_CHECKS = """window.__checks = 0;
const fetched = window.fetch;
window.fetch = function (url) {
    if (String(url).indexOf("/check") >= 0) window.__checks++;
    return fetched.apply(this, arguments);
};"""


async def checks(page: Page) -> int:
    return int(await page.evaluate("() => window.__checks"))


async def minutes_pass(page: Page, minutes: int) -> None:
    """Fake time goes by, 5 s at a time: each failed try has a moment to plan the next."""
    for _ in range(minutes * 12):
        await page.clock.run_for(5_000)
        await page.wait_for_timeout(20)


async def test_offline_a_form_checks_ever_less_often_and_at_once_when_back_online(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(691, Role.ADMIN, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(691, "en"), "?form=advocacy")
    await page.context.add_init_script(COUNT_CHECKS)
    await page.clock.install()
    await page.reload()
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    await page.wait_for_load_state("networkidle")
    await page.context.set_offline(True)
    await page.fill("#q_notes", "Marché de Kisumu")
    await page.locator("h1").click()
    await page.clock.run_for(1_000)
    await expect(page.locator("#status")).to_have_text(OFFLINE)
    before = await checks(page)

    await minutes_pass(page, 10)
    # 15 s, 30 s, 1, 2 and 4 minutes: five tries in ten minutes (every 15 s: forty).
    assert await checks(page) - before == 5

    await page.context.set_offline(False)  # back: checked now, not in up to 4 minutes
    await expect(page.locator("#status")).to_be_empty()
    assert await checks(page) - before == 6

    # Offline again later: the waits start again from 15 s.
    await page.context.set_offline(True)
    await page.fill("#q_notes", "Marché de Kisumu, suite")
    await page.locator("h1").click()
    await page.clock.run_for(1_000)
    await expect(page.locator("#status")).to_have_text(OFFLINE)
    before = await checks(page)
    await minutes_pass(page, 1)
    assert await checks(page) - before == 2  # after 15 s, then 30 s more

    # The form left (Back to the menu): no more tries, online or not.
    await page.evaluate("() => window.Telegram.WebApp.BackButton.click()")
    await page.context.set_offline(False)
    await page.wait_for_selector("button[data-form=training]", timeout=15_000)
    await page.context.set_offline(True)
    before = await checks(page)
    await minutes_pass(page, 5)
    await page.context.set_offline(False)
    await page.wait_for_timeout(500)
    assert await checks(page) == before

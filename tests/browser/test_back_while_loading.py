"""Back tapped while a page loads on 2G: the menu is shown, and the page answered late is no
longer drawn over it (a form with Telegram's Send button and no way back, the one the user
had just left)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect


async def test_a_form_answered_after_back_was_tapped_is_not_drawn_over_the_menu(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(671, Role.ADMIN, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(671, "en"), "?menu=1")
    await page.wait_for_selector("button[data-form=training]")

    async def slow(route: Any) -> None:
        await asyncio.sleep(2)  # 2G
        await route.continue_()

    await page.route("**/api/forms/training?*", slow)
    await page.route("**/api/forms/training", slow)
    await page.click("button[data-form=training]")
    await page.wait_for_timeout(300)
    await page.evaluate("() => window.Telegram.WebApp.BackButton.click()")  # changed their mind
    await page.wait_for_selector("button[data-form=training]")
    await page.wait_for_timeout(3_000)  # the form's answer has come

    await expect(page.locator("#report")).to_have_count(0)
    await expect(page.locator("button[data-form=training]")).to_be_visible()
    assert not await page.evaluate("() => window.Telegram.WebApp.MainButton.isVisible")


async def test_a_form_that_failed_after_back_was_tapped_does_not_hide_the_menu(
    miniapp: MiniApp,
) -> None:
    """The form's call lost on 2G after the user went back: 'No connection' replaced the menu
    they were on (a page that had loaded), until the page tried again 15 s later."""
    await miniapp.member(672, Role.ADMIN, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(672, "en"), "?menu=1")
    await page.wait_for_selector("button[data-form=training]")

    async def lost(route: Any) -> None:
        await asyncio.sleep(2)  # 2G, then the call is lost
        await route.abort()

    await page.route("**/api/forms/training?*", lost)
    await page.route("**/api/forms/training", lost)
    await page.click("button[data-form=training]")
    await page.wait_for_timeout(300)
    await page.evaluate("() => window.Telegram.WebApp.BackButton.click()")
    await page.wait_for_selector("button[data-form=training]")
    await page.wait_for_timeout(3_000)  # the form's call has failed

    await expect(page.locator("button[data-form=training]")).to_be_visible()
    await expect(page.locator("#status.bad")).to_have_count(0)


async def test_a_form_reloaded_keeps_its_way_back_to_the_menu(miniapp: MiniApp) -> None:
    """Telegram's 'Reload page' on a form opened from the menu: the page came back without
    Telegram's Back button (it learnt what the menu offers only from the menu), and an admin
    could leave the form only by closing the app."""
    await miniapp.member(673, Role.ADMIN, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(673, "en"), "?menu=1")
    await page.click("button[data-form=training]")
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    assert await page.evaluate("() => window.Telegram.WebApp.BackButton.isVisible")

    await page.reload()
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    assert await page.evaluate("() => window.Telegram.WebApp.BackButton.isVisible")
    await page.evaluate("() => window.Telegram.WebApp.BackButton.click()")
    await expect(page.locator("button[data-form=advocacy]")).to_be_visible()

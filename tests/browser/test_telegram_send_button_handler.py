"""Telegram's Send button (MainButton) has one handler, however many forms were opened.

Each form shown registered the page's submit again with MainButton.onClick, and Telegram
keeps every handler: after five forms, one tap on Send called submit five times (only the
page's 'sending' flag kept it to one report). It is registered once, when the page starts.
"""

from __future__ import annotations

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")


async def test_telegram_send_has_one_handler_after_several_forms(miniapp: MiniApp) -> None:
    await miniapp.member(711, Role.ADMIN, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(711, "en"), "?form=advocacy")
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    for _ in range(3):
        await page.evaluate("() => window.Telegram.WebApp.BackButton.click()")
        await page.wait_for_selector("button[data-form=training]", timeout=15_000)
        await page.click("button[data-form=training]")
        await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    handlers = await page.evaluate("() => window.Telegram.WebApp.MainButton.handlers.length")
    assert handlers == 1
    # The one handler still sends the form shown: tapped with answers missing, it says so.
    await page.evaluate("() => window.Telegram.WebApp.MainButton.click()")
    await page.wait_for_selector(".q.bad", timeout=15_000)

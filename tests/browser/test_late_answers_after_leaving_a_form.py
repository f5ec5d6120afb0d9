"""A form's call answered on 2G after the officer went to another form is about the form they
left: its answer is not applied to the form they are on.

A check of the training form answered once the officer had gone back and opened the advocacy
form was applied to the advocacy form: every advocacy question the training form did not ask
was hidden, until the advocacy form's own check answered (on 2G, seconds; offline, 15 s or
more), and the officer could not answer them.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect


async def test_a_check_answered_after_another_form_was_opened_hides_none_of_its_questions(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(681, Role.ADMIN, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(681, "en"), "?menu=1")
    await page.wait_for_selector("button[data-form=training]")

    async def slow(route: Any) -> None:
        await asyncio.sleep(2)  # 2G
        await route.continue_()

    async def slower(route: Any) -> None:
        await asyncio.sleep(6)
        await route.continue_()

    await page.route("**/api/forms/training/check", slow)
    await page.route("**/api/forms/advocacy/check", slower)
    await page.click("button[data-form=training]")
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)  # its check is sent
    await page.evaluate("() => window.Telegram.WebApp.BackButton.click()")
    await page.click("button[data-form=advocacy]")
    await page.wait_for_selector("#report #f_notes", timeout=15_000)
    await page.wait_for_timeout(2_500)  # the training form's check has answered

    # Its own check has not answered yet: the page shows what it drew, nothing hidden.
    hidden = await page.eval_on_selector_all("#report .q[hidden]", "qs => qs.map(q => q.id)")
    assert hidden == []
    await expect(page.locator("#q_notes")).to_be_visible()

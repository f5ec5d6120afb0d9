"""A form's call answered on 2G after the officer went to another form is about the form they
left: its answer is not applied to the form they are on.

A check of the training form answered once the officer had gone back and opened the advocacy
form was applied to the advocacy form: every advocacy question the training form did not ask
was hidden, until the advocacy form's own check answered (on 2G, seconds; offline, 15 s or
more), and the officer could not answer them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
FIX = "Please correct the answers marked in red."


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


async def test_a_send_answered_after_another_form_was_opened_leaves_that_form_as_it_is(
    miniapp: MiniApp,
) -> None:
    """A slow send, Back tapped meanwhile and another form opened: the send's answer put
    'Report sent' over the new form, hid Telegram's Send button and erased the new form's
    answers kept on the phone (not the sent one's); until it answered, the new form's Send did
    nothing and Telegram's Send button kept spinning."""
    await miniapp.member(682, Role.ADMIN, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(682, "en"), "?form=advocacy")
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await page.locator("h1").click()
    await page.wait_for_timeout(600)
    await page.wait_for_load_state("networkidle")

    async def slow(route: Any) -> None:
        await asyncio.sleep(3)  # 2G
        await route.continue_()

    await page.route("**/api/forms/advocacy/submit", slow)
    await page.click("#submit")
    await page.evaluate("() => window.Telegram.WebApp.BackButton.click()")
    await page.click("button[data-form=training]")
    await page.wait_for_selector("#report #q_place", timeout=15_000)
    await page.fill("#q_place", "Kisumu")
    await page.click("#submit")  # sent with answers missing: said at once
    await expect(page.locator("#status")).to_have_text(FIX)
    await page.wait_for_timeout(3_500)  # the advocacy report's send has answered
    await page.wait_for_load_state("networkidle")

    await expect(page.locator("#done")).to_have_count(0)
    await expect(page.locator("#q_place")).to_have_value("Kisumu")
    assert await page.evaluate("() => window.Telegram.WebApp.MainButton.isVisible")
    calls = await page.evaluate("() => window.Telegram.WebApp.calls")
    progress = [c for c in calls if c.endswith("Progress")]
    assert progress[-1] == "MainButton.hideProgress"
    kept = await page.evaluate("() => localStorage.getItem('fieldbot:draft:682:training')")
    assert "Kisumu" in kept
    # The advocacy report was stored: its copy on the phone goes.
    assert await page.evaluate("() => localStorage.getItem('fieldbot:draft:682:advocacy')") is None

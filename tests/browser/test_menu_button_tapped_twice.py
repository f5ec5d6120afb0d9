"""A menu button tapped twice on 2G opens its form once.

The first tap's form arrived, the officer began to type, and the second tap's form arrived
seconds later and was drawn over it: the words typed were gone from the screen and, at the
next check, from the phone's copy too. Now only the last tap's page is drawn.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect


async def test_a_form_opened_by_a_double_tap_is_not_drawn_again_over_what_was_typed(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(761, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(761, "en"), "?menu=1")
    await page.wait_for_selector("button[data-form=advocacy]", timeout=15_000)
    delays = [1.0, 3.0]  # the first tap's answer comes first, the second's later (2G)

    async def slow(route: Any) -> None:
        await asyncio.sleep(delays.pop(0) if delays else 0)
        await route.continue_()

    await page.route("**/api/forms/advocacy", slow)
    await page.dblclick("button[data-form=advocacy]")
    await page.wait_for_selector("#report #q_notes", timeout=15_000)
    await page.fill("#q_notes", "Met the district judge")
    await page.wait_for_timeout(3_000)  # the second tap's answer is in
    await page.wait_for_load_state("networkidle")
    await expect(page.locator("#q_notes")).to_have_value("Met the district judge")
    kept = await page.evaluate("() => localStorage.getItem('fieldbot:draft:761:advocacy')")
    assert "Met the district judge" in kept

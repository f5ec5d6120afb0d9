"""A chart lost on 2G is drawn once the connection is back.

An indicator opened with no connection showed its table and no chart; when the connection
came back nothing happened, and the manager had to guess that closing and opening it again
would draw it. Now each indicator still open draws its chart as soon as the phone is online.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

CHART = "**/api/indicators/*/chart?*"


async def lost(route: Any) -> None:
    await route.abort("internetdisconnected")


async def test_a_chart_lost_offline_is_drawn_when_the_connection_is_back(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(781, Role.MANAGER, ("KE",), language="sw")
    page = await miniapp.open(miniapp.init_data(781, "sw"), "?view=dashboard", locale="sw")
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    first = await page.evaluate(
        "() => [...document.querySelectorAll('details.ind')].findIndex(d => d.drawChart)"
    )
    assert first >= 0
    charted = page.locator("details.ind").nth(int(first))
    await page.route(CHART, lost)
    await charted.locator("summary").click()
    await page.wait_for_load_state("networkidle")
    await expect(charted.locator(".chart")).to_have_count(0)

    await page.unroute(CHART, lost)
    await page.evaluate("() => window.dispatchEvent(new Event('online'))")
    await expect(charted.locator("img")).to_be_visible(timeout=20_000)
    assert await charted.evaluate("d => d.open")


async def test_a_chart_failing_just_after_the_connection_came_back_is_drawn_at_once(
    miniapp: MiniApp,
) -> None:
    """Asked with no signal, failing late on 2G after 'online' had gone by (its box still
    there then, so 'online' drew nothing): asked again at once, not left out for good."""
    await miniapp.member(782, Role.MANAGER, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(782, "en"), "?view=dashboard")
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    first = await page.evaluate(
        "() => [...document.querySelectorAll('details.ind')].findIndex(d => d.drawChart)"
    )
    assert first >= 0
    charted = page.locator("details.ind").nth(int(first))
    calls: list[str] = []

    async def late(route: Any) -> None:
        calls.append(route.request.url)
        if len(calls) > 1:
            await route.continue_()
            return
        await asyncio.sleep(1)
        await page.evaluate("() => window.dispatchEvent(new Event('online'))")
        await asyncio.sleep(1)
        await route.abort("internetdisconnected")

    await page.route(CHART, late)
    await charted.locator("summary").click()
    await expect(charted.locator("img")).to_be_visible(timeout=10_000)
    assert len(calls) == 2


async def test_a_chart_that_keeps_failing_online_is_not_asked_again_and_again(
    miniapp: MiniApp,
) -> None:
    """The server keeps failing, the phone online: one try per return of the connection."""
    await miniapp.member(783, Role.MANAGER, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(783, "en"), "?view=dashboard")
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    first = await page.evaluate(
        "() => [...document.querySelectorAll('details.ind')].findIndex(d => d.drawChart)"
    )
    charted = page.locator("details.ind").nth(int(first))
    calls: list[str] = []

    async def failing(route: Any) -> None:
        calls.append(route.request.url)
        if len(calls) == 1:
            await page.evaluate("() => window.dispatchEvent(new Event('online'))")
        await route.fulfill(status=502, body="<html>Bad gateway</html>", content_type="text/html")

    await page.route(CHART, failing)
    await charted.locator("summary").click()
    await page.wait_for_timeout(2_000)
    await expect(charted.locator(".chart")).to_have_count(0)
    assert len(calls) == 2  # the one asked, and once again for the connection come back

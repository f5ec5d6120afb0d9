"""A chart answered by a captive portal (a hotel's or a café's Wi-Fi login page, HTTP 200
text/html) is no connection, not a picture.

The page took any answer to a chart's call for a PNG: the portal's HTML was drawn as a broken
image under the indicator, and stayed there. Now, as any other proxy's page, it counts as no
connection: no chart is drawn, and opening the indicator again once online draws it.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

CHART = "**/api/indicators/*/chart?*"


async def portal(route: Any) -> None:
    await route.fulfill(
        status=200,
        content_type="text/html",
        body="<html><body><form>Log in to FreeWifi</form></body></html>",
    )


async def test_a_chart_answered_by_a_captive_portal_is_not_drawn_as_a_broken_picture(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(711, Role.MANAGER, ("HT",), language="en")
    page = await miniapp.open(miniapp.init_data(711, "en"), "?view=dashboard")
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    await page.route(CHART, portal)
    first = await page.evaluate(
        "() => [...document.querySelectorAll('details.ind')].findIndex(d => d.drawChart)"
    )
    assert first >= 0  # an indicator with a chart
    charted = page.locator("details.ind").nth(int(first))
    await charted.locator("summary").click()
    await page.wait_for_load_state("networkidle")
    await page.wait_for_timeout(300)
    await expect(charted.locator("img")).to_have_count(0)
    await expect(charted.locator(".chart")).to_have_count(0)

    # Online again: closed and opened, the indicator draws its chart.
    await page.unroute(CHART, portal)
    await charted.locator("summary").click()
    await charted.locator("summary").click()
    await expect(charted.locator("img")).to_be_visible(timeout=20_000)
    await page.wait_for_function(
        "() => { const i = document.querySelector('details.ind img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )

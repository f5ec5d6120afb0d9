"""The dashboard's charts in Telegram's dark theme: they were white boxes in the dark page
(glaring at night); each chart is drawn in the theme's colours, and drawn again when the user
switches theme with the app open."""

from __future__ import annotations

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp, save_shot

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page, expect

DARK = {"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499",
        "button_color": "#5288c1", "button_text_color": "#ffffff",
        "secondary_bg_color": "#232e3c"}  # fmt: skip
LIGHT = {"bg_color": "#ffffff", "text_color": "#000000", "hint_color": "#707579",
         "button_color": "#3390ec", "button_text_color": "#ffffff",
         "secondary_bg_color": "#f4f4f5"}  # fmt: skip

# The chart's corner pixel, once its image has loaded (a blob: image of our own origin).
CORNER = """() => new Promise((done) => {
    const wait = () => {
        const i = document.querySelector('details.ind .chart img');
        if (!i || !i.complete || !i.naturalWidth) return setTimeout(wait, 100);
        const c = document.createElement('canvas');
        c.width = i.naturalWidth; c.height = i.naturalHeight;
        const g = c.getContext('2d'); g.drawImage(i, 0, 0);
        const [r, gr, b] = g.getImageData(3, 3, 1, 1).data;
        done('#' + [r, gr, b].map((v) => v.toString(16).padStart(2, '0')).join(''));
    };
    wait();
})"""


async def _corner(page: Page) -> str:
    return str(await page.evaluate(CORNER))


async def test_a_chart_in_the_dark_theme_is_drawn_in_its_colours(miniapp: MiniApp) -> None:
    await miniapp.member(911, Role.MANAGER, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(911, "en"), "?view=dashboard")
    await page.context.add_init_script(
        f"window.__FIELDBOT_COLOR_SCHEME__ = 'dark'; window.__FIELDBOT_THEME__ = {DARK!r};"
    )
    await page.reload()
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    first = page.locator("details.ind").first
    await first.locator("summary").click()
    await expect(first.locator("img")).to_be_visible(timeout=20_000)
    assert await _corner(page) == DARK["secondary_bg_color"]  # the card's colour, not white
    await first.scroll_into_view_if_needed()
    save_shot("dashboard-en-dark-chart", await page.screenshot())

    # Back to the light theme with the app open: the chart is drawn again, in its colours.
    await page.evaluate(f"() => window.Telegram.WebApp.switchScheme('light', {LIGHT!r})")
    await expect(page.locator("details.ind .chart")).to_have_count(1)
    assert await _corner(page) == LIGHT["secondary_bg_color"]

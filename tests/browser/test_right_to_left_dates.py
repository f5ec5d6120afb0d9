"""A date inside Arabic text, as Chromium lays it out (Telegram's clients follow the same
Unicode bidirectional rules): its numbers stay together, in order."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.languages import date_example, format_date
from tests.browser.conftest import CHROMIUM

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import async_playwright

DIGITS_LEFT_TO_RIGHT = """(id) => {
    const node = document.getElementById(id).firstChild, out = [];
    for (let i = 0; i < node.length; i++) {
        if (!/[0-9]/.test(node.data[i])) continue;
        const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
        out.push([r.getBoundingClientRect().left, node.data[i]]);
    }
    return out.sort((a, b) => a[0] - b[0]).map(x => x[1]).join("");
}"""


@pytest.mark.parametrize("width", ["short", "medium"])
async def test_an_arabic_date_in_a_sentence_keeps_its_numbers_in_order(width: str) -> None:
    day = dt.date(2026, 12, 1)
    shown = format_date(day, "ar", width)
    example = date_example(day, "ar")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        page = await browser.new_page(viewport={"width": 360, "height": 200})
        await page.set_content(
            '<html lang="ar" dir="rtl"><body>'
            f'<p id="date">بتاريخ {shown} فقط</p><p id="example">مثل {example}.</p></body></html>'
        )
        orders = [await page.evaluate(DIGITS_LEFT_TO_RIGHT, id_) for id_ in ("date", "example")]
        await browser.close()
    # Read right to left, day/month/year: 2026, 12, 1 from the left. A left-to-right isolate
    # around CLDR's marks showed them as "1 2026 12".
    for order in orders:
        assert order in ("2026121", "20261201"), order

"""The dashboard's country filter shows a long country name whole on a phone.

The dropdown took the width of its longest name ("St. Helena, Ascension & Tristan da Cunha",
"Géorgie du Sud-et-les Îles Sandwich du Sud"): on a 320 px phone it ran off the screen, its
arrow and the end of the chosen name out of sight, and the page scrolled sideways. Now it
keeps to the screen, and a name it cannot show whole is written out under it, as the report
form does for its dropdowns.
"""

from __future__ import annotations

import pytest

from bot.domain.enums import Role
from bot.domain.languages import country_name
from tests.browser.conftest import MiniApp, save_shot

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

PHONE = {"viewport": {"width": 320, "height": 640}}


@pytest.mark.parametrize(
    ("language", "code"), [("en", "SH"), ("fr", "GS"), ("ar", "CD"), ("mg", "CF")]
)
async def test_a_long_country_name_is_shown_whole_on_a_small_phone(
    miniapp: MiniApp, language: str, code: str
) -> None:
    telegram_id = 740 + ["en", "fr", "ar", "mg"].index(language)
    await miniapp.member(telegram_id, Role.MANAGER, (), language=language)
    page = await miniapp.open(
        miniapp.init_data(telegram_id, language),
        f"?view=dashboard&country={code}",
        locale=language,
        **PHONE,
    )
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    await expect(page.locator("#country")).to_have_value(code)
    # Nothing runs off the screen: no sideways scrolling, the dropdown within the page.
    assert await page.evaluate("document.documentElement.scrollWidth") <= 320
    box = await page.locator("#country").bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 320
    # The chosen name is read whole: in the dropdown if it fits, else written out under it.
    name = country_name(code, language)
    under = page.locator(".filters .f")
    fits = await page.evaluate(
        """() => { const s = document.querySelector('#country'), st = getComputedStyle(s);
        const span = document.createElement('span'); span.style.font = st.font;
        span.style.whiteSpace = 'pre'; span.textContent = s.options[s.selectedIndex].text;
        document.body.appendChild(span); const w = span.getBoundingClientRect().width;
        span.remove();
        const pad = parseFloat(st.paddingLeft) + parseFloat(st.paddingRight);
        return w <= s.clientWidth - pad - 24; }"""
    )
    if fits:
        await expect(under).to_be_hidden()
    else:
        await expect(under).to_have_text(name)
        await expect(under).to_be_visible()
    save_shot(f"dashboard-{language}-long-country", await page.screenshot())

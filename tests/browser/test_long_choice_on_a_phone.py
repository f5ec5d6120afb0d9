"""A long choice, once chosen, can be read in full on a 320 px phone.

A dropdown shows its choice on one line: 'Taranja tafiditra ao amin'ny fandaharam-pianarana
nasionaly na matihanina' (611 px) was cut off after a few words in its closed box, and the
officer could not see which of two long choices was taken. A choice too wide for its box is
now written out in full under it, wrapped, from the right in Arabic; a short one is not
repeated.
"""

from __future__ import annotations

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp, save_shot

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

PHONE = {"viewport": {"width": 320, "height": 640}}
DARK = {"bg_color": "#212121", "text_color": "#ffffff", "hint_color": "#aaaaaa",
        "button_color": "#8774e1", "button_text_color": "#ffffff",
        "secondary_bg_color": "#181818"}  # fmt: skip


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["mg", "ar", "fr"])
async def test_a_long_choice_is_shown_in_full_under_its_dropdown(
    miniapp: MiniApp, language: str, scheme: str
) -> None:
    who = 731 + ["mg", "ar", "fr"].index(language)
    await miniapp.member(who, Role.FIELD_STAFF, ("HT",), language=language)
    page = await miniapp.open(
        miniapp.init_data(who, language), "?form=training", locale=language, **PHONE
    )
    if scheme == "dark":
        await page.context.add_init_script(
            f"window.__FIELDBOT_COLOR_SCHEME__ = 'dark'; window.__FIELDBOT_THEME__ = {DARK!r};"
        )
        await page.reload()
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    box = page.locator("#f_training_type")
    full = box.locator(".f")
    await page.select_option("#q_training_type", "session")  # short enough: not repeated
    await expect(full).to_be_hidden()

    await page.select_option("#q_training_type", "curriculum")
    label = await page.evaluate(
        "() => { const s = document.getElementById('q_training_type');"
        " return s.options[s.selectedIndex].text; }"
    )
    await expect(full).to_be_visible()
    await expect(full).to_have_text(label)
    await box.scroll_into_view_if_needed()
    fits = await full.evaluate(
        """f => { const r = f.getBoundingClientRect();
        return [f.scrollWidth <= f.clientWidth, r.left >= 0, r.right <= 320,
                document.documentElement.scrollWidth]; }"""
    )
    assert fits == [True, True, True, 320]
    save_shot(f"long-choice-{language}-{scheme}-320", await box.screenshot())

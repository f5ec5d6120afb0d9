"""The form's fields and the dashboard's tables are drawn in Telegram's theme colours.

The fields' borders and the tables' rules were fixed light greys: in the dark theme glaring
white lines across each indicator's table, and in the light theme a field's border so faint
on its grey card (1.5:1) that an empty field hardly showed where to type. Borders now take the
theme's hint colour (3:1 or more on the card, as WCAG asks of a field's outline), and rules the
theme's separator colour, or a grey half-way that shows on any card when Telegram gives none.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.enums import Role
from bot.services import seed_demo_data
from tests.browser.conftest import MiniApp, save_shot

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page, expect

# Telegram Desktop's night and day themes (as the other browser tests); the night one from an
# older Telegram, without section_separator_color.
DARK = {"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499",
        "button_color": "#5288c1", "button_text_color": "#ffffff",
        "secondary_bg_color": "#232e3c"}  # fmt: skip
LIGHT = {"bg_color": "#ffffff", "text_color": "#000000", "hint_color": "#707579",
         "button_color": "#3390ec", "button_text_color": "#ffffff",
         "secondary_bg_color": "#f4f4f5", "section_separator_color": "#c8c7cc"}  # fmt: skip
PHONE = {"viewport": {"width": 360, "height": 640}}

# The contrast of a colour (its alpha laid over the background) with that background.
CONTRAST = """([fg, bg]) => {
    const rgba = (css) => { const v = css.match(/[0-9.]+/g).map(Number);
                            return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
    const [b, f] = [rgba(bg), rgba(fg)];
    const seen = [0, 1, 2].map((i) => f[i] * f[3] + b[i] * (1 - f[3]));
    const lum = (c) => { const [r, g, bl] = c.map((x) => { x /= 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl; };
    const [hi, lo] = [lum(seen), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
}"""


async def _themed(page: Page, scheme: str, theme: dict[str, str], ready: str) -> None:
    await page.context.add_init_script(
        f"window.__FIELDBOT_COLOR_SCHEME__ = {scheme!r}; window.__FIELDBOT_THEME__ = {theme!r};"
    )
    await page.reload()
    await page.wait_for_selector(f"body[data-ready={ready}]", timeout=15_000)
    await page.wait_for_load_state("networkidle")


async def _contrast(page: Page, colours: Any) -> float:
    return float(await page.evaluate(CONTRAST, colours))


@pytest.mark.parametrize(("scheme", "theme"), [("light", LIGHT), ("dark", DARK)])
async def test_a_fields_border_shows_on_its_card_in_both_themes(
    miniapp: MiniApp, scheme: str, theme: dict[str, str]
) -> None:
    telegram_id = 951 if scheme == "light" else 952
    await miniapp.member(telegram_id, Role.FIELD_STAFF, ("KE",), language="mg")
    page = await miniapp.open(
        miniapp.init_data(telegram_id, "mg"), "?form=training", locale="mg", **PHONE
    )
    await _themed(page, scheme, theme, "form")
    for field in ("#q_place", "#q_start_date", "#q_field", "#q_notes"):
        border, card, text, inside = await page.eval_on_selector(
            field,
            """f => [getComputedStyle(f).borderTopColor,
                     getComputedStyle(f.closest('.q')).backgroundColor,
                     getComputedStyle(f).color, getComputedStyle(f).backgroundColor]""",
        )
        assert await _contrast(page, [border, card]) >= 3, (field, border, card)
        assert await _contrast(page, [text, inside]) >= 4.5, (field, text, inside)
    save_shot(f"training-mg-phone-{scheme}", await page.screenshot())


@pytest.mark.parametrize(("scheme", "theme"), [("light", LIGHT), ("dark", DARK)])
async def test_a_tables_rules_are_quiet_lines_in_both_themes(
    miniapp: MiniApp, scheme: str, theme: dict[str, str]
) -> None:
    telegram_id = 953 if scheme == "light" else 954
    await seed_demo_data(miniapp.bot.settings, 60)  # reports: figures broken down in tables
    await miniapp.member(telegram_id, Role.MANAGER, ("HT", "NE"), language="ar")
    page = await miniapp.open(
        miniapp.init_data(telegram_id, "ar"), "?view=dashboard", locale="ar", **PHONE
    )
    await _themed(page, scheme, theme, "dashboard")
    table = page.locator("details.ind:has(table)").first
    await table.locator("summary").click()
    await expect(table.locator("td").first).to_be_visible()
    rule, card = await table.locator("td").first.evaluate(
        """td => [getComputedStyle(td).borderBottomColor,
                  getComputedStyle(td.closest('.ind')).backgroundColor]"""
    )
    # Seen, but quieter than the words: a line, not a white bar across a dark card.
    assert 1.3 <= await _contrast(page, [rule, card]) <= 3, (rule, card)
    if "section_separator_color" in theme:
        assert rule == "rgb(200, 199, 204)"  # Telegram's own separator
    for control in ("#country", "#as_of"):
        border, around = await page.eval_on_selector(
            control,
            """c => [getComputedStyle(c).borderTopColor,
                     getComputedStyle(document.body).backgroundColor]""",
        )
        assert await _contrast(page, [border, around]) >= 3, (control, border, around)
    await table.scroll_into_view_if_needed()
    save_shot(f"dashboard-ar-phone-{scheme}", await page.screenshot())


async def test_small_grey_words_can_be_read_on_their_cards_in_both_themes(
    miniapp: MiniApp,
) -> None:
    """'(Optional)', a question's hint and a table's headings were in Telegram's hint colour
    on the page's grey cards: 3.6:1 in the night theme (4.2 in the day one), under the 4.5
    that small words need. They now take a colour just nearer the theme's text when the hint
    colour is too faint there, and follow a theme switched with the app open."""
    await miniapp.member(955, Role.FIELD_STAFF, ("KE",), language="sw")
    page = await miniapp.open(miniapp.init_data(955, "sw"), "?form=training", locale="sw", **PHONE)
    for scheme, theme in (("dark", DARK), ("light", LIGHT)):
        await _themed(page, scheme, theme, "form")
        for words in ("#f_place .opt", "#f_notes .opt"):
            colour, card = await page.eval_on_selector(
                words,
                """w => [getComputedStyle(w).color,
                         getComputedStyle(w.closest('.q')).backgroundColor]""",
            )
            assert await _contrast(page, [colour, card]) >= 4.5, (scheme, words, colour, card)
        save_shot(f"training-sw-phone-{scheme}-hints", await page.screenshot())
    # Switched to the night theme with the app open: still legible.
    await page.evaluate(f"() => window.Telegram.WebApp.switchScheme('dark', {DARK!r})")
    colour, card = await page.eval_on_selector(
        "#f_place .opt",
        "w => [getComputedStyle(w).color, getComputedStyle(w.closest('.q')).backgroundColor]",
    )
    assert card == "rgb(35, 46, 60)"
    assert await _contrast(page, [colour, card]) >= 4.5


async def test_a_tables_headings_can_be_read_in_the_dark_theme(miniapp: MiniApp) -> None:
    await seed_demo_data(miniapp.bot.settings, 60)
    await miniapp.member(956, Role.MANAGER, ("HT", "NE"), language="fr")
    page = await miniapp.open(
        miniapp.init_data(956, "fr"), "?view=dashboard", locale="fr-FR", **PHONE
    )
    await _themed(page, "dark", DARK, "dashboard")
    table = page.locator("details.ind:has(th)").first
    await table.locator("summary").click()
    colour, card = await table.locator("th").first.evaluate(
        """th => [getComputedStyle(th).color,
                  getComputedStyle(th.closest('.ind')).backgroundColor]"""
    )
    assert await _contrast(page, [colour, card]) >= 4.5, (colour, card)
    colour, page_colour = await page.locator(".filters label span").first.evaluate(
        "s => [getComputedStyle(s).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert await _contrast(page, [colour, page_colour]) >= 4.5, (colour, page_colour)

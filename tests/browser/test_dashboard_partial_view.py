"""The dashboard tells a manager of some countries that its figures are theirs only.

/indicators says "Partial view: only your countries." under its title to a manager who sees
some countries; the dashboard said nothing, and a manager of Haiti and Niger read its totals
as the organisation's. Now it says it too, in their language; a manager of all countries is
not told it, even with one country picked in the filter (that is their own choice).
"""

from __future__ import annotations

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()
PARTIAL = "Partial view: only your countries."


async def test_a_manager_of_some_countries_is_told_the_view_is_partial(miniapp: MiniApp) -> None:
    await miniapp.member(731, Role.MANAGER, ("HT", "NE"), language="fr")
    page = await miniapp.open(miniapp.init_data(731, "fr"), "?view=dashboard", locale="fr-FR")
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    partial = I18N.gettext(PARTIAL, locale="fr")
    assert partial != PARTIAL  # in French
    await expect(page.locator("#partial")).to_have_text(partial)


async def test_a_manager_of_all_countries_is_not_told_so_even_with_one_country_picked(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(732, Role.MANAGER, (), language="en")
    page = await miniapp.open(miniapp.init_data(732, "en"), "?view=dashboard&country=HT")
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    await expect(page.locator("#country")).to_have_value("HT")
    await expect(page.locator("#partial")).to_have_count(0)

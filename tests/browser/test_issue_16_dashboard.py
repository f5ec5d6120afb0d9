"""Issue 16: the indicators dashboard shows the figures of `fieldbot indicators --json` for
the same countries and date, filters within the manager's countries, draws each chart."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from bot.services import indicator_report, seed_demo_data
from tests.browser.conftest import MiniApp, save_shot

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page, expect

I18N = create_i18n()


async def shown(page: Page) -> dict[str, tuple[float | None, str]]:
    """Each indicator's value and status, as the page holds them."""
    rows: list[list[str]] = await page.eval_on_selector_all(
        "details.ind", "els => els.map(e => [e.dataset.id, e.dataset.value, e.dataset.status])"
    )
    return {i: (float(v) if v else None, s) for i, v, s in rows}


async def cli(miniapp: MiniApp, as_of: dt.date, countries: tuple[str, ...]) -> dict[str, Any]:
    """What `fieldbot indicators --json --country ... --as-of ...` prints, as a dict."""
    text = await indicator_report(
        miniapp.bot.settings, as_of=as_of, countries=countries, as_json=True
    )
    rows = json.loads(text)["indicators"]
    return {row["id"]: (row["value"], row["status"]) for row in rows}


async def test_the_dashboard_shows_the_same_figures_as_the_cli_for_the_same_scope_and_date(
    miniapp: MiniApp,
) -> None:
    await seed_demo_data(miniapp.bot.settings, 400)
    await miniapp.member(701, Role.MANAGER, ("HT", "NE"), language="es")
    as_of = dt.date.today() - dt.timedelta(days=20)
    page = await miniapp.open(
        miniapp.init_data(701, "es"), f"?view=dashboard&as_of={as_of}", locale="es-ES"
    )
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    heading = I18N.gettext("Strategic plan indicators on {date}", locale="es").split("{")[0]
    await expect(page.locator("h1")).to_contain_text(heading.strip())
    both = await shown(page)
    assert both == await cli(miniapp, as_of, ("HT", "NE"))
    assert any(value for value, _status in both.values())  # the seed reached these countries
    # A chart, drawn by the server for this scope and date.
    first = page.locator("details.ind").first
    await first.locator("summary").click()
    await expect(first.locator("img")).to_be_visible(timeout=20_000)
    await page.wait_for_function(
        "() => { const i = document.querySelector('details.ind img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    save_shot("dashboard-es-both", await page.screenshot(full_page=True))

    # Filtered to Haiti: the page and the CLI agree again.
    await page.select_option("#country", "HT")
    await page.click("#show")
    await page.wait_for_function("() => location.search.includes('country=HT')")
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    haiti = await shown(page)
    assert haiti == await cli(miniapp, as_of, ("HT",))
    assert haiti != both
    save_shot("dashboard-es-haiti", await page.screenshot(full_page=True))

    # A country beyond the manager's: refused.
    status = await page.evaluate(
        """() => fetch("api/indicators?country=FR", {headers:
            {"X-Telegram-Init-Data": window.Telegram.WebApp.initData}}).then(r => r.status)"""
    )
    assert status == 403


async def test_field_staff_do_not_get_the_dashboard(miniapp: MiniApp) -> None:
    await miniapp.member(702, Role.FIELD_STAFF, ("HT",), language="en")
    page = await miniapp.open(miniapp.init_data(702), "?view=dashboard")
    await expect(page.locator(".status.bad")).to_be_visible()
    status = await page.evaluate(
        """() => fetch("api/indicators", {headers:
            {"X-Telegram-Init-Data": window.Telegram.WebApp.initData}}).then(r => r.status)"""
    )
    assert status == 403


async def test_an_admin_opens_the_menu_then_the_dashboard(miniapp: MiniApp) -> None:
    await miniapp.member(703, Role.ADMIN, (), language="en")
    page = await miniapp.open(miniapp.init_data(703), "")
    menu = page.locator(".menu button")
    await expect(menu).to_have_text(["Training", "Advocacy", "Indicators"])
    save_shot("menu-en", await page.screenshot())
    await page.click("button[data-view=dashboard]")
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    await expect(page.locator("#country option").first).to_have_text("All countries")


async def test_an_admin_with_a_report_in_progress_can_go_back_to_the_menu(
    miniapp: MiniApp,
) -> None:
    """The page opens the chat's report in progress, and had no way back: an admin with a
    report started in the chat could not reach the indicators (Telegram's back closes the
    app unless the page shows its BackButton)."""
    assert miniapp.bot.app is not None
    admin = miniapp.bot.user(704, "Test", "en")
    await miniapp.member(704, Role.ADMIN, (), language="en")
    await admin.send("/report")
    await admin.tap("Training")
    page = await miniapp.open(miniapp.init_data(704), "")
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    assert await page.evaluate("window.Telegram.WebApp.BackButton.isVisible")
    await page.evaluate("window.Telegram.WebApp.BackButton.click()")
    await expect(page.locator(".menu button")).to_have_text(["Training", "Advocacy", "Indicators"])
    assert not await page.evaluate("window.Telegram.WebApp.BackButton.isVisible")
    await page.click("button[data-view=dashboard]")
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    assert await page.evaluate("window.Telegram.WebApp.BackButton.isVisible")


async def test_a_date_outside_the_plan_keeps_the_dashboard_and_its_date_field(
    miniapp: MiniApp,
) -> None:
    """A phone without a date picker lets a manager type any date: the refusal ("Choose a
    date from … to …") replaced the whole page, with no date field left to choose one."""
    await miniapp.member(705, Role.MANAGER, ("HT",), language="fr")
    page = await miniapp.open(
        miniapp.init_data(705, "fr"), "?view=dashboard&as_of=2024-06-30", locale="fr-FR"
    )
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    refusal = I18N.gettext("Choose a date from {start} to {end}.", locale="fr").format(
        start="1 janv. 2025", end="31 déc. 2029"
    )
    await expect(page.locator("#status")).to_have_text(refusal)
    await expect(page.locator("#as_of")).to_be_visible()
    assert await page.locator("details.ind").count() > 0


async def test_a_country_no_longer_the_managers_keeps_the_dashboard_and_its_filters(
    miniapp: MiniApp,
) -> None:
    """Haiti was taken from the manager while the page showed it: "You can see only your
    countries." replaced the page, and a manager (no menu, no way back) had to close it."""
    await miniapp.member(706, Role.MANAGER, ("SN",), language="ar")
    page = await miniapp.open(
        miniapp.init_data(706, "ar"), "?view=dashboard&country=HT", locale="ar"
    )
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    refusal = I18N.gettext("You can see only your countries.", locale="ar")
    await expect(page.locator("#status")).to_have_text(refusal)
    await expect(page.locator("#country")).to_be_visible()
    assert await page.evaluate("document.documentElement.dir") == "rtl"

"""The Mini App on a phone's screen (360 px wide): what a field officer or a manager sees
must be legible there, in the languages they read."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from tests.browser.conftest import MiniApp, save_shot

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()
YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
PHONE = {"viewport": {"width": 360, "height": 640}}


async def test_a_chart_on_a_phone_keeps_legible_words_and_scrolls_sideways_alone(
    miniapp: MiniApp,
) -> None:
    """A chart 1,000 px wide squeezed into 330 px: its legend, axis and footer were 4-6 px
    high, unreadable. It keeps at least 640 px and scrolls within its box; the page does not
    scroll sideways."""
    await miniapp.member(901, Role.MANAGER, ("KE",), language="ar")
    page = await miniapp.open(
        miniapp.init_data(901, "ar"), "?view=dashboard", locale="ar", **PHONE
    )
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    first = page.locator("details.ind").first
    await first.locator("summary").click()
    await expect(first.locator("img")).to_be_visible(timeout=20_000)
    await page.wait_for_function(
        "() => { const i = document.querySelector('details.ind img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    shown = await page.evaluate(
        """() => { const i = document.querySelector('details.ind img'), box = i.parentElement;
        return [i.getBoundingClientRect().width, box.scrollWidth > box.clientWidth,
                document.documentElement.scrollWidth, i.getBoundingClientRect().right]; }"""
    )
    save_shot("dashboard-ar-phone-chart", await page.screenshot())
    width, scrolls, page_width, right = shown
    assert width >= 640  # 16-point ticks of a 1,000 px chart: 14 px high or more
    assert scrolls
    assert page_width == 360
    # Arabic reads from the right: an Arabic chart (its bars, labels, title) is drawn from
    # the right, and its box opens there.
    assert 300 < right <= 360


async def test_the_offline_notice_shows_where_the_officer_is_typing_not_below_the_form(
    miniapp: MiniApp,
) -> None:
    """The notice sat under the last question, a few screens down: an officer filling the
    first answers with no signal was never told the page could not check them."""
    await miniapp.member(902, Role.FIELD_STAFF, ("KE",), language="sw")
    page = await miniapp.open(miniapp.init_data(902, "sw"), "?form=training", locale="sw", **PHONE)
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    await page.wait_for_load_state("networkidle")
    await page.context.set_offline(True)
    await page.fill("#q_place", "Kisumu")
    await page.locator("h1").click()
    offline = I18N.gettext(
        "No connection: your answers are kept on this phone.",
        locale="sw",
    )
    await expect(page.locator("#status")).to_have_text(offline)
    await expect(page.locator("#status")).to_be_in_viewport()
    save_shot("training-sw-phone-offline", await page.screenshot())


CONTRAST = """([fg, bg]) => {
    const lum = (css) => {
        const [r, g, b] = css.match(/[0-9.]+/g).slice(0, 3).map(Number).map((c) => {
            c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
}"""


async def test_in_telegrams_dark_theme_a_refusal_and_the_native_controls_can_be_read(
    miniapp: MiniApp,
) -> None:
    """Dark red on Telegram's dark grey (contrast 2.4) and black date-picker and radio
    controls on it: an officer in dark mode could hardly read why an answer was refused."""
    await miniapp.member(903, Role.FIELD_STAFF, ("KE",), language="fr")
    page = await miniapp.open(
        miniapp.init_data(903, "fr"), "?form=training", locale="fr-FR", **PHONE
    )
    dark = {"bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499",
            "button_color": "#5288c1", "button_text_color": "#ffffff",
            "secondary_bg_color": "#232e3c"}  # fmt: skip
    await page.context.add_init_script(
        f"window.__FIELDBOT_COLOR_SCHEME__ = 'dark'; window.__FIELDBOT_THEME__ = {dark!r};"
    )
    await page.reload()
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    await page.wait_for_load_state("networkidle")
    await page.fill("#q_start_date", "2999-01-01")
    await page.locator("h1").click()
    await expect(page.locator("#f_start_date .e")).not_to_be_empty()
    colours = await page.evaluate(
        """() => { const e = document.querySelector('#f_start_date .e');
        return [getComputedStyle(e).color,
                getComputedStyle(e.parentElement).backgroundColor,
                getComputedStyle(document.documentElement).colorScheme]; }"""
    )
    save_shot("training-fr-phone-dark", await page.screenshot())
    assert await page.evaluate(CONTRAST, colours[:2]) >= 4.5
    assert colours[2] == "dark"  # the browser draws its date picker and radios for dark
    # Switched back to the light theme with the app open: the page follows.
    await page.evaluate("() => window.Telegram.WebApp.switchScheme('light')")
    scheme = await page.evaluate("() => getComputedStyle(document.documentElement).colorScheme")
    assert scheme != "dark"


async def test_the_dashboards_filters_are_big_enough_to_tap_on_a_small_phone(
    miniapp: MiniApp,
) -> None:
    """On a 320 px phone the country list, the date and 'Show' were 36-39 px high, and the
    Malagasy 'All countries' was cut in its narrow box."""
    await miniapp.member(904, Role.MANAGER, ("KE", "HT"), language="mg")
    page = await miniapp.open(
        miniapp.init_data(904, "mg"),
        "?view=dashboard",
        locale="mg",
        viewport={"width": 320, "height": 568},
    )
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    boxes = await page.eval_on_selector_all(
        ".filters select, .filters input, .filters button",
        "els => els.map(e => [e.getBoundingClientRect().height, e.getBoundingClientRect().width])",
    )
    save_shot("dashboard-mg-320-filters", await page.screenshot())
    assert all(height >= 44 for height, _width in boxes), boxes
    country_width = boxes[0][1]
    assert country_width >= 9 * 16


async def test_a_yes_or_no_answer_is_big_enough_to_tap(miniapp: MiniApp) -> None:
    """'Yes' and 'No' were 34 px high, one above the other: a thumb on 'No' often got 'Yes'."""
    await miniapp.member(905, Role.FIELD_STAFF, ("KE",), language="ar")
    page = await miniapp.open(
        miniapp.init_data(905, "ar"),
        "?form=training",
        locale="ar",
        viewport={"width": 320, "height": 568},
    )
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    heights = await page.eval_on_selector_all(
        "#f_national_programme label.c", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert len(heights) == 2
    assert all(height >= 44 for height in heights), heights
    await page.locator("#f_national_programme label.c").last.click(position={"x": 150, "y": 40})
    assert await page.is_checked("#f_national_programme input[value=no]")


async def test_after_a_refused_send_the_unanswered_questions_stay_marked_until_answered(
    miniapp: MiniApp,
) -> None:
    """Sent with answers missing, the page marked them in red; the first answer given then
    un-marked all the others, while 'Please correct the answers marked in red' stayed pinned
    to the screen, even once everything was corrected."""
    await miniapp.member(906, Role.FIELD_STAFF, ("KE",), language="sw")
    page = await miniapp.open(miniapp.init_data(906, "sw"), "?form=training", locale="sw", **PHONE)
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    await page.wait_for_load_state("networkidle")
    await page.click("#submit")
    fix = I18N.gettext("Please correct the answers marked in red.", locale="sw")
    await expect(page.locator("#status")).to_have_text(fix)
    await expect(page.locator("#f_target_group")).to_have_class("q bad")

    await page.select_option("#q_field", "justice")
    await page.locator("h1").click()
    await expect(page.locator("#f_field")).not_to_have_class("q bad")
    await page.wait_for_load_state("networkidle")
    await expect(page.locator("#f_target_group")).to_have_class("q bad")  # still unanswered
    await expect(page.locator("#status")).to_have_text(fix)
    save_shot("training-sw-phone-still-marked", await page.screenshot())

    await page.select_option("#q_target_group", "police")
    await page.select_option("#q_training_type", "train_the_trainer")
    await page.check("#f_national_programme input[value=yes]")
    await page.fill("#q_start_date", YESTERDAY)
    await page.select_option("#q_duration_unit", "days")
    await page.fill("#q_duration", "2")
    await page.fill("#q_participants_women", "12")
    await page.fill("#q_participants_men", "8")
    await page.fill("#q_participants_other", "0")
    await page.fill("#q_trainers_trained", "6")
    await page.locator("h1").click()
    await expect(page.locator(".q.bad")).to_have_count(0)
    await expect(page.locator("#status")).to_have_text("")


async def test_every_status_badge_on_the_dashboard_can_be_read(miniapp: MiniApp) -> None:
    """'not started' and 'not enough data' were white on mid grey (#888, contrast 3.5) and
    'at risk' white on light amber (4.2): small type under 4.5, hard to read on a phone in
    the sun."""
    await miniapp.member(907, Role.MANAGER, ("KE",), language="pt")
    page = await miniapp.open(
        miniapp.init_data(907, "pt"), "?view=dashboard", locale="pt-BR", **PHONE
    )
    await page.wait_for_selector("body[data-ready=dashboard]", timeout=15_000)
    badges = await page.eval_on_selector_all(
        "details.ind .s",
        """els => els.map(e => [e.className, getComputedStyle(e).color,
                                 getComputedStyle(e).backgroundColor])""",
    )
    save_shot("dashboard-pt-phone-badges", await page.screenshot())
    assert {"s no_data", "s not_started"} & {kind for kind, _fg, _bg in badges}
    for kind, fg, bg in badges:
        assert await page.evaluate(CONTRAST, [fg, bg]) >= 4.5, kind


async def test_with_the_keyboard_open_the_next_field_is_not_under_the_offline_notice(
    miniapp: MiniApp,
) -> None:
    """Offline, the notice pinned at the foot of the screen is four lines high in Malagasy;
    with the keyboard open (300 px left of a small phone) the keyboard's Next brought each
    field into view at the foot of the screen: under the notice, typed in blind."""
    await miniapp.member(908, Role.FIELD_STAFF, ("KE",), language="mg")
    page = await miniapp.open(
        miniapp.init_data(908, "mg"),
        "?form=training",
        locale="mg",
        viewport={"width": 320, "height": 300},
    )
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    await page.wait_for_load_state("networkidle")
    await page.context.set_offline(True)
    await page.fill("#q_place", "Kisumu")
    await page.locator("h1").click()
    offline = I18N.gettext(
        "No connection: your answers are kept on this phone.",
        locale="mg",
    )
    await expect(page.locator("#status")).to_have_text(offline)
    await page.focus("#q_place")
    for _ in range(3):  # the field, the target group, the kind of training
        await page.keyboard.press("Tab")
        focused, field_bottom, notice_top = await page.evaluate(
            """() => [document.activeElement.id,
                      document.activeElement.getBoundingClientRect().bottom,
                      document.getElementById('status').getBoundingClientRect().top]"""
        )
        assert field_bottom <= notice_top, focused
    save_shot("training-mg-keyboard-open-offline", await page.screenshot())

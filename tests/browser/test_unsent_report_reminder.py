"""A report whose send failed offline is not forgotten once the connection is back.

The next check answered (the connection back) cleared 'Send again when you are online', and
nothing on the page said any more that the report had not gone: an officer who looked back
at the phone took it for sent. The page now says it is not sent yet, with Send at hand, until
it is sent or the form is left; it is never sent without the officer's tap.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from tests.browser.conftest import MiniApp
from tests.browser.test_issue_16_report_form import reports_of
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import blur, ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()
YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
OFFLINE = "No connection: your answers are kept on this phone. Send again when you are online."
NOT_SENT = "The connection is back, but your report has not been sent yet."


async def test_a_send_failed_offline_is_still_said_unsent_when_back_online(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(721, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(721, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await blur(page)
    await page.wait_for_load_state("networkidle")

    await page.context.set_offline(True)
    await page.click("#submit")
    status = page.locator("#status")
    await expect(status).to_have_text(I18N.gettext(OFFLINE, locale="en"))

    await page.context.set_offline(False)  # 'online': the page checks the answers at once
    await expect(status).to_contain_text(I18N.gettext(NOT_SENT, locale="en"))
    await page.fill("#q_notes", "Campagne à Thiès")  # a check answered again: still said
    await blur(page)
    await page.wait_for_load_state("networkidle")
    await expect(status).to_contain_text(I18N.gettext(NOT_SENT, locale="en"))
    assert await reports_of(miniapp, 721) == []  # not sent by itself

    await status.get_by_role("button").click()
    await expect(page.locator("#done")).to_be_visible()
    assert len(await reports_of(miniapp, 721)) == 1


async def test_the_reminder_goes_with_the_form_left(miniapp: MiniApp) -> None:
    await miniapp.member(722, Role.ADMIN, ("SN",), language="fr")
    page = await miniapp.open(miniapp.init_data(722, "fr"), "?form=advocacy", locale="fr")
    await ready(page)
    await page.context.set_offline(True)
    await page.click("#submit")
    await expect(page.locator("#status")).to_have_text(I18N.gettext(OFFLINE, locale="fr"))
    await page.evaluate("() => window.Telegram.WebApp.BackButton.click()")
    await page.context.set_offline(False)
    await page.wait_for_selector("button[data-form=advocacy]", timeout=15_000)
    await page.click("button[data-form=advocacy]")
    await ready(page)
    await page.wait_for_load_state("networkidle")
    await expect(page.locator("#status")).to_be_empty()


async def test_the_reminder_survives_a_paste_refused_as_too_long_then_shortened(
    miniapp: MiniApp,
) -> None:
    """Back online with the report unsent, a document pasted by mistake is refused as too long
    (that notice takes the reminder's place); once shortened, the notice went and with it any
    word that the report had not gone. The reminder comes back instead."""
    await miniapp.member(722, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(722, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await blur(page)
    await page.wait_for_load_state("networkidle")

    await page.context.set_offline(True)
    await page.click("#submit")
    status = page.locator("#status")
    await expect(status).to_have_text(I18N.gettext(OFFLINE, locale="en"))
    await page.context.set_offline(False)
    await expect(status).to_contain_text(I18N.gettext(NOT_SENT, locale="en"))

    await page.fill("#q_notes", "Minutes of the meeting. " * 3_000)
    await blur(page)
    too_long = I18N.gettext("Your answers are too long to send. Please shorten them.", locale="en")
    await expect(status).to_have_text(too_long)
    await page.fill("#q_notes", "Minutes of the meeting.")
    await blur(page)
    await page.wait_for_load_state("networkidle")
    await expect(status).to_contain_text(I18N.gettext(NOT_SENT, locale="en"))
    assert await reports_of(miniapp, 722) == []  # still not sent by itself

    await status.get_by_role("button").click()
    await expect(page.locator("#done")).to_be_visible()
    assert len(await reports_of(miniapp, 722)) == 1

"""With no connection before any send, the page does not say 'Send again'.

A check of the answers that found no connection said "No connection: your answers are kept on
this phone. Send again when you are online." to an officer who had sent nothing yet: they
looked for a report that had not gone. Now it says the answers are kept; 'Send again' is said
once a send has failed, and stays said while the report is still to send.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from tests.browser.conftest import MiniApp
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()
KEPT = "No connection: your answers are kept on this phone."
SEND_AGAIN = "No connection: your answers are kept on this phone. Send again when you are online."


async def test_no_connection_before_any_send_does_not_say_send_again(miniapp: MiniApp) -> None:
    await miniapp.member(721, Role.FIELD_STAFF, ("SN",), language="es")
    page = await miniapp.open(miniapp.init_data(721, "es"), "?form=advocacy", locale="es-ES")
    await ready(page)
    await page.context.set_offline(True)
    await page.select_option("#q_level", "local")
    await page.locator("h1").click()
    await expect(page.locator("#status")).to_have_text(I18N.gettext(KEPT, locale="es"))

    # Sent offline: now there is a report to send again, and a check offline still says so.
    await page.click("#submit")
    await expect(page.locator("#status")).to_have_text(I18N.gettext(SEND_AGAIN, locale="es"))
    await page.fill("#q_notes", "Reunión con el juez")
    await page.locator("h1").click()
    await page.wait_for_timeout(600)
    await expect(page.locator("#status")).to_have_text(I18N.gettext(SEND_AGAIN, locale="es"))


async def test_a_page_of_a_newer_version_than_its_server_still_says_no_connection(
    miniapp: MiniApp,
) -> None:
    """During a rolling update the page can come from an updated worker and its words from one
    not updated yet (no 'kept' text): a check offline still says 'No connection'."""
    await miniapp.member(722, Role.FIELD_STAFF, ("SN",), language="fr")

    async def older_server(route: Any) -> None:
        response = await route.fetch()
        body = await response.json()
        del body["strings"]["kept"]
        await route.fulfill(response=response, json=body)

    page = await miniapp.open(miniapp.init_data(722, "fr"), "?form=advocacy", locale="fr-FR")
    await page.route(re.compile(r".*/api/forms/advocacy(\?.*)?$"), older_server)
    await page.reload()
    await ready(page)
    await page.context.set_offline(True)
    await page.select_option("#q_level", "local")
    await page.locator("h1").click()
    await expect(page.locator("#status")).to_have_text(I18N.gettext(SEND_AGAIN, locale="fr"))

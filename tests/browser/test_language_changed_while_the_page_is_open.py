"""The member's language changed in the chat while the form was open on the page.

/language in the chat, the page still open: its checks answered in the new language, so the
errors came in Arabic under English labels, left to right, and the page's own notices (in
English) no longer matched the refusals it compared them with. The form now takes the new
language with the next check: its words, its labels and choices, and its direction; the
answers typed stay as they are.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.domain.enums import Role
from bot.i18n import create_i18n
from models.tables import User
from tests.browser.conftest import MiniApp
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import blur, ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()
OFFLINE = "No connection: your answers are kept on this phone. Send again when you are online."
NOT_SENT = "The connection is back, but your report has not been sent yet."


async def test_the_form_follows_a_language_chosen_in_the_chat(miniapp: MiniApp) -> None:
    await miniapp.member(801, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(801, "en"), "?form=advocacy")
    await ready(page)
    await page.fill("#q_audience", "40")
    await blur(page)

    assert miniapp.bot.app is not None
    async with miniapp.bot.app.session_factory() as session:  # /language in the chat
        await session.execute(update(User).where(User.telegram_id == 801).values(language="ar"))
        await session.commit()
    await page.select_option("#q_level", "local")
    await blur(page)

    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    await expect(page.locator("html")).to_have_attribute("lang", "ar")
    submit = I18N.gettext("Send the report", locale="ar")
    await expect(page.locator("#submit")).to_have_text(submit)
    label = await page.locator("#f_level .l").text_content()
    assert label is not None
    assert "At what level" not in label
    assert await page.input_value("#q_audience") == "40"
    assert await page.input_value("#q_level") == "local"


async def test_a_send_failed_offline_is_said_unsent_in_the_new_language(
    miniapp: MiniApp,
) -> None:
    """A send failed offline, the language changed in the chat meanwhile: back online, the
    check brought the new words, and the page compared its English notice with them: 'No
    connection… Send again when you are online' stayed on screen, online, and the report was
    never said unsent (its Send at hand)."""
    await miniapp.member(802, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(802, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await blur(page)
    await page.context.set_offline(True)
    await page.click("#submit")
    status = page.locator("#status")
    await expect(status).to_have_text(I18N.gettext(OFFLINE, locale="en"))

    assert miniapp.bot.app is not None
    async with miniapp.bot.app.session_factory() as session:  # /language in the chat
        await session.execute(update(User).where(User.telegram_id == 802).values(language="fr"))
        await session.commit()
    await page.context.set_offline(False)  # 'online': checked at once, answered in French
    await expect(page.locator("html")).to_have_attribute("lang", "fr")
    await expect(status).to_contain_text(I18N.gettext(NOT_SENT, locale="fr"))

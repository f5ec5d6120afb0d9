"""The app closed while a note is being typed (Telegram swiped down, a call coming in, the
phone locked): the answers are kept on the phone as they are typed, not only once the field is
left, so the note is there when the page is opened again."""

from __future__ import annotations

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")

NOTE = "Two sessions with the district officers; the second one ran late."


async def test_a_note_typed_when_the_app_is_closed_is_there_when_it_is_opened_again(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(651, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(651, "en"), "?form=advocacy")
    await ready(page)
    await page.locator("#q_notes").press_sequentially(NOTE[:20])
    await page.locator("#q_notes").fill(NOTE)  # still in the field: never left
    url = page.url
    await page.close()  # closed with the focus in the note: no 'change', no 'focusout'

    again = await page.context.new_page()
    await again.goto(url)
    await ready(again)
    assert await again.input_value("#q_notes") == NOTE

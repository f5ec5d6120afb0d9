"""A note refused for naming a child is not kept on the phone.

The page keeps its answers on the phone (localStorage) for a bad connection, and it kept them
all: a note refused for "Kevin, 13, was beaten by his uncle" stayed in the phone's storage,
under the member's key, until the report was sent, and came back in the field when the page was
opened again (a shared office phone, Telegram Web on a shared computer). The server's draft
never held it (only the answers the engine takes). Now a field refused for the personal data in
it is left out of the phone's copy too, until a check takes it.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.domain.enums import Role
from models.drafts import chat_key, read_draft
from models.fsm import use_session
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page, expect

YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
NOTE = "Kevin, 13, was beaten by his uncle last week."


async def ready(page: Page) -> None:
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    await page.wait_for_load_state("networkidle")


async def blur(page: Page) -> None:
    await page.locator("h1").click()
    await page.wait_for_timeout(500)
    await page.wait_for_load_state("networkidle")


async def on_the_phone(page: Page) -> str:
    """Everything the page keeps in the phone's storage."""
    return str(await page.evaluate("JSON.stringify(Object.values(localStorage))"))


async def kept_answers(page: Page) -> dict[str, str]:
    stored = await page.evaluate("localStorage.getItem('fieldbot:draft:621:advocacy')")
    return dict(json.loads(stored)["values"])


async def server_draft(miniapp: MiniApp, telegram_id: int) -> str:
    app = miniapp.bot.app
    assert app is not None
    key = chat_key(app.bot.id, telegram_id)
    async with app.session_factory() as session, app.events_isolation.lock(key):
        with use_session(session):
            return json.dumps(await read_draft(app.storage, key), ensure_ascii=False)


async def test_a_note_refused_for_naming_a_child_is_not_kept_on_the_phone(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(621, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(621, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.fill("#q_notes", NOTE)
    await blur(page)
    await expect(page.locator("#f_notes .e")).to_contain_text("Kevin")

    assert "Kevin" not in await on_the_phone(page)
    assert (await kept_answers(page))["level"] == "local"  # the other answers are kept
    assert "Kevin" not in await server_draft(miniapp, 621)

    # Opened again on the same phone: the other answers are there, the note is not.
    await page.reload()
    await ready(page)
    assert await page.input_value("#q_level") == "local"
    assert await page.input_value("#q_notes") == ""

    # A note the screening takes is kept again.
    await page.fill("#q_notes", "A boy of 13 was beaten by his uncle last week.")
    await blur(page)
    await expect(page.locator(".q.bad")).to_have_count(0)
    assert (await kept_answers(page))["notes"].startswith("A boy of 13")

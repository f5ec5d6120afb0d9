"""A phone (or Telegram Web in a browser) used by two members: the page shows each only their
own answers.

The page keeps the answers on the phone (localStorage) for a bad connection. The key was the
form's name alone, so the next member to open the same form on the same phone (a second
Telegram account, an office phone handed to a new officer, someone erased with /forget) saw
the first one's unsent answers — the place, the partner, the notes — and sending them made a
report with the first member's report id.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page

YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()


async def ready(page: Page) -> None:
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    await page.wait_for_load_state("networkidle")


async def test_the_next_member_on_the_same_phone_does_not_see_the_first_ones_answers(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(611, Role.FIELD_STAFF, ("SN",), language="en")
    await miniapp.member(612, Role.FIELD_STAFF, ("SN",), language="en")
    first = await miniapp.open(miniapp.init_data(611, "en"), "?form=advocacy")
    await ready(first)
    await first.select_option("#q_level", "local")
    await first.select_option("#q_field", "justice")
    await first.select_option("#q_event_kind", "campaign")
    await first.fill("#q_event_date", YESTERDAY)
    await first.fill("#q_notes", "Meeting with the Thiès juvenile judge, unsent.")
    await first.locator("h1").click()
    await first.wait_for_timeout(300)
    await first.close()

    # The same phone (the same storage), the other member's Telegram account.
    second = await first.context.new_page()
    await second.add_init_script(
        f"window.__FIELDBOT_INIT_DATA__ = {miniapp.init_data(612, 'en')!r};"
    )
    await second.goto(miniapp.base_url + "?form=advocacy")
    await ready(second)
    assert await second.input_value("#q_notes") == ""
    assert await second.input_value("#q_event_date") == ""

    # The first member, back on their phone, still finds their answers there.
    again = await first.context.new_page()
    await again.add_init_script(
        f"window.__FIELDBOT_INIT_DATA__ = {miniapp.init_data(611, 'en')!r};"
    )
    await again.goto(miniapp.base_url + "?form=advocacy")
    await ready(again)
    assert await again.input_value("#q_notes") == "Meeting with the Thiès juvenile judge, unsent."

"""The same form opened again while its send was slow keeps the answers typed since.

Send tapped on 2G, Back, the same form opened again (it shows the answers being sent) and a
note added: when the old send answered, the page erased the phone's copy of the form, the one
with the note (both use one storage key). The server keeps no draft of a sent report either:
closed then, the app had lost the note. Now the copy goes only if it is what was sent; answers
changed since stay on the phone, as a new report (the sent one's id would be dropped as sent
when the form is opened again).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp
from tests.browser.test_issue_16_report_form import reports_of
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import blur, ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page, expect

YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
# The report id of the one copy kept on the phone (the page keeps its words there too).
DRAFT_ID = (
    "JSON.parse(localStorage.getItem(Object.keys(localStorage)"
    ".find(k => k.startsWith('fieldbot:draft:')))).report_id"
)
KEY = "fieldbot:draft:{}:advocacy"


async def kept(page: Page, telegram_id: int) -> dict[str, Any] | None:
    stored = await page.evaluate(f"localStorage.getItem({KEY.format(telegram_id)!r})")
    return None if stored is None else dict(json.loads(stored))


async def fill_and_send_slowly(page: Page) -> str:
    """The advocacy form answered, and sent on a link that takes 3 s; its report id."""
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await blur(page)

    async def slow(route: Any) -> None:
        await asyncio.sleep(3)  # 2G
        await route.continue_()

    await page.route("**/api/forms/advocacy/submit", slow)
    report_id = str(await page.evaluate(DRAFT_ID))
    await page.click("#submit")
    await page.evaluate("() => window.Telegram.WebApp.BackButton.click()")
    await page.click("button[data-form=advocacy]")
    await page.wait_for_selector("#report #q_notes", timeout=15_000)
    return report_id


async def test_answers_typed_in_the_reopened_form_stay_when_the_old_send_answers(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(691, Role.ADMIN, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(691, "en"), "?form=advocacy")
    sent_id = await fill_and_send_slowly(page)
    await page.fill("#q_notes", "Met the district judge again on Friday.")
    await page.wait_for_timeout(3_500)  # the first send has answered: stored
    await page.wait_for_load_state("networkidle")
    assert len(await reports_of(miniapp, 691)) == 1

    copy = await kept(page, 691)
    assert copy is not None
    assert copy["values"]["notes"] == "Met the district judge again on Friday."
    assert copy["report_id"] != sent_id  # a new report, not the one sent

    # Opened again later from the chat: the note is there, and Send makes a second report.
    await page.unroute("**/api/forms/advocacy/submit")
    await page.reload()
    await ready(page)
    await expect(page.locator("#q_notes")).to_have_value("Met the district judge again on Friday.")
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    assert len(await reports_of(miniapp, 691)) == 2


async def test_the_reopened_form_left_unchanged_is_the_report_sent(miniapp: MiniApp) -> None:
    """Nothing changed since: the copy goes, and Send again is the same report (stored once)."""
    await miniapp.member(692, Role.ADMIN, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(692, "en"), "?form=advocacy")
    await fill_and_send_slowly(page)
    await page.wait_for_timeout(3_500)
    await page.wait_for_load_state("networkidle")
    assert await kept(page, 692) is None
    await page.unroute("**/api/forms/advocacy/submit")
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    assert len(await reports_of(miniapp, 692)) == 1


async def test_answers_changed_back_after_the_old_send_answered_are_that_report(
    miniapp: MiniApp,
) -> None:
    """A note typed in the reopened form after the old send was stored, then deleted: the
    answers are again the report stored, and Send does not store it a second time."""
    await miniapp.member(693, Role.ADMIN, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(693, "en"), "?form=advocacy")
    sent_id = await fill_and_send_slowly(page)
    await page.wait_for_timeout(3_500)  # the first send has answered: stored
    await page.wait_for_load_state("networkidle")
    await page.fill("#q_notes", "A typo")
    await blur(page)
    changed = await kept(page, 693)
    assert changed is not None
    assert changed["report_id"] != sent_id  # changed: a new report
    await page.fill("#q_notes", "")  # changed back: the report stored
    await blur(page)
    back = await kept(page, 693)
    assert back is not None
    assert back["report_id"] == sent_id
    await page.unroute("**/api/forms/advocacy/submit")
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    assert len(await reports_of(miniapp, 693)) == 1


async def test_answers_typed_in_the_reopened_form_stay_when_the_old_sends_answer_is_lost(
    miniapp: MiniApp,
) -> None:
    """The old send stored, its answer lost on the way back (2G): the note typed meanwhile in
    the form opened again is still on the phone when the app is opened again from the chat
    (which says the report id was sent: the copy went, note and all). Send then says the
    report was sent, and makes the changed answers a new report."""
    await miniapp.member(694, Role.ADMIN, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(694, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await blur(page)

    async def stored_then_lost(route: Any) -> None:
        await asyncio.sleep(3)  # 2G
        await route.fetch()  # the server stores it (and drops its draft of that report)
        await route.abort()  # its answer never comes back

    await page.route("**/api/forms/advocacy/submit", stored_then_lost)
    await page.click("#submit")
    await page.evaluate("() => window.Telegram.WebApp.BackButton.click()")
    await page.click("button[data-form=advocacy]")
    await page.wait_for_selector("#report #q_notes", timeout=15_000)
    await page.fill("#q_notes", "Met the district judge again on Friday.")
    await blur(page)
    await page.wait_for_timeout(3_500)  # stored, and its answer lost
    await page.wait_for_load_state("networkidle")
    assert len(await reports_of(miniapp, 694)) == 1

    await page.unroute("**/api/forms/advocacy/submit")
    await page.reload()  # the app closed, opened again from the chat
    await ready(page)
    await expect(page.locator("#q_notes")).to_have_value("Met the district judge again on Friday.")
    await page.click("#submit")
    await expect(page.locator("#status")).to_contain_text("This report was already sent.")
    assert len(await reports_of(miniapp, 694)) == 1
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    assert len(await reports_of(miniapp, 694)) == 2


async def test_a_send_whose_answer_is_lost_leaves_no_copy_once_known_sent(
    miniapp: MiniApp,
) -> None:
    """Stored, its answer lost, nothing changed since: opened again, the copy goes (the page
    does not offer the report stored to be sent a second time)."""
    await miniapp.member(695, Role.FIELD_STAFF, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(695, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await page.fill("#q_notes", "Met the district judge.")
    await blur(page)

    async def stored_then_lost(route: Any) -> None:
        await route.fetch()
        await route.abort()

    await page.route("**/api/forms/advocacy/submit", stored_then_lost)
    await page.click("#submit")
    await expect(page.locator("#status")).not_to_be_empty()
    copy = await kept(page, 695)
    assert copy is not None
    assert copy["values"]["notes"] == "Met the district judge."
    await page.unroute("**/api/forms/advocacy/submit")
    await page.reload()
    await ready(page)
    await expect(page.locator("#q_notes")).to_have_value("")
    assert len(await reports_of(miniapp, 695)) == 1


async def test_answers_changed_back_after_already_sent_are_not_stored_twice(
    miniapp: MiniApp,
) -> None:
    """Stored, its answer lost: a note added, Send says the report was already sent; the
    note deleted again, the answers are that report, and Send does not store it twice."""
    await miniapp.member(696, Role.FIELD_STAFF, ("KE",), language="en")
    page = await miniapp.open(miniapp.init_data(696, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await blur(page)

    async def stored_then_lost(route: Any) -> None:
        await route.fetch()
        await route.abort()

    await page.route("**/api/forms/advocacy/submit", stored_then_lost)
    await page.click("#submit")
    await expect(page.locator("#q_notes")).to_be_enabled()
    await page.unroute("**/api/forms/advocacy/submit")
    await page.fill("#q_notes", "Met the district judge.")
    await blur(page)
    await page.click("#submit")
    await expect(page.locator("#status")).to_contain_text("This report was already sent.")
    await page.fill("#q_notes", "")  # the note was not meant for this report after all
    await blur(page)
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    assert len(await reports_of(miniapp, 696)) == 1

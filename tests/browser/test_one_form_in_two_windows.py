"""The same form open in two windows shares the one copy kept on the phone.

Two tabs of Telegram Web (or Desktop's window and its pop-up) open the same form: both wrote
the one copy of it, each over the other at every keystroke, without a word. The first window
sent its own stale answers (the note typed in the second was not in the report), or the
second's answers, sent later, made a second report. A window now takes the answers typed in
the other (the last ones typed win) and says why its answers changed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.enums import Role
from tests.browser.conftest import MiniApp
from tests.browser.test_issue_16_report_form import reports_of
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import blur, ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page, Route, expect

YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
NOTE = "Met the mayor of Thiès about birth registration."


async def _two_windows_filled(miniapp: MiniApp, telegram_id: int) -> tuple[Page, Page]:
    """An officer's advocacy form open in two windows of one phone, its required answers typed
    in the first and seen in the second."""
    await miniapp.member(telegram_id, Role.FIELD_STAFF, ("SN",), language="en")
    first = await miniapp.open(miniapp.init_data(telegram_id, "en"), "?form=advocacy")
    await ready(first)
    second = await first.context.new_page()
    await second.goto(first.url)
    await ready(second)
    await first.select_option("#q_level", "local")
    await first.select_option("#q_field", "justice")
    await first.select_option("#q_event_kind", "campaign")
    await first.fill("#q_event_date", YESTERDAY)
    await blur(first)
    await expect(second.locator("#q_event_date")).to_have_value(YESTERDAY)
    return first, second


async def test_answers_typed_in_another_window_are_taken_and_sent_once(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(791, Role.FIELD_STAFF, ("SN",), language="en")
    first = await miniapp.open(miniapp.init_data(791, "en"), "?form=advocacy")
    await ready(first)
    await first.select_option("#q_level", "local")
    await first.select_option("#q_field", "justice")
    await first.select_option("#q_event_kind", "campaign")
    await first.fill("#q_event_date", YESTERDAY)
    await blur(first)

    second = await first.context.new_page()  # the same phone: the same storage
    await second.goto(first.url)
    await ready(second)
    await expect(second.locator("#q_level")).to_have_value("local")
    await second.fill("#q_notes", NOTE)
    await blur(second)

    await expect(first.locator("#q_notes")).to_have_value(NOTE)
    await expect(first.locator("#window")).to_contain_text("open in another window")
    await first.click("#submit")
    await expect(first.locator("#done")).to_be_visible()
    # The other window says it was sent (no Send to tap again there).
    await expect(second.locator("#done")).to_contain_text("was sent")
    (report,) = await reports_of(miniapp, 791)
    assert report.answers["notes"] == NOTE


async def test_the_other_window_says_the_report_was_sent_and_keeps_no_copy(
    miniapp: MiniApp,
) -> None:
    """Sent from one window, the other still showed the form: its next keystroke wrote the
    sent report's copy back on the phone, and its Send answered 'already sent... send again
    to make them a new report' (a second report of the same event)."""
    first, second = await _two_windows_filled(miniapp, 792)

    await first.click("#submit")
    await expect(first.locator("#done")).to_be_visible()
    await expect(second.locator("#done")).to_contain_text("was sent")
    await second.wait_for_load_state("networkidle")
    kept = await second.evaluate("localStorage.getItem('fieldbot:draft:792:advocacy')")
    assert kept is None
    assert len(await reports_of(miniapp, 792)) == 1


async def test_answers_typed_in_the_other_window_after_the_send_stay_as_a_new_report(
    miniapp: MiniApp,
) -> None:
    """A note typed in the other window while the first one sent is not in the report stored:
    it stays, and the window says the report was sent without it."""
    first, second = await _two_windows_filled(miniapp, 793)
    sent_id = await first.evaluate(
        "JSON.parse(localStorage.getItem('fieldbot:draft:793:advocacy')).report_id"
    )

    await second.route("**/check", lambda route: None)  # the other window's check stalls (2G)
    await first.click("#submit")
    await expect(first.locator("#done")).to_be_visible()
    await second.fill("#q_notes", NOTE)
    await second.unroute("**/check")
    await second.locator("h1").click()
    await expect(second.locator("#status")).to_contain_text("was sent")
    await expect(second.locator("#q_notes")).to_have_value(NOTE)
    await second.wait_for_load_state("networkidle")
    kept = await second.evaluate("JSON.parse(localStorage.getItem('fieldbot:draft:793:advocacy'))")
    assert kept["values"]["notes"] == NOTE
    assert kept["report_id"] != sent_id


async def test_a_note_typed_in_the_other_window_during_the_send_stays_on_the_phone(
    miniapp: MiniApp,
) -> None:
    """Typed in the other window while the first one's send was on its way: the send took the
    phone's copy with the note away, and the note was in no other place."""
    first, second = await _two_windows_filled(miniapp, 794)

    held: list[Route] = []

    async def hold(route: Route) -> None:
        held.append(route)

    await first.route("**/submit", hold)  # on its way (2G)
    await first.click("#submit")
    await expect(first.locator("#submit")).to_be_disabled()
    while not held:
        await first.wait_for_timeout(50)
    await second.fill("#q_notes", NOTE)
    await blur(second)
    await held[0].continue_()
    await expect(first.locator("#done")).to_be_visible()
    await expect(second.locator("#status")).to_contain_text("was sent")
    await second.wait_for_load_state("networkidle")
    kept = await second.evaluate("JSON.parse(localStorage.getItem('fieldbot:draft:794:advocacy'))")
    assert kept["values"]["notes"] == NOTE
    (report,) = await reports_of(miniapp, 794)
    assert kept["report_id"] != str(report.id)
    assert not report.answers.get("notes")

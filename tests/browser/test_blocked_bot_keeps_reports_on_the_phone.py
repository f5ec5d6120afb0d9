"""An officer who blocked the bot keeps the reports waiting on their phone, and may send them.

Blocking the bot (a 403 to one of its messages) marks the account inactive; the Mini App
refused inactive accounts as it refuses strangers ('not_a_member'), and on that refusal the
page deletes what it kept on the phone for them: a report typed offline, or whose send had
failed, was gone. Blocking the bot is not leaving the organisation: their roles stand, so the
page opens for them and the report is sent. Only a person with no role left, or erased, is
refused (and their answers leave the phone: test_privacy_revoked_answers_leave_the_phone).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.domain.enums import Role
from models import queries
from tests.browser.conftest import MiniApp
from tests.browser.test_issue_16_report_form import reports_of
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import blur, ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
NOTE = "Radio debate on child marriage in Kaolack."
KEY = "fieldbot:draft:761:advocacy"


async def test_a_report_unsent_when_the_officer_blocked_the_bot_is_kept_and_sent(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(761, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(761, "en"), "?form=advocacy")
    await ready(page)
    await page.context.set_offline(True)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await page.fill("#q_notes", NOTE)
    await blur(page)
    await page.click("#submit")  # fails: no connection
    await expect(page.locator("#status.bad")).to_be_visible()

    assert miniapp.bot.app is not None
    async with miniapp.bot.app.session_factory() as session:
        await queries.set_active(session, 761, False)  # a message to them met a 403
        await session.commit()

    await page.context.set_offline(False)
    await page.reload()  # opened again
    await ready(page)
    await expect(page.locator("#q_notes")).to_have_value(NOTE)
    kept = await page.evaluate(f"localStorage.getItem({KEY!r})")
    assert kept is not None
    assert json.loads(kept)["values"]["notes"] == NOTE

    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()
    (report,) = await reports_of(miniapp, 761)
    assert report.answers["notes"] == NOTE
    assert await page.evaluate(f"localStorage.getItem({KEY!r})") is None  # stored: it goes

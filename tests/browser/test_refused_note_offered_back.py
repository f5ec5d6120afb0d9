"""A note refused for naming a child is offered back without the name, on the page as in the
chat (tests/e2e/test_refused_note_offered_back.py): under the refusal, the note with each name
or number replaced by "[…]" and one button, "Use this text", that puts it in the field; the
user checks it and sends the report, which is stored without the name."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.domain.enums import Role
from bot.forms.screening import PLACEHOLDER
from bot.i18n import create_i18n
from bot.webapp.forms import OFFER, USE_TEXT
from tests.browser.conftest import MiniApp, save_shot
from tests.browser.test_issue_16_report_form import blur, ready, reports_of

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()
YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
NOTE = "Kevin, 13, was beaten by his uncle.\nCall his aunt on 0712 345 678."
CLEANED = "[…], 13, was beaten by his uncle.\nCall his aunt on […]."


def tr(msgid: str, locale: str) -> str:
    return I18N.gettext(msgid, locale=locale)


async def test_a_note_naming_a_child_is_offered_back_and_sent_without_the_name(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(631, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(631, "en"), "?form=advocacy")
    await ready(page)
    await page.select_option("#q_level", "local")
    await page.select_option("#q_field", "justice")
    await page.select_option("#q_event_kind", "campaign")
    await page.fill("#q_event_date", YESTERDAY)
    await page.fill("#q_notes", NOTE)
    await blur(page)

    notes = page.locator("#f_notes")
    await expect(notes.locator(".e")).to_contain_text("Please remove the name “Kevin”")
    await expect(notes.locator(".o")).to_contain_text(
        tr(OFFER, "en").format(placeholder=PLACEHOLDER)
    )
    assert await notes.locator(".o .t").text_content() == CLEANED
    await notes.get_by_role("button", name=tr(USE_TEXT, "en")).click()

    assert await page.input_value("#q_notes") == CLEANED
    await page.wait_for_load_state("networkidle")
    await expect(page.locator(".q.bad")).to_have_count(0)
    await expect(notes.locator(".o")).to_be_empty()  # taken: nothing more to offer
    await page.click("#submit")
    await expect(page.locator("#done")).to_be_visible()

    (report,) = await reports_of(miniapp, 631)
    assert report.answers["notes"] == CLEANED
    assert "Kevin" not in json.dumps(report.answers, ensure_ascii=False)


async def test_the_offer_reads_right_to_left_in_arabic(miniapp: MiniApp) -> None:
    await miniapp.member(632, Role.FIELD_STAFF, ("LB",), language="ar")
    page = await miniapp.open(miniapp.init_data(632, "ar"), "?form=advocacy", locale="ar")
    await ready(page)
    await page.fill("#q_notes", "الطفلة فاطمة علي (12 سنة) ضحية عنف في المدرسة.")
    await blur(page)

    notes = page.locator("#f_notes")
    offered = notes.locator(".o .t")
    await expect(offered).to_have_text("الطفلة […] (12 سنة) ضحية عنف في المدرسة.")
    button = notes.get_by_role("button", name=tr(USE_TEXT, "ar"))
    await expect(button).to_be_visible()
    await notes.scroll_into_view_if_needed()
    save_shot("refused-note-offered-ar", await notes.screenshot())
    save_shot("refused-note-offered-ar-page", await page.screenshot(full_page=True))

    # Right to left: the text and the button start at the right edge of the field's box.
    assert await offered.evaluate("e => getComputedStyle(e).direction") == "rtl"
    box, text, tap = (
        await notes.bounding_box(),
        await offered.bounding_box(),
        await button.bounding_box(),
    )
    assert box is not None
    assert text is not None
    assert tap is not None
    right = box["x"] + box["width"]
    assert right - (tap["x"] + tap["width"]) < 20  # at the start (the right), not the left
    assert tap["x"] - box["x"] > 20
    assert right - (text["x"] + text["width"]) < 20

    await button.click()
    assert await page.input_value("#q_notes") == "الطفلة […] (12 سنة) ضحية عنف في المدرسة."
    await page.wait_for_load_state("networkidle")
    await expect(notes.locator(".e")).to_be_empty()

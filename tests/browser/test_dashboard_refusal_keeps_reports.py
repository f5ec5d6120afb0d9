"""A field officer refused the dashboard keeps the answers waiting on their phone.

Any refusal (403) made the page forget every answer it kept for the member, as if their role
had been revoked: a field officer who opened an old link to the dashboard (from their time as
a manager) was told it is for managers, and the report they had not sent yet was erased from
the phone. Now only a refusal as a member (revoked, erased) or as one who sends reports does
that; a member no longer a member still loses them on the dashboard too.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.enums import Role
from bot.i18n import create_i18n
from models import people
from tests.browser.conftest import MiniApp
from tests.browser.test_privacy_refused_note_not_kept_on_the_phone import blur, ready

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page, expect

I18N = create_i18n()
YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
KEPT = "Object.keys(localStorage).filter(k => k.startsWith('fieldbot:draft:'))"
FOR_MANAGERS = (
    "The indicators are for managers and the M&E team. Send /help in the chat to see what "
    "you can do."
)


async def unsent_report(miniapp: MiniApp, telegram_id: int) -> Page:
    await miniapp.member(telegram_id, Role.FIELD_STAFF, ("SN",), language="fr")
    page = await miniapp.open(
        miniapp.init_data(telegram_id, "fr"), "?form=advocacy", locale="fr-FR"
    )
    await ready(page)
    await page.fill("#q_event_date", YESTERDAY)
    await page.fill("#q_notes", "Rencontre avec le juge des enfants de Thiès.")
    await blur(page)
    assert await page.evaluate(KEPT) == [f"fieldbot:draft:{telegram_id}:advocacy"]
    return page


async def test_a_field_officer_refused_the_dashboard_keeps_their_unsent_report(
    miniapp: MiniApp,
) -> None:
    page = await unsent_report(miniapp, 771)
    await page.goto(miniapp.base_url + "?view=dashboard")  # an old link from the chat
    await expect(page.locator(".status.bad")).to_have_text(I18N.gettext(FOR_MANAGERS, locale="fr"))
    assert await page.evaluate(KEPT) == ["fieldbot:draft:771:advocacy"]
    await page.goto(miniapp.base_url + "?form=advocacy")
    await ready(page)
    await expect(page.locator("#q_notes")).to_have_value(
        "Rencontre avec le juge des enfants de Thiès."
    )


async def test_a_member_no_longer_a_member_loses_them_on_the_dashboard_too(
    miniapp: MiniApp,
) -> None:
    page = await unsent_report(miniapp, 772)
    assert miniapp.bot.app is not None
    async with miniapp.bot.app.session_factory() as session:
        await people.revoke(session, 772, None, actor_user_id=None)
        await session.commit()
    await page.goto(miniapp.base_url + "?view=dashboard")
    await expect(page.locator(".status.bad")).to_be_visible()
    assert await page.evaluate(KEPT) == []

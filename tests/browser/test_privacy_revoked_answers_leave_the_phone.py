"""A member whose role is revoked (or who is erased) while answers wait on the phone: the
server refuses them (403), and the answers they had kept there go too. On a shared office
phone they are someone else's data now: the next person to pick the phone up must not find
a former officer's notes in its storage."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.enums import Role
from models import people
from tests.browser.conftest import MiniApp

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import Page

YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
KEPT = "Object.keys(localStorage).filter(k => k.startsWith('fieldbot:draft:'))"


async def ready(page: Page) -> None:
    await page.wait_for_selector("body[data-ready=form]", timeout=15_000)
    await page.wait_for_load_state("networkidle")


async def test_a_revoked_members_answers_leave_the_phone_at_the_refusal(
    miniapp: MiniApp,
) -> None:
    await miniapp.member(621, Role.FIELD_STAFF, ("SN",), language="en")
    await miniapp.member(622, Role.FIELD_STAFF, ("SN",), language="en")
    page = await miniapp.open(miniapp.init_data(621, "en"), "?form=advocacy")
    await ready(page)
    await page.fill("#q_event_date", YESTERDAY)
    await page.fill("#q_notes", "Meeting with the Thiès juvenile judge, unsent.")
    await page.locator("h1").click()
    await page.wait_for_timeout(300)
    # The same phone (the same storage), another member's Telegram account.
    other = await page.context.new_page()
    await other.add_init_script(
        f"window.__FIELDBOT_INIT_DATA__ = {miniapp.init_data(622, 'en')!r};"
    )
    await other.goto(miniapp.base_url + "?form=advocacy")
    await ready(other)
    await other.fill("#q_notes", "Aminata's own notes, unsent.")
    await other.locator("h1").click()
    await other.wait_for_timeout(300)
    await other.close()
    assert sorted(await page.evaluate(KEPT)) == [
        "fieldbot:draft:621:advocacy",
        "fieldbot:draft:622:advocacy",
    ]

    assert miniapp.bot.app is not None
    async with miniapp.bot.app.session_factory() as session:
        await people.revoke(session, 621, None, actor_user_id=None)
        await session.commit()
    await page.fill("#q_notes", "Meeting with the Thiès juvenile judge, unsent. And")
    await page.locator("h1").click()  # the answers checked: refused
    await page.wait_for_selector(".status.bad", timeout=15_000)  # refused: 403
    await page.wait_for_load_state("networkidle")
    assert await page.evaluate(KEPT) == ["fieldbot:draft:622:advocacy"]  # the other's stay
    await page.fill("#q_notes", "Typed on after the refusal.")  # not kept either
    await page.locator("h1").click()
    await page.wait_for_timeout(300)
    assert await page.evaluate(KEPT) == ["fieldbot:draft:622:advocacy"]

    # Opened again on the same phone: nothing of theirs comes back.
    again = await page.context.new_page()
    await again.add_init_script(
        f"window.__FIELDBOT_INIT_DATA__ = {miniapp.init_data(621, 'en')!r};"
    )
    await again.goto(miniapp.base_url + "?form=advocacy")
    await again.wait_for_load_state("networkidle")
    assert await again.evaluate(KEPT) == ["fieldbot:draft:622:advocacy"]

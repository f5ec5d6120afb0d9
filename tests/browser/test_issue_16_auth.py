"""Issue 16: forged, expired and other-bot initData are refused (401, audited); a person who
is not a member gets nothing (403)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.enums import AuditAction, Role
from bot.i18n import create_i18n
from models import queries
from tests.browser.conftest import MiniApp, save_shot

pytest.importorskip("playwright", reason="browser tests: the playwright package is missing")
from playwright.async_api import expect

I18N = create_i18n()
OTHER_BOT = "987654321:AAotherBOTotherBOTotherBOTotherBOT000"


async def refusals(miniapp: MiniApp) -> list[str]:
    assert miniapp.bot.app is not None
    async with miniapp.bot.app.session_factory() as session:
        entries = await queries.audit_entries(session, action=AuditAction.WEBAPP_REFUSED)
    return sorted(str(entry.details.get("reason")) for entry in entries)


async def test_forged_and_expired_init_data_are_refused_and_audited(miniapp: MiniApp) -> None:
    await miniapp.member(801, Role.FIELD_STAFF, ("HT",), language="fr")
    expired_text = I18N.gettext(
        "This page has expired. Close it and open it again from the chat.", locale="fr"
    )

    forged = miniapp.init_data(801, "fr", token=OTHER_BOT)  # signed with another bot's token
    page = await miniapp.open(forged, "?form=training", locale="fr-FR")
    await expect(page.locator(".status.bad")).to_have_text(expired_text)
    save_shot("refused-forged", await page.screenshot())
    status = await page.evaluate(
        """() => fetch("api/forms/training").then(r => r.status)"""  # no initData at all
    )
    assert status == 401

    expired = miniapp.init_data(801, "fr", age=dt.timedelta(hours=2))
    page = await miniapp.open(expired, "?form=training", locale="fr-FR")
    await expect(page.locator(".status.bad")).to_have_text(expired_text)
    status = await page.evaluate(
        """() => fetch("api/forms/training/submit", {method: "POST",
            headers: {"X-Telegram-Init-Data": window.Telegram.WebApp.initData,
                      "Content-Type": "application/json"},
            body: "{}"}).then(r => r.status)"""
    )
    assert status == 401
    # Audited once per kind of refusal and client per minute (a flood is not a write flood).
    assert await refusals(miniapp) == ["expired", "missing", "signature"]


async def test_a_stranger_with_valid_init_data_gets_nothing(miniapp: MiniApp) -> None:
    page = await miniapp.open(miniapp.init_data(899, "en"), "?form=training")
    text = I18N.gettext("This page is for the organisation's staff. Send /start to the bot.")
    await expect(page.locator(".status.bad")).to_have_text(text)
    assert await refusals(miniapp) == ["not_a_member"]

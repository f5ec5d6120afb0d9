"""Issue 16: /report offers the Mini App ("Open the form") when it is configured, and the chat
flow stays for everyone else."""

from __future__ import annotations

from aiogram.types import MenuButtonWebApp

from bot.domain.enums import Role
from bot.i18n import create_i18n
from bot.sandbox import SandboxServer
from tests.e2e.harness import BotUnderTest, bot_settings

PUBLIC = "https://fieldbot.example.org/webapp/"
I18N = create_i18n()


async def test_report_offers_the_one_screen_form_when_the_mini_app_is_served(
    sandbox: SandboxServer, db_url: str
) -> None:
    settings = bot_settings(sandbox, db_url)
    settings.webapp.public_url = PUBLIC
    bot = BotUnderTest(settings, sandbox, "webhook")
    await bot.start()
    try:
        jean = await bot.member(601, "Jean", Role.FIELD_STAFF, ["HT"], language_code="fr")
        await jean.send("/report")
        menu = (await jean.messages())[-1]
        first = menu.buttons[0][0]
        assert first.text == I18N.gettext("Open the form", locale="fr")
        assert first.web_app == PUBLIC
        # The chat's own form is still there, one tap away.
        assert I18N.gettext("Training", locale="fr") in menu.button_texts()
        # The chat's menu button opens the Mini App too (set when the bot starts).
        assert bot.app is not None
        button = await bot.app.bot.get_chat_menu_button()
        assert isinstance(button, MenuButtonWebApp)
        assert button.web_app.url == PUBLIC
        assert button.text == "Open the form"
    finally:
        await bot.stop()
        await bot.control.close()


async def test_without_the_mini_app_report_is_the_chat_form_only(
    sandbox: SandboxServer, db_url: str
) -> None:
    settings = bot_settings(sandbox, db_url)
    bot = BotUnderTest(settings, sandbox, "webhook")
    await bot.start()
    try:
        amy = await bot.member(602, "Amy", Role.FIELD_STAFF, ["HT"])
        await amy.send("/report")
        menu = (await amy.messages())[-1]
        assert all(button.web_app is None for row in menu.buttons for button in row)
        assert "Training" in menu.button_texts()
    finally:
        await bot.stop()
        await bot.control.close()

"""`fieldbot user revoke|erase` and `fieldbot admin add` set the person's Telegram menu once the
change is committed, as the chat's /people does; Telegram refusing it (or out of reach) costs
only the menu: the change stands and the command says so."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.types import MenuButtonCommands, MenuButtonWebApp

from bot.cli import main
from bot.domain.enums import Role
from bot.sandbox import SandboxServer
from models import people
from tests.e2e.harness import BotUnderTest, bot_settings

JEAN = 2001
APP_URL = "https://fieldbot.example.org/webapp/"


@pytest.fixture
async def fieldbot_app(
    sandbox: SandboxServer,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> AsyncIterator[BotUnderTest]:
    """The bot with its Mini App, and the CLI's environment pointing at the same sandbox."""
    settings = bot_settings(sandbox, db_url)
    settings.webapp.public_url = APP_URL
    bot = BotUnderTest(settings, sandbox, "webhook")
    await bot.start()
    monkeypatch.chdir(tmp_path)
    for name in ("FIELDBOT_REDIS_URL", "FIELDBOT_WEBHOOK__SECRET_TOKEN", "FIELDBOT_BOT__TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    monkeypatch.setenv("FIELDBOT_BOT__API_BASE", sandbox.base_url)
    monkeypatch.setenv("FIELDBOT_BOT__USERNAME", "fieldbot_test_bot")
    monkeypatch.setenv("FIELDBOT_WEBAPP__PUBLIC_URL", APP_URL)
    yield bot
    await bot.stop()
    await bot.control.close()


async def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = await asyncio.to_thread(main, list(argv))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


async def _menu(fieldbot: BotUnderTest, chat_id: int) -> set[str]:
    scoped = [m for m in await fieldbot.control.commands() if m["scope"].get("chat_id") == chat_id]
    return {c["command"] for m in scoped for c in m["commands"]}


async def _joined(fieldbot: BotUnderTest, *roles: Role) -> None:
    """Jean holds `roles` and has sent /start: his chat has his menu (and the Mini App under
    its button when he reports)."""
    for role in roles:
        await fieldbot.member(JEAN, "Jean", role, ["HT"])
    await fieldbot.user(JEAN, "Jean").send("/start")
    assert fieldbot.app is not None
    button = await fieldbot.app.bot.get_chat_menu_button(chat_id=JEAN)
    assert isinstance(button, MenuButtonWebApp) == (Role.FIELD_STAFF in roles)


async def test_revoking_a_role_from_the_command_line_takes_its_commands_off_the_menu(
    fieldbot_app: BotUnderTest, capsys: pytest.CaptureFixture[str]
) -> None:
    await _joined(fieldbot_app, Role.FIELD_STAFF, Role.VOLUNTEER)
    assert {"report", "missions"} <= await _menu(fieldbot_app, JEAN)

    status, out = await _cli(capsys, "user", "revoke", str(JEAN), "--role", "field_staff")

    assert status == 0, out
    assert "Revoked." in out
    assert "Their Telegram menu is updated." in out
    menu = await _menu(fieldbot_app, JEAN)
    assert "missions" in menu
    assert "report" not in menu
    assert fieldbot_app.app is not None
    # A volunteer has nothing in the Mini App: the button is the command list again.
    button = await fieldbot_app.app.bot.get_chat_menu_button(chat_id=JEAN)
    assert isinstance(button, MenuButtonCommands)


async def test_erasing_from_the_command_line_leaves_the_chat_no_member_menu(
    fieldbot_app: BotUnderTest, capsys: pytest.CaptureFixture[str]
) -> None:
    await _joined(fieldbot_app, Role.FIELD_STAFF)

    status, out = await _cli(capsys, "user", "erase", str(JEAN), "--yes")

    assert status == 0, out
    assert "Erased." in out
    assert "Their Telegram menu is updated." in out
    assert await _menu(fieldbot_app, JEAN) == set()
    assert fieldbot_app.app is not None
    button = await fieldbot_app.app.bot.get_chat_menu_button(chat_id=JEAN)
    assert isinstance(button, MenuButtonCommands)


async def test_making_a_member_an_admin_from_the_command_line_gives_them_the_admin_menu(
    fieldbot_app: BotUnderTest, capsys: pytest.CaptureFixture[str]
) -> None:
    await _joined(fieldbot_app, Role.VOLUNTEER)
    assert "people" not in await _menu(fieldbot_app, JEAN)

    status, out = await _cli(capsys, "admin", "add", str(JEAN), "--name", "Jean")

    assert status == 0, out
    assert "Their Telegram menu is updated." in out
    assert {"people", "invite", "missions"} <= await _menu(fieldbot_app, JEAN)
    assert fieldbot_app.app is not None
    button = await fieldbot_app.app.bot.get_chat_menu_button(chat_id=JEAN)
    assert isinstance(button, MenuButtonWebApp)


async def test_a_menu_telegram_refuses_does_not_undo_the_revocation(
    fieldbot_app: BotUnderTest, capsys: pytest.CaptureFixture[str]
) -> None:
    await _joined(fieldbot_app, Role.FIELD_STAFF)
    await fieldbot_app.control.inject_fault("deleteMyCommands", "403", count=5)

    status, out = await _cli(capsys, "user", "revoke", str(JEAN))

    assert status == 0, out
    assert "Revoked." in out
    assert "Their Telegram menu could not be updated (TelegramForbiddenError" in out
    assert "the change itself is saved" in out
    assert "Traceback" not in out
    assert fieldbot_app.app is not None
    async with fieldbot_app.app.session_factory() as session:
        jean = await people.find_person(session, JEAN)
    assert jean is not None
    assert not jean.grants


async def test_an_unreachable_telegram_does_not_undo_the_erasure(
    fieldbot_app: BotUnderTest, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    await _joined(fieldbot_app, Role.FIELD_STAFF)
    monkeypatch.setenv("FIELDBOT_BOT__API_BASE", "http://127.0.0.1:9")  # nothing listens

    status, out = await _cli(capsys, "user", "erase", str(JEAN), "--yes")

    assert status == 0, out
    assert "Erased." in out
    assert "Their Telegram menu could not be updated (TelegramNetworkError" in out
    assert "Traceback" not in out
    assert fieldbot_app.app is not None
    async with fieldbot_app.app.session_factory() as session:
        assert await people.find_person(session, JEAN) is None


async def test_a_manager_given_or_losing_every_country_gets_or_loses_indicator_in_the_menu(
    fieldbot_app: BotUnderTest, capsys: pytest.CaptureFixture[str]
) -> None:
    """/indicator is in the menu of admins and managers of every country only (0c076c9); a
    manager of Haiti made manager of every country in /people kept a menu without it, and one
    of every country narrowed to Haiti (by chat or `user set-countries`) kept it, to be
    refused at each use, until they sent /start. The menu follows the change."""
    awa = await fieldbot_app.member(1001, "Awa", Role.ADMIN)
    await fieldbot_app.member(JEAN, "Jean", Role.MANAGER, ["HT"])
    await fieldbot_app.user(JEAN, "Jean").send("/start")
    assert "indicator" not in await _menu(fieldbot_app, JEAN)
    await awa.send("/people")
    await awa.tap("Jean · manager")
    await awa.tap("Countries: manager")
    await awa.send("all")
    assert "Saved." in (await awa.last()).text
    assert "indicator" in await _menu(fieldbot_app, JEAN)

    status, out = await _cli(
        capsys, "user", "set-countries", str(JEAN), "--role", "manager", "--countries", "HT"
    )

    assert status == 0, out
    assert "Their Telegram menu is updated." in out
    assert {"indicators", "reports"} <= await _menu(fieldbot_app, JEAN)
    assert "indicator" not in await _menu(fieldbot_app, JEAN)

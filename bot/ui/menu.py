"""The bot's commands per role: one registry for /help and for the command menus."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.methods import DeleteMyCommands, SetChatMenuButton, SetMyCommands, TelegramMethod
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    MenuButtonCommands,
    MenuButtonWebApp,
    WebAppInfo,
)
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.support import LazyProxy

from bot.domain.enums import OVERSEERS, REPORTERS, Role
from bot.domain.languages import SUPPORTED_LOCALES, resolve_locale
from bot.domain.people import UserView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Command:
    name: str
    description: LazyProxy
    roles: frozenset[Role] | None  # None: everybody with a role
    # Only for whoever acts for the whole organisation (an admin, a manager of every country):
    # a manager of some countries would be offered a command that only refuses them.
    organisation_wide: bool = False


EVERYONE = None
# Order is the order of the menu and of /help. Later features add their commands here.
COMMANDS: tuple[Command, ...] = (
    Command("help", __("What I can do for you"), EVERYONE),
    Command(
        "report",
        __("Report a training or an advocacy event"),
        frozenset(REPORTERS),
    ),
    Command("myreports", __("Your recent reports"), frozenset(REPORTERS)),
    Command("reports", __("Reports in your countries"), frozenset(OVERSEERS)),
    Command(
        "indicators",
        __("Where the plan's indicators stand"),
        frozenset(OVERSEERS),
    ),
    Command(
        "indicator",
        __("Enter a yearly indicator value"),
        frozenset(OVERSEERS),
        organisation_wide=True,
    ),
    Command("export", __("Reports as a file (CSV, Excel)"), frozenset(OVERSEERS)),
    Command("missions", __("Your missions"), frozenset({Role.VOLUNTEER})),
    Command("assign", __("Assign a volunteer to a mission"), frozenset({Role.ADMIN})),
    Command("unassign", __("Remove a volunteer from a mission"), frozenset({Role.ADMIN})),
    Command("invite", __("Invite someone with a role"), frozenset({Role.ADMIN})),
    Command("people", __("People: roles, countries, leaving"), frozenset({Role.ADMIN})),
    Command("language", __("Change the language"), EVERYONE),
    Command("settings", __("Your time zone"), EVERYONE),
    Command("cancel", __("Stop what you are doing"), EVERYONE),
)
# What someone without an invitation sees.
GUEST_COMMANDS: tuple[Command, ...] = (
    Command("start", __("Join with your invitation link"), EVERYONE),
    Command("help", __("How to get an invitation"), EVERYONE),
)

ROLE_NAMES: dict[Role, LazyProxy] = {
    Role.FIELD_STAFF: __("field staff"),
    Role.MANAGER: __("manager"),
    Role.VOLUNTEER: __("volunteer"),
    Role.ADMIN: __("admin (M&E officer)"),
}


def commands_for(roles: Iterable[Role], *, organisation_wide: bool) -> list[Command]:
    """The commands of these roles; `organisation_wide`: the person acts for the whole
    organisation (UserView.acts_for_the_whole_organisation)."""
    held = frozenset(roles)
    return [
        cmd
        for cmd in COMMANDS
        if (cmd.roles is None or cmd.roles & held)
        and (organisation_wide or not cmd.organisation_wide)
    ]


def _bot_commands(commands: Iterable[Command], i18n: I18n, locale: str) -> list[BotCommand]:
    with i18n.context(), i18n.use_locale(locale):
        return [BotCommand(command=c.name, description=str(c.description)) for c in commands]


def user_menu(
    chat_id: int, roles: Iterable[Role], locale: str, i18n: I18n, *, organisation_wide: bool
) -> SetMyCommands:
    """The menu of one private chat: that user's commands in the language they chose.

    Sent as one of the update's replies: a refusal is logged and costs only the menu.
    """
    return SetMyCommands(
        commands=[
            BotCommand(command=name, description=description)
            for name, description in _menu(frozenset(roles), organisation_wide, locale, i18n)
        ],
        scope=BotCommandScopeChat(chat_id=chat_id),
    )


async def refresh_menu(
    bot: Bot, telegram_id: int, person: UserView | None, i18n: I18n, app_url: str | None
) -> None:
    """The menu of someone whose roles changed, sent once that change is committed: their
    commands and menu button now, or (no role left, or erased: None) no menu of their own, so
    that the guests' one shows, and the command list for a button instead of a Mini App that
    would only refuse them. Never stored with the admin's replies (it names the person's
    chat); a refusal (they never opened the chat) costs only the menu."""
    problem = await update_menu(bot, telegram_id, person, i18n, app_url)
    if problem is not None:
        log.info("A changed member's menu was not updated: %s", problem.kind)


@dataclass(frozen=True)
class MenuProblem:
    """Why a member's menu could not be set: the error's class and what Telegram said."""

    kind: str
    message: str


async def update_menu(
    bot: Bot, telegram_id: int, person: UserView | None, i18n: I18n, app_url: str | None
) -> MenuProblem | None:
    """refresh_menu's calls; None once Telegram took them all, else why it did not."""
    scope = BotCommandScopeChat(chat_id=telegram_id)
    try:
        if person is None or not person.grants:
            await bot(DeleteMyCommands(scope=scope))
            if app_url:
                await bot(SetChatMenuButton(chat_id=telegram_id, menu_button=MenuButtonCommands()))
        else:
            default = i18n.default_locale
            locale = resolve_locale(person.language, person.telegram_language, default=default)
            for call in menus(telegram_id, person, locale, i18n, app_url):
                await bot(call)
    except (TelegramAPIError, TelegramNetworkError) as error:
        return MenuProblem(type(error).__name__, error.message)
    return None


def menus(
    chat_id: int, person: UserView, locale: str, i18n: I18n, app_url: str | None
) -> list[TelegramMethod[bool]]:
    """A member's commands and, when the Mini App is served, the chat's menu button: the app
    under the words of what it opens for their roles, in their language (the bot's default
    button is English); the command list for a role the app has nothing for (a volunteer)."""
    whole = person.acts_for_the_whole_organisation()
    calls: list[TelegramMethod[bool]] = [
        user_menu(chat_id, person.roles, locale, i18n, organisation_wide=whole)
    ]
    if app_url:
        calls.append(app_button(chat_id, person.roles, locale, i18n, app_url))
    return calls


def app_button(
    chat_id: int, roles: frozenset[Role], locale: str, i18n: I18n, app_url: str
) -> SetChatMenuButton:
    with i18n.context(), i18n.use_locale(locale):
        if roles & frozenset(REPORTERS):
            text = _("Open the form")
        elif roles & frozenset(OVERSEERS):
            text = _("Indicators")
        else:
            return SetChatMenuButton(chat_id=chat_id, menu_button=MenuButtonCommands())
    button = MenuButtonWebApp(text=text, web_app=WebAppInfo(url=app_url))
    return SetChatMenuButton(chat_id=chat_id, menu_button=button)


@functools.lru_cache(maxsize=256)
def _menu(
    roles: frozenset[Role], organisation_wide: bool, locale: str, i18n: I18n
) -> tuple[tuple[str, str], ...]:
    """One set of roles' menu in one language, translated once: the catalogs do not change
    while the bot runs, and every /start sends its user's menu. Names and descriptions only:
    each menu gets BotCommand objects of its own (aiogram's are mutable)."""
    return tuple(
        (c.command, c.description)
        for c in _bot_commands(
            commands_for(roles, organisation_wide=organisation_wide), i18n, locale
        )
    )


async def set_default_menus(bot: Bot, i18n: I18n) -> None:
    """Guests' menu in every language (Telegram picks by the app's language), English default."""
    scope = BotCommandScopeDefault()
    await bot.set_my_commands(_bot_commands(GUEST_COMMANDS, i18n, "en"), scope=scope)
    for locale in SUPPORTED_LOCALES:
        await bot.set_my_commands(
            _bot_commands(GUEST_COMMANDS, i18n, locale), scope=scope, language_code=locale
        )

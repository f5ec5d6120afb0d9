"""A chat's command menu: translated once per set of roles and language, handed out fresh."""

from __future__ import annotations

from aiogram.methods import SetMyCommands
from aiogram.types import BotCommandScopeChat

from bot.domain.enums import Role
from bot.i18n import create_i18n
from bot.ui.menu import user_menu


def names(menu: SetMyCommands) -> list[tuple[str, str]]:
    return [(c.command, c.description) for c in menu.commands]


def test_the_menu_follows_the_roles_and_the_language_of_each_call() -> None:
    i18n = create_i18n("en")
    staff_en = user_menu(11, [Role.FIELD_STAFF], "en", i18n)
    staff_fr = user_menu(12, [Role.FIELD_STAFF], "fr", i18n)
    admin_en = user_menu(13, [Role.ADMIN, Role.FIELD_STAFF], "en", i18n)
    assert ("report", "Report a training or an advocacy event") in names(staff_en)
    assert "invite" not in dict(names(staff_en))
    assert dict(names(staff_fr))["report"] != dict(names(staff_en))["report"]  # translated
    assert "invite" in dict(names(admin_en))
    scopes = [m.scope for m in (staff_en, staff_fr, admin_en)]
    assert scopes == [BotCommandScopeChat(chat_id=chat) for chat in (11, 12, 13)]


def test_a_menu_built_again_is_the_same_and_its_list_is_its_own() -> None:
    i18n = create_i18n("en")
    first = user_menu(21, [Role.MANAGER], "es", i18n)
    first.commands[0].description = "changed"  # a caller changing its menu changes no other
    first.commands.clear()
    again = user_menu(22, [Role.MANAGER], "es", i18n)
    assert names(again) == names(user_menu(23, {Role.MANAGER}, "es", create_i18n("en")))
    assert len(again.commands) > 3

"""A chat's command menu: translated once per set of roles and language, handed out fresh."""

from __future__ import annotations

from aiogram.methods import SetMyCommands
from aiogram.types import BotCommandScopeChat

from bot.domain.enums import Role
from bot.domain.scope import EVERYWHERE
from bot.i18n import create_i18n
from bot.ui.menu import menus, user_menu
from bot.ui.render import help_text
from tests.factories import person


def names(menu: SetMyCommands) -> list[tuple[str, str]]:
    return [(c.command, c.description) for c in menu.commands]


def test_the_menu_follows_the_roles_and_the_language_of_each_call() -> None:
    i18n = create_i18n("en")
    staff_en = user_menu(11, [Role.FIELD_STAFF], "en", i18n, organisation_wide=False)
    staff_fr = user_menu(12, [Role.FIELD_STAFF], "fr", i18n, organisation_wide=False)
    admin_en = user_menu(13, [Role.ADMIN, Role.FIELD_STAFF], "en", i18n, organisation_wide=True)
    assert ("report", "Report a training or an advocacy event") in names(staff_en)
    assert "invite" not in dict(names(staff_en))
    assert dict(names(staff_fr))["report"] != dict(names(staff_en))["report"]  # translated
    assert "invite" in dict(names(admin_en))
    scopes = [m.scope for m in (staff_en, staff_fr, admin_en)]
    assert scopes == [BotCommandScopeChat(chat_id=chat) for chat in (11, 12, 13)]


def test_a_menu_built_again_is_the_same_and_its_list_is_its_own() -> None:
    i18n = create_i18n("en")
    first = user_menu(21, [Role.MANAGER], "es", i18n, organisation_wide=True)
    first.commands[0].description = "changed"  # a caller changing its menu changes no other
    first.commands.clear()
    again = user_menu(22, [Role.MANAGER], "es", i18n, organisation_wide=True)
    other = user_menu(23, {Role.MANAGER}, "es", create_i18n("en"), organisation_wide=True)
    assert names(again) == names(other)
    assert len(again.commands) > 3


def test_indicator_is_offered_only_to_whoever_may_enter_the_yearly_values() -> None:
    """A manager of some countries had /indicator in /help and in their menu, and every use
    was refused ("Only admins and managers of all countries can enter..."); it is now offered
    to admins and managers of every country only."""
    i18n = create_i18n("en")
    some = person(1, roles={Role.MANAGER: ["BF", "MG"]})
    every = person(2, roles={Role.MANAGER: EVERYWHERE})
    admin = person(3, roles={Role.ADMIN: ["BF"]})
    offered = {}
    for who in (some, every, admin):
        menu = menus(who.telegram_id, who, "en", i18n, None)[0]
        assert isinstance(menu, SetMyCommands)
        with i18n.context(), i18n.use_locale("en"):
            listed = "/indicator —" in help_text(who, "en")
        offered[who.id] = ("indicator" in dict(names(menu)), listed)
    assert offered == {1: (False, False), 2: (True, True), 3: (True, True)}
    read = menus(1, some, "en", i18n, None)[0]
    assert isinstance(read, SetMyCommands)
    assert "indicators" in dict(names(read))  # reading the indicators stays theirs

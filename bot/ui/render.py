"""Small rendering helpers: localized scopes, roles, greetings, time-zone choices.

Every value that is not ours is escaped by bot.ui.text.safe, nothing else.
"""

from __future__ import annotations

import datetime as dt

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from babel.dates import get_timezone_location

from bot.domain.enums import Role
from bot.domain.languages import (
    cldr_locale,
    country_name,
    format_date,
    isolate,
    join_items,
    list_text,
    ltr,
)
from bot.domain.people import UserView, greeting_name
from bot.domain.scope import AmbiguousCountries, Scope, ScopeError
from bot.domain.timezones import zone_shown
from bot.ui.callbacks import TimezoneCB
from bot.ui.keyboard import Keyboard
from bot.ui.menu import ROLE_NAMES, commands_for
from bot.ui.text import safe


def scope_text(countries: tuple[str, ...], all_countries: bool, locale: str) -> str:
    if all_countries:
        return _("all countries")
    names = [isolate(country_name(code, locale), locale) for code in countries]
    return list_text(names, locale) if names else _("no country yet")


def role_name(role: Role) -> str:
    """The role's name in the current language, safe for HTML parse mode."""
    return safe(ROLE_NAMES[role])


def roles_text(roles: frozenset[Role], locale: str) -> str:
    ordered = [role for role in ROLE_NAMES if role in roles]
    return list_text([role_name(role) for role in ordered], locale)


def grants_text(user: UserView, locale: str) -> str:
    """'You are registered as field staff for Haiti.', or one line per role and its countries
    (said to the person themselves)."""
    by_scope = _roles_by_scope(user)
    if len(by_scope) == 1:
        ((scope, roles),) = by_scope.items()
        return _("You are registered as {roles} for {scope}.").format(
            roles=roles_text(frozenset(roles), locale),
            scope=scope_text(scope.countries, scope.all_countries, locale),
        )
    return "\n".join([_("You are registered as:"), *grant_lines(user, locale)])


def grant_lines(user: UserView, locale: str) -> list[str]:
    """'• field staff for Haiti', one line per set of countries: how an admin reads someone
    else's roles (/people), not in the second person."""
    return [
        "• "
        + _("{roles} for {scope}").format(
            roles=roles_text(frozenset(roles), locale),
            scope=scope_text(scope.countries, scope.all_countries, locale),
        )
        for scope, roles in _roles_by_scope(user).items()
    ]


def _roles_by_scope(user: UserView) -> dict[Scope, set[Role]]:
    by_scope: dict[Scope, set[Role]] = {}
    for role, scope in user.grants.items():
        by_scope.setdefault(scope, set()).add(role)
    return by_scope


def help_text(user: UserView, locale: str) -> str:
    lines = [
        grants_text(user, locale),
        "",
        _("What you can do:"),
    ]
    lines += [
        f"{ltr('/' + cmd.name, locale)} — {cmd.description}"
        for cmd in commands_for(
            user.roles, organisation_wide=user.acts_for_the_whole_organisation()
        )
    ]
    return "\n".join(lines)


def guest_text() -> str:
    return _(
        "Hello! This bot is for the staff, managers and volunteers of our organisation.\n\n"
        "To join, ask your monitoring and evaluation officer for an invitation link and open "
        "it: it brings you "
        "back here with your role. Until then I cannot do anything else for you."
    )


def welcome_text(first_name: str, full_name: str, locale: str, *, back: bool = False) -> str:
    """ "Welcome, Amina!" with the name as it is stored (bot.domain.people); a name no one can
    see (a Hangul filler, a blank Braille pattern) or none at all: "Welcome!", not "Welcome, !"."""
    name = greeting_name(first_name, full_name)
    if not name:
        return _("Welcome back!") if back else _("Welcome!")
    named = _("Welcome back, {name}!") if back else _("Welcome, {name}!")
    return named.format(name=safe(name, locale))


def what_is_new(before: UserView | None, after: UserView, role: Role, locale: str) -> str:
    """What an invitation gave a member who already held a role: the new role, or the countries
    their role now covers, on its own line under the welcome ("" for a newcomer, whose roles
    the welcome's help lists already, and for someone whose roles were all revoked)."""
    scope = after.grants.get(role)
    if before is None or not before.roles or scope is None:
        return ""
    text = (
        _("Your role {role} now covers {scope}.")
        if before.has_role(role)
        else _("Your new role: {role} for {scope}.")
    )
    countries = scope_text(scope.countries, scope.all_countries, locale)
    return "\n" + text.format(role=role_name(role), scope=countries)


def no_role_text() -> str:
    """For someone whose roles were all revoked (not a stranger: they did join)."""
    return _(
        "You no longer hold a role here. If you think this is a mistake, ask your monitoring "
        "and evaluation officer. To have your personal data erased, send /forget."
    )


def beyond_reach(admin: UserView, locale: str) -> str:
    """Why countries beyond the admin's own are refused (an invitation, a person's role), and
    which they may give."""
    reach = admin.scope(Role.ADMIN)
    return (
        _("You can give only the countries of your own admin role.")
        + "\n"
        + _("Countries: {scope}.").format(
            scope=scope_text(reach.countries, reach.all_countries, locale)
        )
    )


MAX_CODES_ECHOED = 10


def country_codes_error(error: ScopeError, locale: str) -> str:
    """What is wrong with typed country codes: the unknown ones echoed back (escaped, the first
    few only), then how to write them; names typed without commas that read two ways: asked
    again, with commas."""
    if isinstance(error, AmbiguousCountries):
        return _(
            "“{text}” can be read as more than one list of countries. Please separate the "
            "countries with commas."
        ).format(text=isolate(safe(error.codes[0], limit=200), locale))
    if error.codes:
        shown = list(error.codes[:MAX_CODES_ECHOED])
        if len(error.codes) > MAX_CODES_ECHOED:
            shown.append("…")
        # In the direction they were typed (an Arabic name too), with the locale's comma.
        text = _("I don't know these country codes: {codes}.").format(
            codes=isolate(safe(join_items(shown, locale), limit=200), locale)
        )
    else:
        text = _("Please type at least one country code.")
    return text + "\n" + _("Use two-letter ISO codes such as HT, NE or CA, or all.")


# Zones that are UTC itself, under the names IANA gives it: no city to show.
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Etc/Zulu"})


def zone_label(zone: str, locale: str) -> str:
    """'Niamey (Africa/Niamey)': the zone's city in the reader's language, and its name; a
    fixed offset as it is typed ('UTC-5', not 'GMT+5 (Etc/GMT+5)'), UTC as 'UTC'. Every
    message naming a zone shows it so, as its button does."""
    if zone in _UTC_NAMES:
        return "UTC"
    if zone_shown(zone) != zone:
        return zone_shown(zone)
    try:
        city = get_timezone_location(zone, locale=cldr_locale(locale), return_city=True)
        return f"{city} ({zone})"
    except LookupError:
        return zone


ZONE_COLUMN = 8  # time-zone buttons one a row at most; more go two a row


def zone_keyboard(zones: list[str], locale: str) -> InlineKeyboardMarkup:
    """One button per time zone, a tap sets it (handlers.common.picked_timezone): one a row,
    two beyond eight (Russia's eleven clocks, Canada's ten), so the keyboard fits a phone."""
    kb = Keyboard()
    for zone in zones:
        kb.button(text=zone_label(zone, locale), callback_data=TimezoneCB(zone=zone))
    kb.adjust(1 if len(zones) <= ZONE_COLUMN else 2)
    return kb.as_markup()


def invite_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


def newcomer_zone_prompt(
    zones: list[str], locale: str, provisional: str | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """What a newcomer is told of their time zone, by how many zones their countries have:
    one (it is theirs), several (tap yours; until then, `provisional`, their country's main
    clock, where there is one), none (see /settings)."""
    if len(zones) == 1:
        text = _("Your time zone is set to {zone}. You can change it with /settings.")
        return text.format(zone=ltr(zone_label(zones[0], locale), locale)), None
    if zones and provisional is not None:
        text = _(
            "Which time zone are you in? Tap yours. Until you do, I use {zone}, your "
            "country's main one (you can change it with /settings)."
        ).format(zone=ltr(zone_label(provisional, locale), locale))
        return text, zone_keyboard(zones, locale)
    if zones:
        text = _("Which time zone are you in? Tap yours (you can change it with /settings).")
        return text, zone_keyboard(zones, locale)
    text = _("Set your time zone with /settings, so that “today” and reminders follow your clock.")
    return text, None


def invitation_text(role: Role, scope: Scope, expires_on: dt.date, link: str, locale: str) -> str:
    """The invitation an admin just created: for whom, until when, and its link to pass on."""
    return (
        _("Invitation for the role {role} in {scope}, valid until {date}, for one person:").format(
            role=role_name(role),
            scope=scope_text(scope.countries, scope.all_countries, locale),
            date=format_date(expires_on, locale),
        )
        + "\n\n"
        + ltr(f"<code>{safe(link)}</code>", locale)
        + "\n\n"
        + _("Send this link to that person only. It works once.")
    )

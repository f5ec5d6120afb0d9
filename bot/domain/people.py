"""A member of the organisation as every layer sees them: roles, countries, locale, zone."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.domain.enums import Role
from bot.domain.scope import NOWHERE, Scope
from bot.domain.timezones import today_in

# Letters that draw nothing: Hangul fillers and the blank Braille pattern, which Telegram
# accepts as a whole name (the "invisible name" trick), like format characters and spaces.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
NAME_LENGTH = 128  # users.display_name
# Explicit direction controls (embeddings, overrides, isolates): a name needs none (names are
# isolated where they are shown), and an override (U+202E) left open in a name turns the text
# after it backwards in an admin's message, the "trojan name" trick.
_DIRECTION_CONTROLS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def stored_name(full_name: str) -> str:
    """A Telegram name as stored: at most NAME_LENGTH characters, and empty when nothing in it
    can be seen (an admin's list then shows "—", not a blank button no one can tell apart)."""
    name = full_name.translate(_DIRECTION_CONTROLS).strip()[:NAME_LENGTH]
    return name if any(map(_seen, name)) else ""


def _seen(ch: str) -> bool:
    # A letter, digit, punctuation or symbol draws something; so may a character this Python's
    # tables do not know yet (Cn: an emoji newer than them, 🩷 or 🫩) or a private-use one (Co:
    # the Apple logo many put in their name), which cannot be told blank.
    category = unicodedata.category(ch)
    return ch not in _BLANK_LETTERS and (category[0] in "LNPS" or category in ("Cn", "Co"))


def greeting_name(first_name: str, full_name: str) -> str:
    """The name to greet someone by: their first name, cleaned as stored_name cleans it, else
    their whole name; empty when nothing of it can be seen (then a welcome without a name)."""
    return stored_name(first_name) or stored_name(full_name)


def listed_countries(grants: Mapping[Role, Scope]) -> tuple[str, ...]:
    """The countries some role of theirs names, each once, in the roles' order."""
    return tuple(dict.fromkeys(code for scope in grants.values() for code in scope.countries))


@dataclass(frozen=True)
class UserView:
    id: int
    telegram_id: int
    display_name: str
    language: str | None
    telegram_language: str | None
    # Each role the user holds and the countries that role covers.
    grants: Mapping[Role, Scope]
    # The zone their dates, reminders and digest follow: the one they chose, else (while
    # timezone_chosen is False) their country's clock, or UTC where that is no one clock
    # (bot.domain.timezones.effective_zone, applied where the view is read).
    timezone: str
    active: bool
    # When the account joined (users.created_at); None where it was not read (every update's
    # light read of the sender leaves it out), so not part of what makes two views equal.
    joined: dt.datetime | None = field(default=None, compare=False)
    timezone_chosen: bool = True

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(self.grants)

    def has_role(self, role: Role) -> bool:
        return role in self.grants

    def is_known(self) -> bool:
        """True when the user holds any role (unknown users only get onboarding help)."""
        return bool(self.grants)

    def scope(self, *roles: Role) -> Scope:
        """The countries where the user may act through any of `roles` they hold.

        Every check asks for the roles that grant the action (reporting: field staff and
        admins; reading others' reports and indicators: managers and admins), so that the scope
        of another role, such as a volunteer's, never widens it.
        """
        scope = NOWHERE
        for role in roles:
            scope = scope.union(self.grants.get(role, NOWHERE))
        return scope

    def acts_for_the_whole_organisation(self) -> bool:
        """Admins, and managers of every country, may change organisation-wide figures (the
        plan's yearly manual values); a manager of some countries may not."""
        return self.has_role(Role.ADMIN) or self.scope(Role.MANAGER).all_countries

    @property
    def listed_countries(self) -> tuple[str, ...]:
        """The countries their roles name (a role over every country names none): where their
        time zone is taken from until they choose one."""
        return listed_countries(self.grants)

    @property
    def any_scope(self) -> Scope:
        """Every country the user works in, through any role (for suggestions, never checks)."""
        return self.scope(*self.grants)

    def today(self, now: dt.datetime | None = None) -> dt.date:
        """Today in the user's own time zone (a report is dated where the work happened); the
        one way every layer asks for a user's "today"."""
        return today_in(self.timezone, now)

"""Roles' country scopes and invite lifetimes, parsed from what an admin types (pure)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from babel import Locale

from bot.domain.languages import SUPPORTED_LOCALES, read_locales

ALL = "all"
_DURATION = re.compile(r"^\s*([0-9]{1,4})\s*([mhdw])\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
MAX_INVITE_LIFETIME = dt.timedelta(days=90)
# CLDR names these two-letter regions, but they are not ISO 3166 countries one can work in.
_NOT_COUNTRIES = frozenset(
    {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"}
)


class ScopeError(ValueError):
    """What is wrong with a country list; `codes` lists the offending entries."""

    def __init__(self, codes: tuple[str, ...]) -> None:
        super().__init__(", ".join(codes))
        self.codes = codes


class AmbiguousCountries(ScopeError):
    """Names typed without commas that can be read as more than one list of countries;
    `codes` holds what was typed."""


@dataclass(frozen=True)
class Scope:
    """The countries one role covers: a list of ISO 3166 alpha-2 codes, or every country."""

    countries: tuple[str, ...]
    all_countries: bool

    def covers(self, country: str) -> bool:
        return self.all_countries or country.upper() in self.countries

    @property
    def is_empty(self) -> bool:
        return not self.all_countries and not self.countries

    def union(self, other: Scope) -> Scope:
        if self.all_countries or other.all_countries:
            return EVERYWHERE
        return Scope(tuple(sorted({*self.countries, *other.countries})), all_countries=False)


NOWHERE = Scope(countries=(), all_countries=False)
EVERYWHERE = Scope(countries=(), all_countries=True)


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166 alpha-2 codes that CLDR names (regions such as '001' are excluded)."""
    names = Locale.parse("en").territories
    return frozenset(
        code
        for code in names
        if isinstance(code, str)
        and len(code) == 2
        and code.isalpha()
        and code not in _NOT_COUNTRIES
    )


AND_WORDS = frozenset({"and", "et", "y", "e", "na", "sy", "ary", "و"})
# "all", alone, in the languages the bot speaks (the prompts say "all"; people type their own).
ALL_WORDS = frozenset(
    {ALL, "tous", "toutes", "todos", "todas", "الكل", "الجميع", "yote", "zote", "rehetra"}
)


@cache
def _codes_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    codes = country_codes()
    for cldr in (c for locale in SUPPORTED_LOCALES for c in read_locales(locale)):
        for code, name in Locale.parse(cldr).territories.items():
            if code in codes:
                names.setdefault(str(name).casefold(), str(code))
    return names


def code_for_name(name: str) -> str | None:
    """The ISO code of a country typed by its name in one of the bot's languages ('Haiti',
    'haïti', 'Niger'), or None."""
    return _codes_by_name().get(name.strip().casefold())


# A lower-case "and" (ET, NA, SY in capitals are countries) ending or opening a list, a space
# from a code: "Maroc, HT et" unfinished, not Ethiopia ("HT, et" is the code after a comma).
_AND_LIST = "|".join(sorted(map(re.escape, AND_WORDS), key=len, reverse=True))
_DANGLING_AND = re.compile(
    rf"[^\s,;،][^\S\n]+(?:{_AND_LIST})[\s.]*$|^\s*(?:{_AND_LIST})[^\S\n]+[^\s,;،]"
)


def parse_scope(text: str) -> Scope:
    """'HT, ne' → (HT, NE); 'all' ('tous', 'الكل', 'yote'…) → every country. Unknown codes
    raise ScopeError.

    "and" between two codes, in the languages the bot speaks, is a word, not a country: "HT et
    NE" is Haiti and Niger, not Ethiopia too ("na" is not Namibia, "sy" not Syria). Typed in
    capitals (ET, NA, SY) it is the country."""
    parts = [part.strip() for part in re.split(r"[\s,;،]+", text) if part.strip()]
    if _DANGLING_AND.search(text):  # "HT et": Haiti and..., or Haiti and Ethiopia?
        raise ScopeError((text.strip(),))
    raw = [
        part.upper()
        for index, part in enumerate(parts)
        if not (part in AND_WORDS and 0 < index < len(parts) - 1)
    ]
    if not raw:
        raise ScopeError(())
    if len(raw) == 1 and raw[0].lower() in ALL_WORDS:
        return EVERYWHERE
    bad = tuple(code for code in raw if code not in country_codes())
    if bad:
        raise ScopeError(bad)
    return Scope(countries=tuple(dict.fromkeys(raw)), all_countries=False)


def parse_duration(text: str) -> dt.timedelta:
    """'7d', '12h', '2w', '30m' → timedelta; at most MAX_INVITE_LIFETIME."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(text)
    amount, unit = int(match.group(1)), match.group(2).lower()
    delta = dt.timedelta(seconds=amount * _UNIT_SECONDS[unit])
    if delta <= dt.timedelta(0) or delta > MAX_INVITE_LIFETIME:
        raise ValueError(text)
    return delta

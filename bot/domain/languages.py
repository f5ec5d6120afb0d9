"""Which language to talk in; numbers, dates and names written in it (pure, Babel only)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from decimal import Decimal

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal

# The languages the catalogs cover, in the order /language lists them.
SUPPORTED_LOCALES: tuple[str, ...] = ("en", "fr", "es", "ar", "pt", "sw", "mg")
DEFAULT_LOCALE = "en"
RTL_LOCALES = frozenset({"ar", "fa", "he", "ur"})

# Unicode bidi isolates: LRI ... PDI keeps a left-to-right run (a number, a code, a Latin name)
# in order inside right-to-left text; FSI ... PDI lets the run pick its own direction.
LRI = "\u2066"
FSI = "\u2068"
PDI = "\u2069"


def base_language(tag: str | None) -> str | None:
    """'pt-BR' → 'pt', 'fr_CA' → 'fr', '' → None."""
    if not tag:
        return None
    return tag.replace("_", "-").split("-", 1)[0].lower() or None


def resolve_locale(
    chosen: str | None,
    telegram_hint: str | None,
    supported: Sequence[str] = SUPPORTED_LOCALES,
    default: str = DEFAULT_LOCALE,
) -> str:
    """The user's choice wins; else Telegram's language_code mapped to a catalog; else default."""
    for candidate in (chosen, base_language(telegram_hint)):
        if candidate and candidate in supported:
            return candidate
    return default


def is_rtl(locale: str) -> bool:
    return base_language(locale) in RTL_LOCALES


def ltr(text: str, locale: str) -> str:
    """Wrap a left-to-right run (number, date, code) so it stays in order in RTL text."""
    return f"{LRI}{text}{PDI}" if is_rtl(locale) else text


def isolate(text: str, locale: str) -> str:
    """Wrap user-supplied text of unknown direction (a name) inside RTL text."""
    return f"{FSI}{text}{PDI}" if is_rtl(locale) else text


def language_name(code: str) -> str:
    """A language's name in that language, capitalised as a menu item: 'Français', 'العربية'."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def format_number(value: float | Decimal, locale: str) -> str:
    return ltr(format_decimal(value, locale=locale), locale)


def format_date(value: dt.date, locale: str, fmt: str = "medium") -> str:
    return ltr(_babel_format_date(value, format=fmt, locale=locale), locale)


@functools.lru_cache(maxsize=4096)
def country_name(code: str, locale: str) -> str:
    """ISO 3166 alpha-2 → the country's name in the locale (CLDR), falling back to the code."""
    return str(Locale.parse(locale).territories.get(code.upper(), code.upper()))

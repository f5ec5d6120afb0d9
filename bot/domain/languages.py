"""Which language to talk in; numbers, dates and names written in it (pure, Babel only)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.dates import get_date_format, get_day_names
from babel.lists import format_list as _babel_format_list
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol
from babel.numbers import format_percent as babel_format_percent

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


def own_direction(text: str) -> str:
    """Text of unknown direction (a name) isolated whatever the language: on a button, an Arabic
    name first would make the whole label right-to-left ("Field staff · سارة" read backwards),
    and a Latin name would do the same in an Arabic label."""
    return f"{FSI}{text}{PDI}"


# Babel's "pt" is CLDR's Brazilian Portuguese ("Quênia", "28.394", "1 de dez. de 2026"); our
# Portuguese readers are in Mozambique, Angola, Guinea-Bissau and Cabo Verde, and the catalog is
# written in European Portuguese, so the bot writes in CLDR's pt_PT ("Quénia", "28 394",
# "01/12/2026"). pt_MZ, pt_AO, pt_GW and pt_CV exist in Babel, but each only inherits pt_PT and
# changes a currency symbol or drops the European time-zone abbreviations, which the bot never
# writes: naming one of them would say nothing more and would pick one country's data for all.
# The catalog keeps the domain "pt" (locales/pt): this maps a catalog's code to the CLDR locale
# whose data every Babel call uses, and nothing else.
_CLDR_LOCALES: dict[str, str] = {"pt": "pt_PT"}
# What a reader may type besides their CLDR locale's words: a Brazilian country or month name
# ("Quênia") is still understood.
_ALSO_READ: dict[str, tuple[str, ...]] = {"pt": ("pt",)}


def cldr_locale(locale: str) -> str:
    """The CLDR locale the bot formats in for one of its languages: 'pt' → 'pt_PT' (see above),
    every other code unchanged. Every Babel call that takes a locale goes through this."""
    return _CLDR_LOCALES.get(locale, locale)


def html_lang(locale: str) -> str:
    """The BCP 47 tag of the language the bot writes, for a web page's lang attribute
    ('pt' → 'pt-PT'): a screen reader picks its voice by it (plain 'pt' reads in Brazilian)."""
    return cldr_locale(locale).replace("_", "-")


def read_locales(locale: str) -> tuple[str, ...]:
    """The CLDR locales whose names (countries, months) a reader of `locale` may type."""
    return (cldr_locale(locale), *_ALSO_READ.get(locale, ()))


def language_name(code: str) -> str:
    """A language's name in that language, capitalised as a menu item: 'Français', 'العربية'."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


# Where CLDR's data for a language is not how its speakers write. Malagasy: CLDR has the root
# data (year first, "2026-03-15", and a decimal point), but Madagascar writes day first
# ("15/03/2026") and uses a decimal comma ("2,5"), as in French.
_DATE_PATTERNS: dict[str, dict[str, str]] = {
    "mg": {"short": "dd/MM/y", "medium": "d MMM y", "long": "d MMMM y", "full": "EEEE d MMMM y"},
}
_NUMBER_SYMBOLS: dict[str, tuple[str, str]] = {"mg": (",", "\u202f")}
DateWidth = Literal["short", "medium", "long", "full"]
_WIDTHS: tuple[DateWidth, ...] = ("short", "medium", "long", "full")


@functools.lru_cache(maxsize=256)
def number_symbols(locale: str) -> tuple[str, str]:
    """(decimal symbol, group symbol) as the locale writes numbers in Latin digits (once per
    locale: Babel parses the locale anew on each call, twice per number a form reads)."""
    base = base_language(locale) or DEFAULT_LOCALE
    if base in _NUMBER_SYMBOLS:
        return _NUMBER_SYMBOLS[base]
    try:
        cldr = cldr_locale(locale)
        return str(get_decimal_symbol(locale=cldr)), str(get_group_symbol(locale=cldr))
    except (UnknownLocaleError, ValueError, TypeError):
        return ".", ","


@functools.lru_cache(maxsize=256)
def group_symbols_read(locale: str) -> frozenset[str]:
    """The thousands separators a reader of `locale` may type: the one the bot writes, and for
    Portuguese also the point ("1.500" is written so in Mozambique and Angola as in Brazil,
    where pt_PT's data has a space: never a decimal point, which is a comma in every one)."""
    also = (str(get_group_symbol(locale=cldr)) for cldr in read_locales(locale)[1:])
    return frozenset({number_symbols(locale)[1], *also})


def _own_symbols(text: str, locale: str) -> str:
    base = base_language(locale) or DEFAULT_LOCALE
    if base in _NUMBER_SYMBOLS:  # CLDR's "1,234.5" written with the language's own symbols
        decimal, group = _NUMBER_SYMBOLS[base]
        text = text.translate({ord(","): "\0", ord("."): decimal}).replace("\0", group)
    return text


def number_text(value: float | Decimal, locale: str, *, exact: bool = False) -> str:
    """A number as the locale writes it, without direction marks (for a chart, a page, a
    spreadsheet); `exact` keeps every decimal given. In a chat message, use format_number."""
    text = format_decimal(value, locale=cldr_locale(locale), decimal_quantization=not exact)
    return _own_symbols(str(text), locale)


def percent_text(fraction: float | Decimal, locale: str, *, hundredths: bool = False) -> str:
    """A share (0.25) as the locale writes a percentage ("25 %", "25%", "٪25"), without
    direction marks; with `hundredths`, to a hundredth of a percent ("20,4 %")."""
    if hundredths:
        exact = Decimal(fraction).quantize(Decimal("0.0001")).normalize()
        text = babel_format_percent(exact, locale=cldr_locale(locale), decimal_quantization=False)
    else:
        text = babel_format_percent(float(fraction), locale=cldr_locale(locale))
    return _own_symbols(str(text), locale)


def format_number(value: float | Decimal, locale: str, *, exact: bool = False) -> str:
    """A number in the locale's digits and symbols, kept in order inside right-to-left text;
    `exact` keeps every decimal given. The one way the bot writes a number in a message."""
    return ltr(number_text(value, locale, exact=exact), locale)


@functools.lru_cache(maxsize=256)
def date_pattern(locale: str, width: DateWidth = "short") -> str:
    """The locale's CLDR date pattern ('dd/MM/y'), or ours where CLDR is not how people write."""
    override = _DATE_PATTERNS.get(base_language(locale) or DEFAULT_LOCALE, {})
    if width in override:
        return override[width]
    try:
        return str(get_date_format(width, locale=cldr_locale(locale)).pattern)
    except (UnknownLocaleError, ValueError, TypeError):
        return "M/d/y"


def format_date(value: dt.date, locale: str, fmt: str = "medium") -> str:
    """A date the locale's way; `fmt` is a width (short, medium, long, full) or a pattern.

    Isolated by its own first strong character, not forced left to right: CLDR writes Arabic
    dates with right-to-left marks between the numbers ("1‏/12‏/2026") or with an Arabic month
    name, and a left-to-right isolate scrambled them ("012026/12/")."""
    for width in _WIDTHS:
        if fmt == width:
            fmt = date_pattern(locale, width)
    return isolate(_babel_format_date(value, format=fmt, locale=cldr_locale(locale)), locale)


def short_date(day: dt.date, locale: str) -> str:
    """`day` short, unambiguous: the locale's short form with a 4-digit year; in English, whose
    digits-only dates read two ways (bot.forms.engine), the month as a word ("Nov 30, 2026")."""
    width = "medium" if base_language(locale) == "en" else "short"
    pattern = re.sub(r"y+", "y", date_pattern(locale, width))
    return isolate(_babel_format_date(day, format=pattern, locale=cldr_locale(locale)), locale)


def weekday_name(day: int, locale: str) -> str:
    """A weekday (0 Monday … 6 Sunday) by its full name: 'segunda-feira', 'lundi'."""
    return str(get_day_names("wide", locale=cldr_locale(locale))[day])


def date_example(day: dt.date, locale: str) -> str:
    """`day` as an example of a date to type (short_date: a form the forms read back)."""
    return short_date(day, locale)


# Where CLDR's name is not what people in the field write (or misleads: the Malagasy CLDR name
# of DR Congo reads "Republic of Congo", the other Congo), the name they use.
_NAMES_AS_WRITTEN: dict[str, dict[str, str]] = {
    "CD": {
        "en": "DR Congo",
        "fr": "RD Congo",
        "es": "RD del Congo",
        "pt": "RD Congo",
        "ar": "الكونغو الديمقراطية",
        "sw": "Kongo (DRC)",
        "mg": "RD Kongo",
    },
    "CG": {
        "en": "Congo-Brazzaville",
        "fr": "Congo-Brazzaville",
        "es": "Congo-Brazzaville",
        "pt": "Congo-Brazzaville",
        "ar": "الكونغو برازافيل",
        "sw": "Kongo-Brazzaville",
        "mg": "Kôngô-Brazzaville",
    },
}


@functools.lru_cache(maxsize=4096)
def country_name(code: str, locale: str) -> str:
    """ISO 3166 alpha-2 → the country's name in the locale as people write it (CLDR, with a
    few names the field writes otherwise), falling back to the code."""
    code = code.upper()
    written = _NAMES_AS_WRITTEN.get(code, {}).get(locale.replace("-", "_").split("_")[0])
    if written is not None:
        return written
    return str(Locale.parse(cldr_locale(locale)).territories.get(code, code))


def alphabetical(name: str) -> tuple[str, str]:
    """A sort key for names in a list people scan by their first letter: accents and case do
    not move a name (Égypte among the E's in French, África among the A's in Portuguese,
    not after Zimbabwe as code points put them)."""
    letters = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in letters if not unicodedata.combining(c))
    return plain.casefold(), name


def join_items(items: Iterable[str], locale: str) -> str:
    """Items one after the other, with the locale's list separator ("، " in Arabic)."""
    separator = "، " if locale.split("_")[0].split("-")[0] == "ar" else ", "
    return separator.join(items)


def list_text(items: Sequence[str], locale: str) -> str:
    """'A, B and C' in the reader's language. CLDR has no list patterns for Malagasy, and
    Babel's fallback joined every item with a comma ('iraka 1 efa an-dalana, iraka 1 ho
    avy', 'Madagasikara, Kenya'), which reads as a list cut short: the last is joined with
    'sy' (and)."""
    if base_language(locale) == "mg" and len(items) > 1:
        return ", ".join(items[:-1]) + " sy " + items[-1]
    return str(_babel_format_list(list(items), locale=cldr_locale(locale)))

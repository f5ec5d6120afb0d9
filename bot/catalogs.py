"""The gettext catalogs shipped with fieldbot (locales/*.po), compiled in memory.

Without aiogram: the CLI translates an export's labels (`catalog_translate` in bot.services)
and an XLSForm's (`Catalogs`) with them; bot.i18n builds aiogram's I18n on them for the chat.
"""

from __future__ import annotations

import gettext
import io
from importlib import resources
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "messages"


def locales_dir() -> Path:
    """The catalogs shipped with the package (`locales/` at the top of the repository)."""
    return Path(str(resources.files("locales")))


def compile_catalogs(path: Path, domain: str = DOMAIN) -> dict[str, gettext.GNUTranslations]:
    """Every <locale>/LC_MESSAGES/<domain>.po under `path`, compiled in memory.

    The .po files are the only source of truth: compiling them at start-up means a stale or
    forgotten .mo can never show an old translation.
    """
    translations: dict[str, gettext.GNUTranslations] = {}
    for po_path in sorted(path.glob(f"*/LC_MESSAGES/{domain}.po")):
        locale = po_path.parent.parent.name
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=locale, domain=domain)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        translations[locale] = gettext.GNUTranslations(buffer)
    return translations


class Catalogs:
    """Every locale's catalog, looked up as aiogram's `I18n.gettext` does, without aiogram (which
    takes seconds of CPU to import): a locale with no catalog keeps the msgid, singular or
    plural by `n`. For the CLI, which names the locale of each message."""

    def __init__(self, default_locale: str, path: Path | None = None) -> None:
        self.default_locale = default_locale
        self.locales = compile_catalogs(path or locales_dir())

    def gettext(
        self, singular: str, plural: str | None = None, n: int = 1, locale: str | None = None
    ) -> str:
        catalog = self.locales.get(locale or self.default_locale)
        if catalog is None:
            return singular if n == 1 else plural or singular
        if plural is None:
            return catalog.gettext(singular)
        return catalog.ngettext(singular, plural, n)

"""The gettext catalogs shipped with fieldbot (locales/*.po), compiled in memory.

Without aiogram: the CLI translates an export's labels with them (`catalog_translate` in
bot.services); bot.i18n builds aiogram's I18n on them for the chat.
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

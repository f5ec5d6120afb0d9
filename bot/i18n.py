"""gettext catalogs (compiled from locales/*.po at start) and the per-update locale."""

from __future__ import annotations

import gettext
from collections.abc import Generator
from contextlib import contextmanager
from typing import Any

from aiogram.types import TelegramObject
from aiogram.utils.i18n import I18n, I18nMiddleware

from bot.catalogs import DOMAIN, compile_catalogs, locales_dir
from bot.domain.languages import DEFAULT_LOCALE, resolve_locale
from bot.domain.people import UserView


class CatalogI18n(I18n):
    """aiogram's I18n reading the .po catalogs (see compile_catalogs) instead of .mo files."""

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
        return compile_catalogs(self.path, self.domain)

    @contextmanager
    def context(self) -> Generator[I18n, None, None]:
        # aiogram's gettext helpers look up I18n's own context variable, and every subclass
        # gets a variable of its own: set the base class's.
        token = I18n.set_current(self)
        try:
            yield self
        finally:
            I18n.reset_current(token)


def create_i18n(default_locale: str = DEFAULT_LOCALE) -> I18n:
    return CatalogI18n(path=locales_dir(), default_locale=default_locale, domain=DOMAIN)


class UserLocaleMiddleware(I18nMiddleware):
    """The user's chosen language, else Telegram's hint mapped to a catalog, else the default."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        return locale_for(data, self.i18n)


def locale_for(data: dict[str, Any], i18n: I18n) -> str:
    """The locale for an update's context `data` (also used by the error handler)."""
    user: UserView | None = data.get("user")
    from_user = data.get("event_from_user")
    # The hint of this very update is fresher than the one stored at the last visit.
    hint = getattr(from_user, "language_code", None) or (user.telegram_language if user else None)
    return resolve_locale(user.language if user else None, hint, default=i18n.default_locale)

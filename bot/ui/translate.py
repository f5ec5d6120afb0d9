"""gettext for the text that both the chat and the scheduler write (indicators, the digest),
without aiogram: a digest built by `fieldbot digest --now` needs no Bot API client, and aiogram
took seconds of CPU to import.

Inside `translating(catalogs, locale)` the text comes from those catalogs (bot.catalogs
.Catalogs, or the bot's aiogram I18n: both look a message up alike); outside, from aiogram's
per-update context, as the chat's handlers set it (bot.i18n.UserLocaleMiddleware)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol


class Translator(Protocol):
    """What looks a message up: bot.catalogs.Catalogs, or aiogram's I18n."""

    @property
    def default_locale(self) -> str: ...

    def gettext(
        self, singular: str, plural: str | None = None, n: int = 1, locale: str | None = None
    ) -> str: ...


_CURRENT: ContextVar[tuple[Translator, str] | None] = ContextVar(
    "fieldbot_translation", default=None
)


@contextmanager
def translating(translator: Translator, locale: str) -> Iterator[None]:
    """Messages in `locale`, from `translator`, within the block."""
    token = _CURRENT.set((translator, locale))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current_locale() -> str | None:
    """The locale of the enclosing `translating` block; None outside one."""
    current = _CURRENT.get()
    return None if current is None else current[1]


def gettext(message: str) -> str:
    current = _CURRENT.get()
    if current is None:
        from aiogram.utils.i18n import gettext as in_update  # the chat: aiogram's context

        return in_update(message)
    translator, locale = current
    return translator.gettext(message, locale=locale)


def ngettext(singular: str, plural: str, n: int) -> str:
    current = _CURRENT.get()
    if current is None:
        from aiogram.utils.i18n import ngettext as in_update

        return in_update(singular, plural, n)
    translator, locale = current
    return translator.gettext(singular, plural, n, locale=locale)


_ = gettext

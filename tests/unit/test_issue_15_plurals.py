"""Issue 15, item 3: every message with a count has plural forms, in every language.

For n in 0, 1, 2, 5, 11, 100 (which walk every plural form of the seven languages, Arabic's
six included), each ngettext message of the catalogs renders without a leftover placeholder,
and the messages of the digest that carry a count are ngettext messages.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from bot.catalogs import locales_dir
from bot.i18n import create_i18n

LOCALES = ["en", "fr", "es", "pt", "ar", "sw", "mg"]
COUNTS = [0, 1, 2, 5, 11, 100]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _plural_messages() -> list[tuple[str, str]]:
    with (locales_dir() / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    return [(m.id[0], m.id[1]) for m in template if isinstance(m.id, tuple)]


def test_the_digest_counts_are_plural_messages() -> None:
    singulars = {one for one, _ in _plural_messages()}
    for message in (
        "{count} indicator needs attention.",
        "…and {count} more indicator: see /indicators.",
        "No report for {days} day from: {countries}",
        "{count} report received last week: {countries}",
        "It has been {days} day since your last report. Anything to share? "
        "It only takes a few minutes.",
        "You joined {days} day ago and have not sent a report yet. Anything to share? "
        "It only takes a few minutes.",
        "{count} country reached: {countries}",
    ):
        assert message in singulars


@pytest.mark.parametrize("locale", LOCALES)
def test_every_plural_message_renders_for_every_count(locale: str) -> None:
    i18n = create_i18n()
    messages = _plural_messages()
    assert len(messages) >= 8
    for singular, plural in messages:
        names = set(PLACEHOLDER.findall(singular)) | set(PLACEHOLDER.findall(plural))
        for n in COUNTS:
            with i18n.context(), i18n.use_locale(locale):
                template = i18n.gettext(singular, plural, n)
            assert template, (locale, singular, n)
            if locale != "en":
                assert template not in (singular, plural), f"untranslated: {singular!r} ({locale})"
            text = template.format(**{name: str(n) for name in names})
            assert "{" not in text, (locale, singular, n, text)
            assert "}" not in text, (locale, singular, n, text)
            assert str(n) in text, f"{locale}, n={n}: the count is missing from {text!r}"

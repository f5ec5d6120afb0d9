"""Each catalog picks its plural form with its own language's rule.

Babel's "pt" rule is Brazilian Portuguese, where 0 takes the singular ("0 relatório"); the
bot writes European/African Portuguese (TRANSLATING.md), where 0 takes the plural, as in
Spanish: an export of an empty month says "0 relatórios".
"""

from __future__ import annotations

import pytest

from bot.i18n import create_i18n

RECEIVED = (
    "{count} report received last week: {countries}",
    "{count} reports received last week: {countries}",
)


@pytest.mark.parametrize(
    ("locale", "count", "expected"),
    [
        ("pt", 0, "0 relatórios recebidos"),
        ("pt", 1, "1 relatório recebido"),
        ("pt", 2, "2 relatórios recebidos"),
        ("es", 0, "0 informes recibidos"),
        ("fr", 0, "0 rapport reçu"),  # French counts 0 in the singular
    ],
)
def test_zero_takes_the_form_its_language_gives_it(locale: str, count: int, expected: str) -> None:
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale(locale):
        text = i18n.gettext(*RECEIVED, count).format(count=count, countries="Haiti")
    assert text.startswith(expected), text

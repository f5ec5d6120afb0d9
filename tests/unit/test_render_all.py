"""Every message renders in every language, and Arabic keeps numbers and codes in order."""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel.messages.pofile import read_po

from bot.catalogs import locales_dir
from bot.domain.languages import LRI, PDI, SUPPORTED_LOCALES
from bot.i18n import create_i18n

PLACEHOLDER = re.compile(r"\{(\w+)\}")
SAMPLES = {"n": 3, "count": 12, "days": 14, "step": 3, "total": 11, "max": 1000, "length": 1200}


@cache
def _template() -> list[tuple[str, str | None]]:
    with (locales_dir() / "messages.pot").open("rb") as fh:
        catalog = read_po(fh)
    return [(m.id, None) if isinstance(m.id, str) else (m.id[0], m.id[1]) for m in catalog if m.id]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_message_renders_in_every_language(locale: str) -> None:
    i18n = create_i18n()
    rendered = 0
    for singular, plural in _template():
        names = set(PLACEHOLDER.findall(singular)) | set(PLACEHOLDER.findall(plural or ""))
        params = {name: SAMPLES.get(name, f"<{name}>") for name in names}
        for count in (1, 2, 5, 11, 100) if plural else (1,):
            text = (
                i18n.gettext(singular, plural, count, locale=locale)
                if plural
                else i18n.gettext(singular, locale=locale)
            )
            out = text.format(**params)  # a KeyError or IndexError here is a broken translation
            assert out.strip(), (locale, singular)
            rendered += 1
    # The template holds the bot's messages (an extraction that found none would check nothing).
    assert len(_template()) > 300
    assert rendered > len(_template())  # the plural ones in several counts


def test_arabic_step_counter_keeps_the_numbers_in_order() -> None:
    from aiogram.utils.i18n import gettext as _

    from bot.domain.languages import ltr

    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("ar"):
        text = _("Step {step}/{total}").format(step=ltr("3", "ar"), total=ltr("11", "ar"))
    assert text == f"الخطوة {LRI}3{PDI}/{LRI}11{PDI}"


def test_arabic_help_isolates_commands_and_latin_names() -> None:
    from bot.domain.enums import Role
    from bot.ui.render import help_text
    from bot.ui.text import safe
    from tests.factories import person

    i18n = create_i18n()
    manager = person(
        telegram_id=3001,
        display_name="Layla",
        language="ar",
        telegram_language="ar",
        roles={Role.MANAGER: ["HT"]},
    )
    with i18n.context(), i18n.use_locale("ar"):
        text = help_text(manager, "ar")
        name = safe("Jean <b>", "ar")
    assert f"{LRI}/help{PDI} — " in text
    assert "\u2068هايتي\u2069" in text  # the country name isolated as a whole
    assert name == "\u2068Jean &lt;b&gt;\u2069"  # escaped for HTML, then isolated

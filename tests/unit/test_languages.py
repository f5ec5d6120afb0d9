from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.languages import (
    country_name,
    format_date,
    format_number,
    isolate,
    language_name,
    resolve_locale,
)


@pytest.mark.parametrize(
    ("chosen", "hint", "expected"),
    [
        ("es", "fr", "es"),  # a language picked with /language wins
        (None, "fr-CA", "fr"),
        (None, "ar-EG", "ar"),
        (None, "pt-br", "pt"),
        (None, "sw-KE", "sw"),
        (None, "mg", "mg"),
        (None, "de-DE", "en"),  # no German catalog → default
        (None, None, "en"),
        ("xx", "ar", "ar"),  # a stored choice that is no longer offered is ignored
        (None, "", "en"),
    ],
)
def test_resolve_locale(chosen: str | None, hint: str | None, expected: str) -> None:
    assert resolve_locale(chosen, hint) == expected


def test_language_names_are_in_their_own_language() -> None:
    assert [language_name(c) for c in ("en", "fr", "es", "ar")] == [
        "English",
        "Français",
        "Español",
        "العربية",
    ]


def test_numbers_dates_and_countries_follow_the_locale() -> None:
    assert format_number(12345.5, "fr") == "12\u202f345,5"
    assert format_number(12345.5, "en") == "12,345.5"
    assert format_date(dt.date(2026, 3, 5), "es") == "5 mar 2026"
    assert country_name("HT", "fr") == "Haïti"
    assert country_name("ne", "es") == "Níger"
    assert country_name("QQ", "en") == "QQ"


def test_numbers_and_names_are_isolated_inside_arabic() -> None:
    assert format_number(12, "ar") == "\u206612\u2069"
    assert isolate("Jean", "ar") == "\u2068Jean\u2069"
    assert isolate("Jean", "fr") == "Jean"

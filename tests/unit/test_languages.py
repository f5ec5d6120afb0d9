from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.languages import (
    country_name,
    format_date,
    format_number,
    isolate,
    language_name,
    list_text,
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


@pytest.mark.parametrize(
    ("items", "locale", "expected"),
    [
        (["Madagasikara", "Kenya"], "mg", "Madagasikara sy Kenya"),
        (["A", "B", "D"], "mg", "A, B sy D"),  # not "A, B, D": a list cut short
        (["Madagasikara"], "mg", "Madagasikara"),
        (["Haïti", "Niger"], "fr", "Haïti et Niger"),
        (["A", "B", "D"], "sw", "A, B na D"),
    ],
)
def test_the_last_of_a_list_is_joined_with_and(
    items: list[str], locale: str, expected: str
) -> None:
    assert list_text(items, locale) == expected

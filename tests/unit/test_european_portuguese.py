"""Portuguese is written the European way (CLDR pt_PT), as the catalog is: Babel's plain "pt"
is Brazilian, and country names, numbers and dates came out as in Brazil ("Quênia", "28.394",
"1 de dez. de 2026") next to the catalog's European words."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from bot.domain.languages import (
    country_name,
    date_example,
    date_pattern,
    format_date,
    format_number,
    list_text,
    number_symbols,
    number_text,
    percent_text,
    short_date,
)
from bot.domain.scope import code_for_name
from bot.domain.timezones import find_zones
from bot.forms.definitions import TRAINING
from bot.forms.engine import match_countries, parse_answer
from bot.ui.render import zone_label
from bot.ui.reports import local_time

NBSP = "\u00a0"
DAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("written", "european", "brazilian"),
    [
        (lambda: country_name("KE", "pt"), "Quénia", "Quênia"),
        (lambda: country_name("ZW", "pt"), "Zimbabué", "Zimbábue"),
        (
            lambda: list_text([country_name(c, "pt") for c in ("KE", "MG")], "pt"),
            "Quénia e Madagáscar",
            "Quênia e Madagascar",
        ),
        (lambda: number_text(28394, "pt"), f"28{NBSP}394", "28.394"),
        (lambda: format_number(Decimal("1234.5"), "pt"), f"1{NBSP}234,5", "1.234,5"),
        (lambda: "".join(number_symbols("pt")), f",{NBSP}", ",."),
        (lambda: percent_text(Decimal("0.2043"), "pt", hundredths=True), "20,43%", "20,43%"),
        (lambda: format_date(DAY, "pt"), "01/12/2026", "1 de dez. de 2026"),
        (lambda: date_pattern("pt", "medium"), "dd/MM/y", "d 'de' MMM 'de' y"),
        (lambda: short_date(DAY, "pt"), "01/12/2026", "01/12/2026"),
        (lambda: date_example(DAY, "pt"), "01/12/2026", "01/12/2026"),
        (
            lambda: local_time(
                dt.datetime(2026, 11, 30, 12, 5, tzinfo=dt.UTC), "Africa/Maputo", "pt"
            ),
            "30/11/2026, 14:05",
            "30 de nov. de 2026 14:05",
        ),
        (
            lambda: zone_label("Africa/Nairobi", "pt"),
            "Nairobi (Africa/Nairobi)",
            "Nairóbi (Africa/Nairobi)",
        ),
    ],
)
def test_portuguese_is_written_the_european_way(
    written: Callable[[], str], european: str, brazilian: str
) -> None:
    assert written() == european


def test_a_country_typed_the_european_or_the_brazilian_way_is_understood() -> None:
    assert code_for_name("Quénia") == code_for_name("Quênia") == "KE"
    assert find_zones("Quénia") == find_zones("Quênia") == ["Africa/Nairobi"]
    assert match_countries("Quénia", "pt")[:1] == match_countries("Quênia", "pt")[:1] == ["KE"]


def test_a_thousand_typed_with_a_point_is_still_a_thousand_in_portuguese() -> None:
    """pt_PT's data groups with a space; Mozambique and Angola also write "1.500"."""
    women = TRAINING.question("participants_women")
    assert parse_answer(women, "1.500", {}, locale="pt", today=DAY).value == 1500
    assert parse_answer(women, "1 500", {}, locale="pt", today=DAY).value == 1500


# Babel's functions that write in a locale: each is given the CLDR locale of the reader's
# language, `cldr_locale(locale)`, or a CLDR code from `read_locales` (a variable named cldr).
_BABEL_MODULES = ("babel.dates", "babel.numbers", "babel.lists")
_ROOT = Path(__file__).resolve().parents[2]


def _unmapped_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    babel_names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in _BABEL_MODULES
        for alias in node.names
    }
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in babel_names:
            continue
        given = next((k.value for k in node.keywords if k.arg == "locale"), None)
        mapped = (
            isinstance(given, ast.Call)
            and isinstance(given.func, ast.Name)
            and given.func.id == "cldr_locale"
        ) or (isinstance(given, ast.Name) and given.id == "cldr")
        if not mapped:
            found.append(f"{path.relative_to(_ROOT)}:{node.lineno} {node.func.id}")
    return found


def test_every_babel_call_is_given_the_cldr_locale_of_the_language() -> None:
    """One mapping (bot.domain.languages.cldr_locale): a new chart or export that called
    Babel with the catalog's "pt" would write Brazilian Portuguese again."""
    sources = [
        p
        for package in ("bot", "handlers", "models", "scheduler")
        for p in sorted((_ROOT / package).rglob("*.py"))
    ]
    assert [call for path in sources for call in _unmapped_calls(path)] == []

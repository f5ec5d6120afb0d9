"""The review card's values, and finding a country by typing part of its name."""

from __future__ import annotations

from typing import Any

import pytest

from bot.forms.definitions import ADVOCACY, TRAINING
from bot.forms.engine import display_value, match_countries
from bot.forms.model import Choice, QType, Question

FRENCH = {
    "Justice": "Justice",
    "Yes": "Oui",
    "No": "Non",
    "Skipped": "Passé",
    "Police": "Police",
    "Teachers and education staff": "Enseignants et personnel éducatif",
}


def french(msgid: str) -> str:
    return FRENCH.get(msgid, f"[{msgid}]")


def show(qid: str, value: Any, locale: str = "fr") -> str:
    return display_value(TRAINING.question(qid), value, locale=locale, gettext=french)


def test_choices_show_their_translated_label() -> None:
    assert show("target_group", "teachers") == "Enseignants et personnel éducatif"
    assert show("target_group", "retired") == "retired"  # a value from an older form version


def test_yes_no_and_skipped_are_translated() -> None:
    assert show("national_programme", True) == "Oui"
    assert show("national_programme", False) == "Non"
    assert show("partner", None) == "Passé"


def test_numbers_and_dates_are_formatted_for_the_locale() -> None:
    assert show("participants_women", 1200) == "1\u202f200"
    assert show("participants_women", 1200, "en") == "1,200"
    assert show("duration", "2.5") == "2,5"
    assert show("pre_score", "45.125", "es") == "45,125"
    assert show("start_date", "2026-11-28") == "28 nov. 2026"
    assert show("start_date", "2026-11-28", "en") == "Nov 28, 2026"


def test_numbers_dates_and_free_text_are_isolated_inside_arabic() -> None:
    assert show("participants_women", 12, "ar") == "\u206612\u2069"
    # A date by its first strong character (the right-to-left marks CLDR puts between the
    # numbers): a left-to-right isolate showed "282026/11/".
    assert show("start_date", "2026-11-28", "ar") == "\u206828\u200f/11\u200f/2026\u2069"
    assert show("place", "Jacmel", "ar") == "\u2068Jacmel\u2069"
    assert show("place", "Jacmel") == "Jacmel"


def test_countries_show_their_name_in_the_locale() -> None:
    assert show("country", "HT") == "Haïti"
    assert show("country", "CI", "es") == "Côte d’Ivoire"
    assert show("country", "HT", "ar") == "هايتي"


def test_multiple_choices_are_listed_the_locales_way() -> None:
    many = Question(
        "m",
        QType.SELECT_MULTIPLE,
        "M?",
        choices=(
            Choice("j", "Justice"),
            Choice("p", "Police"),
            Choice("t", "Teachers and education staff"),
        ),
    )
    assert display_value(many, ["j", "p", "t"], locale="fr", gettext=french) == (
        "Justice, Police et Enseignants et personnel éducatif"
    )
    assert display_value(many, [], locale="fr", gettext=french) == "[None]"


def test_advocacy_values_display() -> None:
    kind = ADVOCACY.question("event_kind")
    assert display_value(kind, "sop", locale="en", gettext=str) == (
        "Standard operating procedure adopted"
    )
    audience = ADVOCACY.question("audience")
    assert display_value(audience, 2_500_000, locale="en", gettext=str) == "2,500,000"


# ----------------------------------------------------------------------------- countries


@pytest.mark.parametrize(
    ("query", "locale"),
    [("haiti", "fr"), ("haiti", "en"), ("HAI", "fr"), ("Haïti", "es"), ("ht", "ar"), ("HT", "en")],
)
def test_haiti_is_found_first_by_name_or_code(query: str, locale: str) -> None:
    assert match_countries(query, locale)[0] == "HT"


def test_cote_d_ivoire_is_found_without_accents_or_apostrophes() -> None:
    assert match_countries("cote", "fr") == ["CI"]
    assert match_countries("cote d'ivoire", "en") == ["CI"]
    assert match_countries("cotedivoire", "es") == ["CI"]
    assert match_countries("ivoire", "en") == ["CI"]
    assert match_countries("Ivory Coast", "en") == ["CI"]  # an alias (issue 12)


def test_arabic_names_are_searched_in_arabic() -> None:
    assert match_countries("هايتي", "ar") == ["HT"]
    assert "MA" in match_countries("مغرب", "ar")  # without the article "ال"
    assert match_countries("النيجر", "ar")[0] == "NE"
    assert match_countries("haiti", "ar") == ["HT"]  # English names work in every locale


def test_localized_names_are_searched_in_their_locale() -> None:
    assert match_countries("allemagne", "fr") == ["DE"]
    assert match_countries("deutschlnd", "es") == ["DE"]  # an alias, with a typo
    assert match_countries("germany", "fr") == ["DE"]
    assert match_countries("níger", "es")[0] == "NE"


def test_prefix_matches_come_before_substrings_and_the_limit_holds() -> None:
    found = match_countries("ni", "en", limit=20)
    assert found[0] == "NI"  # the exact code
    prefixes = [code for code in found if code in {"NE", "NG", "NI", "NU"}]
    assert found[: len(prefixes)] == prefixes
    assert "UG" not in found  # no "ni" in Uganda
    assert len(match_countries("a", "en")) == 8
    assert len(match_countries("a", "en", limit=3)) == 3


@pytest.mark.parametrize("query", ["", "   ", "'-.", "zzzz"])
def test_nothing_or_noise_finds_no_country(query: str) -> None:
    assert match_countries(query, "fr") == []

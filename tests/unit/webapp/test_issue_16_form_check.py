"""Issue 16: the page's answers go through the chat's engine, in the form's order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from bot.domain.scope import EVERYWHERE, Scope
from bot.forms.definitions import ADVOCACY, TRAINING
from bot.i18n import create_i18n
from bot.webapp.forms import check, country_choices, describe, page_values

TODAY = dt.date(2026, 11, 30)
HAITI = Scope(("HT",), all_countries=False)
I18N = create_i18n()


@pytest.fixture
def french() -> Iterator[None]:
    with I18N.context(), I18N.use_locale("fr"):
        yield


TRAINING_PAGE = {
    "country": "HT",
    "field": "justice",
    "target_group": "police",
    "training_type": "session",
    "national_programme": "no",
    "start_date": "2026-11-28",
    "duration_unit": "hours",
    "duration": "6",
    "participants_women": "4",
    "participants_men": "3",
    "participants_other": "0",
}


def test_a_complete_page_is_ready_and_stored_as_the_chat_stores_it(french: None) -> None:
    checked = check(TRAINING, TRAINING_PAGE, locale="fr", today=TODAY, scope=HAITI)
    assert checked.ready, checked.as_json()
    assert checked.answers["national_programme"] is False
    assert checked.answers["duration"] == "6"
    assert checked.answers["participants_women"] == 4
    assert checked.answers["notes"] is None  # an optional question left empty: skipped
    assert "trainers_trained" not in checked.active  # not a train-the-trainer course
    assert "canada_sector" not in checked.active


def test_relevance_follows_the_answers(french: None) -> None:
    page = {**TRAINING_PAGE, "training_type": "train_the_trainer", "country": "CA"}
    checked = check(TRAINING, page, locale="fr", today=TODAY, scope=EVERYWHERE)
    assert "trainers_trained" in checked.active
    assert "canada_sector" in checked.active
    assert set(checked.missing) == {"trainers_trained", "canada_sector"}


def test_errors_are_in_the_users_language_next_to_their_question(french: None) -> None:
    page = {
        **TRAINING_PAGE,
        "duration": "beaucoup",
        "participants_women": "-1",
        "notes": "a@b.org",
    }
    checked = check(TRAINING, page, locale="fr", today=TODAY, scope=HAITI)
    assert set(checked.errors) == {"duration", "participants_women", "notes"}
    assert "nombre" in checked.errors["duration"]
    assert "a@b.org" in checked.errors["notes"]
    assert not checked.ready


def test_a_country_beyond_the_reporters_scope_is_refused(french: None) -> None:
    checked = check(
        TRAINING, {**TRAINING_PAGE, "country": "NE"}, locale="fr", today=TODAY, scope=HAITI
    )
    assert "Haïti" in checked.errors["country"]


def test_a_date_in_the_future_is_refused_and_a_french_decimal_accepted(french: None) -> None:
    page = {**TRAINING_PAGE, "start_date": "2026-12-25", "duration": "2,5"}
    checked = check(TRAINING, page, locale="fr", today=TODAY, scope=HAITI)
    assert "start_date" in checked.errors
    assert checked.answers["duration"] == "2.5"
    assert checked.display["duration"] == "2,5"


def test_the_form_for_the_page_is_translated(french: None) -> None:
    form = describe(ADVOCACY, HAITI, "fr")
    assert form["title"] == "Plaidoyer"
    country = form["questions"][0]
    assert country["choices"] == [{"value": "HT", "label": "Haïti"}]
    contributed = next(q for q in form["questions"] if q["id"] == "contributed")
    assert [c["label"] for c in contributed["choices"]] == ["Oui", "Non"]


def test_a_chat_draft_fills_the_pages_fields(french: None) -> None:
    values = page_values(TRAINING, {"duration": "2.5", "national_programme": True}, "fr")
    assert values == {"duration": "2,5", "national_programme": "yes"}


@pytest.mark.parametrize(
    ("locale", "before", "after"),
    [
        ("fr", "Égypte", "Estonie"),  # É is an E
        ("fr", "Îles Salomon", "Inde"),  # not after Zimbabwe
        ("pt", "África do Sul", "Albânia"),
        ("pt", "Zâmbia", "Zimbabué"),  # CLDR pt_PT: European Portuguese
        ("es", "Islandia", "Islas Salomón"),
    ],
)
def test_the_country_list_is_in_the_order_readers_of_the_language_expect(
    locale: str, before: str, after: str
) -> None:
    """An admin's list of every country: Égypte, États-Unis, Éthiopie came after Zimbabwe in
    French, África do Sul and Índia after Zimbábue in Portuguese."""
    names = [c["label"] for c in country_choices(EVERYWHERE, locale)]
    assert names.index(before) < names.index(after)

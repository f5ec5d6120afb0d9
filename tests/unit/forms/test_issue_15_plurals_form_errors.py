"""Issue 15: a form error with a count ("at most {max} characters") takes the plural form of
the reader's language: two in English, Swahili and Malagasy, three in French, Spanish and
Portuguese, six in Arabic. Read from the .po catalogs as the bot reads them (bot.i18n)."""

from __future__ import annotations

import datetime as dt

import pytest
from aiogram.utils.i18n import I18n
from babel.messages.pofile import read_po

from bot.catalogs import Catalogs, locales_dir
from bot.domain.languages import SUPPORTED_LOCALES
from bot.forms.definitions import FORMS, TRAINING
from bot.forms.engine import parse_answer
from bot.forms.model import FormError
from bot.forms.xlsform import catalog_translate, choice_rows, survey_rows
from bot.i18n import create_i18n

TODAY = dt.date(2026, 6, 15)
FILLED = {"participants_women": 1, "participants_men": 0, "participants_other": 0}
NPLURALS = {"en": 2, "fr": 3, "es": 3, "pt": 3, "ar": 6, "sw": 2, "mg": 2}


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return create_i18n()


def _errors() -> dict[str, FormError]:
    """The form errors with a count, as the engine and the forms make them."""
    place = TRAINING.question("place")
    long_text = parse_answer(place, "x" * 121, {}, locale="en", today=TODAY).error
    duration = parse_answer(
        TRAINING.question("duration"), "400", {"duration_unit": "days"}, locale="en", today=TODAY
    ).error
    trainers = parse_answer(
        TRAINING.question("trainers_trained"), "2", FILLED, locale="en", today=TODAY
    ).error
    found = {"text": long_text, "duration": duration, "trainers": trainers}
    assert all(error is not None and error.plural for error in found.values()), found
    return {name: error for name, error in found.items() if error is not None}


def _text(i18n: I18n, error: FormError, locale: str, count: int) -> str:
    counted = FormError(
        error.msgid,
        {**error.params, error.count_param or "": count},
        plural=error.plural,
        count_param=error.count_param,
    )

    def gettext(msgid: str) -> str:
        return str(i18n.gettext(msgid, locale=locale))

    def ngettext(singular: str, plural: str, n: int) -> str:
        return str(i18n.gettext(singular, plural, n, locale=locale))

    return counted.template(gettext, ngettext).format(**counted.params)


def test_every_counted_form_error_has_every_plural_form_in_every_language(i18n: I18n) -> None:
    for name, error in _errors().items():
        for locale in SUPPORTED_LOCALES:
            # Counts that fall in different plural categories somewhere (CLDR).
            texts = {n: _text(i18n, error, locale, n) for n in (0, 1, 2, 5, 11, 100)}
            for n, text in texts.items():
                assert str(n) in text, (name, locale, n, text)
                assert "{" not in text, (name, locale, text)
                if locale != "en":
                    english = _text(i18n, error, "en", n)
                    assert text != english, (name, locale, n, "not translated")
    # The catalogs hold as many forms as each language has, none empty.
    for locale in SUPPORTED_LOCALES:
        if locale == "en":
            continue
        with (locales_dir() / locale / "LC_MESSAGES" / "messages.po").open("rb") as stream:
            catalog = read_po(stream, locale=locale)
        for error in _errors().values():
            message = catalog.get(error.msgid)
            assert message is not None, (locale, error.msgid)
            assert message.pluralizable, (locale, error.msgid)
            forms = message.string
            assert isinstance(forms, tuple), locale
            assert len(forms) == NPLURALS[locale], locale
            assert all(forms), (locale, error.msgid)


def test_english_singular_and_plural(i18n: I18n) -> None:
    errors = _errors()
    assert _text(i18n, errors["duration"], "en", 1) == ("A training cannot last more than 1 day.")
    assert _text(i18n, errors["duration"], "en", 365) == (
        "A training cannot last more than 365 days."
    )
    assert _text(i18n, errors["trainers"], "en", 1) == (
        "Trainers trained cannot be more than the 1 participant."
    )
    assert _text(i18n, errors["text"], "en", 120).startswith(
        "Please shorten your text to 120 characters"
    )


@pytest.mark.parametrize(
    ("locale", "count", "word"),
    [
        ("fr", 1, "1 jour."),
        ("fr", 0, "0 jour."),  # French: 0 and 1 are singular
        ("fr", 365, "365 jours."),
        ("fr", 1_000_000, "1000000 de jours."),
        ("es", 1, "1 día."),
        ("es", 365, "365 días."),
        ("pt", 1, "1 dia."),
        ("pt", 365, "365 dias."),
        ("ar", 2, "يومين (2)."),  # the dual says the count: "two days (2)"
        ("ar", 5, "5 أيام."),
        ("ar", 11, "11 يومًا."),
        ("ar", 365, "365 يومًا."),  # 365 % 100 = 65: "many"
        ("ar", 100, "100 يوم."),
        ("sw", 1, "siku 1."),
        ("sw", 365, "siku 365."),
        ("mg", 365, "365 andro"),
    ],
)
def test_the_duration_limit_reads_right_in_each_language(
    i18n: I18n, locale: str, count: int, word: str
) -> None:
    assert word in _text(i18n, _errors()["duration"], locale, count)


@pytest.mark.parametrize(
    ("locale", "count", "word"),
    [
        ("fr", 1, "(1 participant)"),
        ("fr", 9, "(9 participants)"),
        ("es", 1, "(1 participante)"),
        ("pt", 9, "(9 participantes)"),
        ("ar", 2, "2 مشاركَين"),
        ("ar", 9, "9 مشاركين"),
        ("ar", 12, "12 مشاركًا"),
        ("sw", 1, "mshiriki 1"),
        ("sw", 9, "washiriki 9"),
    ],
)
def test_the_trainers_limit_reads_right_in_each_language(
    i18n: I18n, locale: str, count: int, word: str
) -> None:
    assert word in _text(i18n, _errors()["trainers"], locale, count)


def test_the_chat_shows_the_plural_of_the_users_language(i18n: I18n) -> None:
    from handlers.reports import format_error

    error = _errors()["duration"]
    with i18n.context(), i18n.use_locale("ar"):
        assert "يومًا" in format_error(error, "ar")
    with i18n.context(), i18n.use_locale("fr"):
        assert "jours" in format_error(error, "fr")


def test_an_xlsform_message_takes_the_plural_of_its_number(i18n: I18n) -> None:
    rows = survey_rows(FORMS["training"], catalog_translate(i18n))
    place = next(row for row in rows if row["name"] == "place")
    duration = next(row for row in rows if row["name"] == "duration")
    trainers = next(row for row in rows if row["name"] == "trainers_trained")
    assert "120 caractères" in place["constraint_message::Français (fr)"]
    arabic = duration["constraint_message::العربية (ar)"]
    assert "365\u2069 يومًا" in arabic  # the number isolated left to right, then "many" days
    # The count is another answer there: the plural ("other") form.
    assert "participants" in trainers["constraint_message::English (en)"]


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_the_clis_catalogs_write_an_xlsform_as_the_chats_i18n_does(
    form_id: str, i18n: I18n
) -> None:
    # `fieldbot forms export-xlsform` translates without aiogram (seconds of CPU to import).
    form = FORMS[form_id]
    translate = catalog_translate(Catalogs("en"))
    assert survey_rows(form, translate) == survey_rows(form, catalog_translate(i18n))
    assert choice_rows(form, translate) == choice_rows(form, catalog_translate(i18n))


def test_a_locale_without_a_catalog_keeps_the_english_singular_or_plural(i18n: I18n) -> None:
    catalogs = Catalogs("en")
    one, many = "Departure in {n} day.", "Departure in {n} days."
    for locale, n in (("en", 1), ("en", 3), ("xx", 2), ("fr", 1), ("fr", 2), ("ar", 11)):
        assert catalogs.gettext(one, many, n, locale=locale) == i18n.gettext(
            one, many, n, locale=locale
        )
    assert catalogs.gettext(many, locale="en") == many
    assert (
        catalogs.gettext("Cancel", locale="fr") == i18n.gettext("Cancel", locale="fr") != "Cancel"
    )

"""Issue 12: a field officer answers a training report by typing, as people do, in seven languages.

Every answer is typed the way an officer writes it — a country abbreviated or misspelt, a choice
label with a typo, yes in their language, a date without its year, a relative day, a number
with its unit, a decimal with the locale's separator, a percentage — and is accepted; a wrong
one is refused with the question asked again.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

import pytest
from aiogram.utils.i18n import I18n
from babel import Locale
from sqlalchemy import select

from bot.domain.enums import Role
from bot.i18n import create_i18n
from models.tables import Report
from tests.e2e.harness import BotUnderTest, members_today

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True)
class Officer:
    locale: str
    country: str  # typed with a typo or as an abbreviation
    code: str  # what it means
    yes: str
    unit: str  # "days", typed
    duration: str  # 2.5 days, with the locale's decimal separator and a unit
    women: str  # 12, with a word
    wrong_number: str
    score: str  # 45 %
    yesterday: str


OFFICERS = [
    Officer("en", "DRC", "CD", "yes", "days", "2.5 days", "12 women", "many", "45%", "yesterday"),
    Officer(
        "fr", "Haitti", "HT", "oui", "jours", "2,5 jours", "12 femmes", "beaucoup", "45 %", "hier"
    ),
    Officer("es", "RDC", "CD", "sí", "días", "2,5 días", "12 mujeres", "muchas", "45 %", "ayer"),
    Officer(
        "pt", "Haitii", "HT", "sim", "dias", "2,5 dias", "12 mulheres", "muitas", "45%", "ontem"
    ),
    Officer("ar", "هاييتي", "HT", "نعم", "أيام", "٢٫٥ يوم", "١٢ امرأة", "كثيرات", "٤٥٪", "أمس"),
    Officer(
        "sw",
        "Kongo-Kinshasa",
        "CD",
        "ndiyo",
        "siku",
        "siku 2.5",
        "wanawake 12",
        "wengi",
        "45%",
        "jana",
    ),
    Officer(
        "mg", "Haitti", "HT", "eny", "andro", "2,5 andro", "vehivavy 12", "maro", "45%", "omaly"
    ),
]


@functools.cache
def _catalogs() -> I18n:
    # The catalogs as the bot reads them (the .po files: compiled .mo files are not in git).
    return create_i18n("en")


class translator:
    def __init__(self, locale: str) -> None:
        self.locale = locale

    def gettext(self, msgid: str) -> str:
        return _catalogs().gettext(msgid, locale=self.locale)


def with_typo(word: str) -> str:
    """Two neighbouring letters swapped in the middle: the commonest slip on a phone keyboard."""
    i = len(word) // 2
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def without_year(day: dt.date, locale: str) -> str:
    """The day and month only, as an officer of this locale writes them."""
    month = Locale.parse(locale).months["format"]["wide"][day.month]
    return {
        "en": f"{month} {day.day}",
        "fr": f"{day.day} {month}",
        "es": f"{day.day} de {month}",
        "pt": f"{day.day:02}/{day.month:02}",
        "ar": f"{day.day}/{day.month}".translate(ARABIC_DIGITS),
        "sw": f"{day.day} {month}",
        "mg": f"{day.day:02}/{day.month:02}",
    }[locale]


@pytest.mark.parametrize("officer", OFFICERS, ids=[o.locale for o in OFFICERS])
async def test_an_officer_types_every_answer_as_people_do(
    fieldbot: BotUnderTest, officer: Officer
) -> None:
    t = translator(officer.locale).gettext
    user = await fieldbot.member(
        2100, "Officer", Role.FIELD_STAFF, ["HT", "CD"], language_code=officer.locale
    )
    today = members_today()
    started = today - dt.timedelta(days=10)

    await user.send("/report")
    await user.tap(t("Training"))
    assert t("In which country did the training take place?") in (await user.last()).text
    await user.send(officer.country)  # taken without a tap
    asked = (await user.last()).text
    assert t("In which town or place?") in asked
    await user.send("Goma" if officer.code == "CD" else "Jacmel")
    await user.send(with_typo(t("Justice")))
    await user.send(t("Social sector workers").lower())
    await user.send(with_typo(t("Training session")))
    await user.send(officer.yes)  # part of a national programme
    await user.send(without_year(started, officer.locale))
    await user.send(officer.unit)
    await user.send(officer.duration)
    await user.send(officer.wrong_number)  # women: not a number
    refusal = (await user.last()).text
    assert "⚠️" in refusal
    assert t("How many women took part?") in refusal  # the question again
    await user.send(officer.women)
    await user.send("8")  # men
    await user.send("0")  # other or undisclosed
    await user.tap(t("Skip"))  # partner organisation
    await user.send(officer.score)  # pre-test score
    await user.tap(t("Skip"))  # post-test score
    await user.tap(t("Skip"))  # notes
    card = (await user.last()).text
    assert t("Check this report before submitting ({form}):").format(form=t("Training")) in card

    # The start date again, with the word on the button typed instead of tapped.
    await user.tap(t("Change: {what}").format(what=t("Start date")))
    await user.send(officer.yesterday)
    await user.tap(t("✅ Submit"))
    assert "✅" in (await user.last()).text

    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    answers = report.answers
    assert report.country == officer.code
    assert report.event_date == today - dt.timedelta(days=1)
    assert answers["field"] == "justice"
    assert answers["target_group"] == "social_workers"
    assert answers["training_type"] == "session"
    assert answers["national_programme"] is True
    assert answers["duration_unit"] == "days"
    assert Decimal(answers["duration"]) == Decimal("2.5")
    assert answers["participants_women"] == 12
    assert report.participants_total == 20
    assert Decimal(answers["pre_score"]) == 45


@pytest.mark.parametrize("locale", [o.locale for o in OFFICERS])
async def test_the_skip_button_s_word_typed_skips_the_question(
    fieldbot: BotUnderTest, locale: str
) -> None:
    """ "Passer", "Ruka", "تخطي" typed at an optional question skip it as the button does: it
    was stored as the partner organisation's name, or refused as not a number."""
    t = translator(locale).gettext
    user = await fieldbot.member(2101, "Officer", Role.FIELD_STAFF, ["HT"], language_code=locale)
    await user.send("/report")
    await user.tap(t("Training"))
    await user.send(t("Skip").lower())  # place
    assert t("Which field of activity?") in (await user.last()).text
    for answer in ("Justice", "Social sector workers", "Training session", "Yes", "Yesterday"):
        await user.tap(t(answer))
    await user.tap(t("Days"))
    for number in ("2", "12", "8", "0"):
        await user.send(number)
    await user.send(t("Skip"))  # partner organisation
    skipped = (await user.last()).text
    assert t("{label}: {value}").format(label=t("Partner"), value=t("Skipped")) in skipped
    await user.send(f" {t('Skip').upper()} ")  # pre-test score, a number
    assert t("What was the average post-test score (%)?") in (await user.last()).text
    await user.tap(t("Skip"))  # post-test score
    await user.send(t("Skip"))  # notes
    assert (
        t("Check this report before submitting ({form}):").format(form=t("Training"))
        in (await user.last()).text
    )
    await user.tap(t("✅ Submit"))

    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    for question in ("place", "partner", "pre_score", "post_score", "notes"):
        assert report.answers.get(question) is None, question


@pytest.mark.parametrize("locale", ["fr", "ar", "sw"])
async def test_the_back_and_cancel_buttons_words_typed_do_what_the_buttons_do(
    fieldbot: BotUnderTest, locale: str
) -> None:
    """ "Retour" or "Annuler" typed at the place question was stored as the place."""
    t = translator(locale).gettext
    user = await fieldbot.member(2102, "Officer", Role.FIELD_STAFF, ["HT"], language_code=locale)
    await user.send("/report")
    await user.tap(t("Training"))
    await user.send("Jacmel")  # place
    await user.send(t("« Back").strip("« "))  # at the field of activity
    assert t("In which town or place?") in (await user.last()).text
    await user.send(t("Cancel").lower())
    asked = await user.last()
    assert asked.has_button(t("No, keep the report"))
    await user.tap(t("No, keep the report"))
    await user.send("Cap-Haïtien")
    assert t("Which field of activity?") in (await user.last()).text
    await user.send(t("Cancel"))
    await user.tap(t("🗑 Yes, discard the report"))
    assert t("The report was cancelled. Nothing was saved.") in (await user.last()).text

    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.scalars(select(Report))).first() is None


@pytest.mark.parametrize(
    ("locale", "nothing"),
    [("fr", "Aucun"), ("es", "ninguno"), ("sw", "Hakuna"), ("ar", "لا يوجد"), ("mg", "tsy misy")],
)
async def test_none_typed_at_an_optional_text_question_skips_it(
    fieldbot: BotUnderTest, locale: str, nothing: str
) -> None:
    """ "Which partner organisation took part, if any?" — "Aucun": no partner, not a partner
    named "Aucun" in the exports; the same for the notes."""
    t = translator(locale).gettext
    user = await fieldbot.member(2102, "Officer", Role.FIELD_STAFF, ["HT"], language_code=locale)
    await user.send("/report")
    await user.tap(t("Training"))
    await user.send("Jacmel")
    for answer in ("Justice", "Social sector workers", "Training session", "Yes", "Yesterday"):
        await user.tap(t(answer))
    await user.tap(t("Days"))
    for number in ("2", "12", "8", "0"):
        await user.send(number)
    await user.send(nothing)  # partner organisation
    skipped = (await user.last()).text
    assert t("{label}: {value}").format(label=t("Partner"), value=t("Skipped")) in skipped
    await user.tap(t("Skip"))  # pre-test score
    await user.tap(t("Skip"))  # post-test score
    await user.send(nothing.upper())  # notes
    await user.tap(t("✅ Submit"))

    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    assert report.answers.get("place") == "Jacmel"
    assert report.answers.get("partner") is None
    assert report.answers.get("notes") is None

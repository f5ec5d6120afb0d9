"""Whole conversations in other languages: the buttons are read from the catalogs themselves."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from aiogram.utils.i18n import I18n
from sqlalchemy import select

from bot.domain.enums import Role
from bot.domain.languages import LRI, PDI, SUPPORTED_LOCALES, country_name, language_name
from bot.i18n import create_i18n
from models.tables import Report
from tests.e2e.harness import BotUnderTest, members_today
from tests.e2e.test_digest import send_digests
from tests.e2e.test_indicators import seed_trainings, user_id


@cache
def _i18n() -> I18n:
    return create_i18n()


def t(locale: str, msgid: str) -> str:
    return _i18n().gettext(msgid, locale=locale)


@pytest.mark.parametrize(("locale", "country"), [("ar", "NE"), ("sw", "KE")])
async def test_a_whole_training_report(fieldbot: BotUnderTest, locale: str, country: str) -> None:
    # Two countries: with one, the country question is not asked at all.
    officer = await fieldbot.member(
        2001, "Amani", Role.FIELD_STAFF, [country, "HT"], language_code=locale
    )
    await officer.send("/report")
    await officer.tap(t(locale, "Training"))
    step = (await officer.last()).text.replace(LRI, "").replace(PDI, "")
    assert "1/" in step  # in Arabic the numbers are isolated, in order
    await officer.tap(country_name(country, locale))
    await officer.tap(t(locale, "Skip"))  # place
    await officer.tap(t(locale, "Justice"))
    await officer.tap(t(locale, "Police officers"))
    await officer.tap(t(locale, "Training session"))
    await officer.tap(t(locale, "Yes"))
    await officer.tap(t(locale, "Yesterday"))
    await officer.tap(t(locale, "Days"))
    await officer.send("2")
    await officer.send("١٢" if locale == "ar" else "12")  # Arabic-Indic digits are understood
    await officer.send("8")
    await officer.send("0")
    for _ in range(4):  # partner, pre-test, post-test, notes
        await officer.tap(t(locale, "Skip"))
    await officer.tap(t(locale, "✅ Submit"))
    confirmation = (await officer.last()).text
    assert "✅" in confirmation
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    assert (report.country, report.participants_total) == (country, 20)
    assert report.event_date == members_today() - dt.timedelta(days=1)


async def test_language_lists_all_seven_in_their_own_names(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"], language_code="pt-br")
    await jean.send("/help")
    assert t("pt", "What you can do:") in (await jean.last()).text  # pt-br → Portuguese
    await jean.send("/language")
    assert (await jean.last()).button_texts() == [language_name(c) for c in SUPPORTED_LOCALES]
    assert len(SUPPORTED_LOCALES) == 7
    await jean.tap("Malagasy")
    await jean.send("/help")
    assert t("mg", "What you can do:") in (await jean.last()).text


async def test_a_weekly_digest_in_malagasy(fieldbot: BotUnderTest) -> None:
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["MG"])
    await seed_trainings(fieldbot, await user_id(fieldbot, 2001), ["MG"])
    rado = await fieldbot.member(3001, "Rado", Role.MANAGER, ["MG"], language_code="mg")
    await rado.send("/help")
    monday_noon = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    assert await send_digests(fieldbot, monday_noon) == ["enqueued"]
    digest = await rado.last()
    assert digest.text.startswith("Famintinana isan-kerinandro")
    assert any(t("mg", "Acknowledge") in text for text in digest.button_texts())
    await rado.tap(t("mg", "Acknowledge"))

"""A report typed the way field workers in Tanzania, Madagascar, Morocco, Mozambique and Peru
type it on a phone: the words their language uses, never refused as no answer."""

from __future__ import annotations

import datetime as dt

import pytest
from babel import Locale
from sqlalchemy import select

from bot.domain.enums import Role
from bot.sandbox import SimUser
from models.tables import Report
from tests.e2e.harness import BotUnderTest, members_today
from tests.e2e.test_issue_12_answers import translator


async def stored_answers(fieldbot: BotUnderTest) -> dict[str, object]:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        return dict((await session.scalars(select(Report))).one().answers)


async def test_no_men_typed_as_hakuna_is_a_count_of_0(fieldbot: BotUnderTest) -> None:
    """Asha trained twelve women and no men: "hakuna" (none) was refused with 'Please enter a
    whole number', as "aucun", "nenhum", "لا أحد" and "tsy nisy" were."""
    t = translator("sw").gettext
    asha = await fieldbot.member(4201, "Asha", Role.FIELD_STAFF, ["TZ"], language_code="sw")
    await asha.send("/report")
    await asha.tap(t("Training"))
    await asha.send("Dodoma")
    await asha.tap(t("Justice"))
    await asha.tap(t("Police officers"))
    await asha.tap(t("Training session"))
    await asha.tap(t("No"))
    await asha.tap(t("Yesterday"))
    await asha.tap(t("Days"))
    await asha.send("2")
    await asha.send("kumi na mbili")  # twelve, in words
    assert t("How many men took part?") in (await asha.last()).text
    await asha.send("hakuna")  # men
    assert (
        t("How many other participants, or participants whose gender was not given?")
        in (await asha.last()).text
    )
    await asha.send("sifuri")  # other
    for _ in range(4):  # partner, pre-test, post-test, notes
        await asha.tap(t("Skip"))
    await asha.tap(t("✅ Submit"))
    answers = await stored_answers(fieldbot)
    assert (answers["participants_women"], answers["participants_men"]) == (12, 0)
    assert answers["participants_other"] == 0


async def advocacy_up_to_the_date(fieldbot: BotUnderTest, locale: str) -> SimUser:
    """An awareness campaign reported in `locale`, answered up to its date's question."""
    t = translator(locale).gettext
    officer = await fieldbot.member(
        4202, "Officer", Role.FIELD_STAFF, ["MG"], language_code=locale
    )
    await officer.send("/report")
    for tap in ("Advocacy", "Local", "Justice", "Awareness campaign"):
        await officer.tap(t(tap))
    await officer.send("40")  # audience
    assert t("On what date did it happen?") in (await officer.last()).text
    return officer


def month(day: dt.date, locale: str) -> str:
    return str(Locale.parse(locale).months["format"]["wide"][day.month])


@pytest.mark.parametrize(
    ("locale", "typed"),
    [
        ("mg", "tamin'ny {day} {month}"),  # "on the 29 November"
        ("sw", "tarehe {day} {month}"),  # "date 29 November"
        ("pt", "no dia {day}/{mm}"),
        ("ar", "يوم {day} {month}"),
    ],
)
async def test_a_date_with_the_word_that_comes_before_it_is_read(
    fieldbot: BotUnderTest, locale: str, typed: str
) -> None:
    """Haingo typed "tamin'ny 29 Novambra" as Malagasy writes a date; it was refused with
    'Please type a date, for example …', as "tarehe 29 Novemba" and "no dia 29/11" were."""
    day = members_today() - dt.timedelta(days=3)
    officer = await advocacy_up_to_the_date(fieldbot, locale)
    await officer.send(typed.format(day=day.day, month=month(day, locale), mm=day.month))
    assert translator(locale).gettext("Anything else to note?") in (await officer.last()).text
    await officer.tap(translator(locale).gettext("Skip"))
    await officer.tap(translator(locale).gettext("✅ Submit"))
    assert (await stored_answers(fieldbot))["event_date"] == day.isoformat()


async def test_about_30_typed_at_the_date_is_not_30_august(fieldbot: BotUnderTest) -> None:
    """Sipho first gave the audience as 12, then typed "about 30" to correct it, at the date's
    question by then: it was stored as 30 August ("about" is one letter from "août")."""
    t = translator("pt").gettext
    sipho = await advocacy_up_to_the_date(fieldbot, "pt")
    await sipho.send("about 30")
    said = (await sipho.last()).text
    assert t("On what date did it happen?") in said
    assert "Por favor, escreva uma data, por exemplo" in said


async def test_tomorrow_typed_without_its_year_is_refused_not_stored_a_year_back(
    fieldbot: BotUnderTest,
) -> None:
    """Carmen typed tomorrow's day and month by mistake: it was stored as that day a year ago,
    without a word. She is now told the date is ahead, and types the right one."""
    t = translator("es").gettext
    carmen = await advocacy_up_to_the_date(fieldbot, "es")
    today = members_today()
    tomorrow = today + dt.timedelta(days=1)
    await carmen.send(f"{tomorrow.day}/{tomorrow.month}")
    said = (await carmen.last()).text
    assert t("The date cannot be in the future.") in said
    assert t("On what date did it happen?") in said
    await carmen.send(f"{today.day}/{today.month}")
    await carmen.tap(t("Skip"))
    await carmen.tap(t("✅ Submit"))
    assert (await stored_answers(fieldbot))["event_date"] == today.isoformat()


async def test_withdrawing_the_report_being_corrected_does_not_offer_its_correction_again(
    fieldbot: BotUnderTest,
) -> None:
    """Asha began correcting her report, then withdrew it instead (entered twice): she read
    'Your unfinished report is still there: send /report to go on with it.', and /report led
    her back into correcting a withdrawn report, which can no longer be saved."""
    t = translator("sw").gettext
    asha = await advocacy_up_to_the_date(fieldbot, "sw")
    await asha.tap(t("Yesterday"))
    await asha.tap(t("Skip"))
    await asha.tap(t("✅ Submit"))
    await asha.send("/myreports")
    await asha.tap("Madagaska")
    await asha.tap(t("✏️ Edit"))
    await asha.tap(t("Audience reached"))
    await asha.send("50")
    await asha.send("/myreports")
    await asha.tap("Madagaska")
    await asha.tap(t("⊘ Withdraw"))
    await asha.send("Imeingizwa mara mbili")  # entered twice
    said = "\n".join(m.text for m in (await asha.messages())[-2:])
    assert "✅" in said
    assert t("Your unfinished report is still there: send /report to go on with it.") not in said
    await asha.send("/report")
    assert (await asha.last()).has_button(t("Training"))  # a new report, no correction


@pytest.mark.parametrize(
    ("locale", "typed"),
    [("sw", "jana jioni"), ("mg", "omaly hariva"), ("ar", "أمس مساءً"), ("es", "anoche")],
)
async def test_yesterday_evening_is_yesterday(
    fieldbot: BotUnderTest, locale: str, typed: str
) -> None:
    """The campaign was last night: "jana jioni" was refused with 'Please type a date'."""
    t = translator(locale).gettext
    officer = await advocacy_up_to_the_date(fieldbot, locale)
    await officer.send(typed)
    assert t("Anything else to note?") in (await officer.last()).text
    await officer.tap(t("Skip"))
    await officer.tap(t("✅ Submit"))
    yesterday = members_today() - dt.timedelta(days=1)
    assert (await stored_answers(fieldbot))["event_date"] == yesterday.isoformat()


async def test_a_head_count_with_an_emoji_is_that_count(fieldbot: BotUnderTest) -> None:
    """Ana typed "12 👩" for the women trained: 'Please enter a whole number, for example 12.'"""
    t = translator("es").gettext
    ana = await fieldbot.member(4203, "Ana", Role.FIELD_STAFF, ["PE"], language_code="es")
    await ana.send("/report")
    await ana.tap(t("Training"))
    await ana.send("Cusco 🏔️")
    for tap in ("Justice", "Police officers", "Training session", "No", "Yesterday", "Days"):
        await ana.tap(t(tap))
    await ana.send("2")
    await ana.send("12 👩")
    assert t("How many men took part?") in (await ana.last()).text
    await ana.send("8 👨")
    await ana.send("0")
    for _ in range(4):  # partner, pre-test, post-test, notes
        await ana.tap(t("Skip"))
    await ana.tap(t("✅ Submit"))
    answers = await stored_answers(fieldbot)
    assert (answers["participants_women"], answers["participants_men"]) == (12, 8)


async def test_a_training_of_2h30_is_two_and_a_half_hours(fieldbot: BotUnderTest) -> None:
    """Lúcia typed the session's length as Portuguese writes it, "2h30": 'Please enter a
    number, for example 12 or 3.5.'"""
    t = translator("pt").gettext
    lucia = await fieldbot.member(4204, "Lúcia", Role.FIELD_STAFF, ["MZ"], language_code="pt")
    await lucia.send("/report")
    await lucia.tap(t("Training"))
    await lucia.send("Maputo")
    for tap in ("Justice", "Police officers", "Training session", "No", "Yesterday", "Hours"):
        await lucia.tap(t(tap))
    await lucia.send("2h30")
    said = (await lucia.last()).text
    assert "2,5" in said  # shown back the Portuguese way
    assert t("How many women took part?") in said
    for count in ("12", "8", "0"):
        await lucia.send(count)
    for _ in range(4):  # partner, pre-test, post-test, notes
        await lucia.tap(t("Skip"))
    await lucia.tap(t("✅ Submit"))
    assert (await stored_answers(fieldbot))["duration"] == "2.5"


async def test_a_range_of_women_is_asked_as_one_number(fieldbot: BotUnderTest) -> None:
    """Jean typed "10-12" women: 'Please enter a whole number, for example 12.' did not say
    what was wrong with two whole numbers; he now reads that one number is asked."""
    jean = await fieldbot.member(4205, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    await jean.send("Jacmel")
    for tap in ("Justice", "Police officers", "Training session", "No", "Yesterday", "Days"):
        await jean.tap(tap)
    await jean.send("2")
    await jean.send("10-12")
    said = (await jean.last()).text
    assert "Please type one number rather than a range, for example 12." in said
    assert "How many women took part?" in said
    await jean.send("11")
    assert "How many men took part?" in (await jean.last()).text


@pytest.mark.parametrize(("locale", "typed"), [("sw", "masaa"), ("mg", "adiny"), ("ar", "يوم")])
async def test_the_duration_s_unit_typed_in_its_everyday_word(
    fieldbot: BotUnderTest, locale: str, typed: str
) -> None:
    """Juma typed "masaa" (hours) rather than tapping "Saa": 'Please tap one of the options.',
    though "masaa" after a number was read as hours."""
    t = translator(locale).gettext
    juma = await fieldbot.member(4206, "Juma", Role.FIELD_STAFF, ["TZ"], language_code=locale)
    await juma.send("/report")
    await juma.tap(t("Training"))
    await juma.tap(t("Skip"))  # place
    for tap in ("Justice", "Police officers", "Training session", "No", "Yesterday"):
        await juma.tap(t(tap))
    await juma.send(typed)
    assert t("How long did the training last?") in (await juma.last()).text


async def test_arabic_choices_typed_without_their_article(fieldbot: BotUnderTest) -> None:
    """Karim typed "عدالة" (justice) and "شرطة" (police) as one writes them alone: 'Please tap
    one of the options.'; only "العدالة" and "الشرطة", with the article, were taken."""
    t = translator("ar").gettext
    karim = await fieldbot.member(4207, "Karim", Role.FIELD_STAFF, ["MA"], language_code="ar")
    await karim.send("/report")
    await karim.tap(t("Training"))
    await karim.tap(t("Skip"))  # place
    await karim.send("عدالة")
    assert t("Who was trained?") in (await karim.last()).text
    await karim.send("شرطة")
    assert t("What kind of training was it?") in (await karim.last()).text

"""/indicators and /indicator as managers use them, on reports stored like the chat stores them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from bot.ui.callbacks import IndicatorAction, IndicatorCB
from models.tables import IndicatorValue
from tests.e2e.harness import BotUnderTest, members_today
from tests.factories import stored_report


async def seed_trainings(fieldbot: BotUnderTest, author: int, countries: list[str]) -> None:
    assert fieldbot.app is not None
    today = members_today()
    async with fieldbot.app.session_factory() as session:
        for number, country in enumerate(countries):
            answers = {
                "country": country,
                "field": "justice",
                "target_group": "police",
                "training_type": "session",
                "national_programme": False,
                "start_date": (today - dt.timedelta(days=number + 1)).isoformat(),
                "duration_unit": "days",
                "duration": "2",
                "participants_women": 5,
                "participants_men": 5,
                "participants_other": 0,
            }
            await stored_report(
                session, author, answers=answers, computed={"participants_total": 10}, now=utcnow()
            )
        await session.commit()


async def user_id(fieldbot: BotUnderTest, telegram_id: int) -> int:
    from models.queries import get_user

    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        user = await get_user(session, telegram_id)
    assert user is not None
    return user.id


async def test_a_manager_of_two_countries_sees_only_those(fieldbot: BotUnderTest) -> None:
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "NE", "SN"])
    await seed_trainings(fieldbot, await user_id(fieldbot, 2001), ["HT", "HT", "NE", "SN", "SN"])
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT", "NE"])
    await mona.send("/indicators")
    summary = (await mona.last()).text
    assert "Partial view" in summary
    line = next(row for row in summary.splitlines() if "1.1a" in row)
    assert "3 / 50" in line  # HT, HT, NE — not the two Senegal trainings
    admin = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await admin.send("/indicators")
    everything = (await admin.last()).text
    assert "Partial view" not in everything
    assert "5 / 50" in next(row for row in everything.splitlines() if "1.1a" in row)


async def test_a_field_officer_is_refused_indicators(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/indicators")
    assert "is for another role" in (await jean.last()).text


async def test_one_indicator_opens_with_its_chart(fieldbot: BotUnderTest) -> None:
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await seed_trainings(fieldbot, await user_id(fieldbot, 2001), ["HT", "HT"])
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    await mona.send("/indicators")
    await mona.tap("1.1a")
    detail = (await mona.last()).text
    assert "Expected by now" in detail
    assert "Haiti 2" in detail
    await mona.tap("Chart")
    chart = await mona.last()
    assert chart.media is not None
    assert chart.media["type"] == "photo"
    await mona.send("/indicators")
    await mona.tap("1.2")
    await mona.tap("Chart")
    assert (await mona.last()).media is not None


async def test_a_manual_value_set_by_chat_shows_up(fieldbot: BotUnderTest) -> None:
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER)  # all countries
    await mona.send("/indicator")
    labels = [button.text for row in (await mona.last()).buttons for button in row]
    assert any(label.endswith("…") for label in labels)  # a long name cut where it shows it
    assert all(len(label) <= 60 for label in labels)
    await mona.tap("3.3a")
    await mona.send("two")
    assert "type a number" in (await mona.last()).text.lower()
    await mona.send("0.04")  # every decimal shown back, not "0"
    assert "= 0.04 for" in (await mona.last()).text
    await mona.send("/indicator")
    await mona.tap("3.3a")
    await mona.send("2")
    assert "Saved" in (await mona.last()).text
    await mona.send("/indicators")
    line = next(row for row in (await mona.last()).text.splitlines() if "3.3a" in row)
    assert "2 / 2" in line
    await mona.press("ind:manual:9.9", forge=True)
    assert "no longer active" in (await mona.callback_answers())[-1]["text"]


async def test_percent_of_expected_reads_as_a_percentage(fieldbot: BotUnderTest) -> None:
    from bot.indicators.logic import expected_value

    assert fieldbot.app is not None
    plan = fieldbot.app.dispatcher["plan"]
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await seed_trainings(fieldbot, await user_id(fieldbot, 2001), ["HT"])
    admin = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await admin.send("/indicators")
    line = next(row for row in (await admin.last()).text.splitlines() if "1.1a" in row)
    expected = expected_value(
        plan.indicator("1.1a").target, plan.period_start, plan.period_end, members_today()
    )
    assert f"{round(100 / float(expected))}% of expected" in line


async def test_a_yearly_value_is_read_with_the_users_decimal_mark(fieldbot: BotUnderTest) -> None:
    """'2,5' from a Malagasy admin is 2.5 (it was stored as 25), as a report's answers read it."""
    from models.indicators import manual_values

    rado = await fieldbot.member(3002, "Rado", Role.ADMIN, language_code="mg")
    await rado.send("/indicator")
    await rado.tap("3.3a")
    await rado.send("2,5")
    assert "3.3a = 2,5" in (await rado.last()).text
    await rado.send("/indicator")
    await rado.tap("3.3a")
    await rado.send("12 arivo")  # "12 thousand": typed in digits or not at all
    assert "⚠️" in (await rado.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        values = await manual_values(session, "3.3a")
    # The year asked for: this one, or last year's while it is still missing (overdue).
    assert list(values.values()) == [Decimal("2.5")]


async def test_a_budget_growth_takes_the_years_amount_not_a_percentage(
    fieldbot: BotUnderTest,
) -> None:
    """ "15%" typed at 3.3b was stored as a budget of 15, and the growth came out near −100 %."""
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER)  # all countries
    await mona.send("/indicator")
    await mona.tap("3.3b")
    prompt = (await mona.last()).text
    assert "Type the amount of" in prompt
    assert "not a percentage" in prompt
    await mona.send("15%")
    assert "not a percentage" in (await mona.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.execute(select(IndicatorValue))).first() is None
    await mona.send("1250000")
    assert "Saved" in (await mona.last()).text


async def test_a_budget_of_0_is_asked_again(fieldbot: BotUnderTest) -> None:
    """A budget of 0 was saved, and the growth of the year after it read '—', off track, for
    ever (none is computed from 0), with nothing to say why."""
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER)  # all countries
    await mona.send("/indicator")
    await mona.tap("3.3b")
    await mona.send("0")
    assert "No growth can be computed from an amount of 0" in (await mona.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.execute(select(IndicatorValue))).first() is None
    await mona.send("1250000")
    assert "Saved" in (await mona.last()).text


async def test_a_yearly_count_typed_as_a_percentage_is_asked_again(
    fieldbot: BotUnderTest,
) -> None:
    """ "45 %" at the new sponsors (3.3a) was stored as 45 sponsors, and "100 %" at a yearly
    report done as 100 reports ("10000% of expected"): no yearly value is a percentage."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    for indicator, typed in (
        ("3.3a", "45 %"),
        ("3.1", "100%"),
        ("3.3a", "٤٥٪"),
        ("3.3a", "45 percent"),
    ):
        await amina.send("/indicator")
        await amina.tap(indicator)
        await amina.send(typed)
        assert "not a percentage" in (await amina.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.execute(select(IndicatorValue))).first() is None
    await amina.send("2")  # the question is still open: the number itself is taken
    assert "3.3a = 2" in (await amina.last()).text


async def test_a_negative_value_is_asked_again_saying_so(fieldbot: BotUnderTest) -> None:
    """ "-3" at a yearly value was answered "Please type a number, for example 2 or
    1250000.", though a number was typed: the manager did not learn why it was refused."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, language_code="fr")
    await amina.send("/indicator")
    await amina.tap("3.3a")
    for typed in ("-3", "−2,5"):
        await amina.send(typed)
        assert (await amina.last()).text == ("⚠️ Le nombre doit être supérieur ou égal à 0."), typed
    await amina.send("deux")  # no number at all: as before
    assert "Veuillez saisir un nombre" in (await amina.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.execute(select(IndicatorValue))).first() is None
    await amina.send("3")
    assert "3.3a = 3" in (await amina.last()).text


async def test_a_value_with_more_digits_than_are_kept_is_asked_again(
    fieldbot: BotUnderTest,
) -> None:
    """ "123456789012345.67" was saved, and read back 123456789012345.5938 (SQLite keeps 15
    significant digits; PostgreSQL refused it, "Something went wrong"); "0.00001" was shown
    saved and kept as 0 on PostgreSQL. Both are asked again, saying how many digits are kept."""
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER)  # all countries
    await mona.send("/indicator")
    await mona.tap("3.3b")
    for typed in ("123456789012345.67", "0.00001"):
        await mona.send(typed)
        assert (await mona.last()).text == (
            "⚠️ Please type a number with at most 11 digits before the decimal point and 4 "
            "after it, for example 1250000.5."
        ), typed
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.execute(select(IndicatorValue))).first() is None
    await mona.send("99999999999.9999")
    assert "= 99,999,999,999.9999 for" in (await mona.last()).text


async def test_a_budget_in_millions_is_asked_in_digits(fieldbot: BotUnderTest) -> None:
    """ "1.25M" was stored as a budget of 1.25 ("12k" and "1.25 million" were refused)."""
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER)  # all countries
    await mona.send("/indicator")
    await mona.tap("3.3b")
    for typed in ("1.25M", "CAD 1.2m", "3b", "1.25 million"):
        await mona.send(typed)
        assert "⚠️" in (await mona.last()).text, typed
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.execute(select(IndicatorValue))).first() is None
    await mona.send("1250000")
    assert "Saved" in (await mona.last()).text


async def test_a_budget_growth_asks_for_the_year_before_first(fieldbot: BotUnderTest) -> None:
    """Without last year's budget no growth can be computed: the chat asks for it first (the
    plan's first year, for the baseline year's), then for this year's."""
    mona = await fieldbot.member(3002, "Mona", Role.MANAGER)
    this_year = members_today().year
    for year, amount in ((this_year - 1, "1000000"), (this_year, "1150000")):
        await mona.send("/indicator")
        await mona.tap("3.3b")
        assert f"Type the amount of {year} for 3.3b" in (await mona.last()).text
        await mona.send(amount)
        assert "Saved" in (await mona.last()).text
    await mona.send("/indicators")
    assert "15% / 10%–20%" in (await mona.last()).text


async def test_a_manager_of_haiti_sees_nothing_of_canadas_sectors(fieldbot: BotUnderTest) -> None:
    """Canada's sectors (1.3) cannot be counted in Haiti: not listed, and an old or forged
    button for them draws nothing."""
    mona = await fieldbot.member(3003, "Mona", Role.MANAGER, ["HT"])
    await mona.send("/indicators")
    listing = await mona.last()
    assert "1.3" not in listing.text
    assert "1.1a" in listing.text
    for action in (IndicatorAction.OPEN, IndicatorAction.CHART):
        await mona.press(IndicatorCB(a=action, i="1.3").pack(), forge=True)
        assert "no longer active" in (await mona.callback_answers())[-1]["text"]


async def test_a_negative_yearly_value_is_refused_as_negative(fieldbot: BotUnderTest) -> None:
    """ "-1" was answered "Please type a number…", though it is one: it cannot be negative."""
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER)  # all countries
    await mona.send("/indicator")
    await mona.tap("3.3a")
    for typed in ("-1", "−2,5"):
        await mona.send(typed)
        assert (await mona.last()).text == "⚠️ The number must be at least 0.", typed
    await mona.send("two")
    assert (await mona.last()).text == "⚠️ Please type a number, for example 2 or 1250000."
    await mona.send("2")
    assert "3.3a = 2" in (await mona.last()).text


async def test_a_value_typed_after_the_plan_stopped_asking_for_it_is_answered(
    fieldbot: BotUnderTest,
) -> None:
    """The plan changed while Amina typed 3.3a's value (no longer a manual indicator): the
    question closed and nothing was said at all."""
    from dataclasses import replace

    assert fieldbot.app is not None
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await amina.send("/indicator")
    await amina.tap("3.3a")
    plan = fieldbot.app.dispatcher["plan"]
    others = tuple(d for d in plan.indicators if d.id != "3.3a")
    fieldbot.app.dispatcher["plan"] = replace(plan, indicators=others)
    await amina.send("2")
    assert (await amina.last()).text == (
        "⚠️ Nothing was saved: the plan changed, and 3.3a no longer takes a yearly value "
        "typed here. Send /indicator to see the indicators that do."
    )
    async with fieldbot.app.session_factory() as session:
        assert (await session.execute(select(IndicatorValue))).first() is None
    await amina.send("3")  # the question is closed: not taken as a value
    assert "3.3a" not in (await amina.last()).text

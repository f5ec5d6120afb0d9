"""Around New Year, in people's own time zones: Hawaii (UTC-10) is still on 31 December when
UTC is on 1 January, Kiritimati (UTC+14) is already on 1 January when UTC is on 31 December."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from bot.indicators.plan import indicator, load_plan
from bot.usecases.indicators import years_to_enter
from models.digest import set_digest_slot
from models.indicators import manual_values, set_manual_value
from models.queries import set_timezone
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_indicators import seed_trainings, user_id
from tests.e2e.test_reports import start_training


async def _in_zone(fieldbot: BotUnderTest, telegram_id: int, zone: str) -> None:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await set_timezone(session, telegram_id, zone)
        await session.commit()


async def test_an_unfinished_report_is_dated_by_the_officers_day_not_utcs(
    fieldbot: BotUnderTest,
) -> None:
    """Kai starts a training in Honolulu at 19:00 on 31 December (05:00 UTC on 1 January) and
    comes back to it two hours later: it said "started on Jan 1, 2027", a day still to come."""
    kai = await fieldbot.member(2001, "Kai", Role.FIELD_STAFF, ["HT"])
    await _in_zone(fieldbot, 2001, "Pacific/Honolulu")
    with time_machine.travel(dt.datetime(2027, 1, 1, 5, tzinfo=dt.UTC), tick=True):
        await start_training(kai)
        await kai.send("Hilo")
    with time_machine.travel(dt.datetime(2027, 1, 1, 7, tzinfo=dt.UTC), tick=True):
        await kai.send("/report")
        offer = (await kai.last()).text
    assert "started on Dec 31, 2026" in offer, offer

    teuea = await fieldbot.member(2002, "Teuea", Role.FIELD_STAFF, ["HT"], language_code="fr")
    await _in_zone(fieldbot, 2002, "Pacific/Kiritimati")
    with time_machine.travel(dt.datetime(2026, 12, 31, 11, tzinfo=dt.UTC), tick=True):
        await teuea.send("/report")
        await teuea.tap("Formation")
        await teuea.send("Tabwakea")
    with time_machine.travel(dt.datetime(2026, 12, 31, 13, tzinfo=dt.UTC), tick=True):
        await teuea.send("/report")
        offer = (await teuea.last()).text
    assert "commencé le 1 janv. 2027" in offer, offer


async def test_a_snooze_ends_on_the_managers_own_calendar(fieldbot: BotUnderTest) -> None:
    """Teuea reads her first digest of 2027 at 08:40 on Monday 4 January in Kiritimati (18:40
    UTC on Sunday 3) and snoozes an indicator for four weeks, to 08:40 on Monday 1 February
    her time: it said "until Jan 31, 2027", UTC's day."""
    from tests.e2e.test_digest import send_digests

    teuea = await fieldbot.member(3001, "Teuea", Role.MANAGER, ["HT"])
    await _in_zone(fieldbot, 3001, "Pacific/Kiritimati")
    await teuea.send("/help")
    with time_machine.travel(dt.datetime(2027, 1, 3, 18, 40, tzinfo=dt.UTC), tick=True):
        assert await send_digests(fieldbot, dt.datetime.now(dt.UTC)) == ["enqueued"]
        digest = await teuea.last()
        assert "week of Jan 4, 2027" in digest.text
        await teuea.tap("💤 Snooze…")
        await teuea.tap((await teuea.last()).buttons[0][0].text)
        told = (await teuea.callback_answers())[-1]["text"]
    assert "until Feb 1, 2027" in told, told


async def test_last_years_missing_value_is_named_with_its_year_in_january(
    fieldbot: BotUnderTest,
) -> None:
    """In the first week of 2027, 2026's annual report (3.1, due 15 December) and new sponsors
    (3.3a, "New sponsors this year") are still missing and listed in red: the lines read
    "— / 1" and "— / 2" with no year, as if 2027's were already late after four days."""
    from tests.e2e.test_digest import send_digests

    wanjiru = await fieldbot.member(3001, "Wanjiru", Role.ADMIN, [])
    await _in_zone(fieldbot, 3001, "Africa/Nairobi")
    await wanjiru.send("/help")
    with time_machine.travel(dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC), tick=True):
        assert await send_digests(fieldbot, dt.datetime.now(dt.UTC)) == ["enqueued"]
        digest = (await wanjiru.last()).text
        await wanjiru.send("/indicators")
        listed = (await wanjiru.last()).text
    # The digest is one line per indicator or a block of lines (shorter with a chart).
    for ident in ("3.1", "3.3a"):
        block = next(part for part in digest.split("\n\n") if f" {ident} " in part)
        assert "in 2026" in block or "Value for 2026" in block, digest
    sponsors = next(line for line in listed.splitlines() if "3.3a" in line)
    assert "— / 2 in 2026" in sponsors, listed
    report = next(line for line in listed.splitlines() if "3.1" in line)
    assert "— / 1 in 2026" in report, listed
    budget = next(line for line in listed.splitlines() if "3.3b" in line)
    assert "in 2027" in budget, listed  # 2027's growth, due on 31 March, not late yet


async def test_an_invitation_says_the_last_day_it_works_on_the_admins_calendar(
    fieldbot: BotUnderTest,
) -> None:
    """Leilani invites a volunteer from Honolulu at 19:00 on 31 December (05:00 UTC on 1
    January), for 7 days: the link stops working at 19:00 on 7 January her time, and the card
    said "valid until Jan 8, 2027" (UTC's day)."""
    leilani = await fieldbot.member(1001, "Leilani", Role.ADMIN, ["HT"])
    await _in_zone(fieldbot, 1001, "Pacific/Honolulu")
    with time_machine.travel(dt.datetime(2027, 1, 1, 5, tzinfo=dt.UTC), tick=True):
        await leilani.send("/invite")
        await leilani.tap("Volunteer")
        await leilani.send("HT")
        await leilani.tap("7 days")
        card = (await leilani.last()).text
    assert "valid until Jan 7, 2027" in card, card


async def test_last_years_final_figure_can_still_be_entered_in_january(
    fieldbot: BotUnderTest,
) -> None:
    """In December a manager entered 1 new sponsor for 2026; a second one signed on 30 December.
    In January the bot asks for 2027's value first and offers 2026's too, to correct it."""
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER)
    with time_machine.travel(dt.datetime(2026, 12, 10, 9, tzinfo=dt.UTC), tick=True):
        await mona.send("/indicator")
        await mona.tap("3.3a")
        asked = await mona.last()
        assert "for 2026" in asked.text
        assert [[b.text for b in row] for row in asked.buttons] == [["Enter 2025 instead"]]
        await mona.send("1")
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC), tick=True):
        await mona.send("/indicator")
        await mona.tap("3.3a")
        assert "Type the value of 3.3a for 2027" in (await mona.last()).text
        await mona.tap("Enter 2026 instead")
        assert "Type the value of 3.3a for 2026" in (await mona.last()).text
        await mona.send("2")
        assert "= 2 for 2026" in (await mona.last()).text
        # A year from a forged button is not one to enter: the bot asks for the year it would.
        await mona.press("indy:3.3a:2031", forge=True)
        assert "Type the value of 3.3a for 2027" in (await mona.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert await manual_values(session, "3.3a") == {"2026": Decimal(2)}


def test_the_years_a_value_may_be_entered_for_stay_within_the_plan_and_the_past() -> None:
    plan = load_plan()  # 2025-2029
    sponsors = indicator(plan, "3.3a")
    budget = indicator(plan, "3.3b")  # a growth: the baseline year 2024 is entered too
    # In January: last year's while it is missing, then this year's; the other one offered.
    assert years_to_enter(sponsors, plan, {}, dt.date(2027, 1, 5)) == ("2026", "2027")
    in_2026 = {"2026": Decimal(1)}
    assert years_to_enter(sponsors, plan, in_2026, dt.date(2027, 1, 5)) == ("2027", "2026")
    assert years_to_enter(sponsors, plan, {}, dt.date(2025, 6, 1)) == ("2025",)
    assert years_to_enter(budget, plan, {}, dt.date(2025, 6, 1)) == ("2024", "2025")
    # After the plan its last year can still be corrected; no year after it is offered.
    # (2030's value was asked first: stored, and never shown by /indicators or the digest.)
    assert years_to_enter(sponsors, plan, {"2029": Decimal(1)}, dt.date(2030, 1, 5)) == ("2029",)
    assert years_to_enter(sponsors, plan, {}, dt.date(2030, 1, 5)) == ("2029",)
    reports = indicator(plan, "3.4")  # due 30 June: 2030's was asked from its 1 June on
    for day in (dt.date(2030, 1, 5), dt.date(2030, 6, 5), dt.date(2031, 1, 5)):
        assert years_to_enter(reports, plan, {}, day) == ("2029",), day
        assert years_to_enter(budget, plan, {"2028": Decimal(9), "2029": Decimal(10)}, day) == (
            "2029",
        )


async def _digests(fieldbot: BotUnderTest, now: dt.datetime, **options: object) -> list[str]:
    """Run the digest job at `now` with these DigestOptions (the harness's runtime otherwise)."""
    from scheduler.jobs import DigestOptions, Runtime, run_digests

    app = fieldbot.app
    assert app is not None
    plan = options.pop("plan", app.dispatcher["plan"])
    runtime = Runtime(
        session_factory=app.session_factory,
        plan=plan,  # type: ignore[arg-type]
        i18n=app.i18n,
        options=DigestOptions(**options),  # type: ignore[arg-type]
    )
    with time_machine.travel(now, tick=True):
        outcomes = await run_digests(runtime, now=now)
        await fieldbot.drain_outbox()
    return [outcome.status for outcome in outcomes]


async def _sponsors_in_2026(fieldbot: BotUnderTest, value: int) -> None:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await set_manual_value(
            session,
            "3.3a",
            "2026",
            Decimal(value),
            actor_user_id=None,
            now=dt.datetime(2026, 12, 10, tzinfo=dt.UTC),
        )
        await session.commit()


def _section(digest: str) -> list[str]:
    """The lines of the digest's "final results" section (📅 heading to the blank line)."""
    lines = digest.splitlines()
    start = next((n for n, line in enumerate(lines) if line.startswith("📅")), None)
    if start is None:
        return []
    end = next((n for n in range(start, len(lines)) if not lines[n]), len(lines))
    return lines[start:end]


async def test_the_first_digest_of_the_year_tells_last_years_final_results_once(
    fieldbot: BotUnderTest,
) -> None:
    """2026 ended with 1 new sponsor of the 2 targeted (3.3a) and few trainings (1.1a under the
    plan's pace). Wanjiru's digest comes on Saturdays: her first of 2027, on Saturday 2
    January (still ISO week 2026-W53), said nothing of either, 2026's 1 sponsor having left
    the digest with the year; it now opens with 2026's final results, and only that once."""
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await seed_trainings(fieldbot, await user_id(fieldbot, 2001), ["HT", "HT"])
    await _sponsors_in_2026(fieldbot, 1)
    wanjiru = await fieldbot.member(3001, "Wanjiru", Role.ADMIN, [])
    await _in_zone(fieldbot, 3001, "Africa/Nairobi")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await set_digest_slot(
            session, await user_id(fieldbot, 3001), weekday=5, hour=9, now=utcnow()
        )
        await session.commit()
    await wanjiru.send("/help")
    assert await _digests(fieldbot, dt.datetime(2026, 12, 26, 7, tzinfo=dt.UTC)) == ["enqueued"]
    assert _section((await wanjiru.last()).text) == []  # 2026 is not over yet
    assert await _digests(fieldbot, dt.datetime(2027, 1, 2, 7, tzinfo=dt.UTC)) == ["enqueued"]
    digest = (await wanjiru.last()).text
    assert "week of Dec 28, 2026" in digest
    section = _section(digest)
    assert section[0].startswith("📅 2026's final results:"), digest
    sponsors = next(line for line in section if " 3.3a " in line)
    assert "🔴" in sponsors, digest
    assert "1 / 2 in 2026" in sponsors, digest
    trainings = next(line for line in section if " 1.1a " in line)
    assert "2 / 50" in trainings, digest
    assert "of expected" in trainings, digest
    assert not any(" 3.1 " in line for line in section), digest  # missing: listed as overdue
    assert "3.1" in digest.split("\n".join(section))[1], digest
    assert await _digests(fieldbot, dt.datetime(2027, 1, 9, 7, tzinfo=dt.UTC)) == ["enqueued"]
    assert _section((await wanjiru.last()).text) == []


async def test_a_manager_whose_digest_is_skipped_when_on_track_still_gets_the_final_results(
    fieldbot: BotUnderTest,
) -> None:
    """Mona skips on-track weeks (FIELDBOT_DIGEST_WHEN_ON_TRACK=false) and only 3.3a concerns
    her: in January 2027 2026's 1 sponsor of 2 was never told, every week being "on track"."""
    from dataclasses import replace

    await _sponsors_in_2026(fieldbot, 1)
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"], language_code="fr")
    await mona.send("/help")
    plan = load_plan()
    sponsors_only = replace(plan, indicators=(indicator(plan, "3.3a"),))
    monday = dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC)
    assert await _digests(fieldbot, monday, when_on_track=False, plan=sponsors_only) == [
        "enqueued"
    ]
    digest = (await mona.last()).text
    section = _section(digest)
    assert section[0] == "📅 Résultats définitifs de 2026\u202f: 1 indicateur sous la cible", (
        digest
    )
    assert "1 / 2 en 2026" in section[1], digest
    assert "Rien d’autre ne demande votre attention." in digest, digest
    later = monday + dt.timedelta(weeks=1)
    assert await _digests(fieldbot, later, when_on_track=False, plan=sponsors_only) == ["skipped"]


async def test_last_years_final_results_in_arabic_are_isolated_and_counted(
    fieldbot: BotUnderTest,
) -> None:
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await seed_trainings(fieldbot, await user_id(fieldbot, 2001), ["HT"])
    await _sponsors_in_2026(fieldbot, 1)
    layla = await fieldbot.member(3001, "Layla", Role.MANAGER, ["HT"], language_code="ar")
    await layla.send("/help")
    assert await _digests(fieldbot, dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC)) == ["enqueued"]
    section = _section((await layla.last()).text)
    assert section, (await layla.last()).text
    assert "\u20662026\u2069" in section[0], section
    listed = [line.split()[1].strip("\u2066\u2069") for line in section[1:]]
    assert "3.3a" in listed, section
    assert "1.1a" in listed, section
    assert section[0].count("\u2066") == 2, section  # the year and the count, both isolated


async def test_after_the_plans_end_its_last_year_is_not_told_twice(
    fieldbot: BotUnderTest,
) -> None:
    """In January 2030 the digest says the 2025-2029 plan ended and shows its final figures:
    no second "2029's final results" section over the same figures."""
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await seed_trainings(fieldbot, await user_id(fieldbot, 2001), ["HT"])
    wanjiru = await fieldbot.member(3001, "Wanjiru", Role.ADMIN, [])
    await wanjiru.send("/help")
    assert await _digests(fieldbot, dt.datetime(2030, 1, 7, 9, tzinfo=dt.UTC)) == ["enqueued"]
    digest = (await wanjiru.last()).text
    assert "The plan ended on Dec 31, 2029" in digest, digest
    assert "final results" not in digest, digest
    assert _section(digest) == [], digest


async def test_the_week_of_the_plans_last_day_says_it_ended_once_that_day_is_over(
    fieldbot: BotUnderTest,
) -> None:
    """The 2025-2029 plan ends on Monday 31 December 2029, the first day of 2030-W01. Wanjiru's
    digest comes on Fridays in Nairobi: on 4 January 2030 it showed the final figures without
    "The plan ended on…", which only the week after said. Kai's comes on Mondays at 23:00 in
    Honolulu, 09:00 UTC on 1 January: still the plan's last day where he is."""
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await seed_trainings(fieldbot, await user_id(fieldbot, 2001), ["HT"])
    wanjiru = await fieldbot.member(3001, "Wanjiru", Role.ADMIN, [])
    kai = await fieldbot.member(3002, "Kai", Role.MANAGER, [])
    await _in_zone(fieldbot, 3001, "Africa/Nairobi")
    await _in_zone(fieldbot, 3002, "Pacific/Honolulu")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        for telegram_id, weekday, hour in ((3001, 4, 9), (3002, 0, 23)):
            await set_digest_slot(
                session,
                await user_id(fieldbot, telegram_id),
                weekday=weekday,
                hour=hour,
                now=utcnow(),
            )
        await session.commit()
    await wanjiru.send("/help")
    await kai.send("/help")
    ended = "The plan ended on Dec 31, 2029"
    assert await _digests(fieldbot, dt.datetime(2030, 1, 1, 9, 30, tzinfo=dt.UTC)) == ["enqueued"]
    digest = (await kai.last()).text
    assert "week of Dec 31, 2029" in digest, digest
    assert ended not in digest, digest  # as his /indicators says it on his 31 December
    outcomes = await _digests(fieldbot, dt.datetime(2030, 1, 4, 7, tzinfo=dt.UTC))
    assert outcomes == ["enqueued", "exists"]  # Kai's of that week was sent on Monday
    digest = (await wanjiru.last()).text
    assert "week of Dec 31, 2029" in digest, digest
    assert ended in digest, digest

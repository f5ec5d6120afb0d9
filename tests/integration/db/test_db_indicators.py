"""Indicators evaluated in SQL: every metric on small hand-computed datasets, on both databases."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal as D
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import AuditAction
from bot.domain.scope import EVERYWHERE, Scope
from bot.indicators.logic import Status
from bot.indicators.plan import REPORT_METRICS, MetricKind, Plan, load_plan
from bot.indicators.results import IndicatorResult
from bot.ui.indicators import value_of_target
from models.db import create_engine, create_session_factory
from models.indicators import (
    breakdown,
    evaluate_indicator,
    evaluate_plan,
    manual_values,
    set_manual_value,
)
from models.queries import audit_entries
from models.tables import Report, RoleGrant, User
from tests.factories import report_row, small_plan


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Every test here runs on SQLite and, when available, on PostgreSQL."""
    return any_db_url


NOW = datetime(2025, 2, 20, 9, 0, tzinfo=UTC)
# A 100-day plan, so that expected values are easy to compute by hand: on 20 February
# (day 50) half of each target is expected.
PLAN_TEXT = """\
period: {start: 2025-01-01, end: 2025-04-11}
share_min_reports: 4
country_lists: {fp: [CA, HT]}
indicators:
  - {id: "c", objective: "1", label: "Trainings outside Canada", metric: count,
     source: [training], filters: {country_not_in: [CA]}, target: 20, prorate: true}
  - {id: "d", objective: "1", label: "Countries trained", metric: distinct_count,
     distinct: country, source: [training], filters: {country_not_in: [CA]}, target: 8}
  - {id: "s", objective: "1", label: "Fields", metric: share, group_by: field,
     groups: [justice, violence_exploitation, emergencies], minimum: 0.25,
     source: [training, advocacy_event]}
  - {id: "sec", objective: "1", label: "Sectors", metric: distinct_count,
     distinct: canada_sector, source: [training], filters: {country_in: [CA]}, target: 2}
  - {id: "dec", objective: "2", label: "Decisions", metric: count, source: [advocacy_event],
     filters: {is_decision: true, contributed: true, country_in: fp}, target: 4}
  - {id: "m", objective: "3", label: "Sponsors", metric: manual, per: year, target: 2}
  - {id: "g", objective: "3", label: "Budget", metric: growth, per: year, range: [0.10, 0.20]}
"""
AS_OF = date(2025, 2, 20)


@pytest.fixture
def plan() -> Plan:
    return small_plan(PLAN_TEXT)


def _report(kind: str, country: str, field: str, day: date, **columns: Any) -> Report:
    return report_row(kind, country, field=field, day=day, submitted=NOW, **columns)


def _staff(telegram_id: int, countries: list[str], *, active: bool = True) -> User:
    return User(
        telegram_id=telegram_id,
        display_name="staff",
        grants=[RoleGrant(role="field_staff", countries=countries, all_countries=False)],
        active=active,
    )


DATASET = [
    _report("training", "HT", "justice", date(2025, 1, 10)),
    _report("training", "HT", "violence_exploitation", date(2025, 1, 20)),
    _report("training", "SN", "emergencies", date(2025, 2, 1)),
    _report("training", "CA", "justice", date(2025, 2, 5), canada_sector="health"),
    _report("training", "CA", "justice", date(2025, 2, 10), canada_sector="education"),
    _report("training", "CA", "justice", date(2025, 2, 11)),  # no sector
    _report("training", "ML", "justice", date(2025, 3, 1)),  # after AS_OF
    _report(
        "advocacy_event", "HT", "justice", date(2025, 1, 15), is_decision=True, contributed=True
    ),
    # contributed not answered (NULL): not a decision we contributed to.
    _report("advocacy_event", "CA", "violence_exploitation", date(2025, 1, 16), is_decision=True),
    _report(
        "advocacy_event",
        "CA",
        "emergencies",
        date(2025, 1, 17),
        is_decision=True,
        contributed=True,
    ),
    _report(
        "advocacy_event", "SN", "justice", date(2025, 1, 18), is_decision=True, contributed=False
    ),
    _report(
        "advocacy_event", "BF", "justice", date(2024, 12, 31), is_decision=True, contributed=True
    ),  # before the plan
]


async def _seed(session: AsyncSession) -> None:
    # Fresh copies: an ORM object belongs to one session.
    session.add_all(
        [
            _staff(8_000_001, ["HT", "SN"]),
            _staff(8_000_002, ["ML", "CA"]),
            _staff(8_000_003, ["NE"], active=False),  # blocked the bot: not counted
        ]
    )
    for report in DATASET:
        columns = {c.key: getattr(report, c.key) for c in Report.__table__.columns}
        columns["id"] = uuid4()
        session.add(Report(**{k: v for k, v in columns.items() if v is not None}))
    await session.flush()


def _by_id(results: list[IndicatorResult]) -> dict[str, IndicatorResult]:
    return {result.id: result for result in results}


async def test_every_report_metric_on_a_hand_computed_dataset(
    session: AsyncSession, plan: Plan
) -> None:
    await _seed(session)
    results = _by_id(await evaluate_plan(session, plan, as_of=AS_OF, scope=EVERYWHERE))

    count = results["c"]  # HT, HT, SN (CA excluded, ML after as_of)
    assert (count.value, count.target, count.expected) == (D(3), D(20), D(10))
    assert count.status is Status.OFF_TRACK
    assert count.percent_of_expected == D(30)
    assert count.projection == D(6)  # 3 in 50 days of 100
    assert count.per_month_needed == D(17) / 3  # February, March, April
    assert (count.reports, count.partial) == (3, False)

    distinct = results["d"]  # HT, SN; staff in HT, SN, ML (CA is not outside Canada)
    assert (distinct.value, distinct.expected, distinct.status) == (D(2), D(4), Status.OFF_TRACK)
    assert distinct.missing_countries == ("ML",)

    share = results["s"]  # 10 reports: justice 6, violence 2, emergencies 2
    assert share.reports == 10
    assert share.shares == {
        "justice": D("0.6"),
        "violence_exploitation": D("0.2"),
        "emergencies": D("0.2"),
    }
    assert share.share_statuses == {
        "justice": Status.ON_TRACK,
        "violence_exploitation": Status.OFF_TRACK,
        "emergencies": Status.OFF_TRACK,
    }
    assert (share.value, share.status) == (D("0.2"), Status.OFF_TRACK)

    sectors = results["sec"]  # health, education (NULL is no sector)
    assert (sectors.value, sectors.expected, sectors.reports) == (D(2), D(1), 3)
    assert sectors.status is Status.ON_TRACK
    assert sectors.missing_countries == ()

    decisions = results["dec"]  # HT and CA with contributed = true
    assert (decisions.value, decisions.expected, decisions.status) == (
        D(2),
        D(2),
        Status.ON_TRACK,
    )
    assert decisions.percent_of_expected == D(100)


async def test_scope_filters_reports_and_prorates_only_where_asked(
    session: AsyncSession, plan: Plan
) -> None:
    await _seed(session)
    results = _by_id(
        await evaluate_plan(session, plan, as_of=AS_OF, scope=Scope(("HT",), all_countries=False))
    )
    count = results["c"]
    # Active countries: HT, SN, CA (reports) + ML (staff) = 4; scope HT: a quarter of 20.
    assert (count.value, count.target, count.expected) == (D(2), D(5), D("2.5"))
    assert (count.status, count.partial) == (Status.AT_RISK, True)  # 80 %
    # No prorate, but a count of countries seen from Haiti can reach Haiti only: 1, not 8.
    distinct = results["d"]
    assert (distinct.value, distinct.target, distinct.missing_countries) == (D(1), D(1), ())
    assert distinct.status is Status.ON_TRACK
    assert "sec" not in results  # Canada's sectors: nothing to count in Haiti, no target
    assert results["dec"].value == D(1)
    assert results["s"].reports == 3
    assert results["s"].status is Status.NO_DATA  # fewer than 4 reports

    canada = _by_id(
        await evaluate_plan(session, plan, as_of=AS_OF, scope=Scope(("CA",), all_countries=False))
    )
    assert "c" not in canada  # "outside Canada"
    assert "d" not in canada
    assert {"s", "sec", "dec", "m", "g"} <= set(canada)

    nowhere = _by_id(
        await evaluate_plan(session, plan, as_of=AS_OF, scope=Scope(("YE",), all_countries=False))
    )
    assert nowhere["c"].value == D(0)
    assert nowhere["c"].target == D(0)
    # Nothing asked of Yemen (no active country there): met, not "not started" for ever.
    assert nowhere["c"].status is Status.ON_TRACK
    assert nowhere["c"].percent_of_expected is None  # no percentage of nothing
    yemen = Scope(("YE",), all_countries=False)
    ended = await evaluate_indicator(session, plan, "c", as_of=date(2025, 6, 1), scope=yemen)
    assert (ended.target, ended.status) == (D(0), Status.ON_TRACK)
    early = await evaluate_indicator(session, plan, "c", as_of=date(2024, 12, 31), scope=yemen)
    assert early.status is Status.NOT_STARTED  # before the plan starts


async def test_a_prorated_target_that_is_whole_is_met_by_as_many(session: AsyncSession) -> None:
    # 30 trainings for 6 active countries: 5 for a manager of Haiti. Multiplied by the factor
    # as a Decimal (0.1666...7) it was 5.000000000000000000000000001: with 5 done, off track
    # at the plan's end, '🔴 5 / 6' (rounded up) and 'To reach the target: 1 more'.
    plan = small_plan(PLAN_TEXT.replace("target: 20, prorate: true", "target: 30, prorate: true"))
    session.add_all(
        _staff(8_100_000 + n, [country])
        for n, country in enumerate(["HT", "SN", "ML", "NE", "BF", "TG"])
    )
    session.add_all(
        _report("training", "HT", "justice", date(2025, 1, 10 + day)) for day in range(5)
    )
    await session.flush()
    haiti = Scope(("HT",), all_countries=False)
    for day in (date(2025, 4, 11), date(2025, 6, 1)):  # the plan's last day, and after it
        count = await evaluate_indicator(session, plan, "c", as_of=day, scope=haiti)
        assert (count.value, count.target, count.status) == (D(5), D(5), Status.ON_TRACK)
        assert value_of_target(count, "en") == "5 / 5"
    midway = await evaluate_indicator(session, plan, "c", as_of=AS_OF, scope=haiti)
    assert midway.expected == D("2.5")


async def test_as_of_filters_reports_by_event_date(session: AsyncSession, plan: Plan) -> None:
    await _seed(session)

    async def count_on(day: date) -> IndicatorResult:
        return await evaluate_indicator(session, plan, "c", as_of=day, scope=EVERYWHERE)

    assert (await count_on(date(2025, 1, 19))).value == D(1)
    assert (await count_on(date(2025, 1, 20))).value == D(2)  # the as_of day is included
    assert (await count_on(date(2025, 3, 1))).value == D(4)
    before = await count_on(date(2024, 12, 31))
    assert (before.value, before.expected, before.status) == (D(0), D(0), Status.NOT_STARTED)
    assert before.projection is None
    after = await count_on(date(2025, 6, 1))  # after the plan end
    assert (after.value, after.expected) == (D(4), D(20))
    # Nothing is left to project or to reach: "At the current pace, by 11 April 2025: 4" was
    # read in June, about a day gone by.
    assert (after.projection, after.per_month_needed) == (None, None)
    last_day = await count_on(plan.period_end)
    assert last_day.projection == D(4)  # by today: what there is
    assert after.status is Status.OFF_TRACK


async def test_empty_database(session: AsyncSession, plan: Plan) -> None:
    results = _by_id(await evaluate_plan(session, plan, as_of=AS_OF, scope=EVERYWHERE))
    assert (results["c"].value, results["c"].status) == (D(0), Status.OFF_TRACK)
    assert results["c"].percent_of_expected == D(0)
    assert (results["s"].value, results["s"].status) == (None, Status.NO_DATA)
    assert results["s"].shares == {g: D(0) for g in results["s"].shares}
    assert (results["m"].value, results["m"].status) == (None, Status.NO_DATA)
    assert (results["g"].value, results["g"].status) == (None, Status.NO_DATA)
    assert results["d"].missing_countries == ()  # no staff either


async def test_a_single_report(session: AsyncSession, plan: Plan) -> None:
    session.add(_report("training", "HT", "justice", date(2025, 1, 11)))
    await session.flush()
    results = _by_id(await evaluate_plan(session, plan, as_of=AS_OF, scope=EVERYWHERE))
    assert (results["c"].value, results["c"].projection) == (D(1), D(2))
    assert results["d"].value == D(1)
    assert results["s"].shares["justice"] == D(1)
    assert results["s"].status is Status.NO_DATA


async def test_a_manual_value_is_kept_exactly_or_refused(session: AsyncSession) -> None:
    """Beyond 15 significant digits SQLite (a REAL) gave back 123456789012345.5938 for
    123456789012345.6, PostgreSQL's NUMERIC(18, 4) overflowed at the largest value allowed
    (1e15) and stored 0.00001 as 0: what is taken is now what both give back."""
    from bot.usecases.indicators import ManualValueRefused, record_manual_value

    plan = load_plan()  # the shipped plan: 3.3a, new sponsors a year
    for typed in ("99999999999.9999", "12345678901.2345", "9876543210.987", "0.0001", "2.50000"):
        await record_manual_value(
            session, plan, "3.3a", "2025", D(typed), actor_user_id=None, now=NOW
        )
        assert await manual_values(session, "3.3a") == {"2025": D(typed)}, typed
    for typed in ("1e15", "123456789012345.6", "100000000000", "0.00001", "1.23456"):
        with pytest.raises(ManualValueRefused) as refused:
            await record_manual_value(
                session, plan, "3.3a", "2025", D(typed), actor_user_id=None, now=NOW
            )
        assert refused.value.reason == "too_long", typed
    assert await manual_values(session, "3.3a") == {"2025": D("2.5")}


async def test_manual_values_replace_and_are_audited(session: AsyncSession, plan: Plan) -> None:
    session.add(_staff(8_000_010, ["HT"]))
    await session.flush()
    officer = 1  # the first user's id
    await set_manual_value(session, "m", "2025", D(1), actor_user_id=None, now=NOW)
    result = await evaluate_indicator(session, plan, "m", as_of=AS_OF, scope=EVERYWHERE)
    assert (result.value, result.status, result.period) == (D(1), Status.AT_RISK, "2025")
    assert result.percent_of_expected == D(50)

    await set_manual_value(session, "m", "2025", D(2), actor_user_id=officer, now=NOW)
    assert await manual_values(session, "m") == {"2025": D(2)}
    result = await evaluate_indicator(session, plan, "m", as_of=AS_OF, scope=EVERYWHERE)
    assert (result.value, result.status) == (D(2), Status.ON_TRACK)

    entries = await audit_entries(session, action=AuditAction.INDICATOR_VALUE_SET)
    assert [(e.actor_user_id, e.target_id, dict(e.details)) for e in entries] == [
        (officer, "m", {"period": "2025", "value": "2"}),
        (None, "m", {"period": "2025", "value": "1"}),
    ]
    with pytest.raises(ValueError, match="period must be a year"):
        await set_manual_value(session, "m", "FY25", D(1), actor_user_id=None, now=NOW)


async def test_a_yearly_value_is_judged_by_its_due_date_and_stays_until_entered(
    session: AsyncSession,
) -> None:
    """3.1 is due on 15 December: not late in July (it was red from 2 July), due soon from
    mid-November, late after the 15th, and still late on 5 January (it vanished at New Year)
    until it is entered (or for 13 weeks); then the new year's is not due yet."""

    async def study(day: date) -> tuple[Status, str | None]:
        result = await evaluate_indicator(session, load_plan(), "3.1", as_of=day, scope=EVERYWHERE)
        return result.status, result.period

    # 2025's, never entered, is asked for until mid-March 2026 (13 weeks after its due date),
    # not all year: a plan year from before the bot was used is not a nag for twelve months.
    assert await study(date(2026, 3, 10)) == (Status.OFF_TRACK, "2025")
    assert await study(date(2026, 7, 2)) == (Status.NO_DATA, "2026")
    assert await study(date(2026, 11, 20)) == (Status.AT_RISK, "2026")  # due soon
    assert await study(date(2026, 12, 16)) == (Status.OFF_TRACK, "2026")
    assert await study(date(2027, 1, 5)) == (Status.OFF_TRACK, "2026")  # still overdue
    await set_manual_value(session, "3.1", "2026", D(2), actor_user_id=None, now=NOW)
    assert await study(date(2027, 1, 5)) == (Status.NO_DATA, "2027")
    assert await study(date(2028, 2, 2)) == (Status.OFF_TRACK, "2027")
    await set_manual_value(session, "3.1", "2028", D(1), actor_user_id=None, now=NOW)
    assert await study(date(2028, 2, 2)) == (Status.ON_TRACK, "2028")  # this year's is in


async def test_a_budget_due_in_march_is_late_in_april_not_in_july(session: AsyncSession) -> None:
    """3.3b (growth of the budget, due 31 March): April's missing budget was "no data" until
    the 1 July rule; the first plan year has no year before it to be late for."""
    plan = load_plan()
    await set_manual_value(session, "3.3b", "2025", D(100), actor_user_id=None, now=NOW)
    april = await evaluate_indicator(
        session, plan, "3.3b", as_of=date(2026, 4, 6), scope=EVERYWHERE
    )
    assert (april.status, april.period) == (Status.OFF_TRACK, "2026")
    march = await evaluate_indicator(
        session, plan, "3.3b", as_of=date(2026, 3, 10), scope=EVERYWHERE
    )
    assert march.status is Status.AT_RISK  # due soon
    first = await evaluate_indicator(
        session, plan, "3.1", as_of=date(2025, 1, 5), scope=EVERYWHERE
    )
    assert first.period == "2025"


async def test_growth_from_yearly_budgets(session: AsyncSession, plan: Plan) -> None:
    await set_manual_value(session, "g", "2024", D(100_000), actor_user_id=None, now=NOW)
    await set_manual_value(session, "g", "2025", D(115_000), actor_user_id=None, now=NOW)
    result = await evaluate_indicator(session, plan, "g", as_of=AS_OF, scope=EVERYWHERE)
    assert (result.value, result.status, result.period) == (D("0.15"), Status.ON_TRACK, "2025")
    await set_manual_value(session, "g", "2025", D(130_000), actor_user_id=None, now=NOW)
    result = await evaluate_indicator(session, plan, "g", as_of=AS_OF, scope=EVERYWHERE)
    assert (result.value, result.status) == (D("0.3"), Status.AT_RISK)


async def test_breakdown_by_country_field_and_month(session: AsyncSession, plan: Plan) -> None:
    await _seed(session)
    counted = await breakdown(session, plan, "c", as_of=AS_OF, scope=EVERYWHERE)
    assert counted.by_country == {"HT": 2, "SN": 1}
    assert counted.by_field == {"emergencies": 1, "justice": 1, "violence_exploitation": 1}
    assert list(counted.monthly) == [("2025-01", 2), ("2025-02", 3)]
    distinct = await breakdown(session, plan, "d", as_of=date(2025, 3, 31), scope=EVERYWHERE)
    # HT first on 10 Jan, SN on 1 Feb, ML on 1 Mar.
    assert list(distinct.monthly) == [("2025-01", 1), ("2025-02", 2), ("2025-03", 3)]
    with pytest.raises(ValueError, match="no report breakdown"):
        await breakdown(session, plan, "m", as_of=AS_OF, scope=EVERYWHERE)


async def test_sql_filters_and_the_grouped_evaluation_agree(session: AsyncSession) -> None:
    """`breakdown` filters in SQL, `evaluate_plan` on grouped rows: same reports counted."""
    plan = load_plan()
    countries = ["CA", "HT", "SN", "FR", "YE"]
    fields = ["justice", "violence_exploitation", "emergencies"]
    for n in range(60):
        session.add(
            _report(
                "training" if n % 3 else "advocacy_event",
                countries[n % 5],
                fields[n % 3],
                date(2025, 1 + n % 12, 1 + n % 28),
                canada_sector=["health", None, "justice"][n % 3],
                is_decision=n % 2 == 0,
                contributed=[True, False, None][n % 3],
                is_network=n % 4 == 0,
                network_key=f"{countries[n % 5]}:network {n % 3}" if n % 4 == 0 else None,
                is_key_event=n % 5 == 0,
            )
        )
    await session.flush()
    for scope in (EVERYWHERE, Scope(("HT", "CA"), all_countries=False)):
        results = await evaluate_plan(session, plan, as_of=date(2025, 9, 30), scope=scope)
        for result in results:
            if result.metric in REPORT_METRICS:
                split = await breakdown(
                    session, plan, result.id, as_of=date(2025, 9, 30), scope=scope
                )
                if result.metric is MetricKind.DISTINCT_COUNT:
                    # A distinct count's breakdown keeps its unit: the values reached, not
                    # the reports behind them.
                    assert len(split.reached) == result.value, result.id
                    continue
                assert sum(split.by_country.values()) == result.reports, result.id
                assert sum(split.by_field.values()) == result.reports, result.id


async def test_partner_networks_are_counted_once_each_not_once_per_meeting(
    session: AsyncSession,
) -> None:
    """2.3a: five meetings of one Haitian network and one of another, and a Nigerien network
    of the same name as the first: three networks supported (it read six)."""
    plan = load_plan()
    meetings = [("HT", "reseau a")] * 5 + [("HT", "reseau b"), ("NE", "reseau a")]
    for n, (country, name) in enumerate(meetings):
        session.add(
            _report(
                "advocacy_event",
                country,
                "justice",
                date(2025, 3, 1 + n),
                is_network=True,
                network_key=f"{country}:{name}",
            )
        )
    await session.flush()
    networks = _by_id(
        await evaluate_plan(session, plan, as_of=date(2025, 6, 30), scope=EVERYWHERE)
    )
    assert (networks["2.3a"].value, networks["2.3a"].reports) == (D(3), 7)
    haiti = Scope(("HT",), all_countries=False)
    assert _by_id(await evaluate_plan(session, plan, as_of=date(2025, 6, 30), scope=haiti))[
        "2.3a"
    ].value == D(2)
    split = await breakdown(session, plan, "2.3a", as_of=date(2025, 6, 30), scope=EVERYWHERE)
    assert dict(split.by_country) == {"HT": 2, "NE": 1}


@pytest.mark.pg
async def test_sqlite_and_postgresql_give_the_same_results(
    sqlite_db_url: str, pg_url: str, plan: Plan
) -> None:
    """Parity: the same data in both databases, every IndicatorResult equal."""
    outcomes: list[list[dict[str, Any]]] = []
    for url in (sqlite_db_url, pg_url):
        engine = create_engine(url)
        try:
            async with create_session_factory(engine)() as session:
                await _seed(session)
                await set_manual_value(session, "m", "2025", D(1), actor_user_id=None, now=NOW)
                await set_manual_value(session, "g", "2024", D(10), actor_user_id=None, now=NOW)
                await set_manual_value(session, "g", "2025", D(11), actor_user_id=None, now=NOW)
                rows: list[dict[str, Any]] = []
                for scope in (EVERYWHERE, Scope(("HT", "CA"), all_countries=False)):
                    for day in (date(2024, 12, 1), AS_OF, date(2025, 3, 15), date(2025, 9, 1)):
                        for current in (plan, load_plan()):
                            results = await evaluate_plan(session, current, as_of=day, scope=scope)
                            rows.extend(dataclasses.asdict(r) for r in results)
                outcomes.append(rows)
        finally:
            await engine.dispose()
    lite, pg = outcomes
    assert len(lite) == len(pg) > 0
    for left, right in zip(lite, pg, strict=True):
        assert left == right


async def test_a_sector_answered_other_is_no_sector_identified(
    session: AsyncSession, plan: Plan
) -> None:
    """Two "other" answers may be two sectors or one: neither counts as a sector identified."""
    await _seed(session)
    for day in (date(2025, 2, 12), date(2025, 2, 13)):
        session.add(_report("training", "CA", "justice", day, canada_sector="other"))
    await session.flush()
    sectors = _by_id(await evaluate_plan(session, plan, as_of=AS_OF, scope=EVERYWHERE))["sec"]
    assert (sectors.value, sectors.reports) == (D(2), 5)  # health, education
    split = await breakdown(session, plan, "sec", as_of=AS_OF, scope=EVERYWHERE)
    assert split.reached == ("education", "health")
    assert split.by_country == {"CA": 2}


async def test_at_the_plans_end_a_target_is_met_or_missed(
    session: AsyncSession, plan: Plan
) -> None:
    """On the last day and after, 90 % of the target is no longer "on track": it was missed."""
    await _seed(session)
    for n in range(14):  # with HT, HT, SN and ML: 18 of the 20 trainings outside Canada
        session.add(_report("training", "HT", "justice", date(2025, 3, 2 + n)))
    await session.flush()
    for day in (date(2025, 4, 10), date(2025, 4, 11), date(2025, 6, 1)):
        count = _by_id(await evaluate_plan(session, plan, as_of=day, scope=EVERYWHERE))["c"]
        assert count.value == D(18)
        expected = Status.ON_TRACK if day < date(2025, 4, 11) else Status.OFF_TRACK
        assert count.status is expected, day
    sectors = _by_id(await evaluate_plan(session, plan, as_of=date(2025, 6, 1), scope=EVERYWHERE))
    assert sectors["sec"].status is Status.ON_TRACK  # 2 of 2: met


async def test_the_plans_last_yearly_value_due_on_its_last_day_is_late_after_it(
    session: AsyncSession,
) -> None:
    """3.3a (new sponsors) is due on 31 December, the plan's last day. In March 2030, 2029's
    value still missing stayed "at risk, due soon" for ever: the day was held at the plan's
    end, which never passes a due date on that same day. It is late from 1 January."""
    plan = load_plan()

    async def sponsors(day: date) -> tuple[Status, str | None]:
        result = await evaluate_indicator(session, plan, "3.3a", as_of=day, scope=EVERYWHERE)
        return result.status, result.period

    assert await sponsors(date(2029, 12, 31)) == (Status.AT_RISK, "2029")  # due today
    assert await sponsors(date(2030, 1, 1)) == (Status.OFF_TRACK, "2029")
    assert await sponsors(date(2030, 3, 2)) == (Status.OFF_TRACK, "2029")
    await set_manual_value(session, "3.3a", "2029", D(2), actor_user_id=None, now=NOW)
    assert await sponsors(date(2030, 3, 2)) == (Status.ON_TRACK, "2029")

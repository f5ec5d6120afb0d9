"""Issue 15, item 4: breakdowns keep the indicator's unit; counts read as whole numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.scope import EVERYWHERE
from bot.i18n import create_i18n
from bot.indicators.plan import load_plan
from bot.ui.indicators import breakdown_lines, detail_text, summary_line
from models.indicators import breakdown, evaluate_plan
from models.tables import Report
from tests.factories import report_row

AS_OF = date(2026, 5, 20)


def _training(country: str, day: date) -> Report:
    return report_row("training", country, day=day)


async def test_countries_reached_are_listed_as_countries(session: AsyncSession) -> None:
    for country, n in (("HT", 5), ("CM", 3), ("NE", 1)):
        session.add_all(_training(country, date(2026, 3, 1 + i)) for i in range(n))
    await session.commit()
    plan = load_plan()
    parts = await breakdown(session, plan, "1.1b", as_of=AS_OF, scope=EVERYWHERE)
    assert parts.reached == ("CM", "HT", "NE")
    assert dict(parts.by_country) == {"CM": 1, "HT": 1, "NE": 1}  # countries, not trainings
    assert parts.monthly[-1] == ("2026-05", 3)
    trainings = await breakdown(session, plan, "1.1a", as_of=AS_OF, scope=EVERYWHERE)
    assert dict(trainings.by_country) == {"CM": 3, "HT": 5, "NE": 1}
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        lines = breakdown_lines(plan.indicator("1.1b"), parts, "en")
        assert lines[-1] == "3 countries reached: Cameroon, Haiti, Niger"
        assert "Haiti 5" in breakdown_lines(plan.indicator("1.1a"), trainings, "en")[-1]


async def test_counts_are_whole_numbers_and_far_ahead_is_said(session: AsyncSession) -> None:
    session.add_all(_training("HT", date(2025, 1, 2 + i)) for i in range(20))
    await session.commit()
    plan = load_plan()
    results = {
        r.id: r
        for r in await evaluate_plan(session, plan, as_of=date(2025, 3, 1), scope=EVERYWHERE)
    }
    result = results["1.1a"]
    assert result.projection is not None
    assert result.projection % 1  # a fraction underneath
    assert result.percent_of_expected is not None
    assert result.percent_of_expected > Decimal(150)
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("fr"):
        detail = "\n".join(detail_text(result, plan, "fr"))
        summary = summary_line(result, "fr")
    projection = next(line for line in detail.splitlines() if "rythme actuel" in line)
    assert "," not in projection.split(":")[-1]  # "60,1 pays" is not a thing
    assert "en avance sur le plan" in summary
    assert "En avance sur le plan" in detail

"""The plan file: the shipped plan, and every problem reported with its line."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from bot.indicators.babel_extract import extract_plan
from bot.indicators.plan import (
    DEFAULT_PLAN,
    Filters,
    MetricKind,
    PlanError,
    indicator,
    load_plan,
    parse_plan,
)

SHIPPED_IDS = [
    "1.1a",
    "1.1b",
    "1.2",
    "1.3",
    "2.1a",
    "2.1b",
    "2.2",
    "2.3a",
    "2.3b",
    "3.1",
    "3.2",
    "3.3a",
    "3.3b",
    "3.4",
]

MINIMAL = """\
period: {start: 2025-01-01, end: 2025-12-31}
indicators:
  - id: "a"
    objective: "1"
    label: "A"
    metric: count
    source: [training]
    target: 5
"""


def test_shipped_plan_loads_with_the_expected_indicators() -> None:
    plan = load_plan()
    assert [item.id for item in plan.indicators] == SHIPPED_IDS
    assert (plan.period_start, plan.period_end) == (date(2025, 1, 1), date(2029, 12, 31))
    assert (plan.thresholds.on_track, plan.thresholds.at_risk) == (0.9, 0.7)
    assert plan.share_min_reports == 10
    assert "HT" in plan.country_lists["canada_foreign_policy"]


def test_shipped_indicators_are_defined_as_the_strategic_plan_says() -> None:
    plan = load_plan()
    a = indicator(plan, "1.1a")
    assert (a.metric, a.sources, a.target) == (MetricKind.COUNT, ("training",), D(50))
    assert a.filters == Filters(country_not_in=("CA",))
    b = indicator(plan, "1.1b")
    assert (b.metric, b.distinct, b.target) == (MetricKind.DISTINCT_COUNT, "country", D(25))
    share = indicator(plan, "1.2")
    assert share.metric is MetricKind.SHARE
    assert share.sources == ("training", "advocacy_event")
    assert share.groups == ("justice", "violence_exploitation", "emergencies")
    assert share.minimum == D("0.25")
    sectors = indicator(plan, "1.3")
    assert (sectors.distinct, sectors.filters.country_in, sectors.target) == (
        "canada_sector",
        ("CA",),
        D(3),
    )
    decisions = indicator(plan, "2.1b")
    assert decisions.filters == Filters(country_not_in=("CA",), is_decision=True, contributed=True)
    assert decisions.target == D(15)
    canada = indicator(plan, "2.2")
    assert canada.filters.country_in == plan.country_lists["canada_foreign_policy"]
    assert indicator(plan, "2.3a").filters.is_network is True
    assert indicator(plan, "2.3b").filters.is_key_event is True
    for ident in ("3.1", "3.2", "3.4"):
        manual = indicator(plan, ident)
        assert (manual.metric, manual.per, manual.target) == (MetricKind.MANUAL, "year", D(1))
    assert indicator(plan, "3.3a").target == D(2)
    growth = indicator(plan, "3.3b")
    assert (growth.metric, growth.range) == (MetricKind.GROWTH, (D("0.1"), D("0.2")))


def test_unknown_indicator_id_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match=r"unknown indicator '9\.9'.*1\.1a"):
        indicator(load_plan(), "9.9")


def test_a_misspelt_metric_is_reported_with_its_line() -> None:
    text = MINIMAL.replace("metric: count", "metric: cuont")
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plans/test.yaml")
    assert str(caught.value) == (
        "plans/test.yaml, line 6: indicator a: unknown metric 'cuont' "
        "(expected count, distinct_count, share, manual, growth)"
    )


def test_every_problem_is_listed_in_line_order() -> None:
    text = """\
period: {start: 2025-01-01, end: 2025-12-31}
share_min_reports: many
country_lists:
  fp: [CA, Haiti]
indicators:
  - id: "a"
    objective: "1"
    label: "A"
    metric: count
    source: [trainings]
    filters: {country_in: nowhere, is_decision: yes please}
    target: -3
  - id: "a"
    objective: "1"
    label: "Again"
    metric: share
    source: [training]
    group_by: colour
    groups: [x]
    minimum: 2
    colour: blue
"""
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "p.yaml")
    assert caught.value.problems == (
        "p.yaml, line 2: share_min_reports must be a whole number",
        "p.yaml, line 4: country list fp: not ISO 3166 alpha-2 country codes: Haiti",
        "p.yaml, line 10: indicator a: unknown report kind 'trainings' "
        "(expected training, advocacy_event)",
        "p.yaml, line 11: indicator a: country_in: unknown country list 'nowhere' "
        "(country lists: none defined)",
        "p.yaml, line 11: indicator a: is_decision must be true or false",
        "p.yaml, line 12: indicator a: target must be a number >= 0",
        "p.yaml, line 13: indicator a: duplicate id (first on line 6)",
        "p.yaml, line 18: indicator a: group_by must be one of country, canada_sector, "
        "field, event_kind, training_type, target_group, level, network_key",
        "p.yaml, line 20: indicator a: minimum must be a share in (0, 1]",
        "p.yaml, line 21: indicator a: unknown key 'colour' (expected id, objective, label, "
        "metric, source, filters, target, distinct, group_by, groups, minimum, per, range, "
        "prorate, milestones, due)",
    )


def test_invalid_yaml_is_reported_with_its_line() -> None:
    with pytest.raises(PlanError, match=r"^p\.yaml, line 4: not valid YAML"):
        parse_plan("period: {start: 2025-01-01}\nindicators:\n  - id: [\n", "p.yaml")


def test_missing_period_and_bad_milestones() -> None:
    text = MINIMAL.replace("period: {start: 2025-01-01, end: 2025-12-31}", "period: 2025")
    with pytest.raises(PlanError, match="line 1: period must be"):
        parse_plan(text, "p.yaml")
    text = MINIMAL + (
        "    milestones: [{date: 2026-06-01, value: 2}, {date: 2025-06-01, value: 9}]\n"
    )
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "p.yaml")
    assert caught.value.problems == (
        "p.yaml, line 9: indicator a: milestone 2026-06-01 is not inside the plan period",
        "p.yaml, line 9: indicator a: milestone value 9 is above the target 5",
    )


def test_milestones_and_country_lists_are_loaded() -> None:
    text = (
        MINIMAL.replace("indicators:", "country_lists: {fp: [CA, HT]}\nindicators:")
        + "    filters: {country_in: fp}\n"
        + "    milestones: [{date: 2025-06-30, value: 2}]\n"
    )
    plan = parse_plan(text, "p.yaml")
    item = plan.indicators[0]
    assert item.filters.country_in == ("CA", "HT")
    assert [(m.date, m.value) for m in item.milestones] == [(date(2025, 6, 30), D(2))]
    assert item.line == 4  # the line of "- id:", after the inserted country_lists


def test_load_plan_reads_a_given_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert load_plan(path).indicators[0].label == "A"
    path.write_text(MINIMAL.replace("target: 5", "target: five"), encoding="utf-8")
    with pytest.raises(PlanError, match=r"plan\.yaml, line 8: indicator a: target must be"):
        load_plan(path)


def test_babel_extractor_yields_every_label() -> None:
    with DEFAULT_PLAN.open("rb") as fh:
        found = list(extract_plan(fh, [], [], {}))
    labels = [message for _line, _func, message, _comments in found]
    assert labels == [item.label for item in load_plan().indicators]
    assert found[0][0] == indicator(load_plan(), "1.1a").line
    assert found[0][3] == ["Indicator 1.1a (objective 1.1)"]
    only = list(extract_plan(io.BytesIO(MINIMAL.encode()), [], [], {}))
    assert only == [(3, None, "A", ["Indicator a (objective 1)"])]

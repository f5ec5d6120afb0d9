"""The strategic plan as data: load and check the YAML file the M&E officer edits (pure).

`load_plan()` reads the shipped plan (bot/indicators/plans/ibcr-2025.yaml) or a given file and
returns a frozen `Plan`; any problem raises `PlanError`, whose message lists every problem with
its line number, so the officer can fix the file in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

PLANS_DIR = Path(__file__).resolve().parent / "plans"
DEFAULT_PLAN = PLANS_DIR / "ibcr-2025.yaml"

REPORT_KINDS = ("training", "advocacy_event")
FIELDS = ("justice", "violence_exploitation", "emergencies")
# Report columns an indicator may count distinct values of, or group by.
GROUP_COLUMNS = (
    "country",
    "canada_sector",
    "field",
    "event_kind",
    "training_type",
    "target_group",
    "level",
    "network_key",
)
FLAG_FILTERS = ("is_decision", "is_network", "is_key_event", "contributed")
LIST_FILTERS = ("country_in", "country_not_in", "field_in", "event_kind_in", "training_type_in")
PERIODS = ("year",)
_COUNTRY_RE = re.compile(r"[A-Z]{2}")


class PlanError(ValueError):
    """The plan file is invalid; the message has one line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


class MetricKind(StrEnum):
    COUNT = "count"
    DISTINCT_COUNT = "distinct_count"
    SHARE = "share"
    MANUAL = "manual"
    GROWTH = "growth"


# Metrics computed from reports (the others from manual values).
REPORT_METRICS = frozenset({MetricKind.COUNT, MetricKind.DISTINCT_COUNT, MetricKind.SHARE})


@dataclass(frozen=True)
class Thresholds:
    on_track: float = 0.9
    at_risk: float = 0.7


@dataclass(frozen=True)
class Milestone:
    date: date
    value: Decimal


@dataclass(frozen=True)
class Filters:
    """Conditions a report must meet to count; None means "no condition"."""

    country_in: tuple[str, ...] | None = None
    country_not_in: tuple[str, ...] | None = None
    field_in: tuple[str, ...] | None = None
    event_kind_in: tuple[str, ...] | None = None
    training_type_in: tuple[str, ...] | None = None
    is_decision: bool | None = None
    is_network: bool | None = None
    is_key_event: bool | None = None
    contributed: bool | None = None


@dataclass(frozen=True)
class IndicatorDef:
    id: str
    objective: str
    label: str
    metric: MetricKind
    sources: tuple[str, ...] = ()
    filters: Filters = field(default_factory=Filters)
    target: Decimal | None = None
    distinct: str | None = None
    group_by: str | None = None
    groups: tuple[str, ...] = ()
    minimum: Decimal | None = None
    per: str | None = None
    range: tuple[Decimal, Decimal] | None = None
    prorate: bool = False
    milestones: tuple[Milestone, ...] = ()
    line: int = 0
    # Manual and growth indicators: (month, day) by which each year's value is due.
    due: tuple[int, int] | None = None

    def due_date(self, year: int) -> date | None:
        """The day this year's value is due (None: no due date in the plan)."""
        if self.due is None:
            return None
        return date(year, *self.due)


@dataclass(frozen=True)
class Plan:
    period_start: date
    period_end: date
    thresholds: Thresholds
    share_min_reports: int
    country_lists: Mapping[str, tuple[str, ...]]
    indicators: tuple[IndicatorDef, ...]
    source: str

    def indicator(self, indicator_id: str) -> IndicatorDef:
        return indicator(self, indicator_id)


def indicator(plan: Plan, indicator_id: str) -> IndicatorDef:
    """The indicator `indicator_id` of `plan`; KeyError names the known ids otherwise."""
    for item in plan.indicators:
        if item.id == indicator_id:
            return item
    known = ", ".join(item.id for item in plan.indicators)
    raise KeyError(f"unknown indicator {indicator_id!r} (known: {known})")


# --- YAML with line numbers ---------------------------------------------------------------


class _Map(dict[Any, Any]):
    """A YAML mapping that remembers its line and the line of each key (1-based)."""

    def __init__(self, line: int = 0) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}
        self.duplicates: list[tuple[Any, int]] = []


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map(node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        value = loader.construct_object(value_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            result.duplicates.append((key, line))
        result[key] = value
        result.key_lines[key] = line
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


# --- Checking -----------------------------------------------------------------------------


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[tuple[int, str]] = []

    def add(self, line: int, message: str) -> None:
        self.items.append((line, message))

    def raise_if_any(self) -> None:
        if self.items:
            ordered = sorted(self.items, key=lambda item: item[0])
            raise PlanError([f"{self.source}, line {line}: {text}" for line, text in ordered])


def _line(mapping: _Map, key: str) -> int:
    return mapping.key_lines.get(key, mapping.line)


def _decimal(value: Any) -> Decimal | None:
    """A YAML number as an exact Decimal (floats through their shortest repr: 0.1 -> 0.1)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def _check_keys(mapping: _Map, allowed: Sequence[str], where: str, problems: _Problems) -> None:
    for key, line in mapping.duplicates:
        problems.add(line, f"{where}duplicate key {key!r}")
    for key in mapping:
        if key not in allowed:
            expected = ", ".join(allowed)
            problems.add(_line(mapping, key), f"{where}unknown key {key!r} (expected {expected})")


def _string_list(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def _countries(
    value: Any, lists: Mapping[str, tuple[str, ...]], where: str, line: int, problems: _Problems
) -> tuple[str, ...] | None:
    """A list of alpha-2 codes, or the name of a country list."""
    if isinstance(value, str):
        if value in lists:
            return lists[value]
        known = ", ".join(sorted(lists)) or "none defined"
        problems.add(line, f"{where}unknown country list {value!r} (country lists: {known})")
        return None
    codes = _string_list(value)
    if codes is None:
        problems.add(line, f"{where}expected a list of country codes or a country list name")
        return None
    bad = [code for code in codes if not _COUNTRY_RE.fullmatch(code)]
    if bad:
        problems.add(line, f"{where}not ISO 3166 alpha-2 country codes: {', '.join(bad)}")
        return None
    return codes


def _filters(
    value: Any, lists: Mapping[str, tuple[str, ...]], where: str, line: int, problems: _Problems
) -> Filters:
    if value is None:
        return Filters()
    if not isinstance(value, _Map):
        problems.add(line, f"{where}filters must be a mapping")
        return Filters()
    _check_keys(value, (*LIST_FILTERS, *FLAG_FILTERS), where, problems)
    found: dict[str, Any] = {}
    for key in ("country_in", "country_not_in"):
        if key in value:
            found[key] = _countries(
                value[key], lists, f"{where}{key}: ", _line(value, key), problems
            )
    for key in ("field_in", "event_kind_in", "training_type_in"):
        if key in value:
            items = _string_list(value[key])
            if items is None:
                problems.add(_line(value, key), f"{where}{key} must be a list of values")
            elif key == "field_in" and not set(items) <= set(FIELDS):
                unknown = ", ".join(item for item in items if item not in FIELDS)
                problems.add(
                    _line(value, key),
                    f"{where}unknown field {unknown} (expected {', '.join(FIELDS)})",
                )
            else:
                found[key] = items
    for key in FLAG_FILTERS:
        if key in value:
            if isinstance(value[key], bool):
                found[key] = value[key]
            else:
                problems.add(_line(value, key), f"{where}{key} must be true or false")
    return Filters(**found)


_INDICATOR_KEYS = (
    "id",
    "objective",
    "label",
    "metric",
    "source",
    "filters",
    "target",
    "distinct",
    "group_by",
    "groups",
    "minimum",
    "per",
    "range",
    "prorate",
    "milestones",
    "due",
)


def _indicator(
    raw: Any,
    position: int,
    line: int,
    plan_start: date | None,
    plan_end: date | None,
    lists: Mapping[str, tuple[str, ...]],
    problems: _Problems,
) -> IndicatorDef | None:
    if not isinstance(raw, _Map):
        problems.add(line, f"indicator #{position}: expected a mapping (id, label, metric, ...)")
        return None
    line = raw.line
    ident = raw.get("id")
    if not isinstance(ident, str) or not ident.strip():
        problems.add(_line(raw, "id"), f"indicator #{position}: id must be a quoted string")
        ident = f"#{position}"
    where = f"indicator {ident}: "
    _check_keys(raw, _INDICATOR_KEYS, where, problems)

    def text(key: str) -> str:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.add(_line(raw, key), f"{where}{key} must be a non-empty (quoted) string")
            return ""
        return value

    objective = text("objective")
    label = text("label")

    metric_raw = raw.get("metric")
    try:
        metric = MetricKind(str(metric_raw))
    except ValueError:
        expected = ", ".join(kind.value for kind in MetricKind)
        shown = "missing" if metric_raw is None else repr(metric_raw)
        problems.add(_line(raw, "metric"), f"{where}unknown metric {shown} (expected {expected})")
        return None

    def number(key: str) -> Decimal | None:
        if key not in raw:
            return None
        value = _decimal(raw[key])
        if value is None or value < 0:
            problems.add(_line(raw, key), f"{where}{key} must be a number >= 0")
        return value

    def forbid(*keys: str) -> None:
        for key in keys:
            if key in raw:
                problems.add(_line(raw, key), f"{where}{key} does not apply to metric {metric}")

    sources: tuple[str, ...] = ()
    filters = Filters()
    target = number("target")
    distinct = group_by = per = None
    groups: tuple[str, ...] = ()
    minimum: Decimal | None = None
    bounds: tuple[Decimal, Decimal] | None = None

    if metric in REPORT_METRICS:
        forbid("per", "range")
        found = _string_list(raw.get("source"))
        if not found:
            problems.add(
                _line(raw, "source"),
                f"{where}source must list report kinds ({', '.join(REPORT_KINDS)})",
            )
        else:
            unknown = [kind for kind in found if kind not in REPORT_KINDS]
            if unknown:
                problems.add(
                    _line(raw, "source"),
                    f"{where}unknown report kind {', '.join(map(repr, unknown))} "
                    f"(expected {', '.join(REPORT_KINDS)})",
                )
            sources = tuple(dict.fromkeys(found))
        filters = _filters(raw.get("filters"), lists, where, _line(raw, "filters"), problems)
    else:
        forbid("source", "filters", "distinct", "group_by", "groups", "minimum", "milestones")
        per = raw.get("per")
        if per not in PERIODS:
            problems.add(_line(raw, "per"), f"{where}per must be one of {', '.join(PERIODS)}")
    due = _due(raw, where, problems) if metric not in REPORT_METRICS else None
    if metric in REPORT_METRICS:
        forbid("due")

    if metric is MetricKind.DISTINCT_COUNT:
        distinct = raw.get("distinct")
        if distinct not in GROUP_COLUMNS:
            problems.add(
                _line(raw, "distinct"),
                f"{where}distinct must be one of {', '.join(GROUP_COLUMNS)}",
            )
    elif "distinct" in raw:
        forbid("distinct")

    if metric is MetricKind.SHARE:
        forbid("target", "prorate", "milestones")
        group_by = raw.get("group_by")
        if group_by not in GROUP_COLUMNS:
            problems.add(
                _line(raw, "group_by"),
                f"{where}group_by must be one of {', '.join(GROUP_COLUMNS)}",
            )
        groups = _string_list(raw.get("groups")) or ()
        if not groups:
            problems.add(_line(raw, "groups"), f"{where}groups must list the values to share")
        minimum = _decimal(raw.get("minimum"))
        if minimum is None or not 0 < minimum <= 1:
            problems.add(_line(raw, "minimum"), f"{where}minimum must be a share in (0, 1]")
    elif metric in REPORT_METRICS:
        forbid("group_by", "groups", "minimum")

    if metric in (MetricKind.COUNT, MetricKind.DISTINCT_COUNT, MetricKind.MANUAL):
        if "target" not in raw:
            problems.add(line, f"{where}target is missing")
    elif metric is MetricKind.GROWTH:
        forbid("target", "prorate")
        raw_range = raw.get("range")
        if isinstance(raw_range, list) and len(raw_range) == 2:
            low, high = _decimal(raw_range[0]), _decimal(raw_range[1])
            if low is not None and high is not None and low <= high:
                bounds = (low, high)
        if bounds is None:
            problems.add(_line(raw, "range"), f"{where}range must be [low, high] with low <= high")

    prorate = raw.get("prorate", False)
    if not isinstance(prorate, bool):
        problems.add(_line(raw, "prorate"), f"{where}prorate must be true or false")
        prorate = False

    milestones: list[Milestone] = []
    raw_milestones = raw.get("milestones", [])
    mline = _line(raw, "milestones")
    if not isinstance(raw_milestones, list):
        problems.add(mline, f"{where}milestones must be a list of {{date, value}}")
        raw_milestones = []
    for item in raw_milestones:
        iline = item.line if isinstance(item, _Map) else mline
        when = item.get("date") if isinstance(item, _Map) else None
        value = _decimal(item.get("value")) if isinstance(item, _Map) else None
        if not isinstance(when, date) or value is None or value < 0:
            problems.add(iline, f"{where}a milestone needs a date (YYYY-MM-DD) and a value >= 0")
            continue
        if isinstance(item, _Map):
            _check_keys(item, ("date", "value"), where, problems)
        if plan_start and plan_end and not plan_start < when < plan_end:
            problems.add(iline, f"{where}milestone {when} is not inside the plan period")
        elif milestones and when <= milestones[-1].date:
            problems.add(iline, f"{where}milestones must be in date order")
        elif target is not None and value > target:
            problems.add(iline, f"{where}milestone value {value} is above the target {target}")
        else:
            milestones.append(Milestone(when, value))

    return IndicatorDef(
        id=ident,
        objective=objective,
        label=label,
        metric=metric,
        sources=sources,
        filters=filters,
        target=target,
        distinct=distinct,
        group_by=group_by,
        groups=groups,
        minimum=minimum,
        per=per,
        range=bounds,
        prorate=prorate,
        milestones=tuple(milestones),
        line=line,
        due=due,
    )


_DUE_RE = re.compile(r"(\d{2})-(\d{2})")


def _due(raw: _Map, where: str, problems: _Problems) -> tuple[int, int] | None:
    """`due: "12-31"` (month-day, quoted): the day each year's value is due."""
    if "due" not in raw:
        return None
    value = raw["due"]
    found = _DUE_RE.fullmatch(value) if isinstance(value, str) else None
    if found is not None:
        month, day = int(found.group(1)), int(found.group(2))
        try:
            date(2001, month, day)  # not a leap year: 02-29 is refused
        except ValueError:
            pass
        else:
            return month, day
    problems.add(_line(raw, "due"), f'{where}due must be a quoted month-day such as "12-31"')
    return None


def _shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def parse_plan(text: str, source: str) -> Plan:
    """Check and build a plan from YAML `text`; `source` names the file in messages."""
    problems = _Problems(source)
    try:
        raw = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise PlanError([f"{source}, line {line}: not valid YAML: {problem}"]) from None
    if not isinstance(raw, _Map):
        raise PlanError([f"{source}, line 1: expected a mapping (period, indicators, ...)"])
    _check_keys(
        raw,
        ("period", "thresholds", "share_min_reports", "country_lists", "indicators"),
        "",
        problems,
    )

    start = end = None
    period = raw.get("period")
    if isinstance(period, _Map):
        _check_keys(period, ("start", "end"), "period: ", problems)
        start, end = period.get("start"), period.get("end")
    if not isinstance(start, date) or not isinstance(end, date) or start >= end:
        problems.add(
            _line(raw, "period"),
            "period must be {start: YYYY-MM-DD, end: YYYY-MM-DD} with start before end",
        )
        start = end = None

    thresholds = Thresholds()
    raw_thresholds = raw.get("thresholds")
    if raw_thresholds is not None:
        if isinstance(raw_thresholds, _Map):
            _check_keys(raw_thresholds, ("on_track", "at_risk"), "thresholds: ", problems)
            on_track = _decimal(raw_thresholds.get("on_track", 0.9))
            at_risk = _decimal(raw_thresholds.get("at_risk", 0.7))
            if on_track is not None and at_risk is not None and 0 < at_risk <= on_track:
                thresholds = Thresholds(float(on_track), float(at_risk))
            else:
                problems.add(
                    _line(raw, "thresholds"),
                    "thresholds must satisfy 0 < at_risk <= on_track",
                )
        else:
            problems.add(_line(raw, "thresholds"), "thresholds must be {on_track, at_risk}")

    share_min_reports = raw.get("share_min_reports", 10)
    if isinstance(share_min_reports, bool) or not isinstance(share_min_reports, int):
        problems.add(_line(raw, "share_min_reports"), "share_min_reports must be a whole number")
        share_min_reports = 10
    elif share_min_reports < 1:
        problems.add(_line(raw, "share_min_reports"), "share_min_reports must be at least 1")

    lists: dict[str, tuple[str, ...]] = {}
    raw_lists = raw.get("country_lists") or _Map()
    if isinstance(raw_lists, _Map):
        _check_keys(raw_lists, [str(key) for key in raw_lists], "country_lists: ", problems)
        for name, codes in raw_lists.items():
            found = _countries(
                codes, {}, f"country list {name}: ", _line(raw_lists, name), problems
            )
            if found is not None:
                lists[str(name)] = found
    else:
        problems.add(_line(raw, "country_lists"), "country_lists must map names to code lists")

    indicators: list[IndicatorDef] = []
    raw_indicators = raw.get("indicators")
    if not isinstance(raw_indicators, list) or not raw_indicators:
        problems.add(_line(raw, "indicators"), "indicators must be a non-empty list")
        raw_indicators = []
    seen: dict[str, int] = {}
    for position, item in enumerate(raw_indicators, start=1):
        built = _indicator(item, position, _line(raw, "indicators"), start, end, lists, problems)
        if built is None:
            continue
        if built.id in seen:
            problems.add(
                built.line, f"indicator {built.id}: duplicate id (first on line {seen[built.id]})"
            )
            continue
        seen[built.id] = built.line
        indicators.append(built)

    problems.raise_if_any()
    assert start is not None
    assert end is not None
    return Plan(
        period_start=start,
        period_end=end,
        thresholds=thresholds,
        share_min_reports=share_min_reports,
        country_lists=lists,
        indicators=tuple(indicators),
        source=source,
    )


def load_plan(path: Path | None = None) -> Plan:
    """Load and check the plan at `path` (default: the shipped IBCR 2025-2029 plan)."""
    path = DEFAULT_PLAN if path is None else Path(path)
    return parse_plan(path.read_text(encoding="utf-8"), _shown_path(path))

"""How indicators read in a chat and on a chart: status marks, summary lines, details,
breakdowns, chart footers, all in the user's locale and in the indicator's own unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from babel.dates import format_date as babel_format_date

from bot.domain.languages import (
    cldr_locale,
    country_name,
    format_date,
    format_number,
    isolate,
    join_items,
    ltr,
    percent_text,
)
from bot.domain.scope import Scope
from bot.forms.definitions import TRAINING
from bot.indicators.logic import Status
from bot.indicators.plan import IndicatorDef, MetricKind, Plan
from bot.indicators.results import (
    LEAST_GROWTH,
    Breakdown,
    IndicatorResult,
    expected_shown,
    growth_below_least,
    outside_stays_outside,
    without_trailing_zeros,
)
from bot.ui.text import safe
from bot.ui.translate import gettext as _
from bot.ui.translate import ngettext

if TYPE_CHECKING:
    from aiogram.types import InlineKeyboardMarkup

MARKS = {
    Status.ON_TRACK: "🟢",
    Status.AT_RISK: "🟡",
    Status.OFF_TRACK: "🔴",
    Status.NOT_STARTED: "⚪",
    Status.NO_DATA: "⚪",
}


# A value above this share of the value expected by now (in percent) is "ahead of plan": the
# percentage alone ("1 632 % of expected") reads like an error.
AHEAD_OF_PLAN = Decimal(150)


# Metrics that count whole things (reports, countries): never shown with decimals.
COUNTS = (MetricKind.COUNT, MetricKind.DISTINCT_COUNT)
# Metrics with a breakdown (by country, by field, by month) and a chart.
BROKEN_DOWN = (MetricKind.COUNT, MetricKind.DISTINCT_COUNT, MetricKind.SHARE)
# Metrics whose yearly value a person enters.
MANUAL_METRICS = (MetricKind.MANUAL, MetricKind.GROWTH)


# The fields' names (msgids) come from the report forms, where they are defined once.
FIELDS = {choice.value: choice.label for choice in TRAINING.question("field").choices}


def status_name(status: Status) -> str:
    return {
        Status.ON_TRACK: _("on track"),
        Status.AT_RISK: _("at risk"),
        Status.OFF_TRACK: _("off track"),
        Status.NOT_STARTED: _("not started"),
        Status.NO_DATA: _("not enough data"),
    }[status]


def _num(value: Decimal | int | float | None, locale: str) -> str:
    if value is None:
        return "—"
    rounded = Decimal(value).quantize(Decimal("0.1")) if Decimal(value) % 1 else Decimal(value)
    return format_number(rounded, locale)


def _whole(value: Decimal | None, locale: str, rounding: str = ROUND_HALF_UP) -> str:
    """A count as a whole number (14.3 expected trainings read 14)."""
    if value is None:
        return "—"
    return format_number(Decimal(value).quantize(Decimal(1), rounding=rounding), locale)


def figure_text(
    result: IndicatorResult, value: Decimal | None, locale: str, rounding: str = ROUND_HALF_UP
) -> str:
    """A value or target as the metric means it: a growth rate is a percentage, a count a
    whole number."""
    if result.metric is MetricKind.GROWTH:
        shown = outside_stays_outside(result, value)
        if growth_below_least(value, None if shown is None else shown.quantize(LEAST_GROWTH)):
            return _growth_below_least(value, locale)
        return _growth(shown, locale)
    if result.metric in COUNTS:
        return _whole(value, locale, rounding)
    if result.metric is MetricKind.MANUAL and value is not None:
        # Every decimal entered (at most 4 are kept), as "Saved: 3.3a = 0.04" said it: to a
        # tenth, 0.04 read "0 / 2" and 0.95 of a yearly report "🟡 1 / 1".
        return format_number(without_trailing_zeros(Decimal(value)), locale, exact=True)
    return _num(value, locale)


def expected_text(result: IndicatorResult, locale: str) -> str:
    """The value expected by now; a count's to three significant figures, rounded up
    (`expected_shown`): 1.15 countries expected is neither 1 (the value, next to "at risk")
    nor 2 (a value of 2 at "173 % of expected"). From the plan's end, when the target is
    expected, it reads as the target does (rounded up): "14.3" read next to "Value: 14 of 15"."""
    at_target = result.expected is not None and result.expected == result.target
    if at_target and result.metric is not MetricKind.GROWTH:
        return figure_text(result, result.target, locale, ROUND_CEILING)
    if result.metric in COUNTS and result.expected is not None:
        return format_number(expected_shown(result.expected), locale)
    return figure_text(result, result.expected, locale)


def ahead_of_plan(result: IndicatorResult) -> bool:
    """Far above the value expected by now (more than AHEAD_OF_PLAN percent of it)."""
    percent = result.percent_of_expected
    return result.expected is not None and percent is not None and percent > AHEAD_OF_PLAN


def _month(month: str, locale: str) -> str:
    """'2026-06' → 'juin 2026' in the user's language."""
    year, number = (int(part) for part in month.split("-"))
    return format_date(dt.date(year, number, 1), locale, "MMM y")


def _pct(value: Decimal | float | None, locale: str) -> str:
    if value is None:
        return "—"
    return ltr(percent_text(value, locale), locale)


def _growth(value: Decimal | None, locale: str) -> str:
    """A growth rate to a hundredth of a percent: 20.4 % is above a 10-20 % range, and "20 %"
    would hide it."""
    return "—" if value is None else ltr(percent_text(value, locale, hundredths=True), locale)


def _growth_below_least(value: Decimal | None, locale: str) -> str:
    """A growth rate under a hundredth of a percent and not 0: "<0.01 %" (">-0.01 %" below 0),
    not "0 %", which reads as no growth."""
    negative = value is not None and value < 0
    least = percent_text(-LEAST_GROWTH if negative else LEAST_GROWTH, locale, hundredths=True)
    return ltr((">" if negative else "<") + least, locale)


def target_text(result: IndicatorResult, locale: str) -> str:
    """The target as the metric means it; a growth's range as its rate: "10 %–20 %"; a count's
    pro-rated target rounded up: 14.3 trainings are met with 15, and "🔴 14 / 14" (off track
    at the plan's end, 14 short of 14.3) read as met."""
    if result.metric is MetricKind.GROWTH and result.target_high is not None:
        # To a hundredth of a percent, as the rate: a range of 2.5-5 % read "2 %–5 %" (whole,
        # half to even), and 2.4 %, below it, "2.4 % / 2 %–5 %".
        low, high = (_growth(bound, locale) for bound in (result.target, result.target_high))
        return f"{low}–{high}"
    return figure_text(result, result.target, locale, ROUND_CEILING)


def floored(fraction: Decimal | None) -> Decimal | None:
    """A share or a percent of expected that a status compares with a threshold, rounded down
    to a whole percent: 0.8975 of expected (at risk, under 90 %) becomes 0.89, not 0.90."""
    if fraction is None:
        return None
    return (Decimal(fraction) * 100).to_integral_value(rounding=ROUND_FLOOR) / 100


def pct_down(fraction: Decimal | None, locale: str) -> str:
    """`floored`, as a percentage in the reader's language: 89.75 % reads 89 %."""
    return _pct(floored(fraction), locale)


# The largest percentage of the value expected by now that is shown as it is: above it reads
# ">999 %" (a yearly report's value typed as 1e15 read "100,000,000,000,000,000 % of expected").
MOST_PERCENT_SHOWN = Decimal(999)


def percent_of_expected_text(result: IndicatorResult, locale: str) -> str:
    """The value's percentage of the value expected by now, rounded down (`pct_down`), and
    ">999 %" above 999 %: beyond it "ahead of plan" says all a number could."""
    percent = result.percent_of_expected
    if percent is not None and percent >= MOST_PERCENT_SHOWN + 1:
        most = percent_text(MOST_PERCENT_SHOWN / 100, locale)
        return ltr(f">{most}", locale)
    return pct_down(None if percent is None else percent / 100, locale)  # 0-100 → 0-1


def shares_of(result: IndicatorResult) -> Mapping[str, Decimal]:
    """A share indicator's shares; none without a report (0 of 0 is no share, not 0 %)."""
    return result.shares if result.reports else {}


def value_of_target(result: IndicatorResult, locale: str) -> str:
    """'35 / 50': the value against the target, each as the metric means it."""
    return f"{figure_text(result, result.value, locale)} / {target_text(result, locale)}"


def summary_line(result: IndicatorResult, locale: str) -> str:
    label = safe(_(result.label))
    mark = MARKS[result.status]
    if result.metric is MetricKind.SHARE:
        shares = shares_of(result)
        lowest = min(shares.values()) if shares else None
        detail = _("lowest share {share}").format(share=pct_down(lowest, locale))
    elif result.target is not None:
        detail = value_of_target(result, locale)
        if result.period is not None:
            # A yearly value says which year: in January, last year's may still be missing.
            detail = _("{value} in {year}").format(value=detail, year=ltr(result.period, locale))
        if result.percent_of_expected is not None:
            detail += " · " + _("{percent} of expected").format(
                percent=percent_of_expected_text(result, locale)
            )
            if ahead_of_plan(result):
                detail += " · 🚀 " + _("ahead of plan")
    else:
        detail = _num(result.value, locale)
    line = _("{label}: {value}").format(label=label, value=detail)
    return f"{mark} <b>{ltr(safe(result.id), locale)}</b> {line}"


def title_of(indicator_id: str, label: str, locale: str) -> str:
    return f"{ltr(safe(indicator_id), locale)} {safe(_(label))}"


def detail_text(result: IndicatorResult, plan: Plan, locale: str) -> list[str]:
    lines = [
        f"{MARKS[result.status]} <b>{title_of(result.id, result.label, locale)}</b>",
        _("Status: {status}").format(status=status_name(result.status)),
    ]
    if result.metric is MetricKind.SHARE:
        shares = shares_of(result)
        for group in sorted(result.shares):
            line = _("{label}: {value}").format(
                label=_(FIELDS.get(group, group)), value=pct_down(shares.get(group), locale)
            )
            lines.append(f"• {line}")
        return lines
    value, target = figure_text(result, result.value, locale), target_text(result, locale)
    if result.period is not None:  # yearly: which year (in January, last year's maybe)
        lines.append(
            _("Value for {year}: {value} of {target}").format(
                year=ltr(result.period, locale), value=value, target=target
            )
        )
    else:
        lines.append(_("Value: {value} of {target}").format(value=value, target=target))
    if result.expected is not None:
        lines.append(
            _("Expected by now at a steady pace: {expected}").format(
                expected=expected_text(result, locale)
            )
        )
        if ahead_of_plan(result) and result.percent_of_expected is not None:
            lines.append(
                "🚀 "
                + _("Ahead of plan: {percent} of the value expected by now.").format(
                    # Rounded down, as the summary line says it (173.9 %: 173 %, not 174 %).
                    percent=percent_of_expected_text(result, locale)
                )
            )
    if result.projection is not None:
        lines.append(
            _("At the current pace, by {end}: {projection}").format(
                end=format_date(plan.period_end, locale),
                # Whole things done so far, at the pace so far: rounded down.
                projection=figure_text(result, result.projection, locale, ROUND_FLOOR),
            )
        )
    if result.per_month_needed:
        lines.append(_to_reach_the_target(result, plan, locale))
    if result.missing_countries:
        names = join_items(
            _cut([country_name(c, locale) for c in result.missing_countries], 10), locale
        )
        lines.append(
            _("Countries with staff and nothing yet: {countries}").format(
                countries=isolate(names, locale)
            )
        )
    return lines


def _to_reach_the_target(result: IndicatorResult, plan: Plan, locale: str) -> str:
    """What would close the gap: so many more a month, rounded up (0.4 more trainings a month
    means one more, not none); under one a month, or in the plan's last month, what remains by
    the plan's end (2 more countries in 37 months are not "1 more per month")."""
    needed = result.per_month_needed or Decimal(0)
    # In the plan's last month all that is left is needed this month: by the end, not "per
    # month" as if months were left.
    last_month = result.value is not None and needed == (result.target or 0) - result.value
    if (needed >= 1 and not last_month) or result.target is None or result.value is None:
        return _("To reach the target: {count} more per month").format(
            count=figure_text(result, needed, locale, ROUND_CEILING)
        )
    return _("To reach the target: {count} more by {end}").format(
        count=figure_text(result, result.target - result.value, locale, ROUND_CEILING),
        end=format_date(plan.period_end, locale),
    )


def breakdown_lines(definition: IndicatorDef, parts: Breakdown, locale: str) -> list[str]:
    """The by-country lines of a breakdown, in the indicator's unit: a distinct-country
    indicator names the countries reached (the countries with staff and nothing yet are in
    `detail_text`), any other indicator counts its unit per country."""
    if definition.metric is MetricKind.DISTINCT_COUNT and definition.distinct == "country":
        if not parts.reached:
            return []
        names = join_items(sorted(country_name(c, locale) for c in parts.reached), locale)
        count = len(parts.reached)
        return [
            "",
            ngettext(
                "{count} country reached: {countries}",
                "{count} countries reached: {countries}",
                count,
            ).format(count=ltr(str(count), locale), countries=isolate(names, locale)),
        ]
    if not parts.by_country:
        return []
    top = sorted(parts.by_country.items(), key=lambda kv: (-kv[1], kv[0]))
    counts = [f"{country_name(c, locale)} {_num(n, locale)}" for c, n in top]
    return ["", _("By country:") + " " + join_items(_cut(counts, 8), locale)]


def _cut(items: list[str], most: int) -> list[str]:
    """The first `most` items, and "…" when there were more: a list cut short says so."""
    return items if len(items) <= most else [*items[:most], "…"]


def chart_footer(scope: Scope, today: dt.date, locale: str) -> str:
    """The chart's footer: the day it shows and whose countries."""
    if scope.all_countries:
        where = _("All countries")
    else:
        where = join_items(sorted(country_name(c, locale) for c in scope.countries), locale)
    # Babel's long date, without the isolates `format_date` adds for RTL chat text: the
    # chart's text engine (libraqm) reorders "20/05/2026" wrongly inside them.
    day = babel_format_date(today, format="long", locale=cldr_locale(locale))
    return _("As of {date} · {scope}").format(date=day, scope=where)


def month_end(month: str) -> dt.date:
    year, number = (int(part) for part in month.split("-"))
    first_next = dt.date(year + number // 12, number % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def plan_ended_text(plan: Plan, locale: str) -> str:
    """Said once the plan is over (the digest, /indicators): its figures are final, a count's
    target met or missed, until a new plan is loaded."""
    return _("The plan ended on {date}: these are its final figures.").format(
        date=format_date(plan.period_end, locale)
    )


def indicator_list(
    results: list[IndicatorResult], today: dt.date, locale: str, plan: Plan | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The status list of every indicator, with a button per indicator to open it (with the
    plan, said to be over after its last day)."""
    from bot.ui.callbacks import IndicatorAction, IndicatorCB  # aiogram: the chat's only
    from bot.ui.keyboard import Keyboard

    head = _("Strategic plan indicators on {date}").format(date=format_date(today, locale))
    lines = [f"<b>{head}</b>"]
    if plan is not None and today > plan.period_end:
        lines.append(plan_ended_text(plan, locale))
    if results and results[0].partial:
        lines.append(_("Partial view: only your countries."))
    lines.append("")
    lines += [summary_line(result, locale) for result in results]
    kb = Keyboard()
    for result in results:
        kb.button(text=result.id, callback_data=IndicatorCB(a=IndicatorAction.OPEN, i=result.id))
    kb.adjust(5)
    return "\n".join(lines), kb.as_markup()


def indicator_detail(
    definition: IndicatorDef,
    result: IndicatorResult,
    parts: Breakdown | None,
    plan: Plan,
    locale: str,
    *,
    may_enter: bool,
) -> tuple[str, InlineKeyboardMarkup]:
    """One indicator: where it stands, its breakdown (in its own unit), and its buttons."""
    from bot.ui.callbacks import IndicatorAction, IndicatorCB
    from bot.ui.keyboard import Keyboard

    lines = detail_text(result, plan, locale)
    kb = Keyboard()
    if parts is not None:
        lines.extend(breakdown_lines(definition, parts, locale))
        if parts.by_field and definition.metric is not MetricKind.SHARE:
            fields = sorted(parts.by_field.items())
            items = (f"{_(FIELDS.get(f, f))} {_num(n, locale)}" for f, n in fields)
            lines.append(_("By field:") + " " + join_items(items, locale))
        if parts.monthly:
            months = (
                _("{label}: {value}").format(label=_month(month, locale), value=_num(n, locale))
                for month, n in parts.monthly[-6:]
            )
            lines.append(_("Last months (running total):") + " " + join_items(months, locale))
        kb.button(
            text=_("📈 Chart"), callback_data=IndicatorCB(a=IndicatorAction.CHART, i=definition.id)
        )
    if may_enter and definition.metric in MANUAL_METRICS:
        kb.button(
            text=_("✏️ Enter a value"),
            callback_data=IndicatorCB(a=IndicatorAction.MANUAL, i=definition.id),
        )
    return "\n".join(lines), kb.as_markup()


def other_year_button(indicator_id: str, years: list[str]) -> InlineKeyboardMarkup | None:
    """A button to enter the other year's value instead (in January, last year's final
    figure), when there is one."""
    from bot.ui.callbacks import IndicatorYearCB
    from bot.ui.keyboard import Keyboard

    if not years:
        return None
    kb = Keyboard()
    for year in years:
        kb.button(
            text=_("Enter {year} instead").format(year=year),
            callback_data=IndicatorYearCB(i=indicator_id, y=int(year)),
        )
    return kb.as_markup()


def saved_text(indicator_id: str, value: Decimal, period: str, locale: str) -> str:
    """What was stored, as /indicators reads it (`figure_text`): every decimal of it (0.04 is
    not "0"), without the zeros typed after them ("2.50000" read back as typed, "2.5" in
    /indicators), in the reader's language ("2,5")."""
    return _("Saved: {indicator} = {value} for {year}.").format(
        indicator=ltr(indicator_id, locale),
        value=format_number(without_trailing_zeros(value), locale, exact=True),
        year=ltr(period, locale),
    )

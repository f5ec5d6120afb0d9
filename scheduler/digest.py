"""The weekly digest and the reporting reminders: when they are due, and what they say.

Pure: no database, no network, no clock of its own (the caller passes `now`), and no aiogram
(`fieldbot digest --now` loads none). Rendering needs the recipient's language set
(``with bot.ui.translate.translating(catalogs, locale):``) and reuses the /indicators
helpers, so that the digest and /indicators say the same things in the same words.

When is a digest due? Each manager has a local slot (weekday, hour; default Monday 08:00) in
their time zone. From that slot until the end of the local ISO week the digest of that week is
due; its period is the ISO week id ("2026-W48"), which is also its outbox key, so it is sent
once: a slot missed while the bot was down is caught up at the next tick, once. The slot is a
local wall time resolved with zoneinfo, so it stays at 08:00 local across daylight-saving
changes (08:00 never falls in a DST gap; if a chosen hour ever does, zoneinfo's fold=0 reading
is used).

When is a reminder due? When a field staff member has not reported for `quiet_days` days
(since their last report, or since they joined if they never reported) and it is daytime where
they are (08:00-21:00 local). Its period names the silence episode ("since-2026-11-02T10:15Z",
the start of the silence), so each episode gets one nudge, and a new report starts a new
episode.

What does a digest say? The indicators that need attention, worst first, each with what changed
since the manager's previous digest (value delta, status change), the indicators back on track,
the reports received per country the week before (the seven local days before the
digest's day), and the silent countries. What the previous digest
showed is kept in its own outbox payload (`snapshot`, ignored by the sender): the outbox row of
a week is written once, so the comparison is with what the manager actually received. Yearly
(manual and growth) indicators are listed only from DUE_NOTICE before their due date in the
plan. Every count goes through ngettext.

Last year's final results: the first digest a manager gets in a new year (their time zone) opens
with the indicators that ended last year below target (`year_shortfalls`, evaluated on 31
December), once: each payload records the last year closed (`final_year`), so a later digest of
that year does not repeat them, whatever the manager's digest day.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from bot.domain.languages import (
    country_name,
    format_date,
    isolate,
    join_items,
    ltr,
    number_text,
)
from bot.domain.timezones import zone_or_utc
from bot.indicators.logic import DUE_NOTICE, OVERDUE_FOR, Status
from bot.indicators.plan import REPORT_METRICS, MetricKind, Plan
from bot.indicators.results import IndicatorResult, without_trailing_zeros
from bot.ui.indicators import (
    COUNTS,
    MARKS,
    detail_text,
    plan_ended_text,
    status_name,
    summary_line,
)
from bot.ui.text import plain_text, telegram_length
from bot.ui.translate import gettext as _
from bot.ui.translate import ngettext

# Daytime for reminders, local: from 08:00 (included) to 21:00 (excluded).
QUIET_UNTIL_HOUR = 8
QUIET_FROM_HOUR = 21
# Telegram's limit for a photo caption (UTF-16 units of the text, after the HTML is parsed).
CAPTION_LIMIT = 1024
# And for a message's text (the digest without a chart).
TEXT_LIMIT = 4096
ATTENTION = (Status.OFF_TRACK, Status.AT_RISK)
# How far apart two time zones' clocks are at most (UTC-12 to UTC+14), and how long into a
# week a digest of the week before, cut short by a change of zone, is still sent (`owed_period`).
MOST_APART = timedelta(hours=26)
OWED_FOR = timedelta(days=2)
# A yearly indicator enters the digest this long before its due date (and stays while overdue).


def zone(tz_name: str | None) -> tzinfo:
    """The IANA zone of a user; UTC when it is unset or unknown (never an exception)."""
    return zone_or_utc(tz_name)


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


def iso_week_id(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(period: str) -> date:
    """The Monday of an ISO week id ("2026-W48")."""
    year, week = period.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def received_week(period: str, tz_name: str | None, weekday: int = 0) -> tuple[datetime, datetime]:
    """The week whose reports a digest counts ("received last week"), as UTC instants: the
    seven local days before the digest's day (`weekday` of the ISO week `period`), midnight
    to midnight in the manager's time zone; for the default Monday digest, the ISO week
    before. The seven days before the digest was built counted a Monday 08:00 digest's
    Monday morning and left out the Monday before, and a digest caught up on a Wednesday
    counted this week's Monday and Tuesday. A Friday digest counts Friday to Thursday: the
    ISO week before left out this week's Monday to Thursday, reported 8 to 11 days late
    while the indicators above it had already moved with them."""
    tz, day = zone(tz_name), week_start(period) + timedelta(days=weekday)
    start = datetime.combine(day - timedelta(days=7), time(0), tzinfo=tz)
    end = datetime.combine(day, time(0), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def digest_slot(now_utc: datetime, tz_name: str, weekday: int = 0, hour: int = 8) -> datetime:
    """The digest slot (aware, UTC) of the local ISO week that contains `now_utc`."""
    _require_aware(now_utc, "now_utc")
    tz = zone(tz_name)
    today = now_utc.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    local = datetime.combine(monday + timedelta(days=weekday), time(hour), tzinfo=tz)
    return local.astimezone(UTC)


def digest_period(now_utc: datetime, tz_name: str, weekday: int = 0, hour: int = 8) -> str | None:
    """The ISO week id when this week's local slot has passed (until the week ends), else None."""
    if not 0 <= weekday <= 6 or not 0 <= hour <= 23:
        raise ValueError("weekday must be 0-6 and hour 0-23")
    # Aware datetimes in different zones compare as instants (same-zone ones would compare
    # their wall times, which is wrong across a DST change): compare in UTC.
    if now_utc.astimezone(UTC) < digest_slot(now_utc, tz_name, weekday, hour):
        return None
    return iso_week_id(now_utc.astimezone(zone(tz_name)).date())


def owed_period(
    now_utc: datetime,
    tz_name: str,
    changed_at: datetime | None,
    weekday: int = 0,
    hour: int = 8,
) -> str | None:
    """The previous local week's id when a time zone chosen since this week began (in the
    new zone) may have closed that week's window unsent, before this week's slot; else None.

    A manager with a Sunday 20:00 slot who moves from UTC-12 to UTC+14 on Sunday evening
    lands in Monday night of the next week: their Sunday's slot had not come in the old zone,
    and the week is over in the new one, so `digest_period` never named it. The caller sends
    it unless it exists (its outbox key: never twice) or the manager had no digest before
    (a newcomer is not sent last week's)."""
    _require_aware(now_utc, "now_utc")
    if changed_at is None or digest_period(now_utc, tz_name, weekday, hour) is not None:
        return None
    tz = zone(tz_name)
    today = now_utc.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    began = datetime.combine(monday, time(0), tzinfo=tz).astimezone(UTC)
    if changed_at < began:
        return None  # still last week when they changed: its window was theirs to the end
    # Two zones are at most 26 hours apart: last week's slot came in the old zone at most 26
    # hours after it came in this one, so a change later than that left no window of last
    # week open behind it (a Monday 08:00 slot: none at all, a week gone by). And a week-old
    # digest is news no more.
    last_week = monday - timedelta(days=7 - weekday)
    slot = datetime.combine(last_week, time(hour), tzinfo=tz).astimezone(UTC)
    if changed_at >= slot + MOST_APART or now_utc >= began + OWED_FOR:
        return None
    return iso_week_id(monday - timedelta(days=7))


def is_daytime(now_utc: datetime, tz_name: str) -> bool:
    """08:00 <= local time < 21:00: the hours a nudge may arrive."""
    _require_aware(now_utc, "now_utc")
    local_hour = now_utc.astimezone(zone(tz_name)).hour
    return QUIET_UNTIL_HOUR <= local_hour < QUIET_FROM_HOUR


def reminder_due(
    now_utc: datetime,
    tz_name: str,
    last_report_at: datetime | None,
    joined_at: datetime,
    quiet_days: int = 14,
) -> str | None:
    """The silence episode's period id when a nudge is due now, else None.

    The silence starts at the later of the last report and `joined_at` (the field-staff
    grant): an officer given the role again after months away is not nudged at once for the
    months before it."""
    _require_aware(now_utc, "now_utc")
    _require_aware(joined_at, "joined_at")
    if last_report_at is not None:
        _require_aware(last_report_at, "last_report_at")
    since = joined_at if last_report_at is None else max(last_report_at, joined_at)
    if now_utc - since < timedelta(days=quiet_days):
        return None
    if not is_daytime(now_utc, tz_name):
        return None
    return "since-" + since.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


# --- Rendering ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """What a previous digest showed of one indicator."""

    value: Decimal | None
    status: Status
    # The metric it was counted with (None: a digest from before it was recorded): a value
    # counted another way (2.3a: meetings, then networks) is no "+3" or "−9" to compare.
    metric: str | None = None


@dataclass(frozen=True)
class DigestContent:
    """What a manager's digest is made of (computed by scheduler.jobs)."""

    period: str
    results: Sequence[IndicatorResult]  # off track and at risk, not snoozed, worst first
    silent: Sequence[str]  # ISO country codes
    partial: bool  # the manager sees some countries only
    # What the previous digest showed, by indicator id (empty: this is the first digest).
    previous: Mapping[str, Seen] = field(default_factory=dict)
    # Indicators that needed attention in the previous digest and are on track now.
    back_on_track: Sequence[str] = ()
    # Reports received in the manager's previous week (`received_week`), by country (ISO
    # code); None: not reported on.
    received: Mapping[str, int] | None = None
    # Last year's indicators below target (`year_shortfalls`), told in a new year's first digest.
    final_year: int | None = None
    final_results: Sequence[IndicatorResult] = ()
    # The manager's day the digest was made on (None: the first day of its week).
    as_of: date | None = None


def plan_ended(plan: Plan, period: str, as_of: date | None = None) -> bool:
    """Whether a digest made on `as_of` (a day of the week `period`; None: its Monday) comes
    after the plan's last day, as /indicators says it on that day (the manager's own day, in
    their time zone). The week that holds the plan's last day ends after it: a digest of that
    week sent, or caught up, after that day says so too."""
    return (as_of or week_start(period)) > plan.period_end


def snapshot(results: Sequence[IndicatorResult]) -> dict[str, dict[str, str | None]]:
    """What a digest shows of every indicator, as JSON for its outbox payload."""
    return {
        r.id: {
            "value": None if r.value is None else str(r.value),
            "status": r.status.value,
            "metric": r.metric.value,
        }
        for r in results
    }


def read_snapshot(raw: Any) -> dict[str, Seen]:
    """The inverse of `snapshot`; anything malformed (an older payload) is left out."""
    seen: dict[str, Seen] = {}
    if not isinstance(raw, dict):
        return seen
    for ident, entry in raw.items():
        try:
            value = entry.get("value")
            metric = entry.get("metric")
            seen[str(ident)] = Seen(
                None if value is None else Decimal(str(value)),
                Status(entry["status"]),
                metric if isinstance(metric, str) else None,
            )
        except (AttributeError, KeyError, ValueError, ArithmeticError):
            continue
    return seen


def back_on_track(
    results: Sequence[IndicatorResult], previous: Mapping[str, Seen], snoozed: set[str]
) -> list[str]:
    """Indicators that needed attention last time and are on track now (ids, plan order)."""
    return [
        r.id
        for r in results
        if r.status is Status.ON_TRACK
        and r.id not in snoozed
        and r.id in previous
        and previous[r.id].status in ATTENTION
    ]


def is_due(result: IndicatorResult, plan: Plan, today: date) -> bool:
    """A report indicator is always due; a yearly one from DUE_NOTICE before its due date in
    the plan (for the year evaluated), and while overdue: a past year's for OVERDUE_FOR after
    its due date, as the new year's value takes its place then; without a due date, always.

    After the plan's end its last year stays the year evaluated: 2029's missing report is
    listed until 16 March 2030 (2029's budget due in March, gone since 29 June 2029, not at
    all), as in any other January, not in every digest for ever."""
    if result.metric in REPORT_METRICS:
        return True
    definition = next((d for d in plan.indicators if d.id == result.id), None)
    year = int(result.period) if result.period and result.period.isdigit() else today.year
    due = definition.due_date(year) if definition is not None else None
    if due is None:
        return True
    if year < today.year and today > due + OVERDUE_FOR:
        return False
    return today >= due - DUE_NOTICE


def closing_year(plan: Plan, today: date) -> int | None:
    """The year whose final results a digest on `today` may tell: last year, in the first
    OVERDUE_FOR of this one, when it is a plan year before the plan's last (after that one the
    digest says the plan ended, and its figures are the final ones already)."""
    last = today.year - 1
    end = date(last, 12, 31)
    if end < plan.period_start or end >= plan.period_end:
        return None
    if today > date(today.year, 1, 1) + OVERDUE_FOR:
        return None
    return last


def year_shortfalls(results: Sequence[IndicatorResult]) -> list[IndicatorResult]:
    """The indicators that ended the year evaluated (results on its 31 December) below target,
    in plan order, marked off track: a count under the value expected by then (the plan's
    pace; the tolerance was for the way there), a share under its minimum, a yearly value
    entered below its target or a growth outside its range. A yearly value not entered is left
    out: the digest lists it as overdue (`is_due`)."""
    missed: list[IndicatorResult] = []
    for result in results:
        if result.metric in COUNTS:
            expected, value = result.expected or Decimal(0), result.value
            short = value is not None and value < expected
        elif result.metric is MetricKind.SHARE:
            short = result.status is Status.OFF_TRACK
        else:
            short = result.value is not None and result.status in ATTENTION
        if short:
            missed.append(replace(result, status=Status.OFF_TRACK))
    return missed


def final_results_lines(year: int, missed: Sequence[IndicatorResult], locale: str) -> list[str]:
    """The digest's opening section of a new year: last year's indicators below target."""
    head = ngettext(
        "{year}'s final results: {count} indicator below target",
        "{year}'s final results: {count} indicators below target",
        len(missed),
    ).format(year=ltr(str(year), locale), count=ltr(str(len(missed)), locale))
    return ["", f"📅 <b>{head}</b>", *(summary_line(result, locale) for result in missed)]


def visible_length(text: str) -> int:
    """The length Telegram counts for an HTML text: tags out, entities as one character, in
    UTF-16 units (each status mark 🔴 🟡 and 📥 🔕 counts two)."""
    return telegram_length(plain_text(text))


def _severity(result: IndicatorResult) -> tuple[int, float]:
    """Off track before at risk; within each, the furthest from what it needs first (a share
    just under its minimum after a count at half of what is expected)."""
    return (0 if result.status is Status.OFF_TRACK else 1), gap(result)


def needs_attention(
    results: Sequence[IndicatorResult],
    snoozed: set[str],
    *,
    plan: Plan | None = None,
    today: date | None = None,
) -> list[IndicatorResult]:
    """Off-track then at-risk indicators, furthest from the expected value first; with a plan
    and a day, the yearly ones only when due (see `is_due`)."""
    chosen = [
        r
        for r in results
        if r.status in ATTENTION
        and r.id not in snoozed
        and (plan is None or today is None or is_due(r, plan, today))
    ]
    return sorted(chosen, key=_severity)


def gap(result: IndicatorResult) -> float:
    """How far off track, in percent of what is needed (lower is worse): the value against
    the value expected by now, or a share's lowest group against the minimum."""
    if result.metric is MetricKind.SHARE:
        if not result.shares or result.target is None or result.target <= 0:
            return 100.0
        return float(min(result.shares.values()) / result.target * 100)
    if result.percent_of_expected is not None:
        return float(result.percent_of_expected)
    return 0.0 if result.status is Status.OFF_TRACK else 100.0


def _signed(value: Decimal, result: IndicatorResult, locale: str) -> str:
    """+3, −1.5: a change, signed (wrap it with `ltr`); a yearly value's with every decimal,
    as the value reads (0.04 to 0.0425 is +0.0025, not +0.002), without PostgreSQL's trailing
    zeros."""
    if result.metric in COUNTS:
        shown = number_text(abs(value).quantize(Decimal(1)), locale)
    else:
        shown = number_text(without_trailing_zeros(abs(value)), locale, exact=True)
    return ("+" if value > 0 else "−") + shown


def change_text(result: IndicatorResult, seen: Seen | None, locale: str) -> str | None:
    """What changed since the previous digest ("+3, was at risk"); None when it is the first
    digest that shows this indicator."""
    if seen is None:
        return None
    parts: list[str] = []
    # A digest before metrics were recorded counted 2.3a's meetings: not its networks.
    counted_alike = seen.metric == result.metric.value or (
        seen.metric is None and result.metric is not MetricKind.DISTINCT_COUNT
    )
    comparable = counted_alike and result.metric not in (MetricKind.SHARE, MetricKind.GROWTH)
    if comparable and result.value is not None and seen.value is not None:
        delta = result.value - seen.value
        if delta:
            parts.append(ltr(_signed(delta, result, locale), locale))
    elif comparable and result.value is not None and seen.value is None:
        parts.append(_("value entered"))
    if result.status is not seen.status:
        parts.append(
            _("was {status}").format(status=f"{MARKS[seen.status]} {status_name(seen.status)}")
        )
    if not parts:
        return _("no change since the last digest")
    return _("since the last digest: {change}").format(change=join_items(parts, locale))


def render_digest_text(
    content: DigestContent, plan: Plan, locale: str, *, silent_days: int = 30, compact: int = 0
) -> str:
    """The digest's HTML text. `compact`: 0 full details, 1 one line per indicator, n > 1 the
    first (len - n + 1) indicators only (to fit a photo caption)."""
    head = _("Weekly digest, week of {date}").format(
        date=format_date(week_start(content.period), locale)
    )
    lines = [f"<b>{head}</b>"]
    if plan_ended(plan, content.period, content.as_of):
        lines.append(plan_ended_text(plan, locale))
    if content.partial:
        lines.append(_("Partial view: only your countries."))
    if content.final_year is not None and content.final_results:
        lines.extend(final_results_lines(content.final_year, content.final_results, locale))
        if content.results:
            lines.append("")  # then "N indicators need attention."
        elif not content.silent:
            lines += ["", "🟢 " + _("Nothing else needs your attention.")]
    shown = list(content.results)
    hidden = 0
    if compact > 1:
        keep = max(1, len(shown) - (compact - 1))
        hidden = len(shown) - keep
        shown = shown[:keep]
    if content.results:
        count = len(content.results)
        lines.append(
            ngettext(
                "{count} indicator needs attention.", "{count} indicators need attention.", count
            ).format(count=ltr(str(count), locale))
        )
    for result in shown:
        lines.append("")
        change = change_text(result, content.previous.get(result.id), locale)
        if compact:
            line = summary_line(result, locale)
            lines.append(f"{line} ({change})" if change else line)
        else:
            lines.extend(detail_text(result, plan, locale))
            if change:
                lines.append("↕ " + change[:1].upper() + change[1:] + ".")
    if hidden:
        lines.append(
            ngettext(
                "…and {count} more indicator: see /indicators.",
                "…and {count} more indicators: see /indicators.",
                hidden,
            ).format(count=ltr(str(hidden), locale))
        )
    if content.back_on_track:
        lines.append("")
        lines.append(
            "🟢 "
            + _("Back on track since the last digest: {indicators}").format(
                indicators=join_items((ltr(i, locale) for i in content.back_on_track), locale)
            )
        )
    if content.received is not None:
        lines.append("")
        lines.append("📥 " + received_text(content.received, locale))
    if content.silent:
        lines.append("")
        names = join_items((country_name(code, locale) for code in content.silent), locale)
        lines.append(
            "🔕 "
            + ngettext(
                "No report for {days} day from: {countries}",
                "No report for {days} days from: {countries}",
                silent_days,
            ).format(days=ltr(str(silent_days), locale), countries=isolate(names, locale))
        )
    return "\n".join(lines)


def received_text(received: Mapping[str, int], locale: str) -> str:
    """ "4 reports received last week: Haiti 3, Niger 1" (`received_week`), or none."""
    total = sum(received.values())
    if not total:
        return _("No report received last week.")
    by_country = sorted(received.items(), key=lambda kv: (-kv[1], kv[0]))
    countries = join_items(
        (f"{country_name(code, locale)} {ltr(str(n), locale)}" for code, n in by_country), locale
    )
    return ngettext(
        "{count} report received last week: {countries}",
        "{count} reports received last week: {countries}",
        total,
    ).format(count=ltr(str(total), locale), countries=isolate(countries, locale))


def fit_caption(
    content: DigestContent,
    plan: Plan,
    locale: str,
    *,
    silent_days: int = 30,
    limit: int = CAPTION_LIMIT,
) -> str:
    """The longest rendering of the digest that fits a photo caption (or, with `limit`
    TEXT_LIMIT, a message of its own)."""
    return _fitted(content, plan, locale, silent_days=silent_days, limit=limit)[1]


def _fitted(
    content: DigestContent, plan: Plan, locale: str, *, silent_days: int, limit: int
) -> tuple[int, str]:
    """`fit_caption`, and the `compact` level it took."""
    compact = 0
    while True:
        text = render_digest_text(content, plan, locale, silent_days=silent_days, compact=compact)
        if visible_length(text) <= limit or compact > len(content.results):
            return compact, text
        compact += 1


def digest_button(text: str, action: str, period: str = "") -> dict[str, str]:
    """A digest button as the outbox keeps it, its data as bot.ui.callbacks.DigestCB packs it
    ("dg:ack::2026-W48"; `action` a DigestAction's value), without aiogram, which a digest
    built by `fieldbot digest --now` does not need (seconds of CPU to import)."""
    return {"text": text, "callback_data": f"dg:{action}::{period}"}


def digest_keyboard(content: DigestContent) -> dict[str, Any]:
    """Open /indicators, "Snooze…" (which opens the choice of indicator), acknowledge: one
    button a row."""
    buttons = [digest_button("📊 " + _("Open indicators"), "open")]
    if content.results:
        buttons.append(digest_button("💤 " + _("Snooze…"), "choose", content.period))
    buttons.append(digest_button("✅ " + _("Acknowledge"), "ack", content.period))
    return {"inline_keyboard": [[button] for button in buttons]}


def digest_payload(
    content: DigestContent,
    plan: Plan,
    locale: str,
    *,
    chart_png: bytes | None,
    silent_days: int = 30,
    protect_content: bool = False,
    seen: Mapping[str, Any] | None = None,
    chart: str | None = None,
) -> dict[str, Any]:
    """The outbox payload of a digest with something to say (call in the user's locale).

    seen: the `snapshot` of every indicator, kept for the next digest's comparison; chart: the
    id of the indicator charted."""
    # Without a chart (none to draw, or drawing failed) the digest is a message: still one
    # Telegram takes, for a manager of many countries with everything off track.
    limit = CAPTION_LIMIT if chart_png is not None else TEXT_LIMIT
    compact, text = _fitted(content, plan, locale, silent_days=silent_days, limit=limit)
    cut = compact > 1 and bool(content.final_results)
    if chart_png is not None and (cut or visible_length(text) > limit):
        # Last year's final results (never cut) leave no room in a caption for this year's
        # indicators, or do not fit one: the digest goes as a message, without its chart.
        chart_png, chart = None, None
        text = fit_caption(content, plan, locale, silent_days=silent_days, limit=TEXT_LIMIT)
    payload: dict[str, Any] = {
        "text": text,
        "parse_mode": "HTML",
        "reply_markup": digest_keyboard(content),
        "protect_content": protect_content,
        "snapshot": dict(seen or {}),
        "listed": [r.id for r in content.results],
        "chart": chart,
    }
    if chart_png is not None:
        payload["photo_png_b64"] = base64.b64encode(chart_png).decode("ascii")
    return payload


def on_track_payload(
    period: str,
    locale: str,
    *,
    protect_content: bool = False,
    seen: Mapping[str, Any] | None = None,
    left_out: int = 0,
    ended: Plan | None = None,
) -> dict[str, Any]:
    """The one-line digest of a week where nothing needs attention: all on track, or
    `left_out` indicators off track or at risk that the manager snoozed or that are not due;
    with `ended`, the plan that ended before it (`plan_ended`), said as the full digest says
    it."""
    head = _("Weekly digest, week of {date}").format(date=format_date(week_start(period), locale))
    if left_out:
        still = ngettext(
            "{n} indicator you snoozed or not yet due is still off track or at risk.",
            "{n} indicators you snoozed or not yet due are still off track or at risk.",
            left_out,
        ).format(n=number_text(left_out, locale))
        text = "🟡 " + _("{head}: nothing new needs your attention.").format(head=head)
        text += " " + still
    else:
        text = "🟢 " + _("{head}: every indicator in your countries is on track.").format(
            head=head
        )
    if ended is not None:
        text += "\n" + plan_ended_text(ended, locale)
    opens = digest_button("📊 " + _("Open indicators"), "open")
    return {
        "text": text,
        "parse_mode": "HTML",
        "reply_markup": {"inline_keyboard": [[opens]]},
        "protect_content": protect_content,
        "snapshot": dict(seen or {}),
        "listed": [],
        "chart": None,
    }


def reminder_payload(
    days: int, locale: str, forms: Sequence[tuple[str, str]], *, reported: bool = True
) -> dict[str, Any]:
    """A friendly nudge with one button per report form: (form id, translated title).
    `reported`: the silence runs from their last report; else from their joining (as field
    staff), with no report since."""
    if reported:
        text = ngettext(
            "It has been {days} day since your last report. Anything to share? "
            "It only takes a few minutes.",
            "It has been {days} days since your last report. Anything to share? "
            "It only takes a few minutes.",
            days,
        )
    else:
        text = ngettext(
            "You joined {days} day ago and have not sent a report yet. Anything to share? "
            "It only takes a few minutes.",
            "You joined {days} days ago and have not sent a report yet. Anything to share? "
            "It only takes a few minutes.",
            days,
        )
    text = "👋 " + text.format(days=ltr(str(days), locale))
    from bot.ui.callbacks import StartFormCB  # aiogram: the scheduler's own, never the CLI's
    from bot.ui.keyboard import Keyboard

    kb = Keyboard()
    for form_id, title in forms:
        kb.button(text=title, callback_data=StartFormCB(form=form_id))
    kb.adjust(1)
    return {
        "text": text,
        "parse_mode": "HTML",
        "reply_markup": kb.as_markup().model_dump(mode="json", exclude_none=True),
        "protect_content": False,
    }


__all__ = [
    "ATTENTION",
    "CAPTION_LIMIT",
    "DUE_NOTICE",
    "TEXT_LIMIT",
    "DigestContent",
    "Seen",
    "back_on_track",
    "change_text",
    "closing_year",
    "digest_button",
    "digest_keyboard",
    "digest_payload",
    "digest_period",
    "digest_slot",
    "final_results_lines",
    "fit_caption",
    "gap",
    "is_daytime",
    "is_due",
    "iso_week_id",
    "needs_attention",
    "on_track_payload",
    "owed_period",
    "plan_ended",
    "read_snapshot",
    "received_text",
    "reminder_due",
    "reminder_payload",
    "render_digest_text",
    "snapshot",
    "visible_length",
    "week_start",
    "year_shortfalls",
    "zone",
]

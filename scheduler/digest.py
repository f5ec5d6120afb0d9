"""The weekly digest and the reporting reminders: when they are due, and what they say.

Pure: no database, no network, no clock of its own (the caller passes `now`). Rendering needs
the i18n context of the recipient's language (``with i18n.context(), i18n.use_locale(loc):``)
and reuses the /indicators helpers, so that the digest and /indicators say the same things in
the same words.

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
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.languages import country_name, format_date, isolate, join_items, ltr
from bot.domain.timezones import zone_or_utc
from bot.indicators.logic import Status
from bot.indicators.plan import Plan
from bot.ui.text import plain_text
from handlers.form_ui import StartFormCB
from handlers.indicators import detail_text, summary_line
from models.indicators import IndicatorResult

# Daytime for reminders, local: from 08:00 (included) to 21:00 (excluded).
QUIET_UNTIL_HOUR = 8
QUIET_FROM_HOUR = 21
# Telegram's limit for a photo caption (visible characters, after the HTML is parsed).
CAPTION_LIMIT = 1024
# At most this many "snooze" buttons (one per listed indicator, worst first).
MAX_SNOOZE_BUTTONS = 8
ATTENTION = (Status.OFF_TRACK, Status.AT_RISK)


class DigestCB(CallbackData, prefix="dg"):
    """A tap on a digest button. a: open | snooze | ack; i: indicator id; p: the ISO week."""

    a: str
    i: str = ""
    p: str = ""


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
    """The silence episode's period id when a nudge is due now, else None."""
    _require_aware(now_utc, "now_utc")
    _require_aware(joined_at, "joined_at")
    since = last_report_at if last_report_at is not None else joined_at
    _require_aware(since, "last_report_at")
    if now_utc - since < timedelta(days=quiet_days):
        return None
    if not is_daytime(now_utc, tz_name):
        return None
    return "since-" + since.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


# --- Rendering ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestContent:
    """What a manager's digest is made of (computed by scheduler.jobs)."""

    period: str
    results: Sequence[IndicatorResult]  # off track and at risk, not snoozed, worst first
    silent: Sequence[str]  # ISO country codes
    partial: bool  # the manager sees some countries only


def visible_length(text: str) -> int:
    """The length Telegram counts for an HTML text: tags out, entities as one character."""
    return len(plain_text(text))


def _severity(result: IndicatorResult) -> tuple[int, float]:
    rank = 0 if result.status is Status.OFF_TRACK else 1
    percent = float(result.percent_of_expected) if result.percent_of_expected is not None else 0
    return rank, percent


def needs_attention(
    results: Sequence[IndicatorResult], snoozed: set[str]
) -> list[IndicatorResult]:
    """Off-track then at-risk indicators, furthest from the expected value first."""
    chosen = [r for r in results if r.status in ATTENTION and r.id not in snoozed]
    return sorted(chosen, key=_severity)


def render_digest_text(
    content: DigestContent, plan: Plan, locale: str, *, silent_days: int = 30, compact: int = 0
) -> str:
    """The digest's HTML text. `compact`: 0 full details, 1 one line per indicator, n > 1 the
    first (len - n + 1) indicators only (to fit a photo caption)."""
    head = _("Weekly digest, week of {date}").format(
        date=format_date(week_start(content.period), locale)
    )
    lines = [f"<b>{head}</b>"]
    if content.partial:
        lines.append(_("Partial view: only your countries."))
    shown = list(content.results)
    hidden = 0
    if compact > 1:
        keep = max(1, len(shown) - (compact - 1))
        hidden = len(shown) - keep
        shown = shown[:keep]
    if content.results:
        lines.append(
            _("{count} indicators need attention.").format(
                count=ltr(str(len(content.results)), locale)
            )
        )
    for result in shown:
        lines.append("")
        if compact:
            lines.append(summary_line(result, locale))
        else:
            lines.extend(detail_text(result, plan, locale))
    if hidden:
        lines.append(
            _("…and {count} more: see /indicators.").format(count=ltr(str(hidden), locale))
        )
    if content.silent:
        lines.append("")
        names = join_items((country_name(code, locale) for code in content.silent), locale)
        lines.append(
            "🔕 "
            + _("No report for {days} days from: {countries}").format(
                days=ltr(str(silent_days), locale), countries=isolate(names, locale)
            )
        )
    return "\n".join(lines)


def fit_caption(content: DigestContent, plan: Plan, locale: str, *, silent_days: int = 30) -> str:
    """The longest rendering of the digest that fits a photo caption."""
    compact = 0
    while True:
        text = render_digest_text(content, plan, locale, silent_days=silent_days, compact=compact)
        if visible_length(text) <= CAPTION_LIMIT or compact > len(content.results):
            return text
        compact += 1


def digest_keyboard(content: DigestContent) -> dict[str, Any]:
    """Open /indicators, snooze each listed indicator for 4 weeks, acknowledge."""
    kb = InlineKeyboardBuilder()
    kb.button(text="📊 " + _("Open indicators"), callback_data=DigestCB(a="open"))
    snoozable = [r.id for r in content.results][:MAX_SNOOZE_BUTTONS]
    for indicator_id in snoozable:
        kb.button(
            text="💤 " + _("Snooze {indicator} for 4 weeks").format(indicator=indicator_id),
            callback_data=DigestCB(a="snooze", i=indicator_id, p=content.period),
        )
    kb.button(text="✅ " + _("Acknowledge"), callback_data=DigestCB(a="ack", p=content.period))
    kb.adjust(1)
    return kb.as_markup().model_dump(mode="json", exclude_none=True)


def digest_payload(
    content: DigestContent,
    plan: Plan,
    locale: str,
    *,
    chart_png: bytes | None,
    silent_days: int = 30,
) -> dict[str, Any]:
    """The outbox payload of a digest with something to say (call in the user's locale)."""
    if chart_png is not None:
        text = fit_caption(content, plan, locale, silent_days=silent_days)
    else:
        text = render_digest_text(content, plan, locale, silent_days=silent_days)
    payload: dict[str, Any] = {
        "text": text,
        "parse_mode": "HTML",
        "reply_markup": digest_keyboard(content),
        "protect_content": True,
    }
    if chart_png is not None:
        payload["photo_png_b64"] = base64.b64encode(chart_png).decode("ascii")
    return payload


def on_track_payload(period: str, locale: str) -> dict[str, Any]:
    """The one-line digest of a week where nothing needs attention."""
    head = _("Weekly digest, week of {date}").format(date=format_date(week_start(period), locale))
    text = "🟢 " + _("{head}: every indicator in your countries is on track.").format(head=head)
    kb = InlineKeyboardBuilder()
    kb.button(text="📊 " + _("Open indicators"), callback_data=DigestCB(a="open"))
    return {
        "text": text,
        "parse_mode": "HTML",
        "reply_markup": kb.as_markup().model_dump(mode="json", exclude_none=True),
        "protect_content": True,
    }


def reminder_payload(days: int, locale: str, forms: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """A friendly nudge with one button per report form: (form id, translated title)."""
    text = "👋 " + _(
        "It has been {days} days since your last report. Anything to share? "
        "It only takes a few minutes."
    ).format(days=ltr(str(days), locale))
    kb = InlineKeyboardBuilder()
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
    "DigestCB",
    "DigestContent",
    "digest_keyboard",
    "digest_payload",
    "digest_period",
    "digest_slot",
    "fit_caption",
    "is_daytime",
    "iso_week_id",
    "needs_attention",
    "on_track_payload",
    "reminder_due",
    "reminder_payload",
    "render_digest_text",
    "visible_length",
    "week_start",
    "zone",
]

"""/myreports and /reports as people see them: the lists, a report's card and its buttons, its
history, and the words of a withdrawal.

Every value that is not ours is escaped by bot.ui.text.safe, nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from babel.dates import format_time, get_datetime_format

from bot.domain.languages import (
    cldr_locale,
    country_name,
    format_date,
    format_number,
    ltr,
    short_date,
)
from bot.domain.people import UserView
from bot.domain.reports import ReportView, may_edit, may_restore, may_withdraw
from bot.domain.withdrawals import REASON_MAX, REASON_MIN, ReasonProblem
from bot.forms.definitions import FORMS
from bot.forms.engine import review
from bot.forms.model import Form
from bot.ui.callbacks import SCOPE, ReportsAction, ReportsCB
from bot.ui.forms import answer_line, tr
from bot.ui.keyboard import Keyboard
from bot.ui.text import ELLIPSIS, safe, telegram_length

# A list shows this many reports a page.
PAGE = 5
# The history shows each changed answer up to this many characters, the whole message up to
# HISTORY_LIMIT UTF-16 units (Telegram refuses a text over 4096).
HISTORY_VALUE_LIMIT = 100
HISTORY_LIMIT = 3500


class Version(Protocol):
    """One stored version of a report, as the history reads it (a ReportVersionView)."""

    @property
    def version(self) -> int: ...

    @property
    def answers(self) -> dict[str, Any]: ...

    @property
    def edited_by_user_id(self) -> int | None: ...

    @property
    def created_at(self) -> dt.datetime: ...


def _form_of(report: ReportView) -> Form | None:
    return FORMS.get(report.form_id)


# An erased person's stored pseudonym (models.people.pseudonym): English, as exports and the BI
# views show it; in a chat, said in the reader's language.
_PSEUDONYM = re.compile(r"former member #(\d+)")


def person_name(name: str | None, locale: str) -> str:
    """A person's name as stored, escaped for a message; an erased person's pseudonym in the
    reader's language; "—" for nobody."""
    if name is None:
        return safe("—")
    if (erased := _PSEUDONYM.fullmatch(name)) is not None:
        return _("former member #{number}").format(number=ltr(erased.group(1), locale))
    return safe(name, locale, limit=64)


def report_title(report: ReportView, locale: str) -> str:
    """'30/11/2026 · Training · Haiti' ('Nov 30, 2026' in English): a report in a list and
    atop its card (not escaped)."""
    form = _form_of(report)
    kind = tr(form.title) if form else report.kind
    date = short_date(report.event_date, locale)
    return f"{date} · {kind} · {country_name(report.country, locale)}"


def reports_list(
    reports: Sequence[ReportView], which: str, offset: int, total: int, partial: bool, locale: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The reports of a list from `offset` on (`total` reports in all): one's own, or those
    of one's countries (`partial`: not every country)."""
    if total == 0:
        text = (
            _("There are no reports in your countries yet.")
            if which == SCOPE
            else _("You have not submitted any report yet. Send /report to start one.")
        )
        return text, None
    first, last = offset + 1, offset + len(reports)
    head = _("Reports in your countries") if which == SCOPE else _("Your reports")
    shown = ltr(f"{format_number(first, locale)}–{format_number(last, locale)}", locale)
    text = f"<b>{head}</b> ({shown} / {format_number(total, locale)})"
    if partial:
        text += "\n" + _("Partial view: only your countries.")
    return text, _list_markup(reports, which, offset, total, locale)


def _list_markup(
    reports: Sequence[ReportView], which: str, offset: int, total: int, locale: str
) -> InlineKeyboardMarkup:
    kb = Keyboard()
    page = offset // PAGE  # where "Back to the list" returns from a card
    for report in reports:
        kb.button(
            text=("⊘ " if report.withdrawn else "") + report_title(report, locale),
            callback_data=ReportsCB(a=ReportsAction.OPEN, s=which, p=page, r=report.id.hex),
        )
    nav = 0
    if offset > 0 and reports:
        newer = max(offset - PAGE, 0) // PAGE
        turn = ReportsCB(a=ReportsAction.NEWER, s=which, p=newer, r=reports[0].id.hex)
        kb.button(text=_("‹ Newer"), callback_data=turn)
        nav += 1
    if offset + len(reports) < total and reports:
        older = (offset + len(reports)) // PAGE
        turn = ReportsCB(a=ReportsAction.OLDER, s=which, p=older, r=reports[-1].id.hex)
        kb.button(text=_("Older ›"), callback_data=turn)
        nav += 1
    kb.adjust(*([1] * len(reports)), *([nav] if nav else []))
    return kb.as_markup()


def local_time(moment: dt.datetime, zone: str, locale: str) -> str:
    """A moment in the reader's time zone and language: '30 Nov 2026, 14:05'."""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    local = moment.astimezone(tz)
    # The locale's own way to join a date and a time ("{1}, {0}", "{1} à {0}"), the time
    # without seconds.
    joined = str(get_datetime_format("medium", locale=cldr_locale(locale)))
    day = format_date(local.date(), locale)
    time = format_time(local, format="short", tzinfo=tz, locale=cldr_locale(locale))
    return ltr(joined.replace("{1}", day).replace("{0}", time), locale)


def _withdrawal_line(
    report: ReportView, withdrawn_at: dt.datetime, names: Mapping[int, str], zone: str, locale: str
) -> str:
    """'⊘ Withdrawn on … by …: …', in the card and in the history."""
    by, reason = report.withdrawn_by_user_id, report.withdraw_reason
    return _withdrawn(withdrawn_at, by, reason, names, zone, locale)


def _withdrawn(
    at: dt.datetime,
    by: int | None,
    reason: str | None,
    names: Mapping[int, str],
    zone: str,
    locale: str,
) -> str:
    return "⊘ " + _("Withdrawn on {when} by {name}: {reason}").format(
        when=local_time(at, zone, locale),
        name=person_name(names.get(by or 0), locale),
        reason=safe(reason or "—", locale, limit=300),
    )


def _past_withdrawal_lines(
    report: ReportView, names: Mapping[int, str], zone: str, locale: str
) -> list[str]:
    """Each withdrawal a restore undid: who withdrew it, when and why; who restored it, when."""
    lines = []
    for past in report.past_withdrawals:
        at, restored_at = (dt.datetime.fromisoformat(past[key]) for key in ("at", "restored_at"))
        lines.append(_withdrawn(at, past.get("by"), past.get("reason"), names, zone, locale))
        lines.append(
            "↺ "
            + _("Restored on {when} by {name}").format(
                when=local_time(restored_at, zone, locale),
                name=person_name(names.get(past.get("restored_by") or 0), locale),
            )
        )
    return lines


def people_in_history(report: ReportView, versions: Sequence[Version]) -> list[int | None]:
    """Whose names a report's history shows: its editors, and who withdrew and restored it."""
    past = [past.get(key) for past in report.past_withdrawals for key in ("by", "restored_by")]
    return [*(v.edited_by_user_id for v in versions), *past, report.withdrawn_by_user_id]


def report_card(
    report: ReportView, locale: str, names: Mapping[int, str] | None = None, zone: str = "UTC"
) -> str:
    """A stored report: its title, reference, version, withdrawal, and every answer."""
    form = _form_of(report)
    lines = [f"<b>{safe(report_title(report, locale))}</b>", ltr(report.reference, locale)]
    if report.version > 1:
        lines.append(_("Version {version}").format(version=format_number(report.version, locale)))
    if report.withdrawn_at is not None:
        lines.append(_withdrawal_line(report, report.withdrawn_at, names or {}, zone, locale))
        lines.append(_("It is not counted in the indicators or the exports."))
    lines.append("")
    if form is not None:
        for item in review(form, report.answers):
            lines.append(answer_line(item.question, item.value, locale))
    return "\n".join(lines)


def card_keyboard(
    user: UserView, report: ReportView, which: str, page: int, now: dt.datetime
) -> InlineKeyboardMarkup:
    """Under a report's card: what this user may do with it now, and the way back."""
    kb = Keyboard()

    def button(text: str, action: ReportsAction) -> None:
        kb.button(text=text, callback_data=ReportsCB(a=action, s=which, p=page, r=report.id.hex))

    if may_edit(user, report, now):
        button(_("✏️ Edit"), ReportsAction.EDIT)
    if report.version > 1 or report.withdrawn or report.past_withdrawals:
        button(_("History"), ReportsAction.HISTORY)
    if may_withdraw(user, report, now):
        button(_("⊘ Withdraw"), ReportsAction.WITHDRAW)
    if may_restore(user, report):
        button(_("↺ Restore"), ReportsAction.RESTORE)
    back = ReportsCB(a=ReportsAction.PAGE, s=which, p=page)
    kb.button(text=_("‹ Back to the list"), callback_data=back)
    kb.adjust(1)
    return kb.as_markup()


def history_text(
    report: ReportView,
    versions: Sequence[Version],
    locale: str,
    names: Mapping[int, str] | None = None,
    zone: str = "UTC",
) -> str:
    """Every version's local time and author, and under each later version the answers it
    changed (the newest changes first in line for the room a message has; "…" where some did
    not fit); then the withdrawal, if any. A report corrected very many times shows its first
    version and the newest ones that fit, "…" between them."""
    title = _("History of {reference}").format(reference=ltr(report.reference, locale))
    names = names or {}
    heads = [_version_head(version, names, zone, locale) for version in versions]
    tail = _past_withdrawal_lines(report, names, zone, locale)
    if report.withdrawn_at is not None:
        tail.append(_withdrawal_line(report, report.withdrawn_at, names, zone, locale))
    room = HISTORY_LIMIT - _size(title) - sum(_size(line) for line in tail)
    shown = _shown_versions([_size(head) for head in heads], room // 2)
    room -= sum(_size(heads[index]) for index in shown) + _size(ELLIPSIS)
    changes = _changes(_form_of(report), versions, shown, room, locale)
    lines = [f"<b>{title}</b>"]
    for position, index in enumerate(shown):
        if position and index != shown[position - 1] + 1:
            lines.append(ELLIPSIS)  # the versions left out
        lines += [heads[index], *changes.get(index, [])]
    return "\n".join(lines + tail)


def _size(line: str) -> int:
    """A line's length as Telegram counts it (tags too: a little room to spare), newline in."""
    return telegram_length(line) + 1


def _shown_versions(sizes: Sequence[int], room: int) -> list[int]:
    """The versions whose heads are shown: all when they fit in `room`; else the first (the
    submission) and as many of the newest as fit."""
    if sum(sizes) <= room or len(sizes) < 2:
        return list(range(len(sizes)))
    room -= sizes[0]
    newest: list[int] = []
    for index in range(len(sizes) - 1, 0, -1):
        if sizes[index] > room:
            break
        room -= sizes[index]
        newest.append(index)
    return [0, *reversed(newest)]


def _version_head(version: Version, names: Mapping[int, str], zone: str, locale: str) -> str:
    return _("Version {version}: {date} · {name}").format(
        version=format_number(version.version, locale),
        date=local_time(version.created_at, zone, locale),
        name=person_name(names.get(version.edited_by_user_id or 0), locale),
    )


def _changes(
    form: Form | None, versions: Sequence[Version], shown: Sequence[int], room: int, locale: str
) -> dict[int, list[str]]:
    """The answers each `shown` later version changed, by the version's index, within `room`
    (UTF-16 units): the newest first; a version whose changes do not fit shows "…"."""
    changes: dict[int, list[str]] = {}
    if form is None:
        return changes
    for index in sorted((i for i in shown if i > 0), reverse=True):
        before = versions[index - 1].answers
        lines = [
            answer_line(item.question, item.value, locale, limit=HISTORY_VALUE_LIMIT)
            for item in review(form, versions[index].answers)
            if before.get(item.question.id) != item.value
        ]
        size = sum(_size(line) for line in lines)
        changes[index] = lines if size <= room else [ELLIPSIS]
        room -= min(size, room)
    return changes


def reason_refusal(problem: ReasonProblem) -> str:
    """Why a typed withdrawal reason is not taken."""
    if problem is ReasonProblem.PERSONAL_DATA:
        return "⚠️ " + _(
            "Please give the reason without personal data (no names, phone numbers "
            "or e-mail addresses)."
        )
    return "⚠️ " + _("Please type a reason of {min} to {max} characters.").format(
        min=REASON_MIN, max=REASON_MAX
    )


def withdrawn_text(report: ReportView, locale: str) -> str:
    return "✅ " + _(
        "{reference} is withdrawn: it no longer counts. A manager can restore it."
    ).format(reference=ltr(report.reference, locale))


def edit_refusal_text(reason: str) -> str:
    """Why corrections cannot be made or saved (bot.domain.reports.why_not_edit's reason)."""
    if reason == "withdrawn":
        return _(
            "This report was withdrawn, so it can no longer be corrected. Ask a manager to "
            "restore it first."
        )
    if reason == "too_late":
        return _(
            "Reports can be corrected for 7 days after they are submitted. "
            "Ask your monitoring and evaluation officer to correct this one."
        )
    if reason == "no_role":
        return _(
            "You no longer report for this report's country, so you can no longer change it. "
            "Ask a manager of that country."
        )
    return _("This report is not available to you.")

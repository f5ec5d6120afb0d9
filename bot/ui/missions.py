"""How a mission looks in a chat: its card and its buttons (shared by the bot and the jobs)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.domain.languages import (
    country_name,
    format_date,
    format_number,
    list_text,
    ltr,
    own_direction,
    short_date,
)
from bot.domain.missions import LIVE, NOTES_MAX, MissionCounts, MissionView
from bot.domain.paging import within
from bot.domain.search import folded
from bot.domain.timezones import today_in
from bot.ui.callbacks import AssignCB, AssignSearchCB, MissionAction, MissionCB, card_version
from bot.ui.keyboard import Keyboard
from bot.ui.text import safe, shortened

# /missions shows this many missions a page.
PAGE = 5

STATUS = {
    "planned": "🗓",
    "confirmed": "✅",
    "cancelled": "❌",
    "completed": "🏁",
}


def status_name(status: str) -> str:
    return {
        "planned": _("planned"),
        "confirmed": _("confirmed"),
        "cancelled": _("cancelled"),
        "completed": _("completed"),
    }.get(status, status)


def supervisor_line(mission: MissionView, locale: str) -> str | None:
    """The card's line naming the mission's supervisor (None: the mission names nobody), as
    mission_card draws it: a notice keeps it apart too, so that an erasure can take it out of
    a notice still waiting (models.people.erase) without the catalogs."""
    if not mission.supervisor_name:
        return None
    contact = safe(mission.supervisor_name, locale)
    if mission.supervisor_handle:
        contact += " " + ltr(safe("@" + mission.supervisor_handle.lstrip("@")), locale)
    return _("Supervisor: {contact}").format(contact=contact)


def mission_card(mission: MissionView, acknowledged: bool, today: dt.date, locale: str) -> str:
    """The mission as a volunteer reads it; every field comes from an imported sheet: safe()."""

    def esc(text: str) -> str:
        return safe(text, locale)

    mark = STATUS.get(mission.status, "")
    lines = [
        f"{mark} <b>{esc(mission.title)}</b> ({ltr(safe(mission.code), locale)})",
        _("Status: {status}").format(status=safe(status_name(mission.status))),
        _("Where: {place}, {country}").format(
            place=esc(mission.place or "—"), country=country_name(mission.country, locale)
        ),
        _("When: {start} – {end}").format(
            start=format_date(mission.start_date, locale),
            end=format_date(mission.end_date, locale),
        ),
    ]
    days = (mission.start_date - today).days
    if days > 0 and mission.status in LIVE:  # a cancelled mission has no departure to count down
        lines.append(
            ngettext("Departure in {n} day.", "Departure in {n} days.", days).format(
                n=ltr(str(days), locale)
            )
        )
    if mission.role:
        lines.append(_("Your role: {role}").format(role=esc(mission.role)))
    if mission.project:
        lines.append(_("Project: {project}").format(project=esc(mission.project)))
    if supervisor := supervisor_line(mission, locale):
        lines.append(supervisor)
    if mission.notes:
        # Imports refuse longer notes; one stored before that rule is shortened, not refused.
        lines.append(safe(mission.notes, locale, limit=NOTES_MAX))
    if acknowledged:
        lines.append(_("You have acknowledged this mission."))
    return "\n".join(lines)


def counts_text(counts: MissionCounts, locale: str) -> str:
    """How many missions are under way, to come, cancelled ("1 mission under way and 2
    upcoming missions"), and how many are still to acknowledge, in the reader's language."""

    def n(count: int) -> str:
        return format_number(count, locale)

    parts = []
    if counts.under_way:
        under_way = ngettext("{n} mission under way", "{n} missions under way", counts.under_way)
        parts.append(under_way.format(n=n(counts.under_way)))
    if counts.upcoming:
        upcoming = ngettext("{n} upcoming mission", "{n} upcoming missions", counts.upcoming)
        parts.append(upcoming.format(n=n(counts.upcoming)))
    if counts.cancelled:
        cancelled = ngettext("{n} cancelled mission", "{n} cancelled missions", counts.cancelled)
        parts.append(cancelled.format(n=n(counts.cancelled)))
    lines = [list_text(parts, locale)] if parts else []
    if counts.unacknowledged:
        unacknowledged = ngettext(
            "{n} mission not yet acknowledged",
            "{n} missions not yet acknowledged",
            counts.unacknowledged,
        )
        lines.append(unacknowledged.format(n=n(counts.unacknowledged)))
    return "\n".join(lines)


def missions_list(
    missions: Sequence[MissionView],
    offset: int,
    total: int,
    past: bool,
    locale: str,
    counts: MissionCounts | None = None,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A volunteer's missions from `offset` on (`total` in all): current and upcoming, or
    past; `counts`: how many of each there are, under the heading."""
    if total == 0:
        text = (
            _("You have no past missions.")
            if past
            else _("You have no current or upcoming mission.")
        )
    else:
        text = _("Your past missions:") if past else _("Your current and upcoming missions:")
        if counts is not None and (summary := counts_text(counts, locale)):
            text += "\n" + summary
    markup = _list_keyboard(missions, offset, total, past, locale)
    return text, markup if markup.inline_keyboard else None


def _list_keyboard(
    missions: Sequence[MissionView], offset: int, total: int, past: bool, locale: str
) -> InlineKeyboardMarkup:
    kb = Keyboard()
    page = offset // PAGE
    for mission in missions:
        title = own_direction(shortened(mission.title, 44))
        # One reading only: "12/8/26" is the 8th of December in English, the 12th of August
        # for most of the world.
        label = f"{short_date(mission.start_date, locale)} · {title}"
        kb.button(text=label, callback_data=MissionCB(a=MissionAction.OPEN, m=mission.id, p=page))
    back, on = (
        (MissionAction.NEWER, MissionAction.OLDER)
        if past
        else (MissionAction.PREVIOUS, MissionAction.NEXT)
    )
    # Past missions run latest first (older ones next); upcoming ones soonest first. A turn
    # starts from the mission at the edge of this page (bot.domain.paging).
    if offset > 0 and missions:
        to = max(offset - PAGE, 0) // PAGE
        text = _("‹ Newer") if past else _("‹ Previous")
        kb.button(text=text, callback_data=MissionCB(a=back, m=missions[0].id, p=to))
    if offset + len(missions) < total and missions:
        to = (offset + len(missions)) // PAGE
        text = _("Older ›") if past else _("Next ›")
        kb.button(text=text, callback_data=MissionCB(a=on, m=missions[-1].id, p=to))
    if not past:
        kb.button(text=_("Past missions"), callback_data=MissionCB(a=MissionAction.PAST))
    kb.adjust(*([1] * len(missions)), 2, 1)
    return kb.as_markup()


def acknowledge_keyboard(mission: MissionView, acknowledged: bool) -> InlineKeyboardMarkup:
    """Under a mission's card: "Acknowledge" until the volunteer has, while the mission is
    planned or confirmed (cancelled or completed: an empty keyboard)."""
    kb = Keyboard()
    if not acknowledged and mission.status in LIVE:
        button = MissionCB(a=MissionAction.ACK, m=mission.id, p=card_version(mission.version))
        kb.button(text=_("✅ Acknowledge"), callback_data=button)
    return kb.as_markup()


CHOICES_PAGE = 10  # missions or volunteers per page of /assign and /unassign


def volunteer_choices(
    volunteers: Sequence[tuple[int, str, dt.datetime | None]], zone: str, locale: str
) -> list[tuple[int, str]]:
    """(id, label) of each (id, name, joined) volunteer: two of one name told apart by the day
    each joined, on the admin's calendar (`zone`), as the card of /people does (else two same
    buttons, and one of them picked at random)."""
    names = Counter(folded(name) for _id, name, _joined in volunteers)
    choices: list[tuple[int, str]] = []
    for volunteer_id, name, joined in volunteers:
        label = name
        if names[folded(name)] > 1 and joined is not None:
            day = short_date(today_in(zone, joined), locale)
            label = f"{shortened(name, 40)} · {day}"
        choices.append((volunteer_id, label))
    return choices


def choices_page(
    choices: Sequence[tuple[int, str]],
    start: int,
    *,
    pick: Callable[[int], AssignCB | AssignSearchCB],
    turn: Callable[[bool, int, int], AssignCB | AssignSearchCB],
    columns: int,
    locale: str,
) -> tuple[str, InlineKeyboardMarkup]:
    """The (id, label) choices from `start` on, a page of them, as buttons (`pick(id)`), with
    ‹ Previous / Next › (`turn(forward, id of the choice it turns from, page meant)`), and
    where it is in the list ("11–20 / 45"); a start past the end shows the last page (the
    list shrank since the button was drawn)."""
    start = within(start, len(choices), CHOICES_PAGE)
    shown = choices[start : start + CHOICES_PAGE]
    kb = Keyboard()
    for choice_id, label in shown:
        kb.button(text=own_direction(shortened(label, 60)), callback_data=pick(choice_id))
    kb.adjust(columns)
    nav = Keyboard()
    if start > 0 and shown:
        to = max(start - CHOICES_PAGE, 0) // CHOICES_PAGE
        nav.button(text=_("‹ Previous"), callback_data=turn(False, shown[0][0], to))
    if start + len(shown) < len(choices):
        to = (start + len(shown)) // CHOICES_PAGE
        nav.button(text=_("Next ›"), callback_data=turn(True, shown[-1][0], to))
    kb.attach(nav)
    if start == 0 and len(choices) <= CHOICES_PAGE:
        return "", kb.as_markup()
    first = start + 1
    counts = (
        f"{format_number(first, locale)}–{format_number(first + len(shown) - 1, locale)} / "
        f"{format_number(len(choices), locale)}"
    )
    return f" ({ltr(counts, locale)})", kb.as_markup()

"""How a mission looks in a chat: its card and its buttons (shared by the bot and the jobs)."""

from __future__ import annotations

import datetime as dt

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.domain.languages import country_name, format_date, ltr
from bot.domain.missions import MissionView
from bot.ui.text import safe

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
    if days > 0:
        lines.append(
            ngettext("Departure in {n} day.", "Departure in {n} days.", days).format(
                n=ltr(str(days), locale)
            )
        )
    if mission.role:
        lines.append(_("Your role: {role}").format(role=esc(mission.role)))
    if mission.project:
        lines.append(_("Project: {project}").format(project=esc(mission.project)))
    if mission.supervisor_name:
        contact = esc(mission.supervisor_name)
        if mission.supervisor_handle:
            contact += " " + ltr(safe("@" + mission.supervisor_handle.lstrip("@")), locale)
        lines.append(_("Supervisor: {contact}").format(contact=contact))
    if mission.notes:
        lines.append(esc(mission.notes))
    if acknowledged:
        lines.append(_("You have acknowledged this mission."))
    return "\n".join(lines)

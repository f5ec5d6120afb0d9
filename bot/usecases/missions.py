"""Mission notifications through the outbox: assigned, changed, cancelled, reminders.

Each message's outbox key says which event it announces (models.missions.notification_period),
so a re-import, a restart or a second scheduler never sends the same news twice.

aiogram (its gettext, keyboards and callback data: seconds of CPU to import) is loaded only
to write a notice: `fieldbot missions import` and `user set-countries` run with `i18n=None`
until one is due (TranslationsNeeded), then again with the catalogs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import OutboxKind, Role
from bot.domain.languages import join_items, resolve_locale
from bot.domain.missions import LIVE, MissionView, is_over
from bot.domain.people import UserView
from bot.domain.scope import Scope
from bot.domain.timezones import zone_or_utc
from bot.forms.model import N_
from models import missions as store
from models import people
from models.digest import outbox_has
from models.outbox import enqueue

if TYPE_CHECKING:
    from aiogram.utils.i18n import I18n

REMINDER_HOUR = 9  # local time: reminders 7 days and 1 day before the start, from 09:00
HEADLINES = {
    OutboxKind.MISSION_ASSIGNED: N_("You are assigned to a mission."),
    OutboxKind.MISSION_CHANGED: N_("Your mission has changed: {fields}."),
    OutboxKind.MISSION_CANCELLED: N_("Your mission is cancelled."),
    OutboxKind.MISSION_UNASSIGNED: N_("You are no longer assigned to this mission."),
}
REMINDERS = {7: N_("Your mission starts in a week."), 1: N_("Your mission starts tomorrow.")}


class TranslationsNeeded(Exception):
    """A notice is due but no catalogs were given (i18n=None): nothing was enqueued; the
    caller rolls back and runs the work again with them."""


class Recipient(Protocol):
    """What a notification needs to know about a volunteer."""

    @property
    def telegram_id(self) -> int: ...
    @property
    def language(self) -> str | None: ...
    @property
    def telegram_language(self) -> str | None: ...
    @property
    def timezone(self) -> str: ...


def _field_names(changed: Sequence[str], locale: str) -> str:
    from aiogram.utils.i18n import gettext as _

    names = {
        "start_date": _("start date"),
        "end_date": _("end date"),
        "place": _("place"),
        "country": _("country"),
        "status": _("status"),
    }
    return join_items((names.get(name, name) for name in changed), locale)


async def _notify(
    session: AsyncSession,
    mission: MissionView,
    volunteer: Recipient,
    user_id: int | None,
    *,
    kind: OutboxKind,
    period: str,
    headline: str,
    changed: Sequence[str] = (),
    i18n: I18n | None,
    now: dt.datetime,
) -> bool:
    if i18n is None:
        raise TranslationsNeeded
    from aiogram.utils.i18n import gettext as _

    from bot.ui.callbacks import MissionAction, MissionCB
    from bot.ui.keyboard import Keyboard
    from bot.ui.missions import mission_card, supervisor_line

    locale = resolve_locale(
        volunteer.language, volunteer.telegram_language, default=i18n.default_locale
    )
    with i18n.context(), i18n.use_locale(locale):
        title = _(headline).format(fields=_field_names(changed, locale))
        today = now.astimezone(zone_or_utc(volunteer.timezone)).date()
        text = f"<b>{title}</b>\n\n" + mission_card(mission, False, today, locale)
        payload: dict[str, Any] = {"text": text, "parse_mode": "HTML", "protect_content": True}
        if supervisor := supervisor_line(mission, locale):
            payload[store.SUPERVISOR_LINE] = supervisor  # for an erasure to take out
        if kind is not OutboxKind.MISSION_UNASSIGNED:  # not theirs to open any more
            kb = Keyboard()
            kb.button(
                text=_("Open this mission"),
                callback_data=MissionCB(a=MissionAction.OPEN, m=mission.id),
            )
            payload["reply_markup"] = kb.as_markup().model_dump(mode="json", exclude_none=True)
    return await enqueue(
        session,
        recipient_telegram_id=volunteer.telegram_id,
        recipient_user_id=user_id,
        kind=kind.value,
        period=period,
        payload=payload,
        now=now,
    )


async def notify_assigned(
    session: AsyncSession,
    mission: MissionView,
    volunteer: Recipient,
    user_id: int | None,
    *,
    i18n: I18n | None,
    now: dt.datetime,
) -> bool:
    kind = OutboxKind.MISSION_ASSIGNED
    period = store.notification_period(kind, mission)
    if await outbox_has(session, volunteer.telegram_id, kind=kind.value, period=period):
        # Assigned again after an unassignment: a notice of its own, not the first one's key.
        period = store.notification_period(kind, mission, assigned_at=now)
    return await _notify(
        session,
        mission,
        volunteer,
        user_id,
        kind=kind,
        period=period,
        headline=HEADLINES[kind],
        i18n=i18n,
        now=now,
    )


async def notify_changed(
    session: AsyncSession,
    mission: MissionView,
    changed: Sequence[str],
    *,
    skip_telegram_ids: Sequence[int] = (),
    i18n: I18n | None,
    now: dt.datetime,
) -> int:
    """Tell the mission's volunteers what changed (dates, place, status) or that it is off.

    The mission's news still waiting for them (Telegram was down, a 429) would show dates or
    a status that no longer hold: it is dropped. An assignment notice still waiting is
    enqueued again with the mission as it is now instead of the change, and not at all once
    the mission is cancelled (never told they were on it: nothing to take back)."""
    kind = store.change_kind(mission, changed)
    if kind is None:
        return 0
    sent = 0
    volunteers = [
        volunteer
        for volunteer in await store.volunteers_of(session, mission.id)
        if volunteer.telegram_id not in skip_telegram_ids and volunteer.active
    ]
    # One read and one delete for all of them, not two statements per volunteer.
    dropped_by_id = await store.drop_pending_notices_of(
        session, mission.code, [volunteer.telegram_id for volunteer in volunteers]
    )
    for volunteer in volunteers:
        dropped = dropped_by_id.get(volunteer.telegram_id, set())
        if is_over(mission, now.astimezone(zone_or_utc(volunteer.timezone)).date()):
            continue  # over where they are, as /assign: its stale news dropped, none sent
        if OutboxKind.MISSION_ASSIGNED in dropped:
            if kind is not OutboxKind.MISSION_CANCELLED:
                sent += await notify_assigned(
                    session, mission, volunteer, volunteer.user_id, i18n=i18n, now=now
                )
            continue
        sent += await _notify(
            session,
            mission,
            volunteer,
            volunteer.user_id,
            kind=kind,
            period=store.notification_period(kind, mission),
            headline=HEADLINES[kind],
            changed=changed,
            i18n=i18n,
            now=now,
        )
    return sent


async def remind_upcoming(session: AsyncSession, *, i18n: I18n, now: dt.datetime) -> int:
    """7 days and 1 day before a start, from 09:00 in the volunteer's time zone."""
    sent = 0
    kind = OutboxKind.MISSION_REMINDER
    for days, headline in REMINDERS.items():
        for lead in (-1, 0, 1):  # a volunteer's "today" can be a day off UTC's
            on = now.date() + dt.timedelta(days=days + lead)
            # The volunteers come with their time zones: no query per mission or volunteer.
            for mission, volunteer in await store.upcoming_starts(session, on=on):
                local_now = now.astimezone(zone_or_utc(volunteer.timezone))
                if (mission.start_date - local_now.date()).days != days:
                    continue
                if local_now.hour < REMINDER_HOUR:
                    continue
                sent += await _notify(
                    session,
                    mission,
                    volunteer,
                    volunteer.user_id,
                    kind=kind,
                    period=store.notification_period(kind, mission, days_before=days),
                    headline=headline,
                    i18n=i18n,
                    now=now,
                )
    return sent


async def assign_volunteer(
    session: AsyncSession,
    mission: MissionView,
    volunteer: UserView,
    *,
    actor_user_id: int,
    i18n: I18n,
    now: dt.datetime,
) -> bool:
    """Assign and tell the volunteer (through the outbox, sent after the commit), unless the
    mission is over on their own date (recorded, not announced); False when they were already
    assigned (nothing is sent again)."""
    changed = await store.assign(
        session, mission.id, volunteer.id, actor_user_id=actor_user_id, now=now
    )
    if changed and not is_over(mission, volunteer.today(now)):
        await notify_assigned(session, mission, volunteer, volunteer.id, i18n=i18n, now=now)
    return changed


async def unassign_volunteer(
    session: AsyncSession,
    mission: MissionView,
    volunteer: UserView,
    *,
    actor_user_id: int,
    i18n: I18n,
    now: dt.datetime,
) -> bool:
    """Take the volunteer off the mission and tell them (through the outbox, after the
    commit), unless the mission is over on their own date; the mission's news still waiting
    for them is dropped. False when they were not on it (nothing is sent)."""
    changed = await store.unassign(
        session, mission.id, volunteer.id, actor_user_id=actor_user_id, now=now
    )
    if not changed:
        return False
    dropped = await store.drop_pending_notices(session, mission.code, volunteer.telegram_id)
    # Never told they were on it (the notice was still waiting): nothing to take back.
    over = is_over(mission, volunteer.today(now))
    if volunteer.active and not over and OutboxKind.MISSION_ASSIGNED not in dropped:
        await _notify_off(session, mission, volunteer, i18n=i18n, now=now)
    return True


async def _notify_off(
    session: AsyncSession,
    mission: MissionView,
    volunteer: UserView,
    *,
    i18n: I18n | None,
    now: dt.datetime,
) -> None:
    """Tell a volunteer they are no longer on the mission."""
    kind = OutboxKind.MISSION_UNASSIGNED
    await _notify(
        session,
        mission,
        volunteer,
        volunteer.id,
        kind=kind,
        period=store.notification_period(kind, mission, assigned_at=now),
        headline=HEADLINES[kind],
        i18n=i18n,
        now=now,
    )


async def set_role_countries(
    session: AsyncSession,
    person: UserView,
    role: Role,
    scope: Scope,
    *,
    actor_user_id: int | None,
    i18n: I18n | None,
    now: dt.datetime,
    last_admin: bool = False,
) -> UserView:
    """Replace the countries of one of the person's roles (models.people.set_countries). A
    volunteer taken off the current and upcoming missions of the countries they lost is told
    so, as /unassign tells them (they would travel otherwise), unless the news of the
    assignment was still waiting: never told they were on it, nothing to take back.
    people.RoleGone, with nothing changed, when the role was revoked meanwhile (another admin
    at the same time: the person's row is held first, so the change waits for theirs);
    people.LastAdmin when a country would be left with no admin, unless `last_admin`."""
    person = await people.holding(session, person.telegram_id, role)
    beyond: list[tuple[MissionView, bool]] = []
    if role is Role.VOLUNTEER and person.has_role(Role.VOLUNTEER) and not scope.all_countries:
        current, _total = await store.missions_of_volunteer(
            session, person.id, today=person.today(now), limit=10_000
        )
        for mission, _assignment in current:
            if not scope.covers(mission.country):
                dropped = await store.drop_pending_notices(
                    session, mission.code, person.telegram_id
                )
                beyond.append((mission, OutboxKind.MISSION_ASSIGNED not in dropped))
    updated = await people.set_countries(
        session,
        person.telegram_id,
        role,
        scope,
        actor_user_id=actor_user_id,
        last_admin=last_admin,
    )
    for mission, told in beyond:
        if told and person.active and mission.status in LIVE:  # a cancelled one: no travel
            await _notify_off(session, mission, person, i18n=i18n, now=now)
    return updated


async def revoke_roles(
    session: AsyncSession,
    telegram_id: int,
    roles: Sequence[Role] | None,
    *,
    actor_user_id: int | None,
    i18n: I18n | None,
    now: dt.datetime,
    last_admin: bool = False,
) -> people.Offboarded:
    """Take `roles` (None: every role) from the person (models.people.revoke). A volunteer
    role taken off a volunteer told of a current or upcoming mission is told, once, in their
    language, that they are no longer on it (as /unassign and a new country tell them: they
    would travel otherwise), through the outbox, after the commit; not for a cancelled
    mission, nor one whose assignment notice was still waiting (never told: nothing to take
    back), nor someone who blocked the bot. The mission's supervisor is a name on a sheet, not
    an account: nobody else is told. LookupError: nobody; people.LastAdmin: nothing changed,
    unless `last_admin` (the caller rolls back what was written)."""
    await people.hold_person(session, telegram_id)
    person = await people.find_person(session, telegram_id)
    if person is None:
        raise LookupError(telegram_id)
    taking = roles or tuple(person.grants)
    beyond: list[tuple[MissionView, bool]] = []
    if Role.VOLUNTEER in taking and person.has_role(Role.VOLUNTEER):
        current, _total = await store.missions_of_volunteer(
            session, person.id, today=person.today(now), limit=10_000
        )
        for mission, _assignment in current:
            dropped = await store.drop_pending_notices(session, mission.code, telegram_id)
            beyond.append((mission, OutboxKind.MISSION_ASSIGNED not in dropped))
    done = await people.revoke(
        session, telegram_id, roles, actor_user_id=actor_user_id, last_admin=last_admin
    )
    if Role.VOLUNTEER in done.revoked and person.active:
        for mission, told in beyond:
            if told and mission.status in LIVE:  # a cancelled one: no travel
                await _notify_off(session, mission, person, i18n=i18n, now=now)
    return done

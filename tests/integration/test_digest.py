"""Weekly digests and reminders against a real database, with a controllable clock."""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import Role
from bot.domain.people import UserView
from bot.domain.scope import EVERYWHERE, Scope
from bot.i18n import create_i18n
from bot.indicators.plan import load_plan
from bot.ui.callbacks import DigestCB
from models import digest as store
from models import people, queries
from models.tables import OutboxMessage, Report, RoleGrant, User
from scheduler import jobs
from scheduler.digest import CAPTION_LIMIT, visible_length
from tests.factories import member, report_row

# Monday 2026-11-23 08:00 in Paris (UTC+1) is 07:00 UTC.
SLOT = datetime(2026, 11, 23, 7, tzinfo=UTC)
LONG_AGO = datetime(2026, 1, 5, 9, tzinfo=UTC)


@pytest.fixture
def runtime(session_factory: async_sessionmaker[AsyncSession]) -> jobs.Runtime:
    return jobs.Runtime(session_factory=session_factory, plan=load_plan(), i18n=create_i18n())


async def _user(
    session: AsyncSession,
    telegram_id: int,
    role: Role,
    countries: list[str],
    *,
    tz: str | None = "Europe/Paris",
    language: str | None = None,
    joined: datetime = LONG_AGO,
) -> UserView:
    """A member in Paris who joined long ago (digests only count members who were there)."""
    return await member(
        session, telegram_id, role, countries, timezone=tz, language=language, joined=joined
    )


def _report(author: int, country: str, submitted: datetime) -> Report:
    return report_row("training", country, author=author, submitted=submitted)


async def _outbox(session: AsyncSession, kind: str) -> list[OutboxMessage]:
    statement = select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
    return list((await session.execute(statement)).scalars())


async def test_digest_at_the_local_slot_once_per_week(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    manager = await _user(session, 501, Role.MANAGER, ["HT"], language="fr")
    await _user(session, 601, Role.FIELD_STAFF, ["HT"])
    assert await jobs.run_digests(runtime, now=SLOT - timedelta(minutes=1)) == []

    with time_machine.travel(SLOT + timedelta(minutes=2), tick=False):
        outcomes = await jobs.run_digests(runtime, now=datetime.now(UTC))
    assert [(o.telegram_id, o.period, o.status) for o in outcomes] == [
        (501, "2026-W48", "enqueued")
    ]
    rows = await _outbox(session, "digest")
    assert len(rows) == 1
    payload = rows[0].payload
    assert rows[0].recipient_user_id == manager.id
    assert payload["protect_content"] is False  # a manager may forward it (issue 15)
    assert "Récapitulatif hebdomadaire" in payload["text"]  # in the manager's language (fr)
    assert visible_length(payload["text"]) <= CAPTION_LIMIT
    assert base64.b64decode(payload["photo_png_b64"]).startswith(b"\x89PNG")
    buttons = [b for row in payload["reply_markup"]["inline_keyboard"] for b in row]
    datas = [DigestCB.unpack(b["callback_data"]) for b in buttons]
    assert datas[0].a == "open"
    assert datas[-1] == DigestCB(a="ack", p="2026-W48")
    # One "Snooze…" button, which opens the choice (issue 15), not one button per indicator.
    assert [d.a for d in datas] == ["open", "choose", "ack"]
    # Haiti has staff and no report for 30 days: a silent country.
    assert "🔕" in payload["text"]

    # Every later tick of the week: nothing new.
    later = await jobs.run_digests(runtime, now=SLOT + timedelta(days=2))
    assert [o.status for o in later] == ["exists"]
    assert len(await _outbox(session, "digest")) == 1
    # Next week: a new digest.
    await jobs.run_digests(runtime, now=SLOT + timedelta(days=7))
    assert [r.period for r in await _outbox(session, "digest")] == ["2026-W48", "2026-W49"]


async def test_slot_missed_while_down_is_sent_once_on_restart(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    await _user(session, 502, Role.MANAGER, ["NE"], tz="Africa/Niamey")
    # The bot was down from Sunday to Wednesday: the first tick after the restart enqueues it.
    restart = SLOT + timedelta(days=2, hours=3)
    first = await jobs.run_digests(runtime, now=restart)
    second = await jobs.run_digests(runtime, now=restart + timedelta(minutes=5))
    assert [o.status for o in first] == ["enqueued"]
    assert [o.status for o in second] == ["exists"]


async def test_two_schedulers_still_one_digest_per_manager(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    for telegram_id in (511, 512, 513):
        await _user(session, telegram_id, Role.MANAGER, ["HT"])
    results = await asyncio.gather(*(jobs.run_digests(runtime, now=SLOT) for _ in range(2)))
    assert sum(o.status == "enqueued" for run in results for o in run) == 3
    count = await session.scalar(select(func.count()).select_from(OutboxMessage))
    assert count == 3


async def test_snooze_and_acknowledge(runtime: jobs.Runtime, session: AsyncSession) -> None:
    manager = await _user(session, 503, Role.MANAGER, ["HT"])
    preview = await jobs.run_digests(runtime, now=SLOT, dry_run=True)
    assert [o.status for o in preview] == ["preview"]
    assert await _outbox(session, "digest") == []  # a dry run enqueues nothing
    first_text = preview[0].payload["text"] if preview[0].payload else ""
    assert "1.1a" in first_text

    until = await store.snooze(session, manager.id, "1.1a", now=SLOT)
    await session.commit()
    assert until == SLOT + timedelta(weeks=4)
    assert await store.snoozed_indicators(session, manager.id, now=SLOT) == {"1.1a"}
    again = await jobs.run_digests(runtime, now=SLOT, dry_run=True)
    assert again[0].payload is not None
    assert "<b>1.1a</b>" not in again[0].payload["text"]
    assert "1.1a " not in again[0].payload["text"]
    assert await store.snoozed_indicators(session, manager.id, now=until) == set()

    assert await store.acknowledge(session, manager.id, "2026-W48", now=SLOT) is True
    assert not await store.acknowledge(session, manager.id, "2026-W48", now=SLOT + timedelta(1))
    assert await store.acknowledged_at(session, manager.id, "2026-W48") == SLOT


async def test_on_track_line_or_nothing(
    session_factory: async_sessionmaker[AsyncSession], session: AsyncSession
) -> None:
    manager = await _user(session, 504, Role.MANAGER, ["HT"])
    plan = load_plan()
    for definition in plan.indicators:
        await store.snooze(session, manager.id, definition.id, now=SLOT)
    await session.commit()
    sends = jobs.Runtime(session_factory=session_factory, plan=plan, i18n=create_i18n())
    outcome = (await jobs.run_digests(sends, now=SLOT, dry_run=True))[0]
    assert outcome.payload is not None
    assert outcome.payload["text"].count("\n") == 0
    # Everything snoozed is not everything on track: the line says what it leaves out.
    text = outcome.payload["text"]
    assert "every indicator in your countries is on track" not in text
    assert text.startswith("🟡 ")
    assert "nothing new needs your attention" in text
    assert "indicators you snoozed or not yet due are still off track or at risk" in text
    assert "photo_png_b64" not in outcome.payload
    skips = jobs.Runtime(
        session_factory=session_factory,
        plan=plan,
        i18n=create_i18n(),
        options=jobs.DigestOptions(when_on_track=False),
    )
    assert [o.status for o in await jobs.run_digests(skips, now=SLOT)] == ["skipped"]


async def test_digest_now_for_one_manager(runtime: jobs.Runtime, session: AsyncSession) -> None:
    await _user(session, 505, Role.MANAGER, ["HT"])
    await _user(session, 506, Role.MANAGER, ["HT"])
    early = SLOT - timedelta(minutes=1)  # Monday 07:59 in Paris: nothing due yet this week
    assert await jobs.run_digests(runtime, now=early) == []
    forced = await jobs.run_digests(runtime, now=early, force=True, manager_telegram_id=506)
    assert [(o.telegram_id, o.period, o.status) for o in forced] == [(506, "2026-W48", "enqueued")]


async def test_admins_oversee_and_get_the_digest_once_like_managers(
    runtime: jobs.Runtime, session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """/settings offers an admin a digest slot: the digest comes, one a week even to someone
    who is both manager and admin; a field officer or volunteer gets none."""
    from models.queries import grant_role

    await _user(session, 507, Role.ADMIN, ["HT", "NE"])
    await _user(session, 508, Role.MANAGER, ["HT"])
    await grant_role(session, 508, Role.ADMIN, ["NE"], False, actor_user_id=None)
    await _user(session, 509, Role.FIELD_STAFF, ["HT"])
    await _user(session, 510, Role.VOLUNTEER, ["HT"])
    await session.commit()
    with time_machine.travel(SLOT + timedelta(minutes=2), tick=False):
        outcomes = await jobs.run_digests(runtime, now=datetime.now(UTC))
    assert [(o.telegram_id, o.status) for o in outcomes] == [(507, "enqueued"), (508, "enqueued")]
    assert [row.recipient_telegram_id for row in await _outbox(session, "digest")] == [507, 508]


async def test_an_overseer_of_every_country_is_told_of_every_report_received(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    """The "reports received last week" line of an admin of all countries counted no country."""
    await _user(session, 511, Role.ADMIN, [])  # all countries
    await _user(session, 512, Role.MANAGER, ["HT"])
    staff = await _user(session, 513, Role.FIELD_STAFF, ["HT"])
    for days in (1, 2):
        session.add(_report(staff.id, "HT", SLOT - timedelta(days=days)))
    await session.commit()
    with time_machine.travel(SLOT + timedelta(minutes=2), tick=False):
        outcomes = await jobs.run_digests(runtime, now=datetime.now(UTC), dry_run=True)
    texts = {o.telegram_id: str(o.payload["text"]) for o in outcomes if o.payload}
    assert "2 reports received last week: Haiti 2" in texts[511]
    assert "2 reports received last week: Haiti 2" in texts[512]


async def test_the_reports_counted_are_the_managers_last_week_whenever_the_digest_is_built(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    """ "Reports received this week" counted the 7 days before the digest was built: caught
    up on Wednesday, it counted Monday's and Tuesday's reports and left out last week's
    Monday and Tuesday. It counts the manager's last week, Monday to Sunday in their time zone
    (Paris: Sunday 23:30 local is 22:30 UTC, still last week)."""
    await _user(session, 521, Role.MANAGER, ["HT"])
    staff = await _user(session, 522, Role.FIELD_STAFF, ["HT"])
    last_monday = SLOT - timedelta(days=7)  # Monday 2026-11-16 08:00 Paris
    for submitted in (
        last_monday - timedelta(hours=6),  # Monday 02:00 Paris: last week
        last_monday + timedelta(days=1),  # Tuesday: last week
        SLOT - timedelta(hours=8, minutes=30),  # Sunday 23:30 Paris: last week
        SLOT - timedelta(hours=7, minutes=30),  # Monday 00:30 Paris: this week
        SLOT + timedelta(days=1),  # Tuesday: this week
        SLOT + timedelta(days=1, hours=1),  # Tuesday: this week
    ):
        session.add(_report(staff.id, "HT", submitted))
    session.add(_report(staff.id, "HT", last_monday - timedelta(hours=8, minutes=30)))  # before
    await session.commit()
    with time_machine.travel(SLOT + timedelta(days=2), tick=False):  # caught up on Wednesday
        outcomes = await jobs.run_digests(runtime, now=datetime.now(UTC), dry_run=True)
    texts = {o.telegram_id: str(o.payload["text"]) for o in outcomes if o.payload}
    assert "3 reports received last week: Haiti 3" in texts[521], texts[521]


async def test_a_friday_digest_counts_the_reports_of_the_seven_days_before_its_friday(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    """A Friday digest counted the ISO week before: that week's Monday to Thursday were left
    out, told a week later, while the indicators above had already moved with them. It counts
    Friday to Thursday, midnight to midnight in Paris."""
    manager = await _user(session, 531, Role.MANAGER, ["HT"])
    await store.set_digest_slot(session, manager.id, weekday=4, hour=8, now=SLOT)
    staff = await _user(session, 532, Role.FIELD_STAFF, ["HT"])
    friday = SLOT + timedelta(days=4)  # Friday 2026-11-27 08:00 Paris
    for submitted in (
        friday - timedelta(days=7, hours=7, minutes=30),  # Friday 00:30 Paris, a week before
        SLOT + timedelta(days=1),  # Tuesday
        friday - timedelta(hours=8, minutes=30),  # Thursday 23:30 Paris
    ):
        session.add(_report(staff.id, "HT", submitted))
    for submitted in (
        friday - timedelta(days=7, hours=8, minutes=30),  # Thursday 23:30 Paris, before
        friday - timedelta(hours=7, minutes=30),  # Friday 00:30 Paris: this digest's day
    ):
        session.add(_report(staff.id, "HT", submitted))
    await session.commit()
    with time_machine.travel(friday + timedelta(minutes=2), tick=False):
        outcomes = await jobs.run_digests(runtime, now=datetime.now(UTC), dry_run=True)
    texts = {o.telegram_id: str(o.payload["text"]) for o in outcomes if o.payload}
    assert "3 reports received last week: Haiti 3" in texts[531], texts[531]


async def test_silent_countries(session: AsyncSession) -> None:
    now = SLOT
    staff_ht = await _user(session, 701, Role.FIELD_STAFF, ["HT"])
    await _user(session, 702, Role.FIELD_STAFF, ["NE"])
    await _user(session, 703, Role.FIELD_STAFF, ["ML"], joined=now - timedelta(days=3))  # new
    inactive = await _user(session, 704, Role.FIELD_STAFF, ["SN"])
    await session.execute(update(User).where(User.id == inactive.id).values(active=False))
    session.add(_report(staff_ht.id, "HT", now - timedelta(days=5)))
    session.add(_report(staff_ht.id, "NE", now - timedelta(days=31)))
    await session.commit()
    assert await store.silent_countries(session, scope=EVERYWHERE, now=now) == ["NE"]
    assert (
        await store.silent_countries(session, scope=Scope(("HT",), all_countries=False), now=now)
        == []
    )
    assert (
        await store.silent_countries(
            session, scope=Scope(("NE",), all_countries=False), now=now, days=40
        )
        == []
    )


async def test_silence_counts_from_the_field_staff_grant_not_from_joining(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    """A volunteer since January, made field staff three days ago, has not been silent for
    ten months: no nudge, and their new country is not reported silent."""
    volunteer = await _user(session, 811, Role.VOLUNTEER, ["ML"])
    now = datetime(2026, 11, 23, 9, tzinfo=UTC)  # 10:00 in Paris
    await queries.grant_role(
        session, volunteer.telegram_id, Role.FIELD_STAFF, ["ML"], False, actor_user_id=None
    )
    await session.execute(
        update(RoleGrant)
        .where(RoleGrant.user_id == volunteer.id, RoleGrant.role == Role.FIELD_STAFF.value)
        .values(granted_at=now - timedelta(days=3))
    )
    await session.commit()
    assert await jobs.run_reminders(runtime, now=now) == []
    assert await store.silent_countries(session, scope=EVERYWHERE, now=now) == []
    # Three weeks of silence after the grant: now they are nudged, for those weeks only.
    later = now + timedelta(days=18)
    outcomes = await jobs.run_reminders(runtime, now=later)
    assert [(o.telegram_id, o.status) for o in outcomes] == [(811, "enqueued")]
    rows = await _outbox(session, "reminder")
    # No report yet: not "since your last report".
    assert "You joined 21 days ago and have not sent a report yet." in rows[0].payload["text"]
    assert await store.silent_countries(
        session, scope=EVERYWHERE, now=later + timedelta(days=10)
    ) == ["ML"]


async def test_reminders_quiet_hours_and_one_per_episode(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    quiet = await _user(session, 801, Role.FIELD_STAFF, ["HT"], tz="America/Port-au-Prince")
    busy = await _user(session, 802, Role.FIELD_STAFF, ["HT"], tz="America/Port-au-Prince")
    last = datetime(2026, 11, 1, 15, tzinfo=UTC)
    session.add(_report(quiet.id, "HT", last))
    session.add(_report(busy.id, "HT", datetime(2026, 11, 20, 15, tzinfo=UTC)))
    await session.commit()

    night = datetime(2026, 11, 23, 3, tzinfo=UTC)  # 22:00 in Port-au-Prince
    assert await jobs.run_reminders(runtime, now=night) == []
    morning = datetime(2026, 11, 23, 13, tzinfo=UTC)  # 08:00 there
    outcomes = await jobs.run_reminders(runtime, now=morning)
    assert [(o.telegram_id, o.status) for o in outcomes] == [(801, "enqueued")]
    assert await jobs.run_reminders(runtime, now=morning + timedelta(days=3)) == []
    rows = await _outbox(session, "reminder")
    assert [r.period for r in rows] == ["since-2026-11-01T15:00Z"]
    buttons = [b for row in rows[0].payload["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons
    assert all(b["callback_data"].startswith("rep:") for b in buttons)
    assert "It has been 21 days since your last report." in rows[0].payload["text"]

    # A new report, then silence again: a new episode, a new nudge.
    session.add(_report(quiet.id, "HT", morning + timedelta(days=4)))
    await session.commit()
    assert await jobs.run_reminders(runtime, now=morning + timedelta(days=10)) == []
    again = await jobs.run_reminders(runtime, now=morning + timedelta(days=19))
    # (802, silent since 20 November, now gets their first nudge too.)
    assert [(o.telegram_id, o.status) for o in again] == [(801, "enqueued"), (802, "enqueued")]
    assert date(2026, 11, 27).isoformat() in again[0].period


async def test_a_digest_waiting_when_the_countries_change_is_built_again_for_the_new_ones(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    """Queued for Haiti and Niger, the digest would have spoken of Niger to a manager who no
    longer has it."""
    await _user(session, 521, Role.FIELD_STAFF, ["NE"])  # Niger is silent
    await _user(session, 520, Role.MANAGER, ["HT", "NE"])
    with time_machine.travel(SLOT + timedelta(minutes=2), tick=False):
        now = datetime.now(UTC)
        assert [o.status for o in await jobs.run_digests(runtime, now=now)] == ["enqueued"]
    assert "Niger" in (await _outbox(session, "digest"))[0].payload["text"]
    await people.set_countries(
        session, 520, Role.MANAGER, Scope(("HT",), False), actor_user_id=None
    )
    await session.commit()
    assert await _outbox(session, "digest") == []
    with time_machine.travel(SLOT + timedelta(minutes=7), tick=False):
        now = datetime.now(UTC)
        assert [o.status for o in await jobs.run_digests(runtime, now=now)] == ["enqueued"]
    rebuilt = await _outbox(session, "digest")
    assert len(rebuilt) == 1
    assert "Niger" not in rebuilt[0].payload["text"]


@pytest.mark.parametrize(
    ("before", "after", "changed"),
    [
        # Sunday 19:00 in UTC-12, before its 20:00 slot, is Monday 21:00 in UTC+14.
        ("Etc/GMT+12", "Pacific/Kiritimati", datetime(2026, 11, 30, 7, tzinfo=UTC)),
        # Sunday 21:00 in UTC+14, after its slot, is Saturday 19:00 in UTC-12.
        ("Pacific/Kiritimati", "Etc/GMT+12", datetime(2026, 11, 29, 7, tzinfo=UTC)),
    ],
)
async def test_a_time_zone_changed_on_sunday_evening_neither_skips_nor_doubles_a_week(
    runtime: jobs.Runtime, session: AsyncSession, before: str, after: str, changed: datetime
) -> None:
    """A manager with a Sunday 20:00 digest moved 26 hours ahead on Sunday evening, before
    the slot: in the new zone that week had ended, and its digest never came (the next one
    did, a week later). Moved 26 hours back after the slot, the same week comes round again:
    one digest of it all the same."""
    with time_machine.travel(LONG_AGO, tick=False):  # their first choice, long ago
        manager = await _user(session, 530, Role.MANAGER, ["HT"], tz=before)
    await store.set_digest_slot(session, manager.id, weekday=6, hour=20, now=LONG_AGO)
    await session.commit()
    enqueued: list[str] = []
    now = datetime(2026, 11, 17, 1, tzinfo=UTC)  # 2026-W47's Tuesday
    while now < datetime(2026, 12, 7, 14, tzinfo=UTC):
        if now == changed:
            with time_machine.travel(now, tick=False):
                await queries.set_timezone(session, 530, after)
                await session.commit()
        outcomes = await jobs.run_digests(runtime, now=now)
        enqueued += [o.period for o in outcomes if o.status == "enqueued"]
        await session.execute(update(OutboxMessage).values(status="sent"))  # the sender
        await session.commit()
        # A tick every hour on Sundays and Mondays (UTC), when the slots come; else every 6.
        now += timedelta(hours=1 if now.weekday() in (6, 0) else 6)
    assert enqueued == ["2026-W47", "2026-W48", "2026-W49"]


async def test_a_time_zone_moved_by_a_change_of_countries_still_gets_the_week_it_cut_short(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    """A manager who never chose a zone keeps their country's clock: moved on Sunday evening
    from American Samoa (UTC-11, before its 20:00 slot) to Samoa (UTC+13, Monday evening
    already), their week's digest never came. The catch-up only knew zones chosen in
    /settings (an audit entry); a change of countries writes none. It now compares the zone
    with the one the last digest was made for."""
    manager = await _user(session, 531, Role.MANAGER, ["AS"], tz=None)
    assert manager.timezone == "Pacific/Pago_Pago"
    await store.set_digest_slot(session, manager.id, weekday=6, hour=20, now=LONG_AGO)
    await session.commit()
    changed = datetime(2026, 11, 30, 6, tzinfo=UTC)  # Sunday 19:00 in Pago Pago
    enqueued: list[str] = []
    now = datetime(2026, 11, 17, 1, tzinfo=UTC)  # 2026-W47's Tuesday
    while now < datetime(2026, 12, 8, 14, tzinfo=UTC):
        if now == changed:
            await people.set_countries(
                session, 531, Role.MANAGER, Scope(("WS",), False), actor_user_id=None
            )
            await session.commit()
        outcomes = await jobs.run_digests(runtime, now=now)
        enqueued += [o.period for o in outcomes if o.status == "enqueued"]
        await session.execute(update(OutboxMessage).values(status="sent"))  # the sender
        await session.commit()
        now += timedelta(hours=1)
    assert enqueued == ["2026-W47", "2026-W48", "2026-W49"]


async def test_a_manager_back_in_another_zone_is_not_sent_a_week_they_were_no_manager(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    """A manager of American Samoa (their country's clock, a Sunday 20:00 slot) lost the role,
    and was made manager of Samoa again on Monday of W50 (UTC+13). The last digest they had,
    of W47, was made for Pago Pago: taken for a zone moved now, it sent them W49's digest, a
    week they managed nothing (a newcomer is not sent last week's)."""
    manager = await _user(session, 532, Role.MANAGER, ["AS"], tz=None)
    await store.set_digest_slot(session, manager.id, weekday=6, hour=20, now=LONG_AGO)
    await session.commit()
    revoked = datetime(2026, 11, 24, 1, tzinfo=UTC)  # W48's Monday in Pago Pago
    granted = datetime(2026, 12, 6, 21, tzinfo=UTC)  # W50's Monday 10:00 in Apia
    enqueued: list[str] = []
    now = datetime(2026, 11, 17, 1, tzinfo=UTC)  # 2026-W47's Tuesday
    while now < datetime(2026, 12, 8, 14, tzinfo=UTC):
        if now == revoked:
            await queries.revoke_role(session, 532, Role.MANAGER, actor_user_id=None)
            await session.commit()
        if now == granted:
            with time_machine.travel(now, tick=False):
                await queries.grant_role(
                    session, 532, Role.MANAGER, ["WS"], False, actor_user_id=None
                )
            await session.commit()
        outcomes = await jobs.run_digests(runtime, now=now)
        enqueued += [o.period for o in outcomes if o.status == "enqueued"]
        await session.execute(update(OutboxMessage).values(status="sent"))  # the sender
        await session.commit()
        now += timedelta(hours=1)
    assert enqueued == ["2026-W47"]


async def test_a_time_zone_chosen_on_monday_night_sends_no_digest_of_last_week(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    """A Monday 08:00 digest: last week's window opened a week ago, whatever the zone, so a
    zone chosen between Monday 00:00 and 08:00 cut nothing short. A manager with no digest
    last week (all on track, or away: here they had blocked the bot) who picked a zone at
    00:30 was sent last week's at 01:00, at night, and this week's at 08:00: two digests."""
    await _user(session, 540, Role.MANAGER, ["HT"])
    await session.commit()
    enqueued: list[str] = []
    now = datetime(2026, 11, 16, 7, tzinfo=UTC)  # 2026-W47's slot in Paris
    while now < datetime(2026, 12, 1, 12, tzinfo=UTC):
        if now == datetime(2026, 11, 22, 0, tzinfo=UTC):  # away for 2026-W48's slot
            await queries.set_active(session, 540, False)
            await session.commit()
        if now == datetime(2026, 11, 29, 23, tzinfo=UTC):  # back at Monday 00:00 in Paris
            await queries.set_active(session, 540, True)
            await session.commit()
        if now == datetime(2026, 11, 29, 23, 30, tzinfo=UTC):  # Monday 00:30 in Paris
            with time_machine.travel(now, tick=False):
                await queries.set_timezone(session, 540, "Europe/Paris")
                await session.commit()
        outcomes = await jobs.run_digests(runtime, now=now)
        enqueued += [f"{o.period} {now:%d %H:%M}" for o in outcomes if o.status == "enqueued"]
        await session.execute(update(OutboxMessage).values(status="sent"))  # the sender
        await session.commit()
        now += timedelta(minutes=30)
    assert enqueued == ["2026-W47 16 07:00", "2026-W49 30 07:00"]


async def test_a_time_zone_moved_back_into_last_week_sends_no_digest_of_it_after_this_weeks(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    """A manager in Manila read this week's digest at 08:00, then, at 09:00, set their zone to
    Port-au-Prince, where it was still Sunday of last week, past its slot: last week had no
    digest (they were away), so last week's was sent then, an hour after this week's (two
    digests, the second older). A week before one already sent is over for them."""
    await _user(session, 541, Role.MANAGER, ["HT"], tz="Asia/Manila")
    await session.commit()
    enqueued: list[str] = []
    now = datetime(2026, 11, 16, 0, tzinfo=UTC)  # 2026-W47's slot in Manila (UTC+8)
    while now < datetime(2026, 12, 1, 12, tzinfo=UTC):
        if now == datetime(2026, 11, 22, 12, tzinfo=UTC):  # away for 2026-W48's slot
            await queries.set_active(session, 541, False)
            await session.commit()
        if now == datetime(2026, 11, 29, 17, tzinfo=UTC):  # back: Monday 01:00 in Manila
            await queries.set_active(session, 541, True)
            await session.commit()
        if now == datetime(2026, 11, 30, 1, tzinfo=UTC):  # 09:00 Manila, Sunday 20:00 in Haiti
            with time_machine.travel(now, tick=False):
                await queries.set_timezone(session, 541, "America/Port-au-Prince")
                await session.commit()
        outcomes = await jobs.run_digests(runtime, now=now)
        enqueued += [f"{o.period} {now:%d %H:%M}" for o in outcomes if o.status == "enqueued"]
        await session.execute(update(OutboxMessage).values(status="sent"))  # the sender
        await session.commit()
        now += timedelta(minutes=30)
    assert enqueued == ["2026-W47 16 00:00", "2026-W49 30 00:00"]

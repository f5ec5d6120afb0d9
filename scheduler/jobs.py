"""The scheduled jobs: weekly digests, reporting reminders, draining the outbox, retention.

Jobs are module-level coroutine functions without arguments, found by their fixed id in `TICKS`
(scheduler.guard.run_job runs them, guarded and recorded). What they need (the session factory,
the plan, the catalogs, the outbox sender, the clock) is registered once per process by
`configure()` when the scheduler starts; each run opens its own sessions.

A job only enqueues (models.outbox.enqueue, unique per recipient, kind and period) and never
sends: a duplicate run, two schedulers by mistake, or a restart in the middle of a run end with
the same outbox rows, so nobody gets a digest twice. Every write is one short transaction
(models.uow.run_transaction, retried on a lock or serialization error) that is committed before
the outbox sender is woken: no job holds a transaction while anything talks to Telegram.

`run_digests` and `run_reminders` take everything as arguments and are what the jobs, the
command line (`fieldbot digest --now`) and the tests call.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.clock import utcnow
from bot.domain.enums import OVERSEERS, OutboxKind, Role
from bot.domain.languages import resolve_locale
from bot.domain.people import UserView
from bot.forms.definitions import FORMS
from bot.indicators.logic import Status
from bot.indicators.plan import MetricKind, Plan
from bot.indicators.results import IndicatorResult
from bot.ui.translate import Translator, translating
from bot.ui.translate import gettext as _
from bot.usecases.indicators import indicator_chart, scope_of
from models import digest as store
from models import jobruns, outbox, retention
from models.indicators import evaluate_plan
from models.queries import users_with_role
from models.uow import run_transaction
from scheduler.digest import (
    ATTENTION,
    DigestContent,
    back_on_track,
    closing_year,
    digest_payload,
    digest_period,
    gap,
    iso_week_id,
    needs_attention,
    on_track_payload,
    owed_period,
    plan_ended,
    read_snapshot,
    received_week,
    reminder_due,
    reminder_payload,
    snapshot,
    year_shortfalls,
    zone,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

CHARTABLE = (MetricKind.COUNT, MetricKind.DISTINCT_COUNT, MetricKind.SHARE)

# Fixed job ids: a restart re-creates the same jobs (see scheduler.setup).
DIGEST_JOB = "fieldbot.digest"
REMINDER_JOB = "fieldbot.reminder"
MISSION_JOB = "fieldbot.missions"
OUTBOX_JOB = "fieldbot.outbox"
# Retention (daily): processed update ids, sent outbox payloads, ended invitations.
PRUNE_JOB = "fieldbot.retention"


@dataclass(frozen=True)
class DigestOptions:
    """The digest's and reminders' settings (see `from_settings`)."""

    when_on_track: bool = True  # send the one-line "all on track" digest (False: skip)
    weekday: int = store.DEFAULT_WEEKDAY  # default local slot, for managers who chose none
    hour: int = store.DEFAULT_HOUR
    silent_days: int = 30
    quiet_days: int = 14
    protect_content: bool = False  # True: the digest cannot be forwarded or saved

    @classmethod
    def from_settings(cls, settings: Any) -> DigestOptions:
        """Settings fields digest_when_on_track, digest_weekday, digest_hour,
        silent_country_days, reminder_quiet_days, digest_protect_content; the defaults above
        where absent."""
        default = cls()
        return cls(
            protect_content=bool(
                getattr(settings, "digest_protect_content", default.protect_content)
            ),
            when_on_track=bool(getattr(settings, "digest_when_on_track", default.when_on_track)),
            weekday=int(getattr(settings, "digest_weekday", default.weekday)),
            hour=int(getattr(settings, "digest_hour", default.hour)),
            silent_days=int(getattr(settings, "silent_country_days", default.silent_days)),
            quiet_days=int(getattr(settings, "reminder_quiet_days", default.quiet_days)),
        )


@dataclass
class Runtime:
    """What the jobs of this process use; registered by `configure`."""

    session_factory: async_sessionmaker[AsyncSession]
    plan: Plan
    # The catalogs: the bot's aiogram I18n, or bot.catalogs.Catalogs (`fieldbot digest --now`,
    # which loads no aiogram); both look a message up alike.
    i18n: Translator
    options: DigestOptions = field(default_factory=DigestOptions)
    # Drains the outbox (scheduler.outbox.OutboxSender.drain); None: another process sends.
    drain: Callable[[], Any] | None = None
    # Called after a job enqueued something, to drain at once instead of at the next tick.
    wake: Callable[[], None] | None = None
    # The one clock of the jobs (tests move it instead of sleeping).
    clock: Callable[[], datetime] = utcnow
    # Processed update ids older than this are forgotten (Settings.dedupe_window_hours).
    dedupe_window: timedelta = timedelta(hours=48)
    # Sent (failed, blocked) outbox messages lose their payload this long after
    # (Settings.retention.outbox_payload_days).
    outbox_payload_age: timedelta = timedelta(days=30)
    # Invitations are deleted this long after they expired or were revoked
    # (Settings.retention.invite_days).
    invite_grace: timedelta = timedelta(days=30)
    # Rows changed per short transaction by the retention job (Settings.retention.batch_size),
    # and outbox payloads emptied per transaction (Settings.retention.outbox_batch_size).
    prune_batch: int = 500
    payload_batch: int = 20


_runtime: Runtime | None = None


def configure(runtime: Runtime | None) -> None:
    """Register (or, with None, forget) what this process's jobs use."""
    global _runtime
    _runtime = runtime


def wake_outbox() -> None:
    """Drain the outbox now, if this process sends it (a no-op otherwise)."""
    if _runtime is not None and _runtime.wake is not None:
        _runtime.wake()


def current_runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("scheduler.jobs.configure() was not called in this process")
    return _runtime


@dataclass(frozen=True)
class Outcome:
    """What a job did for one recipient."""

    telegram_id: int
    period: str
    # enqueued | exists (already in the outbox) | skipped (nothing to send) | preview (dry run)
    # | failed (an error, logged; the other recipients were still served)
    status: str
    payload: dict[str, Any] | None = None


# --- Digest -------------------------------------------------------------------------------------


def locale_of(user: UserView, i18n: Translator) -> str:
    return resolve_locale(user.language, user.telegram_language, default=i18n.default_locale)


async def build_digest(
    session: AsyncSession,
    runtime: Runtime,
    manager: UserView,
    *,
    period: str,
    now: datetime,
    weekday: int = store.DEFAULT_WEEKDAY,
) -> dict[str, Any] | None:
    """The outbox payload of a manager's digest; None when it is all on track and the
    settings say to skip such weeks."""
    plan, i18n, options = runtime.plan, runtime.i18n, runtime.options
    today = now.astimezone(zone(manager.timezone)).date()
    scope = scope_of(manager)
    results = await evaluate_plan(session, plan, as_of=today, scope=scope)
    snoozed = await store.snoozed_indicators(session, manager.id, now=now)
    attention = needs_attention(results, snoozed, plan=plan, today=today)
    silent = await store.silent_countries(
        session,
        scope=scope,
        now=now,
        days=options.silent_days,
    )
    # What the previous digest showed (its outbox payload), to say what changed since.
    before = await store.previous_payload(
        session, manager.telegram_id, kind=OutboxKind.DIGEST.value, before=period
    )
    previous = read_snapshot(before[1].get("snapshot")) if before else {}
    last_chart = before[1].get("chart") if before else None
    recovered = back_on_track(results, previous, snoozed)
    # The seven days before the manager's digest day, in their time zone, whenever the
    # digest is built (`weekday`: their digest's day, Monday by default).
    since, until = received_week(period, manager.timezone, weekday)
    received = await store.reports_received(
        session,
        scope=None if scope.all_countries else scope.countries,  # () would be no country
        since=since,
        until=until,
    )
    # Last year's final results, once: in the first digest built in the new year that the
    # manager gets (any digest day; a week skipped as all on track does not count).
    closing = closing_year(plan, today)
    told = before[1].get("final_year") if before else None
    finals: list[IndicatorResult] = []
    if closing is not None and not (isinstance(told, int) and told >= closing):
        year_end = await evaluate_plan(session, plan, as_of=date(closing, 12, 31), scope=scope)
        finals = year_shortfalls(year_end)
    seen = snapshot(results)
    locale = locale_of(manager, i18n)
    protect = options.protect_content
    payload: dict[str, Any]
    with translating(i18n, locale):
        if not attention and not silent and not finals:
            if not options.when_on_track:
                return None
            left_out = sum(1 for r in results if r.status in ATTENTION)
            payload = on_track_payload(
                period,
                locale,
                protect_content=protect,
                seen=seen,
                left_out=left_out,
                ended=plan if plan_ended(plan, period, today) else None,
            )
            payload["final_year"] = today.year - 1
            # The zone it was made for: a later move of it, however made (`run_digests`).
            payload["zone"] = manager.timezone
            return payload
        chosen = digest_chart_indicator(attention, last_chart)
        chart = None
        if chosen is not None:
            chart = await _indicator_chart(session, plan, chosen, manager, today, locale)
        content = DigestContent(
            period=period,
            results=attention,
            silent=silent,
            partial=not scope.all_countries,
            previous=previous,
            back_on_track=recovered,
            received=received,
            final_year=closing,
            final_results=finals,
            as_of=today,
        )
        payload = digest_payload(
            content,
            plan,
            locale,
            chart_png=chart,
            silent_days=options.silent_days,
            protect_content=protect,
            seen=seen,
            chart=chosen.id if chart is not None and chosen is not None else None,
        )
    payload["final_year"] = today.year - 1
    payload["zone"] = manager.timezone
    return payload


def digest_chart_indicator(
    attention: list[IndicatorResult], last_chart: Any = None
) -> IndicatorResult | None:
    """The indicator the digest charts: the most off track that has a chart (report metrics),
    and not the one the previous digest charted when another needs attention too, so that
    the digest's picture is not the same week after week."""
    chartable = sorted(
        (r for r in attention if r.metric in CHARTABLE),
        key=lambda r: (r.status is not Status.OFF_TRACK, gap(r)),
    )
    fresh = [r for r in chartable if r.id != last_chart]
    return next(iter(fresh or chartable), None)


async def _indicator_chart(
    session: AsyncSession,
    plan: Plan,
    chosen: IndicatorResult,
    manager: UserView,
    today: Any,
    locale: str,
) -> bytes | None:
    """The chart of one indicator; None when it cannot be drawn."""
    try:
        definition = plan.indicator(chosen.id)
        return await indicator_chart(
            session, plan, definition, chosen, scope_of(manager), today, locale
        )
    except Exception:
        # A chart is a bonus: the digest goes without it rather than not at all.
        log.exception("Could not draw the digest chart of %s", chosen.id)
        return None


async def run_digests(
    runtime: Runtime,
    *,
    now: datetime,
    manager_telegram_id: int | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> list[Outcome]:
    """Enqueue the digest of every active manager and admin (the overseers: both read the
    indicators of their countries) whose weekly slot has passed.

    force: this week's digest now, whatever the slot (`fieldbot digest --now`); it has the same
    period (the ISO week), so the manager still gets one digest that week. dry_run: build and
    return the payloads, enqueue nothing.
    """
    outcomes: list[Outcome] = []
    async with runtime.session_factory() as session:
        overseers = {
            person.id: person
            for role in OVERSEERS
            for person in await users_with_role(session, role, active_only=True)
        }
        managers = [overseers[user_id] for user_id in sorted(overseers)]
        if manager_telegram_id is not None:
            managers = [m for m in managers if m.telegram_id == manager_telegram_id]
        default = (runtime.options.weekday, runtime.options.hour)
        slots = await store.digest_slots(session, [m.id for m in managers])
        # A zone moved this week (in any zone: a day and two hours apart at most) may have
        # closed last week's window before its slot came (`owed_period`). A zone chosen in
        # /settings says when (its audit entry); one moved otherwise (a change of countries,
        # for someone who never chose one) says nothing: it moved at the latest now, and the
        # zone the last digest was made for (its payload's "zone") tells that it did.
        changes = await store.zone_changes(session, since=now - timedelta(days=9), until=now)
        owed: dict[int, str] = {}
        kind = OutboxKind.DIGEST.value
        for manager in managers:
            weekday, hour = slots.get(manager.id, default)
            chosen = changes.get(manager.id)
            previous = owed_period(now, manager.timezone, chosen or now, weekday, hour)
            if previous is None or await store.outbox_has(
                session, manager.telegram_id, kind=kind, period=previous
            ):
                continue
            before = await store.previous_payload(
                session, manager.telegram_id, kind=kind, before=previous
            )
            if before is None:
                continue  # a newcomer is not sent last week's
            made_for = before[1].get("zone")
            moved = isinstance(made_for, str) and made_for != manager.timezone
            if (moved or chosen is not None) and await _overseer_during(
                session, manager, previous
            ):
                owed[manager.id] = previous
        await session.rollback()
    for manager in managers:
        weekday, hour = slots.get(manager.id, default)
        if force:
            period: str | None = iso_week_id(now.astimezone(zone(manager.timezone)).date())
        else:
            period = digest_period(now, manager.timezone, weekday, hour) or owed.get(manager.id)
        if period is None:
            continue
        try:
            outcomes.append(
                await _one_digest(
                    runtime, manager, period, now=now, dry_run=dry_run, weekday=weekday
                )
            )
        except Exception:
            # One manager's failure (a broken scope, say) must not cost the others theirs.
            log.exception("The digest of user %s failed", manager.id)
            outcomes.append(Outcome(manager.telegram_id, period, "failed"))
    return outcomes


async def _overseer_during(session: AsyncSession, manager: UserView, period: str) -> bool:
    """Did the manager hold the role their digest comes with by the end of the week `period`
    (of their zone)? One given it since (back after months, in another zone's countries) is a
    newcomer there: not sent that week's, though a digest of long ago was made for another
    zone."""
    tz = zone(manager.timezone)
    for role in OVERSEERS:
        if manager.has_role(role):
            since = (await store.joined_times(session, [manager.id], role)).get(manager.id)
            if since is not None and iso_week_id(since.astimezone(tz).date()) <= period:
                return True
    return False


async def _one_digest(
    runtime: Runtime,
    manager: UserView,
    period: str,
    *,
    now: datetime,
    dry_run: bool,
    weekday: int = store.DEFAULT_WEEKDAY,
) -> Outcome:
    kind = OutboxKind.DIGEST.value

    async def work(session: AsyncSession) -> Outcome:
        exists = await store.outbox_has(session, manager.telegram_id, kind=kind, period=period)
        # Nor a week before one they already have: a zone moved back across the week's end
        # (Manila to Port-au-Prince on Monday morning, still Sunday there) is last week again,
        # its slot passed, but this week's digest came already.
        later = not exists and await store.outbox_has_later(
            session, manager.telegram_id, kind=kind, period=period
        )
        if (exists or later) and not dry_run:
            return Outcome(manager.telegram_id, period, "exists")
        payload = await build_digest(
            session, runtime, manager, period=period, now=now, weekday=weekday
        )
        if payload is None:
            return Outcome(manager.telegram_id, period, "skipped")
        if dry_run:
            return Outcome(manager.telegram_id, period, "preview", payload)
        created = await outbox.enqueue(
            session,
            recipient_telegram_id=manager.telegram_id,
            recipient_user_id=manager.id,
            kind=kind,
            period=period,
            payload=payload,
            now=now,
        )
        return Outcome(manager.telegram_id, period, "enqueued" if created else "exists", payload)

    # One manager, one short transaction, run again from the start on a lock error.
    return await run_transaction(
        runtime.session_factory, work, what=f"digest of user {manager.id}"
    )


# --- Reminders ----------------------------------------------------------------------------------


async def run_reminders(
    runtime: Runtime, *, now: datetime, dry_run: bool = False
) -> list[Outcome]:
    """Enqueue one nudge per silence episode for active field staff quiet for quiet_days."""
    quiet_days = runtime.options.quiet_days
    kind = OutboxKind.REMINDER.value

    async def work(session: AsyncSession) -> list[Outcome]:
        outcomes: list[Outcome] = []
        staff = await users_with_role(session, Role.FIELD_STAFF, active_only=True)
        ids = [user.id for user in staff]
        joined = await store.joined_times(session, ids)
        last = await store.last_report_times(session, ids)
        for user in staff:
            period = reminder_due(
                now, user.timezone, last.get(user.id), joined[user.id], quiet_days
            )
            if period is None:
                continue
            if await store.outbox_has(session, user.telegram_id, kind=kind, period=period):
                continue
            # As reminder_due counts it: from the later of the last report and the grant.
            last_at, since = last.get(user.id), joined[user.id]
            reported = last_at is not None and last_at >= since
            since = last_at if last_at is not None and reported else since
            locale = locale_of(user, runtime.i18n)
            with translating(runtime.i18n, locale):
                forms = [(form.id, _(form.title)) for form in FORMS.values()]
                payload = reminder_payload((now - since).days, locale, forms, reported=reported)
            if dry_run:
                outcomes.append(Outcome(user.telegram_id, period, "preview", payload))
                continue
            created = await outbox.enqueue(
                session,
                recipient_telegram_id=user.telegram_id,
                recipient_user_id=user.id,
                kind=kind,
                period=period,
                payload=payload,
                now=now,
            )
            outcomes.append(Outcome(user.telegram_id, period, "enqueued" if created else "exists"))
        return outcomes

    return await run_transaction(runtime.session_factory, work, what="reminders")


# --- The jobs -----------------------------------------------------------------------------------


def _woken(runtime: Runtime, outcomes: list[Outcome]) -> None:
    if runtime.wake is not None and any(o.status == "enqueued" for o in outcomes):
        runtime.wake()


async def digest_tick() -> int:
    """Every few minutes: enqueue the digests that fell due; returns how many were enqueued."""
    runtime = current_runtime()
    outcomes = await run_digests(runtime, now=runtime.clock())
    _woken(runtime, outcomes)
    return sum(o.status == "enqueued" for o in outcomes)


async def reminder_tick() -> int:
    """Every 15 minutes: enqueue the reminders that fell due; returns how many."""
    runtime = current_runtime()
    outcomes = await run_reminders(runtime, now=runtime.clock())
    _woken(runtime, outcomes)
    return sum(o.status == "enqueued" for o in outcomes)


async def mission_tick() -> int:
    """Every 15 minutes: mission reminders 7 days and 1 day before the start (09:00 local)."""
    from aiogram.utils.i18n import I18n

    from bot.usecases.missions import remind_upcoming

    runtime = current_runtime()
    now = runtime.clock()
    i18n = runtime.i18n
    if not isinstance(i18n, I18n):  # the bot's scheduler has aiogram's (the CLI none of this)
        raise TypeError("mission reminders are written with the bot's aiogram I18n")

    async def work(session: AsyncSession) -> int:
        return await remind_upcoming(session, i18n=i18n, now=now)

    count = await run_transaction(runtime.session_factory, work, what="mission reminders")
    # Committed above: the sender, woken now, never runs inside this job's transaction.
    if count and runtime.wake is not None:
        runtime.wake()
    return count


async def outbox_tick() -> None:
    """Drain the outbox (a safety net: jobs also wake the sender after enqueueing)."""
    runtime = current_runtime()
    if runtime.drain is not None:
        await runtime.drain()


# --- Retention ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Purged:
    """What one retention run forgot."""

    update_ids: int = 0
    outbox_payloads: int = 0
    invites: int = 0

    @property
    def total(self) -> int:
        return self.update_ids + self.outbox_payloads + self.invites


async def _in_batches(
    runtime: Runtime,
    batch: Callable[[AsyncSession, int], Awaitable[T]],
    *,
    rows: Callable[[T], int],
    what: str,
) -> list[T]:
    """`batch(session, limit)` in short transactions until one changes fewer than `limit` rows
    (`rows` of its result); the committed results. The bot's writers get their turn between
    two batches."""
    limit = runtime.prune_batch
    results: list[T] = []
    while True:

        async def work(session: AsyncSession) -> T:
            return await batch(session, limit)

        result = await run_transaction(runtime.session_factory, work, what=what)
        results.append(result)
        if rows(result) < limit:
            return results
        await asyncio.sleep(0)


async def _prune_update_ids(runtime: Runtime, *, now: datetime) -> int:
    """Forget processed update ids older than the dedupe window. Rows whose stored replies were
    never delivered go too: past the window, Telegram will not redeliver the update, and a
    reply that late would be stale."""
    cutoff = now - runtime.dedupe_window

    async def batch(session: AsyncSession, limit: int) -> jobruns.PruneBatch:
        return await jobruns.prune_processed_updates_batch(session, older_than=cutoff, limit=limit)

    batches = await _in_batches(
        runtime, batch, rows=lambda done: done.deleted, what="prune updates"
    )
    undelivered = sum(done.undelivered for done in batches)
    if undelivered:
        log.warning(
            "Pruned %d processed updates whose replies were never delivered (older than %s)",
            undelivered,
            cutoff.isoformat(),
        )
    return sum(done.deleted for done in batches)


async def _purge_payloads(runtime: Runtime, *, before: datetime) -> int:
    """Empty the payloads of final outbox messages sent before `before`: their ids are read
    once (outside any write transaction), then emptied `payload_batch` at a time."""
    async with runtime.session_factory() as session:
        ids = await retention.outbox_payloads_due(session, before=before)
        await session.rollback()
    purged = 0
    for start in range(0, len(ids), runtime.payload_batch):
        work = functools.partial(
            retention.purge_outbox_payloads, ids=ids[start : start + runtime.payload_batch]
        )
        purged += await run_transaction(
            runtime.session_factory, work, what="purge outbox payloads"
        )
        await asyncio.sleep(0)  # let the bot's writers in between two batches
    return purged


async def run_retention(runtime: Runtime, *, now: datetime) -> Purged:
    """Forget what is past its retention (see models.retention), in bounded batches of short
    transactions: processed update ids after the dedupe window, the payloads of sent outbox
    messages after `outbox_payload_age`, invitations `invite_grace` after they ended. The
    audit log is kept."""
    update_ids = await _prune_update_ids(runtime, now=now)
    payload_cutoff = now - runtime.outbox_payload_age
    invite_cutoff = now - runtime.invite_grace

    async def invites(session: AsyncSession, limit: int) -> int:
        return await retention.delete_ended_invites_batch(
            session, before=invite_cutoff, limit=limit
        )

    purged = Purged(
        update_ids=update_ids,
        outbox_payloads=await _purge_payloads(runtime, before=payload_cutoff),
        invites=sum(
            await _in_batches(runtime, invites, rows=lambda done: done, what="delete invitations")
        ),
    )
    if purged.total:
        log.info(
            "Retention: %d processed update ids (older than %s), %d outbox payloads (sent "
            "before %s), %d invitations (ended before %s)",
            purged.update_ids,
            (now - runtime.dedupe_window).isoformat(),
            purged.outbox_payloads,
            payload_cutoff.isoformat(),
            purged.invites,
            invite_cutoff.isoformat(),
        )
    return purged


async def prune_tick() -> int:
    """Daily: the retention run (`run_retention`); returns how many rows it changed."""
    runtime = current_runtime()
    return (await run_retention(runtime, now=runtime.clock())).total


# The jobs by their fixed id (what scheduler.guard.run_job runs).
TICKS: dict[str, Callable[[], Awaitable[object]]] = {
    DIGEST_JOB: digest_tick,
    REMINDER_JOB: reminder_tick,
    MISSION_JOB: mission_tick,
    OUTBOX_JOB: outbox_tick,
    PRUNE_JOB: prune_tick,
}


__all__ = [
    "DIGEST_JOB",
    "MISSION_JOB",
    "OUTBOX_JOB",
    "PRUNE_JOB",
    "REMINDER_JOB",
    "TICKS",
    "DigestOptions",
    "Outcome",
    "Purged",
    "Runtime",
    "build_digest",
    "configure",
    "current_runtime",
    "digest_tick",
    "mission_tick",
    "outbox_tick",
    "prune_tick",
    "reminder_tick",
    "run_digests",
    "run_reminders",
    "run_retention",
]

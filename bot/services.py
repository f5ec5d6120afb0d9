"""Operations shared by the CLI and the demo (each opens its own session and commits once)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import signal
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.clock import utc_today, utcnow
from bot.domain.enums import Role
from bot.domain.people import UserView
from bot.domain.scope import Scope
from bot.settings import SANDBOX_TOKEN, Settings
from models import queries
from models.db import check_database, create_engine, create_session_factory
from models.uow import run_transaction

if TYPE_CHECKING:
    from bot.indicators.results import IndicatorResult

log = logging.getLogger(__name__)

# How often an import that found its missions changed between reading and writing starts over.
STALE_ATTEMPTS = 3


class ServiceError(Exception):
    """Something the operator must fix first; the message says what."""


@contextlib.asynccontextmanager
async def session_factory(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a migrated database (DatabaseNotReady otherwise); disposed afterwards.
    A SQLite file that does not exist is not made: nothing can be read from a new one."""
    engine = create_engine(
        settings.db.url, busy_timeout_ms=settings.db.busy_timeout_ms, create=False
    )
    try:
        await check_database(engine)
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def database_session(settings: Settings) -> AsyncIterator[AsyncSession]:
    """One session on a migrated database; the caller commits."""
    async with session_factory(settings) as factory, factory() as session:
        yield session


async def bot_username(settings: Settings) -> str:
    """The configured @username, else the Bot API's answer to getMe."""
    if settings.bot.username:
        return settings.bot.username
    section = settings.bot
    if section.api_base is None and section.token.get_secret_value() == SANDBOX_TOKEN:
        # Asking Telegram with the sandbox's token only ends, retries later, in a refusal.
        raise ServiceError(
            "FIELDBOT_BOT__TOKEN is not set, so the bot's @username for the link is unknown: "
            "set FIELDBOT_BOT__TOKEN (the token @BotFather gave your bot) or "
            "FIELDBOT_BOT__USERNAME"
        )
    from bot.telegram import create_bot  # aiogram: seconds to import, for this one call

    bot = create_bot(settings)
    try:
        me = await bot.me()
    finally:
        await bot.session.close()
    return me.username or ""


async def create_invite_link(
    settings: Settings,
    username: str,
    *,
    role: Role,
    scope: Scope,
    expires_at: dt.datetime,
    max_uses: int,
) -> tuple[str, str, dt.datetime]:
    async with database_session(settings) as session:
        code, invite = await queries.create_invite(
            session,
            role=role,
            countries=scope.countries,
            all_countries=scope.all_countries,
            expires_at=expires_at,
            max_uses=max_uses,
            created_by_user_id=None,
        )
        await session.commit()
    from bot.ui.render import invite_link  # aiogram's types, as bot_username's create_bot

    return invite_link(username, code), code, invite.expires_at


async def add_admin(settings: Settings, telegram_id: int, name: str) -> None:
    """Make someone an admin of every country. `name` is for a person the bot does not know
    yet: a member keeps their name, their language and whether they blocked the bot (what
    their digest is written in and whether it is sent), until their next message."""

    async def work(session: AsyncSession) -> None:
        if await queries.get_user(session, telegram_id) is None:
            await queries.ensure_user(session, telegram_id, name, None)
        await queries.grant_role(session, telegram_id, Role.ADMIN, (), True, actor_user_id=None)

    async with session_factory(settings) as factory:
        await run_transaction(factory, work, what="add an admin")


# -- indicators ------------------------------------------------------------------------------


def _figure(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


async def indicator_report(
    settings: Settings, *, as_of: dt.date, countries: tuple[str, ...] | None, as_json: bool
) -> str:
    """The same figures as /indicators: a table for people, or JSON for machines."""
    from bot.domain.scope import EVERYWHERE, Scope
    from bot.indicators.plan import MetricKind, load_plan
    from bot.indicators.results import expected_shown
    from models.indicators import evaluate_plan

    counts = (MetricKind.COUNT, MetricKind.DISTINCT_COUNT)
    plan = load_plan(settings.plan_file)
    async with database_session(settings) as session:
        results = await evaluate_plan(
            session,
            plan,
            as_of=as_of,
            scope=EVERYWHERE if countries is None else Scope(countries, all_countries=False),
        )
    rows: list[dict[str, Any]] = [
        {
            "id": r.id,
            "label": r.label,
            "metric": str(r.metric),
            "status": str(r.status),
            "value": _figure(r.value),
            # A yearly value entered by hand: the year it is for (None: counted from reports).
            "value_year": r.period,
            "target": _figure(r.target),
            "expected": _figure(r.expected),
            "percent_of_expected": _figure(r.percent_of_expected),
            "projection": _figure(r.projection),
            "per_month_needed": _figure(r.per_month_needed),
            # No report: no share yet (0 of 0 is not 0 %).
            "shares": {k: float(v) for k, v in r.shares.items()} if r.reports else {},
            "reports": r.reports,
            "missing_countries": list(r.missing_countries),
            "partial": r.partial,
        }
        for r in results
    ]
    if as_json:
        return json.dumps({"as_of": as_of.isoformat(), "indicators": rows}, indent=2)
    head = (
        f"{'id':<6} {'status':<12} {'value':>9} {'target':>8} {'expected':>9} {'%exp':>6}  label"
    )
    lines = [
        f"Indicators on {as_of.isoformat()}" + (" (partial scope)" if countries else ""),
        head,
        "-" * len(head),
    ]
    for row, result in zip(rows, results, strict=True):
        # A share's and a growth's figures are fractions (0.25): shown as percentages (25%),
        # as the chat shows them, not rounded to one decimal (0.2).
        fraction = row["metric"] in (MetricKind.SHARE, MetricKind.GROWTH)
        if row["shares"]:
            value = f"min {_floor(min(result.shares.values()) * 100)}%"
        else:
            value = _value_cell(result, fraction)
        # Rounded down (in decimals, not floats), as the chat shows it: 89.75 % of expected
        # (at risk) is not "90%", and a share of 0.29 is 29%.
        percent = result.percent_of_expected
        # Above 999 %, ">999%", as the chat says it (1e15 for a yearly report: 10^17 %).
        pct = "" if percent is None else f"{_floor(percent)}%" if percent < 1000 else ">999%"
        # A count's target as the chat shows it: a pro-rated 14.29 trainings rounded up to
        # 15 (what meets it), not "14.3"; and its expected: 1.15 countries, not 1.1 or 2, and
        # from the plan's end, when it is the target, the target as it reads.
        target = _cell(row["target"], fraction)
        if result.metric in counts and result.target is not None and abs(result.target) < WIDE:
            target = f"{result.target.to_integral_value(rounding=ROUND_CEILING):f}"
        if result.expected is not None and result.metric in counts:
            at_target = result.expected == result.target
            expected = target if at_target else f"{expected_shown(result.expected):f}"
        else:
            expected = _cell(row["expected"], fraction)
        year = f" ({row['value_year']} value)" if row["value_year"] else ""
        lines.append(
            f"{row['id']:<6} {row['status']:<12} {value:>9} {target:>8} "
            f"{expected:>9} {pct:>6}  {row['label']}{year}"
        )
    return "\n".join(lines)


def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


# A figure this wide or wider reads compact: "1000T", "2.5B" (`_cell`).
WIDE = 1e9


def _value_cell(result: IndicatorResult, fraction: bool) -> str:
    """A value as the chat shows it: a yearly value with every decimal entered (0.04 new
    sponsors read "0.0"), a growth to a hundredth of a percent, rounded away from its range
    outside it (20.004 %, above 10-20 % and at risk, read "20.0%")."""
    from bot.indicators.plan import MetricKind
    from bot.indicators.results import growth_below_least, growth_shown, without_trailing_zeros

    shown = growth_shown(result) if result.metric is MetricKind.GROWTH else result.value
    if shown is None or abs(shown) >= WIDE:
        return _cell(_figure(result.value), fraction)
    if result.metric is MetricKind.MANUAL:
        return f"{without_trailing_zeros(shown):f}"
    if result.metric is MetricKind.GROWTH:
        if growth_below_least(result.value, shown):  # 0.0004 %: not "0%", no growth
            return ">-0.01%" if (result.value or 0) < 0 else "<0.01%"
        return f"{without_trailing_zeros(shown * 100):f}%"
    return _cell(float(shown), fraction)


def _cell(value: float | None, fraction: bool = False) -> str:
    if value is None:
        return "-"
    if fraction:
        return f"{value:.1%}" if round(value * 100, 1) % 1 else f"{value:.0%}"
    if abs(value) >= WIDE:  # too wide for its column: 1e15 reads "1000T", 2.5e9 "2.5B"
        from babel.numbers import format_compact_decimal

        from bot.domain.languages import cldr_locale

        compact = format_compact_decimal(value, locale=cldr_locale("en"), fraction_digits=1)
        return str(compact)
    return f"{value:.1f}" if value % 1 else f"{value:.0f}"


async def set_indicator_value(
    settings: Settings, indicator_id: str, period: str, value: Decimal
) -> str | None:
    """Record a manual value as the chat does (bot.usecases.indicators); returns a problem to
    show, or None."""
    from bot.indicators.logic import MANUAL_DECIMALS, MANUAL_WHOLE_DIGITS, MAX_MANUAL_VALUE
    from bot.indicators.plan import load_plan
    from bot.usecases.indicators import ManualValueRefused, record_manual_value

    plan = load_plan(settings.plan_file)
    now = utcnow()
    first, last = plan.period_start.year - 1, plan.period_end.year  # the baseline year too
    if not first <= int(period) <= last:
        return f"{period} is not a year of the plan: give a year from {first} to {last}"
    if int(period) > now.year:  # the chat never asks for a year to come
        return f"{period} has not begun: give a year up to {now.year}"

    async def write(session: AsyncSession) -> None:
        await record_manual_value(
            session, plan, indicator_id, period, value, actor_user_id=None, now=now
        )

    try:
        async with session_factory(settings) as factory:
            await run_transaction(factory, write, what="indicator set")
    except ManualValueRefused as refused:
        if refused.reason == "not_manual":
            manual = ", ".join(refused.manual_ids)
            return f"{indicator_id} is not a manual indicator (manual ones: {manual})"
        if refused.reason == "zero_amount":
            return (
                f"{indicator_id} is a growth, computed from each year's amount, and none can "
                "be computed from 0: give the year's amount"
            )
        if refused.reason == "too_long":
            return (
                f"{value} has more digits than are kept exactly: give at most "
                f"{MANUAL_WHOLE_DIGITS} before the decimal point and {MANUAL_DECIMALS} after it"
            )
        return f"{value} is not a value: give a number from 0 to {MAX_MANUAL_VALUE:f}"
    return None


# -- reports: files and demo data --------------------------------------------------------------


def write_reports_template(path: Path) -> None:
    from bot.reports_io import write_template

    write_template(path)


def catalog_translate(locale: str) -> Callable[[str], str]:
    """gettext for one locale over the bot's catalogs (an export's labels); a locale with no
    catalog keeps the msgid, as aiogram's I18n does (which the CLI does not need to load)."""
    from bot.catalogs import compile_catalogs, locales_dir

    catalog = compile_catalogs(locales_dir()).get(locale)
    if catalog is None:
        return lambda msgid: msgid
    return catalog.gettext


async def export_reports_file(
    settings: Settings,
    path: Path,
    *,
    date_from: dt.date | None,
    date_to: dt.date | None,
    kind: str | None = None,
    include_withdrawn: bool = False,
    locale: str | None = None,
    as_of: dt.date | None = None,
) -> int:
    """Every country's reports (the CLI's scope is the organisation's); an XLSX file also
    gets the indicator sheet as of `as_of` (default: `date_to`, today at most, as /export's:
    a period that runs on past today is counted up to today, not as if its last day had
    come with nothing more done)."""
    from bot.domain.scope import EVERYWHERE
    from bot.indicators.plan import load_plan
    from bot.reports_io import IndicatorSheet, export_reports

    sheet = None
    if path.suffix.lower() == ".xlsx":
        today = utc_today()
        day = as_of or (min(date_to, today) if date_to is not None else today)
        sheet = IndicatorSheet(plan=load_plan(settings.plan_file), as_of=day)
    async with database_session(settings) as session:
        return await export_reports(
            session,
            path,
            date_from=date_from,
            date_to=date_to,
            scope=EVERYWHERE,
            kind=kind,
            include_withdrawn=include_withdrawn,
            translate=catalog_translate(locale or settings.default_locale),
            indicators=sheet,
        )


async def export_indicators_file(
    settings: Settings, path: Path, *, as_of: dt.date, locale: str | None = None
) -> int:
    """The indicator sheet of every country (as `fieldbot indicators --json` counts)."""
    from bot.domain.scope import EVERYWHERE
    from bot.indicators.plan import load_plan
    from bot.reports_io import IndicatorSheet, export_indicators

    sheet = IndicatorSheet(plan=load_plan(settings.plan_file), as_of=as_of)
    async with database_session(settings) as session:
        return await export_indicators(
            session,
            path,
            sheet,
            scope=EVERYWHERE,
            translate=catalog_translate(locale or settings.default_locale),
        )


async def _author_id(session: AsyncSession, telegram_id: int | None) -> int:
    """The user recorded as the author of imported or generated reports."""
    return (await _author(session, telegram_id)).id


async def _author(session: AsyncSession, telegram_id: int | None) -> UserView:
    """The person named by --author (someone the bot knows), else the first admin."""
    if telegram_id is not None:
        user = await queries.get_user(session, telegram_id)
        if user is None:
            raise ServiceError(
                f"--author {telegram_id}: nobody the bot knows has this Telegram id "
                "(`fieldbot user list` lists them); without --author the reports are "
                "recorded as the first admin's. Nothing was imported."
            )
        return user
    admins = await queries.users_with_role(session, Role.ADMIN)
    if not admins:
        raise ServiceError("no admin yet: run `fieldbot admin add TELEGRAM_ID` first")
    return min(admins, key=lambda admin: admin.id)


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Ctrl-C stops the synchronous work inside at once (KeyboardInterrupt). Under asyncio.run
    a Ctrl-C only asks the event loop to cancel the command, which it cannot do before such
    work returns: checking a spreadsheet of 10,000 rows ignored it for a minute. Only on the
    main thread (where signal handlers live); elsewhere, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


async def import_reports_file(settings: Settings, path: Path, *, author: int | None) -> Any:
    """Check the whole file, read what is stored, then write in one short transaction.

    The write lock is held only for the multi-row INSERTs (bot.reports_io, "database"), so a
    running bot's users do not wait behind an import; a transient lock error re-runs the write.
    """
    from bot.reports_io import (
        ImportConflict,
        ImportResult,
        RepeatedRow,
        check_file,
        check_stored,
        new_reports,
        sorted_errors,
        write_reports,
    )

    now = utcnow()
    async with session_factory(settings) as factory:
        async with factory() as session:
            writer = await _author(session, author)
        author_id = writer.id
        repeats: list[RepeatedRow] = []
        withdrawn: list[int] = []
        with interruptible():  # before anything is written
            parsed, errors = check_file(
                path,
                now=now,
                screen_patterns=settings.pii_patterns,
                limits=settings.imports,
                repeats=repeats,
                withdrawn=withdrawn,
            )
        async with factory() as session:
            new, conflicts = await check_stored(session, parsed)
        errors.extend(conflicts)
        if errors:
            return ImportResult(created=0, unchanged=0, errors=sorted_errors(errors))
        reports = new_reports(new, author_user_id=author_id)

        async def write(session: AsyncSession) -> int:
            return await write_reports(session, new, reports, now=now)

        started = time.perf_counter()
        try:
            created = await run_transaction(factory, write, what="reports import")
        except ImportConflict as conflict:
            return ImportResult(created=0, unchanged=0, errors=sorted_errors(conflict.errors))
        seconds = time.perf_counter() - started
    log.info("reports import: %d rows written in %.2f s", created, seconds)
    return ImportResult(
        created=created,
        unchanged=len(parsed) - created,
        write_seconds=seconds,
        repeated=tuple(repeats),
        withdrawn_skipped=len(withdrawn),
        author=f"{writer.display_name or '-'} ({writer.telegram_id})",
    )


async def seed_demo_data(settings: Settings, count: int, *, force: bool = False) -> int:
    """Synthetic reports by synthetic staff (bot.seed), on a fresh database or a demo one.

    Refuses (ServiceError) a database holding reports the seed did not write, unless forced:
    synthetic figures would be counted with real ones in every indicator. The demo staff are
    made in a first short transaction, the reports are built outside any, then inserted in a
    second one.
    """
    from bot.indicators.plan import load_plan
    from bot.seed import (
        build_demo_reports,
        ensure_demo_officers,
        holds_real_reports,
        store_demo_reports,
    )

    plan = load_plan(settings.plan_file)
    async with session_factory(settings) as factory:

        async def prepare(session: AsyncSession) -> list[int]:
            if not force and await holds_real_reports(session, count=count):
                raise ServiceError(
                    "this database already holds reports that seed-demo-data did not write: "
                    "synthetic reports would be counted with them in every indicator. Seed a "
                    "fresh database (FIELDBOT_DB__URL), or add --force"
                )
            return await ensure_demo_officers(session)

        officers = await run_transaction(factory, prepare, what="seed-demo-data staff")
        reports = build_demo_reports(
            count=count,
            plan_start=plan.period_start,
            as_of=utc_today(),
            author_user_id=officers[0],
            officer_ids=officers,
        )
        now = utcnow()

        async def write(session: AsyncSession) -> int:
            return await store_demo_reports(session, reports, now=now)

        return await run_transaction(factory, write, what="seed-demo-data")


# -- weekly digest and outbox ------------------------------------------------------------------


@dataclass(frozen=True)
class DigestRun:
    """What `fieldbot digest --now` did: lines for the operator, and the managers (Telegram
    ids) whose digest could not be built or enqueued (their errors are in the log)."""

    lines: list[str]
    failed: list[int]
    unknown: bool = False  # --manager named nobody who oversees (no manager or admin role)


async def digest_now(settings: Settings, *, manager: int | None, dry_run: bool) -> DigestRun:
    """`fieldbot digest --now`: this week's digests now; unless dry_run, send every due row.

    aiogram (seconds of CPU) is loaded only to send: a digest is written with the catalogs
    and plain button data, and an unknown --manager needs nothing at all. Without a bot
    token nothing is sent (the bot's scheduler, which has one, sends what is enqueued)."""
    from bot.domain.enums import OVERSEERS

    lines: list[str] = []
    async with session_factory(settings) as factory:
        async with factory() as session:
            overseers = {
                person.telegram_id
                for role in OVERSEERS
                for person in await queries.users_with_role(session, role, active_only=True)
            }
        wanted = overseers if manager is None else overseers & {manager}
        outcomes = await _build_digests(settings, factory, manager, dry_run) if wanted else []
        for outcome in outcomes:
            lines.append(f"manager {outcome.telegram_id}: {outcome.period} {outcome.status}")
            if dry_run and outcome.payload:
                lines.append(str(outcome.payload["text"]) + "\n")
        if not outcomes:
            lines.append(
                "No active manager or admin" + (f" with id {manager}" if manager else "") + "."
            )
        # An unknown --manager is a mistyped command: it refuses (status 2) without sending
        # anything, as it would have before any digest was built.
        unknown = manager is not None and not outcomes
        if not dry_run and not unknown:
            # Every due row, not only this run's: earlier ones must not wait for the scheduler.
            lines.extend(await _drain(settings, factory))
    failed = [outcome.telegram_id for outcome in outcomes if outcome.status == "failed"]
    return DigestRun(lines, failed, unknown=unknown)


async def _build_digests(
    settings: Settings,
    factory: async_sessionmaker[AsyncSession],
    manager: int | None,
    dry_run: bool,
) -> list[Any]:
    from bot.catalogs import Catalogs
    from bot.indicators.plan import load_plan
    from scheduler.jobs import DigestOptions, Runtime, run_digests

    runtime = Runtime(
        session_factory=factory,
        plan=load_plan(settings.plan_file),
        # The catalogs without aiogram (seconds of CPU): a digest's text and buttons need none.
        i18n=Catalogs(settings.default_locale),
        options=DigestOptions.from_settings(settings),
    )
    return await run_digests(
        runtime, now=utcnow(), manager_telegram_id=manager, force=True, dry_run=dry_run
    )


async def _drain(settings: Settings, factory: async_sessionmaker[AsyncSession]) -> list[str]:
    """Send every due row now, with the bot's token; without one, say what waits."""
    section = settings.bot
    if section.api_base is None and section.token.get_secret_value() == SANDBOX_TOKEN:
        # The sandbox's token is no bot on Telegram: every call would fail (or, offline, find
        # no network) and count an attempt against each row, digests and owed replies alike.
        from bot.domain.enums import OutboxStatus
        from models import outbox

        async with factory() as session:
            pending = (await outbox.counts_by_status(session))[OutboxStatus.PENDING.value]
        return [
            f"outbox: nothing sent now, FIELDBOT_BOT__TOKEN is not set; {pending} pending "
            "(the bot's scheduler sends them; `fieldbot outbox` lists them)"
        ]
    from scheduler.outbox import drain_due  # aiogram's Bot

    return await drain_due(settings, factory)


async def outbox_table(settings: Settings, status: str | None) -> str:
    from scheduler.outbox_report import outbox_report  # the sender would load aiogram

    async with session_factory(settings) as factory:
        return await outbox_report(factory, status)


# -- missions ----------------------------------------------------------------------------------


def write_missions_template(path: Path) -> None:
    from bot.missions_io import write_template

    write_template(path)


async def _write_missions_and_notify(
    session: AsyncSession, *, plan: Any, actor: int, i18n: Any, now: dt.datetime
) -> Any:
    """The write phase of a missions import, with its notifications (through the outbox)."""
    from bot.domain.missions import LIVE, is_over
    from bot.missions_io import write_missions
    from bot.usecases.missions import notify_assigned, notify_changed

    result = await write_missions(session, plan, actor_user_id=actor, now=now)
    newly = {(a.mission.id, a.telegram_id) for a in result.assigned}
    for new in result.assigned:
        # A mission over where the volunteer is (last year's, kept for the record) is
        # recorded, not announced, as /assign does; so is one cancelled or completed, which
        # /assign does not offer: "You are assigned" to a mission that will not happen.
        if (
            new.volunteer is not None
            and new.mission.status in LIVE
            and not is_over(new.mission, new.volunteer.today(now))
        ):
            await notify_assigned(
                session, new.mission, new.volunteer, new.user_id, i18n=i18n, now=now
            )
    for change in result.changes:
        skip = [t for (mission_id, t) in newly if mission_id == change.mission.id]
        await notify_changed(
            session,
            change.mission,
            change.changed_fields,
            skip_telegram_ids=skip,
            i18n=i18n,
            now=now,
        )
    return result


def _create_i18n(settings: Settings) -> Any:
    from bot.i18n import create_i18n  # aiogram: seconds of CPU to import

    return create_i18n(settings.default_locale)


async def import_missions_file(settings: Settings, path: Path) -> Any:
    """Import missions; on success, notify the volunteers of new assignments and changes.

    Reads first (file, missions, assignments, users), then writes the missions, assignments,
    audit entries and notifications in one short transaction. If a mission changed in between,
    the whole import is read and planned again.
    """
    from bot.missions_io import MissionImportResult, read_missions
    from bot.usecases.missions import TranslationsNeeded
    from models.missions import StaleMissions

    # The catalogs (and aiogram, seconds of CPU) only for a file whose missions have volunteers
    # to tell: a refused file, or new missions alone, need none.
    i18n: Any = None
    now = utcnow()
    async with session_factory(settings) as factory:
        for attempt in range(1, STALE_ATTEMPTS + 1):
            async with factory() as session:
                actor = await _author_id(session, None)
                plan, errors = await read_missions(
                    session, path, limits=settings.imports, screen_patterns=settings.pii_patterns
                )
            if plan is None:
                return MissionImportResult(created=0, updated=0, unchanged=0, errors=errors)
            if i18n is None and plan.may_notify:
                i18n = _create_i18n(settings)

            write = functools.partial(
                _write_missions_and_notify, plan=plan, actor=actor, i18n=i18n, now=now
            )
            try:
                return await run_transaction(factory, write, what="missions import")
            except TranslationsNeeded:
                # A volunteer to tell that the plan did not show (put on one of its missions
                # since it was read): nothing was written; read again, with the catalogs.
                i18n = _create_i18n(settings)
            except StaleMissions:
                pass
            if attempt == STALE_ATTEMPTS:
                raise ServiceError(
                    "missions kept changing while this file was imported; try again"
                )
            log.info("missions import: a mission changed meanwhile; reading again")
    raise AssertionError("unreachable")  # pragma: no cover

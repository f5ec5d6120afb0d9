"""Builders for tests: people, reports, missions, plans, and a clock the test moves.

Each builder has defaults that make a valid, ordinary object; a test names only what matters
to it (`person(roles={Role.MANAGER: ["HT"]}, timezone="Pacific/Kiritimati")`). Two kinds:

- plain objects, no database: `person` (a UserView), `report_view`, `mission_fields`,
  `small_plan` / `shipped_plan`, `MovableClock`;
- rows: `report_row` (a Report to `session.add`), and the async `member`, `stored_mission`
  and `stored_report`, which write through the product's own queries (as the bot and the CLI
  do) and flush; `member` commits (as joining does).

Add a builder here when a second test file needs the same thing; keep one-off data in the test.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import MissionStatus, Role
from bot.domain.missions import MissionView
from bot.domain.people import UserView
from bot.domain.reports import ReportView
from bot.domain.scope import Scope
from bot.indicators.plan import Plan, load_plan, parse_plan
from models import missions as mission_store
from models import queries
from models.db import create_engine, create_session_factory
from models.reports import SubmitResult, submit_report
from models.tables import Report, RoleGrant, User

# --- people ----------------------------------------------------------------------------------

Countries = Scope | Iterable[str]


def scope_of(countries: Countries) -> Scope:
    """A Scope as given, or the scope of these country codes (`["HT", "NE"]`)."""
    if isinstance(countries, Scope):
        return countries
    return Scope(tuple(countries), all_countries=False)


def person(
    user_id: int = 1,
    *,
    roles: Mapping[Role, Countries] | None = None,
    telegram_id: int | None = None,
    display_name: str | None = None,
    language: str | None = "en",
    telegram_language: str | None = None,
    timezone: str = "UTC",
    active: bool = True,
) -> UserView:
    """A member as every layer sees them (no database): `roles` maps each role to its
    countries (a Scope such as EVERYWHERE, or country codes)."""
    return UserView(
        id=user_id,
        telegram_id=1000 + user_id if telegram_id is None else telegram_id,
        display_name=f"person {user_id}" if display_name is None else display_name,
        language=language,
        telegram_language=telegram_language,
        grants={Role(role): scope_of(countries) for role, countries in (roles or {}).items()},
        timezone=timezone,
        active=active,
    )


LONG_AGO = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)


async def member(
    session: AsyncSession,
    telegram_id: int,
    role: Role,
    countries: Iterable[str] = (),
    *,
    name: str | None = None,
    telegram_language: str | None = None,
    language: str | None = None,
    timezone: str | None = "UTC",
    joined: dt.datetime | None = None,
) -> UserView:
    """A stored member who already joined with `role` in `countries` (none: every country),
    as the CLI's `add` or an invitation leaves them; committed. `joined` backdates them (a
    digest or a reminder only counts members who were there). They chose `timezone`: UTC
    unless told (so that their dates do not hang on the hour the tests run), without an audit
    entry; None: they never chose, and their country's clock is theirs."""
    codes = list(countries)
    await queries.ensure_user(
        session, telegram_id, name or f"user {telegram_id}", telegram_language
    )
    view = await queries.grant_role(
        session, telegram_id, role, codes, not codes, actor_user_id=None
    )
    if timezone == "UTC":
        await session.execute(
            update(User).where(User.id == view.id).values(timezone="UTC", timezone_chosen=True)
        )
    elif timezone is not None:
        await queries.set_timezone(session, telegram_id, timezone)
    if language is not None:
        await queries.set_language(session, telegram_id, language)
    if joined is not None:
        await session.execute(update(User).where(User.id == view.id).values(created_at=joined))
        await session.execute(
            update(RoleGrant).where(RoleGrant.user_id == view.id).values(granted_at=joined)
        )
    await session.commit()
    stored = await queries.get_user(session, telegram_id)
    assert stored is not None
    return stored


# --- reports ---------------------------------------------------------------------------------

# A complete training report in Haiti, as the current form accepts it (start date in the past).
TRAINING_ANSWERS: dict[str, Any] = {
    "country": "HT",
    "place": "Jacmel",
    "field": "justice",
    "target_group": "police",
    "training_type": "session",
    "national_programme": True,
    "start_date": "2026-11-28",
    "duration_unit": "days",
    "duration": "3",
    "participants_women": 12,
    "participants_men": 8,
    "participants_other": 0,
    "partner": None,
    "pre_score": "45.5",
    "post_score": "78",
    "notes": None,
}
TRAINING_COMPUTED: dict[str, Any] = {"participants_total": 20}

# An advocacy event in Senegal: a national decision the organisation contributed to.
ADVOCACY_ANSWERS: dict[str, Any] = {
    "country": "SN",
    "field": "violence_exploitation",
    "event_date": "2025-02-20",
    "event_kind": "decision",
    "contributed": True,
    "level": "national",
    "audience": 150,
}
ADVOCACY_COMPUTED: dict[str, Any] = {"is_decision": True, "is_key_event": True}

ANSWERS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "training": (TRAINING_ANSWERS, TRAINING_COMPUTED),
    "advocacy_event": (ADVOCACY_ANSWERS, ADVOCACY_COMPUTED),
}


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


def report_row(
    kind: str = "training",
    country: str = "HT",
    *,
    author: int | None = None,
    field: str = "justice",
    day: dt.date | None = None,
    submitted: dt.datetime | None = None,
    answers: Mapping[str, Any] | None = None,
    **columns: Any,
) -> Report:
    """A Report row to `session.add` (indicators and digests read its columns, not its
    answers). The event is on `day` (default: the day it was `submitted`); submitted at noon
    UTC that day unless given; `columns` sets typed columns (is_decision=True, ...)."""
    if submitted is None:
        if day is None:
            raise TypeError("report_row needs a day or a submitted time")
        submitted = _moment(day)
    return Report(
        id=uuid.uuid4(),
        kind=kind,
        form_id=kind,
        form_version=1,
        author_user_id=author,
        country=country,
        field=field,
        event_date=submitted.date() if day is None else day,
        answers=dict(answers or {}),
        submitted_at=submitted,
        updated_at=submitted,
        **columns,
    )


def report_view(
    *,
    author: int | None = 1,
    kind: str = "training",
    country: str = "NE",
    field: str = "justice",
    submitted: dt.datetime = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
    withdrawn: bool = False,
    report_id: uuid.UUID | None = None,
) -> ReportView:
    """A stored report as the domain sees it; `withdrawn` the day after it was submitted."""
    return ReportView(
        id=report_id or uuid.UUID(int=0x1234_5678 << 96),
        kind=kind,
        form_id=kind,
        form_version=1,
        author_user_id=author,
        country=country,
        field=field,
        event_date=submitted.date(),
        answers={},
        version=1,
        submitted_at=submitted,
        updated_at=submitted,
        withdrawn_at=submitted + dt.timedelta(days=1) if withdrawn else None,
    )


async def stored_report(
    session: AsyncSession,
    author_user_id: int,
    *,
    kind: str = "training",
    answers: Mapping[str, Any] | None = None,
    computed: Mapping[str, Any] | None = None,
    now: dt.datetime,
    report_id: uuid.UUID | None = None,
) -> SubmitResult:
    """A report submitted through the data layer (with its first version and audit entry),
    with sensible answers for `kind` unless given; flushed, not committed."""
    default_answers, default_computed = ANSWERS[kind]
    return await submit_report(
        session,
        report_id=report_id or uuid.uuid4(),
        kind=kind,
        form_id=kind,
        form_version=1,
        author_user_id=author_user_id,
        answers=default_answers if answers is None else answers,
        computed=default_computed if computed is None else computed,
        now=now,
    )


# --- missions --------------------------------------------------------------------------------


def mission_fields(
    code: str = "HT-1",
    start: dt.date = dt.date(2026, 12, 8),
    days: int = 10,
    *,
    title: str | None = None,
    country: str = "HT",
    place: str = "Jacmel",
    **changes: Any,
) -> mission_store.MissionFields:
    """A mission as a spreadsheet row describes it, `days` long from `start`."""
    return mission_store.MissionFields(
        code=code,
        title=f"Mission {code}" if title is None else title,
        country=country,
        place=place,
        start_date=start,
        end_date=start + dt.timedelta(days=days),
        **changes,
    )


async def stored_mission(
    session: AsyncSession,
    code: str = "HT-1",
    start: dt.date = dt.date(2026, 12, 8),
    days: int = 10,
    *,
    now: dt.datetime,
    status: MissionStatus = MissionStatus.CONFIRMED,
    **changes: Any,
) -> MissionView:
    """A mission created as an import creates it (confirmed unless told); flushed."""
    view, _outcome, _changed = await mission_store.upsert_mission(
        session, mission_fields(code, start, days, status=status, **changes), now=now
    )
    return view


# --- plans -----------------------------------------------------------------------------------


def small_plan(text: str, name: str = "test-plan.yaml") -> Plan:
    """A plan from YAML text, checked as the shipped one is (see bot/indicators/plans/)."""
    return parse_plan(text, name)


def shipped_plan() -> Plan:
    """The plan the bot ships with (bot/indicators/plans/)."""
    return load_plan()


# --- time ------------------------------------------------------------------------------------


class MovableClock:
    """A clock the test moves (`clock.now += timedelta(...)`) instead of waiting: pass it where
    the product takes a clock (Runtime.clock, Throttle.clock, ...) or to
    `bot.domain.clock.using(clock)`."""

    def __init__(self, now: dt.datetime | None = None) -> None:
        self.now = now if now is not None else dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


# Generous: a tick waits for real work (a database round trip), never for time to pass.
_TICK_WITHIN = 10.0


class Ticks:
    """Stands in for `asyncio.sleep` where the product takes one (AdvisoryLeader(sleep=...)):
    each sleep lasts until the test calls `tick()`, so "a check interval passes" is a step the
    test takes, not a wait. `asked` records the seconds each sleep was for."""

    def __init__(self) -> None:
        self.asked: list[float] = []
        self._asleep = asyncio.Event()
        self._wake: asyncio.Future[None] | None = None

    async def sleep(self, seconds: float) -> None:
        self.asked.append(seconds)
        self._wake = asyncio.get_running_loop().create_future()
        self._asleep.set()
        await self._wake

    async def until_asleep(self) -> None:
        """Return once the product sleeps (has called `sleep` and waits for a tick)."""
        async with asyncio.timeout(_TICK_WITHIN):
            await self._asleep.wait()

    async def tick(self, sleeper: asyncio.Task[Any]) -> None:
        """End the current sleep of `sleeper`, and return once it sleeps again or has ended."""
        async with asyncio.timeout(_TICK_WITHIN):
            await self._asleep.wait()
        self._asleep.clear()
        assert self._wake is not None
        self._wake.set_result(None)
        asleep = asyncio.create_task(self._asleep.wait())
        try:
            await asyncio.wait(
                {sleeper, asleep}, timeout=_TICK_WITHIN, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            asleep.cancel()
        assert sleeper.done() or self._asleep.is_set(), "neither slept again nor ended"


T = TypeVar("T")


def run_on(db_url: str, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """`work` in one committed session on `db_url`, from a synchronous test (the CLI's tests
    call `main()`, which runs its own event loop)."""

    async def go() -> T:
        engine = create_engine(db_url)
        try:
            async with create_session_factory(engine)() as session:
                result = await work(session)
                await session.commit()
                return result
        finally:
            await engine.dispose()

    return asyncio.run(go())

"""Issue 15, item 3: a digest to act on, against a real database, over two weeks.

The clock is injected (Runtime.clock, moved by the test): week 1's digest is the baseline;
week 2's says what changed per indicator since, and which reports came in per country.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import OutboxStatus, Role
from bot.domain.scope import EVERYWHERE
from bot.i18n import create_i18n
from bot.indicators.plan import load_plan
from bot.ui.callbacks import DigestCB
from models import digest as store
from models.indicators import evaluate_plan
from models.tables import OutboxMessage, Report
from scheduler import jobs
from scheduler.digest import needs_attention
from tests.factories import MovableClock, member, report_row

MONDAY = datetime(2026, 11, 23, 9, tzinfo=UTC)  # after 08:00 in Paris
LONG_AGO = datetime(2026, 1, 5, 9, tzinfo=UTC)


def _training(author: int, country: str, when: datetime) -> Report:
    return report_row("training", country, author=author, submitted=when)


async def _member(
    session: AsyncSession, telegram_id: int, role: Role, countries: list[str], *, watch: str = ""
) -> int:
    """A member; a manager `watch`ing one indicator has snoozed all the others."""
    view = await member(
        session, telegram_id, role, countries, timezone="Europe/Paris", joined=LONG_AGO
    )
    if watch:
        for definition in load_plan().indicators:
            if definition.id != watch:
                await store.snooze(session, view.id, definition.id, now=LONG_AGO, weeks=100)
        await session.commit()
    return view.id


async def _delivered(session: AsyncSession, status: OutboxStatus = OutboxStatus.SENT) -> None:
    await session.execute(update(OutboxMessage).values(status=status))
    await session.commit()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(MONDAY)


@pytest.fixture
def runtime(
    session_factory: async_sessionmaker[AsyncSession], clock: MovableClock
) -> jobs.Runtime:
    return jobs.Runtime(
        session_factory=session_factory, plan=load_plan(), i18n=create_i18n(), clock=clock
    )


async def test_the_second_digest_says_what_changed_since_the_first(
    runtime: jobs.Runtime, session: AsyncSession, clock: MovableClock
) -> None:
    await _member(session, 901, Role.MANAGER, ["HT", "NE"], watch="1.1a")
    staff = await _member(session, 902, Role.FIELD_STAFF, ["HT", "NE"])
    for days in (2, 3):
        session.add(_training(staff, "HT", MONDAY - timedelta(days=days)))
    session.add(_training(staff, "NE", MONDAY - timedelta(days=20)))  # not this week
    await session.commit()

    first = await jobs.run_digests(runtime, now=clock())
    assert [o.status for o in first] == ["enqueued"]
    assert first[0].payload is not None
    text = first[0].payload["text"]
    assert "2 reports received last week: Haiti 2" in text
    assert "since the last digest" not in text  # nothing to compare with yet
    assert first[0].payload["snapshot"]["1.1a"]["value"] == "3"
    await _delivered(session)  # Telegram accepted it: the baseline of "since the last digest"

    # Week 2: four more trainings in Niger, one in Haiti.
    clock.now = MONDAY + timedelta(days=7)
    for days in (1, 2, 3, 4):
        session.add(_training(staff, "NE", clock.now - timedelta(days=days)))
    session.add(_training(staff, "HT", clock.now - timedelta(days=1)))
    await session.commit()
    second = await jobs.run_digests(runtime, now=clock())
    assert [(o.period, o.status) for o in second] == [("2026-W49", "enqueued")]
    assert second[0].payload is not None
    text = second[0].payload["text"]
    assert "5 reports received last week: Niger 4, Haiti 1" in text, text
    assert "Since the last digest: +5." in text, text
    assert second[0].payload["snapshot"]["1.1a"]["value"] == "8"
    buttons = [b for row in second[0].payload["reply_markup"]["inline_keyboard"] for b in row]
    assert [DigestCB.unpack(b["callback_data"]).a for b in buttons] == ["open", "choose", "ack"]


@pytest.mark.parametrize("fate", [OutboxStatus.BLOCKED, OutboxStatus.FAILED])
async def test_a_digest_that_never_reached_the_manager_is_no_baseline(
    runtime: jobs.Runtime, session: AsyncSession, clock: MovableClock, fate: OutboxStatus
) -> None:
    """Mona blocked the bot (or Telegram refused) last week: this week's digest compares with
    nothing, not with the digest she never read."""
    await _member(session, 921, Role.MANAGER, ["HT"], watch="1.1a")
    staff = await _member(session, 922, Role.FIELD_STAFF, ["HT"])
    session.add(_training(staff, "HT", MONDAY - timedelta(days=2)))
    await session.commit()
    await jobs.run_digests(runtime, now=clock())
    await _delivered(session, fate)
    clock.now = MONDAY + timedelta(days=7)
    session.add(_training(staff, "HT", clock.now - timedelta(days=1)))
    await session.commit()
    (second,) = await jobs.run_digests(runtime, now=clock())
    assert second.payload is not None
    assert "since the last digest" not in second.payload["text"].casefold()


async def test_a_status_change_is_named(runtime: jobs.Runtime, session: AsyncSession) -> None:
    await _member(session, 911, Role.MANAGER, ["HT"], watch="1.1a")
    first = await jobs.run_digests(runtime, now=MONDAY, dry_run=False)
    assert first[0].payload is not None
    # Pretend last week's digest saw 1.1a on track: this week it is off track.
    snapshot = dict(first[0].payload["snapshot"])
    snapshot["1.1a"] = {"value": "0", "status": "on_track"}
    payload = {**first[0].payload, "snapshot": snapshot}
    await session.execute(update(OutboxMessage).values(payload=payload, status=OutboxStatus.SENT))
    await session.commit()
    second = await jobs.run_digests(runtime, now=MONDAY + timedelta(days=7))
    assert second[0].payload is not None
    text = second[0].payload["text"]
    assert "was 🟢 on track" in text, text


async def test_yearly_indicators_only_when_due_or_overdue(session: AsyncSession) -> None:
    plan = load_plan()
    august = date(2026, 8, 3)  # a missing yearly value is off track after its due date only
    results = await evaluate_plan(session, plan, as_of=august, scope=EVERYWHERE)
    off = {r.id for r in results if r.status.value == "off_track"}
    assert "3.4" in off  # due 30 June
    assert not {"3.1", "3.2"} & off  # due 15 December: not late in August
    listed = {r.id for r in needs_attention(results, set(), plan=plan, today=august)}
    assert "3.4" in listed  # due 30 June: overdue
    assert not {"3.1", "3.2", "3.3a"} & listed  # due in December: not yet
    november = date(2026, 11, 20)  # within 4 weeks of 15 December
    late = await evaluate_plan(session, plan, as_of=november, scope=EVERYWHERE)
    assert {"3.1", "3.2"} <= {
        r.id for r in needs_attention(late, set(), plan=plan, today=november)
    }


async def test_after_the_plan_its_last_years_missing_values_are_listed_as_in_any_january(
    session: AsyncSession,
) -> None:
    """The plan ends on 31 December 2029 and no 2029 value was entered. Its yearly indicators
    stay about 2029 from then on: the digest listed them, off track, every week for ever (3.4,
    due 30 June 2029, even in January 2030, when in any other year a value overdue since
    the summer leaves the digest on 1 January); now as in any new year, for 13 weeks after
    each due date."""
    plan = load_plan()

    async def listed(day: date) -> set[str]:
        results = await evaluate_plan(session, plan, as_of=day, scope=EVERYWHERE)
        return {r.id for r in needs_attention(results, set(), plan=plan, today=day)}

    yearly = {"3.1", "3.2", "3.3a", "3.3b", "3.4"}
    # As in January 2027, for 2026's values (the years before the plan's end).
    assert await listed(date(2027, 1, 4)) & yearly == {"3.1", "3.2", "3.3a"}
    assert await listed(date(2030, 1, 7)) & yearly == {"3.1", "3.2", "3.3a"}
    assert await listed(date(2030, 3, 18)) & yearly == {"3.3a"}  # 15 December + 13 weeks
    assert await listed(date(2030, 4, 8)) & yearly == set()
    assert await listed(date(2031, 12, 1)) & yearly == set()

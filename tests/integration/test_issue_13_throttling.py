"""Issue 13, part 4: the throttle middleware on a real database (SQLite, PostgreSQL when
available) with its counters in memory (injected clock) or in Redis (shared by workers).

The handler here stands for the whole unit of work: what matters is how many updates reach it,
how many notices go out and what the audit log keeps. The sandbox test
(tests/e2e/test_issue_13_throttling.py) drives the real bot."""

from __future__ import annotations

import asyncio
import itertools
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram.methods import SendMessage
from aiogram.types import Chat, Message, TelegramObject, Update, User
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import AuditAction, Role
from bot.i18n import create_i18n
from bot.settings import Settings
from bot.throttle import (
    INVITE_ACCEPTED,
    Counters,
    Kind,
    Limit,
    MemoryCounters,
    RedisCounters,
    Rule,
    Throttle,
    rules_from_settings,
)
from models.queries import grant_role
from models.tables import AuditEntry
from tests.factories import MovableClock

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
BOT_ID = 4242
_update_ids = itertools.count(1)


@pytest.fixture
def db_url(any_db_url: str) -> str:
    return any_db_url


class FakeBot:
    """Records the notices (the Bot API calls the throttle makes itself)."""

    id = BOT_ID

    def __init__(self) -> None:
        self.sent: list[SendMessage] = []

    async def __call__(self, method: SendMessage) -> None:
        self.sent.append(method)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def where(request: pytest.FixtureRequest) -> str | None:
    """Where the counters live: None for memory, else the Redis URL."""
    if request.param == "memory":
        return None
    url: str = request.getfixturevalue("redis_url")
    return url


@pytest.fixture
async def counters(where: str | None) -> AsyncIterator[Counters]:
    if where is None:
        yield MemoryCounters()
        return
    prefix = f"fieldbot-test-{secrets.token_hex(6)}"
    shared = RedisCounters(where, prefix=prefix)
    try:
        yield shared
    finally:
        keys = [key async for key in shared.redis.scan_iter(match=f"{prefix}:*")]
        if keys:
            await shared.redis.delete(*keys)
        await shared.close()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(T0)


def throttle_on(
    counters: Counters,
    session_factory: async_sessionmaker[AsyncSession],
    clock: MovableClock,
    rules: dict[Kind, Rule] | None = None,
) -> Throttle:
    defaults = rules_from_settings(Settings(_env_file=None))
    throttle = Throttle(rules or defaults, session_factory, counters=counters, clock=clock)
    if isinstance(counters, MemoryCounters):
        counters.clock = clock
    return throttle


def message_update(user_id: int, text: str, language: str = "fr") -> Update:
    update_id = next(_update_ids)
    return Update(
        update_id=update_id,
        message=Message(
            message_id=update_id,
            date=T0,
            chat=Chat(id=user_id, type="private"),
            from_user=User(id=user_id, is_bot=False, first_name="Jean", language_code=language),
            text=text,
        ),
    )


class Bench:
    """Drives updates through the throttle to a stand-in handler."""

    def __init__(self, throttle: Throttle) -> None:
        self.throttle = throttle
        self.bot = FakeBot()
        self.i18n = create_i18n()
        self.handled: list[int] = []

    async def send(self, user_id: int, text: str, *, right_code: bool = False) -> None:
        update = message_update(user_id, text)
        assert update.message is not None

        async def handler(event: TelegramObject, data: dict[str, Any]) -> None:
            self.handled.append(user_id)
            if right_code:
                data[INVITE_ACCEPTED]()

        data: dict[str, Any] = {
            "bot": self.bot,
            "event_from_user": update.message.from_user,
            "event_chat": update.message.chat,
            "i18n": self.i18n,
        }
        await self.throttle(handler, update, data)

    def notices_to(self, user_id: int) -> list[str]:
        return [m.text for m in self.bot.sent if m.chat_id == user_id]


async def _throttled_entries(session: AsyncSession, action: AuditAction) -> list[Any]:
    """The flood entries of `action` as plain rows (actor_user_id, details), oldest first."""
    statement = (
        select(AuditEntry.actor_user_id, AuditEntry.details)
        .where(AuditEntry.action == action.value)
        .order_by(AuditEntry.id)
    )
    rows = list((await session.execute(statement)).all())
    await session.rollback()
    return rows


async def test_one_account_flooding_codes_gets_five_answers_one_notice_one_audit_entry(
    counters: Counters,
    session_factory: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    clock: MovableClock,
) -> None:
    bench = Bench(throttle_on(counters, session_factory, clock))
    for attempt in range(200):
        await bench.send(3001, f"/start WRONGCODE{attempt:04d}")

    assert len(bench.handled) == 5  # answered by the handler: the first five wrong codes
    notices = bench.notices_to(3001)
    assert len(notices) == 1
    assert "Trop de tentatives" in notices[0]
    assert "10 minutes" in notices[0]
    [entry] = await _throttled_entries(session, AuditAction.INVITE_THROTTLED)
    assert entry.details["attempts"] == 195
    assert entry.details["scope"] == "account"
    assert (entry.details["limit"], entry.details["window_seconds"]) == (5, 600)
    assert entry.actor_user_id is None  # not a member: nobody to name


async def test_a_right_code_is_not_counted_and_the_window_ends(
    session_factory: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    clock: MovableClock,
) -> None:
    bench = Bench(throttle_on(MemoryCounters(), session_factory, clock))
    for _ in range(10):  # right codes (re-opening one's own link) never add up
        await bench.send(3002, "/start RIGHT", right_code=True)
    for _ in range(6):
        await bench.send(3002, "/start WRONG")
    assert len(bench.handled) == 15
    assert len(bench.notices_to(3002)) == 1
    clock.now += timedelta(minutes=9, seconds=59)
    await bench.send(3002, "/start RIGHT", right_code=True)
    assert len(bench.handled) == 15  # still refused, silently
    assert len(bench.notices_to(3002)) == 1
    clock.now += timedelta(seconds=1)
    await bench.send(3002, "/start RIGHT", right_code=True)
    assert len(bench.handled) == 16
    # A new flood, a new window: a new notice and a new audit entry.
    for _ in range(7):
        await bench.send(3002, "/start WRONG")
    assert len(bench.notices_to(3002)) == 2
    entries = await _throttled_entries(session, AuditAction.INVITE_THROTTLED)
    assert [e.details["attempts"] for e in entries] == [2, 2]


async def test_three_hundred_accounts_get_thirty_answers_thirty_notices_one_audit_entry(
    counters: Counters,
    session_factory: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    clock: MovableClock,
) -> None:
    bench = Bench(throttle_on(counters, session_factory, clock))
    await asyncio.gather(*(bench.send(5000 + i, f"/start WRONG{i:04d}") for i in range(300)))

    assert len(bench.handled) == 30  # the global limit: 30 wrong codes a minute
    assert len(bench.bot.sent) == 30  # one notice each for the next 30, then silence
    assert all("Trop de tentatives" in m.text and "1 minute" in m.text for m in bench.bot.sent)
    [entry] = await _throttled_entries(session, AuditAction.INVITE_THROTTLED)
    assert entry.details["scope"] == "all"
    assert entry.details["limit"] == 30
    assert entry.details["attempts"] == 270


async def test_messages_are_limited_per_account_and_staff_pass_a_guest_flood(
    counters: Counters,
    session_factory: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    clock: MovableClock,
) -> None:
    rules = {
        Kind.MESSAGE: Rule(account=Limit(20, 60), everybody=Limit(50, 60)),
        Kind.INVITE: Rule(account=Limit(5, 600), everybody=Limit(30, 60)),
    }
    bench = Bench(throttle_on(counters, session_factory, clock, rules))
    officer = await grant_role(session, 4001, Role.FIELD_STAFF, ["HT"], False, actor_user_id=None)
    await session.commit()
    for i in range(25):
        await bench.send(4001, f"answer {i}")
    assert len(bench.handled) == 20
    [notice] = bench.notices_to(4001)
    assert "Too many messages" in notice or "Trop de messages" in notice
    [entry] = await _throttled_entries(session, AuditAction.MESSAGES_THROTTLED)
    assert (entry.actor_user_id, entry.details["attempts"]) == (officer.id, 5)

    # Strangers flood the bot together: over the global limit they are refused, staff are not.
    bench.handled.clear()
    await asyncio.gather(*(bench.send(6000 + i, "hello") for i in range(80)))
    guests = len(bench.handled)
    assert guests <= 50
    await bench.send(4002, "stranger")  # one more guest: refused
    assert len(bench.handled) == guests
    colleague = await grant_role(session, 4003, Role.MANAGER, ["HT"], False, actor_user_id=None)
    await session.commit()
    await bench.send(colleague.telegram_id, "/reports")
    assert bench.handled[-1] == colleague.telegram_id


@pytest.mark.redis
async def test_two_workers_sharing_redis_count_one_flood_together(
    redis_url: str,
    session_factory: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    clock: MovableClock,
) -> None:
    prefix = f"fieldbot-test-{secrets.token_hex(6)}"
    workers = [
        Bench(throttle_on(RedisCounters(redis_url, prefix=prefix), session_factory, clock))
        for _ in range(2)
    ]
    try:
        for attempt in range(40):  # Telegram may deliver each update to either worker
            await workers[attempt % 2].send(3003, f"/start WRONG{attempt}")
    finally:
        for worker in workers:
            counters = worker.throttle.counters
            assert isinstance(counters, RedisCounters)
            keys = [key async for key in counters.redis.scan_iter(match=f"{prefix}:*")]
            if keys:
                await counters.redis.delete(*keys)
            await counters.close()
    assert sum(len(w.handled) for w in workers) == 5
    assert sum(len(w.notices_to(3003)) for w in workers) == 1
    [entry] = await _throttled_entries(session, AuditAction.INVITE_THROTTLED)
    assert entry.details["attempts"] == 35

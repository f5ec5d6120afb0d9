"""Throttling: limits on invitation attempts and on messages, per account and for everybody.

`Throttle` is an outer update middleware, registered inside the per-chat lock and before the
unit of work (bot.app.create_dispatcher), so one account's updates are counted one at a time
and a refused update never reaches the update's transaction (it only adds to its flood's audit
count, in a short transaction of its own). It sorts a message into one of two kinds:

- an invitation attempt (`/start <code>`): the handler (handlers/start.py) calls
  `invite_accepted()` for a right code, which is then not counted; every other outcome (unknown,
  expired, used, malformed) counts;
- any other message (typed answers, commands, photos; button taps are not counted).

Each kind has a per-account limit and a global one, each over a window that starts with its
first attempt. An attempt over a limit is refused: the handler does not run, the sender gets
one polite message in their language ("try again in N minutes") for the whole window and
silence after it, and the flood leaves one audit entry per account (or one for everybody) and
window, whose `attempts` grows with each refused attempt, instead of a row per attempt. The
global message limit never silences staff: over it, only people without a role are refused.

Counters live in Redis when `FIELDBOT_REDIS_URL` is set (shared by every worker, with Redis's
clock), else in this process's memory (right for one process; several workers without Redis
would each count on their own, as they would each hold their own chat locks).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from aiogram import BaseMiddleware, Bot
from aiogram.methods import SendMessage
from aiogram.types import TelegramObject, Update, User
from aiogram.utils.i18n import I18n, ngettext
from redis.asyncio import BlockingConnectionPool, Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.clock import utcnow
from bot.domain.enums import AuditAction
from bot.domain.languages import format_number, resolve_locale
from bot.domain.people import UserView
from bot.middlewares import send_replies
from bot.settings import Settings
from models import queries
from models import throttle as floods
from models.uow import run_transaction

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

# The data key of the callable that tells the throttle an invitation code was right.
INVITE_ACCEPTED = "invite_accepted"


class Kind(StrEnum):
    INVITE = "invite"  # /start with a code
    MESSAGE = "message"  # any other message


class Scope(StrEnum):
    ACCOUNT = "account"
    ALL = "all"


@dataclass(frozen=True)
class Limit:
    """At most `count` attempts per window of `seconds` (0: no limit)."""

    count: int
    seconds: float


@dataclass(frozen=True)
class Rule:
    account: Limit
    everybody: Limit


def rules_from_settings(settings: Settings) -> dict[Kind, Rule]:
    t = settings.throttle
    return {
        Kind.INVITE: Rule(
            account=Limit(t.invite_per_account, t.invite_account_window_minutes * 60),
            everybody=Limit(t.invite_global_per_minute, 60),
        ),
        Kind.MESSAGE: Rule(
            account=Limit(t.messages_per_account_per_minute, 60),
            everybody=Limit(t.messages_global_per_minute, 60),
        ),
    }


# --- Counters -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A counter after an increment: its value and the seconds left in its window."""

    count: int
    reset_in: float


class Counters(Protocol):
    """Counters over windows that start at their first hit, and small values with a lifetime."""

    async def hit(self, key: str, seconds: float) -> Hit:
        """Add one to `key` (a new window of `seconds` if it has none running)."""

    async def undo(self, key: str) -> None:
        """Take back one hit of `key`, if its window still runs."""

    async def remember(self, key: str, value: int, seconds: float) -> None: ...

    async def recall(self, key: str) -> int | None: ...

    async def close(self) -> None: ...


@dataclass
class _Window:
    count: int
    ends_at: float


class MemoryCounters:
    """Counters in this process's memory, on an injectable clock."""

    SWEEP_SECONDS = 60.0

    def __init__(self, clock: Callable[[], datetime] = utcnow) -> None:
        self.clock = clock
        self._windows: dict[str, _Window] = {}
        self._values: dict[str, tuple[int, float]] = {}
        self._swept = 0.0

    def now(self) -> float:
        return self.clock().timestamp()

    def _sweep(self, now: float) -> None:
        """Forget ended windows and values, at most once a SWEEP_SECONDS."""
        if now - self._swept < self.SWEEP_SECONDS:
            return
        self._swept = now
        self._windows = {k: w for k, w in self._windows.items() if w.ends_at > now}
        self._values = {k: v for k, v in self._values.items() if v[1] > now}

    async def hit(self, key: str, seconds: float) -> Hit:
        now = self.now()
        self._sweep(now)
        window = self._windows.get(key)
        if window is None or window.ends_at <= now:
            window = self._windows[key] = _Window(0, now + seconds)
        window.count += 1
        return Hit(window.count, window.ends_at - now)

    async def undo(self, key: str) -> None:
        window = self._windows.get(key)
        if window is not None and window.ends_at > self.now() and window.count > 0:
            window.count -= 1

    async def remember(self, key: str, value: int, seconds: float) -> None:
        self._values[key] = (value, self.now() + seconds)

    async def recall(self, key: str) -> int | None:
        found = self._values.get(key)
        return found[0] if found is not None and found[1] > self.now() else None

    async def close(self) -> None:
        self._windows.clear()
        self._values.clear()


# INCR, and start the window (PEXPIRE) on the first hit; returns the count and the ms left.
_HIT = """
local count = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {count, left}
"""
_UNDO = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
return 0
"""


class RedisCounters:
    """Counters in Redis, shared by every worker (each hit is one atomic script)."""

    # Connections at once; a burst of updates waits for one rather than failing.
    MAX_CONNECTIONS = 32

    def __init__(self, url: str, *, prefix: str = "fieldbot:throttle") -> None:
        pool = BlockingConnectionPool.from_url(url, max_connections=self.MAX_CONNECTIONS)
        self.redis: Redis = Redis(connection_pool=pool)
        self.prefix = prefix
        self._hit = self.redis.register_script(_HIT)
        self._undo = self.redis.register_script(_UNDO)

    def _key(self, key: str) -> str:
        return f"{self.prefix}:{key}"

    @staticmethod
    def _ms(seconds: float) -> int:
        return max(1, math.ceil(seconds * 1000))

    async def hit(self, key: str, seconds: float) -> Hit:
        count, left = await self._hit(keys=[self._key(key)], args=[self._ms(seconds)])
        return Hit(int(count), int(left) / 1000)

    async def undo(self, key: str) -> None:
        await self._undo(keys=[self._key(key)])

    async def remember(self, key: str, value: int, seconds: float) -> None:
        await self.redis.set(self._key(key), value, px=self._ms(seconds))

    async def recall(self, key: str) -> int | None:
        found = await self.redis.get(self._key(key))
        return int(found) if found is not None else None

    async def close(self) -> None:
        await self.redis.aclose(close_connection_pool=True)


# --- The middleware -----------------------------------------------------------------------------


def classify(update: Update) -> Kind | None:
    """What a limit counts this update as; None for what no limit counts (button taps, and a
    group's chatter, which the bot leaves alone: only a command there gets an answer)."""
    message = update.message
    if message is None:
        return None
    if message.chat.type != "private" and not (message.text or "").startswith("/"):
        return None
    words = (message.text or "").split(maxsplit=1)
    # As the /start filter reads it (handlers/start.py): "/START code" is a guess too.
    command = words[0].casefold() if words else ""
    if len(words) == 2 and (command == "/start" or command.startswith("/start@")):
        return Kind.INVITE
    return Kind.MESSAGE


@dataclass(frozen=True)
class Refusal:
    """An attempt over a limit: the `refused`-th of its window, which ends in `reset_in` s."""

    kind: Kind
    scope: Scope
    limit: Limit
    refused: int
    reset_in: float


def notice_text(kind: Kind, minutes: int, locale: str) -> str:
    """The one message a flood gets (translated in the current locale)."""
    n = format_number(minutes, locale)
    if kind is Kind.INVITE:
        return ngettext(
            "Too many attempts with invitation codes. Please try again in {n} minute.",
            "Too many attempts with invitation codes. Please try again in {n} minutes.",
            minutes,
        ).format(n=n)
    return ngettext(
        "Too many messages at once. Please wait {n} minute, then send your answer again: "
        "messages sent until then are not read.",
        "Too many messages at once. Please wait {n} minutes, then send your answer again: "
        "messages sent until then are not read.",
        minutes,
    ).format(n=n)


_ACTIONS = {
    Kind.INVITE: AuditAction.INVITE_THROTTLED,
    Kind.MESSAGE: AuditAction.MESSAGES_THROTTLED,
}


# How long the photos of one album (one media group) are remembered as already counted: they
# arrive within seconds of each other.
_ALBUM_SECONDS = 300


class Throttle(BaseMiddleware):
    """Refuses invitation attempts and messages over their limits (see the module docstring)."""

    def __init__(
        self,
        rules: Mapping[Kind, Rule],
        session_factory: async_sessionmaker[AsyncSession],
        *,
        counters: Counters | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        # A kind without a rule is not limited (`rules = {}` turns the throttle off).
        self.rules = dict(rules)
        self.session_factory = session_factory
        # The one clock: the audit's times and, in memory, the windows (tests move it).
        self.clock = clock
        self.counters = counters if counters is not None else MemoryCounters(lambda: self.clock())
        # One account's attempts come one at a time (the chat lock); attempts of many accounts
        # over the global limit write the shared audit entry in turn, so that the entry opened
        # by the first is there for the next (in this process; see _audit).
        self._everybody = asyncio.Lock()

    @classmethod
    def from_settings(
        cls, settings: Settings, session_factory: async_sessionmaker[AsyncSession]
    ) -> Throttle:
        """Counters in Redis when it is configured (several workers), else in memory."""
        counters = RedisCounters(settings.redis_url) if settings.redis_url else None
        return cls(rules_from_settings(settings), session_factory, counters=counters)

    async def close(self) -> None:
        await self.counters.close()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        kind = classify(event)
        sender: User | None = data.get("event_from_user")
        if kind not in self.rules or sender is None or sender.is_bot:
            return await handler(event, data)
        bot: Bot = data["bot"]
        assert kind is not None
        if await self._rest_of_album(event, bot.id, kind, sender.id):
            return await handler(event, data)
        refusal = await self._admit(bot.id, kind, sender.id)
        if refusal is not None:
            await self._refuse(refusal, bot, sender, data)
            return None
        if kind is not Kind.INVITE:
            return await handler(event, data)
        accepted = False

        def accept() -> None:
            nonlocal accepted
            accepted = True

        data[INVITE_ACCEPTED] = accept
        try:
            return await handler(event, data)
        finally:
            if accepted:  # a right code: not an attempt that counts
                await self._take_back(bot.id, kind, sender.id)

    # -- counting --------------------------------------------------------------------------------

    @staticmethod
    def _key(bot_id: int, kind: Kind, scope: Scope, telegram_id: int, *what: str) -> str:
        who = str(telegram_id) if scope is Scope.ACCOUNT else "*"
        return ":".join((str(bot_id), kind.value, scope.value, who, *what))

    async def _admit(self, bot_id: int, kind: Kind, telegram_id: int) -> Refusal | None:
        """Count the attempt; the refusal when it is over a limit, else None."""
        rule = self.rules[kind]
        account_key = self._key(bot_id, kind, Scope.ACCOUNT, telegram_id)
        if rule.account.count:
            mine = await self.counters.hit(account_key, rule.account.seconds)
            if mine.count > rule.account.count:
                refused = mine.count - rule.account.count
                return Refusal(kind, Scope.ACCOUNT, rule.account, refused, mine.reset_in)
        if not rule.everybody.count:
            return None
        all_key = self._key(bot_id, kind, Scope.ALL, telegram_id)
        everybody = await self.counters.hit(all_key, rule.everybody.seconds)
        if everybody.count <= rule.everybody.count:
            return None
        if kind is Kind.MESSAGE and await self._is_member(telegram_id):
            await self.counters.undo(all_key)  # staff pass, and are not the flood
            return None
        if rule.account.count:
            await self.counters.undo(account_key)  # not checked: not held against the account
        refused = everybody.count - rule.everybody.count
        return Refusal(kind, Scope.ALL, rule.everybody, refused, everybody.reset_in)

    async def _rest_of_album(
        self, update: Update, bot_id: int, kind: Kind, telegram_id: int
    ) -> bool:
        """A staff member's photo of an album (a media group) after its first: the album, sent
        at once as one message per photo, counts as one message. (A guest's count each: what
        they send is answered each.)"""
        album = update.message.media_group_id if update.message else None
        if album is None:
            return False
        key = self._key(bot_id, kind, Scope.ACCOUNT, telegram_id, "album", album)
        later = (await self.counters.hit(key, _ALBUM_SECONDS)).count > 1
        return later and await self._is_member(telegram_id)

    async def _take_back(self, bot_id: int, kind: Kind, telegram_id: int) -> None:
        rule = self.rules[kind]
        for scope, limit in ((Scope.ACCOUNT, rule.account), (Scope.ALL, rule.everybody)):
            if limit.count:
                await self.counters.undo(self._key(bot_id, kind, scope, telegram_id))

    async def _is_member(self, telegram_id: int) -> bool:
        """Someone with a role (read only during a flood, in a short read of its own)."""
        async with self.session_factory() as session:
            user = await queries.get_user(session, telegram_id)
        return user is not None and bool(user.roles)

    # -- refusing --------------------------------------------------------------------------------

    async def _notice_due(self, refusal: Refusal, bot_id: int, telegram_id: int) -> bool:
        """One notice per account and window; over the global limit, also at most `count`
        notices for everybody per window (a flood from many accounts is not answered each)."""
        if refusal.scope is Scope.ACCOUNT:
            return refusal.refused == 1
        mine = self._key(bot_id, refusal.kind, Scope.ACCOUNT, telegram_id, "notice")
        if (await self.counters.hit(mine, refusal.reset_in)).count != 1:
            return False
        notices = self._key(bot_id, refusal.kind, Scope.ALL, telegram_id, "notices")
        return (await self.counters.hit(notices, refusal.reset_in)).count <= refusal.limit.count

    async def _refuse(
        self, refusal: Refusal, bot: Bot, sender: User, data: dict[str, Any]
    ) -> None:
        """Audit the refused attempt (one entry per flood) and send the notice if it is due."""
        notice = await self._notice_due(refusal, bot.id, sender.id)
        user = await self._audit(refusal, bot.id, sender.id, need_user=notice)
        chat = data.get("event_chat")
        if not notice or chat is None:
            return
        i18n: I18n = data["i18n"]
        locale = resolve_locale(
            user.language if user else None,
            sender.language_code or (user.telegram_language if user else None),
            default=i18n.default_locale,
        )
        minutes = max(1, math.ceil(refusal.reset_in / 60))
        with i18n.context(), i18n.use_locale(locale):
            text = notice_text(refusal.kind, minutes, locale)
        # No transaction is open here: the audit's is committed.
        await send_replies(bot, [SendMessage(chat_id=chat.id, text=text)])

    async def _audit(
        self, refusal: Refusal, bot_id: int, telegram_id: int, *, need_user: bool
    ) -> UserView | None:
        """Open the flood's audit entry at its first refused attempt, count the others in it;
        the sender's user (when `need_user` or at the first attempt), else None.

        Several workers over the global limit may each miss the entry while its opener has not
        committed: those attempts are left out of its count (it grows again with the next)."""
        turn = self._everybody if refusal.scope is Scope.ALL else contextlib.nullcontext()
        async with turn:
            return await self._write_audit(refusal, bot_id, telegram_id, need_user=need_user)

    async def _write_audit(
        self, refusal: Refusal, bot_id: int, telegram_id: int, *, need_user: bool
    ) -> UserView | None:
        now = self.clock()
        first = refusal.refused == 1
        key = self._key(bot_id, refusal.kind, refusal.scope, telegram_id, "audit")
        entry_id = None if first else await self.counters.recall(key)
        details = {
            "scope": refusal.scope.value,
            "attempts": refusal.refused,
            "limit": refusal.limit.count,
            "window_seconds": round(refusal.limit.seconds),
            "until": (now + timedelta(seconds=refusal.reset_in)).isoformat(timespec="seconds"),
        }

        async def work(session: AsyncSession) -> tuple[UserView | None, int | None]:
            user = await queries.get_user(session, telegram_id) if first or need_user else None
            if first:
                mine = refusal.scope is Scope.ACCOUNT and user is not None
                opened = await floods.open_flood_entry(
                    session,
                    action=_ACTIONS[refusal.kind],
                    actor_user_id=user.id if mine and user is not None else None,
                    details=details,
                    now=now,
                )
                return user, opened
            if entry_id is not None:
                await floods.count_flood(session, entry_id, details=details)
            return user, entry_id

        if not first and entry_id is None and not need_user:
            return None  # the entry is being opened by a concurrent attempt: nothing to write
        user, opened = await run_transaction(
            self.session_factory, work, what="a throttled attempt"
        )
        if first and opened is not None:
            await self.counters.remember(key, opened, refusal.reset_in)
            log.info(
                "Throttled %s attempts (%s scope, limit %d per %d s)",
                refusal.kind.value,
                refusal.scope.value,
                refusal.limit.count,
                round(refusal.limit.seconds),
            )
        return user


__all__ = [
    "INVITE_ACCEPTED",
    "Counters",
    "Hit",
    "Kind",
    "Limit",
    "MemoryCounters",
    "RedisCounters",
    "Refusal",
    "Rule",
    "Scope",
    "Throttle",
    "classify",
    "notice_text",
    "rules_from_settings",
]

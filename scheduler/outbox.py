"""The outbox sender: delivers outbox rows to Telegram within its limits, exactly once if it can.

How a row travels: a job enqueues it (models.outbox.enqueue, unique per recipient, kind and
period) -> a sender claims a few due rows with a short lease (status "sending", committed at
once, so no other sender takes them) -> for each row, a rate slot is taken (never more than
`global_per_second` overall and `per_chat_per_second` per chat, so Telegram has no reason to
answer 429) -> one Bot API call -> its outcome is committed in its own short transaction right
after the answer:

    200                    sent (with Telegram's message id)
    429 retry_after        the whole sender pauses that long (flood control is per bot), then
                           the same message is tried again; not counted as a failed attempt
    5xx, timeout, network  pending again after base_backoff * 2**attempts (capped at
                           max_backoff, 5 min); failed once the row has been tried for
                           `retry_for` (a day: a Telegram or network outage of hours is waited
                           out, the week's digest still arrives) or max_attempts times
    403                    blocked, and the user is marked inactive; never retried
    400 can't parse        sent once more as plain text (bot.ui.text.plain_fallback), in a
        entities           rate slot of its own; that call's outcome is the row's
    400 and friends        failed with Telegram's description; never retried

No database transaction is open while a call or a 429 pause is in progress: claims, lease
renewals and outcomes are each their own short transaction (models.uow.run_transaction for the
claims and renewals), made between calls.

Exactly once, and its one at-least-once edge. The unique key gives one row per message; the
lease gives one sender per row; the commit right after each call records the outcome. What
remains is a crash (power loss, SIGKILL, the database unreachable for the commit) between
Telegram accepting a message and our commit of "sent": the row is still "sending", and once its
lease has run out another sender (or this one after a restart) sends it again, so that
recipient gets the message twice. Telegram offers no idempotency key to close that gap; it is
kept as small as it can be:

- a sender holds at most `concurrency` claimed rows at any moment (it claims only what its idle
  workers can start, never a batch ahead), so a crash exposes at most that many rows, and only
  those whose call was in flight can be repeated; with the per-chat limit at 1/s there is at
  most one call in flight per chat, hence at most one repeated message per chat;
- the bookkeeping commit follows each call immediately (and is retried a few times if the
  database hiccups);
- leases are short (`lease_seconds`, 60 s by default) and renewed every quarter of a lease
  while a row waits (for its chat's slot, for a 429 pause to end, for its call), so a row is
  never taken over from a live sender, and a dead sender's rows are sent again within a lease;
- a row is not started once half of its lease has passed without a renewal (the database is
  unreachable), nor once a renewal found it taken over, because another sender may send it;
- a sender that is stopped or cancelled (a deploy, Ctrl-C) does not drop its calls in flight:
  it lets them finish and records them, and gives the claimed rows it did not start back to
  the queue (models.outbox.release), so a clean stop loses nothing and repeats nothing.

Replies owed to updates (OutboxKind.REPLY: Telegram did not take them after the update's
commit) are rows too, one per Bot API call, each sent as the handler stated it; a chat's go one
at a time in their order (models.outbox.claim_due claims one only when no earlier one of its
chat is open), so a retried one is never overtaken by the next.

Several senders (several workers) may drain the same table: claims never overlap (FOR UPDATE
SKIP LOCKED on PostgreSQL, the single writer on SQLite). Each sender keeps its own rate limits,
so give each one its share of Telegram's (30 / workers per second). Replies from handlers share
the bot's global limit too: leave some headroom in production.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import heapq
import logging
import math
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.methods import SendMessage, SendPhoto, TelegramMethod
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.clock import utcnow
from bot.domain.enums import OutboxKind, OutboxStatus
from bot.settings import Settings
from bot.telegram import create_bot
from bot.ui.replies import load_method
from bot.ui.text import is_users_doing, plain_fallback
from models import outbox, queries
from models.outbox import OutboxView
from models.uow import run_transaction

if TYPE_CHECKING:
    from bot.metrics import Metrics

log = logging.getLogger(__name__)

# Telegram's refusals that no retry can change (the message itself is wrong).
_FINAL_ERRORS = (
    TelegramBadRequest,
    TelegramNotFound,
    TelegramEntityTooLarge,
    TelegramMigrateToChat,
)
# How long a worker sleeps at most before looking again (a stop is noticed this fast).
_MAX_NAP = 0.25
# How often a worker looks again when every rate slot is held by a call in flight.
_INFLIGHT_POLL = 0.02
# Leases are renewed this often (a fraction of the lease), while the sender holds rows.
_RENEW_EVERY = 0.25
# A row is not started once this fraction of its lease has passed since it was last renewed.
_SEND_WITHIN = 0.5
# Retries of the bookkeeping commit after a call (a database hiccup must not cause a re-send).
_COMMIT_DELAYS = (0.2, 0.5, 1.0, 2.0)


@dataclass
class DrainStats:
    """What one drain did. `waits_honoured` counts 429 answers whose retry_after was waited."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    waits_honoured: int = 0
    # Claimed rows given back unsent because the sender was stopped or cancelled.
    released: int = 0
    # Claimed rows not sent because their lease was lost (taken over, or not renewable).
    lost: int = 0
    # The most claimed rows held at once: what a crash at the worst moment could expose.
    peak_claimed: int = 0


class _Window:
    """At most `limit` calls in any `period` seconds, whatever the network does.

    A call holds its slot from the moment it starts until `period` after its answer arrived.
    Telegram (and the sandbox) count a call at some moment between those two, so two calls
    that share a slot are always more than `period` apart on Telegram's side too: no 429 even
    when one call is slow and the next one fast.
    """

    __slots__ = ("inflight", "limit", "period", "released")

    def __init__(self, per_second: float) -> None:
        if per_second <= 0:
            raise ValueError("a rate must be positive")
        if per_second >= 1:
            self.limit = math.floor(per_second)
            self.period = self.limit / per_second
        else:
            self.limit = 1
            self.period = 1 / per_second
        self.inflight = 0
        self.released: list[float] = []  # a heap of answer times

    def wait(self, now: float) -> float:
        """Seconds until a slot is free (0: one is free now)."""
        released = self.released
        while released and released[0] + self.period <= now:
            heapq.heappop(released)
        if self.inflight + len(released) < self.limit:
            return 0.0
        if released:
            return released[0] + self.period - now
        return _INFLIGHT_POLL

    def take(self) -> None:
        self.inflight += 1

    def give_back(self, now: float) -> None:
        self.inflight -= 1
        heapq.heappush(self.released, now)

    def idle(self, now: float) -> bool:
        return self.inflight == 0 and all(t + self.period <= now for t in self.released)


@dataclass
class _Claimed:
    view: OutboxView
    # The row's lease end as this sender last wrote it: its token for renew and release.
    lease_until: datetime
    # clock() after which the row must not be started any more (its lease is not fresh).
    send_before: float
    # A renewal found the row taken over (or finished) by someone else.
    lost: bool = False


@dataclass
class _Drain:
    """The shared state of one drain's workers."""

    until_empty: bool
    stats: DrainStats = field(default_factory=DrainStats)
    queue: deque[_Claimed] = field(default_factory=deque)
    # Every claimed row without an outcome yet (queued or being delivered), by id.
    held: dict[int, _Claimed] = field(default_factory=dict)
    unsent: list[_Claimed] = field(default_factory=list)
    refill: asyncio.Lock = field(default_factory=asyncio.Lock)
    claims: int = 0
    exhausted: bool = False
    halted: bool = False


MIN_ATTEMPTS = 8


class OutboxSender:
    """Sends due outbox rows through `bot`, which must not retry by itself.

    Build the bot with `create_outbox_bot(settings)` (or any Bot whose session has no retry
    middleware): a session that retries 429 and 5xx on its own would stack its waits on this
    sender's and hide the outcomes it must record.

    `concurrency` is both the number of calls that may be in flight and the most rows claimed at
    once; `batch` only caps one claim statement.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        bot: Bot,
        *,
        global_per_second: float = 30,
        per_chat_per_second: float = 1,
        max_attempts: int = 400,
        retry_for: float = 86_400.0,
        base_backoff: float = 1.0,
        max_backoff: float = 300.0,
        batch: int = 100,
        clock: Callable[[], float] = time.monotonic,
        lease_seconds: float = 60.0,
        concurrency: int | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if batch < 1:
            raise ValueError("batch must be at least 1")
        if lease_seconds <= 0:
            raise ValueError("lease_seconds must be positive")
        if concurrency is not None and concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.session_factory = session_factory
        self.bot = bot
        self.global_per_second = global_per_second
        self.per_chat_per_second = per_chat_per_second
        self.max_attempts = max_attempts
        self.retry_for = retry_for
        self.base_backoff = base_backoff
        self.max_backoff = max_backoff
        self.batch = batch
        self.clock = clock
        self.lease_seconds = lease_seconds
        # Enough calls at once to fill the global rate while some workers wait for a chat.
        self.concurrency = concurrency or min(batch, math.ceil(global_per_second) + 4)
        self._global = _Window(global_per_second)
        self._chats: dict[int, _Window] = {}
        self._paused_until = 0.0
        self._takes = 0
        self._stopping = asyncio.Event()
        self._woken = asyncio.Event()

    @classmethod
    def from_settings(
        cls, settings: Settings, session_factory: async_sessionmaker[AsyncSession], bot: Bot
    ) -> OutboxSender:
        """A sender with the limits, lease and concurrency of `settings.outbox`."""
        section = settings.outbox
        return cls(
            session_factory,
            bot,
            global_per_second=section.global_per_second,
            per_chat_per_second=section.per_chat_per_second,
            max_attempts=section.max_attempts,
            retry_for=section.retry_for_seconds,
            lease_seconds=section.lease_seconds,
            concurrency=section.concurrency,
        )

    # -- public ---------------------------------------------------------------------------------

    async def drain(self, *, until_empty: bool = True) -> DrainStats:
        """Send due rows: one claim's worth, or (until_empty) until no row is due any more.

        Rows retried with a backoff fall due later and are left for a later drain. Cancelling
        the drain (or stop()) lets the calls in flight finish and be recorded, and gives the
        rows not started back to the queue before CancelledError goes on.
        """
        state = _Drain(until_empty=until_empty)
        workers = [
            asyncio.create_task(self._worker(state), name=f"outbox-worker-{i}")
            for i in range(self.concurrency)
        ]
        renewer = asyncio.create_task(self._keep_leases(state), name="outbox-leases")
        try:
            # asyncio.wait, not gather: cancelling the drain must not cancel the workers.
            await asyncio.wait(workers)
        except asyncio.CancelledError:
            state.halted = True
            await asyncio.wait(workers)
            await self._stop_renewing(renewer)
            await self._release(state)
            raise
        await self._stop_renewing(renewer)
        await self._release(state)
        for worker in workers:
            # A worker that failed (the database went away) fails the drain.
            worker.result()
        return state.stats

    async def run_forever(self, poll_seconds: float = 1.0) -> None:
        """Drain, then wait for wake() or `poll_seconds`, until stop()."""
        self._stopping.clear()
        while not self._stopping.is_set():
            try:
                await self.drain()
            except Exception:
                # The database went away, say: the loop must outlive it.
                log.exception("The outbox sender failed a drain; trying again shortly")
            if self._stopping.is_set():
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), timeout=poll_seconds)
            self._woken.clear()

    def wake(self) -> None:
        """Drain now (after an enqueue) instead of at the next poll."""
        self._woken.set()

    def stop(self) -> None:
        """End run_forever and any drain in progress (calls in flight are finished first)."""
        self._stopping.set()
        self._woken.set()

    # -- workers --------------------------------------------------------------------------------

    def _halted(self, state: _Drain) -> bool:
        return state.halted or self._stopping.is_set()

    async def _worker(self, state: _Drain) -> None:
        while not self._halted(state):
            item = await self._next(state)
            if item is None:
                return
            try:
                await self._deliver(state, item)
            finally:
                # Recorded, given back (unsent), or left to its lease: no longer held.
                state.held.pop(item.view.id, None)
            if item.view.kind == OutboxKind.REPLY.value and state.until_empty:
                # The chat's next owed reply waited for this one (models.outbox.claim_due):
                # it may be due now, even if a claim found nothing meanwhile.
                state.exhausted = False

    async def _next(self, state: _Drain) -> _Claimed | None:
        if state.queue:
            return state.queue.popleft()
        async with state.refill:
            # Another worker may have refilled the queue while this one waited for the lock.
            if not state.queue and not state.exhausted and not self._halted(state):
                if state.claims > 0 and not state.until_empty:
                    state.exhausted = True
                else:
                    await self._claim(state)
            return state.queue.popleft() if state.queue else None

    async def _claim(self, state: _Drain) -> None:
        """Claim as many due rows as idle workers can start now (never a batch ahead)."""
        room = min(self.batch, self.concurrency - len(state.held) - len(state.unsent))
        if room <= 0:  # pragma: no cover - an idle worker always leaves room for one
            return
        started = self.clock()

        async def work(session: AsyncSession) -> list[OutboxView]:
            return await outbox.claim_due(
                session, now=utcnow(), limit=room, lease_seconds=self.lease_seconds
            )

        claimed = await run_transaction(self.session_factory, work, what="outbox claim")
        state.claims += 1
        if not claimed:
            state.exhausted = True
            return
        send_before = started + self.lease_seconds * _SEND_WITHIN
        for view in claimed:
            item = _Claimed(view, view.next_attempt_at, send_before)
            state.held[view.id] = item
            state.queue.append(item)
        state.stats.peak_claimed = max(state.stats.peak_claimed, len(state.held))

    async def _keep_leases(self, state: _Drain) -> None:
        """Renew the leases of the rows held, every quarter of a lease, until cancelled."""
        while True:
            await asyncio.sleep(self.lease_seconds * _RENEW_EVERY)
            if state.held:
                await self._renew(state)

    async def _renew(self, state: _Drain) -> None:
        items = list(state.held.values())
        leases = {item.view.id: item.lease_until for item in items}
        started = self.clock()

        async def work(session: AsyncSession) -> tuple[datetime, set[int]]:
            return await outbox.renew(
                session, leases, now=utcnow(), lease_seconds=self.lease_seconds
            )

        try:
            lease_until, kept = await run_transaction(
                self.session_factory, work, attempts=3, what="outbox lease renewal"
            )
        except Exception:
            # The rows stop being started once half their lease has passed (see _wait_turn).
            log.warning("Renewing the outbox leases failed; trying again shortly", exc_info=True)
            return
        for item in items:
            if item.view.id in kept:
                item.lease_until = lease_until
                item.send_before = started + self.lease_seconds * _SEND_WITHIN
            elif state.held.get(item.view.id) is item:
                # Finished meanwhile (then nothing changes), or taken over by another sender.
                item.lost = True

    @staticmethod
    async def _stop_renewing(renewer: asyncio.Task[None]) -> None:
        renewer.cancel()
        await asyncio.wait([renewer])

    async def _release(self, state: _Drain) -> None:
        items = state.unsent + list(state.queue)
        state.queue.clear()
        state.unsent.clear()
        for item in items:
            state.held.pop(item.view.id, None)
        if not items:
            return
        leases = {item.view.id: item.lease_until for item in items}

        async def work(session: AsyncSession) -> int:
            return await outbox.release(session, leases, now=utcnow())

        state.stats.released += await run_transaction(
            self.session_factory, work, what="outbox release"
        )

    async def _deliver(self, state: _Drain, item: _Claimed) -> None:
        """Send one row until it has an outcome (429s are waited out and tried again; a message
        whose formatting Telegram cannot parse is sent once more as plain text)."""
        view = item.view
        method: TelegramMethod[Any]
        try:
            method = build_method(view)
        except (KeyError, TypeError, ValueError, ValidationError, binascii.Error) as error:
            await self._record(view, OutboxStatus.FAILED, f"invalid payload: {error}", state)
            return
        plain_sent = False
        while True:
            if not await self._wait_turn(state, item):
                return
            chat = self._chats[view.recipient_telegram_id]
            try:
                result = await self.bot(method)
            except TelegramRetryAfter as error:
                self._give_back(chat)
                self._pause(float(error.retry_after))
                state.stats.waits_honoured += 1
                continue
            except TelegramForbiddenError as error:
                self._give_back(chat)
                await self._record(view, OutboxStatus.BLOCKED, error.message, state)
            except _FINAL_ERRORS as error:
                self._give_back(chat)
                if _done_meanwhile(view, error):
                    # An owed edit the user's next tap already made, or a message they deleted:
                    # nothing is left to do, as when the unit of work sends it (no failure).
                    log.info("Outbox row %d (reply): %s", view.id, error.message)
                    await self._record_sent(view, None, state)
                    return
                plain = (
                    plain_fallback(method, error)
                    if isinstance(error, TelegramBadRequest) and not plain_sent
                    else None
                )
                if plain is not None:
                    # Telegram cannot parse its formatting: its plain text, once, in a new slot.
                    method, plain_sent = plain, True
                    continue
                await self._record(view, OutboxStatus.FAILED, error.message, state)
            except (TelegramAPIError, TelegramNetworkError) as error:
                # 5xx, timeouts, network errors, and the odd status nobody expects.
                self._give_back(chat)
                await self._retry_later(view, f"{type(error).__name__}: {error.message}", state)
            except Exception as error:
                # An answer that could not be read, a bug in a layer below: try again later
                # rather than leave the row leased by a dead worker.
                self._give_back(chat)
                log.exception("Outbox row %d: unexpected error", view.id)
                await self._retry_later(view, f"{type(error).__name__}: {error}", state)
            except BaseException:
                self._give_back(chat)
                raise
            else:
                self._give_back(chat)
                # An owed reply's edit or deletion makes no message (True).
                await self._record_sent(view, getattr(result, "message_id", None), state)
            return

    async def _wait_turn(self, state: _Drain, item: _Claimed) -> bool:
        """Take a global and a chat slot; False when halted or the row is no longer ours."""
        chat_id = item.view.recipient_telegram_id
        while True:
            if self._halted(state):
                state.unsent.append(item)
                return False
            now = self.clock()
            if item.lost or now >= item.send_before:
                # Left as it is: another sender holds it, or will once the lease has ended.
                log.warning("Outbox row %d: lease lost or not renewed, not sent", item.view.id)
                state.stats.lost += 1
                return False
            chat = self._chats.get(chat_id)
            if chat is None:
                chat = self._chats[chat_id] = _Window(self.per_chat_per_second)
            wait = max(self._paused_until - now, self._global.wait(now), chat.wait(now))
            if wait <= 0:
                self._global.take()
                chat.take()
                self._takes += 1
                if self._takes % 1000 == 0:
                    self._forget_idle_chats(now)
                return True
            await asyncio.sleep(min(wait, _MAX_NAP))

    def _give_back(self, chat: _Window) -> None:
        now = self.clock()
        self._global.give_back(now)
        chat.give_back(now)

    def _forget_idle_chats(self, now: float) -> None:
        for chat_id in [c for c, window in self._chats.items() if window.idle(now)]:
            del self._chats[chat_id]

    def _pause(self, seconds: float) -> None:
        until = self.clock() + seconds
        if until > self._paused_until:
            log.warning("Telegram asked to wait %.0f s (429): the outbox sender pauses", seconds)
            self._paused_until = until

    def backoff(self, attempts: int) -> float:
        """Seconds to wait after the attempt that makes `attempts + 1` failed attempts."""
        return float(min(self.max_backoff, self.base_backoff * 2**attempts))

    # -- bookkeeping ----------------------------------------------------------------------------

    async def _retry_later(self, view: OutboxView, error: str, state: _Drain) -> None:
        failed_attempts = view.attempts + 1
        tried_for = (utcnow() - view.created_at).total_seconds()
        # The window counts from the queueing; a row queued while no sender ran still gets its
        # first few attempts (MIN_ATTEMPTS) before it can be given up.
        window_over = tried_for >= self.retry_for and failed_attempts >= MIN_ATTEMPTS
        if failed_attempts >= self.max_attempts or window_over:
            error = f"gave up after {failed_attempts} attempts in {tried_for:.0f} s: {error}"
            await self._record(view, OutboxStatus.FAILED, error, state)
            return
        # Up to 10 % later, so that rows that failed together do not come back together.
        delay = min(self.max_backoff, self.backoff(view.attempts) * (1 + random.random() / 10))  # noqa: S311
        log.info("Outbox row %d: %s; retry in %.1f s", view.id, error, delay)

        async def write(session: AsyncSession) -> None:
            await outbox.mark_retry(
                session, view.id, error=error, next_attempt_at=utcnow() + timedelta(seconds=delay)
            )

        await self._commit(write)
        state.stats.retried += 1

    async def _record(
        self, view: OutboxView, status: OutboxStatus, error: str, state: _Drain
    ) -> None:
        """A final outcome other than sent: failed or blocked."""

        async def write(session: AsyncSession) -> None:
            if status is OutboxStatus.BLOCKED:
                await outbox.mark_blocked(session, view.id, error=error)
                await queries.set_active(session, view.recipient_telegram_id, False)
            else:
                await outbox.mark_failed(session, view.id, error=error)

        await self._commit(write)
        if status is OutboxStatus.BLOCKED:
            log.info("Outbox row %d: the recipient blocked the bot", view.id)
            state.stats.blocked += 1
        else:
            log.warning("Outbox row %d (%s) failed: %s", view.id, view.kind, error)
            state.stats.failed += 1

    async def _record_sent(self, view: OutboxView, message_id: int | None, state: _Drain) -> None:
        async def write(session: AsyncSession) -> None:
            await outbox.mark_sent(session, view.id, telegram_message_id=message_id, now=utcnow())

        await self._commit(write)
        state.stats.sent += 1

    async def _commit(self, write: Callable[[AsyncSession], Any]) -> None:
        """Write and commit an outcome, retrying a failed commit a few times.

        Shielded: a cancelled drain still records what Telegram already answered.
        """

        async def attempt() -> None:
            for delay in (*_COMMIT_DELAYS, None):
                try:
                    await run_transaction(self.session_factory, write, what="outbox outcome")
                    return
                except SQLAlchemyError:
                    if delay is None:
                        raise
                    log.warning("Recording an outbox outcome failed; retrying", exc_info=True)
                    await asyncio.sleep(delay)

        await asyncio.shield(attempt())


def _done_meanwhile(view: OutboxView, error: Exception) -> bool:
    """An owed reply's edit or deletion that Telegram refused for what the user did since."""
    return (
        view.kind == OutboxKind.REPLY.value
        and isinstance(error, TelegramBadRequest)
        and is_users_doing(error)
    )


def build_method(view: OutboxView) -> TelegramMethod[Any]:
    """The Bot API call for a row's payload: sendPhoto (caption = text) or sendMessage, or for
    an owed reply (OutboxKind.REPLY) the call the update's handler stated."""
    payload = view.payload
    if view.kind == OutboxKind.REPLY.value:
        method = load_method(payload["call"])
        if method is None:
            raise ValueError(f"not a Bot API method: {payload['call'].get('method')!r}")
        return method
    text = str(payload["text"])
    parse_mode: str | Default | None = payload.get("parse_mode", "HTML")
    raw_markup = payload.get("reply_markup")
    markup = None if raw_markup is None else InlineKeyboardMarkup.model_validate(raw_markup)
    protect = bool(payload.get("protect_content", False))
    photo = payload.get("photo_png_b64")
    if photo:
        data = base64.b64decode(str(photo), validate=True)
        return SendPhoto(
            chat_id=view.recipient_telegram_id,
            photo=BufferedInputFile(data, filename=f"{view.kind}.png"),
            caption=text,
            parse_mode=parse_mode,
            reply_markup=markup,
            protect_content=protect,
        )
    return SendMessage(
        chat_id=view.recipient_telegram_id,
        text=text,
        parse_mode=parse_mode,
        reply_markup=markup,
        protect_content=protect,
    )


def create_outbox_bot(settings: Settings, *, metrics: Metrics | None = None) -> Bot:
    """The production Bot, without its own retries (the sender does them and records them);
    its failed calls are counted in `metrics` (bot.metrics) when given."""
    section = settings.bot.model_copy(update={"max_retries": 0})
    return create_bot(settings.model_copy(update={"bot": section}), metrics=metrics)


# -- fieldbot digest --now ---------------------------------------------------------------------


async def drain_due(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> list[str]:
    """Send every due row now (whoever enqueued it), then say what was sent and what is left.

    Rows retried with a backoff and rows leased by another sender (or by one that died, until
    its lease ends) are not due: they are counted as still open, with the next due time.
    """
    bot = create_outbox_bot(settings)
    try:
        stats = await OutboxSender.from_settings(settings, session_factory, bot).drain()
    finally:
        await bot.session.close()
    async with session_factory() as session:
        counts = await outbox.counts_by_status(session)
        next_due = await outbox.next_due_at(session)
    lines = [
        f"outbox: sent {stats.sent}; retried later {stats.retried}; failed {stats.failed}; "
        f"blocked {stats.blocked}"
    ]
    pending, sending = counts[OutboxStatus.PENDING.value], counts[OutboxStatus.SENDING.value]
    if pending or sending:
        when = "" if next_due is None else f"; next due at {next_due:%Y-%m-%d %H:%M:%S} UTC"
        lines.append(
            f"still open: {pending} pending (retrying later), {sending} sending (leased by "
            f"another sender, or by one that stopped: due again when the lease ends){when}"
        )
    else:
        lines.append("still open: none")
    return lines


__all__ = [
    "DrainStats",
    "OutboxSender",
    "build_method",
    "create_outbox_bot",
    "drain_due",
]

"""Outer middlewares: they inject the update's unit of work and the user, nothing else.

Order (see create_dispatcher): aiogram's errors → user context → SessionMiddleware (opens the
session, no query yet) → ChatLockMiddleware (per-chat lock, FSM context) → UnitOfWorkMiddleware
(its turn on SQLite, the state, the handler, the update id that dedupes it, one commit, then
the replies) → UserMiddleware → per-event I18n → routers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.types import TelegramObject, Update, User
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.clock import utcnow
from bot.domain.people import UserView, stored_name
from bot.telegram import answers_unread
from bot.ui.replies import Replies, dump_method, load
from bot.ui.text import is_users_doing, send_or_plain
from models import outbox, queries
from models.fsm import use_session
from models.sqlite import write_turn
from models.uow import DEFAULT_ATTEMPTS, backoff, is_disconnect, is_transient, run_transaction

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class SessionMiddleware(BaseMiddleware):
    """One database session per update, opened before the FSM so the SQL storage reads and
    writes the conversation state through it: one connection per update, and the state
    changes commit together with the handler's effects. No query runs here: the session
    connects at the unit of work's first query, after the per-user lock and (on SQLite) the
    write turn are taken."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        # The bot's own user (its @username in texts) is fetched once, before any transaction
        # of this update opens; aiogram caches it.
        bot: Bot = data["bot"]
        await bot.me()
        async with self.session_factory() as session:
            with use_session(session):
                data["session"] = session
                return await handler(event, data)


class ChatLockMiddleware(FSMContextMiddleware):
    """aiogram's FSM middleware, except that the state is read by the unit of work.

    The per-chat lock is taken here (one update of a user at a time), but the first query
    waits for the unit of work's turn: on SQLite an update queued for its database phase then
    holds no pooled connection while it waits.
    """

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        bot: Bot = data["bot"]
        context = self.resolve_event_context(bot, data)
        data["fsm_storage"] = self.storage
        if context is None:
            return await handler(event, data)
        async with self.events_isolation.lock(key=context.key):
            data["state"] = context
            return await handler(event, data)


class UnitOfWorkMiddleware(BaseMiddleware):
    """Dedupe, one short transaction, then the replies; inside the per-user lock.

    The handler states its Bot API calls through `reply` (bot.ui.replies) instead of making
    them. Its effects, the FSM state (SQL storage, through the update's session), the processed
    update id and those calls commit together; only then are the calls sent, so no transaction
    is ever open while Telegram is slow. A transient lock or serialization error, or a lost
    database connection, runs the whole update again (nothing was sent yet), with jittered
    backoff; the user sees an apology only
    when every attempt failed. A redelivered update has no second effect: recording its id
    again fails on the unique key and rolls its attempt back; the replies it still owes (a
    crash after the commit) are sent.
    """

    CLEAR_BATCH = 16  # sent replies marked as sent together (and all of them at shutdown)
    # Replies Telegram did not take (5xx, timeouts past the client's own retries) go to the
    # outbox (`_owe`): a webhook or polling update was acknowledged, so no redelivery will
    # come to send them, and a restart must not leave the user without an answer. Only when
    # that cannot be written (the database is failing too) are they tried again from memory,
    # after these pauses (seconds).
    OWED_RETRY_DELAYS: tuple[float, ...] = (5.0, 30.0, 120.0, 600.0)

    def __init__(self, *, attempts: int = DEFAULT_ATTEMPTS) -> None:
        self.attempts = attempts
        # Updates whose replies were all sent, per bot: cleared CLEAR_BATCH at a time by a
        # later update's transaction (and at shutdown) rather than by one more each. This
        # process knows they were sent; for another worker, or after a crash, a redelivery of
        # one of them (Telegram was not told it was handled) would send its replies again.
        # Once Telegram has the answer, nothing is redelivered.
        self._sent: dict[int, list[int]] = {}
        # Tasks started after an update's commit (Replies.later), kept until they end.
        self._afterwards: set[asyncio.Task[None]] = set()
        # Updates (bot id, update id) whose owed replies a task of this process will try again:
        # a redelivery meanwhile leaves them to it.
        self._sending_later: set[tuple[int, int]] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        bot: Bot = data["bot"]
        session: AsyncSession = data["session"]
        for attempt in range(1, self.attempts + 1):
            replies = Replies()
            data["reply"] = replies
            # Cleared a batch at a time: one statement for many updates, not one for each.
            waiting = self._sent.get(bot.id, [])
            sent = self._sent.pop(bot.id) if len(waiting) >= self.CLEAR_BATCH else []
            started = utcnow()
            try:
                # On SQLite, this process's writers take turns (models.sqlite): the whole
                # transaction, from its first read to its commit, and no network in it.
                async with write_turn(session.bind):
                    try:
                        result = await self._transaction(
                            handler, event, data, session, bot, replies, sent
                        )
                    except BaseException:
                        await session.rollback()
                        raise
            except IntegrityError as error:
                self._sent.setdefault(bot.id, []).extend(sent)
                # A redelivery runs its handler again on the newer state: one of the handler's
                # own writes can meet a unique key before the update id does. Either way it
                # was handled already, and that is no error.
                if _duplicate_update(error) or await self._handled_already(bot, event, session):
                    return await self._seen_before(bot, event, data, session, started)
                raise
            except Exception as error:
                self._sent.setdefault(bot.id, []).extend(sent)  # not cleared after all
                if attempt >= self.attempts or not _run_again(error):
                    if await self._handled_already(bot, event, session):
                        # A redelivery that went another way on the newer state: not an error.
                        return await self._seen_before(bot, event, data, session, started)
                    raise
                delay = backoff(attempt)
                if (metrics := data.get("metrics")) is not None:
                    metrics.update_retries.inc()
                log.info(
                    "Update %s hit a transient database error (%s); running it again in %.2f s",
                    event.update_id,
                    type(error).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
                continue
            except BaseException:
                self._sent.setdefault(bot.id, []).extend(sent)
                raise
            await self._deliver(bot, event.update_id, replies.calls, data)
            self._start_afterwards(replies)
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    async def _seen_before(
        self,
        bot: Bot,
        event: Update,
        data: dict[str, Any],
        session: AsyncSession,
        started: datetime,
    ) -> None:
        """The update was handled already: its effects stay as they are (ours rolled back).

        The replies it still owes are sent if the delivery that handled it had committed
        before this one began (a crash after its commit), unless this process sent them; one
        that committed later is still in flight and sends its own. The per-chat lock
        (ChatLockMiddleware; Redis across workers) holds a chat's update until its replies are
        sent, so a redelivery never starts while the first delivery is still sending. The two
        times come from the workers' clocks (kept in step by NTP).
        """
        if (observation := data.get("observation")) is not None:
            observation.outcome = "duplicate"  # for bot.metrics
        log.info("Update %s was already processed; ignored", event.update_id)
        owed = await queries.owed_replies(session, bot.id, event.update_id, recorded_by=started)
        await session.commit()  # end the read before talking to Telegram
        sent_here = event.update_id in self._sent.get(bot.id, []) or (
            (bot.id, event.update_id) in self._sending_later
        )
        if owed and not sent_here:
            await self._deliver(bot, event.update_id, load(owed), data)

    @staticmethod
    async def _handled_already(bot: Bot, event: Update, session: AsyncSession) -> bool:
        """Was this update handled by an earlier delivery? (Asked only when it failed.)"""
        try:
            seen = await queries.get_processed_update(session, bot.id, event.update_id)
        except Exception as error:  # the database is failing: the original error stands
            log.warning("Could not check update %s: %s", event.update_id, type(error).__name__)
            return False
        finally:
            with contextlib.suppress(Exception):  # the original error is the one to report
                await session.rollback()
        return seen is not None

    def _start_afterwards(self, replies: Replies) -> None:
        """The work the handler asked to start after the commit (Replies.later)."""
        for work in replies.afterwards:
            task = asyncio.create_task(work(), name="after-update")
            self._afterwards.add(task)
            task.add_done_callback(self._afterwards.discard)

    async def _transaction(
        self,
        handler: Handler,
        event: Update,
        data: dict[str, Any],
        session: AsyncSession,
        bot: Bot,
        replies: Replies,
        sent: list[int],
    ) -> Any:
        """One attempt's transaction: state, handler, update id + replies, commit.

        No SELECT first to see whether the update was handled already: recording its id
        fails for a redelivery (a unique key), and that rare case rolls back (`_seen_before`).
        """
        state: FSMContext | None = data.get("state")
        from_user: User | None = data.get("event_from_user")
        data.pop(_USER_READ, None)
        if state is not None and from_user is not None and not from_user.is_bot:
            # The user and the chat's state in one statement (UserMiddleware takes the user).
            data[_USER_READ] = await queries.get_user_and_state(session, from_user.id, state.key)
        # Read in this attempt's transaction (a retry reads it afresh).
        data["raw_state"] = await state.get_state() if state else None
        result = await handler(event, data)
        await queries.clear_replies(session, bot.id, sent)
        await queries.record_processed_update(
            session, bot.id, event.update_id, utcnow(), replies.dump()
        )
        # Commit before talking to Telegram.
        await session.commit()
        return result

    async def flush(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        """Mark the replies sent so far as sent (at shutdown: the next update will not come)."""
        pending, self._sent = self._sent, {}

        async def clear(session: AsyncSession) -> None:
            for bot_id, update_ids in pending.items():
                await queries.clear_replies(session, bot_id, update_ids)

        if any(pending.values()):
            try:
                await run_transaction(session_factory, clear, what="marking replies sent")
            except Exception as error:  # a redelivery would resend them: log, carry on
                log.warning("Could not mark the replies sent: %s", type(error).__name__)

    async def _deliver(
        self, bot: Bot, update_id: int, calls: list[TelegramMethod[Any]], data: dict[str, Any]
    ) -> None:
        """Send the committed replies in order; once sent, they are cleared in bulk later."""
        if not calls:
            return
        owed = calls
        try:
            owed = await send_remaining(bot, calls)
        except TelegramForbiddenError:
            owed = []  # blocked: nothing more can be delivered
            await _blocked(data, update_id)
        finally:
            if not owed:
                self._sent.setdefault(bot.id, []).append(update_id)
        if owed and not await _owe(bot, update_id, owed, data):
            self._sending_later.add((bot.id, update_id))
            task = asyncio.create_task(self._send_later(bot, update_id, owed, data))
            self._afterwards.add(task)
            task.add_done_callback(self._afterwards.discard)

    async def _send_later(
        self, bot: Bot, update_id: int, owed: list[TelegramMethod[Any]], data: dict[str, Any]
    ) -> None:
        """Send the replies Telegram did not take, in order, after pauses (OWED_RETRY_DELAYS)."""
        try:
            for delay in self.OWED_RETRY_DELAYS:
                await asyncio.sleep(delay)
                try:
                    owed = await send_remaining(bot, owed)
                except TelegramForbiddenError:
                    owed = []
                    await _blocked(data, update_id)
                if not owed:
                    self._sent.setdefault(bot.id, []).append(update_id)
                    return
            log.warning("Update %s: %d replies could not be sent; given up", update_id, len(owed))
        finally:
            self._sending_later.discard((bot.id, update_id))


async def _owe(
    bot: Bot, update_id: int, owed: list[TelegramMethod[Any]], data: dict[str, Any]
) -> bool:
    """Hand the replies Telegram did not take to the outbox, which outlives this process.

    One short transaction queues them, one row per call in their order (the sender sends a
    chat's owed replies one after the other, oldest first), and takes them off the update's
    stored replies, so that a redelivery of the update does not send them as well. Then the
    sender is woken, when this process runs it. False when that could not be written.
    """
    from_user: User | None = data.get("event_from_user")
    rows = []
    for method in owed:
        chat_id = _chat_of(method, from_user)
        if chat_id is None:
            log.info("Update %s: %s owed to no chat; dropped", update_id, method.__api_method__)
            continue
        rows.append((chat_id, dump_method(method)))

    async def write(session: AsyncSession) -> None:
        await outbox.enqueue_replies(session, update_id=update_id, calls=rows, now=utcnow())
        await queries.clear_replies(session, bot.id, [update_id])

    try:
        await run_transaction(data["session_factory"], write, what="queueing owed replies")
    except Exception as error:
        log.warning(
            "Update %s: the owed replies could not be queued (%s); retried from memory",
            update_id,
            type(error).__name__,
        )
        return False
    log.info("Update %s: %d owed replies queued in the outbox", update_id, len(rows))
    if (wake := data.get("wake_outbox")) is not None:
        wake()
    return True


def _chat_of(method: TelegramMethod[Any], from_user: User | None) -> int | None:
    """The chat an owed call goes to (its chat_id, a command menu's scope), or the user's own
    chat; None for a button's answer (too late to give) and what names no chat."""
    if isinstance(method, AnswerCallbackQuery):
        return None
    chat_id = getattr(method, "chat_id", None)
    if chat_id is None:
        chat_id = getattr(getattr(method, "scope", None), "chat_id", None)
    if isinstance(chat_id, int):
        return chat_id
    return from_user.id if chat_id is None and from_user is not None else None


async def send_replies(bot: Bot, calls: list[TelegramMethod[Any]]) -> bool:
    """Send `calls` in order; True if some are still owed (a failure worth a retry later).

    A call whose formatting Telegram cannot parse is sent once more as plain text (logged;
    bot.ui.text.send_or_plain). Any other 400 is final for that call (logged; "not modified"
    and a message the user deleted are harmless, at INFO); a 403 (the user blocked the bot) is
    raised, for the caller to mark the user inactive; network and server errors, once the
    client's own retries are exhausted, leave the calls owed: queued in the outbox
    (UnitOfWorkMiddleware._deliver), or sent by a redelivery of the update.
    """
    return bool(await send_remaining(bot, calls))


async def send_remaining(bot: Bot, calls: list[TelegramMethod[Any]]) -> list[TelegramMethod[Any]]:
    """Send `calls` in order (as send_replies); the calls still owed, from the first that
    failed, or an empty list."""
    with answers_unread():  # nothing reads what Telegram answers to a reply
        for index, method in enumerate(calls):
            try:
                await send_or_plain(bot, method)
            except TelegramBadRequest as error:
                level = logging.INFO if is_users_doing(error) else logging.WARNING
                log.log(level, "%s refused: %s", method.__api_method__, error.message)
            except TelegramForbiddenError:
                raise  # blocked: nothing is owed (UnitOfWorkMiddleware marks the user)
            except (TelegramAPIError, TimeoutError, OSError) as error:
                if isinstance(method, AnswerCallbackQuery):  # too late to answer it anyway
                    log.info("Answering a button tap failed (%s); the replies go on", error)
                    continue
                log.warning("%s failed (%s); the reply stays owed", method.__api_method__, error)
                return calls[index:]
    return []


async def _blocked(data: dict[str, Any], update_id: int) -> None:
    """The user blocked the bot while their update was handled (its effects are committed):
    nothing more is sent to them (digests, reminders) until they write again."""
    from_user: User | None = data.get("event_from_user")
    if from_user is None:
        return
    log.info("The user blocked the bot (update %s); marked inactive", update_id)

    async def mark_inactive(session: AsyncSession) -> None:
        await queries.set_active(session, from_user.id, False)

    await run_transaction(data["session_factory"], mark_inactive, what="marking a blocked user")


def _run_again(error: Exception) -> bool:
    """A lock or serialization conflict, or the database connection lost (PostgreSQL restarted
    or failed over): running the update again from the start cures it. A COMMIT whose answer
    was lost is found committed by the next attempt (its update id is recorded), which then
    sends the replies it owes."""
    return is_transient(error) or is_disconnect(error)


def _duplicate_update(error: IntegrityError) -> bool:
    """Did this integrity error come from another delivery of the same update id?"""
    return "processed_updates" in str(error.orig) or "pk_processed_updates" in str(error.orig)


_USER_READ = "fieldbot_user_read"  # the user as the unit of work read them with the state


class UserMiddleware(BaseMiddleware):
    """Inject `user`: the known user (a UserView) or None for someone without an invite."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        from_user: User | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        user = None
        if from_user is not None and not from_user.is_bot:
            if _USER_READ in data:
                user = data.pop(_USER_READ)
            else:
                user = await queries.get_user(session, from_user.id)
            if user is not None and _is_stale(user, from_user):
                # Written only when something changed, so most updates stay read-only.
                user = await queries.ensure_user(
                    session, from_user.id, from_user.full_name, from_user.language_code
                )
                if not user.active:
                    await queries.set_active(session, from_user.id, True)
        data["user"] = user
        return await handler(event, data)


def _is_stale(user: UserView, from_user: User) -> bool:
    return (
        not user.active
        or user.display_name != stored_name(from_user.full_name)  # as ensure_user keeps it
        or user.telegram_language != from_user.language_code
    )

"""Outer middlewares: they inject the update's unit of work and the user, nothing else.

Order (see create_dispatcher): aiogram's errors → user context → SessionMiddleware (opens the
session, no query yet) → FSM (per-user lock, then the state, read through that session) →
UnitOfWorkMiddleware (dedupe, one commit) → UserMiddleware → per-event I18n → routers.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update, User
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import queries
from models.fsm import use_session

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class SessionMiddleware(BaseMiddleware):
    """One database session per update, opened before the FSM so the SQL storage reads and
    writes the conversation state through it: one connection per update, and the state
    changes commit together with the handler's effects. No query runs here: the session
    connects at the FSM's first read, after the per-user lock is taken."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.session_factory() as session:
            with use_session(session):
                data["session"] = session
                return await handler(event, data)


class UnitOfWorkMiddleware(BaseMiddleware):
    """Dedupe and one commit, inside the per-user lock.

    The processed update id is written in the same transaction as the handler's effects (and
    the FSM state), so an update either has all of its effect once, or none and can be
    redelivered; a redelivery waiting on the lock sees the first one's id and is skipped. A
    handler that must be sure its writes are stored before it answers commits itself first.
    """

    def __init__(self, *, serialize_commits: bool) -> None:
        # SQLite has one writer at a time and makes the others wait by sleeping (busy
        # timeout); queueing the final write here instead keeps a burst of updates flowing.
        self._commit_lock: asyncio.Lock | None = asyncio.Lock() if serialize_commits else None

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        bot: Bot = data["bot"]
        session: AsyncSession = data["session"]
        if await queries.is_update_processed(session, bot.id, event.update_id):
            log.info("Update %s was already processed; ignored", event.update_id)
            return None
        result = await handler(event, data)
        try:
            async with self._commit_lock or contextlib.nullcontext():
                await queries.record_processed_update(
                    session, bot.id, event.update_id, dt.datetime.now(dt.UTC)
                )
                await session.commit()
        except IntegrityError:
            # The same update was handled concurrently by another worker: keep theirs.
            await session.rollback()
            log.warning("Update %s was processed concurrently; ours rolled back", event.update_id)
        return result


class UserMiddleware(BaseMiddleware):
    """Inject `user`: the known user (a UserView) or None for someone without an invite."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        from_user: User | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        user = None
        if from_user is not None and not from_user.is_bot:
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


def _is_stale(user: queries.UserView, from_user: User) -> bool:
    return (
        not user.active
        or user.display_name != from_user.full_name
        or user.telegram_language != from_user.language_code
    )

"""Factories: the Bot, the Dispatcher and everything they share, built from Settings.

Tests and the demo build exactly what production runs, pointed at the sandbox.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.utils.i18n import I18n
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.domain.timezones import prepare_search
from bot.i18n import UserLocaleMiddleware, create_i18n
from bot.indicators.plan import Plan, load_plan
from bot.metrics import Metrics, instrument
from bot.middlewares import (
    ChatLockMiddleware,
    SessionMiddleware,
    UnitOfWorkMiddleware,
    UserMiddleware,
)
from bot.settings import Settings
from bot.telegram import create_bot
from bot.throttle import Throttle
from handlers import build_router
from models.db import check_database, create_engine, create_session_factory
from models.fsm import create_event_isolation, create_fsm_storage
from scheduler.jobs import wake_outbox

log = logging.getLogger(__name__)


def create_dispatcher(
    settings: Settings,
    *,
    plan: Plan,
    session_factory: async_sessionmaker[AsyncSession],
    storage: BaseStorage,
    events_isolation: BaseEventIsolation,
    i18n: I18n,
    metrics: Metrics | None = None,
) -> Dispatcher:
    dp = Dispatcher(
        storage=storage,
        events_isolation=events_isolation,
        # The FSM's lock and context are registered below (ChatLockMiddleware), after the
        # update's session is opened; the unit of work reads the state through that session.
        disable_fsm=True,
        # Workflow data: available to every handler and to the error handler.
        settings=settings,
        plan=plan,
        session_factory=session_factory,
        i18n=i18n,
        # Replies Telegram did not take are queued in the outbox: drained at once when this
        # process runs the sender (a no-op otherwise).
        wake_outbox=wake_outbox,
    )
    # Outermost first: aiogram's errors and user context, the metrics and log line (bot.metrics),
    # the update's session, the per-chat lock, the throttle (floods refused before any
    # transaction), the unit of work (dedupe, state, handler, one commit, then the replies), the
    # user.
    instrument(dp, metrics or Metrics(), token=settings.bot.token.get_secret_value())
    dp.update.outer_middleware(SessionMiddleware(session_factory))
    dp.update.outer_middleware(ChatLockMiddleware(storage, events_isolation))
    throttle = Throttle.from_settings(settings, session_factory)
    dp["throttle"] = throttle  # App.close() closes its counters
    dp.update.outer_middleware(throttle)
    unit_of_work = UnitOfWorkMiddleware()
    dp["unit_of_work"] = unit_of_work  # App.close() flushes what it still holds
    dp.update.outer_middleware(unit_of_work)
    dp.update.outer_middleware(UserMiddleware())
    UserLocaleMiddleware(i18n).setup(dp)
    dp.include_router(build_router())
    return dp


@dataclass
class App:
    """Everything one bot process holds; `close()` releases it all."""

    settings: Settings
    bot: Bot
    dispatcher: Dispatcher
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    storage: BaseStorage
    events_isolation: BaseEventIsolation
    i18n: I18n
    # This process's counters and gauges (bot.metrics), served at /metrics.
    metrics: Metrics = field(default_factory=Metrics)

    async def close(self) -> None:
        unit_of_work: UnitOfWorkMiddleware = self.dispatcher["unit_of_work"]
        await unit_of_work.flush(self.session_factory)
        throttle: Throttle = self.dispatcher["throttle"]
        await throttle.close()
        await self.dispatcher.storage.close()
        await self.events_isolation.close()
        await self.bot.session.close()
        await self.engine.dispose()


async def build_app(settings: Settings, *, check_schema: bool = True) -> App:
    """Connect to the database (refusing an unmigrated one) and build bot and dispatcher."""
    engine = create_engine(
        settings.db.url, echo=settings.db.echo, busy_timeout_ms=settings.db.busy_timeout_ms
    )
    try:
        if check_schema:
            await check_database(engine)
    except BaseException:
        await engine.dispose()
        raise
    # The plan file is validated before anything else starts: a broken file stops the bot
    # with the line and the problem, never a half-working indicator view.
    try:
        plan = load_plan(settings.plan_file)
    except BaseException:
        await engine.dispose()
        raise
    await asyncio.to_thread(prepare_search)
    session_factory = create_session_factory(engine)
    storage = create_fsm_storage(session_factory)
    isolation = create_event_isolation(settings.redis_url)
    i18n = create_i18n(settings.default_locale)
    metrics = Metrics()
    dp = create_dispatcher(
        settings,
        plan=plan,
        session_factory=session_factory,
        storage=storage,
        events_isolation=isolation,
        i18n=i18n,
        metrics=metrics,
    )
    return App(
        settings=settings,
        bot=create_bot(settings, metrics=metrics),
        dispatcher=dp,
        engine=engine,
        session_factory=session_factory,
        storage=storage,
        events_isolation=isolation,
        i18n=i18n,
        metrics=metrics,
    )

"""Run modes: long polling, and a webhook server that checks Telegram's secret token.

Before either starts: the sandbox's built-in token is refused unless the API base is set (the
sandbox), Redis (when set) must answer, and the token is checked with getMe, so a wrong token,
an unreachable Bot API or Redis is one clear line, not a traceback. Both serve /healthz,
/readyz and /metrics (bot.health): the webhook server next to the webhook, polling on
FIELDBOT_HEALTH__PORT when it is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hmac
import logging
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramNetworkError,
    TelegramUnauthorizedError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import MenuButtonWebApp, Update, WebAppInfo
from aiogram.types.update import UpdateTypeLookupError
from aiogram.utils.i18n import gettext as _
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError

from bot.app import App, build_app
from bot.health import HealthSource, add_health_routes, maybe_serve_health
from bot.polling import ConfirmingPoller
from bot.settings import SANDBOX_TOKEN, Settings
from bot.telegram import ALLOWED_UPDATES
from bot.ui.menu import set_default_menus
from bot.webapp import WebAppDeps, add_webapp
from scheduler.leader import needs_leader

log = logging.getLogger(__name__)


class ConfigurationError(Exception):
    """Settings that make a run mode unsafe or impossible; the message says what to set."""


class StartupError(Exception):
    """Something the bot needs at start does not answer as it should (the Bot API); the
    message says what and what to check."""


TELEGRAM_API = "https://api.telegram.org"


def refuse_sandbox_token(settings: Settings) -> None:
    """The sandbox's built-in token is only for the sandbox: without FIELDBOT_BOT__TOKEN,
    `fieldbot run` and `fieldbot scheduler` would talk to Telegram with it."""
    if settings.bot.api_base is None and settings.bot.token.get_secret_value() == SANDBOX_TOKEN:
        raise ConfigurationError(
            "FIELDBOT_BOT__TOKEN is not set: give the token @BotFather gave your bot (the "
            "built-in token only works with the offline sandbox: `fieldbot sandbox`, then "
            "FIELDBOT_BOT__API_BASE=http://127.0.0.1:8081)."
        )


async def check_token(bot: Bot, settings: Settings) -> None:
    """Ask the Bot API who we are (getMe); a clear StartupError when it cannot say."""
    where = settings.bot.api_base or TELEGRAM_API
    try:
        me = await bot.me()
    except TelegramUnauthorizedError:
        raise StartupError(
            f"The Bot API at {where} refused the token (getMe: Unauthorized): "
            "FIELDBOT_BOT__TOKEN is wrong or was revoked; copy the current one from @BotFather."
        ) from None
    except TelegramNetworkError as error:
        raise StartupError(
            f"Cannot reach the Bot API at {where} (getMe: {error.message}): check this "
            "server's network, firewall or proxy, and FIELDBOT_BOT__API_BASE."
        ) from None
    except TelegramAPIError as error:
        raise StartupError(
            f"The Bot API at {where} refused getMe: {error.message} (check "
            "FIELDBOT_BOT__TOKEN and FIELDBOT_BOT__API_BASE)."
        ) from None
    log.info("Running as @%s (id %d)", me.username, me.id)


async def check_redis(settings: Settings) -> None:
    """Redis answers (when FIELDBOT_REDIS_URL is set): every update takes its chat's lock
    there, so without it the bot polled on and logged a traceback for each update."""
    if not settings.redis_url:
        return
    from bot.readiness import redis_check

    check = await redis_check(settings.redis_url)
    if not check.ok:
        raise StartupError(check.detail[:1].upper() + check.detail[1:] + ".")


def health_source(app: App) -> HealthSource:
    """What /healthz, /readyz and /metrics read in this App."""
    return HealthSource(app.settings, app.engine, app.session_factory, app.metrics)


class CheckedRequestHandler(SimpleRequestHandler):
    """aiogram's webhook handler, but nothing a client sends can make it answer 500.

    The secret token is checked first, in constant time, as bytes: a request without the
    right `X-Telegram-Bot-Api-Secret-Token` (missing, wrong, non-ASCII: aiogram compared str
    and raised TypeError on those) gets 401 and is never read.

    A body that is not an update (not UTF-8, not JSON, nested too deeply for the parser, over
    the size limit, not an Update) is acknowledged with 200 and dropped: answering non-2xx
    would make Telegram redeliver the same bad payload forever. The drop is logged at WARNING
    with the reason only, never the payload (it may hold a child's data or an attacker's).
    """

    def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
        if not self.secret_token:
            return True  # never here: create_webhook_app refuses to run without a secret
        try:
            # aiohttp decodes header bytes with surrogateescape; this gives them back as sent.
            given = telegram_secret_token.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return False
        if hmac.compare_digest(given, self.secret_token.encode("utf-8")):
            return True
        log.info("Refused a webhook request without the right secret token (401)")
        return False

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            log.warning(
                "Dropped a malformed update: the body is over %d bytes", request.client_max_size
            )
            return web.json_response({})
        update = _parse_update(body, bot)
        if update is None:
            return web.json_response({})
        result: TelegramMethod[Any] | None = await self.dispatcher.feed_webhook_update(
            bot, update, **self.data
        )
        return web.Response(body=self._build_response_writer(bot=bot, result=result))


def _parse_update(body: bytes, bot: Bot) -> Update | None:
    """The Update in a webhook body, or None (logged at WARNING, without the body)."""
    try:
        # JSON is UTF-8 (RFC 8259), whatever charset the Content-Type claims.
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        log.warning("Dropped a malformed update: the body is not UTF-8")
        return None
    try:
        payload = bot.session.json_loads(text)
        update = Update.model_validate(payload, context={"bot": bot})
        update.event_type  # noqa: B018 (raises for an update of no known kind)
    except UpdateTypeLookupError:
        # aiogram would warn with the whole update dumped in the message (the payload).
        log.warning("Dropped a malformed update: no known kind of event in it")
    except RecursionError:
        log.warning("Dropped a malformed update: nested too deeply to parse")
    except ValidationError as error:
        # The error's text quotes the input: only the kinds of error and the Update's own
        # fields they concern are logged.
        kinds = sorted({e["type"] for e in error.errors()})
        fields = sorted(
            {str(e["loc"][0]) for e in error.errors() if e["loc"]} & set(Update.model_fields)
        )
        log.warning(
            "Dropped a malformed update: not an Update (%s; fields: %s)",
            ", ".join(kinds),
            ", ".join(fields) or "-",
        )
    except ValueError as error:
        log.warning("Dropped a malformed update: not JSON (%s)", type(error).__name__)
    else:
        return update
    return None


def require_webhook_secret(settings: Settings) -> str:
    """The webhook's secret token; a ConfigurationError (before any network call) without it."""
    secret = settings.webhook.secret_token
    if secret is None or not secret.get_secret_value():
        raise ConfigurationError(
            "The webhook needs a secret token: set FIELDBOT_WEBHOOK__SECRET_TOKEN "
            "(1-256 characters of A-Z, a-z, 0-9, _ and -)."
        )
    return secret.get_secret_value()


def create_webhook_app(app: App) -> web.Application:
    secret = require_webhook_secret(app.settings)
    web_app = web.Application()
    # Handled before answering: if the process dies mid-update, Telegram redelivers it, and
    # Telegram sends a chat's next update only after this one is answered (order kept).
    handler = CheckedRequestHandler(
        dispatcher=app.dispatcher,
        bot=app.bot,
        handle_in_background=False,
        secret_token=secret,
    )
    handler.register(web_app, path=app.settings.webhook.path)
    add_health_routes(web_app, health_source(app))
    if app.settings.webapp.public_url:
        add_webapp(web_app, webapp_deps(app))  # the Mini App, under /webapp/
    # Last: only what no route above took (404, whatever the method, as before).
    web_app.router.add_route(
        "*", "/{elsewhere:.*}", _wrong_path(app.settings.webhook.path, secret)
    )
    return web_app


def _wrong_path(path: str, secret: str) -> Any:
    """A POST elsewhere than the webhook's path: 404, as before; when it carries the right
    secret token it is Telegram's, posting to the address setWebhook was given, and every
    update is lost until that address and FIELDBOT_WEBHOOK__PATH agree: said at WARNING (a
    stranger's POST without the secret is not worth a line)."""
    expected = secret.encode("utf-8")

    async def handle(request: web.Request) -> web.Response:
        # A path of the routes above, by another method (a GET of the webhook's address, as an
        # operator checks it): 405, as before this route, not a 404 saying the path is wrong.
        for resource in request.app.router.resources():
            if resource is not request.match_info.route.resource:
                allowed = (await resource.resolve(request))[1]
                if allowed:
                    raise web.HTTPMethodNotAllowed(request.method, allowed)
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if request.method == "POST" and hmac.compare_digest(
            given.encode("utf-8", "surrogateescape"), expected
        ):
            log.warning(
                "Telegram posted an update to %s, but the webhook listens at %s: set "
                "FIELDBOT_WEBHOOK__PATH to the path of FIELDBOT_WEBHOOK__PUBLIC_URL (or have "
                "the proxy forward it there); answered 404, Telegram will retry",
                request.path[:200],
                path,
            )
        raise web.HTTPNotFound()

    return handle


def webapp_deps(app: App) -> WebAppDeps:
    """What the Mini App (bot.webapp) uses of this process."""
    return WebAppDeps(
        settings=app.settings,
        bot=app.bot,
        session_factory=app.session_factory,
        storage=app.storage,
        isolation=app.events_isolation,
        i18n=app.i18n,
        plan=app.dispatcher["plan"],
    )


@contextlib.asynccontextmanager
async def serve_webapp(app: App, host: str, port: int) -> AsyncIterator[str]:
    """The Mini App on a server of its own (polling mode); yields its page's local URL."""
    web_app = web.Application()
    add_webapp(web_app, webapp_deps(app))
    runner = web.AppRunner(web_app, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    actual_port = runner.addresses[0][1] if runner.addresses else port
    try:
        yield f"http://{host}:{actual_port}/webapp/"
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def maybe_serve_webapp(app: App) -> AsyncIterator[str | None]:
    """serve_webapp on FIELDBOT_WEBAPP__HOST/PORT when FIELDBOT_WEBAPP__PUBLIC_URL is set."""
    section = app.settings.webapp
    if not section.public_url:
        yield None
        return
    async with serve_webapp(app, section.host, section.port) as url:
        log.info("Mini App served at %s (public address %s)", url, section.public_url)
        yield url


@dataclass
class WebhookServer:
    runner: web.AppRunner
    url: str  # where this process listens, e.g. http://127.0.0.1:8080/telegram/webhook


@contextlib.asynccontextmanager
async def serve_webhook(app: App, host: str, port: int) -> AsyncIterator[WebhookServer]:
    """Listen for webhook POSTs (port 0 picks a free port) until the context exits."""
    runner = web.AppRunner(create_webhook_app(app), handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    actual_port = runner.addresses[0][1] if runner.addresses else port
    try:
        yield WebhookServer(runner, f"http://{host}:{actual_port}{app.settings.webhook.path}")
    finally:
        await runner.cleanup()


async def announce(app: App) -> None:
    """Command menus for guests in every language; failures only cost the menu."""
    try:
        await set_default_menus(app.bot, app.i18n)
    except TelegramAPIError as error:
        log.warning("Could not set the default command menus: %s", error)
    url = app.settings.webapp.public_url
    if url:
        # The chat's menu button opens the Mini App (the form, or the dashboard for managers).
        with app.i18n.context(), app.i18n.use_locale(app.i18n.default_locale):
            text = _("Open the form")
        try:
            await app.bot.set_chat_menu_button(
                menu_button=MenuButtonWebApp(text=text, web_app=WebAppInfo(url=url))
            )
        except TelegramAPIError as error:
            log.warning("Could not set the Mini App's menu button: %s", error)


async def start_in_process_scheduler(app: App, *, leader: bool) -> asyncio.Task[Any] | None:
    """The scheduler (digests, reminders, outbox) in this process, unless one runs apart.

    With several workers on PostgreSQL, `leader=True`: each worker starts a candidate, and the
    one holding the advisory lock runs the jobs while the others wait — start-up never blocks.
    """
    if not app.settings.scheduler_in_process:
        return None
    from scheduler.setup import lead, start_scheduler

    if leader and needs_leader(app.settings.db.url):
        # Leads whenever it holds the lock, stops at once when it loses it, until cancelled.
        return asyncio.create_task(
            lead(
                app.settings,
                session_factory=app.session_factory,
                plan=app.dispatcher["plan"],
                i18n=app.i18n,
                metrics=app.metrics,
            ),
            name="scheduler-lead",
        )
    return asyncio.create_task(
        start_scheduler(
            app.settings,
            session_factory=app.session_factory,
            plan=app.dispatcher["plan"],
            i18n=app.i18n,
            metrics=app.metrics,
        )
    )


async def stop_in_process_scheduler(task: asyncio.Task[Any] | None) -> None:
    if task is None:
        return
    if task.done() and not task.cancelled() and task.exception() is None:
        result = task.result()
        if result is not None:
            await result.shutdown()
    else:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def create_poller(app: App, *, timeout: int = 30) -> ConfirmingPoller:
    """Long polling that confirms an update only once it was handled (bot.polling)."""
    return ConfirmingPoller(
        app.dispatcher, app.bot, allowed_updates=ALLOWED_UPDATES, timeout=timeout
    )


YOUNG_COLLECTION_EVERY = 10_000  # new objects between two collections of the young ones


def settle_heap() -> int:
    """Keep what start-up built out of the garbage collector's full passes; the count kept.

    A running bot holds some 300,000 long-lived objects from start-up (modules, aiogram's and
    pydantic's types and schemas, routers, catalogs). Each full collection walked all of them,
    every few hundred updates under load: about 0.2 s in which no update of anybody moved
    (`bench/throughput.py` showed it in the p99). Frozen once the process is built (gc.freeze),
    they are no longer walked; what updates create is collected as before. Only the long-lived
    processes call this (run, webhook, scheduler; the benchmarks as they do), never the tests,
    which build many apps in one process.

    The youngest generation is collected once YOUNG_COLLECTION_EVERY more container objects
    were made than freed, not Python's 700: an update makes thousands of short-lived objects
    (the Update, the session, the rows, the reply), and under a burst of 200 users the
    collector ran some fifty young and five middle passes per 400 updates, about 100 µs of
    each update's 2.5 ms. Every 10,000 it is about 50 µs, in passes of a few milliseconds.
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, old)
    kept = gc.get_freeze_count()
    log.info("Kept %d start-up objects out of the garbage collector's full passes", kept)
    return kept


async def start_app(settings: Settings) -> App:
    """The App, once the token is known good (closed again if it is not)."""
    refuse_sandbox_token(settings)
    app = await build_app(settings)
    try:
        await check_redis(settings)
        await check_token(app.bot, settings)
    except BaseException:
        await app.close()
        raise
    return app


async def run_polling(settings: Settings) -> None:
    app = await start_app(settings)
    settle_heap()
    stop = _stop_on_signals()
    scheduler = await start_in_process_scheduler(app, leader=False)
    try:
        async with maybe_serve_health(health_source(app)), maybe_serve_webapp(app):
            await announce(app)
            # Polling and a webhook exclude each other; pending updates are kept either way.
            await app.bot.delete_webhook(drop_pending_updates=False)
            log.info("Polling the Bot API (allowed updates: %s)", ", ".join(ALLOWED_UPDATES))
            await create_poller(app).run(stop)
            log.info("Polling stopped")
    finally:
        await stop_in_process_scheduler(scheduler)
        await app.close()


def _stop_on_signals() -> asyncio.Event:
    """An event set by SIGTERM or SIGINT (call inside the running loop)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(sig, stop.set)
    return stop


async def run_webhook(settings: Settings) -> None:
    require_webhook_secret(settings)  # a setting: refused before the token is checked
    app = await start_app(settings)
    settle_heap()
    stop = _stop_on_signals()
    scheduler = await start_in_process_scheduler(app, leader=True)
    try:
        section = settings.webhook
        async with serve_webhook(app, section.host, section.port) as server:
            await announce(app)
            if section.public_url:
                await app.bot.set_webhook(
                    url=section.public_url,
                    secret_token=_secret(settings),
                    allowed_updates=ALLOWED_UPDATES,
                    drop_pending_updates=False,
                )
            log.info("Webhook server listening at %s", server.url)
            await stop.wait()
            log.info("Stopping: finishing the updates in progress")
    finally:
        await stop_in_process_scheduler(scheduler)
        await app.close()


def _secret(settings: Settings) -> str:
    assert settings.webhook.secret_token is not None
    return settings.webhook.secret_token.get_secret_value()


def webhook_kwargs(settings: Settings) -> dict[str, Any]:
    """setWebhook arguments for a given public URL (used by the demo and tests)."""
    return {
        "secret_token": _secret(settings),
        "allowed_updates": ALLOWED_UPDATES,
        "drop_pending_updates": False,
    }


async def run_scheduler(settings: Settings) -> None:
    """`fieldbot scheduler`: the scheduler (and the outbox sender) alone, until SIGTERM/SIGINT;
    /healthz, /readyz and /metrics on FIELDBOT_HEALTH__PORT when it is set."""
    from bot.health import HealthSource, maybe_serve_health
    from bot.i18n import create_i18n
    from bot.indicators.plan import load_plan
    from bot.metrics import Metrics
    from models.db import check_database, create_engine, create_session_factory
    from scheduler.setup import lead

    refuse_sandbox_token(settings)

    engine = create_engine(
        settings.db.url, echo=settings.db.echo, busy_timeout_ms=settings.db.busy_timeout_ms
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await check_database(engine)
        session_factory = create_session_factory(engine)
        metrics = Metrics()
        source = HealthSource(settings, engine, session_factory, metrics)
        settle_heap()
        async with maybe_serve_health(source):
            leading = asyncio.create_task(
                lead(
                    settings,
                    session_factory=session_factory,
                    plan=load_plan(settings.plan_file),
                    i18n=create_i18n(settings.default_locale),
                    metrics=metrics,
                ),
                name="scheduler-lead",
            )
            stopping = asyncio.create_task(stop.wait())
            try:
                await asyncio.wait({leading, stopping}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                stopping.cancel()
                leading.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await leading  # a failure of the scheduler's start is raised here
    finally:
        await engine.dispose()

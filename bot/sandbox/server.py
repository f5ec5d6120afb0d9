"""The sandbox's aiohttp server: Bot API routes, webhook delivery and the control API."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import re
import signal
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp import web

from bot.sandbox.control import ControlApi
from bot.sandbox.methods import STATE_METHODS, MethodSpec, Upload, image_dimensions
from bot.sandbox.state import (
    ApiCall,
    BotState,
    Fault,
    PendingUpdate,
    SandboxState,
    WebhookConfig,
    now_date,
)
from bot.sandbox.validation import (
    BOOL,
    FILE,
    INT,
    JSON,
    STR,
    ApiError,
    JsonDict,
    bad_request,
    coerce_param,
    coerce_params,
    validate_allowed_updates,
    validate_secret_token,
)

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"^(\d+):[A-Za-z0-9_-]{30,64}$")
_MAX_LONG_POLL = 50.0
_MAX_BODY = 60 * 1024 * 1024
_CONFLICT_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
_CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
_FAULT_ERRORS = {
    "500": (500, "Internal Server Error"),
    "502": (502, "Bad Gateway"),
    "403": (403, "Forbidden: bot was blocked by the user"),
}


class _WebhookDelivery:
    """Delivers one bot's pending updates to its webhook: in order per chat, chats in parallel."""

    def __init__(self, server: SandboxServer, bot: BotState, config: WebhookConfig) -> None:
        self._server = server
        self._bot = bot
        self._config = config
        self._semaphore = asyncio.Semaphore(config.max_connections)
        self._workers: dict[int, asyncio.Task[None]] = {}

    def wake(self) -> None:
        """Start a worker for every chat that has undelivered updates and none running."""
        for update in self._bot.pending:
            if update.chat_key not in self._workers:
                task = asyncio.create_task(self._chat_worker(update.chat_key))
                self._workers[update.chat_key] = task

    async def close(self) -> None:
        tasks = list(self._workers.values())
        self._workers.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _chat_worker(self, chat_key: int) -> None:
        try:
            while True:
                update = next((u for u in self._bot.pending if u.chat_key == chat_key), None)
                if update is None:
                    return
                await self._deliver(update)
        finally:
            if self._workers.get(chat_key) is asyncio.current_task():
                del self._workers[chat_key]

    async def _deliver(self, update: PendingUpdate) -> None:
        """Post until a 2xx answer, waiting the configured delays between attempts."""
        delays = self._server.webhook_retry_delays
        while True:
            async with self._semaphore:
                ok = await self._attempt(update)
            if ok:
                return
            delay = delays[min(update.attempts - 1, len(delays) - 1)] if delays else 1.0
            await asyncio.sleep(delay)

    async def _attempt(self, update: PendingUpdate) -> bool:
        headers = {"Content-Type": "application/json"}
        if self._config.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self._config.secret_token
        status: int | None = None
        error: str | None = None
        reply: JsonDict | None = None
        try:
            async with self._server.http.post(
                self._config.url,
                data=json.dumps(update.body),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self._server.webhook_timeout),
            ) as response:
                status = response.status
                if 200 <= status < 300:
                    reply = await _read_webhook_reply(response)
                else:
                    error = f"Wrong response from the webhook: {status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            error = _connection_error_text(exc)
        update.attempts += 1
        if update.attempts == 1:
            update.first_status = status
        if error is not None:
            self._config.last_error_date = now_date()
            self._config.last_error_message = error
            logger.debug("webhook delivery of update %s failed: %s", update.update_id, error)
            return False
        if reply is not None and reply.get("method"):
            await self._server.execute_webhook_reply(self._bot, reply)
        update.delivered_at = time.monotonic()
        self._bot.stats.updates_delivered += 1
        if update in self._bot.pending:
            self._bot.pending.remove(update)
        self._bot.notify()  # wakes wait_handled at once
        return True


def _connection_error_text(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | aiohttp.ServerTimeoutError):
        return "Read timeout expired"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return "Connection refused"
    return f"Connection error: {type(exc).__name__}"


async def _read_webhook_reply(response: aiohttp.ClientResponse) -> JsonDict | None:
    """A "reply in webhook" body: JSON or multipart form with a ``method`` field."""
    content_type = response.content_type
    if content_type == "application/json":
        with contextlib.suppress(ValueError):
            body = await response.json()
            return body if isinstance(body, dict) else None
        return None
    if content_type.startswith("multipart/"):
        fields: JsonDict = {}
        reader = aiohttp.MultipartReader.from_response(response)
        async for part in reader:
            if isinstance(part, aiohttp.BodyPartReader) and part.name:
                fields[part.name] = await part.text()
        return fields
    return None


class SandboxServer:
    """An offline Telegram Bot API (plus a control API to act as users) over real HTTP."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        webhook_retry_delays: Sequence[float] = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0),
        settle_seconds: float = 0.15,
        webhook_timeout: float = 10.0,
        rate_limits: bool = False,
        global_per_second: int = 30,
        per_chat_per_second: int = 1,
    ) -> None:
        self.host = host
        self.port = port
        self.webhook_retry_delays = tuple(webhook_retry_delays)
        self.settle_seconds = settle_seconds
        self.webhook_timeout = webhook_timeout
        self.rate_limit_defaults = (rate_limits, global_per_second, per_chat_per_second)
        self.state = SandboxState()
        self._methods: dict[str, MethodSpec] = {}
        for spec in (*STATE_METHODS, *self._server_methods()):
            self._methods[spec.name.lower()] = spec
        self._deliveries: dict[int, _WebhookDelivery] = {}
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self._stopping = asyncio.Event()
        self._control = ControlApi(self)

    # -- lifecycle ---------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=_MAX_BODY)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_bot_api)
        self._control.add_routes(app)
        return app

    async def start(self) -> None:
        self._stopping.clear()
        self._http = aiohttp.ClientSession()
        self._runner = web.AppRunner(self.build_app(), access_log=None, shutdown_timeout=1.0)
        try:
            await self._runner.setup()
            site = web.TCPSite(self._runner, self.host, self.port)
            await site.start()
        except BaseException:  # e.g. an address that cannot be bound: leave nothing open
            await self.stop()
            raise
        address = self._runner.addresses[0]
        self.port = int(address[1])
        logger.info("sandbox listening on %s", self.base_url)

    async def stop(self) -> None:
        """Stop promptly: end long polls and holds, cancel deliveries, close sockets."""
        self._stopping.set()
        for bot in self.state.bots.values():
            bot.notify()
        deliveries = list(self._deliveries.values())
        self._deliveries.clear()
        for delivery in deliveries:
            await delivery.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._http is not None:
            await self._http.close()
            self._http = None

    async def __aenter__(self) -> SandboxServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def http(self) -> aiohttp.ClientSession:
        if self._http is None:
            raise RuntimeError("the sandbox is not running")
        return self._http

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def has_method(self, name: str) -> bool:
        """Whether the sandbox implements this Bot API method (case-insensitive)."""
        return name.lower() in self._methods

    # -- bots --------------------------------------------------------------------------------

    def bot_for_control(self, bot_id: int) -> BotState:
        """The bot with this id (created lazily, adopting its token on first API call)."""
        known = bot_id in self.state.bots
        bot = self.state.bot(bot_id)
        if not known:
            enabled, global_limit, chat_limit = self.rate_limit_defaults
            bot.rate.enabled = enabled
            bot.rate.global_per_second = global_limit
            bot.rate.per_chat_per_second = chat_limit
        return bot

    def register_bot(self, token: str, username: str | None, first_name: str | None) -> BotState:
        match = _TOKEN.match(token)
        if not match:
            raise ValueError("malformed bot token")
        bot = self.bot_for_control(int(match.group(1)))
        if bot.token is not None and bot.token != token:
            raise ValueError("another token is registered for this bot id")
        bot.token = token
        if username:
            bot.username = username
        if first_name:
            bot.first_name = first_name
        return bot

    def _authorize(self, token: str) -> BotState:
        match = _TOKEN.match(token)
        if not match:
            raise ApiError(401, "Unauthorized")
        bot = self.bot_for_control(int(match.group(1)))
        if bot.token is None:
            bot.token = token
        elif bot.token != token:
            raise ApiError(401, "Unauthorized")
        return bot

    def reset(self) -> None:
        """Forget every bot (webhook deliveries are cancelled in the background)."""
        for delivery in self._deliveries.values():
            asyncio.create_task(delivery.close())  # noqa: RUF006 - close() is self-contained
        self._deliveries.clear()
        for bot in self.state.bots.values():
            bot.poll_generation += 1
            bot.forgotten = True
            bot.notify()
            for chat in bot.chats.values():
                chat.notify()  # a control call waiting for a chat's events ends now
        self.state = SandboxState()

    # -- Bot API -----------------------------------------------------------------------------

    async def _handle_bot_api(self, request: web.Request) -> web.Response:
        try:
            bot = self._authorize(request.match_info["token"])
            spec = self._methods.get(request.match_info["method"].lower())
            if spec is None:
                raise ApiError(404, "Not Found")
            raw = await _read_params(request)
        except ApiError as error:
            return web.json_response(error.to_json(), status=error.error_code)
        status, body = await self.call(bot, spec, raw, request=request)
        return web.json_response(body, status=status)

    async def call(
        self,
        bot: BotState,
        spec: MethodSpec,
        raw: JsonDict,
        *,
        request: web.Request | None = None,
    ) -> tuple[int, JsonDict]:
        """Run one Bot API call through faults, rate limits and the call log."""
        chat_id = _loose_chat_id(raw.get("chat_id"))
        record = ApiCall(spec.name, chat_id, time.monotonic(), time.time())
        bot.calls.append(record)
        bot.stats.api_calls += 1
        tracked = spec.name != "getUpdates"
        if tracked:
            bot.inflight += 1
            bot.inflight_chats[chat_id] += 1
            bot.last_activity = time.monotonic()
        try:
            await self._delay(bot, spec.name, chat_id, request)
            result = await self._execute(bot, spec, raw)
            status, body = 200, {"ok": True, "result": result}
            if spec.name in {"setWebhook", "deleteWebhook"}:
                body["description"] = _webhook_description(spec.name, raw)
        except ApiError as error:
            status, body = error.error_code, error.to_json()
            record.error = error.description
            if error.error_code == 429:
                bot.stats.rate_limited += 1
        finally:
            if tracked:
                bot.inflight -= 1
                bot.inflight_chats[chat_id] -= 1
                if not bot.inflight_chats[chat_id]:
                    del bot.inflight_chats[chat_id]
                    bot.notify()  # a chat fell quiet: its waiters may be settled now
                bot.last_activity = time.monotonic()
            record.ended, record.ended_wall = time.monotonic(), time.time()
        record.status = status
        return status, body

    async def _delay(
        self,
        bot: BotState,
        method: str,
        chat_id: int | str | None,
        request: web.Request | None,
    ) -> None:
        """Hold a call as a slow network would (the control API's delays).

        The call has not reached "Telegram" yet: a client that disconnects meanwhile (a bot
        killed mid-call) leaves it unexecuted, as a request lost on the way.
        """
        for delay in bot.delays:
            if not delay.matches(method, chat_id):
                continue
            if delay.remaining is not None:
                delay.remaining -= 1
                if delay.remaining <= 0:
                    bot.delays.remove(delay)
            deadline = time.monotonic() + delay.seconds
            while (left := deadline - time.monotonic()) > 0 and not self._stopping.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), min(left, 0.1))
                transport = request.transport if request is not None else None
                if request is not None and (transport is None or transport.is_closing()):
                    raise ApiError(400, "Bad Request: the client went away before the call ran")
            return

    async def _execute(self, bot: BotState, spec: MethodSpec, raw: JsonDict) -> Any:
        queue = bot.faults.get(spec.name.lower())
        if queue:
            fault = queue.popleft()
            if not queue:
                del bot.faults[spec.name.lower()]
            await self._raise_fault(fault)
        params = coerce_params(_resolve_attachments(raw, spec), spec.params)
        if spec.rate_limited:
            retry_after = bot.rate.acquire(params.get("chat_id"), time.monotonic())
            if retry_after is not None:
                raise ApiError(
                    429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
                )
        result = spec.handler(bot, params)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def _raise_fault(self, fault: Fault) -> None:
        if fault.kind == "429":
            raise ApiError(
                429,
                f"Too Many Requests: retry after {fault.retry_after}",
                retry_after=fault.retry_after,
            )
        if fault.kind == "400":
            description = fault.description or "Bad Request: injected fault"
            if not description.startswith("Bad Request"):
                description = f"Bad Request: {description}"
            raise ApiError(400, description)
        if fault.kind == "timeout":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), fault.hold_seconds)
            raise ApiError(504, "Gateway Timeout")
        code, description = _FAULT_ERRORS[fault.kind]
        raise ApiError(code, description)

    async def execute_webhook_reply(self, bot: BotState, reply: JsonDict) -> None:
        """Execute the method a webhook answered with, as Telegram does."""
        spec = self._methods.get(str(reply.get("method", "")).lower())
        if spec is None or spec.name == "getUpdates":
            logger.warning("webhook reply names an unknown method %r", reply.get("method"))
            return
        params = {k: v for k, v in reply.items() if k != "method"}
        status, body = await self.call(bot, spec, params)
        if status != 200:
            logger.info("webhook reply %s failed: %s", spec.name, body.get("description"))

    # -- getUpdates and webhooks -------------------------------------------------------------

    def _server_methods(self) -> tuple[MethodSpec, ...]:
        return (
            MethodSpec(
                "getUpdates",
                self._get_updates,
                {"offset": INT, "limit": INT, "timeout": INT, "allowed_updates": JSON},
            ),
            MethodSpec(
                "setWebhook",
                self._set_webhook,
                {
                    "url": STR,
                    "certificate": FILE,
                    "ip_address": STR,
                    "max_connections": INT,
                    "allowed_updates": JSON,
                    "drop_pending_updates": BOOL,
                    "secret_token": STR,
                },
            ),
            MethodSpec("deleteWebhook", self._delete_webhook, {"drop_pending_updates": BOOL}),
            MethodSpec("getWebhookInfo", self._get_webhook_info),
        )

    async def _get_updates(self, bot: BotState, params: JsonDict) -> list[JsonDict]:
        if bot.webhook is not None:
            raise ApiError(409, _CONFLICT_WEBHOOK)
        bot.poll_generation += 1
        generation = bot.poll_generation
        bot.notify()  # terminates an earlier long poll with 409
        if "allowed_updates" in params:
            bot.allowed_updates = validate_allowed_updates(params["allowed_updates"])
        now = time.monotonic()
        offset = params.get("offset")
        if offset is not None and offset > 0:
            bot.confirm_below(offset, now)
        elif offset is not None and offset < 0:
            bot.keep_last(-offset, now)
        limit = min(max(params.get("limit", 100), 1), 100)
        timeout = min(max(float(params.get("timeout", 0)), 0.0), _MAX_LONG_POLL)
        deadline = now + timeout
        while True:
            if bot.poll_generation != generation:
                raise ApiError(409, _CONFLICT_POLL)
            if bot.webhook is not None:
                raise ApiError(409, _CONFLICT_WEBHOOK)
            updates = [u.body for u in bot.pending[:limit]]
            remaining = deadline - time.monotonic()
            if updates or remaining <= 0 or self.stopping:
                return updates
            changed = bot.changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def _set_webhook(self, bot: BotState, params: JsonDict) -> bool:
        url = params.get("url", "").strip()
        if not url:
            await self._remove_webhook(bot, bool(params.get("drop_pending_updates")))
            return True
        if not re.match(r"^https?://[^\s/]+", url):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and secret != "":
            validate_secret_token(secret)
        max_connections = params.get("max_connections", 40)
        if not 1 <= max_connections <= 100:
            raise bad_request("bad webhook: max_connections must be between 1 and 100")
        if "allowed_updates" in params:
            bot.allowed_updates = validate_allowed_updates(params["allowed_updates"])
        if params.get("drop_pending_updates"):
            bot.drop_pending(time.monotonic())
        old = self._deliveries.pop(bot.id, None)
        if old is not None:
            await old.close()
        bot.poll_generation += 1  # a running long poll ends with a conflict
        bot.webhook = WebhookConfig(url, secret or None, max_connections)
        bot.notify()
        delivery = _WebhookDelivery(self, bot, bot.webhook)
        self._deliveries[bot.id] = delivery
        delivery.wake()
        return True

    async def _delete_webhook(self, bot: BotState, params: JsonDict) -> bool:
        await self._remove_webhook(bot, bool(params.get("drop_pending_updates")))
        return True

    async def _remove_webhook(self, bot: BotState, drop_pending: bool) -> None:
        delivery = self._deliveries.pop(bot.id, None)
        if delivery is not None:
            await delivery.close()
        bot.webhook = None
        if drop_pending:
            bot.drop_pending(time.monotonic())

    def _get_webhook_info(self, bot: BotState, params: JsonDict) -> JsonDict:
        return webhook_info(bot)

    def wake_delivery(self, bot: BotState) -> None:
        """Called after an update is queued: start webhook delivery if a webhook is set."""
        delivery = self._deliveries.get(bot.id)
        if delivery is not None and not self.stopping:
            delivery.wake()

    # -- waiting for an update to be handled -------------------------------------------------

    async def wait_handled(
        self, bot: BotState, update: PendingUpdate, wait_seconds: float
    ) -> tuple[bool, int | None]:
        """Wait until the bot has handled an update: (handled, first webhook status).

        Webhook mode: the POST returned 2xx (or its first attempt failed). Polling: a later
        getUpdates confirmed it. Then the bot must have been quiet for ``settle_seconds``.
        """
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline and not self.stopping:
            changed = bot.changed  # taken before the checks, so no wake-up is missed
            if update.dropped:
                return False, update.first_status
            if update.attempts and not _is_success(update.first_status):
                return False, update.first_status
            handed_over = update.delivered_at or update.confirmed_at
            if handed_over is not None and self._settled(bot, handed_over, update.chat_key):
                return True, update.first_status
            # Every change that matters wakes `changed`; the timeout only covers the settle
            # period (time passing, not an event) and is a safety net otherwise.
            pause = self.settle_seconds if handed_over is not None else 0.0
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), max(pause, 0.01) if pause else 0.5)
        return False, update.first_status

    def _settled(self, bot: BotState, since: float, chat_key: int) -> bool:
        """No call for this chat (or for no chat) in progress, and quiet long enough: another
        chat's slow call does not hold up this chat's conversation."""
        quiet_since = max(since, bot.last_activity)
        busy = bot.inflight_chats.get(chat_key, 0) + bot.inflight_chats.get(None, 0)
        return busy == 0 and time.monotonic() - quiet_since >= self.settle_seconds


def _is_success(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


def webhook_info(bot: BotState) -> JsonDict:
    """The WebhookInfo object."""
    info: JsonDict = {
        "url": bot.webhook.url if bot.webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(bot.pending),
    }
    if bot.webhook is not None:
        info["max_connections"] = bot.webhook.max_connections
        if bot.webhook.last_error_date is not None:
            info["last_error_date"] = bot.webhook.last_error_date
            info["last_error_message"] = bot.webhook.last_error_message
    if bot.allowed_updates:
        info["allowed_updates"] = list(bot.allowed_updates)
    return info


def _webhook_description(method: str, raw: JsonDict) -> str:
    if method == "deleteWebhook" or not str(raw.get("url", "")).strip():
        return "Webhook was deleted"
    return "Webhook was set"


def _loose_chat_id(value: Any) -> int | str | None:
    """chat_id for the call log, without failing on bad input."""
    if value is None:
        return None
    try:
        result: int | str = coerce_param("chat_id", "chat_id", value)
    except ApiError:
        return str(value)
    return result


def _resolve_attachments(raw: JsonDict, spec: MethodSpec) -> JsonDict:
    """Replace ``attach://name`` file parameters by the uploaded part called ``name``."""
    resolved = dict(raw)
    for name, kind in spec.params.items():
        value = raw.get(name)
        if kind == FILE and isinstance(value, str) and value.startswith("attach://"):
            resolved[name] = raw.get(value.removeprefix("attach://"))
    return resolved


async def _read_params(request: web.Request) -> JsonDict:
    """Parameters from the query string and a JSON, urlencoded or multipart body."""
    raw: JsonDict = dict(request.query)
    if request.method != "POST" or not request.body_exists:
        return raw
    content_type = request.content_type
    if content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON encoded request body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON object expected in the request body")
        raw.update(body)
    elif content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                data = value.file.read()
                dimensions = image_dimensions(data)
                raw[key] = Upload(value.filename, value.content_type, len(data), dimensions)
            else:
                raw[key] = value
    return raw


async def serve(host: str, port: int) -> None:
    """Run a sandbox until cancelled or SIGTERM/SIGINT (the ``fieldbot sandbox`` command)."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    async with SandboxServer(host, port) as server:
        logger.info("Telegram Bot API sandbox at %s", server.base_url)
        try:
            await stop.wait()
        finally:
            for sig in (signal.SIGTERM, signal.SIGINT):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.remove_signal_handler(sig)

"""The Bot API client: base URL, retries that honour Telegram's limits, a token-free log."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, cast

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import AnswerCallbackQuery, GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiohttp import ClientError, ClientTimeout

from bot.settings import Settings
from models.uow import TransactionAcrossNetworkWarning, transaction_open

if TYPE_CHECKING:
    from bot.metrics import Metrics

log = logging.getLogger(__name__)

# Update kinds the bot handles; set explicitly so Telegram never sends (or drops) others.
# edited_message: an answer edited in Telegram during a form is told it changed nothing.
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


class RetryMiddleware(BaseRequestMiddleware):
    """Retry a Bot API call on 429 (after retry_after), 5xx and network errors (with backoff).

    getUpdates is left alone: the polling loop has its own backoff. 4xx other than 429 is
    final and goes back to the caller.
    """

    def __init__(
        self,
        max_retries: int = 5,
        base_delay: float = 0.5,
        max_delay: float = 30.0,
        metrics: Metrics | None = None,
    ):
        self.max_retries = max_retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.metrics = metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if method.__api_method__ == GetUpdates.__api_method__:
            return await make_request(bot, method)
        attempt = 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt >= self.max_retries:
                    raise
                delay = float(error.retry_after)
                reason = "429"
                log.warning(
                    "%s: 429, waiting %.0f s as Telegram asks", method.__api_method__, delay
                )
            except (TelegramServerError, TelegramNetworkError) as error:
                if attempt >= self.max_retries:
                    raise
                delay = min(self.max_delay, self.base_delay * 2**attempt)
                reason = "5xx" if isinstance(error, TelegramServerError) else "network"
                log.warning(
                    "%s failed (%s); retry %d in %.1f s",
                    method.__api_method__,
                    type(error).__name__,
                    attempt + 1,
                    delay,
                )
            attempt += 1
            if self.metrics is not None:
                self.metrics.api_retry(method.__api_method__, reason)
            await asyncio.sleep(delay)


def error_code(error: Exception) -> str:
    """A Bot API failure as a metric label: the HTTP status Telegram answered, or "network"."""
    if isinstance(error, TelegramNetworkError):
        return "network"
    if isinstance(error, TelegramServerError):
        return "5xx"
    for kind, code in _ERROR_CODES:
        if isinstance(error, kind):
            return code
    return "other"


_ERROR_CODES: tuple[tuple[type[Exception], str], ...] = (
    (TelegramRetryAfter, "429"),
    (TelegramBadRequest, "400"),
    (TelegramUnauthorizedError, "401"),
    (TelegramForbiddenError, "403"),
    (TelegramNotFound, "404"),
    (TelegramConflictError, "409"),
    (TelegramEntityTooLarge, "413"),
)


class MetricsMiddleware(BaseRequestMiddleware):
    """Count every failed Bot API call (each attempt) by method and code (bot.metrics)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except (TelegramAPIError, TelegramNetworkError) as error:
            self.metrics.api_error(method.__api_method__, error_code(error))
            raise


class NoOpenTransactionMiddleware(BaseRequestMiddleware):
    """Warn when a Bot API call starts while this task still has a database transaction open.

    The design's first rule (commit first, then talk to Telegram): a transaction held across
    a slow call or a 429 wait blocks every other writer on SQLite. The warning names the
    method; pytest runs with warnings as errors, so any such path fails the tests.
    """

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if transaction_open():
            warnings.warn(
                f"{method.__api_method__} called with a database transaction open",
                TransactionAcrossNetworkWarning,
                stacklevel=2,
            )
        return await make_request(bot, method)


# pydantic keeps parametrized generic models only weakly: aiogram's `Response[T]`, built for
# every call's answer, was collected by the garbage collector and built again (its schema too,
# about a millisecond) many times a second. Holding each one used keeps it built.
_RESPONSE_TYPES: dict[type[Any], Any] = {}


class KeepResponseTypesMiddleware(BaseRequestMiddleware):
    """Keep aiogram's `Response[T]` of each method used alive (see _RESPONSE_TYPES)."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        kind = type(method)
        if kind not in _RESPONSE_TYPES:
            _RESPONSE_TYPES[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return await make_request(bot, method)


class ExpiredCallbackAnswerMiddleware(BaseRequestMiddleware):
    """Answering a button tap too late (or twice) is not a failure of the update.

    Telegram refuses answerCallbackQuery for a query older than about 15 seconds, or one that
    was already answered: a slow network, a redelivered update. The spinner on the user's
    button is all that is lost, so the handler carries on instead of failing the update.
    """

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as error:
            if method.__api_method__ != AnswerCallbackQuery.__api_method__ or not (
                "query is too old" in error.message or "query ID is invalid" in error.message
            ):
                raise
            log.info("Answering an expired button tap was skipped: %s", error.message)
            # The chain carries the call's result; answerCallbackQuery's is True.
            return cast(Response[TelegramType], True)


# Set while the calls sent do not have their answers read (`answers_unread`).
_ANSWERS_UNREAD: ContextVar[bool] = ContextVar("answers_unread", default=False)
_UNREAD_RESPONSE = Response[Any]  # built once and held (see _RESPONSE_TYPES)
_JSON_HEADERS = {"Content-Type": "application/json"}


@contextlib.contextmanager
def answers_unread() -> Iterator[None]:
    """The Bot API calls made in this block have their answers checked, not read: an update's
    replies (bot.middlewares.send_replies). Telegram's "ok" answer is then not turned into
    aiogram objects (a sent Message, with its chat, sender and keyboard, is some 50 µs of
    pydantic, a few per update); the call returns the answer's plain JSON result. A refusal
    is parsed and raised exactly as before."""
    token = _ANSWERS_UNREAD.set(True)
    try:
        yield
    finally:
        _ANSWERS_UNREAD.reset(token)


class BotSession(AiohttpSession):
    """aiogram's aiohttp session, sending a call without files as one JSON body; inside
    `answers_unread()`, a successful answer is left as JSON."""

    def json_body(self, bot: Bot, method: TelegramMethod[Any]) -> bytes | None:
        """The call's parameters as the JSON body the Bot API accepts, or None when it
        uploads a file (then aiogram's multipart form). The parameters are aiogram's own
        (`prepare_value`: defaults such as the parse mode, enums, dates), without its form's
        per-field JSON and URL encoding: half the encoding time, about 60 µs of a reply with a
        keyboard. As in the form, a parameter that is None or an empty string is left out."""
        files: dict[str, Any] = {}
        params: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None and prepared != "":
                params[key] = prepared
        if files:
            return None
        return self.json_dumps(params).encode()

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 (aiogram's signature)
    ) -> TelegramType:
        body = self.json_body(bot, method)
        if body is None:
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        try:
            async with session.post(
                url,
                data=body,
                headers=_JSON_HEADERS,
                timeout=ClientTimeout(total=self.timeout if timeout is None else timeout),
            ) as response:
                content = await response.text()
        except TimeoutError as error:  # as aiogram's own session reports them
            raise TelegramNetworkError(method=method, message="Request timeout error") from error
        except ClientError as error:
            message = f"{type(error).__name__}: {error}"
            raise TelegramNetworkError(method=method, message=message) from error
        answer = self.check_response(
            bot=bot, method=method, status_code=response.status, content=content
        )
        return cast(TelegramType, answer.result)

    def check_response(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        status_code: int,
        content: str,
    ) -> Response[TelegramType]:
        if _ANSWERS_UNREAD.get() and status_code == 200:
            with contextlib.suppress(ValueError):  # not JSON: refused below, as always
                answer = self.json_loads(content)
                if type(answer) is dict and answer.get("ok") is True and "result" in answer:
                    return _UNREAD_RESPONSE.model_construct(ok=True, result=answer["result"])
        return super().check_response(bot, method, status_code, content)


def create_bot(settings: Settings, *, metrics: Metrics | None = None) -> Bot:
    """A Bot for Telegram, or for any Bot API server (the sandbox) when api_base is set; with
    `metrics`, its failures and retries are counted there."""
    section = settings.bot
    if section.api_base:
        session = BotSession(
            api=TelegramAPIServer.from_base(section.api_base.rstrip("/")),
            timeout=section.request_timeout,
        )
    else:
        session = BotSession(timeout=section.request_timeout)
    session.middleware(NoOpenTransactionMiddleware())
    session.middleware(KeepResponseTypesMiddleware())
    session.middleware(
        RetryMiddleware(
            max_retries=section.max_retries, max_delay=section.max_backoff, metrics=metrics
        )
    )
    session.middleware(ExpiredCallbackAnswerMiddleware())
    if metrics is not None:
        session.middleware(MetricsMiddleware(metrics))  # innermost: every attempt
    return Bot(
        token=section.token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )

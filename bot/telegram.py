"""The Bot API client: base URL, retries that honour Telegram's limits, a token-free log."""

from __future__ import annotations

import asyncio
import logging
import warnings
from typing import Any, cast

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
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import AnswerCallbackQuery, GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.redaction import RedactingFilter, Redactor
from bot.settings import Settings
from models.uow import TransactionAcrossNetworkWarning, transaction_open

log = logging.getLogger(__name__)

# Update kinds the bot handles; set explicitly so Telegram never sends (or drops) others.
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]


class RetryMiddleware(BaseRequestMiddleware):
    """Retry a Bot API call on 429 (after retry_after), 5xx and network errors (with backoff).

    getUpdates is left alone: the polling loop has its own backoff. 4xx other than 429 is
    final and goes back to the caller.
    """

    def __init__(self, max_retries: int = 5, base_delay: float = 0.5, max_delay: float = 30.0):
        self.max_retries = max_retries
        self.base_delay = base_delay
        self.max_delay = max_delay

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
                log.warning(
                    "%s: 429, waiting %.0f s as Telegram asks", method.__api_method__, delay
                )
            except (TelegramServerError, TelegramNetworkError) as error:
                if attempt >= self.max_retries:
                    raise
                delay = min(self.max_delay, self.base_delay * 2**attempt)
                log.warning(
                    "%s failed (%s); retry %d in %.1f s",
                    method.__api_method__,
                    type(error).__name__,
                    attempt + 1,
                    delay,
                )
            attempt += 1
            await asyncio.sleep(delay)


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


def create_bot(settings: Settings) -> Bot:
    """A Bot for Telegram, or for any Bot API server (the sandbox) when api_base is set."""
    section = settings.bot
    if section.api_base:
        session = AiohttpSession(
            api=TelegramAPIServer.from_base(section.api_base.rstrip("/")),
            timeout=section.request_timeout,
        )
    else:
        session = AiohttpSession(timeout=section.request_timeout)
    session.middleware(NoOpenTransactionMiddleware())
    session.middleware(KeepResponseTypesMiddleware())
    session.middleware(
        RetryMiddleware(max_retries=section.max_retries, max_delay=section.max_backoff)
    )
    session.middleware(ExpiredCallbackAnswerMiddleware())
    return Bot(
        token=section.token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


def setup_logging(settings: Settings, **handler_kwargs: Any) -> None:
    """Root logging for the CLI commands, with every secret redacted on every handler."""
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        **handler_kwargs,
    )
    # Alembic narrates every schema check at INFO; only its warnings matter at run time.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # The token, the webhook secret and URL passwords, on every handler (bot.redaction); a
    # second call (tests) replaces the filter: filters rewrite the record every handler sees.
    redactor = RedactingFilter(Redactor.from_settings(settings))
    for handler in logging.getLogger().handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(redactor)

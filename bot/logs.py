"""Log records as text (the default) or one JSON object per line, with the update's context.

While an update is handled (bot.metrics.ObserveUpdateMiddleware), every record logged in its
task carries the update id and a keyed hash of the user's id (never the id itself); the JSON
formatter writes them as fields, with the handler, the outcome and the duration of the update's
own summary line. Secrets are masked before any formatter runs (bot.redaction.RedactingFilter
rewrites each record on every handler), so both formats are redacted the same way.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from bot.redaction import RedactingFilter, Redactor

if TYPE_CHECKING:
    from bot.settings import Settings

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Fields a record may carry (logger.info(..., extra={...})) that JSON lines include.
EXTRA_FIELDS = ("handler", "duration_ms", "outcome", "kind", "job")

_update_id: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "fieldbot_update_id", default=None
)
_user: contextvars.ContextVar[str | None] = contextvars.ContextVar("fieldbot_user", default=None)


@contextlib.contextmanager
def update_context(*, update_id: int, user: str | None) -> Iterator[None]:
    """Records logged inside carry this update id and user hash."""
    tokens = (_update_id.set(update_id), _user.set(user))
    try:
        yield
    finally:
        _update_id.reset(tokens[0])
        _user.reset(tokens[1])


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, and the
    update's context and extra fields when there are any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        update_id = getattr(record, "update_id", None) or _update_id.get()
        if update_id is not None:
            entry["update_id"] = update_id
        user = getattr(record, "user", None) or _user.get()
        if user is not None:
            entry["user"] = user
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        # The redacting filter already moved a traceback into the message; without it (a
        # handler set up elsewhere), the traceback still goes in, as one field.
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


def create_formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


# Libraries that narrate routine work at INFO: APScheduler logs every run of every job (the
# outbox's every 30 s), aiogram every update (fieldbot logs its own line), aiohttp every
# request, Alembic every schema check. Only their warnings matter at run time.
NOISY_LOGGERS = ("apscheduler", "aiogram.event", "aiohttp.access", "alembic", "asyncio")
# Libraries whose DEBUG lines quote personal data: aiosqlite logs every statement with its
# bound values (names, Telegram ids, typed answers, drafts), which no erasure reaches.
TELLING_LOGGERS = ("aiosqlite",)


def quiet_libraries(level: int) -> None:
    """Third-party loggers at WARNING, unless fieldbot itself logs at DEBUG; those that would
    quote personal data never below INFO."""
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING if level > logging.DEBUG else level)
    for name in TELLING_LOGGERS:
        logging.getLogger(name).setLevel(max(level, logging.INFO))


__all__ = [
    "NOISY_LOGGERS",
    "TELLING_LOGGERS",
    "JsonFormatter",
    "create_formatter",
    "quiet_libraries",
    "update_context",
]


def setup_logging(settings: Settings, **handler_kwargs: Any) -> None:
    """Root logging for the CLI commands: text or JSON lines (FIELDBOT_LOG_FORMAT), libraries'
    routine chatter at WARNING, and every secret redacted on every handler. Here, not in
    bot.telegram: every command sets it up, and most never load aiogram."""
    logging.basicConfig(level=settings.log_level, format=TEXT_FORMAT, **handler_kwargs)
    quiet_libraries(logging.getLevelName(settings.log_level))
    formatter = create_formatter(settings.log_format)
    # The token, the webhook secret and URL passwords, on every handler (bot.redaction); a
    # second call (tests) replaces the filter: filters rewrite the record every handler sees.
    redactor = RedactingFilter(Redactor.from_settings(settings))
    for handler in logging.getLogger().handlers:
        # Only the handlers logging's own set-up makes (not a test runner's capture).
        if type(handler) in (logging.StreamHandler, logging.FileHandler):
            handler.setFormatter(formatter)
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(redactor)

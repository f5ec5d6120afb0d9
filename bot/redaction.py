"""No secret in any output: one Redactor, one handler for every uncaught error.

The secrets are the bot token (whole, and its secret half alone, which is what survives URL
encoding or a split), the webhook secret token, and the passwords of the database and Redis
URLs (decoded, URL-encoded, and as written in the URL). Any other URL's password is masked by
its shape (`scheme://user:***@host`).

Two ways out are covered:

- log records, on every handler of the root logger (`RedactingFilter`, added by
  `bot.logs.setup_logging`): the message, its arguments, its formatted traceback;
- uncaught errors: `report_uncaught` formats the traceback, redacts the text and only then
  writes it. The CLI's `main()` calls it for any error a command did not handle, and runs
  the command `installed()`: `sys.excepthook`, `threading.excepthook` and
  `sys.unraisablehook` point at it; `_dispatch` sets `loop_exception_handler` on the loop.

The module imports nothing heavy, so it is usable before anything else is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sys
import threading
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote, unquote

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

# What each secret is replaced with; passwords as SQLAlchemy's hide_password writes them.
TOKEN_MASK = "<token>"  # noqa: S105
WEBHOOK_SECRET_MASK = "<webhook-secret>"  # noqa: S105
PASSWORD_MASK = "***"  # noqa: S105
# Shorter values are too weak to be secrets, and masking every occurrence of, say, "db"
# would garble the output; in a URL they are still masked by the URL's shape.
MIN_SECRET_LENGTH = 6

# The password of any URL with credentials: scheme://user:password@host
_URL_PASSWORD = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*:)[^\s@/]+@")
# PostgreSQL's detail of a failed statement quotes the row's values, names and Telegram ids
# included ("Key (telegram_id)=(5550123987) already exists.", "Failing row contains (12,
# 5550123987, Jean Dupont, ...)."): the engine hides a statement's bound values, not these.
_KEY_VALUES = re.compile(
    r"(?P<head>\bKey \(.*?\)=\().*?"
    r"(?=\) (?:already exists|is not present|is still referenced|conflicts with))"
)
_FAILING_ROW = re.compile(r"(?P<head>\bFailing row contains \().*(?=\))")
ROW_VALUES_MASK = "…"
# SQLAlchemy's own reading of a URL's password (anything up to the first @).
_URL_USERINFO = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://[^:/@]*:(?P<password>[^@]*)@")


@dataclass(frozen=True)
class Redactor:
    """Replaces each known secret, in every form it can take, by a mask."""

    replacements: tuple[tuple[str, str], ...] = ()

    @classmethod
    def for_secrets(
        cls,
        *,
        token: str = "",
        webhook_secret: str = "",
        urls: Iterable[str | None] = (),
    ) -> Redactor:
        pairs: dict[str, str] = {}

        def add(value: str, mask: str) -> None:
            if len(value) >= MIN_SECRET_LENGTH:
                for form in (value, quote(value, safe=""), quote(value)):
                    pairs.setdefault(form, mask)

        add(token, TOKEN_MASK)
        add(token.partition(":")[2], TOKEN_MASK)
        add(webhook_secret, WEBHOOK_SECRET_MASK)
        for url in urls:
            password = url_password(url or "")
            if password:
                add(password, PASSWORD_MASK)
                add(unquote(password), PASSWORD_MASK)
        # Longest first: the whole token goes before its secret half.
        ordered = sorted(pairs.items(), key=lambda pair: len(pair[0]), reverse=True)
        return cls(tuple(ordered))

    @classmethod
    def from_settings(cls, settings: Settings) -> Redactor:
        webhook_secret = settings.webhook.secret_token
        return cls.for_secrets(
            token=settings.bot.token.get_secret_value(),
            webhook_secret=webhook_secret.get_secret_value() if webhook_secret else "",
            urls=(settings.db.url, settings.redis_url),
        )

    def redact(self, text: str) -> str:
        for secret, mask in self.replacements:
            if secret in text:
                text = text.replace(secret, mask)
        return hide_row_values(_URL_PASSWORD.sub(rf"\g<head>{PASSWORD_MASK}@", text))


def hide_row_values(text: str) -> str:
    """`text` without the values a database error's detail quotes from the row it refused."""
    if "Key (" in text:
        text = _KEY_VALUES.sub(rf"\g<head>{ROW_VALUES_MASK}", text)
    if "Failing row contains" in text:
        text = _FAILING_ROW.sub(rf"\g<head>{ROW_VALUES_MASK}", text)
    return text


def url_password(url: str) -> str:
    """The password written in a URL ('' when none), even in a URL too broken to parse."""
    found = _URL_USERINFO.match(url.strip())
    return found["password"] if found else ""


_current = Redactor()


def current() -> Redactor:
    """The process's redactor (it knows no secret outside `installed`)."""
    return _current


def redact(text: str) -> str:
    return _current.redact(text)


@contextlib.contextmanager
def installed(redactor: Redactor) -> Iterator[Redactor]:
    """While inside, `redactor` is the process's and every uncaught error goes through it.

    `sys.excepthook`, `threading.excepthook` and `sys.unraisablehook` point at
    `report_uncaught`; the previous ones are put back on the way out (the CLI's `main()`
    runs inside, and tests call `main()` in a process that has hooks of its own).
    """
    global _current
    saved = (_current, sys.excepthook, threading.excepthook, sys.unraisablehook)
    _current = redactor
    sys.excepthook = _excepthook
    threading.excepthook = _threading_excepthook
    sys.unraisablehook = _unraisablehook
    try:
        yield redactor
    finally:
        _current, sys.excepthook, threading.excepthook, sys.unraisablehook = saved


def format_error(error: BaseException) -> str:
    """The error's full traceback (its causes too), redacted."""
    return redact("".join(traceback.format_exception(error)).rstrip("\n"))


def summary(error: BaseException) -> str:
    """One line for a person: the error's type and message, redacted."""
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return redact(" ".join(text.split()))


def report_uncaught(
    error: BaseException, *, what: str = "Uncaught error", stream: TextIO | None = None
) -> None:
    """The one way out for an error nobody handled: its traceback, redacted, then printed."""
    text = f"{redact(what)}\n{format_error(error)}\n"
    out = stream if stream is not None else sys.stderr
    try:
        out.write(text)
        out.flush()
    except (OSError, ValueError):  # a closed or broken stream: nothing more can be said
        pass


def loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """asyncio's handler for errors no task awaited: redacted, through the log."""
    message = redact(str(context.get("message") or "Unhandled error in the event loop"))
    error = context.get("exception")
    if isinstance(error, BaseException):
        log.error("%s\n%s", message, format_error(error))
    else:
        log.error("%s", message)


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    report_uncaught(error.with_traceback(tb))


def _threading_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or isinstance(args.exc_value, SystemExit):
        return
    name = args.thread.name if args.thread is not None else "a thread"
    report_uncaught(args.exc_value, what=f"Uncaught error in {name}")


def _unraisablehook(unraisable: Any) -> None:
    what = unraisable.err_msg or "Exception ignored"
    if unraisable.object is not None:
        what = f"{what}: {unraisable.object!r}"
    if unraisable.exc_value is None:
        report_uncaught(RuntimeError(what), what=what)
    else:
        report_uncaught(unraisable.exc_value, what=what)


class RedactingFilter(logging.Filter):
    """Redact every log record, whoever logs it (aiohttp, aiogram, us).

    The message is formatted with its arguments and the traceback rendered now, both
    redacted; the raw arguments and exception are dropped so no handler formats them again.
    Without a redactor of its own, the filter uses the process's (`current()`).
    """

    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__()
        self._redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        redactor = self._redactor or _current
        try:
            message = record.getMessage()
        except Exception:  # a broken record: the handler reports it, as without us
            return True
        redacted = redactor.redact(message)
        if redacted != message or record.exc_info or record.exc_text or record.stack_info:
            if record.exc_info:
                if record.exc_info[1] is not None:
                    text = "".join(traceback.format_exception(record.exc_info[1]))
                    redacted += "\n" + redactor.redact(text.rstrip("\n"))
                record.exc_info = None
            elif record.exc_text:
                redacted += "\n" + redactor.redact(record.exc_text)
            record.exc_text = None
            if record.stack_info:
                record.stack_info = redactor.redact(record.stack_info)
            record.msg = redacted
            record.args = None
        return True

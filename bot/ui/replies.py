"""What an update answers, stated by the handler and sent only after the update's commit.

A handler never awaits a Bot API call: it hands the call to `reply`, e.g.

    reply(message.answer(_("Saved.")))
    reply(query.answer())

(aiogram's shortcuts such as `Message.answer` build the method without sending it). The unit of
work commits the update's effects, its FSM state, its update id and these calls in one short
transaction, then sends them in order. The calls are stored as JSON with the processed update, so
a crash between the commit and the last reply is mended by Telegram's redelivery: the effects are
not repeated, and the replies still owed are sent.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import aiogram.methods
from aiogram import Bot
from aiogram.client.default import Default
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.types import BufferedInputFile

from bot.ui.text import fitted, send_or_plain

log = logging.getLogger(__name__)

_FILE = "__file__"


ALERT_MAX = 200  # a callback answer's text, in UTF-16 code units: longer, Telegram refuses it


def fit_alert(text: str) -> str:
    """A callback answer's text as Telegram takes it: a translation too long for an alert (the
    tap would go unanswered) is cut, with an ellipsis, at a word where one is near."""
    return fitted(text, ALERT_MAX)


class Replies:
    """The Bot API calls one update owes, in the order they were stated, and the work that
    starts once they are sent (`later`)."""

    def __init__(self) -> None:
        self.calls: list[TelegramMethod[Any]] = []
        self.afterwards: list[Callable[[], Coroutine[Any, Any, None]]] = []

    def __call__(self, method: TelegramMethod[Any]) -> None:
        if isinstance(method, AnswerCallbackQuery) and method.text:
            method = method.model_copy(update={"text": fit_alert(method.text)})
        self.calls.append(method)

    def later(self, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Start `work` as a task of its own once the update is committed and its replies are
        sent (an export that takes seconds). Not started when the update fails, not stored:
        a crash before it ends loses it, and the user asks again."""
        self.afterwards.append(work)

    def unstored(self, bot: Bot, method: TelegramMethod[Any], what: str) -> None:
        """Send `method` once the update is committed, never stored with its replies: a call
        that must not sit in the database (an invitation's code, an erased person's chat). A
        crash or a refusal loses it (logged as `what`); the user asks again."""

        async def send() -> None:
            try:
                await send_or_plain(bot, method)
            except (TelegramAPIError, TelegramNetworkError) as error:
                log.info("%s was not sent: %s", what, type(error).__name__)

        self.later(send)

    def __len__(self) -> int:
        return len(self.calls)

    def dump(self) -> list[dict[str, Any]]:
        """The calls as JSON-ready dicts (what `load` reads back)."""
        return [dump_method(method) for method in self.calls]


def dump_method(method: TelegramMethod[Any]) -> dict[str, Any]:
    """One call as {"method": class name, "args": {...}}; in-memory files as base64."""
    files: dict[str, Any] = {}
    # The bot's defaults (parse mode, ...) stay defaults: they are resolved when sent.
    defaults = set()
    for name in type(method).model_fields:
        value = getattr(method, name, None)
        if isinstance(value, Default):
            defaults.add(name)
        elif isinstance(value, BufferedInputFile):
            files[name] = {
                "data": base64.b64encode(value.data).decode("ascii"),
                "filename": value.filename,
            }
    args = method.model_dump(mode="json", exclude_none=True, exclude=set(files) | defaults)
    for name, file in files.items():
        args[name] = {_FILE: file}
    return {"method": type(method).__name__, "args": args}


def load_method(stored: dict[str, Any]) -> TelegramMethod[Any] | None:
    """A stored call back as a method object, or None if it cannot be read (logged)."""
    cls = getattr(aiogram.methods, str(stored.get("method")), None)
    if not (isinstance(cls, type) and issubclass(cls, TelegramMethod)):
        log.warning("A stored reply names an unknown Bot API method: %r", stored.get("method"))
        return None
    args = dict(stored.get("args") or {})
    for name, value in list(args.items()):
        if isinstance(value, dict) and _FILE in value:
            file = value[_FILE]
            args[name] = BufferedInputFile(base64.b64decode(file["data"]), file["filename"])
    method: TelegramMethod[Any] = cls.model_validate(args)
    return method


def load(stored: list[dict[str, Any]]) -> list[TelegramMethod[Any]]:
    return [method for item in stored if (method := load_method(item)) is not None]

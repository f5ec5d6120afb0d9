"""In-memory state of the sandbox: bots, chats, messages, update queue, logs, faults, limits.

Nothing here does I/O; the server owns one ``SandboxState`` and mutates it from its handlers.
"""

from __future__ import annotations

import asyncio
import bisect
import collections
import itertools
import math
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.validation import DEFAULT_EXCLUDED_UPDATES, JsonDict, bad_request

FAULT_KINDS = ("429", "500", "502", "403", "400", "timeout")


def now_date() -> int:
    """Telegram's ``date``: Unix time in whole seconds (UTC)."""
    return int(time.time())


@dataclass
class StoredMessage:
    """A message as the sandbox keeps it; rendered to a Telegram Message on demand."""

    message_id: int
    chat: JsonDict
    from_user: JsonDict
    from_bot: bool
    date: int
    text: str | None = None
    entities: list[JsonDict] = field(default_factory=list)
    parse_mode: str | None = None
    reply_markup: JsonDict | None = None
    media: JsonDict | None = None  # sandbox summary: type, file_name, mime_type, size
    payload: JsonDict = field(default_factory=dict)  # Telegram fields: photo, document, ...
    edited: bool = False
    edit_date: int | None = None
    deleted: bool = False
    protect_content: bool = False
    reply_to: JsonDict | None = None
    forward_origin: JsonDict | None = None  # a message forwarded from another chat

    @property
    def has_caption(self) -> bool:
        """Media messages carry their text as a caption."""
        return bool(self.payload)

    def to_telegram(self, *, with_reply: bool = True) -> JsonDict:
        """The Telegram ``Message`` object."""
        message: JsonDict = {
            "message_id": self.message_id,
            "from": dict(self.from_user),
            "chat": dict(self.chat),
            "date": self.date,
        }
        if self.edit_date is not None:
            message["edit_date"] = self.edit_date
        if self.protect_content:
            message["has_protected_content"] = True
        if with_reply and self.reply_to is not None:
            message["reply_to_message"] = self.reply_to
        if self.forward_origin is not None:
            message["forward_origin"] = dict(self.forward_origin)
        message.update(self.payload)
        if self.text is not None:
            key = "caption" if self.has_caption else "text"
            message[key] = self.text
            if self.entities:
                message[f"{key}_entities" if self.has_caption else "entities"] = [
                    dict(e) for e in self.entities
                ]
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            message["reply_markup"] = self.reply_markup
        return message

    def snapshot(self) -> JsonDict:
        """The control API's view of the message."""
        snap: JsonDict = {
            "message_id": self.message_id,
            "from_bot": self.from_bot,
            "text": self.text,
            "entities": [dict(e) for e in self.entities],
            "parse_mode": self.parse_mode,
            "buttons": self.buttons(),
            "reply_keyboard": None,
            "media": dict(self.media) if self.media else None,
            "edited": self.edited,
            "deleted": self.deleted,
            "protect_content": self.protect_content,
            "date": self.date,
        }
        if self.reply_markup and "inline_keyboard" not in self.reply_markup:
            snap["reply_keyboard"] = self.reply_markup
        return snap

    def buttons(self) -> list[list[JsonDict]]:
        """Inline buttons as rows of {text, callback_data?, url?, web_app?}."""
        if not self.reply_markup or "inline_keyboard" not in self.reply_markup:
            return []
        rows: list[list[JsonDict]] = []
        for row in self.reply_markup["inline_keyboard"]:
            rows.append(
                [
                    {k: b[k] for k in ("text", "callback_data", "url", "web_app") if k in b}
                    for b in row
                ]
            )
        return rows

    def inline_buttons(self) -> list[JsonDict]:
        """All inline buttons, flattened."""
        return [button for row in self.buttons() for button in row]


@dataclass
class ChatState:
    """One chat: its Telegram ``Chat`` object and its messages (ids shared by both sides)."""

    id: int
    info: JsonDict
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    events: list[JsonDict] = field(default_factory=list)
    # Set when this chat has a new event: a control call waiting for one chat's events wakes
    # for that chat only, not for every change of the bot (hundreds of chats wait at once).
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def events_after(self, seq: int) -> list[JsonDict]:
        """The events after ``seq`` (they are stored in ``seq`` order)."""
        return self.events[bisect.bisect_right(self.events, seq, key=_seq) :]

    def notify(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()

    def new_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


def _seq(event: JsonDict) -> int:
    return int(event["seq"])


@dataclass
class PendingUpdate:
    """An update waiting for getUpdates confirmation or webhook delivery."""

    update_id: int
    kind: str
    body: JsonDict
    chat_key: int
    dropped: bool = False  # filtered out by allowed_updates: never delivered
    confirmed_at: float | None = None
    attempts: int = 0
    first_status: int | None = None
    delivered_at: float | None = None

    @property
    def handed_over(self) -> bool:
        return self.confirmed_at is not None or self.delivered_at is not None


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None
    max_connections: int
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class ApiCall:
    """One entry of the call log."""

    method: str
    chat_id: int | str | None
    started: float
    started_wall: float
    ended: float | None = None
    ended_wall: float | None = None
    status: int | None = None
    error: str | None = None

    def to_json(self) -> JsonDict:
        return {
            "method": self.method,
            "chat_id": self.chat_id,
            "started": self.started,
            "ended": self.ended,
            "started_wall": self.started_wall,
            "ended_wall": self.ended_wall,
            "status": self.status,
            "error": self.error,
        }


@dataclass
class Fault:
    kind: str
    retry_after: int = 1
    description: str | None = None
    hold_seconds: float = 5.0


@dataclass
class Delay:
    """Latency injected into matching calls: a method ("*" for any), optionally one chat."""

    method: str
    seconds: float
    chat_id: int | str | None = None
    remaining: int | None = None  # None: every matching call

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        if self.method != "*" and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "seconds": self.seconds,
            "chat_id": self.chat_id,
            "remaining": self.remaining,
        }


@dataclass
class RateLimiter:
    """Sliding one-second windows: per bot overall and per chat."""

    enabled: bool = False
    global_per_second: int = 30
    per_chat_per_second: int = 1
    _global: deque[float] = field(default_factory=deque)
    _chats: dict[int | str, deque[float]] = field(default_factory=dict)

    def acquire(self, chat_id: int | str | None, now: float) -> int | None:
        """Take a slot; return None when allowed or retry_after seconds (≥ 1) when not."""
        if not self.enabled:
            return None
        windows = [(self._global, self.global_per_second)]
        if chat_id is not None:
            windows.append((self._chats.setdefault(chat_id, deque()), self.per_chat_per_second))
        wait = 0.0
        for window, limit in windows:
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= max(limit, 1):
                wait = max(wait, window[len(window) - max(limit, 1)] + 1.0 - now)
        if wait > 0:
            return max(1, math.ceil(wait))
        for window, _ in windows:
            window.append(now)
        return None


@dataclass
class CallbackQueryInfo:
    id: str
    chat_id: int
    message_id: int
    user_id: int
    data: str | None
    answered: bool = False


@dataclass
class Stats:
    updates_created: int = 0
    updates_delivered: int = 0
    messages_sent: int = 0
    rate_limited: int = 0
    api_calls: int = 0

    def to_json(self) -> JsonDict:
        return {
            "updates_created": self.updates_created,
            "updates_delivered": self.updates_delivered,
            "messages_sent": self.messages_sent,
            "rate_limited_429": self.rate_limited,
            "api_calls": self.api_calls,
        }


class BotState:
    """Everything the sandbox knows about one bot."""

    def __init__(self, bot_id: int, next_seq: Callable[[], int]) -> None:
        self.id = bot_id
        self.token: str | None = None
        self.username = f"sandbox_{bot_id}_bot"
        self.first_name = "Sandbox Bot"
        self._next_seq = next_seq
        self.chats: dict[int, ChatState] = {}
        self.blocked: set[int] = set()
        self.pending: list[PendingUpdate] = []
        self.updates: dict[int, PendingUpdate] = {}
        self.next_update_id = secrets.randbelow(100_000_000) + 100_000_000
        self.allowed_updates: list[str] | None = None
        self.webhook: WebhookConfig | None = None
        self.commands: dict[tuple[str, str], tuple[JsonDict, str, list[JsonDict]]] = {}
        # setChatMenuButton: per private chat id, and None for the default of every chat.
        self.menu_buttons: dict[int | None, JsonDict] = {}
        self.calls: list[ApiCall] = []
        self.faults: dict[str, deque[Fault]] = {}
        self.delays: list[Delay] = []
        self.rate = RateLimiter()
        self.callback_queries: dict[str, CallbackQueryInfo] = {}
        self.files: dict[str, JsonDict] = {}
        self.stats = Stats()
        self.inflight = 0
        # Calls in progress per chat (None: calls that name no chat, such as getMe).
        self.inflight_chats: collections.Counter[int | str | None] = collections.Counter()
        self.last_activity = 0.0
        self.poll_generation = 0
        self.changed = asyncio.Event()
        self.forgotten = False  # by a reset: its waiters stop waiting
        self._file_counter = itertools.count(1)
        self._query_counter = itertools.count(1)

    # -- identity ----------------------------------------------------------------------------

    def user_object(self) -> JsonDict:
        """The bot's ``User`` object."""
        return {
            "id": self.id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    def notify(self) -> None:
        """Wake every waiter (long polls, webhook pump)."""
        self.changed.set()
        self.changed = asyncio.Event()

    # -- chats and messages ------------------------------------------------------------------

    def chat(self, chat_id: int | str) -> ChatState:
        """A chat the bot may write to, or Telegram's "chat not found"."""
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def ensure_chat(self, info: JsonDict) -> ChatState:
        chat = self.chats.get(info["id"])
        if chat is None:
            chat = ChatState(id=info["id"], info=info)
            self.chats[chat.id] = chat
        return chat

    def add_message(self, chat: ChatState, from_user: JsonDict, **fields: Any) -> StoredMessage:
        message = StoredMessage(
            message_id=chat.new_message_id(),
            chat=chat.info,
            from_user=from_user,
            from_bot=bool(from_user.get("is_bot")),
            date=now_date(),
            **fields,
        )
        chat.messages[message.message_id] = message
        return message

    def record_event(self, chat: ChatState, kind: str, **fields: Any) -> JsonDict:
        event: JsonDict = {"seq": self._next_seq(), "type": kind, "date": now_date(), **fields}
        chat.events.append(event)
        chat.notify()  # wakes the control calls waiting for this chat's next event
        self.notify()
        return event

    def new_file_id(self, kind: str) -> tuple[str, str]:
        """A fresh (file_id, file_unique_id) pair."""
        number = next(self._file_counter)
        unique = f"AQAD{self.id:x}{number:06d}"
        return f"sbx{kind[:3].upper()}_{self.id}_{number}_{secrets.token_urlsafe(12)}", unique

    def new_callback_query_id(self) -> str:
        return f"{self.id}{next(self._query_counter):012d}"

    # -- updates -----------------------------------------------------------------------------

    def accepts(self, kind: str) -> bool:
        """Whether allowed_updates lets this update type through."""
        if not self.allowed_updates:
            return kind not in DEFAULT_EXCLUDED_UPDATES
        return kind in self.allowed_updates

    def enqueue(self, kind: str, obj: JsonDict, chat_key: int) -> PendingUpdate:
        update_id = self.next_update_id
        self.next_update_id += 1
        update = PendingUpdate(update_id, kind, {"update_id": update_id, kind: obj}, chat_key)
        self.updates[update_id] = update
        self.stats.updates_created += 1
        if self.accepts(kind):
            self.pending.append(update)
            self.notify()
        else:
            update.dropped = True
        return update

    def confirm_below(self, offset: int, now: float) -> None:
        """getUpdates' offset: forget every update with a smaller id."""
        keep: list[PendingUpdate] = []
        for update in self.pending:
            if update.update_id < offset:
                update.confirmed_at = now
                self.stats.updates_delivered += 1
            else:
                keep.append(update)
        self.pending = keep

    def keep_last(self, count: int, now: float) -> None:
        """A negative offset -N: only the last N updates stay."""
        if len(self.pending) > count:
            self.confirm_below(self.pending[len(self.pending) - count].update_id, now)

    def drop_pending(self, now: float) -> None:
        for update in self.pending:
            update.dropped = True
            update.confirmed_at = now
        self.pending = []

    # -- commands ----------------------------------------------------------------------------

    @staticmethod
    def scope_key(scope: JsonDict) -> str:
        return ",".join(f"{k}={scope[k]}" for k in sorted(scope))

    def commands_json(self) -> list[JsonDict]:
        return [
            {"scope": scope, "language_code": lang, "commands": commands}
            for scope, lang, commands in self.commands.values()
        ]


class SandboxState:
    """All bots of one sandbox server, plus the global event sequence."""

    def __init__(self) -> None:
        self.bots: dict[int, BotState] = {}
        self._seq = itertools.count(1)

    def next_seq(self) -> int:
        return next(self._seq)

    def bot(self, bot_id: int) -> BotState:
        """The bot with this id, created (without a token) if unknown."""
        bot = self.bots.get(bot_id)
        if bot is None:
            bot = BotState(bot_id, self.next_seq)
            self.bots[bot_id] = bot
        return bot

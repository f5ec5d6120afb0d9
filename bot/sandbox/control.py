"""The control API: act as simulated users and inspect or steer the sandbox (JSON over HTTP)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.sandbox.methods import document_object, photo_sizes
from bot.sandbox.state import (
    FAULT_KINDS,
    BotState,
    CallbackQueryInfo,
    ChatState,
    Delay,
    Fault,
    PendingUpdate,
    StoredMessage,
    now_date,
)
from bot.sandbox.validation import JsonDict, command_entities

if TYPE_CHECKING:
    from bot.sandbox.server import SandboxServer

RouteHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_MESSAGE_KINDS = (
    "text", "location", "contact", "photo", "document", "voice", "video", "sticker", "service"
)  # fmt: skip
# What Telegram groups into an album (a media group: one message per item, one media_group_id).
_ALBUM_KINDS = ("photo", "video", "document")


class ControlError(Exception):
    """A control API error: answered as ``{"ok": false, "error": ...}`` with an HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _json_errors(handler: RouteHandler) -> RouteHandler:
    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ControlError as error:
            return web.json_response({"ok": False, "error": error.message}, status=error.status)

    return wrapper


async def _body(request: web.Request) -> JsonDict:
    if not request.body_exists:
        return {}
    try:
        body = await request.json()
    except ValueError:
        raise ControlError(400, "the request body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ControlError(400, "the request body must be a JSON object")
    return body


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise ControlError(400, f"{name} must be an integer")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ControlError(400, f"{name} must be an integer") from None


def _user(raw: Any) -> JsonDict:
    """A Telegram ``User`` for a simulated person."""
    if not isinstance(raw, dict) or "id" not in raw:
        raise ControlError(400, "user must be an object with an id")
    user: JsonDict = {
        "id": _int(raw["id"], "user.id"),
        "is_bot": False,
        "first_name": str(raw.get("first_name") or "User"),
    }
    for key in ("last_name", "username", "language_code"):
        if raw.get(key):
            user[key] = str(raw[key])
    return user


def _chat_info(raw: Any, user: JsonDict) -> JsonDict:
    """The ``Chat`` object: the private chat with the user unless a group is given."""
    if raw is None:
        info: JsonDict = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        for key in ("last_name", "username"):
            if key in user:
                info[key] = user[key]
        return info
    if not isinstance(raw, dict) or "id" not in raw:
        raise ControlError(400, "chat must be an object with an id")
    kind = str(raw.get("type", "private"))
    if kind not in {"private", "group", "supergroup", "channel"}:
        raise ControlError(400, f"unknown chat type {kind!r}")
    info = {"id": _int(raw["id"], "chat.id"), "type": kind}
    if kind == "private":
        info["first_name"] = user["first_name"]
    else:
        info["title"] = str(raw.get("title") or f"Chat {info['id']}")
    return info


class ControlApi:
    """Routes under ``/control``; see each handler for its body and answer."""

    def __init__(self, server: SandboxServer) -> None:
        self._server = server

    def add_routes(self, app: web.Application) -> None:
        base = "/control/bots/{bot_id}"
        routes: list[tuple[str, str, RouteHandler]] = [
            ("POST", "/control/bots", self.register_bot),
            ("POST", "/control/reset", self.reset),
            ("POST", f"{base}/updates", self.post_update),
            ("POST", f"{base}/callbacks", self.post_callback),
            ("POST", f"{base}/edits", self.post_edit),
            ("POST", f"{base}/memberships", self.post_membership),
            ("POST", f"{base}/users/{{user_id}}/block", self.block),
            ("POST", f"{base}/users/{{user_id}}/unblock", self.unblock),
            ("GET", f"{base}/chats/{{chat_id}}/messages", self.messages),
            ("GET", f"{base}/chats/{{chat_id}}/events", self.events),
            ("GET", f"{base}/calls", self.calls),
            ("GET", f"{base}/faults", self.list_faults),
            ("POST", f"{base}/faults", self.add_fault),
            ("DELETE", f"{base}/faults", self.clear_faults),
            ("GET", f"{base}/delays", self.list_delays),
            ("POST", f"{base}/delays", self.add_delay),
            ("DELETE", f"{base}/delays", self.clear_delays),
            ("PUT", f"{base}/rate_limits", self.rate_limits),
            ("GET", f"{base}/commands", self.commands),
            ("GET", f"{base}/webhook", self.webhook),
            ("GET", f"{base}/stats", self.stats),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, path, _json_errors(handler))

    def _bot(self, request: web.Request) -> BotState:
        return self._server.bot_for_control(_int(request.match_info["bot_id"], "bot_id"))

    @staticmethod
    def _chat(bot: BotState, chat_id: Any) -> ChatState:
        chat = bot.chats.get(_int(chat_id, "chat_id"))
        if chat is None:
            raise ControlError(404, f"chat {chat_id} not found: no user has written to the bot")
        return chat

    # -- bots ---------------------------------------------------------------------------------

    async def register_bot(self, request: web.Request) -> web.Response:
        """``{"token", "username"?, "first_name"?}`` → the bot's User object."""
        body = await _body(request)
        try:
            bot = self._server.register_bot(
                str(body.get("token", "")), body.get("username"), body.get("first_name")
            )
        except ValueError as error:
            raise ControlError(400, str(error)) from None
        return web.json_response(bot.user_object())

    async def reset(self, request: web.Request) -> web.Response:
        self._server.reset()
        return web.json_response({"ok": True})

    async def block(self, request: web.Request) -> web.Response:
        user_id = _int(request.match_info["user_id"], "user_id")
        self._bot(request).blocked.add(user_id)
        return web.json_response({"user_id": user_id, "blocked": True})

    async def unblock(self, request: web.Request) -> web.Response:
        user_id = _int(request.match_info["user_id"], "user_id")
        self._bot(request).blocked.discard(user_id)
        return web.json_response({"user_id": user_id, "blocked": False})

    # -- acting as a user --------------------------------------------------------------------

    async def post_update(self, request: web.Request) -> web.Response:
        """A user writes to the bot: text, location, contact, photo, document, voice, ..."""
        bot = self._bot(request)
        body = await _body(request)
        user = _user(body.get("user"))
        chat = bot.ensure_chat(_chat_info(body.get("chat"), user))
        kinds = [kind for kind in _MESSAGE_KINDS if kind in body]
        if len(kinds) != 1:
            raise ControlError(400, f"give exactly one of {', '.join(_MESSAGE_KINDS)}")
        fields = _message_fields(bot, kinds[0], body[kinds[0]])
        message = bot.add_message(chat, user, **fields)
        if body.get("media_group_id") and kinds[0] in _ALBUM_KINDS:  # one item of an album
            message.payload["media_group_id"] = str(body["media_group_id"])
        event = bot.record_event(chat, "user_message", user_id=user["id"], **message.snapshot())
        if body.get("reply_to_message_id") is not None:  # a swipe-reply to an earlier message
            earlier = chat.messages.get(_int(body["reply_to_message_id"], "reply_to_message_id"))
            if earlier is None:
                raise ControlError(404, "no message with this reply_to_message_id in the chat")
            message.reply_to = earlier.to_telegram(with_reply=False)
        if isinstance(body.get("forward_origin"), dict):  # forwarded from another chat
            message.forward_origin = {"date": message.date - 60, **body["forward_origin"]}
        update = bot.enqueue("message", message.to_telegram(), chat.id)
        answer = await self._dispatch(bot, update, body)
        answer.update(message_id=message.message_id, seq=event["seq"])
        return web.json_response(answer)

    async def post_edit(self, request: web.Request) -> web.Response:
        """A user edits the text of a message they sent: an `edited_message` update."""
        bot = self._bot(request)
        body = await _body(request)
        user = _user(body.get("user"))
        chat = self._chat(bot, body.get("chat_id", user["id"]))
        message = chat.messages.get(_int(body.get("message_id"), "message_id"))
        if message is None or message.from_bot or message.from_user.get("id") != user["id"]:
            raise ControlError(404, "no message of this user with this message_id in the chat")
        if "location" in body:  # a live location moving: Telegram edits the message
            live = message.payload.get("location")
            if not isinstance(live, dict) or "live_period" not in live:
                raise ControlError(400, "only a live location can be moved")
            spec = body["location"] if isinstance(body["location"], dict) else {}
            moved = {key: float(spec[key]) for key in ("latitude", "longitude") if key in spec}
            message.payload["location"] = {**live, **moved}  # a new object: sent ones stay
        else:
            text = body.get("text")
            if not isinstance(text, str) or not text or message.text is None or message.payload:
                raise ControlError(400, "give the new text of a text message")
            message.text, message.entities = text, command_entities(text)
        message.edited, message.edit_date = True, now_date()
        event = bot.record_event(chat, "user_edit", user_id=user["id"], **message.snapshot())
        update = bot.enqueue("edited_message", message.to_telegram(), chat.id)
        answer = await self._dispatch(bot, update, body)
        answer.update(message_id=message.message_id, seq=event["seq"])
        return web.json_response(answer)

    async def post_membership(self, request: web.Request) -> web.Response:
        """``{"user", "status": "kicked" | "member"}``: the user blocks or unblocks (restarts) the
        bot in their private chat; Telegram then refuses messages to them (403) or accepts them
        again, and sends the bot a `my_chat_member` update."""
        bot = self._bot(request)
        body = await _body(request)
        user = _user(body.get("user"))
        status = str(body.get("status", ""))
        if status not in {"kicked", "member"}:
            raise ControlError(400, "status must be kicked or member")
        chat = bot.ensure_chat(_chat_info(None, user))
        if status == "kicked":
            bot.blocked.add(user["id"])
        else:
            bot.blocked.discard(user["id"])
        event = bot.record_event(chat, "membership", user_id=user["id"], status=status)
        bot_user = bot.user_object()
        kicked: JsonDict = {"status": "kicked", "user": bot_user, "until_date": 0}
        member: JsonDict = {"status": "member", "user": bot_user}
        changed: JsonDict = {
            "chat": dict(chat.info),
            "from": user,
            "date": now_date(),
            "old_chat_member": member if status == "kicked" else kicked,
            "new_chat_member": kicked if status == "kicked" else member,
        }
        update = bot.enqueue("my_chat_member", changed, chat.id)
        answer = await self._dispatch(bot, update, body)
        answer.update(seq=event["seq"])
        return web.json_response(answer)

    async def post_callback(self, request: web.Request) -> web.Response:
        """A user presses an inline button (by callback_data or visible text, or forged)."""
        bot = self._bot(request)
        body = await _body(request)
        user = _user(body.get("user"))
        chat = self._chat(bot, body.get("chat_id", user["id"]))
        message, data, text = _find_button(chat, body)
        query_id = bot.new_callback_query_id()
        bot.callback_queries[query_id] = CallbackQueryInfo(
            query_id, chat.id, message.message_id, user["id"], data
        )
        event = bot.record_event(
            chat,
            "callback",
            callback_query_id=query_id,
            user_id=user["id"],
            message_id=message.message_id,
            data=data,
            button_text=text,
            forged=bool(body.get("forge")),
        )
        query: JsonDict = {
            "id": query_id,
            "from": user,
            "message": message.to_telegram(),
            "chat_instance": str(abs(bot.id * 1_000_003 + chat.id)),
            "data": data,
        }
        update = bot.enqueue("callback_query", query, chat.id)
        answer = await self._dispatch(bot, update, body)
        answer.update(message_id=message.message_id, callback_query_id=query_id, seq=event["seq"])
        return web.json_response(answer)

    async def _dispatch(self, bot: BotState, update: PendingUpdate, body: JsonDict) -> JsonDict:
        self._server.wake_delivery(bot)
        handled, status = False, None
        if body.get("wait", True):
            timeout = float(body.get("timeout", 10.0))
            handled, status = await self._server.wait_handled(bot, update, timeout)
        return {"update_id": update.update_id, "handled": handled, "webhook_status": status}

    # -- inspection ---------------------------------------------------------------------------

    async def messages(self, request: web.Request) -> web.Response:
        chat = self._chat(self._bot(request), request.match_info["chat_id"])
        snapshots = [m.snapshot() for m in chat.messages.values()]
        return web.json_response({"messages": snapshots})

    async def events(self, request: web.Request) -> web.Response:
        """The chat's events after ``after``; with ``wait`` (seconds), once there is one."""
        bot = self._bot(request)
        chat = self._chat(bot, request.match_info["chat_id"])
        after = _int(request.query.get("after", 0), "after")
        deadline = time.monotonic() + min(float(request.query.get("wait", 0) or 0), 300.0)
        while True:
            changed = chat.changed
            events = chat.events_after(after)
            left = deadline - time.monotonic()
            if events or left <= 0 or bot.forgotten:
                return web.json_response({"events": events})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), left)

    async def calls(self, request: web.Request) -> web.Response:
        bot = self._bot(request)
        method = request.query.get("method", "").lower()
        calls = [c.to_json() for c in bot.calls if not method or c.method.lower() == method]
        return web.json_response({"calls": calls})

    async def commands(self, request: web.Request) -> web.Response:
        return web.json_response({"commands": self._bot(request).commands_json()})

    async def webhook(self, request: web.Request) -> web.Response:
        from bot.sandbox.server import webhook_info  # here: server imports this module

        bot = self._bot(request)
        info = webhook_info(bot)
        info["secret_token_set"] = bool(bot.webhook and bot.webhook.secret_token)
        return web.json_response(info)

    async def stats(self, request: web.Request) -> web.Response:
        bot = self._bot(request)
        return web.json_response({**bot.stats.to_json(), "pending_updates": len(bot.pending)})

    # -- faults and limits --------------------------------------------------------------------

    async def add_fault(self, request: web.Request) -> web.Response:
        """``{"method", "count", "kind", "retry_after"?, "description"?, "hold_seconds"?}``."""
        bot = self._bot(request)
        body = await _body(request)
        method = str(body.get("method", ""))
        if not self._server.has_method(method):
            raise ControlError(400, f"unknown Bot API method {method!r}")
        kind = str(body.get("kind", ""))
        if kind not in FAULT_KINDS:
            raise ControlError(400, f"kind must be one of {', '.join(FAULT_KINDS)}")
        count = _int(body.get("count", 1), "count")
        fault = Fault(
            kind,
            retry_after=max(1, _int(body.get("retry_after", 1), "retry_after")),
            description=body.get("description"),
            hold_seconds=float(body.get("hold_seconds", 5.0)),
        )
        bot.faults.setdefault(method.lower(), deque()).extend([fault] * max(count, 0))
        return web.json_response({"method": method, "pending": len(bot.faults[method.lower()])})

    async def list_faults(self, request: web.Request) -> web.Response:
        bot = self._bot(request)
        return web.json_response({method: len(queue) for method, queue in bot.faults.items()})

    async def clear_faults(self, request: web.Request) -> web.Response:
        self._bot(request).faults.clear()
        return web.json_response({"ok": True})

    async def add_delay(self, request: web.Request) -> web.Response:
        """``{"method" ("*" = any), "seconds", "chat_id"?, "count"?}``: latency injection."""
        bot = self._bot(request)
        body = await _body(request)
        method = str(body.get("method", ""))
        if method != "*" and not self._server.has_method(method):
            raise ControlError(400, f"unknown Bot API method {method!r}")
        try:
            seconds = float(body.get("seconds", 0))
        except (TypeError, ValueError):
            raise ControlError(400, "seconds must be a number") from None
        if not 0 <= seconds <= 600:
            raise ControlError(400, "seconds must be between 0 and 600")
        chat_id = body.get("chat_id")
        count = body.get("count")
        delay = Delay(
            method,
            seconds,
            chat_id=None if chat_id is None else _int(chat_id, "chat_id"),
            remaining=None if count is None else max(1, _int(count, "count")),
        )
        bot.delays.append(delay)
        return web.json_response({"delays": [d.to_json() for d in bot.delays]})

    async def list_delays(self, request: web.Request) -> web.Response:
        return web.json_response({"delays": [d.to_json() for d in self._bot(request).delays]})

    async def clear_delays(self, request: web.Request) -> web.Response:
        self._bot(request).delays.clear()
        return web.json_response({"ok": True})

    async def rate_limits(self, request: web.Request) -> web.Response:
        """``{"enabled", "global_per_second"?, "per_chat_per_second"?}``."""
        bot = self._bot(request)
        body = await _body(request)
        rate = bot.rate
        rate.enabled = bool(body.get("enabled", True))
        rate.global_per_second = _int(
            body.get("global_per_second", rate.global_per_second), "global_per_second"
        )
        rate.per_chat_per_second = _int(
            body.get("per_chat_per_second", rate.per_chat_per_second), "per_chat_per_second"
        )
        return web.json_response(
            {
                "enabled": rate.enabled,
                "global_per_second": rate.global_per_second,
                "per_chat_per_second": rate.per_chat_per_second,
            }
        )


def _message_fields(bot: BotState, kind: str, value: Any) -> JsonDict:
    """StoredMessage fields for a user message of one kind."""
    spec = value if isinstance(value, dict) else {}
    if kind == "text":
        if not isinstance(value, str) or not value:
            raise ControlError(400, "text must be a non-empty string")
        return {"text": value, "entities": command_entities(value)}
    if kind == "location":
        location: JsonDict = {
            "latitude": float(spec.get("latitude", 0.0)),
            "longitude": float(spec.get("longitude", 0.0)),
        }
        if spec.get("live_period"):  # a live location: moved later by edits
            location["live_period"] = _int(spec["live_period"], "location.live_period")
        return {"payload": {"location": location}, "media": {"type": "location", **location}}
    if kind == "service":  # Telegram's note of an event in the chat: {"pinned_message": {...}}
        if not isinstance(value, dict) or len(value) != 1:
            raise ControlError(400, "service must be one Telegram service field and its value")
        return {"payload": dict(value), "media": {"type": "service", "field": next(iter(value))}}
    if kind == "contact":
        contact: JsonDict = {
            "phone_number": str(spec.get("phone_number", "")),
            "first_name": str(spec.get("first_name", "Contact")),
        }
        if "user_id" in spec:
            contact["user_id"] = _int(spec["user_id"], "contact.user_id")
        return {"payload": {"contact": contact}, "media": {"type": "contact", **contact}}
    file_id, unique = bot.new_file_id(kind)
    info: JsonDict = {
        "type": kind,
        "file_id": file_id,
        "file_unique_id": unique,
        "file_name": spec.get("file_name"),
        "mime_type": spec.get("mime_type"),
        "size": int(spec.get("size", 2048)),
    }
    bot.files[file_id] = info
    base = {"file_id": file_id, "file_unique_id": unique, "file_size": info["size"]}
    payload: JsonDict
    if kind == "photo":
        payload = {"photo": photo_sizes(info)}
    elif kind == "document":
        payload = {"document": document_object(info)}
    elif kind == "voice":
        payload = {"voice": {**base, "duration": 2, "mime_type": "audio/ogg"}}
    elif kind == "video":
        payload = {"video": {**base, "width": 640, "height": 480, "duration": 3}}
    else:
        sticker = {"type": "regular", "width": 512, "height": 512}
        payload = {"sticker": {**base, **sticker, "is_animated": False, "is_video": False}}
    media = {k: info[k] for k in ("type", "file_name", "mime_type", "size")}
    caption = spec.get("caption")
    return {"payload": payload, "media": media, "text": str(caption) if caption else None}


class _BotMessagesNewestFirst:
    """A chat's bot messages, newest first, read lazily: a press is nearly always on one of the
    last, and a long chat is not copied for each press."""

    def __init__(self, chat: ChatState) -> None:
        self.chat = chat

    def __iter__(self) -> Iterator[StoredMessage]:
        return (m for m in reversed(self.chat.messages.values()) if m.from_bot and not m.deleted)


def _find_button(chat: ChatState, body: JsonDict) -> tuple[StoredMessage, str, str | None]:
    """(message, callback_data, button text) for a press; ControlError 404/409 otherwise."""
    data, text = body.get("callback_data"), body.get("button_text")
    if (data is None) == (text is None):
        raise ControlError(400, "give exactly one of callback_data and button_text")
    candidates: Iterable[StoredMessage] = _BotMessagesNewestFirst(chat)
    if body.get("message_id") is not None:
        message_id = _int(body["message_id"], "message_id")
        candidates = [m for m in candidates if m.message_id == message_id]
        if not candidates:
            raise ControlError(404, f"bot message {message_id} not found in chat {chat.id}")
    if text is not None:
        return _find_by_text(chat, candidates, str(text))
    data = str(data)
    for message in candidates:
        for button in message.inline_buttons():
            if button.get("callback_data") == data:
                return message, data, str(button["text"])
    if body.get("forge"):
        with_keyboard = [m for m in candidates if m.inline_buttons()]
        target = with_keyboard or list(candidates)
        if not target:
            raise ControlError(404, "no bot message to attach a forged callback to")
        return target[0], data, None
    raise ControlError(
        404, f"no button with callback_data {data!r}; available: {_available(candidates)}"
    )


# Bidi controls (isolates, marks, embeddings): invisible on a button, so a person taps what
# they read without them.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e")
)


def _visible(text: object) -> str:
    return str(text).translate(_INVISIBLE)


def _find_by_text(
    chat: ChatState, candidates: Iterable[StoredMessage], text: str
) -> tuple[StoredMessage, str, str | None]:
    """The newest button whose text is `text` (as written, or as it looks), else the one
    button that contains it."""
    seen = _visible(text).lower()
    for message in candidates:
        buttons = message.inline_buttons()
        exact = [b for b in buttons if b["text"] == text] or [
            b for b in buttons if _visible(b["text"]) == _visible(text)
        ]
        matches = exact or [b for b in buttons if seen in _visible(b["text"]).lower()]
        if len(matches) > 1 and not exact:
            names = ", ".join(repr(b["text"]) for b in matches)
            raise ControlError(409, f"button text {text!r} is ambiguous: {names}")
        if matches:
            button = matches[0]
            if "callback_data" not in button:
                raise ControlError(400, f"button {button['text']!r} has no callback_data")
            return message, str(button["callback_data"]), str(button["text"])
    raise ControlError(
        404, f"no button {text!r} in chat {chat.id}; available: {_available(candidates)}"
    )


def _available(candidates: Iterable[StoredMessage]) -> str:
    """The button texts of the newest bot message that has inline buttons."""
    for message in candidates:
        texts = [str(b["text"]) for b in message.inline_buttons()]
        if texts:
            return ", ".join(repr(t) for t in texts)
    return "(no inline buttons)"

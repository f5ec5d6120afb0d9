"""Python client of the sandbox's control API, so that e2e tests read like a conversation.

async with SandboxControl(sandbox.base_url, bot_id) as control:
    alice = control.user(1001, "Alice")
    await alice.send("/report")
    assert "Which country" in (await alice.last()).text
    await alice.tap("Haïti")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import aiohttp

JsonDict = dict[str, Any]


class SandboxError(Exception):
    """The control API refused a request; ``message`` is the sandbox's own explanation."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"sandbox answered {status}: {message}")
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None
    web_app: str | None = None  # a web_app button's Mini App address


@dataclass(frozen=True)
class BotMessage:
    """The current state of one message of the bot, as the control API reports it."""

    message_id: int
    text: str  # the text or the caption; "" for media without a caption
    buttons: list[list[Button]] = field(default_factory=list)
    media: JsonDict | None = None
    edited: bool = False
    deleted: bool = False
    protect_content: bool = False
    parse_mode: str | None = None
    entities: list[JsonDict] = field(default_factory=list)
    reply_keyboard: JsonDict | None = None
    date: int = 0

    @classmethod
    def from_json(cls, data: JsonDict) -> BotMessage:
        return cls(
            message_id=int(data["message_id"]),
            text=data.get("text") or "",
            buttons=[
                [
                    Button(
                        str(b["text"]),
                        b.get("callback_data"),
                        b.get("url"),
                        (b.get("web_app") or {}).get("url"),
                    )
                    for b in row
                ]
                for row in data.get("buttons") or []
            ],
            media=data.get("media"),
            edited=bool(data.get("edited")),
            deleted=bool(data.get("deleted")),
            protect_content=bool(data.get("protect_content")),
            parse_mode=data.get("parse_mode"),
            entities=list(data.get("entities") or []),
            reply_keyboard=data.get("reply_keyboard"),
            date=int(data.get("date", 0)),
        )

    def button_texts(self) -> list[str]:
        """Every inline button's text, row by row."""
        return [button.text for row in self.buttons for button in row]

    def has_button(self, text: str) -> bool:
        return text in self.button_texts()


@dataclass(frozen=True)
class ApiCall:
    """One Bot API call the bot made (from the sandbox's call log)."""

    method: str
    chat_id: int | str | None
    started: float
    ended: float | None
    started_wall: float
    ended_wall: float | None
    status: int | None
    error: str | None

    @property
    def duration(self) -> float | None:
        return None if self.ended is None else self.ended - self.started


class SandboxControl:
    """Control API client for one bot of a running sandbox."""

    def __init__(self, base_url: str, bot_id: int) -> None:
        self.base_url = base_url.rstrip("/")
        self.bot_id = bot_id
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> SandboxControl:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def request(
        self,
        method: str,
        path: str,
        body: JsonDict | None = None,
        *,
        params: dict[str, str] | None = None,
        bot_scoped: bool = True,
    ) -> Any:
        """Call a control route (relative to ``/control/bots/<id>`` when bot_scoped)."""
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None))
        prefix = f"/control/bots/{self.bot_id}" if bot_scoped else "/control"
        url = f"{self.base_url}{prefix}{path}"
        async with self._session.request(method, url, json=body, params=params) as response:
            try:
                data = await response.json(content_type=None)
            except ValueError:
                data = {"error": await response.text()}
            if response.status >= 400:
                message = data.get("error") if isinstance(data, dict) else None
                raise SandboxError(response.status, str(message or data))
            return data

    def user(
        self,
        user_id: int,
        first_name: str = "User",
        *,
        language_code: str | None = "en",
        username: str | None = None,
        last_name: str | None = None,
    ) -> SimUser:
        user: JsonDict = {"id": user_id, "first_name": first_name}
        for key, value in (
            ("language_code", language_code),
            ("username", username),
            ("last_name", last_name),
        ):
            if value is not None:
                user[key] = value
        return SimUser(self, user)

    async def register_bot(
        self, token: str, username: str, first_name: str = "Sandbox Bot"
    ) -> None:
        body = {"token": token, "username": username, "first_name": first_name}
        await self.request("POST", "/bots", body, bot_scoped=False)

    async def reset(self) -> None:
        """Forget every bot, chat and message of the sandbox."""
        await self.request("POST", "/reset", bot_scoped=False)

    async def inject_fault(
        self,
        method: str,
        kind: str,
        count: int = 1,
        *,
        retry_after: int = 1,
        description: str | None = None,
        hold_seconds: float = 5.0,
    ) -> None:
        """Make the next ``count`` calls of ``method`` fail (429, 500, 502, 403, 400, timeout)."""
        body: JsonDict = {
            "method": method,
            "kind": kind,
            "count": count,
            "retry_after": retry_after,
            "hold_seconds": hold_seconds,
        }
        if description is not None:
            body["description"] = description
        await self.request("POST", "/faults", body)

    async def clear_faults(self) -> None:
        await self.request("DELETE", "/faults")

    async def add_delay(
        self,
        method: str,
        seconds: float,
        *,
        chat_id: int | None = None,
        count: int | None = None,
    ) -> None:
        """Hold matching calls ``seconds`` before answering ("*" = any method; one chat or all;
        the next ``count`` calls or every one)."""
        body: JsonDict = {"method": method, "seconds": seconds}
        if chat_id is not None:
            body["chat_id"] = chat_id
        if count is not None:
            body["count"] = count
        await self.request("POST", "/delays", body)

    async def clear_delays(self) -> None:
        await self.request("DELETE", "/delays")

    async def set_rate_limits(
        self, enabled: bool, global_per_second: int = 30, per_chat_per_second: int = 1
    ) -> None:
        body = {
            "enabled": enabled,
            "global_per_second": global_per_second,
            "per_chat_per_second": per_chat_per_second,
        }
        await self.request("PUT", "/rate_limits", body)

    async def block(self, user_id: int) -> None:
        await self.request("POST", f"/users/{user_id}/block")

    async def unblock(self, user_id: int) -> None:
        await self.request("POST", f"/users/{user_id}/unblock")

    async def calls(self, method: str | None = None) -> list[ApiCall]:
        params = {"method": method} if method else None
        data = await self.request("GET", "/calls", params=params)
        return [ApiCall(**call) for call in data["calls"]]

    async def commands(self) -> list[JsonDict]:
        data = await self.request("GET", "/commands")
        return list(data["commands"])

    async def webhook_info(self) -> JsonDict:
        return dict(await self.request("GET", "/webhook"))

    async def stats(self) -> JsonDict:
        return dict(await self.request("GET", "/stats"))

    async def chat_messages(self, chat_id: int) -> list[JsonDict]:
        """Every message of a chat (user's and bot's), current state."""
        data = await self.request("GET", f"/chats/{chat_id}/messages")
        return list(data["messages"])

    async def chat_events(
        self, chat_id: int, after: int = 0, *, wait_seconds: float = 0
    ) -> list[JsonDict]:
        """The chat's events after ``after``; with ``wait_seconds``, once there is one."""
        params = {"after": str(after), "wait": str(wait_seconds)}
        data = await self.request("GET", f"/chats/{chat_id}/events", params=params)
        return list(data["events"])


class SimUser:
    """A simulated person writing to the bot from one chat (private by default)."""

    def __init__(
        self, control: SandboxControl, user: JsonDict, chat: JsonDict | None = None
    ) -> None:
        self.control = control
        self.user_json = user
        self.chat = chat
        self.id: int = int(user["id"])
        self.chat_id: int = int(chat["id"]) if chat else self.id
        self.name = str(user.get("first_name", "User"))
        self.last_answer: JsonDict = {}
        self._mark = 0

    def in_chat(self, chat_id: int, type: str = "group", title: str | None = None) -> SimUser:
        """The same person writing from another chat (a group)."""
        chat: JsonDict = {"id": chat_id, "type": type}
        if title is not None:
            chat["title"] = title
        return SimUser(self.control, self.user_json, chat)

    # -- acting -------------------------------------------------------------------------------

    async def _post(self, path: str, body: JsonDict, wait: bool, wait_seconds: float) -> JsonDict:
        body = {"user": self.user_json, **body, "wait": wait, "timeout": wait_seconds}
        answer: JsonDict = await self.control.request("POST", path, body)
        self._mark = int(answer.get("seq", self._mark))
        self.last_answer = answer
        return answer

    async def _message(self, body: JsonDict, wait: bool, wait_seconds: float) -> int:
        if self.chat is not None:
            body = {**body, "chat": self.chat}
        answer = await self._post("/updates", body, wait, wait_seconds)
        return int(answer["update_id"])

    async def send(
        self,
        text: str,
        *,
        reply_to: int | None = None,
        wait: bool = True,
        wait_seconds: float = 10.0,
    ) -> int:
        """Send a text (`reply_to`: as a reply to that message of the chat); returns the
        update_id once the bot has handled it."""
        body: JsonDict = {"text": text}
        if reply_to is not None:
            body["reply_to_message_id"] = reply_to
        return await self._message(body, wait, wait_seconds)

    async def forward(
        self,
        text: str,
        *,
        from_name: str | None = None,
        wait: bool = True,
        wait_seconds: float = 10.0,
    ) -> int:
        """Forward to the bot a text that `from_name` wrote in another chat (None: one this
        person wrote, as from their Saved Messages)."""
        origin: JsonDict = (
            {"type": "user", "sender_user": {"is_bot": False, **self.user_json}}
            if from_name is None
            else {"type": "hidden_user", "sender_user_name": from_name}
        )
        body: JsonDict = {"text": text, "forward_origin": origin}
        return await self._message(body, wait, wait_seconds)

    async def send_location(
        self,
        latitude: float,
        longitude: float,
        *,
        live_period: int | None = None,
        wait: bool = True,
        wait_seconds: float = 10.0,
    ) -> int:
        """A location (`live_period`, in seconds: a live one, which `move` then edits)."""
        location: JsonDict = {"latitude": latitude, "longitude": longitude}
        if live_period is not None:
            location["live_period"] = live_period
        return await self._message({"location": location}, wait, wait_seconds)

    async def move(
        self,
        message_id: int,
        latitude: float,
        longitude: float,
        *,
        wait: bool = True,
        wait_seconds: float = 10.0,
    ) -> None:
        """A live location this user shares moved: Telegram sends an edited_message."""
        body: JsonDict = {
            "chat_id": self.chat_id,
            "message_id": message_id,
            "location": {"latitude": latitude, "longitude": longitude},
        }
        await self._post("/edits", body, wait, wait_seconds)

    async def block_bot(self, *, wait: bool = True, wait_seconds: float = 10.0) -> None:
        """Block the bot (a my_chat_member update; the bot's messages then fail with 403)."""
        await self._post("/memberships", {"status": "kicked"}, wait, wait_seconds)

    async def unblock_bot(self, *, wait: bool = True, wait_seconds: float = 10.0) -> None:
        """Unblock (restart) the bot: a my_chat_member update, and messages reach them again."""
        await self._post("/memberships", {"status": "member"}, wait, wait_seconds)

    async def send_service(
        self, field: str, value: JsonDict, *, wait: bool = True, wait_seconds: float = 10.0
    ) -> int:
        """A service message in the chat, as Telegram sends one when the user changes the chat's
        auto-delete timer (`message_auto_delete_timer_changed`) or pins a message."""
        return await self._message({"service": {field: value}}, wait, wait_seconds)

    async def send_contact(
        self,
        phone_number: str,
        first_name: str | None = None,
        *,
        wait: bool = True,
        wait_seconds: float = 10.0,
    ) -> int:
        contact = {"phone_number": phone_number, "first_name": first_name or self.name}
        return await self._message({"contact": contact}, wait, wait_seconds)

    async def send_photo(
        self,
        caption: str | None = None,
        *,
        media_group_id: str | None = None,
        wait: bool = True,
        wait_seconds: float = 10.0,
    ) -> int:
        """A photo (`media_group_id`: one photo of an album, which arrives as one message each)."""
        photo = {"caption": caption} if caption else {}
        body: JsonDict = {"photo": photo}
        if media_group_id is not None:
            body["media_group_id"] = media_group_id
        return await self._message(body, wait, wait_seconds)

    async def send_document(
        self,
        file_name: str,
        mime_type: str = "application/pdf",
        caption: str | None = None,
        *,
        wait: bool = True,
        wait_seconds: float = 10.0,
    ) -> int:
        document: JsonDict = {"file_name": file_name, "mime_type": mime_type}
        if caption:
            document["caption"] = caption
        return await self._message({"document": document}, wait, wait_seconds)

    async def send_voice(self, *, wait: bool = True, wait_seconds: float = 10.0) -> int:
        return await self._message({"voice": {}}, wait, wait_seconds)

    async def send_video(self, *, wait: bool = True, wait_seconds: float = 10.0) -> int:
        return await self._message({"video": {}}, wait, wait_seconds)

    async def send_sticker(self, *, wait: bool = True, wait_seconds: float = 10.0) -> int:
        return await self._message({"sticker": {}}, wait, wait_seconds)

    async def edit(
        self, message_id: int, text: str, *, wait: bool = True, wait_seconds: float = 10.0
    ) -> None:
        """Edit the text of a message this user sent (Telegram sends an edited_message)."""
        body: JsonDict = {"chat_id": self.chat_id, "message_id": message_id, "text": text}
        await self._post("/edits", body, wait, wait_seconds)

    async def tap(
        self,
        button_text: str,
        *,
        message_id: int | None = None,
        wait: bool = True,
        wait_seconds: float = 10.0,
    ) -> None:
        """Press the inline button with this visible text (exact, else unique substring)."""
        body: JsonDict = {"chat_id": self.chat_id, "button_text": button_text}
        if message_id is not None:
            body["message_id"] = message_id
        await self._post("/callbacks", body, wait, wait_seconds)

    async def press(
        self,
        callback_data: str,
        *,
        message_id: int | None = None,
        forge: bool = False,
        wait: bool = True,
        wait_seconds: float = 10.0,
    ) -> None:
        """Press a button by its callback_data; ``forge`` sends it even if no button has it."""
        body: JsonDict = {"chat_id": self.chat_id, "callback_data": callback_data, "forge": forge}
        if message_id is not None:
            body["message_id"] = message_id
        await self._post("/callbacks", body, wait, wait_seconds)

    # -- looking ------------------------------------------------------------------------------

    async def messages(self) -> list[BotMessage]:
        """The bot's messages in this chat (current state, deleted ones flagged), in order."""
        try:
            raw = await self.control.chat_messages(self.chat_id)
        except SandboxError as error:
            if error.status == 404:
                return []
            raise
        return [BotMessage.from_json(m) for m in raw if m["from_bot"]]

    async def last(self) -> BotMessage:
        """The newest visible bot message; AssertionError with the transcript if there is none."""
        visible = [m for m in await self.messages() if not m.deleted]
        if not visible:
            raise AssertionError(f"the bot has sent no message yet\n{await self.transcript()}")
        return visible[-1]

    async def replies(self) -> list[BotMessage]:
        """Bot messages sent or edited since this user's last send, tap or press."""
        events = await self._events(after=self._mark)
        ids: list[int] = []
        for event in events:
            if event["type"] in {"bot_message", "edit"} and event["message_id"] not in ids:
                ids.append(int(event["message_id"]))
        current = {m.message_id: m for m in await self.messages()}
        return [current[i] for i in ids if i in current]

    async def callback_answers(self) -> list[JsonDict]:
        """Every answerCallbackQuery the bot made to this user's presses in this chat."""
        return [
            e
            for e in await self._events()
            if e["type"] == "callback_answer" and e.get("user_id") == self.id
        ]

    async def _events(self, after: int = 0) -> list[JsonDict]:
        try:
            return await self.control.chat_events(self.chat_id, after)
        except SandboxError as error:
            if error.status == 404:
                return []
            raise

    async def transcript(self) -> str:
        """A human-readable log of the chat, one line per event."""
        lines = [_describe(event, self.id, self.name) for event in await self._events()]
        return "\n".join(lines) if lines else "(empty chat)"


def _describe(event: JsonDict, user_id: int, name: str) -> str:
    """One transcript line."""
    kind = event["type"]
    who = name if event.get("user_id") == user_id else f"user {event.get('user_id')}"
    if kind == "user_message":
        return f"[#{event['message_id']}] {who}: {_content(event)}"
    if kind == "bot_message":
        return f"[#{event['message_id']}] bot: {_content(event)}{_buttons(event)}"
    if kind == "edit":
        return f"[#{event['message_id']}] bot edited: {_content(event)}{_buttons(event)}"
    if kind == "delete":
        return f"[#{event['message_id']}] deleted"
    if kind == "callback":
        label = event.get("button_text") or f"data={event.get('data')!r}"
        forged = " (forged)" if event.get("forged") else ""
        return f"    {who} taps [{label}] on #{event['message_id']}{forged}"
    if kind == "callback_answer":
        text = event.get("text")
        alert = " (alert)" if event.get("show_alert") else ""
        return f"    bot answers the tap: {text!r}{alert}" if text else "    bot answers the tap"
    if kind == "membership":
        return f"    {who} {'blocks' if event.get('status') == 'kicked' else 'unblocks'} the bot"
    if kind == "chat_action":
        return f"    bot is {event.get('action')}…"
    return f"    {kind}"


def _content(event: JsonDict) -> str:
    media = event.get("media")
    text = event.get("text") or ""
    if media:
        label = media.get("file_name") or media.get("type")
        return f"<{media.get('type')}: {label}> {text}".rstrip()
    return str(text)


def _buttons(event: JsonDict) -> str:
    rows = event.get("buttons") or []
    if not rows:
        return ""
    return "  " + " ".join("[" + " | ".join(str(b["text"]) for b in row) + "]" for row in rows)

"""Bot API methods that only touch the in-memory state (messages, callbacks, files, commands).

getUpdates and the webhook methods need the server's event loop machinery and live in
``server.py``; everything else is here, one function per method.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.state import BotState, ChatState, StoredMessage, now_date
from bot.sandbox.validation import (
    BOOL,
    CHAT_ACTIONS,
    CHAT_ID,
    FILE,
    INT,
    JSON,
    STR,
    ApiError,
    JsonDict,
    bad_request,
    check_callback_answer,
    check_caption,
    check_text,
    parse_text,
    reply_markup_equal,
    validate_commands,
    validate_language_code,
    validate_menu_button,
    validate_reply_markup,
    validate_scope,
)

Handler = Callable[[BotState, JsonDict], Any]


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request (the content itself is not kept, only its size and,
    for a PNG or a JPEG, its width and height)."""

    filename: str | None
    content_type: str | None
    size: int
    dimensions: tuple[int, int] | None = None


# sendPhoto's limits (Bot API docs): at most 10 MB, width and height at most 10000 in total,
# and a ratio of width and height of at most 20. Larger pictures go as documents.
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDES = 10_000
PHOTO_MAX_RATIO = 20


def image_dimensions(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's or a JPEG's header; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if not data.startswith(b"\xff\xd8"):
        return None
    at = 2
    while at + 9 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        # Start of frame (baseline, progressive, ...): not DHT (C4), JPG (C8) or DAC (CC).
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return int(width), int(height)
        at += 2 + int(struct.unpack(">H", data[at + 2 : at + 4])[0])
    return None


def check_photo(upload: Upload) -> None:
    """Refuse a photo Telegram would refuse, with Telegram's error."""
    if upload.size > PHOTO_MAX_BYTES:
        raise bad_request("PHOTO_SAVE_FILE_INVALID")
    if upload.dimensions is not None:
        width, height = upload.dimensions
        short, long = sorted((width, height))
        if width + height > PHOTO_MAX_SIDES or short == 0 or long > PHOTO_MAX_RATIO * short:
            raise bad_request("PHOTO_INVALID_DIMENSIONS")


@dataclass(frozen=True)
class MethodSpec:
    """A Bot API method: canonical name, parameter schema, handler."""

    name: str
    handler: Handler
    params: dict[str, str] = field(default_factory=dict)
    rate_limited: bool = False


_SEND_COMMON = {
    "business_connection_id": STR,
    "chat_id": CHAT_ID,
    "message_thread_id": INT,
    "disable_notification": BOOL,
    "protect_content": BOOL,
    "allow_paid_broadcast": BOOL,
    "message_effect_id": STR,
    "reply_parameters": JSON,
    "reply_to_message_id": INT,
    "allow_sending_without_reply": BOOL,
    "reply_markup": JSON,
}
_EDIT_COMMON = {
    "business_connection_id": STR,
    "chat_id": CHAT_ID,
    "message_id": INT,
    "inline_message_id": STR,
    "reply_markup": JSON,
}


# -- helpers -----------------------------------------------------------------------------------


def _target_chat(bot: BotState, params: JsonDict) -> ChatState:
    """The chat named by chat_id; 400 when unknown, 403 when its user blocked the bot."""
    if "chat_id" not in params:
        raise bad_request("chat_id is empty")
    chat = bot.chat(params["chat_id"])
    if chat.info.get("type") == "private" and chat.id in bot.blocked:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    return chat


def _markup(params: JsonDict) -> JsonDict | None:
    markup = params.get("reply_markup")
    if markup is None:
        return None
    return validate_reply_markup(markup)


def _reply_to(chat: ChatState, params: JsonDict) -> JsonDict | None:
    """The replied-to message (reply_parameters or the legacy reply_to_message_id)."""
    reply = params.get("reply_parameters")
    allow_missing = bool(params.get("allow_sending_without_reply"))
    if isinstance(reply, dict):
        message_id = reply.get("message_id")
        allow_missing = bool(reply.get("allow_sending_without_reply", allow_missing))
    elif reply is not None:
        raise bad_request("can't parse reply parameters JSON object")
    else:
        message_id = params.get("reply_to_message_id")
    if message_id is None:
        return None
    target = chat.messages.get(message_id) if isinstance(message_id, int) else None
    if target is None or target.deleted:
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")
    return target.to_telegram(with_reply=False)


def _message(chat: ChatState, params: JsonDict, missing: str) -> StoredMessage:
    if params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    if "message_id" not in params:
        raise bad_request("message identifier is not specified")
    message = chat.messages.get(params["message_id"])
    if message is None or message.deleted:
        raise bad_request(missing)
    return message


_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


def _store_bot_message(bot: BotState, chat: ChatState, **fields: Any) -> JsonDict:
    message = bot.add_message(chat, bot.user_object(), **fields)
    bot.record_event(chat, "bot_message", **message.snapshot())
    bot.stats.messages_sent += 1
    return message.to_telegram()


# -- methods -----------------------------------------------------------------------------------


def get_me(bot: BotState, params: JsonDict) -> JsonDict:
    return {
        **bot.user_object(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def send_message(bot: BotState, params: JsonDict) -> JsonDict:
    chat = _target_chat(bot, params)
    text, entities = parse_text(
        params.get("text", ""), params.get("parse_mode"), params.get("entities")
    )
    check_text(text)
    markup = _markup(params)
    reply_to = _reply_to(chat, params)
    return _store_bot_message(
        bot,
        chat,
        text=text,
        entities=entities,
        parse_mode=params.get("parse_mode"),
        reply_markup=markup,
        protect_content=bool(params.get("protect_content")),
        reply_to=reply_to,
    )


def edit_message_text(bot: BotState, params: JsonDict) -> JsonDict:
    chat = _target_chat(bot, params)
    message = _message(chat, params, "message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    if message.has_caption:
        raise bad_request("there is no text in the message to edit")
    text, entities = parse_text(
        params.get("text", ""), params.get("parse_mode"), params.get("entities")
    )
    check_text(text)
    markup = _markup(params)
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    if (
        text == message.text
        and entities == message.entities
        and reply_markup_equal(markup, message.reply_markup)
    ):
        raise bad_request(_NOT_MODIFIED)
    message.text, message.entities = text, entities
    message.parse_mode = params.get("parse_mode")
    message.reply_markup = markup
    return _mark_edited(bot, chat, message)


def edit_message_caption(bot: BotState, params: JsonDict) -> JsonDict:
    chat = _target_chat(bot, params)
    message = _message(chat, params, "message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    if not message.has_caption:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = parse_text(
        params.get("caption", ""), params.get("parse_mode"), params.get("caption_entities")
    )
    check_caption(caption)
    markup = _markup(params)
    if (
        caption == (message.text or "")
        and entities == message.entities
        and reply_markup_equal(markup, message.reply_markup)
    ):
        raise bad_request(_NOT_MODIFIED)
    message.text, message.entities = caption or None, entities
    message.parse_mode = params.get("parse_mode")
    message.reply_markup = markup
    return _mark_edited(bot, chat, message)


def edit_message_reply_markup(bot: BotState, params: JsonDict) -> JsonDict:
    chat = _target_chat(bot, params)
    message = _message(chat, params, "message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    markup = _markup(params)
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    if reply_markup_equal(markup, message.reply_markup):
        raise bad_request(_NOT_MODIFIED)
    message.reply_markup = markup
    return _mark_edited(bot, chat, message)


def _mark_edited(bot: BotState, chat: ChatState, message: StoredMessage) -> JsonDict:
    message.edited = True
    message.edit_date = now_date()
    bot.record_event(chat, "edit", **message.snapshot())
    return message.to_telegram()


def delete_message(bot: BotState, params: JsonDict) -> bool:
    chat = _target_chat(bot, params)
    message = _message(chat, params, "message to delete not found")
    message.deleted = True
    bot.record_event(chat, "delete", message_id=message.message_id, from_bot=message.from_bot)
    return True


def answer_callback_query(bot: BotState, params: JsonDict) -> bool:
    query = bot.callback_queries.get(str(params.get("callback_query_id", "")))
    if query is None or query.answered:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = params.get("text")
    check_callback_answer(text)
    query.answered = True
    chat = bot.chats.get(query.chat_id)
    if chat is not None:
        bot.record_event(
            chat,
            "callback_answer",
            callback_query_id=query.id,
            user_id=query.user_id,
            message_id=query.message_id,
            text=text,
            show_alert=bool(params.get("show_alert")),
            url=params.get("url"),
            cache_time=params.get("cache_time", 0),
        )
    return True


def send_chat_action(bot: BotState, params: JsonDict) -> bool:
    chat = _target_chat(bot, params)
    action = params.get("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    bot.record_event(chat, "chat_action", action=action)
    return True


# -- media ---------------------------------------------------------------------------------------


def _resolve_file(bot: BotState, params: JsonDict, kind: str) -> tuple[JsonDict, JsonDict]:
    """(Telegram file fields, sandbox media summary) for an upload, a file_id or a URL."""
    value = params.get(kind)
    if value is None or value == "":
        raise bad_request(f"there is no {kind} in the request")
    if isinstance(value, Upload):
        if kind == "photo":
            check_photo(value)
        file_id, unique = bot.new_file_id(kind)
        info: JsonDict = {
            "type": kind,
            "file_id": file_id,
            "file_unique_id": unique,
            "file_name": value.filename,
            "mime_type": value.content_type,
            "size": value.size,
        }
        bot.files[file_id] = info
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        file_id, unique = bot.new_file_id(kind)
        name = value.rstrip("/").rsplit("/", 1)[-1] or None
        info = {"type": kind, "file_id": file_id, "file_unique_id": unique, "url": value}
        info.update({"file_name": name, "mime_type": None, "size": None})
        bot.files[file_id] = info
    elif isinstance(value, str) and value in bot.files:
        info = bot.files[value]
    else:
        raise bad_request("wrong file identifier/HTTP URL specified")
    summary: JsonDict = {k: info.get(k) for k in ("file_name", "mime_type", "size")}
    summary["type"] = kind
    if info.get("url"):
        summary["url"] = info["url"]
    return info, summary


def photo_sizes(info: JsonDict) -> list[JsonDict]:
    """The PhotoSize list Telegram returns: a thumbnail and the full size."""
    size = info.get("size")
    full: JsonDict = {
        "file_id": info["file_id"],
        "file_unique_id": info["file_unique_id"],
        "width": 800,
        "height": 600,
    }
    if size:
        full["file_size"] = size
    thumb = {
        "file_id": f"{info['file_id']}_s",
        "file_unique_id": f"{info['file_unique_id']}s",
        "width": 90,
        "height": 67,
        "file_size": min(int(size or 1500), 1500),
    }
    return [thumb, full]


def document_object(info: JsonDict) -> JsonDict:
    doc: JsonDict = {"file_id": info["file_id"], "file_unique_id": info["file_unique_id"]}
    for source, target in (("file_name", "file_name"), ("mime_type", "mime_type")):
        if info.get(source):
            doc[target] = info[source]
    if info.get("size"):
        doc["file_size"] = info["size"]
    return doc


def _send_media(bot: BotState, params: JsonDict, kind: str) -> JsonDict:
    chat = _target_chat(bot, params)
    caption, entities = parse_text(
        params.get("caption", ""), params.get("parse_mode"), params.get("caption_entities")
    )
    check_caption(caption)
    markup = _markup(params)
    reply_to = _reply_to(chat, params)
    info, summary = _resolve_file(bot, params, kind)
    payload = {"photo": photo_sizes(info)} if kind == "photo" else {kind: document_object(info)}
    return _store_bot_message(
        bot,
        chat,
        text=caption or None,
        entities=entities,
        parse_mode=params.get("parse_mode"),
        reply_markup=markup,
        media=summary,
        payload=payload,
        protect_content=bool(params.get("protect_content")),
        reply_to=reply_to,
    )


def send_photo(bot: BotState, params: JsonDict) -> JsonDict:
    return _send_media(bot, params, "photo")


def send_document(bot: BotState, params: JsonDict) -> JsonDict:
    return _send_media(bot, params, "document")


# -- commands ------------------------------------------------------------------------------------


def _scope_and_language(bot: BotState, params: JsonDict) -> tuple[JsonDict, str]:
    scope = validate_scope(params.get("scope"))
    if "chat_id" in scope:
        bot.chat(scope["chat_id"])
    return scope, validate_language_code(params.get("language_code"))


def set_my_commands(bot: BotState, params: JsonDict) -> bool:
    if "commands" not in params:
        raise bad_request('parameter "commands" is required')
    commands = validate_commands(params["commands"])
    scope, language = _scope_and_language(bot, params)
    key = (bot.scope_key(scope), language)
    if commands:
        bot.commands[key] = (scope, language, commands)
    else:
        bot.commands.pop(key, None)
    return True


def get_my_commands(bot: BotState, params: JsonDict) -> list[JsonDict]:
    scope, language = _scope_and_language(bot, params)
    stored = bot.commands.get((bot.scope_key(scope), language))
    return [dict(c) for c in stored[2]] if stored else []


def delete_my_commands(bot: BotState, params: JsonDict) -> bool:
    scope, language = _scope_and_language(bot, params)
    bot.commands.pop((bot.scope_key(scope), language), None)
    return True


def set_chat_menu_button(bot: BotState, params: JsonDict) -> bool:
    """The menu button of one private chat, or (no chat_id) the default of every chat."""
    button = validate_menu_button(params.get("menu_button", {"type": "default"}))
    chat_id = params.get("chat_id")
    if chat_id is not None:
        chat = bot.chat(chat_id)
        if chat.info.get("type") != "private":
            raise bad_request("chat_id must refer to a private chat")  # the Bot API's rule
        chat_id = chat.id
    if button["type"] == "default":
        bot.menu_buttons.pop(chat_id, None)
    else:
        bot.menu_buttons[chat_id] = button
    return True


def get_chat_menu_button(bot: BotState, params: JsonDict) -> JsonDict:
    chat_id = params.get("chat_id")
    if chat_id is not None:
        chat_id = bot.chat(chat_id).id
        if chat_id in bot.menu_buttons:
            return dict(bot.menu_buttons[chat_id])
    return dict(bot.menu_buttons.get(None, {"type": "commands"}))


_SCOPE = {"scope": JSON, "language_code": STR}
_TEXT = {"text": STR, "parse_mode": STR, "entities": JSON}
_LINK = {"link_preview_options": JSON, "disable_web_page_preview": BOOL}
_CAPTION = {"caption": STR, "parse_mode": STR, "caption_entities": JSON}

STATE_METHODS: tuple[MethodSpec, ...] = (
    MethodSpec("getMe", get_me),
    MethodSpec("sendMessage", send_message, {**_SEND_COMMON, **_TEXT, **_LINK}, True),
    MethodSpec("editMessageText", edit_message_text, {**_EDIT_COMMON, **_TEXT, **_LINK}, True),
    MethodSpec("editMessageCaption", edit_message_caption, {**_EDIT_COMMON, **_CAPTION}, True),
    MethodSpec("editMessageReplyMarkup", edit_message_reply_markup, dict(_EDIT_COMMON), True),
    MethodSpec("deleteMessage", delete_message, {"chat_id": CHAT_ID, "message_id": INT}),
    MethodSpec(
        "answerCallbackQuery",
        answer_callback_query,
        {
            "callback_query_id": STR,
            "text": STR,
            "show_alert": BOOL,
            "url": STR,
            "cache_time": INT,
        },
    ),
    MethodSpec(
        "sendPhoto",
        send_photo,
        {
            **_SEND_COMMON,
            **_CAPTION,
            "photo": FILE,
            "has_spoiler": BOOL,
            "show_caption_above_media": BOOL,
        },
        True,
    ),
    MethodSpec(
        "sendDocument",
        send_document,
        {
            **_SEND_COMMON,
            **_CAPTION,
            "document": FILE,
            "thumbnail": FILE,
            "disable_content_type_detection": BOOL,
        },
        True,
    ),
    MethodSpec(
        "sendChatAction",
        send_chat_action,
        {
            "chat_id": CHAT_ID,
            "action": STR,
            "message_thread_id": INT,
            "business_connection_id": STR,
        },
    ),
    MethodSpec("setMyCommands", set_my_commands, {"commands": JSON, **_SCOPE}),
    MethodSpec("getMyCommands", get_my_commands, dict(_SCOPE)),
    MethodSpec("deleteMyCommands", delete_my_commands, dict(_SCOPE)),
    MethodSpec("setChatMenuButton", set_chat_menu_button, {"chat_id": INT, "menu_button": JSON}),
    MethodSpec("getChatMenuButton", get_chat_menu_button, {"chat_id": INT}),
)

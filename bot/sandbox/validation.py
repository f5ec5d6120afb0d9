"""Telegram Bot API parameter validation and HTML entity parsing (pure functions).

Everything here follows the Bot API documentation (https://core.telegram.org/bots/api) and the
error texts Telegram answers with, so that clients see the same failures as in production.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
# Not in the Bot API documentation, but what Telegram answers: an inline keyboard of more than
# 100 buttons is refused with "reply markup is too long" (tginfo/Telegram-Limits).
MAX_INLINE_BUTTONS = 100

JsonDict = dict[str, Any]


class ApiError(Exception):
    """A Bot API error answer: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def to_json(self) -> JsonDict:
        """The JSON body Telegram answers with."""
        body: JsonDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        parameters: JsonDict = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        return body


def bad_request(text: str) -> ApiError:
    """A 400 error with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {text}")


# --------------------------------------------------------------------------------------------
# Parameter coercion
# --------------------------------------------------------------------------------------------

# Parameter kinds of a method schema.
INT, FLOAT, BOOL, STR, JSON, CHAT_ID, FILE = (
    "int",
    "float",
    "bool",
    "str",
    "json",
    "chat_id",
    "file",
)


def coerce_param(name: str, kind: str, value: Any) -> Any:
    """Convert one raw parameter (JSON value or form string) to the schema's type."""
    if kind == FILE:
        return value
    if kind == JSON:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                what = "reply keyboard markup" if name == "reply_markup" else name
                raise bad_request(f"can't parse {what} JSON object") from None
        return value
    if kind == BOOL:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"true", "1"}:
            return True
        if text in {"false", "0", ""}:
            return False
        raise bad_request(f"invalid {name} specified")
    if kind == INT:
        if isinstance(value, bool):
            return int(value)
        try:
            return int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None
    if kind == FLOAT:
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None
    if kind == CHAT_ID:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        if not text:
            raise bad_request("chat_id is empty")
        return text
    # STR
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    raise bad_request(f"invalid {name} specified")


def coerce_params(raw: Mapping[str, Any], schema: Mapping[str, str]) -> JsonDict:
    """Coerce every known parameter; unknown parameters are ignored, as Telegram does."""
    result: JsonDict = {}
    for name, kind in schema.items():
        if name in raw and raw[name] is not None:
            result[name] = coerce_param(name, kind, raw[name])
    return result


# --------------------------------------------------------------------------------------------
# Text length and UTF-16
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def check_text(text: str) -> None:
    """Validate a message text after entity parsing (1–4096 characters). Characters are code
    points, not the UTF-16 units of entity offsets: TDLib checks a bot's message with
    utf8_length against message_text_length_max (td/telegram/MessageContent.cpp), so 4096
    emoji outside the BMP (8192 units) still fit."""
    if not text.strip():
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")


def check_caption(caption: str) -> None:
    """Validate a caption after entity parsing (at most 1024 characters, in UTF-16 units)."""
    if utf16_len(caption) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")


def check_callback_answer(text: str | None) -> None:
    """An answerCallbackQuery text: at most 200 characters, in UTF-16 units."""
    if text is not None and utf16_len(text) > MAX_CALLBACK_ANSWER_LENGTH:
        raise bad_request("MESSAGE_TOO_LONG")


# --------------------------------------------------------------------------------------------
# HTML parse mode
# --------------------------------------------------------------------------------------------

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_SUPPORTED_TAGS = {*_SIMPLE_TAGS, "a", "span", "tg-emoji"}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME = re.compile(r"[A-Za-z0-9-]+")
_ATTRIBUTE = re.compile(r"""\s*([A-Za-z0-9_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);")


@dataclass
class _OpenTag:
    name: str
    start: int  # UTF-16 offset in the plain text
    entity: JsonDict | None
    attributes: dict[str, str] = field(default_factory=dict)


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _entities_error(text: str) -> ApiError:
    return bad_request(f"can't parse entities: {text}")


def _decode_entity(match: re.Match[str]) -> str | None:
    body = match.group(1)
    if body.startswith("#x"):
        code = int(body[2:], 16)
    elif body.startswith("#"):
        code = int(body[1:])
    else:
        return _NAMED_ENTITIES.get(body)
    if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
        return chr(code)
    return None


def _start_entity(name: str, attributes: dict[str, str], text: str, pos: int) -> JsonDict | None:
    """The entity a start tag opens (offset/length filled in later), or None for a bare tag."""
    if name in _SIMPLE_TAGS:
        kind = _SIMPLE_TAGS[name]
        if name == "blockquote" and "expandable" in attributes:
            kind = "expandable_blockquote"
        return {"type": kind}
    if name == "span":
        if attributes.get("class") != "tg-spoiler":
            raise _entities_error(
                f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(text, pos)}'
            )
        return {"type": "spoiler"}
    if name == "a":
        href = attributes.get("href", "")
        if not href:
            return None
        user = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if user:
            return {"type": "text_mention", "user": {"id": int(user.group(1))}}
        return {"type": "text_link", "url": href}
    if name == "tg-emoji":
        emoji_id = attributes.get("emoji-id", "")
        if not emoji_id:
            raise _entities_error(
                f"Custom emoji entity must contain a tg://emoji URL at byte offset "
                f"{_byte_offset(text, pos)}"
            )
        return {"type": "custom_emoji", "custom_emoji_id": emoji_id}
    return None


def _parse_attributes(text: str, start: int, end: int) -> dict[str, str]:
    attributes: dict[str, str] = {}
    pos = start
    while pos < end:
        match = _ATTRIBUTE.match(text, pos, end)
        if not match or match.end() == pos:
            break
        value = match.group(2) or match.group(3) or match.group(4) or ""
        attributes[match.group(1).lower()] = _ENTITY.sub(
            lambda m: _decode_entity(m) or m.group(0), value
        )
        pos = match.end()
    return attributes


_PLAIN = re.compile(r"[^<&]+")


def parse_html(text: str) -> tuple[str, list[JsonDict]]:
    """Parse Telegram's HTML subset into plain text and a list of MessageEntity dicts.

    Raises ApiError with Telegram's "can't parse entities" wording on unsupported or unbalanced
    tags. Offsets and lengths are in UTF-16 code units.
    """
    out: list[str] = []
    out_len = 0  # UTF-16 length of the output so far
    stack: list[_OpenTag] = []
    entities: list[JsonDict] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "&":
            match = _ENTITY.match(text, pos)
            decoded = _decode_entity(match) if match else None
            if match and decoded is not None:
                out.append(decoded)
                out_len += utf16_len(decoded)
                pos = match.end()
                continue
            out.append(char)
            out_len += 1
            pos += 1
            continue
        if char != "<":
            # A run of plain text at once, up to the next tag or entity.
            plain = _PLAIN.match(text, pos)
            assert plain is not None  # `char` is neither "<" nor "&"
            out.append(plain.group(0))
            out_len += utf16_len(plain.group(0))
            pos = plain.end()
            continue
        end = text.find(">", pos)
        if end == -1:
            raise _entities_error(f"Unclosed start tag at byte offset {_byte_offset(text, pos)}")
        if text.startswith("</", pos):
            name_match = _TAG_NAME.match(text, pos + 2, end)
            name = name_match.group(0).lower() if name_match else ""
            if not stack:
                raise _entities_error(
                    f"Unexpected end tag at byte offset {_byte_offset(text, pos)}"
                )
            open_tag = stack.pop()
            if name != open_tag.name:
                raise _entities_error(
                    f"Unmatched end tag at byte offset {_byte_offset(text, pos)}, "
                    f'expected "</{open_tag.name}>", found "</{name}>"'
                )
            _close_tag(open_tag, out_len, stack, entities)
            pos = end + 1
            continue
        name_match = _TAG_NAME.match(text, pos + 1, end)
        name = name_match.group(0).lower() if name_match else ""
        if name not in _SUPPORTED_TAGS:
            raise _entities_error(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, pos)}'
            )
        attr_start = name_match.end() if name_match else pos + 1
        attributes = _parse_attributes(text, attr_start, end)
        entity = _start_entity(name, attributes, text, pos)
        stack.append(_OpenTag(name, out_len, entity, attributes))
        pos = end + 1
    if stack:
        raise _entities_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _close_tag(
    open_tag: _OpenTag, out_len: int, stack: list[_OpenTag], entities: list[JsonDict]
) -> None:
    """Finish the entity of a closed tag; merges <pre><code class="language-x"> as Telegram."""
    length = out_len - open_tag.start
    entity = open_tag.entity
    if entity is None or length <= 0:
        return
    if open_tag.name == "code" and stack and stack[-1].name == "pre":
        language = open_tag.attributes.get("class", "")
        if language.startswith("language-") and stack[-1].entity is not None:
            stack[-1].entity["language"] = language.removeprefix("language-")
            if stack[-1].start == open_tag.start:
                return  # the enclosing <pre> carries the language; no separate code entity
    entities.append({**entity, "offset": open_tag.start, "length": length})


def parse_text(text: str, parse_mode: str | None, entities: Any) -> tuple[str, list[JsonDict]]:
    """Apply parse_mode or explicit entities to a text, as sendMessage and captions do."""
    if entities is not None:
        return text, validate_entities(text, entities)
    mode = (parse_mode or "").strip().lower()
    if not mode:
        return text, []
    if mode == "html":
        return parse_html(text)
    if mode in {"markdown", "markdownv2"}:
        return text, []  # Markdown is accepted and stored as-is (no entity parsing).
    raise bad_request(f'unsupported parse_mode "{parse_mode}"')


_ENTITY_TYPES = {
    "mention", "hashtag", "cashtag", "bot_command", "url", "email", "phone_number", "bold",
    "italic", "underline", "strikethrough", "spoiler", "blockquote", "expandable_blockquote",
    "code", "pre", "text_link", "text_mention", "custom_emoji",
}  # fmt: skip


def validate_entities(text: str, entities: Any) -> list[JsonDict]:
    """Validate an explicit ``entities`` list (offsets in UTF-16 units within the text)."""
    if not isinstance(entities, list):
        raise bad_request("can't parse entities JSON object")
    total = utf16_len(text)
    result: list[JsonDict] = []
    for entity in entities:
        if not isinstance(entity, dict) or entity.get("type") not in _ENTITY_TYPES:
            raise bad_request("can't parse entities: unsupported entity type")
        offset, length = entity.get("offset"), entity.get("length")
        if not isinstance(offset, int) or not isinstance(length, int):
            raise bad_request("can't parse entities: entity offset and length must be integers")
        if offset < 0 or length <= 0 or offset + length > total:
            continue  # Telegram silently drops entities outside the text
        result.append(dict(entity))
    result.sort(key=lambda e: (e["offset"], -e["length"]))
    return result


def command_entities(text: str) -> list[JsonDict]:
    """The bot_command entity Telegram adds to a text that starts with a command."""
    match = re.match(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?", text)
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


# --------------------------------------------------------------------------------------------
# Reply markup
# --------------------------------------------------------------------------------------------

_INLINE_BUTTON_KINDS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)  # fmt: skip


def _button_error(detail: str) -> ApiError:
    return bad_request(f"can't parse inline keyboard button: {detail}")


def validate_inline_button(button: Any) -> JsonDict:
    """Validate one InlineKeyboardButton."""
    if not isinstance(button, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise _button_error('Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    kinds = [kind for kind in _INLINE_BUTTON_KINDS if kind in button]
    if not kinds:
        raise _button_error("Text buttons are unallowed in the inline keyboard")
    if len(kinds) > 1:
        raise _button_error("only one of the optional fields must be specified")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str):
            raise _button_error('Field "callback_data" must be of type String')
        if not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not re.match(r"^(https?|tg)://\S+$", url):
            raise bad_request("BUTTON_URL_INVALID")
    if "web_app" in button:
        validate_web_app_info(button["web_app"], "inline keyboard button")
    return dict(button)


# Telegram's test environment lets a Mini App be served over plain HTTP; the sandbox is one,
# for the loopback addresses a test or the demo serves the page on. Anything else must be HTTPS.
_LOCAL_HTTP = re.compile(r"^http://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(/\S*)?$")


def validate_web_app_info(info: Any, where: str) -> JsonDict:
    """A WebAppInfo ({"url"}): an HTTPS address (Telegram: "Only HTTPS links are allowed")."""
    if not isinstance(info, dict):
        raise bad_request(f'can\'t parse {where}: Field "web_app" must be an Object')
    url = info.get("url")
    if not isinstance(url, str):
        raise bad_request(f'can\'t parse {where}: Field "url" must be of type String')
    if not (re.match(r"^https://[^\s/]+\S*$", url) or _LOCAL_HTTP.match(url)):
        raise bad_request(f"{where} Web App URL '{url}' is invalid: Only HTTPS links are allowed")
    return {"url": url}


MENU_BUTTON_TEXT_MAX = 64


def validate_menu_button(button: Any) -> JsonDict:
    """A MenuButton: {"type": "commands"}, {"type": "default"} or
    {"type": "web_app", "text", "web_app": {"url"}}."""
    if not isinstance(button, dict):
        raise bad_request("can't parse menu button JSON object")
    kind = button.get("type")
    if kind in ("commands", "default"):
        return {"type": kind}
    if kind != "web_app":
        raise bad_request("unsupported menu button type")
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    if len(text) > MENU_BUTTON_TEXT_MAX:
        raise bad_request("BUTTON_TEXT_INVALID")
    return {
        "type": "web_app",
        "text": text,
        "web_app": validate_web_app_info(button.get("web_app"), "menu button"),
    }


_NOT_ARRAY = 'field "{}" of the {} should be an Array of Arrays'


def validate_reply_markup(markup: Any) -> JsonDict:
    """Validate an InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove or ForceReply."""
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list):
            raise bad_request(_NOT_ARRAY.format("inline_keyboard", "InlineKeyboardMarkup"))
        clean_rows: list[list[JsonDict]] = []
        for row in rows:
            if not isinstance(row, list):
                raise bad_request(_NOT_ARRAY.format("inline_keyboard", "InlineKeyboardMarkup"))
            clean_rows.append([validate_inline_button(button) for button in row])
        if sum(len(row) for row in clean_rows) > MAX_INLINE_BUTTONS:
            raise bad_request("reply markup is too long")
        return {"inline_keyboard": clean_rows}
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(_NOT_ARRAY.format("keyboard", "ReplyKeyboardMarkup"))
        for row in rows:
            for button in row:
                text = button.get("text") if isinstance(button, dict) else button
                if not isinstance(text, str) or not text:
                    raise bad_request(
                        'can\'t parse keyboard button: Field "text" must be of type String'
                    )
        return dict(markup)
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return dict(markup)
    raise bad_request('can\'t find field "inline_keyboard"')  # Telegram's wording


def reply_markup_equal(left: JsonDict | None, right: JsonDict | None) -> bool:
    """Whether two stored markups are the same (no markup == empty inline keyboard)."""

    def norm(markup: JsonDict | None) -> Any:
        if not markup or markup.get("inline_keyboard") == []:
            return None
        return json.dumps(markup, sort_keys=True)

    return bool(norm(left) == norm(right))


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SCOPE_FIELDS = {
    "default": (),
    "all_private_chats": (),
    "all_group_chats": (),
    "all_chat_administrators": (),
    "chat": ("chat_id",),
    "chat_administrators": ("chat_id",),
    "chat_member": ("chat_id", "user_id"),
}


def validate_commands(commands: Any) -> list[JsonDict]:
    """Validate setMyCommands' list of BotCommand (at most 100)."""
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    result: list[JsonDict] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand JSON object")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not _COMMAND.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append({"command": name, "description": description})
    return result


def validate_scope(scope: Any) -> JsonDict:
    """Validate a BotCommandScope; returns it normalized (chat_id and user_id as given)."""
    if scope is None:
        return {"type": "default"}
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad_request("can't parse BotCommandScope JSON object")
    kind = scope["type"]
    if kind not in _SCOPE_FIELDS:
        raise bad_request("unsupported bot command scope type")
    result: JsonDict = {"type": kind}
    for name in _SCOPE_FIELDS[kind]:
        value = scope.get(name)
        if value is None or isinstance(value, bool):
            raise bad_request(f'can\'t parse BotCommandScope: field "{name}" is required')
        result[name] = coerce_param(name, CHAT_ID if name == "chat_id" else INT, value)
    return result


def validate_language_code(code: Any) -> str:
    """An empty string or a two-letter ISO 639-1 code."""
    if code is None or code == "":
        return ""
    if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2}", code):
        raise bad_request("invalid language code specified")
    return code


CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)  # fmt: skip

UPDATE_TYPES = (
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages",
    "message_reaction", "message_reaction_count", "inline_query", "chosen_inline_result",
    "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media", "poll",
    "poll_answer", "my_chat_member", "chat_member", "chat_join_request", "chat_boost",
    "removed_chat_boost",
)  # fmt: skip
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def validate_allowed_updates(value: Any) -> list[str]:
    """An allowed_updates list; an empty list means "all except the opt-in types"."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise bad_request("can't parse allowed updates JSON object")
    return [item for item in value if item in UPDATE_TYPES]


_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def validate_secret_token(secret: str) -> str:
    """The webhook secret token: 1–256 characters of A-Z, a-z, 0-9, _ and -."""
    if not _SECRET.fullmatch(secret):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    return secret

"""The one escaping boundary of the bot's HTML messages, and the plain-text fallback.

Every message the bot sends is parsed by Telegram as HTML (the bot's default parse mode, and
every outbox payload). Our own texts (the translation catalogs, the form and plan definitions)
are trusted templates; every other value put into a message (a person's name, anything typed,
an imported cell, a mission field, a report answer, a country input echoed back) goes through
`safe()` and nothing else:

    _("Your report on {place} was saved.").format(place=safe(place, locale))

`safe()` escapes `&`, `<` and `>` (Telegram's HTML knows nothing else that needs it), and,
given the reader's locale, isolates the value's direction inside right-to-left text; it drops
the direction overrides a value brings and closes the isolates it leaves open (the "trojan
name" trick).
Button labels, alert texts (`query.answer(text)`) and other fields that are not parsed are
not escaped: they would show `&lt;`.

If Telegram still refuses a message with "can't parse entities" (a template with a stray `<`,
a value that skipped `safe()`), `plain_fallback()` turns the call into its plain-text twin:
the known tags stripped, the entities decoded, no parse mode. The reply sender
(bot.middlewares.send_replies) and the outbox sender (scheduler.outbox) send that twin once,
so the reader gets the words, without formatting, rather than nothing.
"""

from __future__ import annotations

import html
import logging
import re
from typing import TYPE_CHECKING, Any

from bot.domain.languages import isolate

if TYPE_CHECKING:  # the Bot API client, loaded by what sends (a digest's text needs none)
    from aiogram import Bot
    from aiogram.exceptions import TelegramBadRequest
    from aiogram.methods import TelegramMethod

log = logging.getLogger(__name__)

ELLIPSIS = "…"

# The tags Telegram's HTML parse mode knows (https://core.telegram.org/bots/api#html-style).
_TAGS = "b|strong|i|em|u|ins|s|strike|del|span|tg-spoiler|a|tg-emoji|code|pre|blockquote"
_TAG = re.compile(rf"</?(?:{_TAGS})(?=[\s/>])[^<>]*>", re.IGNORECASE)
# The entities Telegram decodes: the four named ones and numeric ones.
_ENTITY = re.compile(r"&(#[xX][0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_REFUSED = re.compile(r"can't parse (?:\w+ )?entities", re.IGNORECASE)
_TOO_LONG = re.compile(r"message (?:caption )?is too long", re.IGNORECASE)
# Telegram's limits, after its entities are parsed, in UTF-16 units.
_LIMITS = {"text": 4096, "caption": 1024}
# Direction embeddings and overrides in someone's words: ours never use them (names are
# isolated, bot.domain.languages), and one left open (U+202E in a name, the "trojan name"
# trick) runs the rest of the message backwards.
_OVERRIDES = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e"))
_ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI: each closed by a PDI (U+2069)
_PDI = "\u2069"


def _isolates_closed(text: str) -> str:
    """`text` with every isolate it opens closed at its end, and a PDI that closes none left
    out: an RLI (U+2067) left open after a name turns the rest of a message around as an override
    does, while an Arabic text's own isolates, closed, stay as they are."""
    if not any(ch in text for ch in _ISOLATES + _PDI):
        return text
    kept: list[str] = []
    depth = 0
    for ch in text:
        if ch == _PDI:
            if not depth:
                continue
            depth -= 1
        elif ch in _ISOLATES:
            depth += 1
        kept.append(ch)
    return "".join(kept) + _PDI * depth


def telegram_length(text: str) -> int:
    """A text's length as Telegram counts it against its limits: in UTF-16 code units, so an
    emoji outside the BMP (🔴, 📥, a flag) counts two."""
    return len(text.encode("utf-16-le")) // 2


def fitted(text: str, limit: int) -> str:
    """`text` within `limit` UTF-16 units (telegram_length); a longer one is cut, with an
    ellipsis, at a word where one is near."""
    if telegram_length(text) <= limit:
        return text
    units, end = 0, 0
    for end, char in enumerate(text):  # noqa: B007 - `end` is where the cut falls
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit - 1:
            break
    cut = text[:end]
    space = cut.rfind(" ")
    if space > limit * 3 // 4:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + ELLIPSIS


def shortened(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


def safe(value: object, locale: str | None = None, *, limit: int | None = None) -> str:
    """A value that is not ours, ready to be put into an HTML message.

    `limit` shortens the value (with an ellipsis) before it is escaped, so that an entity is
    never cut in half. With `locale`, the value is isolated inside right-to-left text (a Latin
    name in an Arabic sentence keeps its place).
    """
    text = str(value).translate(_OVERRIDES)
    text = _isolates_closed(text if limit is None else shortened(text, limit))
    escaped = html.escape(text, quote=False)
    return escaped if locale is None else isolate(escaped, locale)


def unparsed(value: object, locale: str, *, limit: int) -> str:
    """safe()'s twin for a text Telegram does not parse (an alert): the value within `limit`
    UTF-16 units, its direction overrides dropped, its isolates closed, isolated inside
    right-to-left text, and not escaped (an alert would show `&lt;`)."""
    text = _isolates_closed(fitted(str(value).translate(_OVERRIDES), limit))
    return isolate(text, locale)


def _decode(match: re.Match[str]) -> str:
    body = match.group(1)
    if not body.startswith("#"):
        return _NAMED[body]
    code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
    if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
        return chr(code)
    return match.group(0)


def plain_text(text: str) -> str:
    """What an HTML message says, as plain text: Telegram's tags out, entities decoded.

    Anything else that looks like a tag (`<6253740`, `<NE>`) is somebody's words and stays.
    """
    return _ENTITY.sub(_decode, _TAG.sub("", text))


def is_entities_refusal(error: TelegramBadRequest) -> bool:
    """Did Telegram refuse the call because its formatted text could not be parsed?"""
    return bool(_REFUSED.search(error.message))


# Refusals that come from what the user did (an edit with nothing new, a message they deleted
# before the bot edited or deleted it): harmless, and nothing for an operator to look into.
_USERS_DOING = ("not modified", "message to edit not found", "message to delete not found")


def is_users_doing(error: TelegramBadRequest) -> bool:
    """Did Telegram refuse an edit or a deletion because of what the user did meanwhile (the
    message already shows it, or is gone)? Nothing is left for that call to do."""
    return any(text in error.message for text in _USERS_DOING)


def _is_html(parse_mode: object) -> bool:
    from aiogram.client.default import Default

    # A Default is the bot's parse mode, HTML (bot.telegram.create_bot).
    return isinstance(parse_mode, Default) or str(parse_mode or "").lower() == "html"


def plain_copy(method: TelegramMethod[Any], *, fit: bool = False) -> TelegramMethod[Any] | None:
    """The same call with its text (or caption) as plain text and no parse mode or entities;
    None when the call has no formatted text to fall back from. With `fit`, the plain text is
    also cut to Telegram's limit (a plain text too long has a twin too)."""
    fields = type(method).model_fields
    for name, entities in (("text", "entities"), ("caption", "caption_entities")):
        value = getattr(method, name, None)
        if name not in fields or not isinstance(value, str) or "parse_mode" not in fields:
            continue
        parse_mode = getattr(method, "parse_mode", None)
        formatted = parse_mode is not None or getattr(method, entities, None) is not None
        if not formatted and not fit:
            return None  # already plain: nothing to fall back to
        text = plain_text(value) if _is_html(parse_mode) else value
        update: dict[str, Any] = {
            name: fitted(text, _LIMITS[name]) if fit else text,
            "parse_mode": None,
        }
        if entities in fields:
            update[entities] = None
        return method.model_copy(update=update)
    return None


def plain_fallback(
    method: TelegramMethod[Any], error: TelegramBadRequest
) -> TelegramMethod[Any] | None:
    """The plain-text twin to send once instead of a call Telegram refused for its formatting,
    or as too long (cut to the limit, with an ellipsis: the user reads most of it rather than
    nothing; logged as a warning); None when the refusal has another reason, or no twin."""
    too_long = bool(_TOO_LONG.search(error.message))
    if not too_long and not is_entities_refusal(error):
        return None
    plain = plain_copy(method, fit=too_long)
    if plain is None:
        return None
    log.warning(
        "%s refused (%s); sending it once more as plain text", method.__api_method__, error.message
    )
    return plain


async def send_or_plain(bot: Bot, method: TelegramMethod[Any]) -> Any:
    """`bot(method)`; if Telegram cannot parse its formatting, or finds it too long, its plain
    twin (plain_fallback), once.

    Any other error, or the twin's own refusal, is raised as it is.
    """
    from aiogram.exceptions import TelegramBadRequest

    try:
        return await bot(method)
    except TelegramBadRequest as error:
        plain = plain_fallback(method, error)
        if plain is None:
            raise
    return await bot(plain)


__all__ = [
    "fitted",
    "is_entities_refusal",
    "is_users_doing",
    "plain_copy",
    "plain_fallback",
    "plain_text",
    "safe",
    "send_or_plain",
]

"""Issue 13, observation 2: the one escaping helper and the plain-text fallback (bot.ui.text)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiogram.client.default import Default
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageText,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.types import BufferedInputFile, MessageEntity

from bot.domain.languages import FSI, PDI
from bot.sandbox.validation import ApiError, parse_html
from bot.ui.text import (
    fitted,
    is_entities_refusal,
    plain_copy,
    plain_fallback,
    plain_text,
    safe,
    send_or_plain,
    telegram_length,
)

SAMPLES = [
    "<b>",
    "<6253740",
    "a & b",
    "&lt;",
    "</i>",
    "<a href=x>",
    ">",
    "HT <NE>",
    "&amp;lt; &#60; &#x3C; &quot;",
    "<b>bold</b> <i>",
    "Marie & Jean <3",
    "",
]
REFUSED = 'Bad Request: can\'t parse entities: Unsupported start tag "6253740" at byte offset 3'


def refusal(method: TelegramMethod[Any], message: str = REFUSED) -> TelegramBadRequest:
    return TelegramBadRequest(method=method, message=message)


# --- safe ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", SAMPLES)
def test_safe_text_is_parsed_by_telegram_into_exactly_the_same_words(value: str) -> None:
    for template in ("{}", "<b>{}</b>", "• Place: <b>{}</b>\n<i>{}</i>"):
        text = template.format(safe(value), safe(value))
        shown, _entities = parse_html(text)  # the sandbox parses as Telegram does
        assert shown == template.replace("<b>", "").replace("</b>", "").replace("<i>", "").replace(
            "</i>", ""
        ).format(value, value)


def test_safe_escapes_the_three_characters_and_nothing_else() -> None:
    assert safe("<b> a & b </i> \"q\" 'q'") == "&lt;b&gt; a &amp; b &lt;/i&gt; \"q\" 'q'"
    assert safe(6253740) == "6253740"


def test_safe_isolates_in_right_to_left_text_only() -> None:
    assert safe("Jean <b>", "ar") == f"{FSI}Jean &lt;b&gt;{PDI}"
    assert safe("Jean <b>", "fr") == "Jean &lt;b&gt;"


def test_safe_drops_a_direction_override_so_it_cannot_turn_the_message_around() -> None:
    """A name stored before names were cleaned ('Jean\u202e', the 'trojan name' trick)."""
    assert safe("Jean\u202eTH\u202c", "en") == "JeanTH"
    assert safe("Jean\u202d", "ar") == f"{FSI}Jean{PDI}"


def test_safe_closes_an_isolate_left_open_so_it_cannot_turn_the_message_around() -> None:
    """A right-to-left isolate left open in a value ('Jean\u2067', a mission title imported
    with one) ran the rest of 'Jean is assigned to MG-01. They will be told.' right to left,
    as an override does; an isolate closed in the value (Arabic words quoted) stays."""
    rli, lri = "\u2067", "\u2066"
    assert safe(f"Jean{rli}", "en") == f"Jean{rli}{PDI}"
    assert safe(f"Jean{PDI}", "en") == "Jean"  # closing ours early
    assert safe(f"{FSI}Jean{PDI}", "ar") == f"{FSI}{FSI}Jean{PDI}{PDI}"
    assert safe(f"قال {lri}MG-01{PDI} أمس", "ar") == f"{FSI}قال {lri}MG-01{PDI} أمس{PDI}"
    assert safe(f"{rli}{'a' * 20}{PDI}", limit=10) == f"{rli}{'a' * 8}…{PDI}"  # cut inside


def test_safe_shortens_before_escaping_so_no_entity_is_cut() -> None:
    value = "a" * 8 + "&<>"
    shortened = safe(value, limit=10)
    assert shortened == "aaaaaaaa&amp;…"
    assert parse_html(shortened)[0] == "aaaaaaaa&…"
    assert safe("short", limit=10) == "short"


# --- plain_text ----------------------------------------------------------------------------------


def test_plain_text_strips_telegrams_tags_and_keeps_everything_else() -> None:
    assert plain_text("<b>Mission</b> <6253740 <NE> a < b") == "Mission <6253740 <NE> a < b"
    assert plain_text('<a href="x">link</a> <br> <tg-spoiler>s</tg-spoiler>') == "link <br> s"
    assert plain_text("<blockquote expandable>q</blockquote><pre><code>c</code></pre>") == "qc"
    assert plain_text('<span class="tg-spoiler">x</span><B>y</B>') == "xy"


def test_plain_text_decodes_the_entities_telegram_decodes_and_only_those() -> None:
    assert plain_text("&lt;b&gt; a &amp; b &quot;q&quot; &#60; &#x3C;") == '<b> a & b "q" < <'
    assert plain_text("&amp;lt;") == "&lt;"  # decoded once, as Telegram does
    assert plain_text("&nbsp; &copy; &amp &#0; AT&T") == "&nbsp; &copy; &amp &#0; AT&T"


@pytest.mark.parametrize("value", SAMPLES)
def test_plain_text_of_a_safe_message_gives_back_the_words(value: str) -> None:
    assert plain_text(f"<b>{safe(value)}</b>: <i>{safe(value)}</i>") == f"{value}: {value}"


def test_what_telegram_refuses_becomes_text_telegram_accepts() -> None:
    broken = "<b>Formation <6253740</b>\nWhere: <b>Toamasina</b> & <NE>"
    with pytest.raises(ApiError, match="can't parse entities"):
        parse_html(broken)
    plain = plain_text(broken)
    assert plain == "Formation <6253740\nWhere: Toamasina & <NE>"


# --- which refusals fall back ----------------------------------------------------------------


def test_only_a_formatting_refusal_falls_back() -> None:
    method = SendMessage(chat_id=1, text="<b")
    assert is_entities_refusal(refusal(method))
    assert is_entities_refusal(refusal(method, "Bad Request: can't parse caption entities: x"))
    for other in (
        "Bad Request: can't parse inline keyboard button: text is empty",
        "Bad Request: chat not found",
        "Bad Request: message is not modified",
    ):
        assert not is_entities_refusal(refusal(method, other)), other
        assert plain_fallback(method, refusal(method, other)) is None


# --- plain_copy ----------------------------------------------------------------------------------


def test_a_message_in_the_bots_default_parse_mode_is_copied_as_plain_text() -> None:
    method = SendMessage(chat_id=7, text="<b>Hi</b> <6253740 &amp;", reply_markup=None)
    assert isinstance(method.parse_mode, Default)  # the bot's default: HTML
    plain = plain_copy(method)
    assert isinstance(plain, SendMessage)
    assert (plain.chat_id, plain.text, plain.parse_mode) == (7, "Hi <6253740 &", None)
    assert method.text == "<b>Hi</b> <6253740 &amp;"  # the original is left as it was


def test_explicit_html_entities_and_captions_and_edits_are_copied_as_plain_text() -> None:
    with_entities = SendMessage(
        chat_id=7,
        text="<i>x</i>",
        parse_mode="HTML",
        entities=[MessageEntity(type="bold", offset=0, length=1)],
    )
    plain = plain_copy(with_entities)
    assert isinstance(plain, SendMessage)
    assert (plain.text, plain.parse_mode, plain.entities) == ("x", None, None)

    photo = SendPhoto(
        chat_id=7,
        photo=BufferedInputFile(b"png", filename="chart.png"),
        caption="<b>Digest</b> <NE>",
        parse_mode="HTML",
    )
    plain_photo = plain_copy(photo)
    assert isinstance(plain_photo, SendPhoto)
    assert (plain_photo.caption, plain_photo.parse_mode) == ("Digest <NE>", None)
    assert plain_photo.photo is photo.photo

    edit = EditMessageText(chat_id=7, message_id=3, text="<b>Card</b> <6253740")
    plain_edit = plain_copy(edit)
    assert isinstance(plain_edit, EditMessageText)
    assert (plain_edit.text, plain_edit.message_id, plain_edit.parse_mode) == (
        "Card <6253740",
        3,
        None,
    )


def test_a_markdown_text_keeps_its_words_and_loses_its_parse_mode() -> None:
    plain = plain_copy(SendMessage(chat_id=7, text="*a* <b>", parse_mode="MarkdownV2"))
    assert isinstance(plain, SendMessage)
    assert (plain.text, plain.parse_mode) == ("*a* <b>", None)


def test_nothing_to_fall_back_to() -> None:
    assert plain_copy(SendMessage(chat_id=7, text="<b", parse_mode=None)) is None
    assert plain_copy(AnswerCallbackQuery(callback_query_id="q", text="<b")) is None


def test_the_fallback_is_logged_as_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    method = SendMessage(chat_id=7, text="<b>x <6253740</b>")
    with caplog.at_level(logging.WARNING, logger="bot.ui.text"):
        plain = plain_fallback(method, refusal(method))
    assert isinstance(plain, SendMessage)
    assert plain.text == "x <6253740"
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert "sendMessage refused" in record.getMessage()
    assert "plain text" in record.getMessage()


# --- send_or_plain -----------------------------------------------------------------------------


class FakeBot:
    """Answers each call with the next outcome: an exception to raise, or a value."""

    def __init__(self, *outcomes: object) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[TelegramMethod[Any]] = []

    async def __call__(self, method: TelegramMethod[Any]) -> object:
        self.calls.append(method)
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


async def test_send_or_plain_sends_once_when_telegram_accepts() -> None:
    method = SendMessage(chat_id=7, text="<b>ok</b>")
    bot = FakeBot("sent")
    assert await send_or_plain(bot, method) == "sent"  # type: ignore[arg-type]
    assert bot.calls == [method]


async def test_send_or_plain_sends_the_plain_twin_once_after_a_formatting_refusal() -> None:
    method = SendMessage(chat_id=7, text="<b>x <6253740</b>")
    bot = FakeBot(refusal(method), "sent")
    assert await send_or_plain(bot, method) == "sent"  # type: ignore[arg-type]
    assert len(bot.calls) == 2
    second = bot.calls[1]
    assert isinstance(second, SendMessage)
    assert (second.text, second.parse_mode) == ("x <6253740", None)


async def test_send_or_plain_raises_other_refusals_without_a_second_call() -> None:
    method = SendMessage(chat_id=7, text="x")
    other = refusal(method, "Bad Request: chat not found")
    bot = FakeBot(other)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await send_or_plain(bot, method)  # type: ignore[arg-type]
    assert len(bot.calls) == 1


async def test_send_or_plain_tries_the_twin_only_once() -> None:
    method = SendMessage(chat_id=7, text="<b>x")
    bot = FakeBot(refusal(method), refusal(method, "Bad Request: can't parse entities: again"))
    with pytest.raises(TelegramBadRequest, match="again"):
        await send_or_plain(bot, method)  # type: ignore[arg-type]
    assert len(bot.calls) == 2


async def test_a_network_error_on_the_twin_is_raised_for_the_caller_to_retry() -> None:
    method = SendMessage(chat_id=7, text="<b>x")
    bot = FakeBot(refusal(method), TelegramNetworkError(method=method, message="down"))
    with pytest.raises(TelegramNetworkError):
        await send_or_plain(bot, method)  # type: ignore[arg-type]


# --- too long ----------------------------------------------------------------------------------


def test_a_message_too_long_is_sent_again_cut_to_the_limit_rather_than_lost() -> None:
    """A text Telegram refuses as too long (a list grown past 4,096 units, a translation
    longer than the English) reaches the user cut, with an ellipsis, as plain text."""
    line = "<b>🔴 Jacmel</b> &amp; Léogâne: formation des enseignants, 12 participants\n"
    method = SendMessage(chat_id=1, text=line * 100, parse_mode="HTML")
    twin = plain_fallback(method, refusal(method, "Bad Request: message is too long"))
    assert isinstance(twin, SendMessage)
    assert twin.parse_mode is None
    assert telegram_length(twin.text) <= 4096
    assert twin.text.startswith("🔴 Jacmel & Léogâne")
    assert twin.text.endswith("…")
    parse_html(twin.text.replace("&", "&amp;").replace("<", "&lt;"))  # Telegram takes it
    plain = SendMessage(chat_id=1, text="word " * 1000)  # no parse mode: cut all the same
    assert plain_fallback(plain, refusal(plain, "Bad Request: message is too long")) is not None


def test_a_caption_too_long_is_cut_to_its_own_limit() -> None:
    photo = BufferedInputFile(b"png", filename="chart.png")
    method = SendPhoto(chat_id=1, photo=photo, caption="📥 " * 600, parse_mode="HTML")
    twin = plain_fallback(method, refusal(method, "Bad Request: message caption is too long"))
    assert isinstance(twin, SendPhoto)
    assert twin.caption is not None
    assert telegram_length(twin.caption) <= 1024


@pytest.mark.parametrize("limit", [1, 2, 3, 200, 1024])
def test_fitted_counts_as_telegram_does_and_never_splits_an_emoji(limit: int) -> None:
    for text in ("🇭🇹" * 700, "a🔴" * 700, "word " * 700, "é" * 2000):
        cut = fitted(text, limit)
        assert telegram_length(cut) <= limit
        assert cut.endswith("…")
        cut.encode("utf-16-le")  # no lone surrogate (it would raise)
    assert fitted("short", 200) == "short"

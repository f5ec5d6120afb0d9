"""Unit tests of the sandbox's Telegram validation rules and HTML entity parsing."""

from __future__ import annotations

import pytest

from bot.sandbox.state import RateLimiter
from bot.sandbox.validation import (
    ApiError,
    check_callback_answer,
    check_caption,
    check_text,
    coerce_params,
    command_entities,
    parse_html,
    utf16_len,
    validate_commands,
    validate_inline_button,
    validate_language_code,
    validate_reply_markup,
    validate_scope,
)


def test_html_bold_and_entities_become_plain_text_with_offsets() -> None:
    text, entities = parse_html("<b>Hi</b> &lt;you&gt; &amp; &quot;me&quot; &#169;")
    assert text == 'Hi <you> & "me" ©'
    assert entities == [{"type": "bold", "offset": 0, "length": 2}]


def test_html_offsets_are_utf16_code_units() -> None:
    text, entities = parse_html("😀 <i>ok</i>")
    assert text == "😀 ok"
    assert entities == [{"type": "italic", "offset": 3, "length": 2}]


def test_html_supports_all_telegram_tags() -> None:
    source = (
        '<strong>a</strong><em>b</em><ins>c</ins><del>d</del><span class="tg-spoiler">e</span>'
        '<tg-spoiler>f</tg-spoiler><a href="https://x.org">g</a><code>h</code>'
        '<pre><code class="language-python">i</code></pre><blockquote expandable>j</blockquote>'
        '<tg-emoji emoji-id="5368324170671202286">k</tg-emoji><u>l</u><s>m</s>'
    )
    text, entities = parse_html(source)
    assert text == "abcdefghijklm"
    kinds = [e["type"] for e in entities]
    assert kinds == [
        "bold", "italic", "underline", "strikethrough", "spoiler", "spoiler", "text_link",
        "code", "pre", "expandable_blockquote", "custom_emoji", "underline", "strikethrough",
    ]  # fmt: skip
    assert entities[6]["url"] == "https://x.org"
    assert entities[8]["language"] == "python"


def test_html_nested_entities_are_sorted_by_offset_then_longest() -> None:
    _, entities = parse_html("<b>a<i>b</i></b>")
    assert entities == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "italic", "offset": 1, "length": 1},
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("é<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 2'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
    ],
)
def test_bad_html_is_refused_like_telegram(source: str, message: str) -> None:
    with pytest.raises(ApiError) as error:
        parse_html(source)
    assert error.value.error_code == 400
    assert error.value.description == f"Bad Request: can't parse entities: {message}"


def test_text_length_limits() -> None:
    check_text("a" * 4096)
    with pytest.raises(ApiError, match="message is too long"):
        check_text("a" * 4097)
    with pytest.raises(ApiError, match="message text is empty"):
        check_text("  ")
    check_caption("c" * 1024)
    with pytest.raises(ApiError, match="message caption is too long"):
        check_caption("c" * 1025)


def test_a_message_text_counts_characters_as_telegram_does() -> None:
    """A message's text is counted in characters (code points), as the Bot API documents it
    and as TDLib checks a bot's message (utf8_length against message_text_length_max): 4096
    emoji fill a message, 4097 do not. Counted in UTF-16 units, the sandbox refused from 2049
    on what Telegram accepts."""
    flag = "🇭🇹"  # two code points, four UTF-16 units
    check_text("😀" * 4096)
    check_text(flag * 2048)
    with pytest.raises(ApiError, match="message is too long"):
        check_text("😀" * 4097)
    with pytest.raises(ApiError, match="message is too long"):
        check_text(flag * 2048 + "a")


def test_captions_and_alerts_count_utf16_units() -> None:
    check_caption("😀" * 512)
    with pytest.raises(ApiError, match="message caption is too long"):
        check_caption("😀" * 513)
    check_callback_answer("😀" * 100)
    check_callback_answer(None)
    with pytest.raises(ApiError, match="MESSAGE_TOO_LONG"):
        check_callback_answer("a" * 199 + "😀")


def test_callback_data_is_limited_in_utf8_bytes() -> None:
    validate_inline_button({"text": "ok", "callback_data": "x" * 64})
    arabic = "ب" * 33  # 66 bytes
    assert len(arabic.encode()) == 66
    for data in ("x" * 65, arabic, ""):
        with pytest.raises(ApiError, match="BUTTON_DATA_INVALID"):
            validate_inline_button({"text": "ok", "callback_data": data})


def test_an_inline_keyboard_holds_at_most_100_buttons() -> None:
    button = {"text": "ok", "callback_data": "x"}
    validate_reply_markup({"inline_keyboard": [[button] * 4] * 25})
    with pytest.raises(ApiError, match="reply markup is too long"):
        validate_reply_markup({"inline_keyboard": [[button] * 4] * 25 + [[button]]})


def test_inline_button_needs_exactly_one_action() -> None:
    with pytest.raises(ApiError, match="can't parse inline keyboard button"):
        validate_inline_button({"text": "ok"})
    with pytest.raises(ApiError, match="can't parse inline keyboard button"):
        validate_inline_button({"text": "ok", "callback_data": "a", "url": "https://x.org"})


def test_reply_keyboards_are_accepted() -> None:
    keyboard = {"keyboard": [[{"text": "Yes"}, {"text": "No"}]], "resize_keyboard": True}
    assert validate_reply_markup(keyboard) == keyboard
    assert validate_reply_markup({"remove_keyboard": True}) == {"remove_keyboard": True}
    assert validate_reply_markup({"force_reply": True}) == {"force_reply": True}
    with pytest.raises(ApiError):
        validate_reply_markup({"inline_keyboard": {"text": "x"}})


def test_commands_scope_and_language_rules() -> None:
    assert validate_commands([{"command": "report_1", "description": "Report"}])
    for bad in ("Report", "a" * 33, "", "re-port"):
        with pytest.raises(ApiError, match="BOT_COMMAND_INVALID"):
            validate_commands([{"command": bad, "description": "x"}])
    with pytest.raises(ApiError):
        validate_commands([{"command": "ok", "description": "d" * 257}])
    assert validate_scope({"type": "chat", "chat_id": "42"}) == {"type": "chat", "chat_id": 42}
    with pytest.raises(ApiError):
        validate_scope({"type": "everyone"})
    assert validate_language_code("") == ""
    assert validate_language_code("fr") == "fr"
    with pytest.raises(ApiError):
        validate_language_code("fra")


def test_form_values_are_coerced_per_schema() -> None:
    params = coerce_params(
        {"chat_id": "-100", "flag": "true", "n": "5", "markup": '{"a": 1}', "extra": "x"},
        {"chat_id": "chat_id", "flag": "bool", "n": "int", "markup": "json"},
    )
    assert params == {"chat_id": -100, "flag": True, "n": 5, "markup": {"a": 1}}


def test_command_entity_and_utf16() -> None:
    assert command_entities("/start@fieldbot abc") == [
        {"type": "bot_command", "offset": 0, "length": 15}
    ]
    assert command_entities("hello") == []
    assert utf16_len("a😀") == 3


def test_rate_limiter_uses_sliding_windows() -> None:
    limiter = RateLimiter(enabled=True, global_per_second=2, per_chat_per_second=1)
    assert limiter.acquire(1, 100.0) is None
    assert limiter.acquire(1, 100.1) == 1
    assert limiter.acquire(2, 100.2) is None
    assert limiter.acquire(3, 100.3) == 1  # global window full
    assert limiter.acquire(3, 101.05) is None


def test_html_plain_runs_between_tags_keep_utf16_offsets() -> None:
    # Plain text is taken a run at a time: astral characters, accents and entities around the
    # tags still give Telegram's UTF-16 offsets.
    text, entities = parse_html("Bonjour 🇭🇹 é&amp;😀<b>gras 👩‍👧</b> fin &lt;3")
    assert text == "Bonjour 🇭🇹 é&😀gras 👩‍👧 fin <3"
    # "Bonjour " 8, the flag 4 (two astral letters), " é&" 3, 😀 2; "gras " 5, 👩‍👧 5.
    assert entities == [{"type": "bold", "offset": 17, "length": 10}]

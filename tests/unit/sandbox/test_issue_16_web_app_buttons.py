"""Issue 16: the sandbox validates web_app buttons and menu buttons as Telegram does."""

from __future__ import annotations

import pytest

from bot.sandbox.validation import ApiError, validate_inline_button, validate_menu_button


def test_a_web_app_button_needs_an_https_address() -> None:
    button = {"text": "Open the form", "web_app": {"url": "https://bot.example.org/webapp/"}}
    assert validate_inline_button(button) == button
    with pytest.raises(ApiError, match="Only HTTPS links are allowed"):
        validate_inline_button({"text": "Open", "web_app": {"url": "http://example.org/"}})
    with pytest.raises(ApiError, match='"url" must be of type String'):
        validate_inline_button({"text": "Open", "web_app": {}})
    with pytest.raises(ApiError, match="must be an Object"):
        validate_inline_button({"text": "Open", "web_app": "https://example.org"})


def test_the_sandbox_is_a_test_environment_plain_http_on_loopback_is_allowed() -> None:
    local = {"text": "Open", "web_app": {"url": "http://127.0.0.1:8080/webapp/"}}
    assert validate_inline_button(local) == local


def test_a_web_app_button_is_one_kind_of_button_only() -> None:
    with pytest.raises(ApiError, match="only one of the optional fields"):
        validate_inline_button(
            {"text": "Open", "web_app": {"url": "https://x.org/"}, "callback_data": "x"}
        )


def test_menu_buttons() -> None:
    assert validate_menu_button({"type": "commands"}) == {"type": "commands"}
    web_app = {"type": "web_app", "text": "Report", "web_app": {"url": "https://x.org/w/"}}
    assert validate_menu_button(web_app) == web_app
    with pytest.raises(ApiError, match="BUTTON_TEXT_INVALID"):
        validate_menu_button({**web_app, "text": " "})
    with pytest.raises(ApiError, match="Only HTTPS"):
        validate_menu_button({**web_app, "web_app": {"url": "ftp://x.org/"}})
    with pytest.raises(ApiError, match="unsupported menu button type"):
        validate_menu_button({"type": "mini_app"})

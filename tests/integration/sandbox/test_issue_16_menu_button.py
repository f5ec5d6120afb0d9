"""Issue 16: setChatMenuButton and getChatMenuButton in the sandbox, over HTTP."""

from __future__ import annotations

import json

from bot.sandbox import SandboxControl
from tests.integration.sandbox.helpers import ApiCaller

WEB_APP = {"type": "web_app", "text": "Report", "web_app": {"url": "https://x.org/webapp/"}}


async def test_the_default_and_a_chats_menu_button(
    api: ApiCaller, control: SandboxControl
) -> None:
    await control.user(7, "Alice").send("/start", wait=False)
    assert (await api("getChatMenuButton"))[1]["result"] == {"type": "commands"}
    status, body = await api("setChatMenuButton", menu_button=json.dumps(WEB_APP))
    assert (status, body["result"]) == (200, True)
    assert (await api("getChatMenuButton", chat_id=7))[1]["result"] == WEB_APP
    await api("setChatMenuButton", chat_id=7, menu_button=json.dumps({"type": "commands"}))
    assert (await api("getChatMenuButton", chat_id=7))[1]["result"] == {"type": "commands"}
    assert (await api("getChatMenuButton"))[1]["result"] == WEB_APP


async def test_a_menu_button_is_refused_like_telegram_refuses_it(
    api: ApiCaller, control: SandboxControl
) -> None:
    insecure = {**WEB_APP, "web_app": {"url": "http://x.org/"}}
    status, body = await api("setChatMenuButton", menu_button=json.dumps(insecure))
    assert status == 400
    assert "Only HTTPS links are allowed" in body["description"]
    status, body = await api("setChatMenuButton", chat_id=999, menu_button=json.dumps(WEB_APP))
    assert (status, body["description"]) == (400, "Bad Request: chat not found")


async def test_a_message_with_a_web_app_button(api: ApiCaller, control: SandboxControl) -> None:
    await control.user(8, "Bob").send("/start", wait=False)
    keyboard = {"inline_keyboard": [[{"text": "Open", "web_app": {"url": "https://x.org/"}}]]}
    status, _body = await api(
        "sendMessage", chat_id=8, text="Hi", reply_markup=json.dumps(keyboard)
    )
    assert status == 200
    bad = {"inline_keyboard": [[{"text": "Open", "web_app": {"url": "http://x.org/"}}]]}
    status, body = await api("sendMessage", chat_id=8, text="Hi", reply_markup=json.dumps(bad))
    assert status == 400
    assert "Only HTTPS links are allowed" in body["description"]

"""Bot API methods of the sandbox: happy paths and Telegram's validation errors."""

from __future__ import annotations

import io
import struct
from datetime import date
from typing import Any

import aiohttp

from bot.sandbox import SandboxControl, SandboxServer
from bot.ui.charts import progress_chart
from tests.integration.sandbox.helpers import BOT_ID, TOKEN, ApiCaller

KEYBOARD = {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]}


async def _open_chat(control: SandboxControl, user_id: int = 1) -> None:
    await control.user(user_id, "Alice").send("/start", wait=False)


async def test_get_me_auto_registers_the_bot(api: ApiCaller) -> None:
    status, body = await api("getMe")
    assert status == 200
    assert body["result"]["id"] == BOT_ID
    assert body["result"]["is_bot"] is True
    assert body["result"]["username"] == f"sandbox_{BOT_ID}_bot"


async def test_bad_token_and_unknown_method(api: ApiCaller) -> None:
    unauthorized = {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert await api("getMe", token="garbage") == (401, unauthorized)
    await api("getMe")
    assert await api("getMe", token=f"{BOT_ID}:{'x' * 35}") == (401, unauthorized)
    status, body = await api("noSuchMethod")
    assert (status, body["description"]) == (404, "Not Found")


async def test_method_names_are_case_insensitive_and_accept_forms(
    sandbox: SandboxServer, control: SandboxControl, http: aiohttp.ClientSession
) -> None:
    await _open_chat(control)
    url = f"{sandbox.base_url}/bot{TOKEN}/SENDMESSAGE"
    form = aiohttp.FormData()
    form.add_field("chat_id", "1")
    form.add_field("text", "multipart")
    form.add_field("reply_markup", '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}')
    form.add_field("protect_content", "true")
    form.add_field("file", b"x", filename="x.bin")  # forces multipart/form-data
    async with http.post(url, data=form) as response:
        body = await response.json()
    assert body["result"]["text"] == "multipart"
    assert body["result"]["has_protected_content"] is True
    async with http.post(url, data={"chat_id": "1", "text": "urlencoded"}) as response:
        assert (await response.json())["result"]["text"] == "urlencoded"
    async with http.get(url, params={"chat_id": "1", "text": "query"}) as response:
        assert (await response.json())["result"]["text"] == "query"


async def test_send_message_returns_a_telegram_message(
    api: ApiCaller, control: SandboxControl
) -> None:
    await _open_chat(control)
    status, body = await api(
        "sendMessage",
        chat_id=1,
        text="<b>Hello</b> Alice",
        parse_mode="HTML",
        reply_markup=KEYBOARD,
        reply_parameters={"message_id": 1},
    )
    assert status == 200
    message = body["result"]
    assert message["message_id"] == 2
    assert message["from"]["is_bot"] is True
    assert message["chat"] == {"id": 1, "type": "private", "first_name": "Alice"}
    assert message["text"] == "Hello Alice"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 5}]
    assert message["reply_markup"] == KEYBOARD
    assert message["reply_to_message"]["text"] == "/start"


async def test_text_limits_are_telegrams(api: ApiCaller, control: SandboxControl) -> None:
    await _open_chat(control)
    assert (await api("sendMessage", chat_id=1, text="a" * 4096))[0] == 200
    assert await api("sendMessage", chat_id=1, text="a" * 4097) == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"},
    )
    status, body = await api("sendMessage", chat_id=1, text="")
    assert (status, body["description"]) == (400, "Bad Request: message text is empty")
    # Markup counts after parsing: 4096 visible characters inside a tag are fine.
    status, _ = await api("sendMessage", chat_id=1, text=f"<b>{'a' * 4096}</b>", parse_mode="HTML")
    assert status == 200


async def test_callback_data_over_64_bytes_is_refused(
    api: ApiCaller, control: SandboxControl
) -> None:
    await _open_chat(control)
    for data in ("x" * 65, "ب" * 33):
        markup = {"inline_keyboard": [[{"text": "B", "callback_data": data}]]}
        status, body = await api("sendMessage", chat_id=1, text="t", reply_markup=markup)
        assert (status, body["description"]) == (400, "Bad Request: BUTTON_DATA_INVALID")
    markup = {"inline_keyboard": [[{"text": "B", "callback_data": "ب" * 32}]]}
    assert (await api("sendMessage", chat_id=1, text="t", reply_markup=markup))[0] == 200


async def test_bad_html_and_bad_keyboards_are_refused(
    api: ApiCaller, control: SandboxControl
) -> None:
    await _open_chat(control)
    status, body = await api("sendMessage", chat_id=1, text="<foo>x</foo>", parse_mode="HTML")
    assert status == 400
    assert body["description"] == (
        'Bad Request: can\'t parse entities: Unsupported start tag "foo" at byte offset 0'
    )
    markup = {"inline_keyboard": [[{"text": "no action"}]]}
    status, body = await api("sendMessage", chat_id=1, text="t", reply_markup=markup)
    assert status == 400
    assert body["description"].startswith("Bad Request: can't parse inline keyboard button")
    reply = {"keyboard": [[{"text": "Share", "request_location": True}]]}
    assert (await api("sendMessage", chat_id=1, text="t", reply_markup=reply))[0] == 200


async def test_unknown_chat_and_blocked_user(api: ApiCaller, control: SandboxControl) -> None:
    status, body = await api("sendMessage", chat_id=999, text="hi")
    assert (status, body["description"]) == (400, "Bad Request: chat not found")
    await _open_chat(control)
    await control.block(1)
    status, body = await api("sendMessage", chat_id=1, text="hi")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    await control.unblock(1)
    assert (await api("sendMessage", chat_id=1, text="hi"))[0] == 200


async def test_edit_and_delete(api: ApiCaller, control: SandboxControl) -> None:
    await _open_chat(control)
    _, sent = await api("sendMessage", chat_id=1, text="v1", reply_markup=KEYBOARD)
    message_id = sent["result"]["message_id"]
    status, body = await api(
        "editMessageText", chat_id=1, message_id=message_id, text="v1", reply_markup=KEYBOARD
    )
    assert status == 400
    assert body["description"].startswith("Bad Request: message is not modified")
    status, body = await api("editMessageText", chat_id=1, message_id=message_id, text="v2")
    assert status == 200
    assert body["result"]["text"] == "v2"
    assert "reply_markup" not in body["result"]
    assert "edit_date" in body["result"]
    status, body = await api(
        "editMessageReplyMarkup", chat_id=1, message_id=message_id, reply_markup=KEYBOARD
    )
    assert body["result"]["reply_markup"] == KEYBOARD
    status, body = await api("editMessageText", chat_id=1, message_id=99, text="x")
    assert (status, body["description"]) == (400, "Bad Request: message to edit not found")
    assert await api("deleteMessage", chat_id=1, message_id=message_id) == (
        200,
        {"ok": True, "result": True},
    )
    status, body = await api("deleteMessage", chat_id=1, message_id=message_id)
    assert (status, body["description"]) == (400, "Bad Request: message to delete not found")
    alice = control.user(1, "Alice")
    messages = await alice.messages()
    assert messages[-1].deleted
    assert messages[-1].edited
    assert messages[-1].text == "v2"


async def test_send_photo_and_document(
    sandbox: SandboxServer, control: SandboxControl, http: aiohttp.ClientSession, api: ApiCaller
) -> None:
    await _open_chat(control)
    form = aiohttp.FormData()
    form.add_field("chat_id", "1")
    form.add_field("caption", "<i>chart</i>")
    form.add_field("parse_mode", "HTML")
    form.add_field("photo", "attach://f1")
    form.add_field("f1", b"\x89PNG" + b"0" * 100, filename="chart.png", content_type="image/png")
    async with http.post(f"{sandbox.base_url}/bot{TOKEN}/sendPhoto", data=form) as response:
        body = await response.json()
    photo = body["result"]["photo"]
    assert [size["width"] for size in photo] == [90, 800]
    assert photo[-1]["file_size"] == 104
    assert body["result"]["caption"] == "chart"
    assert body["result"]["caption_entities"] == [{"type": "italic", "offset": 0, "length": 5}]
    status, again = await api("sendPhoto", chat_id=1, photo=photo[-1]["file_id"])
    assert status == 200
    assert again["result"]["photo"][-1]["file_id"] == photo[-1]["file_id"]
    status, doc = await api(
        "sendDocument", chat_id=1, document="https://example.org/report.pdf", caption="c"
    )
    assert status == 200
    assert doc["result"]["document"]["file_name"] == "report.pdf"
    status, body = await api(
        "sendDocument", chat_id=1, document="https://x.org/a", caption="c" * 1025
    )
    assert (status, body["description"]) == (400, "Bad Request: message caption is too long")
    status, body = await api("sendPhoto", chat_id=1, photo="not-a-file-id")
    assert status == 400
    media = (await control.user(1).messages())[0].media
    assert media == {
        "type": "photo",
        "file_name": "chart.png",
        "mime_type": "image/png",
        "size": 104,
    }


def _png_header(width: int, height: int) -> bytes:
    """The start of a PNG of that size (signature and IHDR chunk): all Telegram reads first."""
    ihdr = struct.pack(">II", width, height) + bytes([8, 6, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\0" * 4


def _jpeg_header(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0" + b"\0" * 9
    sof0 = b"\xff\xc0" + struct.pack(">HBHH", 17, 8, height, width) + b"\0" * 10
    return b"\xff\xd8" + app0 + sof0


async def test_a_photo_telegram_would_refuse_is_refused_and_a_chart_is_accepted(
    sandbox: SandboxServer, control: SandboxControl, http: aiohttp.ClientSession
) -> None:
    """The sandbox took any photo: a picture Telegram refuses (over 10 MB, width and height
    over 10000 in total, one side over 20 times the other) passed every test. It now answers
    as Telegram does; the bot's own chart (1000 x 700 PNG, about 50 kB) goes through."""
    await _open_chat(control)

    async def send(data: bytes, method: str = "sendPhoto") -> tuple[int, Any]:
        field = "photo" if method == "sendPhoto" else "document"
        form = aiohttp.FormData()
        form.add_field("chat_id", "1")
        picture = io.BytesIO(data)  # a large body as bytes would block the loop (aiohttp)
        form.add_field(field, picture, filename="picture", content_type="image/png")
        async with http.post(f"{sandbox.base_url}/bot{TOKEN}/{method}", data=form) as response:
            return response.status, await response.json()

    chart = progress_chart(
        title="People trained",
        actual=[(date(2026, 1, 31), 10.0), (date(2026, 2, 28), 25.0)],
        pace=[(date(2026, 1, 1), 0.0), (date(2026, 12, 31), 100.0)],
        target=100,
        target_label="Target",
        actual_label="Achieved",
        pace_label="Steady pace",
        today_label="Today",
        as_of=date(2026, 3, 1),
        locale="en",
        footer="As of 1 March 2026 · Haiti",
    )
    assert (await send(chart))[0] == 200
    for good in (_png_header(5000, 5000), _jpeg_header(2000, 100)):
        assert (await send(good))[0] == 200
    invalid = (400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
    for bad in (_png_header(9000, 1200), _png_header(4200, 200), _jpeg_header(100, 2001)):
        status, body = await send(bad)
        assert (status, body["description"]) == invalid
    too_big = _png_header(1000, 700) + b"\0" * (10 * 1024 * 1024)
    status, body = await send(too_big)
    assert (status, body["description"]) == (400, "Bad Request: PHOTO_SAVE_FILE_INVALID")
    # As a document, the same file is fine.
    assert (await send(too_big, "sendDocument"))[0] == 200


async def test_chat_action_and_commands(api: ApiCaller, control: SandboxControl) -> None:
    await _open_chat(control)
    assert await api("sendChatAction", chat_id=1, action="typing") == (
        200,
        {"ok": True, "result": True},
    )
    status, body = await api("sendChatAction", chat_id=1, action="dancing")
    assert (status, body["description"]) == (
        400,
        "Bad Request: wrong parameter action in request",
    )
    commands = [{"command": "report", "description": "Report an event"}]
    scope = {"type": "chat", "chat_id": 1}
    assert (await api("setMyCommands", commands=commands, scope=scope, language_code="fr"))[
        0
    ] == 200
    assert (await api("getMyCommands", scope=scope, language_code="fr"))[1]["result"] == commands
    assert (await api("getMyCommands"))[1]["result"] == []
    stored = await control.commands()
    assert stored == [{"scope": scope, "language_code": "fr", "commands": commands}]
    bad = [{"command": "Report", "description": "x"}]
    status, body = await api("setMyCommands", commands=bad)
    assert (status, body["description"]) == (400, "Bad Request: BOT_COMMAND_INVALID")
    assert (await api("deleteMyCommands", scope=scope, language_code="fr"))[0] == 200
    assert await control.commands() == []


async def test_answer_callback_query(api: ApiCaller, control: SandboxControl) -> None:
    await _open_chat(control)
    await api("sendMessage", chat_id=1, text="Pick", reply_markup=KEYBOARD)
    alice = control.user(1, "Alice")
    await alice.tap("Yes", wait=False)
    query_id = alice.last_answer["callback_query_id"]
    status, body = await api("answerCallbackQuery", callback_query_id=query_id, text="x" * 201)
    assert (status, body["description"]) == (400, "Bad Request: MESSAGE_TOO_LONG")
    assert (await api("answerCallbackQuery", callback_query_id=query_id, text="Saved"))[0] == 200
    status, _ = await api("answerCallbackQuery", callback_query_id=query_id)
    assert status == 400
    answers = await alice.callback_answers()
    assert [a["text"] for a in answers] == ["Saved"]


async def test_every_call_is_logged(api: ApiCaller, control: SandboxControl) -> None:
    await _open_chat(control)
    await api("sendMessage", chat_id=1, text="ok")
    await api("sendMessage", chat_id=1, text="")
    calls = await control.calls("sendMessage")
    assert [(c.chat_id, c.status, c.error) for c in calls] == [
        (1, 200, None),
        (1, 400, "Bad Request: message text is empty"),
    ]
    assert all(c.ended is not None and c.ended >= c.started for c in calls)
    stats: dict[str, Any] = await control.stats()
    assert stats["messages_sent"] == 1

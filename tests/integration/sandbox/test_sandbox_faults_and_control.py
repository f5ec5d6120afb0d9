"""Fault injection, rate limits and the control API (presses by text, data and forged)."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.sandbox import SandboxControl, SandboxError, SandboxServer
from tests.integration.sandbox.helpers import ApiCaller

MENU = {
    "inline_keyboard": [
        [{"text": "Report a training", "callback_data": "r:training"}],
        [{"text": "Report an event", "callback_data": "r:event"}],
        [{"text": "Help", "url": "https://example.org/help"}],
    ]
}


async def _chat_with_menu(api: ApiCaller, control: SandboxControl) -> None:
    await control.user(1, "Alice").send("/start", wait=False)
    await api("getUpdates", offset=-1)
    await api("sendMessage", chat_id=1, text="Menu", reply_markup=MENU)


@pytest.mark.parametrize(
    ("kind", "status", "description"),
    [
        ("429", 429, "Too Many Requests: retry after 7"),
        ("500", 500, "Internal Server Error"),
        ("502", 502, "Bad Gateway"),
        ("403", 403, "Forbidden: bot was blocked by the user"),
        ("400", 400, "Bad Request: chat is deactivated"),
    ],
)
async def test_injected_faults_fail_without_executing(
    api: ApiCaller, control: SandboxControl, kind: str, status: int, description: str
) -> None:
    await control.user(1, "Alice").send("/start", wait=False)
    await control.inject_fault(
        "sendMessage", kind, count=2, retry_after=7, description="chat is deactivated"
    )
    for _ in range(2):
        got_status, body = await api("sendMessage", chat_id=1, text="hi")
        assert (got_status, body["description"]) == (status, description)
        if kind == "429":
            assert body["parameters"] == {"retry_after": 7}
        else:
            assert "parameters" not in body
    assert (await api("sendMessage", chat_id=1, text="hi"))[0] == 200
    assert [m.text for m in await control.user(1).messages()] == ["hi"]


async def test_timeout_fault_holds_then_answers_504(
    api: ApiCaller, control: SandboxControl
) -> None:
    await control.inject_fault("getMe", "timeout", hold_seconds=0.3)
    started = time.monotonic()
    status, body = await api("getMe")
    assert (status, body["description"]) == (504, "Gateway Timeout")
    assert time.monotonic() - started >= 0.29
    assert (await api("getMe"))[0] == 200


async def test_delays_hold_one_chat_and_method_and_then_answer(
    api: ApiCaller, control: SandboxControl
) -> None:
    await control.user(1, "Alice").send("/start", wait=False)
    await control.user(2, "Bob").send("/start", wait=False)
    await control.add_delay("sendMessage", 0.4, chat_id=1, count=1)

    started = time.monotonic()
    slow, fast = await asyncio.gather(
        api("sendMessage", chat_id=1, text="slow"), api("sendMessage", chat_id=2, text="fast")
    )
    assert slow[0] == fast[0] == 200
    assert time.monotonic() - started >= 0.39
    # Only the next call of that chat was held: the count is spent.
    started = time.monotonic()
    assert (await api("sendMessage", chat_id=1, text="again"))[0] == 200
    assert time.monotonic() - started < 0.3
    assert [m.text for m in await control.user(1).messages()] == ["slow", "again"]

    await control.add_delay("*", 0.2)
    started = time.monotonic()
    assert (await api("getMe"))[0] == 200
    assert time.monotonic() - started >= 0.19
    await control.clear_delays()
    started = time.monotonic()
    assert (await api("getMe"))[0] == 200
    assert time.monotonic() - started < 0.15


async def test_delays_are_validated(control: SandboxControl) -> None:
    with pytest.raises(SandboxError, match="unknown Bot API method"):
        await control.add_delay("sendTelepathy", 1)
    with pytest.raises(SandboxError, match="between 0 and 600"):
        await control.add_delay("*", 3600)


async def test_stop_ends_holds_and_long_polls_promptly(
    sandbox: SandboxServer, api: ApiCaller, control: SandboxControl
) -> None:
    await control.inject_fault("getMe", "timeout", hold_seconds=30)
    held = asyncio.create_task(api("getMe"))
    polling = asyncio.create_task(api("getUpdates", timeout=30))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    results = await asyncio.gather(held, polling, sandbox.stop(), return_exceptions=True)
    assert time.monotonic() - started < 3
    assert results[0] == (504, {"ok": False, "error_code": 504, "description": "Gateway Timeout"})


async def test_a_chat_waits_for_its_own_events_and_a_reset_ends_the_wait(
    api: ApiCaller, control: SandboxControl
) -> None:
    alice, bob = control.user(1, "Alice"), control.user(2, "Bob")
    await alice.send("hi", wait=False)
    await bob.send("hi", wait=False)
    await api("getUpdates", offset=-1)
    mark = (await control.chat_events(2))[-1]["seq"]
    waiting = asyncio.create_task(control.chat_events(2, after=mark, wait_seconds=30))
    await api("sendMessage", chat_id=1, text="For Alice")
    await asyncio.sleep(0.2)
    assert not waiting.done()  # another chat's event does not answer Bob's wait

    await api("sendMessage", chat_id=2, text="For Bob")
    (event,) = await asyncio.wait_for(waiting, 2)
    assert event["text"] == "For Bob"

    waiting = asyncio.create_task(control.chat_events(2, after=event["seq"], wait_seconds=30))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await control.reset()
    assert await asyncio.wait_for(waiting, 3) == []  # not held for the 30 s
    assert time.monotonic() - started < 3


async def test_rate_limits_answer_429_with_retry_after(
    api: ApiCaller, control: SandboxControl
) -> None:
    for user_id in (1, 2, 3):
        await control.user(user_id).send("hi", wait=False)
    await control.set_rate_limits(True, global_per_second=2, per_chat_per_second=1)
    assert (await api("sendMessage", chat_id=1, text="a"))[0] == 200
    status, body = await api("sendMessage", chat_id=1, text="b")
    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert (await api("sendMessage", chat_id=2, text="c"))[0] == 200
    assert (await api("sendMessage", chat_id=3, text="d"))[0] == 429  # 2/s overall
    assert [m.text for m in await control.user(1).messages()] == ["a"]
    assert (await control.stats())["rate_limited_429"] == 2
    await control.set_rate_limits(False)
    assert (await api("sendMessage", chat_id=1, text="e"))[0] == 200


async def test_tap_by_text_and_press_by_data(api: ApiCaller, control: SandboxControl) -> None:
    await _chat_with_menu(api, control)
    alice = control.user(1, "Alice")
    await alice.tap("training", wait=False)
    _, body = await api("getUpdates", offset=-1)
    query = body["result"][0]["callback_query"]
    assert query["data"] == "r:training"
    assert query["from"]["id"] == 1
    assert query["message"]["text"] == "Menu"
    assert query["chat_instance"]
    await alice.press("r:event", wait=False)
    _, body = await api("getUpdates", offset=-1)
    assert body["result"][0]["callback_query"]["data"] == "r:event"


async def test_press_errors_are_clear(api: ApiCaller, control: SandboxControl) -> None:
    await _chat_with_menu(api, control)
    alice = control.user(1, "Alice")
    with pytest.raises(SandboxError) as missing:
        await alice.tap("Missions")
    assert missing.value.status == 404
    assert "'Report a training'" in missing.value.message
    with pytest.raises(SandboxError) as ambiguous:
        await alice.tap("report")
    assert ambiguous.value.status == 409
    with pytest.raises(SandboxError):
        await alice.press("r:other")


async def test_forged_callback_reaches_the_bot(api: ApiCaller, control: SandboxControl) -> None:
    await _chat_with_menu(api, control)
    await control.user(1, "Alice").press("mission:42", forge=True, wait=False)
    _, body = await api("getUpdates", offset=-1)
    assert body["result"][0]["callback_query"]["data"] == "mission:42"


async def test_transcript_and_group_chat(api: ApiCaller, control: SandboxControl) -> None:
    await _chat_with_menu(api, control)
    alice = control.user(1, "Alice")
    await alice.tap("Report a training", wait=False)
    transcript = await alice.transcript()
    assert "Alice: /start" in transcript
    assert "bot: Menu" in transcript
    assert "taps [Report a training]" in transcript
    group = alice.in_chat(-100, "supergroup", "Field team")
    await group.send("hello group", wait=False)
    _, body = await api("getUpdates", offset=-1)
    chat = body["result"][0]["message"]["chat"]
    assert chat == {"id": -100, "type": "supergroup", "title": "Field team"}


async def test_user_media_messages(api: ApiCaller, control: SandboxControl) -> None:
    alice = control.user(1, "Alice")
    await alice.send_location(18.5, -72.3, wait=False)
    await alice.send_contact("+1555", wait=False)
    await alice.send_photo("look", wait=False)
    await alice.send_document("plan.pdf", wait=False)
    await alice.send_voice(wait=False)
    await alice.send_video(wait=False)
    _, body = await api("getUpdates")
    messages = [u["message"] for u in body["result"]]
    assert messages[0]["location"] == {"latitude": 18.5, "longitude": -72.3}
    assert messages[1]["contact"]["phone_number"] == "+1555"
    assert messages[2]["caption"] == "look"
    assert messages[3]["document"]["file_name"] == "plan.pdf"
    assert "voice" in messages[4]
    assert "video" in messages[5]
    file_id = messages[3]["document"]["file_id"]
    assert (await api("sendDocument", chat_id=1, document=file_id))[0] == 200


async def test_a_user_edits_a_message_they_sent(api: ApiCaller, control: SandboxControl) -> None:
    await api("getUpdates", allowed_updates='["message", "edited_message"]')
    alice = control.user(1, "Alice")
    await alice.send("Jacmell", wait=False)
    assert alice.last_answer is not None
    sent = int(alice.last_answer["message_id"])
    await alice.edit(sent, "Jacmel", wait=False)
    _, body = await api("getUpdates", offset=-1)
    edited = body["result"][0]["edited_message"]
    assert (edited["message_id"], edited["text"]) == (sent, "Jacmel")
    assert edited["edit_date"] >= edited["date"]
    await _chat_with_menu(api, control)  # the bot's own message: not the user's to edit
    menu = await alice.last()
    with pytest.raises(SandboxError) as not_hers:
        await alice.edit(menu.message_id, "hacked", wait=False)
    assert not_hers.value.status == 404
    with pytest.raises(SandboxError) as empty:
        await alice.edit(sent, "", wait=False)
    assert empty.value.status == 400


async def test_a_live_location_moves_by_edits(api: ApiCaller, control: SandboxControl) -> None:
    await api("getUpdates", allowed_updates='["message", "edited_message"]')
    alice = control.user(1, "Alice")
    await alice.send_location(18.5, -72.3, live_period=900, wait=False)
    shared = int(alice.last_answer["message_id"])
    await alice.move(shared, 18.6, -72.3, wait=False)
    _, body = await api("getUpdates")
    first, moved = body["result"][0]["message"], body["result"][1]["edited_message"]
    assert first["location"] == {"latitude": 18.5, "longitude": -72.3, "live_period": 900}
    assert (moved["message_id"], moved["location"]["latitude"]) == (shared, 18.6)
    await alice.send_location(1.0, 2.0, wait=False)  # a plain location cannot move
    with pytest.raises(SandboxError) as still:
        await alice.move(int(alice.last_answer["message_id"]), 1.5, 2.0, wait=False)
    assert still.value.status == 400


async def test_a_forwarded_message_names_where_it_came_from(
    api: ApiCaller, control: SandboxControl
) -> None:
    alice = control.user(1, "Alice")
    await alice.forward("See you in Jacmel", from_name="Paul", wait=False)
    _, body = await api("getUpdates")
    message = body["result"][0]["message"]
    assert message["text"] == "See you in Jacmel"
    assert message["forward_origin"]["type"] == "hidden_user"
    assert message["forward_origin"]["sender_user_name"] == "Paul"


async def test_blocking_and_unblocking_the_bot_are_my_chat_member_updates(
    api: ApiCaller, control: SandboxControl
) -> None:
    await api("getUpdates", allowed_updates='["message", "my_chat_member"]')
    alice = control.user(1, "Alice")
    await alice.send("/start", wait=False)
    await alice.block_bot(wait=False)
    assert (await api("sendMessage", chat_id=1, text="hi"))[0] == 403
    await alice.unblock_bot(wait=False)
    assert (await api("sendMessage", chat_id=1, text="hi"))[0] == 200
    _, body = await api("getUpdates")
    changes = [u["my_chat_member"] for u in body["result"] if "my_chat_member" in u]
    assert [c["new_chat_member"]["status"] for c in changes] == ["kicked", "member"]
    assert [c["old_chat_member"]["status"] for c in changes] == ["member", "kicked"]
    assert changes[0]["chat"] == {"id": 1, "type": "private", "first_name": "Alice"}

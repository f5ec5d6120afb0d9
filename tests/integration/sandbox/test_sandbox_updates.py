"""getUpdates semantics and webhook delivery of the sandbox."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import MultipartWriter, web

from bot.sandbox import SandboxControl
from tests.integration.sandbox.helpers import ApiCaller

Responder = Callable[[dict[str, Any], web.Request], Awaitable[web.StreamResponse]]


class Receiver:
    """A local webhook endpoint that records what it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, Any], str | None]] = []
        self.responder: Responder | None = None
        self.url = ""
        self._runner: web.AppRunner | None = None
        self._arrived = asyncio.Condition()

    async def wait_for(self, count: int, seconds: float = 3.0) -> None:
        """Wait until ``count`` requests have arrived."""
        async with asyncio.timeout(seconds), self._arrived:
            await self._arrived.wait_for(lambda: len(self.received) >= count)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        update = await request.json()
        self.received.append((update, request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
        async with self._arrived:
            self._arrived.notify_all()
        if self.responder is not None:
            return await self.responder(update, request)
        return web.json_response({})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}/hook"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    hook = Receiver()
    await hook.start()
    yield hook
    await hook.stop()


async def test_offset_confirms_and_negative_offset_keeps_the_last(
    api: ApiCaller, control: SandboxControl
) -> None:
    alice = control.user(1, "Alice")
    ids = [await alice.send(f"m{i}", wait=False) for i in range(3)]
    _, body = await api("getUpdates")
    assert [u["update_id"] for u in body["result"]] == ids
    _, body = await api("getUpdates", limit=1)
    assert [u["update_id"] for u in body["result"]] == ids[:1]
    _, body = await api("getUpdates", offset=ids[1])
    assert [u["update_id"] for u in body["result"]] == ids[1:]
    _, body = await api("getUpdates", offset=-1)
    assert [u["update_id"] for u in body["result"]] == ids[2:]
    _, body = await api("getUpdates", offset=ids[2] + 1)
    assert body["result"] == []


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    api: ApiCaller, control: SandboxControl
) -> None:
    poll = asyncio.create_task(api("getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await control.user(1, "Alice").send("hi", wait=False)
    status, body = await poll
    assert status == 200
    assert body["result"][0]["message"]["text"] == "hi"
    assert time.monotonic() - started < 1.0


async def test_empty_long_poll_waits_for_its_timeout(api: ApiCaller) -> None:
    started = time.monotonic()
    assert await api("getUpdates", timeout=1) == (200, {"ok": True, "result": []})
    assert time.monotonic() - started >= 0.9


async def test_second_get_updates_terminates_the_first(api: ApiCaller) -> None:
    first = asyncio.create_task(api("getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(api("getUpdates", timeout=0))
    status, body = await first
    assert status == 409
    assert body["description"] == (
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
        "is running"
    )
    assert (await second)[0] == 200


async def test_allowed_updates_filter_and_persist(api: ApiCaller, control: SandboxControl) -> None:
    alice = control.user(1, "Alice")
    await alice.send("before", wait=False)
    _, body = await api("getUpdates", allowed_updates=["callback_query"])
    assert len(body["result"]) == 1  # queued before the filter was set
    offset = body["result"][0]["update_id"] + 1
    await alice.send("filtered", wait=False)
    _, body = await api("getUpdates", offset=offset)  # allowed_updates omitted: persists
    assert body["result"] == []
    await api("getUpdates", allowed_updates=[])
    await alice.send("after", wait=False)
    _, body = await api("getUpdates", offset=offset)
    assert [u["message"]["text"] for u in body["result"]] == ["after"]


async def test_webhook_delivery_with_secret_and_info(
    api: ApiCaller, control: SandboxControl, receiver: Receiver
) -> None:
    status, body = await api("setWebhook", url=receiver.url, secret_token="s3cr3t_-")
    assert (status, body["result"], body["description"]) == (200, True, "Webhook was set")
    status, body = await api("getUpdates")
    assert status == 409
    assert body["description"].startswith("Conflict: can't use getUpdates method while webhook")
    await control.user(1, "Alice").send("hello")
    update, secret = receiver.received[0]
    assert update["message"]["text"] == "hello"
    assert secret == "s3cr3t_-"
    _, info = await api("getWebhookInfo")
    assert info["result"] == {
        "url": receiver.url,
        "has_custom_certificate": False,
        "pending_update_count": 0,
        "max_connections": 40,
    }
    status, body = await api("setWebhook", url=receiver.url, secret_token="bad secret!")
    assert status == 400
    assert (await api("deleteWebhook"))[1]["result"] is True
    assert (await api("getUpdates"))[0] == 200


async def test_webhook_retries_on_500_and_keeps_per_chat_order(
    api: ApiCaller, control: SandboxControl, receiver: Receiver
) -> None:
    failed: set[int] = set()

    async def flaky(update: dict[str, Any], request: web.Request) -> web.StreamResponse:
        if update["update_id"] not in failed:
            failed.add(update["update_id"])
            return web.Response(status=500)
        return web.json_response({})

    receiver.responder = flaky
    await api("setWebhook", url=receiver.url)
    alice = control.user(1, "Alice")
    await alice.send("one", wait=False)
    await alice.send("two", wait=False)
    result = await alice.send("three")
    await receiver.wait_for(6)
    texts = [u["message"]["text"] for u, _ in receiver.received]
    assert texts == ["one", "one", "two", "two", "three", "three"]
    assert alice.last_answer["webhook_status"] == 500
    assert alice.last_answer["handled"] is False
    assert result > 0
    _, info = await api("getWebhookInfo")
    assert info["result"]["last_error_message"] == (
        "Wrong response from the webhook: 500 Internal Server Error"
    )
    stats = await control.stats()
    assert stats["updates_delivered"] == 3


async def test_reply_in_webhook_is_executed(
    api: ApiCaller, control: SandboxControl, receiver: Receiver
) -> None:
    async def reply(update: dict[str, Any], request: web.Request) -> web.StreamResponse:
        chat_id = update["message"]["chat"]["id"]
        if update["message"]["text"] == "json":
            body = {"method": "sendMessage", "chat_id": chat_id, "text": "pong json"}
            return web.Response(text=json.dumps(body), content_type="application/json")
        writer = MultipartWriter("form-data")
        for name, value in (("method", "sendMessage"), ("chat_id", str(chat_id))):
            writer.append(value).set_content_disposition("form-data", name=name)
        writer.append("pong form").set_content_disposition("form-data", name="text")
        return web.Response(body=writer)

    receiver.responder = reply
    await api("setWebhook", url=receiver.url)
    alice = control.user(1, "Alice")
    await alice.send("json")
    assert alice.last_answer["handled"] is True
    assert alice.last_answer["webhook_status"] == 200
    assert (await alice.last()).text == "pong json"
    await alice.send("form")
    assert [m.text for m in await alice.replies()] == ["pong form"]


async def test_send_waits_for_a_polling_bot_to_answer(
    api: ApiCaller, control: SandboxControl
) -> None:
    async def echo_bot() -> None:
        offset = 0
        while True:
            _, body = await api("getUpdates", offset=offset, timeout=1)
            for update in body["result"]:
                offset = update["update_id"] + 1
                await asyncio.sleep(0.02)  # the handler's own work
                text = update["message"]["text"]
                await api("sendMessage", chat_id=update["message"]["chat"]["id"], text=text)
                await asyncio.sleep(0.02)
                await api("sendMessage", chat_id=update["message"]["chat"]["id"], text="done")

    task = asyncio.create_task(echo_bot())
    try:
        alice = control.user(1, "Alice")
        await alice.send("ping")
        assert alice.last_answer["handled"] is True
        assert [m.text for m in await alice.replies()] == ["ping", "done"]
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

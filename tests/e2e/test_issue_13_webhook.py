"""Issue 13, observation 11: the webhook never answers 500 to what a client controls.

A secret header that is wrong in any way (non-ASCII, other bytes, another length) gets 401; a
body that is not an update (too deeply nested, not UTF-8, not JSON, too large) is acknowledged
with 200 and dropped, so Telegram does not redeliver it, and the drop is logged at WARNING
without the payload.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.app import App, build_app
from bot.runner import create_webhook_app
from bot.sandbox import SandboxServer
from tests.e2e.harness import bot_settings, command_update

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Client = TestClient[web.Request, web.Application]
MARKER = "PAYLOAD-MARKER-d41d8"  # inside every malformed body: must never reach the log


@pytest.fixture
async def app(sandbox: SandboxServer, db_url: str) -> AsyncIterator[App]:
    built = await build_app(bot_settings(sandbox, db_url))
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with TestClient(TestServer(create_webhook_app(app))) as test_client:
        yield test_client


def secret_of(app: App) -> str:
    assert app.settings.webhook.secret_token is not None
    return app.settings.webhook.secret_token.get_secret_value()


async def raw_post(client: Client, path: str, header_value: bytes, body: bytes) -> int:
    """POST with a secret header of arbitrary bytes, as no HTTP library would send it."""
    reader, writer = await asyncio.open_connection(client.host, client.port)
    try:
        writer.write(
            b"POST " + path.encode() + b" HTTP/1.1\r\n"
            b"Host: localhost\r\nContent-Type: application/json\r\n"
            b"X-Telegram-Bot-Api-Secret-Token: " + header_value + b"\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n"
            b"Connection: close\r\n\r\n" + body
        )
        await writer.drain()
        status_line = await reader.readline()
        return int(status_line.split()[1])
    finally:
        writer.close()
        await writer.wait_closed()


def nested(depth: int) -> bytes:
    return b"[" * depth + json.dumps(MARKER).encode() + b"]" * depth


async def test_a_wrong_secret_header_of_any_kind_is_401_never_500(
    client: Client, app: App
) -> None:
    secret = secret_of(app)
    path = app.settings.webhook.path
    body = json.dumps(command_update(1, 2001, "/help")).encode()
    for header in (
        "sécret-àccentué",  # non-ASCII: compare_digest on str raised TypeError (500)
        "秘密",
        secret + "é",
        secret[:-1] + "é",  # same length in characters, not in bytes
        secret[:-1],
        secret + "x",
        "",
        "wrong-secret",
    ):
        response = await client.post(path, data=body, headers={SECRET_HEADER: header})
        assert response.status == 401, header
    for raw in (b"\xff\xfe\xfd", secret.encode() + b"\x80", b"\xc3\xa9" * 20):
        assert await raw_post(client, path, raw, body) == 401, raw
    assert await raw_post(client, path, secret.encode(), body) == 200  # the request is sound
    response = await client.post(path, data=body)
    assert response.status == 401


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("100,000 nested lists", nested(100_000)),
        (
            "100,000 nested objects",
            b'{"a":' * 100_000 + json.dumps(MARKER).encode() + b"}" * 100_000,
        ),
        (
            "nested inside an update",
            b'{"update_id": 5, "message": ' + nested(50_000) + b"}",
        ),
        ("not UTF-8", b'{"update_id": 5, "x": "' + MARKER.encode() + b'\xff\xfe"}'),
        ("not JSON", b"{" + MARKER.encode()),
        ("a JSON string", json.dumps(MARKER).encode()),
        ("a JSON list", json.dumps([MARKER]).encode()),
        ("null", b"null"),
        ("empty", b""),
        (
            "a 5,000-digit number",
            b'{"update_id": ' + b"9" * 5000 + b', "m": "' + MARKER.encode() + b'"}',
        ),
        ("no update id", json.dumps({"message": MARKER}).encode()),
        ("no known event", json.dumps({"update_id": 5, "x": MARKER}).encode()),
        ("over the size limit", b'{"update_id": 5, "x": "' + MARKER.encode() * 80_000 + b'"}'),
    ],
)
async def test_a_malformed_body_is_acknowledged_dropped_and_logged_without_payload(
    client: Client, app: App, caplog: pytest.LogCaptureFixture, name: str, body: bytes
) -> None:
    caplog.set_level(logging.DEBUG)
    path = app.settings.webhook.path
    response = await client.post(
        path, data=io.BytesIO(body), headers={SECRET_HEADER: secret_of(app)}
    )
    assert response.status == 200, name
    assert await response.json() == {}
    dropped = [r for r in caplog.records if "Dropped" in r.getMessage()]
    assert dropped, name
    assert all(r.levelno == logging.WARNING for r in dropped), name
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], name
    assert MARKER not in caplog.text
    # The bot is unharmed: the next, sound update is handled.
    update = json.dumps(command_update(6, 2001, "/help")).encode()
    response = await client.post(path, data=update, headers={SECRET_HEADER: secret_of(app)})
    assert response.status == 200


@pytest.mark.parametrize("depth", [100, 500, 900, 990, 1_000, 2_000])
@pytest.mark.parametrize("where", ["message", "update", "inside a message"])
async def test_nesting_near_the_parsers_limit_is_never_a_500(
    client: Client, app: App, caplog: pytest.LogCaptureFixture, depth: int, where: str
) -> None:
    caplog.set_level(logging.DEBUG)
    if where == "message":  # not a Message: dropped
        body = b'{"update_id": 7, "message": ' + nested(depth) + b"}"
    elif where == "update":  # an unknown field beside no known event: dropped
        body = b'{"update_id": 7, "deep": ' + nested(depth) + b"}"
    else:  # an unknown field in a sound message: handled if it parses, else dropped
        sound = json.dumps(command_update(7, 2001, "/help")).encode()
        body = sound[:-2] + b', "deep": ' + nested(depth) + b"}}"
    response = await client.post(
        app.settings.webhook.path,
        data=io.BytesIO(body),
        headers={SECRET_HEADER: secret_of(app)},
    )
    assert response.status == 200
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert MARKER not in caplog.text


async def test_telegram_posting_to_another_path_is_said_in_the_log(
    client: Client, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    """FIELDBOT_WEBHOOK__PUBLIC_URL ending in /hook, FIELDBOT_WEBHOOK__PATH left at its default:
    every update got 404 and nothing in the bot's log said why."""
    body = json.dumps(command_update(1, 2001, "/help")).encode()
    headers = {SECRET_HEADER: secret_of(app), "Content-Type": "application/json"}
    with caplog.at_level(logging.WARNING):
        response = await client.post("/hook", data=body, headers=headers)
        assert response.status == 404
        stranger = await client.post("/wp-login.php", data=b"x", headers={SECRET_HEADER: "no"})
        assert stranger.status == 404
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1, lines
    assert "/hook" in lines[0]
    assert app.settings.webhook.path in lines[0]
    assert "FIELDBOT_WEBHOOK__PATH" in lines[0]
    assert secret_of(app) not in lines[0]
    healthy = await client.get("/healthz")
    assert healthy.status == 200
    assert (await client.get("/nowhere")).status == 404


async def test_another_method_at_a_known_path_is_still_not_allowed(
    client: Client, app: App
) -> None:
    """A GET of the webhook's address (an operator checking it) answered 405, the path right,
    until the route for other paths made it a 404, as if the path were wrong."""
    response = await client.get(app.settings.webhook.path)
    assert response.status == 405
    assert "POST" in response.headers["Allow"]
    assert (await client.post("/healthz")).status == 405
    assert (await client.get("/nowhere")).status == 404

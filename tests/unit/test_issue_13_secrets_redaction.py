"""Issue 13, observation 9: the one Redactor, its log filter and its handler for errors."""

from __future__ import annotations

import asyncio
import io
import logging
import sys
import threading

import pytest
from pydantic import SecretStr

from bot import redaction
from bot.redaction import RedactingFilter, Redactor
from bot.settings import BotSection, DatabaseSection, Settings, WebhookSection

TOKEN = "123456:CANARY-TOKEN-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
SECRET = "CANARY-WEBHOOK-SECRET-bbbbbbbbbb"
PASSWORD = "p@ss/CANARY:w0rd"  # needs URL encoding
DB_URL = "postgresql+asyncpg://fieldbot:p%40ss%2FCANARY%3Aw0rd@db.example:5432/fieldbot"
REDIS_URL = "redis://:CANARY-redis-pw@cache.example:6379/0"


def settings() -> Settings:
    return Settings(
        bot=BotSection(token=SecretStr(TOKEN)),
        db=DatabaseSection(url=DB_URL),
        webhook=WebhookSection(secret_token=SecretStr(SECRET)),
        redis_url=REDIS_URL,
        _env_file=None,
    )


@pytest.fixture
def redactor() -> Redactor:
    return Redactor.from_settings(settings())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"POST http://127.0.0.1:99999/bot{TOKEN}/getMe",
            "POST http://127.0.0.1:99999/bot<token>/getMe",
        ),
        (f"/bot{TOKEN.replace(':', '%3A')}/getMe", "/bot<token>/getMe"),
        (f"the secret half {TOKEN.split(':')[1]} alone", "the secret half <token> alone"),
        (
            f"X-Telegram-Bot-Api-Secret-Token: {SECRET}",
            "X-Telegram-Bot-Api-Secret-Token: <webhook-secret>",
        ),
        (DB_URL, "postgresql+asyncpg://fieldbot:***@db.example:5432/fieldbot"),
        (f"password={PASSWORD!r}", "password='***'"),
        (REDIS_URL, "redis://:***@cache.example:6379/0"),
        # Any URL's password, even one the settings do not know.
        ("amqp://guest:hunter2@mq:5672/", "amqp://guest:***@mq:5672/"),
        ("no secret here: 123456 and http://example.org:8080/x", None),
    ],
)
def test_every_form_of_every_secret_is_masked(
    redactor: Redactor, text: str, expected: str | None
) -> None:
    assert redactor.redact(text) == (text if expected is None else expected)
    assert "CANARY" not in redactor.redact(text)


def test_a_password_in_a_url_too_broken_to_parse_is_still_known() -> None:
    broken = Redactor.for_secrets(urls=["postgresql://u:CANARY-pw@host:notaport/db", None, "x"])
    assert broken.redact("it was CANARY-pw, really") == "it was ***, really"


def test_short_values_are_not_masked_everywhere_but_still_in_urls() -> None:
    weak = Redactor.for_secrets(webhook_secret="abc", urls=["postgresql://u:pw@h/db"])
    assert weak.redact("abc pw tabc") == "abc pw tabc"
    assert weak.redact("postgresql://u:pw@h/db") == "postgresql://u:***@h/db"


def test_the_log_filter_masks_the_message_its_arguments_and_the_traceback(
    redactor: Redactor,
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter(redactor))
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        try:
            raise RuntimeError(f"failed for {DB_URL}")
        except RuntimeError:
            logger.exception("calling %s with %s", f"/bot{TOKEN}/getMe", SECRET)
        logger.warning("stack", stack_info=True, extra={"x": 1})
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    text = stream.getvalue()
    assert "CANARY" not in text
    assert "calling /bot<token>/getMe with <webhook-secret>" in text
    assert "RuntimeError: failed for postgresql+asyncpg://fieldbot:***@db.example" in text


def test_report_uncaught_prints_the_whole_chain_redacted(redactor: Redactor) -> None:
    try:
        try:
            raise OSError(f"connect to /bot{TOKEN}/getMe")
        except OSError as cause:
            raise ValueError(SECRET) from cause
    except ValueError as error:
        caught = error
    out = io.StringIO()
    with redaction.installed(redactor):
        redaction.report_uncaught(caught, what="while testing", stream=out)
        assert redaction.summary(caught) == "ValueError: <webhook-secret>"
    text = out.getvalue()
    assert text.startswith("while testing\nTraceback (most recent call last):")
    assert "OSError: connect to /bot<token>/getMe" in text
    assert "direct cause" in text
    assert "CANARY" not in text


def test_the_hooks_redact_while_installed_and_are_given_back(
    redactor: Redactor, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = (sys.excepthook, threading.excepthook, sys.unraisablehook)
    with redaction.installed(redactor):
        assert redaction.current() is redactor
        try:
            raise KeyError(TOKEN)
        except KeyError as error:
            sys.excepthook(type(error), error, error.__traceback__)

        def fail() -> None:
            raise RuntimeError(SECRET)

        thread = threading.Thread(target=fail, name="canary-thread")
        thread.start()
        thread.join()
    assert (sys.excepthook, threading.excepthook, sys.unraisablehook) == saved
    assert redaction.current() == Redactor()
    err = capsys.readouterr().err
    assert "KeyError: '<token>'" in err
    assert "Uncaught error in canary-thread" in err
    assert "RuntimeError: <webhook-secret>" in err
    assert "CANARY" not in err


async def test_the_loop_handler_logs_a_callbacks_error_redacted(
    redactor: Redactor, caplog: pytest.LogCaptureFixture
) -> None:
    loop = asyncio.get_running_loop()

    def fail() -> None:
        raise RuntimeError(f"callback with {TOKEN}")

    with redaction.installed(redactor):
        loop.set_exception_handler(redaction.loop_exception_handler)
        try:
            loop.call_soon(fail)
            await asyncio.sleep(0.01)
        finally:
            loop.set_exception_handler(None)
    assert "RuntimeError: callback with <token>" in caplog.text
    assert "CANARY" not in caplog.text

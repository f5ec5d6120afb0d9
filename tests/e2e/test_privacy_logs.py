"""What the bot logs about a person: nothing that names them.

A log line carries the update id and a keyed hash of the user (bot.logs); the Telegram id
itself, the name and what they typed stay out. Before, a step that failed and whose apology
could not be sent either logged "Could not tell chat 5550123987 about the error", and a user
found blocked while a step failed "User 5550123987 blocked the bot": log collectors kept the
Telegram id of someone who may since have been erased.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendMessage

from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest

TELEGRAM_ID = 5_550_123_987
NAME = "Wideline"


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage() + (record.exc_text or "")
        for record in caplog.records
        if record.levelno >= logging.INFO
    ]


def _naming(lines: list[str]) -> list[str]:
    return [line for line in lines if str(TELEGRAM_ID) in line or NAME in line]


async def test_a_failed_step_whose_apology_is_refused_logs_no_telegram_id(
    fieldbot: BotUnderTest, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    wideline = await fieldbot.member(TELEGRAM_ID, NAME, Role.FIELD_STAFF, ["HT"])
    assert fieldbot.app is not None
    session_class: Any = fieldbot.app.session_factory.class_

    async def commit_fails(self: Any) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(session_class, "commit", commit_fails)
    await fieldbot.control.inject_fault("sendMessage", "400", description="Bad Request: test")
    await wideline.send("/help")
    monkeypatch.undo()

    lines = _lines(caplog)
    assert any("Could not tell" in line for line in lines)
    assert _naming(lines) == []


async def test_a_user_found_blocked_while_a_step_failed_is_logged_without_their_id(
    fieldbot: BotUnderTest, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    wideline = await fieldbot.member(TELEGRAM_ID, NAME, Role.FIELD_STAFF, ["HT"])
    assert fieldbot.app is not None
    session_class: Any = fieldbot.app.session_factory.class_
    real_commit = session_class.commit
    failures = {"left": 1}

    async def commit_blocked_once(self: Any) -> None:
        if failures["left"]:
            failures["left"] -= 1
            method = SendMessage(chat_id=TELEGRAM_ID, text="-")
            raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")
        await real_commit(self)

    monkeypatch.setattr(session_class, "commit", commit_blocked_once)
    await wideline.send("/help")
    monkeypatch.undo()

    lines = _lines(caplog)
    assert any("blocked the bot" in line for line in lines)
    assert _naming(lines) == []

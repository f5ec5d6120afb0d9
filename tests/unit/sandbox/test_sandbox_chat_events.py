"""A chat's events in the sandbox: read after a mark, and a wake-up for that chat only."""

from __future__ import annotations

import itertools

from bot.sandbox.state import BotState


def _bot() -> BotState:
    return BotState(1, itertools.count(1).__next__)


def test_events_after_a_mark_are_the_later_ones_in_order() -> None:
    bot = _bot()
    chat = bot.ensure_chat({"id": 7, "type": "private"})
    other = bot.ensure_chat({"id": 8, "type": "private"})
    for kind in ("message", "edit", "message"):
        bot.record_event(chat, kind)
        bot.record_event(other, kind)  # other chats take sequence numbers in between

    seqs = [event["seq"] for event in chat.events]
    assert seqs == [1, 3, 5]
    assert chat.events_after(0) == chat.events
    assert [e["seq"] for e in chat.events_after(1)] == [3, 5]
    assert [e["seq"] for e in chat.events_after(2)] == [3, 5]  # a mark between two events
    assert chat.events_after(5) == []
    assert chat.events_after(99) == []


def test_an_event_wakes_the_waiters_of_its_chat_not_those_of_every_chat() -> None:
    bot = _bot()
    chat = bot.ensure_chat({"id": 7, "type": "private"})
    other = bot.ensure_chat({"id": 8, "type": "private"})
    chat_waits, other_waits, bot_waits = chat.changed, other.changed, bot.changed

    bot.record_event(chat, "message")

    assert chat_waits.is_set()
    assert not other_waits.is_set()  # hundreds of waiting chats are not woken for one
    assert bot_waits.is_set()  # the bot's own waiters (long polls, webhook) still are
    assert not chat.changed.is_set()  # the next wait is for the next event

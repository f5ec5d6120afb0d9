"""A Telegram name as it is stored and greeted: nothing invisible, nothing that turns text."""

from __future__ import annotations

from bot.domain.people import greeting_name, stored_name


def test_a_name_no_one_can_see_is_stored_empty() -> None:
    for invisible in ("\u3164", "\u2800", "\u200b\u200b", " \u115f\u1160 ", "\u202e"):
        assert stored_name(invisible) == ""


def test_direction_controls_leave_a_name() -> None:
    assert stored_name("Jean\u202e Baptiste") == "Jean Baptiste"
    assert stored_name("\u2067سارة\u2069") == "سارة"


def test_the_first_name_greets_else_the_whole_name_else_nothing() -> None:
    assert greeting_name("Amina", "Amina Diallo") == "Amina"
    assert greeting_name("\u3164", "\u3164 Diallo") == "\u3164 Diallo"
    assert greeting_name("\u3164", "\u3164 \u200b") == ""

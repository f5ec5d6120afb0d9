"""A Telegram name as stored: empty only when nothing in it can be seen."""

from __future__ import annotations

import pytest

from bot.domain.people import NAME_LENGTH, stored_name


@pytest.mark.parametrize(
    "name",
    [
        "\U0001fa77",  # 🩷 pink heart (Unicode 15): newer than this Python's character tables
        "\U0001fae9 \U0001fae9",  # 🫩 (Unicode 16), the same
        "\uf8ff",  # the Apple logo, a private-use character many Apple users put in their name
        "🦁🌍",
        "👩\u200d👩\u200d👧",  # a family emoji: its joiners kept
        "Raghad",
    ],
)
def test_a_name_that_shows_something_is_kept(name: str) -> None:
    assert stored_name(name) == name


@pytest.mark.parametrize("name", ["\u3164", "\u2800\u2800", "\u200b\u200d", " \u115f\u1160 ", ""])
def test_a_name_that_shows_nothing_is_stored_empty(name: str) -> None:
    assert stored_name(name) == ""


def test_a_long_name_is_cut() -> None:
    assert stored_name("a" * (NAME_LENGTH + 5)) == "a" * NAME_LENGTH

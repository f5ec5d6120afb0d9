"""Turning the pages of /people while people join: nobody shown twice, nobody skipped."""

from __future__ import annotations

from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest


def _names(buttons: list[str]) -> list[str]:
    return [text.split(" · ")[0].strip("\u2068\u2069") for text in buttons if " · " in text]


async def test_someone_joining_between_two_taps_shifts_nothing(fieldbot: BotUnderTest) -> None:
    """Page one showed Person 01 to 08 of 10; Aaron joined (first by name); "Next ›" showed
    Person 08 again (page two was counted from the top)."""
    admin = await fieldbot.member(1001, "Zoe", Role.ADMIN)
    for number in range(1, 11):
        await fieldbot.member(2000 + number, f"Person {number:02}", Role.FIELD_STAFF, ["HT"])
    await admin.send("/people")
    first = _names((await admin.last()).button_texts())
    assert first == [f"Person {number:02}" for number in range(1, 9)]

    await fieldbot.member(3001, "Aaron", Role.FIELD_STAFF, ["HT"])
    await admin.tap("Next ›")
    page = await admin.last()
    assert _names(page.button_texts()) == ["Person 09", "Person 10"]
    assert "(10–11 / 11)" in page.text

    await fieldbot.member(3002, "Abel", Role.VOLUNTEER, ["HT"])
    await admin.tap("‹ Previous")
    page = await admin.last()
    assert _names(page.button_texts()) == first  # the page read before
    assert "(3–10 / 12)" in page.text

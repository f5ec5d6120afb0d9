"""Finding a mission among hundreds in /assign and /unassign: the words after the command, and
every page of what they find."""

from __future__ import annotations

from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_missions import mission


def _labels(buttons: list[str]) -> list[str]:
    return [text.strip("\u2068\u2069") for text in buttons if " · " in text]


async def _many_missions(fieldbot: BotUnderTest) -> None:
    for n in range(1, 24):
        await mission(fieldbot, f"MG-2026-{n:03}", f"Formation {n:02}", n)
    await mission(fieldbot, "MG-2026-099", "Sensibilisation à Toliara", 40)


async def test_a_search_pages_through_everything_it_found(fieldbot: BotUnderTest) -> None:
    """'/assign formation' found 23 missions and showed the first ten, with no way to the
    other thirteen but to type more of a title the admin did not know."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await _many_missions(fieldbot)
    await amina.send("/assign formation")
    first = await amina.last()
    assert first.text == "Which mission? (1–10 / 23)\nMissions matching “formation”"
    assert _labels(first.button_texts()) == [
        f"MG-2026-{n:03} · Formation {n:02}" for n in range(1, 11)
    ]
    await amina.tap("Next ›")
    second = await amina.last()
    assert "(11–20 / 23)" in second.text
    assert "“formation”" in second.text  # the same search, not every mission
    await mission(fieldbot, "MG-2026-000", "Formation urgente", 0)  # first in the list now
    await amina.tap("Next ›")
    third = await amina.last()
    assert _labels(third.button_texts()) == [
        f"MG-2026-{n:03} · Formation {n:02}" for n in range(21, 24)
    ]  # neither Formation 20 again nor Sensibilisation à Toliara
    await amina.tap("‹ Previous")
    assert "(12–21 / 24)" in (await amina.last()).text
    await amina.tap("MG-2026-015 · Formation 15")
    assert (await amina.last()).text.startswith("No volunteer to choose.")


async def test_old_and_forged_search_buttons(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await _many_missions(fieldbot)
    await amina.send("/assign")
    await amina.press("asf:mnext:2147483647:1:formation", forge=True)  # anchor gone: page 2
    page = await amina.last()
    assert "(11–20 / 23)" in page.text
    await amina.press("asf:mnext:2147483647:0:<b>x</b>", forge=True)
    escaped = await amina.last()
    assert "matches “<b>x</b>”" in escaped.text  # no match, and not bold: escaped
    assert escaped.entities == []
    await amina.press("asf:mission:1:0:formation", forge=True)  # not a page turn
    assert (await amina.callback_answers())[-1]["show_alert"]
    await amina.send("/assign")
    await amina.press("as:mnext:0:0:1", forge=True)  # a button from before searches had pages
    assert "(11–20 / 24)" in (await amina.last()).text

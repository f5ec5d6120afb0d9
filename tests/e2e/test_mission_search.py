"""Finding a mission among hundreds in /assign and /unassign: the words after the command, or
typed while the list is open, and every page of what they find."""

from __future__ import annotations

from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_missions import mission
from tests.e2e.test_side_flows import STILL_THERE, begin_training


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


async def test_words_typed_while_the_missions_are_open_search_them(
    fieldbot: BotUnderTest,
) -> None:
    """The admin opened /assign and typed 'toliara': it fell through to 'I did not understand
    that', as if no list were open."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    await _many_missions(fieldbot)
    await amina.send("/assign")
    assert "type part of its code or title" in (await amina.last()).text
    await amina.send("toliara")
    found = await amina.last()
    assert found.text == "Which mission?\nMissions matching “toliara”"
    assert _labels(found.button_texts()) == ["MG-2026-099 · Sensibilisation à Toliara"]
    await amina.send("mg-2026-٠١٧")  # lower case, the number on an Arabic keyboard
    assert _labels((await amina.last()).button_texts()) == ["MG-2026-017 · Formation 17"]
    await amina.send("kigali")  # nothing: the list stays open to other words
    assert "matches “kigali”" in (await amina.last()).text
    await amina.send("formation 17")
    await amina.tap("MG-2026-017 · Formation 17")
    await amina.tap("Lova")
    assert "Lova is assigned to MG-2026-017" in (await amina.last()).text
    await amina.send("toliara")  # a mission was picked: the list is closed
    assert "I did not understand that" in (await amina.last()).text

    await amina.send("/unassign")
    await amina.send("017")
    found = await amina.last()
    assert found.text.startswith("Remove a volunteer from which mission?")
    await amina.tap("MG-2026-017 · Formation 17")
    await amina.tap("Lova")
    assert "Lova is no longer assigned to MG-2026-017" in (await amina.last()).text


async def test_a_report_in_progress_waits_under_the_list(fieldbot: BotUnderTest) -> None:
    """Words typed while the list is open search it, even in the middle of a report; the report
    is still there once a mission is picked, and /cancel leaves it too."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, ["MG"])
    await mission(fieldbot, "MG-2026-099", "Sensibilisation à Toliara", 40)
    await mission(fieldbot, "MG-2026-100", "Formation à Toamasina", 41)
    await begin_training(amina)
    asked = (await amina.last()).text
    await amina.send("/assign")
    await amina.send("toliara")
    assert _labels((await amina.last()).button_texts()) == [
        "MG-2026-099 · Sensibilisation à Toliara"
    ]
    await amina.tap("MG-2026-099 · Sensibilisation à Toliara")
    assert STILL_THERE in (await amina.last()).text
    await amina.send("/report")
    await amina.tap("Continue")
    assert (await amina.last()).text == asked

    await amina.send("/unassign")
    await amina.send("/cancel")
    assert STILL_THERE in (await amina.last()).text


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
    await amina.press("asf:volunteer:1:0:formation", forge=True)  # a volunteer: no search
    assert (await amina.callback_answers())[-1]["show_alert"]
    await amina.send("/assign")
    await amina.press("as:mnext:0:0:1", forge=True)  # a button from before searches had pages
    assert "(11–20 / 24)" in (await amina.last()).text


async def test_a_code_typed_with_other_dashes_or_none_is_found(fieldbot: BotUnderTest) -> None:
    """'MG2026017', or 'mg–2026–017' with the dash a phone's keyboard makes of '-': 'No active
    mission in your countries matches', though MG-2026-017 was on the list."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await _many_missions(fieldbot)
    await amina.send("/assign")
    for typed in ["MG2026017", "mg–2026–017", "mg_2026_017", "2026/017"]:
        await amina.send(typed)
        found = await amina.last()
        assert _labels(found.button_texts()) == ["MG-2026-017 · Formation 17"], typed
    await amina.send("/unassign MG-2026-17")  # the zero left out
    assert _labels((await amina.last()).button_texts()) == ["MG-2026-017 · Formation 17"]


async def test_any_command_closes_the_missions_search(fieldbot: BotUnderTest) -> None:
    """Amina opened /assign, then /people (or /help...), and the name she typed next was
    searched among the missions: 'Which mission? Missions matching “toliara”'."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, ["MG"])
    await _many_missions(fieldbot)
    for other in ("/people", "/help", "/missions", "/language", "/indicators", "/reports"):
        await amina.send("/assign")
        await amina.send(other)
        await amina.send("toliara")
        answer = (await amina.last()).text
        assert "Which mission?" not in answer, other
        assert "I did not understand that" in answer, other


async def test_a_command_with_a_flow_of_its_own_or_a_search_anew(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, ["MG"])
    await _many_missions(fieldbot)
    await amina.send("/unassign")
    await amina.send("/settings")  # a flow of its own: what is typed now is a time zone
    await amina.send("toliara")
    assert "I don't know this time zone" in (await amina.last()).text
    await amina.send("/assign")
    await amina.send("/assign formation 17")  # a search anew: the list stays open
    await amina.send("toliara")
    assert (await amina.last()).text == "Which mission?\nMissions matching “toliara”"


async def test_a_command_leaves_a_report_under_the_list_waiting(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, ["MG"])
    await mission(fieldbot, "MG-2026-099", "Sensibilisation à Toliara", 40)
    await begin_training(amina)
    asked = (await amina.last()).text
    await amina.send("/assign")
    await amina.send("/people")
    await amina.send("/report")  # the report waits, not the list
    await amina.tap("Continue")
    assert (await amina.last()).text == asked


async def test_words_after_assign_open_nothing_when_there_is_no_mission(
    fieldbot: BotUnderTest,
) -> None:
    """'/assign toliara' with no active mission at all left the list open, and every word
    typed after it was answered 'There is no active mission'."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, ["MG"])
    await amina.send("/assign toliara")
    assert (await amina.last()).text.startswith("There is no active mission.")
    await amina.send("toliara")
    assert "I did not understand that" in (await amina.last()).text

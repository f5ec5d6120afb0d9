"""Turning the pages of /missions, /assign and /unassign while missions and volunteers come and
go: nothing shown twice, nothing skipped (pages start from the item the button was drawn
from, as in /people and /reports)."""

from __future__ import annotations

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from models import missions as store
from models import people
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_indicators import user_id
from tests.e2e.test_missions import assign, mission


def _labels(buttons: list[str]) -> list[str]:
    return [text.split(" · ")[-1].strip("\u2068\u2069") for text in buttons if " · " in text]


async def test_a_mission_assigned_between_two_taps_shifts_nothing_in_missions(
    fieldbot: BotUnderTest,
) -> None:
    """Page one showed missions 1 to 5 of 7; a sooner mission was assigned; "Next ›" showed
    Mission 5 again (page two was counted from the top)."""
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    for n in range(1, 8):
        await assign(fieldbot, await mission(fieldbot, f"MG-{n:02}", f"Mission {n}", 10 + n), 4001)
    await lova.send("/missions")
    first = _labels((await lova.last()).button_texts())
    assert first == [f"Mission {n}" for n in range(1, 6)]

    await assign(fieldbot, await mission(fieldbot, "MG-00", "Urgent mission", 2), 4001)
    await lova.tap("Next ›")
    assert _labels((await lova.last()).button_texts()) == ["Mission 6", "Mission 7"]

    await assign(fieldbot, await mission(fieldbot, "MG-99", "Another urgent", 1), 4001)
    await lova.tap("‹ Previous")
    assert _labels((await lova.last()).button_texts()) == first  # the page read before


async def test_a_mission_removed_between_two_taps_skips_nothing_in_past_missions(
    fieldbot: BotUnderTest,
) -> None:
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    volunteer = await user_id(fieldbot, 4001)
    ids = [await mission(fieldbot, f"MG-{n:02}", f"Past {n}", -30 - n) for n in range(1, 8)]
    for mission_id in ids:
        await assign(fieldbot, mission_id, 4001)
    await lova.send("/missions")
    await lova.tap("Past missions")
    assert _labels((await lova.last()).button_texts()) == [f"Past {n}" for n in range(1, 6)]

    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:  # Past 1 is taken off Lova
        await store.unassign(session, ids[0], volunteer, actor_user_id=None, now=utcnow())
        await session.commit()
    await lova.tap("Older ›")
    assert _labels((await lova.last()).button_texts()) == ["Past 6", "Past 7"]
    # A button whose mission is no longer hers turns to the page it meant.
    await lova.press(f"ms:older:{ids[0]}:1", forge=True)
    assert _labels((await lova.last()).button_texts()) == ["Past 7"]
    await lova.press("ms:next:2147483647:9999", forge=True)  # forged: the last page
    assert "no current or upcoming" in (await lova.last()).text


async def test_a_mission_added_between_two_taps_shifts_nothing_in_assign(
    fieldbot: BotUnderTest,
) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    for n in range(1, 13):
        await fieldbot.member(4000 + n, f"Volunteer {n:02}", Role.VOLUNTEER, ["MG"])
    for n in range(1, 24):
        await mission(fieldbot, f"MG-{n:02}", f"Mission {n:02}", 10 + n)
    await amina.send("/assign")
    assert "(1–10 / 23)" in (await amina.last()).text

    await mission(fieldbot, "MG-00", "Urgent", 1)  # sooner: first in the list
    await amina.tap("Next ›")
    page = await amina.last()
    assert _labels(page.button_texts())[0] == "Mission 11"
    assert "(12–21 / 24)" in page.text
    await amina.tap("‹ Previous")
    assert _labels((await amina.last()).button_texts())[-1] == "Mission 10"

    await amina.tap("MG-10 · Mission 10")
    assert "(1–10 / 12)" in (await amina.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:  # two leave between two taps
        for telegram_id in (4001, 4002):
            await people.revoke(session, telegram_id, [Role.VOLUNTEER], actor_user_id=None)
        await session.commit()
    await amina.tap("Next ›")
    names = [text.strip("\u2068\u2069") for text in (await amina.last()).button_texts()]
    assert names[:2] == ["Volunteer 11", "Volunteer 12"]


async def test_forged_or_stale_page_turns_of_the_pickers_fall_back_to_a_page(
    fieldbot: BotUnderTest,
) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    for n in range(1, 24):
        await mission(fieldbot, f"MG-{n:02}", f"Mission {n:02}", 10 + n)
    await amina.send("/unassign")
    await amina.press("as:umnext:2147483647:0:1", forge=True)  # no such mission: page two
    assert "(11–20 / 23)" in (await amina.last()).text
    await amina.press("as:umprev:2147483647:0:9999", forge=True)  # and past the end: the last
    assert "(21–23 / 23)" in (await amina.last()).text
    await amina.press("as:mnext:1:0:99999", forge=True)  # beyond any page: refused
    assert (await amina.callback_answers())[-1]["show_alert"]

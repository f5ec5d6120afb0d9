"""/assign lists what an admin looks for first: missions not over yet, soonest first, before
those over (still planned, never closed); volunteers by name, accents set aside."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from bot.domain.enums import Role
from models.tables import User
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_missions import mission


def _labels(buttons: list[str]) -> list[str]:
    return [text.strip("\u2068\u2069") for text in buttons]


async def test_missions_not_over_come_first_soonest_first(fieldbot: BotUnderTest) -> None:
    """The missions ran by start date: last month's, never closed, came first and the week's
    mission, starting in three days, after it."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    await mission(fieldbot, "MG-OLD", "Last year", -400)  # ten days, a year ago
    await mission(fieldbot, "MG-PAST", "Last month", -40)
    await mission(fieldbot, "MG-LATER", "Next month", 30)
    await mission(fieldbot, "MG-NOW", "Under way", -3)  # ends in a week
    await mission(fieldbot, "MG-SOON", "This week", 3)
    await amina.send("/assign")
    assert _labels((await amina.last()).button_texts()) == [
        "MG-NOW · Under way",
        "MG-SOON · This week",
        "MG-LATER · Next month",
        "MG-PAST · Last month",
        "MG-OLD · Last year",
    ]


async def test_volunteers_are_listed_by_name(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    for telegram_id, name in [(4001, "Zo"), (4002, "émile"), (4003, "Eva"), (4004, "Fara")]:
        await fieldbot.member(telegram_id, name, Role.VOLUNTEER, ["MG"])
    await mission(fieldbot, "MG-01", "Training", 3)
    await amina.send("/assign")
    await amina.tap("MG-01 · Training")
    assert _labels((await amina.last()).button_texts()) == ["émile", "Eva", "Fara", "Zo"]


async def test_an_admin_finds_a_mission_by_its_code_or_title(fieldbot: BotUnderTest) -> None:
    """400 missions in 40 pages: the admin had no way to find MG-2026-217 but to page."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, language_code="fr")
    await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    for n in range(1, 24):
        await mission(fieldbot, f"MG-2026-{n:03}", f"Formation {n:02}", n)
    await mission(fieldbot, "MG-2026-099", "Sensibilisation à Toliara", 40)
    await amina.send("/assign")
    assert "(1–10 / 24)" in (await amina.last()).text  # and how to find one among so many

    await amina.send("/assign mg-2026-017")
    assert _labels((await amina.last()).button_texts()) == ["MG-2026-017 · Formation 17"]
    await amina.send("/assign TOLIARA sensibilisation")  # accents, capitals, any order
    found = await amina.last()
    assert _labels(found.button_texts()) == ["MG-2026-099 · Sensibilisation à Toliara"]
    await amina.tap("MG-2026-099 · Sensibilisation à Toliara")
    await amina.tap("Lova")
    assert "MG-2026-099" in (await amina.last()).text

    await amina.send("/assign formation")  # 23 match: the first ten of them
    many = await amina.last()
    assert len(_labels(many.button_texts())) == 11  # and Next › to the others
    assert "23" in many.text
    await amina.send("/unassign HT-2026")
    nothing = await amina.last()
    assert "HT-2026" in nothing.text  # as typed
    assert "/unassign" in nothing.text
    assert nothing.button_texts() == []


async def test_a_long_search_that_finds_nothing_still_gets_an_answer(
    fieldbot: BotUnderTest,
) -> None:
    """A pasted paragraph after /assign: the answer quoted all of it and, past Telegram's
    4096 characters, was refused, and the admin saw nothing."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await mission(fieldbot, "MG-SOON", "This week", 3)
    await amina.send("/assign " + "toliara " * 510)
    answer = await amina.last()
    assert "No active mission in your countries matches" in answer.text
    assert len(answer.text) < 300


async def _joined(fieldbot: BotUnderTest, telegram_id: int, day: dt.date) -> None:
    assert fieldbot.app is not None
    at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    async with fieldbot.app.session_factory() as session:
        await session.execute(
            update(User).where(User.telegram_id == telegram_id).values(created_at=at)
        )
        await session.commit()


async def test_two_volunteers_of_one_name_are_told_apart_by_the_day_they_joined(
    fieldbot: BotUnderTest,
) -> None:
    """Two volunteers named Rose Rakoto in Madagascar: /assign showed two buttons "Rose
    Rakoto", and the admin assigned one of them at random; each button now tells, as the
    person's card does, the day they joined."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, language_code="fr")
    await fieldbot.member(4001, "Rose Rakoto", Role.VOLUNTEER, ["MG"])
    await fieldbot.member(4002, "rose rakoto", Role.VOLUNTEER, ["MG"])
    await fieldbot.member(4003, "Lova", Role.VOLUNTEER, ["MG"])
    await _joined(fieldbot, 4001, dt.date(2025, 3, 4))
    await _joined(fieldbot, 4002, dt.date(2026, 1, 15))
    await mission(fieldbot, "MG-01", "Training", 3)
    await amina.send("/assign")
    await amina.tap("MG-01 · Training")
    labels = [
        label.replace("\u2068", "").replace("\u2069", "")
        for label in (await amina.last()).button_texts()
    ]
    assert labels == ["Lova", "Rose Rakoto · 04/03/2025", "rose rakoto · 15/01/2026"]
    await amina.tap("15/01/2026")
    assert "rose rakoto" in (await amina.last()).text
    await amina.send("/unassign")
    await amina.tap("MG-01 · Training")
    assert _labels((await amina.last()).button_texts()) == ["rose rakoto"]  # alone: no date
    await amina.send("/assign")
    await amina.tap("MG-01 · Training")
    await amina.tap("04/03/2025")
    await amina.send("/unassign")
    await amina.tap("MG-01 · Training")
    unassign = [
        label.replace("\u2068", "").replace("\u2069", "")
        for label in (await amina.last()).button_texts()
    ]
    assert unassign == ["Rose Rakoto · 04/03/2025", "rose rakoto · 15/01/2026"]

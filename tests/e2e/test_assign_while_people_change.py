"""/assign and /unassign while the list on screen goes out of date: a volunteer removed, or a
second coordinator doing the same thing at the same time."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import update

from bot.domain.clock import utcnow
from bot.domain.enums import AuditAction, MissionStatus, Role
from bot.ui.missions import CHOICES_PAGE
from models import missions as store
from models import people
from models.tables import Mission
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_indicators import user_id
from tests.e2e.test_issue_13_throttling import audit
from tests.e2e.test_missions import assign, mission


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """SQLite and PostgreSQL: two coordinators at once meet differently on each (SQLite has
    one writer at a time; PostgreSQL's second writer waits on the first's row)."""
    return any_db_url


GONE = "This volunteer is no longer on the list. Here it is as it is now."


def _names(buttons: list[str]) -> list[str]:
    return [text.strip("\u2068\u2069") for text in buttons]


async def test_a_volunteer_removed_while_the_list_is_open_leaves_it(
    fieldbot: BotUnderTest,
) -> None:
    """Lova's volunteer role was revoked while Amina had her on screen: the tap answered 'This
    button is no longer active' and left Lova there to be tapped again."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    await fieldbot.member(4002, "Zo", Role.VOLUNTEER, ["MG"])
    await mission(fieldbot, "MG-01", "Training", 5)
    await amina.send("/assign")
    await amina.tap("MG-01 · Training")
    assert _names((await amina.last()).button_texts()) == ["Lova", "Zo"]
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.revoke(session, 4001, [Role.VOLUNTEER], actor_user_id=None)
        await session.commit()
    await amina.tap("Lova")
    answer = (await amina.callback_answers())[-1]
    assert (answer["text"], answer["show_alert"]) == (GONE, True)
    redrawn = await amina.last()
    assert redrawn.text == "Which volunteer?"
    assert _names(redrawn.button_texts()) == ["Zo"]
    await amina.tap("Zo")
    assert "Zo is assigned to MG-01" in (await amina.last()).text


async def test_a_volunteer_another_coordinator_removed_meanwhile(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    training = await mission(fieldbot, "MG-01", "Training", 5)
    await assign(fieldbot, training, 4001)
    await amina.send("/unassign")
    await amina.tap("MG-01 · Training")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:  # Hery took Lova off in the meantime
        lova = await user_id(fieldbot, 4001)
        await store.unassign(session, training, lova, actor_user_id=None, now=utcnow())
        await session.commit()
    await amina.tap("Lova")
    assert (await amina.callback_answers())[-1]["text"] == GONE
    assert (await amina.last()).text == "No volunteer to choose."


async def test_two_coordinators_assigning_the_same_volunteer_at_once(
    fieldbot: BotUnderTest,
) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    hery = await fieldbot.member(1002, "Hery", Role.ADMIN)
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    await lova.send("/help")  # the chat exists
    await mission(fieldbot, "MG-01", "Training", 5)
    for coordinator in (amina, hery):
        await coordinator.send("/assign")
        await coordinator.tap("MG-01 · Training")
    await asyncio.gather(amina.tap("Lova"), hery.tap("Lova"))
    told = sorted([(await amina.last()).text, (await hery.last()).text])
    assert told == [
        "Lova is assigned to MG-01. They will be told.",
        "Lova was already assigned to MG-01.",
    ]
    await fieldbot.drain_outbox()
    notices = [m for m in await lova.messages() if "assigned to a mission" in m.text]
    assert len(notices) == 1


async def test_two_coordinators_removing_the_same_volunteer_at_once(
    fieldbot: BotUnderTest,
) -> None:
    """On PostgreSQL, neither saw the other's removal before it committed: both read 'Lova is
    no longer assigned' (and the second assignment at once above was a unique violation)."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    hery = await fieldbot.member(1002, "Hery", Role.ADMIN)
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    await lova.send("/help")  # the chat exists
    training = await mission(fieldbot, "MG-01", "Training", 5)
    await assign(fieldbot, training, 4001)
    for coordinator in (amina, hery):
        await coordinator.send("/unassign")
        await coordinator.tap("MG-01 · Training")
    await asyncio.gather(amina.tap("Lova"), hery.tap("Lova"))
    told = [(await amina.last()).text, (await hery.last()).text]
    # The other reads that she was not on it, or (she left it first) the list without her.
    assert told.count("Lova is no longer assigned to MG-01.") == 1
    await fieldbot.drain_outbox()
    notices = [m for m in await lova.messages() if "no longer assigned" in m.text]
    assert len(notices) == 1
    assert len(await audit(fieldbot, AuditAction.MISSION_UNASSIGNED)) == 1


MISSION_GONE = "This mission is no longer on the list. Here it is as it is now."


async def _cancel(fieldbot: BotUnderTest, mission_id: int) -> None:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        cancelled = MissionStatus.CANCELLED.value
        await session.execute(
            update(Mission).where(Mission.id == mission_id).values(status=cancelled)
        )
        await session.commit()


async def test_a_mission_cancelled_while_the_list_is_open_leaves_it(
    fieldbot: BotUnderTest,
) -> None:
    """MG-01 was cancelled while Amina had it on screen: the tap answered 'This button is no
    longer active' and left MG-01 there to be tapped again."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    training = await mission(fieldbot, "MG-01", "Training", 5)
    workshop = await mission(fieldbot, "MG-02", "Workshop", 6)
    await amina.send("/assign")
    await _cancel(fieldbot, training)
    await amina.tap("MG-01 · Training")
    answer = (await amina.callback_answers())[-1]
    assert (answer["text"], answer["show_alert"]) == (MISSION_GONE, True)
    redrawn = await amina.last()
    assert redrawn.text == "Which mission?"
    assert _names(redrawn.button_texts()) == ["MG-02 · Workshop"]
    await amina.send("workshop")  # the list is still open to typed words
    assert (await amina.last()).text == "Which mission?\nMissions matching “workshop”"
    await _cancel(fieldbot, workshop)
    await amina.tap("MG-02 · Workshop")
    assert (await amina.callback_answers())[-1]["text"] == MISSION_GONE
    assert (await amina.last()).text.startswith("There is no active mission.")
    await amina.send("workshop")  # nothing left to search: the list is closed
    assert "I did not understand that" in (await amina.last()).text


async def test_a_mission_cancelled_on_a_search_leaves_the_search_open(
    fieldbot: BotUnderTest,
) -> None:
    """'/unassign training' found MG-01 and MG-03; MG-01 was cancelled before Amina tapped it:
    the list came back whole (MG-02 · Workshop among them), not as the search she made."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    training = await mission(fieldbot, "MG-01", "Training", 5)
    for n, (code, title) in enumerate((("MG-02", "Workshop"), ("MG-03", "Training again"))):
        await assign(fieldbot, await mission(fieldbot, code, title, 6 + n), 4001)
    await assign(fieldbot, training, 4001)
    await amina.send("/unassign training")
    await _cancel(fieldbot, training)
    await amina.tap("MG-01 · Training")
    assert (await amina.callback_answers())[-1]["text"] == MISSION_GONE
    redrawn = await amina.last()
    assert redrawn.text == "Remove a volunteer from which mission?\nMissions matching “training”"
    assert _names(redrawn.button_texts()) == ["MG-03 · Training again"]
    await amina.tap("MG-03 · Training again")  # a pick of the search, as any pick
    assert _names((await amina.last()).button_texts()) == ["Lova"]


async def test_a_cancelled_mission_tapped_on_an_old_list_leaves_the_open_flow_alone(
    fieldbot: BotUnderTest,
) -> None:
    """Amina left /assign open, went on to /invite and was asked for the countries; a tap on
    MG-01 (cancelled meanwhile) in the old list ended the invitation and reopened the missions'
    search: the 'HT' she typed next was looked for among the missions."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    training = await mission(fieldbot, "MG-01", "Training", 5)
    await mission(fieldbot, "MG-02", "Workshop", 6)
    await amina.send("/assign")
    await amina.send("/invite")
    await amina.tap("Field staff")
    await _cancel(fieldbot, training)
    await amina.tap("MG-01 · Training")
    assert (await amina.callback_answers())[-1]["text"] == MISSION_GONE
    await amina.send("HT")  # the invitation's countries, as it asked
    assert "How long" in (await amina.last()).text


async def test_a_mission_cancelled_while_its_volunteers_are_listed_shows_the_missions(
    fieldbot: BotUnderTest,
) -> None:
    """MG-01 was cancelled while Amina had its volunteers on screen: Next ›, or a volunteer,
    answered 'This button is no longer active' and left the volunteers of a mission gone."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    for number in range(1, CHOICES_PAGE + 2):  # two pages
        await fieldbot.member(4000 + number, f"Volunteer {number:02}", Role.VOLUNTEER, ["MG"])
    training = await mission(fieldbot, "MG-01", "Training", 5)
    workshop = await mission(fieldbot, "MG-02", "Workshop", 6)
    await amina.send("/assign")
    await amina.tap("MG-01 · Training")
    assert "Next ›" in (await amina.last()).button_texts()
    await _cancel(fieldbot, training)
    await amina.tap("Next ›")
    answer = (await amina.callback_answers())[-1]
    assert (answer["text"], answer["show_alert"]) == (MISSION_GONE, True)
    redrawn = await amina.last()
    assert redrawn.text == "Which mission?"
    assert _names(redrawn.button_texts()) == ["MG-02 · Workshop"]
    await amina.send("workshop")  # the missions are open to typed words again
    assert (await amina.last()).text == "Which mission?\nMissions matching “workshop”"
    await amina.tap("MG-02 · Workshop")
    await _cancel(fieldbot, workshop)
    await amina.tap("Volunteer 01")
    assert (await amina.callback_answers())[-1]["text"] == MISSION_GONE
    assert (await amina.last()).text.startswith("There is no active mission.")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert await store.volunteers_of(session, workshop) == []


async def test_a_mission_cancelled_while_its_volunteers_are_listed_to_unassign(
    fieldbot: BotUnderTest,
) -> None:
    """The same under /unassign: back to the missions to unassign from."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    training = await mission(fieldbot, "MG-01", "Training", 5)
    await mission(fieldbot, "MG-02", "Workshop", 6)
    await assign(fieldbot, training, 4001)
    await amina.send("/unassign")
    await amina.tap("MG-01 · Training")
    await _cancel(fieldbot, training)
    await amina.tap("Lova")
    assert (await amina.callback_answers())[-1]["text"] == MISSION_GONE
    redrawn = await amina.last()
    assert redrawn.text == "Remove a volunteer from which mission?"
    assert _names(redrawn.button_texts()) == ["MG-02 · Workshop"]
    await amina.tap("MG-02 · Workshop")  # the list to unassign from: its volunteers (none)
    assert (await amina.last()).text == "No volunteer to choose."

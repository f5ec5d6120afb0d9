"""Missions follow the roles' countries: an admin assigns within their own, volunteers where
their volunteer role covers the mission's country."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.enums import Role
from models.queries import get_user
from models.tables import MissionAssignment
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_missions import mission


async def test_an_admin_of_one_country_assigns_only_there_and_only_volunteers_for_it(
    fieldbot: BotUnderTest,
) -> None:
    haiti_admin = await fieldbot.member(1001, "Awa", Role.ADMIN, ["HT"])
    madagascar_admin = await fieldbot.member(1002, "Hery", Role.ADMIN, ["MG"])
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    await fieldbot.member(4002, "Jean", Role.VOLUNTEER, ["HT"])  # volunteers in Haiti only
    await lova.send("/help")
    mission_id = await mission(fieldbot, "MG-2026-09", "Justice mission", 30)  # in Madagascar

    # Haiti's admin does not see Madagascar's mission, and a forged button is refused.
    await haiti_admin.send("/assign")
    assert "MG-2026-09" not in str((await haiti_admin.last()).buttons)
    await haiti_admin.press(f"as:mission:{mission_id}:0", forge=True)
    assert "no longer active" in (await haiti_admin.callback_answers())[-1]["text"]

    # Madagascar's admin sees it, and is offered Lova (Madagascar), not Jean (Haiti).
    await madagascar_admin.send("/assign")
    await madagascar_admin.tap("MG-2026-09")
    offered = str((await madagascar_admin.last()).buttons)
    assert "Lova" in offered
    assert "Jean" not in offered

    # Jean forged into the list anyway: refused, nothing assigned.
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        jean = await get_user(session, 4002)
    assert jean is not None
    await madagascar_admin.press(f"as:volunteer:{mission_id}:{jean.id}", forge=True)
    assert "no longer active" in (await madagascar_admin.callback_answers())[-1]["text"]
    async with fieldbot.app.session_factory() as session:
        assert (await session.scalars(select(MissionAssignment))).all() == []

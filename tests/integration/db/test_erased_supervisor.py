"""A person erased (GDPR) who supervises missions: the missions imported with their name as
supervisor (free text) no longer name them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from models import people
from models.tables import Mission
from tests.factories import member, stored_mission


async def test_an_erased_supervisor_is_no_longer_named_on_their_missions(
    session: AsyncSession,
) -> None:
    """Marie Joseph was erased; 'marie  JOSEPH' (as the sheet typed her) stayed on HT-1 with
    her @handle. It is cleared; 'Marie' alone (someone else, perhaps) stays on HT-2."""
    await member(session, 4001, Role.ADMIN, ["HT"], name="Marie Joseph")
    now = utcnow()
    await stored_mission(
        session, "HT-1", now=now, supervisor_name="marie  JOSÉPH", supervisor_handle="@mjoseph"
    )
    await stored_mission(
        session, "HT-2", now=now, supervisor_name="Marie", supervisor_handle="@marie_ht"
    )
    await people.erase(session, 4001, actor_user_id=None)
    rows = await session.execute(
        select(Mission.code, Mission.supervisor_name, Mission.supervisor_handle).order_by(
            Mission.code
        )
    )
    assert [tuple(row) for row in rows] == [
        ("HT-1", None, None),
        ("HT-2", "Marie", "@marie_ht"),
    ]

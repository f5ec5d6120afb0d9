"""A mission cancelled after the volunteer was told of it: an old Acknowledge button records
nothing, and no card counts down to its departure."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.domain.clock import utcnow
from bot.domain.enums import MissionStatus, Role
from bot.i18n import create_i18n
from bot.usecases.missions import assign_volunteer, notify_changed
from models import missions as store
from models.queries import get_user
from models.tables import MissionAssignment, OutboxMessage
from tests.e2e.harness import BotUnderTest, members_today
from tests.e2e.test_missions import assign
from tests.factories import mission_fields


async def upsert(
    fieldbot: BotUnderTest, status: MissionStatus = MissionStatus.CONFIRMED
) -> tuple[int, list[str]]:
    """MG-1 starts in 12 days; its volunteers are told of a change, as an import does."""
    assert fieldbot.app is not None
    start = members_today() + dt.timedelta(days=12)
    fields = mission_fields(
        "MG-1", start, 5, title="Formation", country="MG", place="Toamasina", status=status
    )
    async with fieldbot.app.session_factory() as session:
        view, _outcome, changed = await store.upsert_mission(session, fields, now=utcnow())
        if changed:
            await notify_changed(session, view, changed, i18n=create_i18n(), now=utcnow())
        await session.commit()
    return view.id, changed


async def test_an_old_acknowledge_button_of_a_cancelled_mission_records_nothing(
    fieldbot: BotUnderTest,
) -> None:
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    mission_id, _ = await upsert(fieldbot)
    await assign(fieldbot, mission_id, 4001)
    await lova.send("/missions")
    await lova.tap("Formation")
    card = await lova.last()
    await upsert(fieldbot, MissionStatus.CANCELLED)
    await lova.tap("✅ Acknowledge", message_id=card.message_id)
    assert "no longer planned" in (await lova.callback_answers())[-1]["text"]
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        acknowledged = await session.scalar(
            select(MissionAssignment.acknowledged_at).where(
                MissionAssignment.mission_id == mission_id
            )
        )
    assert acknowledged is None


async def test_a_cancelled_mission_does_not_count_down_to_a_departure(
    fieldbot: BotUnderTest,
) -> None:
    lova = await fieldbot.member(4002, "Lova", Role.VOLUNTEER, ["MG"])
    mission_id, _ = await upsert(fieldbot)
    await assign(fieldbot, mission_id, 4002)
    await lova.send("/missions")
    await lova.tap("Formation")
    assert "Departure in 12 days." in (await lova.last()).text  # while it is on
    await upsert(fieldbot, MissionStatus.CANCELLED)
    await lova.send("/missions")
    await lova.tap("Formation")
    card = (await lova.last()).text
    assert "Status: cancelled" in card
    assert "Departure" not in card
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        notice = await session.scalar(
            select(OutboxMessage.payload).where(OutboxMessage.kind == "mission_cancelled")
        )
    assert notice is not None
    assert "Departure" not in notice["text"]


def test_the_fields_a_change_notice_lists_use_the_arabic_comma() -> None:
    from aiogram.utils.i18n import gettext as _

    from bot.domain.enums import OutboxKind
    from bot.usecases.missions import HEADLINES, _field_names

    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("ar"):
        text = _(HEADLINES[OutboxKind.MISSION_CHANGED]).format(
            fields=_field_names(["start_date", "place"], "ar")
        )
    assert "، " in text
    assert "," not in text


async def pending(fieldbot: BotUnderTest) -> list[tuple[str, str]]:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        rows = await session.execute(
            select(OutboxMessage.kind, OutboxMessage.period)
            .where(OutboxMessage.status == "pending")
            .order_by(OutboxMessage.id)
        )
        return [(kind, period) for kind, period in rows]


async def test_news_still_waiting_when_a_mission_changes_is_replaced_not_sent_stale(
    fieldbot: BotUnderTest,
) -> None:
    """Lova's "you are assigned" still waits in the outbox (Telegram was down, say)
    when the mission is postponed, then cancelled: she is not told of dates that no longer
    hold, nor of the start of a cancelled mission; never told she was on it, she is not told
    it is off either."""
    await fieldbot.member(4003, "Lova", Role.VOLUNTEER, ["MG"])
    mission_id, _ = await upsert(fieldbot)
    assert fieldbot.app is not None
    i18n = create_i18n()
    async with fieldbot.app.session_factory() as session:
        mission = await store.get_mission(session, mission_id)
        lova = await get_user(session, 4003)
        assert mission is not None
        assert lova is not None
        await assign_volunteer(
            session, mission, lova, actor_user_id=lova.id, i18n=i18n, now=utcnow()
        )
        await session.commit()
    assert [kind for kind, _ in await pending(fieldbot)] == ["mission_assigned"]
    # Postponed by two days: the waiting notice now shows the new dates.
    start = members_today() + dt.timedelta(days=14)
    fields = mission_fields("MG-1", start, 5, title="Formation", country="MG", place="Toamasina")
    async with fieldbot.app.session_factory() as session:
        view, _outcome, changed = await store.upsert_mission(session, fields, now=utcnow())
        await notify_changed(session, view, changed, i18n=i18n, now=utcnow())
        await session.commit()
        payload = await session.scalar(select(OutboxMessage.payload))
    assert [kind for kind, _ in await pending(fieldbot)] == ["mission_assigned"]
    assert payload is not None
    assert "Departure in 14 days." in payload["text"]
    fields = mission_fields(
        "MG-1",
        start,
        5,
        title="Formation",
        country="MG",
        place="Toamasina",
        status=MissionStatus.CANCELLED,
    )
    async with fieldbot.app.session_factory() as session:
        view, _outcome, changed = await store.upsert_mission(session, fields, now=utcnow())
        await notify_changed(session, view, changed, i18n=i18n, now=utcnow())
        await session.commit()
    assert await pending(fieldbot) == []

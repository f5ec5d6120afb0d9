"""Volunteers and their missions, admins assigning them, notifications through the outbox."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from models import missions as store
from models.tables import MissionAssignment
from tests.e2e.harness import BotUnderTest, members_today
from tests.e2e.test_indicators import user_id
from tests.factories import stored_mission


async def mission(fieldbot: BotUnderTest, code: str, title: str, days_ahead: int) -> int:
    assert fieldbot.app is not None
    start = members_today() + dt.timedelta(days=days_ahead)
    async with fieldbot.app.session_factory() as session:
        view = await stored_mission(
            session,
            code,
            start,
            10,
            now=utcnow(),
            title=title,
            country="MG",
            place="Toamasina",
            project="Child-friendly justice",
            role="Trainer assistant",
            supervisor_name="Hery",
            supervisor_handle="hery_ibcr",
        )
        await session.commit()
    return view.id


async def assign(fieldbot: BotUnderTest, mission_id: int, telegram_id: int) -> None:
    assert fieldbot.app is not None
    volunteer = await user_id(fieldbot, telegram_id)
    async with fieldbot.app.session_factory() as session:
        await store.assign(session, mission_id, volunteer, actor_user_id=None, now=utcnow())
        await session.commit()


async def test_a_volunteer_sees_only_their_missions_and_acknowledges_one(
    fieldbot: BotUnderTest,
) -> None:
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"], language_code="fr")
    await fieldbot.member(4002, "Eve", Role.VOLUNTEER, ["MG"])
    mine = await mission(fieldbot, "MG-2026-07", "Formation des policiers", 12)
    theirs = await mission(fieldbot, "MG-2026-08", "Autre mission", 20)
    await assign(fieldbot, mine, 4001)
    await assign(fieldbot, theirs, 4002)
    await lova.send("/missions")
    listing = await lova.last()
    # The title keeps its own direction (isolated), whatever the language around it.
    assert listing.button_texts()[0].endswith("\u2068Formation des policiers\u2069")
    assert not any("Autre mission" in text for text in listing.button_texts())
    await lova.tap("Formation des policiers")
    card = (await lova.last()).text
    assert "Madagascar" in card
    assert "12 jours" in card
    assert "@hery_ibcr" in card
    await lova.tap("✅")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        acknowledged = await session.scalar(
            select(MissionAssignment.acknowledged_at).where(MissionAssignment.mission_id == mine)
        )
    assert acknowledged is not None
    await lova.press(f"ms:open:{theirs}:0", forge=True)  # someone else's mission
    assert (await lova.callback_answers())[-1]["show_alert"]


async def test_someone_who_is_not_a_volunteer_is_told_what_missions_is(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/missions")
    assert "for volunteers" in (await jean.last()).text


async def test_an_admin_assigns_by_chat_and_the_volunteer_is_told(fieldbot: BotUnderTest) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    await lova.send("/help")  # the chat exists
    await mission(fieldbot, "MG-2026-09", "Justice mission", 30)
    await amina.send("/assign")
    await amina.tap("MG-2026-09")
    await amina.tap("Lova")
    assert "is assigned" in (await amina.last()).text
    assert fieldbot.app is not None
    await fieldbot.drain_outbox()
    notice = await lova.last()
    assert "assigned to a mission" in notice.text
    assert "Justice mission" in notice.text
    await amina.send("/assign")
    await amina.tap("MG-2026-09")
    await amina.tap("Lova")
    assert "already assigned" in (await amina.last()).text
    await amina.send("/unassign")
    await amina.tap("MG-2026-09")
    await amina.tap("Lova")
    assert "no longer assigned" in (await amina.last()).text
    await fieldbot.drain_outbox()
    notice = await lova.last()
    assert "You are no longer assigned to this mission." in notice.text
    assert "Justice mission" in notice.text
    assert notice.button_texts() == []  # not hers to open any more


async def test_a_volunteer_role_revoked_or_narrowed_ends_the_missions_it_no_longer_covers(
    fieldbot: BotUnderTest,
) -> None:
    """Lova volunteers in Madagascar and Niger; Ali in Madagascar. The admin narrows Lova to
    Niger and revokes Ali's volunteer role: neither is reminded of the Madagascar mission."""
    from bot.i18n import create_i18n
    from bot.usecases.missions import remind_upcoming
    from models.queries import grant_role
    from models.tables import OutboxMessage

    admin = await fieldbot.member(1001, "Awa", Role.ADMIN)
    await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG", "NE"])
    await fieldbot.member(4002, "Ali", Role.FIELD_STAFF, ["MG"])
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await grant_role(session, 4002, Role.VOLUNTEER, ["MG"], False, actor_user_id=None)
        await session.commit()
    madagascar = await mission(fieldbot, "MG-2026-07", "Formation", 7)
    await assign(fieldbot, madagascar, 4001)
    await assign(fieldbot, madagascar, 4002)

    await admin.send("/people")
    await admin.tap("Lova · volunteer")
    await admin.tap("Countries: volunteer")
    await admin.send("NE")
    await admin.send("/people")
    await admin.tap("Ali · field staff and volunteer")
    await admin.tap("Revoke: volunteer")

    lova = fieldbot.user(4001, "Lova")
    await lova.send("/missions")
    assert "Formation" not in (await lova.last()).text
    today = dt.datetime.now(dt.UTC).date()
    at_ten = dt.datetime.combine(today, dt.time(10, 0), tzinfo=dt.UTC)  # their zone: UTC
    async with fieldbot.app.session_factory() as session:
        queued = await remind_upcoming(session, i18n=create_i18n("en"), now=at_ten)
        await session.commit()
        reminders = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == "mission_reminder")
            )
        ).all()
        on_it = (
            await session.scalars(
                select(MissionAssignment).where(
                    MissionAssignment.mission_id == madagascar,
                    MissionAssignment.status == "assigned",
                )
            )
        ).all()
    assert queued == 0
    assert reminders == []
    assert on_it == []


async def test_with_no_live_mission_assign_and_unassign_both_say_so(
    fieldbot: BotUnderTest,
) -> None:
    admin = await fieldbot.member(1001, "Awa", Role.ADMIN, language_code="fr")
    for command in ("/assign", "/unassign"):
        await admin.send(command)
        answer = await admin.last()
        assert "fieldbot missions import" in answer.text
        assert answer.buttons == []


async def test_an_admin_pages_through_many_missions_and_volunteers(
    fieldbot: BotUnderTest,
) -> None:
    """23 missions in Madagascar and 12 volunteers: /assign shows ten at a time, in place,
    and a mission on the last page can be given to a volunteer on the second."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, language_code="fr")
    for n in range(1, 13):
        await fieldbot.member(4000 + n, f"Volontaire {n:02}", Role.VOLUNTEER, ["MG"])
    for n in range(1, 24):
        await mission(fieldbot, f"MG-{n:02}", f"Mission {n:02}", n)

    await amina.send("/assign")
    menu = await amina.last()
    assert "(1–10 / 23)" in menu.text
    assert menu.button_texts()[:2] == [
        "\u2068MG-01 · Mission 01\u2069",
        "\u2068MG-02 · Mission 02\u2069",
    ]
    assert menu.button_texts()[-1] == "Suivant ›"
    await amina.tap("Suivant ›")
    await amina.tap("Suivant ›")
    last_page = await amina.last()
    assert last_page.message_id == menu.message_id  # turned in place
    assert "(21–23 / 23)" in last_page.text
    assert "\u2068MG-23 · Mission 23\u2069" in last_page.button_texts()
    assert "Suivant ›" not in last_page.button_texts()
    await amina.tap("MG-23 · Mission 23")
    volunteers = await amina.last()
    assert "(1–10 / 12)" in volunteers.text
    await amina.tap("Suivant ›")
    assert "(11–12 / 12)" in (await amina.last()).text
    await amina.tap("Volontaire 12")
    assert "Volontaire 12" in (await amina.last()).text
    assert "MG-23" in (await amina.last()).text

    await amina.send("/unassign")
    await amina.tap("Suivant ›")
    await amina.tap("Suivant ›")
    await amina.tap("MG-23 · Mission 23")
    assert (await amina.last()).button_texts() == ["\u2068Volontaire 12\u2069"]
    await amina.send("/assign")
    await amina.press("as:mpage:0:0:9999", forge=True)  # a page past the end: the last one
    assert "(21–23 / 23)" in (await amina.last()).text


async def test_acknowledging_a_card_whose_mission_changed_since_shows_the_new_one_first(
    fieldbot: BotUnderTest,
) -> None:
    """Lova opened the card on Monday; the mission was postponed on Tuesday; on Wednesday she
    taps Acknowledge on Monday's card. She has not seen the new dates: nothing is recorded,
    she is told, and the card shows the mission as it is now, to acknowledge again."""
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    mine = await mission(fieldbot, "MG-2026-10", "Justice mission", 12)
    await assign(fieldbot, mine, 4001)
    await lova.send("/missions")
    await lova.tap("Justice mission")
    assert "12 days" in (await lova.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await stored_mission(
            session,
            "MG-2026-10",
            members_today() + dt.timedelta(days=40),
            10,
            now=utcnow(),
            title="Justice mission",
            country="MG",
            place="Toamasina",
            project="Child-friendly justice",
            role="Trainer assistant",
            supervisor_name="Hery",
            supervisor_handle="hery_ibcr",
        )
        await session.commit()
    await lova.tap("✅ Acknowledge")
    answer = (await lova.callback_answers())[-1]
    assert "has changed" in answer["text"]
    card = await lova.last()
    assert "40 days" in card.text
    assert "You have acknowledged" not in card.text
    assert card.button_texts() == ["✅ Acknowledge"]
    async with fieldbot.app.session_factory() as session:
        acknowledged = await session.scalar(
            select(MissionAssignment.acknowledged_at).where(MissionAssignment.mission_id == mine)
        )
    assert acknowledged is None
    await lova.tap("✅ Acknowledge")  # the card as it is now
    assert "acknowledged" in (await lova.callback_answers())[-1]["text"]
    assert "You have acknowledged" in (await lova.last()).text

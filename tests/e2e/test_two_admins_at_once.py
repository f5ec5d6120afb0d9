"""Two admins acting on the same person at the same time, in /people."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from bot.domain.enums import AuditAction, Role
from models import people
from models.queries import get_user
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_issue_13_throttling import audit


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """SQLite and PostgreSQL: two admins at once meet differently on each (SQLite has one
    writer at a time; PostgreSQL's second writer waits on the first's row)."""
    return any_db_url


async def test_two_admins_revoking_the_same_role_at_once(fieldbot: BotUnderTest) -> None:
    """On PostgreSQL both read Jean's role before either committed: both read 'Done: the role
    is revoked.' and the audit log said he lost it twice."""
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN)
    paul = await fieldbot.member(1002, "Paul", Role.ADMIN)
    for admin in (awa, paul):
        await admin.send("/people")
        await admin.tap("Jean · field staff")
    await asyncio.gather(awa.tap("Revoke: field staff"), paul.tap("Revoke: field staff"))
    answers = [(await awa.callback_answers())[-1], (await paul.callback_answers())[-1]]
    texts = sorted(answer["text"] for answer in answers)
    assert texts == ["Done: the role is revoked.", "This button is no longer active."]
    assert len(await audit(fieldbot, AuditAction.ROLE_REVOKED)) == 1
    for admin in (awa, paul):  # both see Jean as he is now
        assert "No role left." in (await admin.last()).text


async def _until_one_waits_on_a_lock(fieldbot: BotUnderTest) -> None:
    """PostgreSQL: until a transaction of this database waits on a row lock (the bot's, on
    Jean's row). SQLite's second writer waits on the first's write lock: a moment is enough."""
    assert fieldbot.app is not None
    if not fieldbot.settings.db.url.startswith("postgresql"):
        await asyncio.sleep(0.3)
        return
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    for _ in range(200):
        async with fieldbot.app.session_factory() as session:
            if (await session.execute(waiting)).scalar_one():
                return
        await asyncio.sleep(0.05)
    raise AssertionError("the countries typed never waited on Jean's row")


async def test_countries_typed_while_another_admin_revokes_the_role(
    fieldbot: BotUnderTest,
) -> None:
    """Paul types Jean's countries while Awa's revocation holds Jean's row: on PostgreSQL
    Paul's change waited for hers, found no role left and answered 'Something went wrong'.
    Now Paul reads that the role was revoked meanwhile, with Jean's card as it is now."""
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fieldbot.member(1001, "Awa", Role.ADMIN)
    paul = await fieldbot.member(1002, "Paul", Role.ADMIN)
    await paul.send("/people")
    await paul.tap("Jean · field staff")
    await paul.tap("Countries: field staff")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        awa = await get_user(session, 1001)
        assert awa is not None
        await people.revoke(session, 2001, [Role.FIELD_STAFF], actor_user_id=awa.id)
        typed = asyncio.create_task(paul.send("HT, NE"))
        await _until_one_waits_on_a_lock(fieldbot)
        await session.commit()
    await typed
    said = (await paul.last()).text
    assert said.startswith(
        "Jean is no longer field staff: the role was revoked meanwhile. Nothing was changed."
    )
    assert "No role left." in said
    assert "Saved" not in said
    assert await audit(fieldbot, AuditAction.ROLE_SCOPE_SET) == []


async def test_a_revocation_while_another_admin_erases_the_person(
    fieldbot: BotUnderTest,
) -> None:
    """Paul taps 'Revoke: field staff' on Jean's card while Awa's erasure holds Jean's row:
    on PostgreSQL Paul's revocation waited for hers, found nobody left and answered
    'Something went wrong'. Now Paul reads that Jean is no longer in his list."""
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fieldbot.member(1001, "Awa", Role.ADMIN)
    paul = await fieldbot.member(1002, "Paul", Role.ADMIN)
    await paul.send("/people")
    await paul.tap("Jean · field staff")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        awa = await get_user(session, 1001)
        assert awa is not None
        await people.erase(session, 2001, actor_user_id=awa.id)
        tapped = asyncio.create_task(paul.tap("Revoke: field staff"))
        await _until_one_waits_on_a_lock(fieldbot)
        await session.commit()
    await tapped
    answer = (await paul.callback_answers())[-1]["text"]
    assert answer == "This person is no longer in your list."


async def test_two_admins_erasing_the_same_person_at_once(fieldbot: BotUnderTest) -> None:
    """Paul taps 'Erase for good' on Jean while Awa's erasure holds Jean's row: on
    PostgreSQL Paul's waited for hers, found nobody and answered 'Something went wrong'.
    Now Paul reads that Jean is no longer in his list."""
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fieldbot.member(1001, "Awa", Role.ADMIN)
    paul = await fieldbot.member(1002, "Paul", Role.ADMIN)
    await paul.send("/people")
    await paul.tap("Jean · field staff")
    await paul.tap("Erase this person…")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        awa = await get_user(session, 1001)
        assert awa is not None
        await people.erase(session, 2001, actor_user_id=awa.id)
        tapped = asyncio.create_task(paul.tap("Erase for good"))
        await _until_one_waits_on_a_lock(fieldbot)
        await session.commit()
    await tapped
    answer = (await paul.callback_answers())[-1]["text"]
    assert answer == "This person is no longer in your list."


async def test_a_person_erasing_themselves_while_an_admin_erases_them(
    fieldbot: BotUnderTest,
) -> None:
    """Jean taps 'Erase my data' while Awa's erasure of him holds his row: on PostgreSQL his
    waited for hers, found nobody and answered 'Something went wrong'. Now he reads that
    nothing about him is kept."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fieldbot.member(1001, "Awa", Role.ADMIN)
    await jean.send("/forget")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        awa = await get_user(session, 1001)
        assert awa is not None
        await people.erase(session, 2001, actor_user_id=awa.id)
        tapped = asyncio.create_task(jean.tap("Erase my data"))
        await _until_one_waits_on_a_lock(fieldbot)
        await session.commit()
    await tapped
    said = (await jean.last()).text
    assert said == "I keep no personal data about you: there is nothing to erase."

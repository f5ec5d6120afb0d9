"""The last admin stays: /forget and /people refuse what would leave nobody to manage people
by chat (only `fieldbot admin add`, on a server field offices cannot reach, could mend it)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import Role
from models import people
from models.queries import get_user, revoke_role
from tests.e2e.harness import BotUnderTest

LAST = (
    "You are the last admin: once your data is erased, nobody could manage people by chat any "
    "more. Make someone else admin first (/invite), then send /forget again; or ask whoever "
    "runs the bot's server to erase your data."
)


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """SQLite and PostgreSQL: on PostgreSQL two admins' taps really run at once."""
    return any_db_url


async def _admins(fieldbot: BotUnderTest, *telegram_ids: int) -> list[int]:
    """Which of these people hold the admin role now."""
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        found = [await get_user(session, telegram_id) for telegram_id in telegram_ids]
    return [user.telegram_id for user in found if user is not None and user.has_role(Role.ADMIN)]


async def test_the_last_admin_is_told_before_forget_erases_them(fieldbot: BotUnderTest) -> None:
    """Awa, the only admin, sent /forget and tapped 'Erase my data': she was erased, and
    nobody could invite, revoke or erase anyone by chat any more."""
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN)
    await awa.send("/forget")
    said = await awa.last()
    assert said.text == LAST
    assert said.button_texts() == []  # nothing to tap: no question asked
    assert await _admins(fieldbot, 1001) == [1001]

    # With Paul as admin she is asked; Paul's role goes before she taps: refused then too.
    await fieldbot.member(1002, "Paul", Role.ADMIN)
    await awa.send("/forget")
    assert "Erase your personal data?" in (await awa.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.revoke(session, 1002, [Role.ADMIN], actor_user_id=None)
        await session.commit()
    await awa.tap("Erase my data")
    assert (await awa.last()).text == LAST
    assert await _admins(fieldbot, 1001) == [1001]


async def test_the_last_admin_in_another_language(fieldbot: BotUnderTest) -> None:
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN, language_code="fr")
    await awa.send("/forget")
    assert (await awa.last()).text.startswith("Vous êtes le dernier administrateur\u202f:")
    assert "/invite" in (await awa.last()).text
    assert await _admins(fieldbot, 1001) == [1001]


async def test_two_admins_revoking_each_other_at_once_leave_one(fieldbot: BotUnderTest) -> None:
    """Awa revokes Paul's admin role while Paul revokes hers: one of them stays admin."""
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN)
    paul = await fieldbot.member(1002, "Paul", Role.ADMIN)
    await awa.send("/people")
    await awa.tap("Paul · admin")
    await paul.send("/people")
    await paul.tap("Awa · admin")
    await asyncio.gather(awa.tap("Revoke: admin"), paul.tap("Revoke: admin"))
    assert len(await _admins(fieldbot, 1001, 1002)) == 1
    answers = [(await awa.callback_answers())[-1], (await paul.callback_answers())[-1]]
    assert [answer["text"] for answer in answers].count("Done: the role is revoked.") == 1


async def test_two_admins_forgetting_themselves_at_once_leave_one(
    fieldbot: BotUnderTest,
) -> None:
    """Awa and Paul, the only admins, both tap 'Erase my data' at once: on PostgreSQL both
    were erased. Now one is, and the other reads why not."""
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN)
    paul = await fieldbot.member(1002, "Paul", Role.ADMIN)
    for admin in (awa, paul):
        await admin.send("/forget")
    await asyncio.gather(awa.tap("Erase my data"), paul.tap("Erase my data"))
    left = await _admins(fieldbot, 1001, 1002)
    assert len(left) == 1
    stayed = awa if left == [1001] else paul
    for _ in range(50):  # the erased one's confirmation is sent after the commit
        if (await stayed.last()).text == LAST:
            break
        await asyncio.sleep(0.1)
    assert (await stayed.last()).text == LAST


async def test_fewer_countries_for_the_only_admin_of_all_countries_are_refused(
    fieldbot: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Awa set Paul's admin countries to Haiti while Paul revoked her admin role (his went
    first; hers waited on his row): nobody was left an admin of all countries. Now she is
    told why nothing changed, with Paul's card as it is."""
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN)
    await fieldbot.member(1002, "Paul", Role.ADMIN)
    await awa.send("/people")
    await awa.tap("Paul · admin")
    await awa.tap("Countries: admin (M&E officer)")
    hold = people.hold_person

    async def paul_first(session: AsyncSession, telegram_id: int) -> None:
        monkeypatch.setattr(people, "hold_person", hold)
        await revoke_role(session, 1001, Role.ADMIN, actor_user_id=None)  # Paul's, committed
        await hold(session, telegram_id)

    monkeypatch.setattr(people, "hold_person", paul_first)
    await awa.send("HT")
    said = (await awa.last()).text
    assert said.startswith(
        "Paul is the only admin of all countries: with these countries, nobody would be left "
        "to manage people there. Make someone else admin there first (/invite). Nothing was "
        "changed.\n\nPaul\n• admin (M&E officer) for all countries"
    )
    assert await _admins(fieldbot, 1001, 1002) == [1002]
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        paul = await get_user(session, 1002)
    assert paul is not None
    assert paul.scope(Role.ADMIN).all_countries

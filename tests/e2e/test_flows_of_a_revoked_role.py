"""A side flow waiting when the role it belongs to is revoked (Awa, admin and field staff,
typing an invitation's countries when her admin role went): her words were 'not understood'
and the flow stayed open; once she was an admin again, the next word she typed was taken as
the invitation's countries. The flow ends at her next message, which says why."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.enums import Role
from models import people
from models.queries import get_user, grant_role
from models.tables import Invite
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import fill_training
from tests.e2e.test_side_flows import STILL_THERE, begin_training

LOST = (
    "⚠️ Your roles have changed: what you were doing here is no longer open to you, and "
    "nothing of it was saved. Send /help to see what you can do."
)
NOT_UNDERSTOOD = "I did not understand that. Send /help to see what I can do."


async def _grant(fieldbot: BotUnderTest, role: Role) -> None:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await grant_role(session, 1001, role, [], True, actor_user_id=None)
        await session.commit()


async def _revoke_admin(fieldbot: BotUnderTest) -> None:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        # Awa is the only admin: taken as `fieldbot user revoke --force` takes it.
        await people.revoke(session, 1001, [Role.ADMIN], actor_user_id=None, last_admin=True)
        await session.commit()


async def test_an_invitation_waiting_for_countries_ends_with_the_admin_role(
    fieldbot: BotUnderTest,
) -> None:
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN)
    await _grant(fieldbot, Role.FIELD_STAFF)
    await awa.send("/invite")
    await awa.tap("Field staff")  # "Which countries?"
    await _revoke_admin(fieldbot)
    await awa.send("HT")
    assert (await awa.last()).text == LOST
    await _grant(fieldbot, Role.ADMIN)  # given back the next day
    await awa.send("NE")
    assert (await awa.last()).text == NOT_UNDERSTOOD
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert (await session.scalars(select(Invite))).all() == []


async def test_a_persons_countries_typed_mid_report_leave_the_report_waiting(
    fieldbot: BotUnderTest,
) -> None:
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN)
    await _grant(fieldbot, Role.FIELD_STAFF)
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await begin_training(awa)  # all countries: asked which one
    await awa.send("/people")
    await awa.tap("Jean")
    await awa.tap("Countries: field staff")
    await _revoke_admin(fieldbot)
    await awa.send("NE")
    told = (await awa.last()).text
    assert told.startswith(LOST)
    assert STILL_THERE in told
    await awa.send("/report")
    await awa.tap("Continue")
    assert "In which country did the training take place?" in (await awa.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        jean = await get_user(session, 2001)
    assert jean is not None
    assert jean.scope(Role.FIELD_STAFF).countries == ("HT",)


async def test_a_flow_of_a_role_still_held_goes_on(fieldbot: BotUnderTest) -> None:
    """Awa's volunteer role revoked while she typed an invitation's countries as an admin."""
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN)
    await _grant(fieldbot, Role.VOLUNTEER)
    await awa.send("/invite")
    await awa.tap("Field staff")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.revoke(session, 1001, [Role.VOLUNTEER], actor_user_id=None)
        await session.commit()
    await awa.send("HT")
    assert (await awa.last()).text != LOST
    assert "How long" in (await awa.last()).text


async def test_a_managers_withdrawal_waiting_for_its_reason_is_not_ended_as_a_lost_role(
    fieldbot: BotUnderTest,
) -> None:
    """Mona, a manager of Haiti and nothing else, may withdraw Jean's report (her countries'):
    the voice note she sent for its reason read 'Your roles have changed' and ended the flow
    (WithdrawForm was listed as the reporters' flow only)."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Submit")
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    await mona.send("/reports")
    await mona.tap("Haiti")
    await mona.tap("⊘ Withdraw")
    await mona.send_voice()  # the reason, said aloud
    said = (await mona.last()).text
    assert not said.startswith(LOST)
    assert "I am waiting for the reason of the withdrawal" in said
    await mona.send("Entered twice")
    assert "Withdrawn on" in (await mona.messages())[-1].text

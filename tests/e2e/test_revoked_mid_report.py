"""A report in progress whose reporting role is revoked while the person keeps another role:
it is discarded (README, "Leaving"), and the person is told so on their next message instead
of their answer reading "I did not understand that"."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.enums import Role
from bot.sandbox import SimUser
from models import people
from models.queries import grant_role
from models.tables import FsmRecord
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import start_training

DISCARDED = (
    "The report you were filling in was discarded: you no longer hold a role that sends reports."
)


async def jean_mid_report(fieldbot: BotUnderTest) -> SimUser:
    """Jean, field staff and volunteer in Haiti, at 'In which town or place?' of a training."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await grant_role(session, 2001, Role.VOLUNTEER, ["HT"], False, actor_user_id=None)
        await session.commit()
    await start_training(jean)
    return jean


async def revoke_field_staff(fieldbot: BotUnderTest) -> None:
    """Jean's field staff role revoked from the command line; his volunteer role stays."""
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.revoke(session, 2001, [Role.FIELD_STAFF], actor_user_id=None)
        await session.commit()


async def test_a_volunteer_whose_field_staff_role_goes_mid_report_is_told_it_was_discarded(
    fieldbot: BotUnderTest,
) -> None:
    """Jean, field staff and volunteer in Haiti, was at 'In which town or place?' when his
    field staff role was revoked from the command line; his 'Jacmel' read 'I did not
    understand that' and he never learnt where his report went."""
    jean = await jean_mid_report(fieldbot)
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.revoke(session, 2001, [Role.FIELD_STAFF], actor_user_id=None)
        await session.commit()
        # The draft's answers are gone at once: only the word of why is kept.
        records = (await session.scalars(select(FsmRecord))).all()
        assert all("draft" not in record.data for record in records)

    await jean.send("Jacmel")
    told = (await jean.last()).text
    assert told.startswith(DISCARDED)
    assert "/help" in told
    await jean.send("Jacmel")  # said once
    assert "I did not understand that" in (await jean.last()).text


async def test_a_command_after_the_revocation_says_it_and_runs(fieldbot: BotUnderTest) -> None:
    """Revoked by an admin in /people; Jean's next message is /missions: he is told his report
    was discarded, and his missions are listed."""
    await fieldbot.member(1001, "Awa", Role.ADMIN)
    admin = fieldbot.user(1001, "Awa")
    jean = await jean_mid_report(fieldbot)
    assert fieldbot.app is not None
    await admin.send("/people")
    await admin.tap("Jean · field staff and volunteer")
    await admin.tap("Revoke: field staff")

    before = len(await jean.messages())
    await jean.send("/missions")
    said = [message.text for message in (await jean.messages())[before:]]
    assert said[0].startswith(DISCARDED)
    assert "mission" in said[1].lower()
    assert len(said) == 2


async def test_a_form_button_tapped_after_the_revocation_says_it(fieldbot: BotUnderTest) -> None:
    jean = await jean_mid_report(fieldbot)
    assert fieldbot.app is not None
    await revoke_field_staff(fieldbot)
    await jean.tap("Cancel")
    assert (await jean.callback_answers())[-1]["text"].startswith(DISCARDED)


async def test_someone_left_with_no_role_is_told_that_as_before(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await start_training(jean)
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.revoke(session, 2001, None, actor_user_id=None)
        await session.commit()
        assert not (await session.scalars(select(FsmRecord))).all()
    await jean.send("Jacmel")
    assert "You no longer hold a role here." in (await jean.last()).text


async def test_a_reporting_role_given_back_before_the_next_message_is_not_denied(
    fieldbot: BotUnderTest,
) -> None:
    """Jean's field staff role was revoked mid-report, then given back before he wrote again:
    he was told 'you no longer hold a role that sends reports', untrue by then. He is told
    only that the draft was discarded, and how to start anew."""
    jean = await jean_mid_report(fieldbot)
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.revoke(session, 2001, [Role.FIELD_STAFF], actor_user_id=None)
        await session.commit()
        await grant_role(session, 2001, Role.FIELD_STAFF, ["HT"], False, actor_user_id=None)
        await session.commit()

    await jean.send("Jacmel")
    told = (await jean.last()).text
    assert "no longer hold" not in told
    assert told.startswith("The draft was discarded. Send /report to start a new report.")


async def test_another_button_tapped_after_the_revocation_says_it_and_is_handled(
    fieldbot: BotUnderTest,
) -> None:
    """Jean had the language list on screen when his field staff role went mid-report; his tap
    on 'Français' showed the word that his report was discarded, and his language stayed
    English. He is told in a message, and the tap is handled, as a command is."""
    jean = await jean_mid_report(fieldbot)
    assert fieldbot.app is not None
    await jean.send("/language")
    await revoke_field_staff(fieldbot)

    before = len(await jean.messages())
    await jean.tap("Français")
    said = [message.text for message in (await jean.messages())[before:]]
    assert said
    assert said[0].startswith(DISCARDED)
    async with fieldbot.app.session_factory() as session:
        person = await people.find_person(session, 2001)
        assert person is not None
        assert person.language == "fr"

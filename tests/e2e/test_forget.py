"""/forget: a member has their own personal data erased (DESIGN, property 9), as an admin's
erase does, after one question."""

from __future__ import annotations

import asyncio
import json

from aiogram.types import MenuButtonCommands, MenuButtonWebApp
from sqlalchemy import select

from bot.domain.enums import AuditAction, Role
from bot.sandbox import SandboxServer
from bot.sandbox.client import SimUser
from models import people
from models.queries import audit_entries, get_user
from models.tables import FsmRecord, ProcessedUpdate, Report, User
from tests.e2e.harness import BotUnderTest, bot_settings
from tests.e2e.test_reports import fill_training, start_training


async def _menu_of(fieldbot: BotUnderTest, chat_id: int, gone: bool) -> list[object]:
    """The chat's own menu, once it is (not) there: it is sent after the reply."""
    mine: list[object] = []
    for _ in range(50):
        mine = [
            m for m in await fieldbot.control.commands() if m["scope"].get("chat_id") == chat_id
        ]
        if bool(mine) != gone:
            break
        await asyncio.sleep(0.1)
    return mine


async def _said(user: SimUser, fragment: str) -> str:
    """The last message once it holds `fragment`: the confirmation of an erasure is sent after
    the commit, not stored with the update's replies."""
    text = ""
    for _ in range(50):
        text = (await user.last()).text
        if fragment in text:
            break
        await asyncio.sleep(0.1)
    return text


async def test_an_officer_asks_to_be_forgotten_and_their_reports_stay(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "Jean Baptiste", Role.FIELD_STAFF, ["HT"])
    await jean.send("/start")  # his menu
    await fill_training(jean)
    await jean.tap("Submit")
    await start_training(jean)  # a report half filled
    assert await _menu_of(fieldbot, 2001, gone=False)

    await jean.send("/forget")
    question = await jean.last()
    assert "Erase your personal data?" in question.text
    assert "The reports you sent stay, counted" in question.text
    await jean.tap("Keep my account")
    assert "Nothing was erased." in (await jean.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert await get_user(session, 2001) is not None

    await jean.send("/FORGET")  # as a phone capitalises it
    await jean.tap("Erase my data")
    assert "your personal data is erased" in await _said(jean, "erased")
    async with fieldbot.app.session_factory() as session:
        assert await get_user(session, 2001) is None
        report = (await session.scalars(select(Report))).one()
        author = await session.get(User, report.author_user_id)
        assert author is not None
        assert author.telegram_id < 0
        assert "Jean" not in author.display_name
        keys = (await session.scalars(select(FsmRecord.key))).all()
        assert not [key for key in keys if "2001" in key]  # the draft is gone, no empty row
        forgotten = await audit_entries(session, action=AuditAction.USER_FORGOTTEN)
        assert [entry.actor_user_id for entry in forgotten] == [author.id]  # on their request
        replies = (await session.scalars(select(ProcessedUpdate.replies))).all()
        assert '"chat_id": 2001' not in json.dumps([r for r in replies if r])  # nothing kept
    assert await _menu_of(fieldbot, 2001, gone=True) == []

    # Back as a stranger: the guest's answer, and nothing left to erase.
    await jean.send("/help")
    assert "invitation link" in (await jean.last()).text
    await jean.send("/forget")
    assert "I keep no personal data about you" in (await jean.last()).text


async def test_someone_with_no_role_left_can_ask_too_in_their_language(
    fieldbot: BotUnderTest,
) -> None:
    await fieldbot.member(2002, "Amina", Role.FIELD_STAFF, ["NE"], language_code="fr")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.revoke(session, 2002, None, actor_user_id=None)
        await session.commit()
    amina = fieldbot.user(2002, "Amina", language_code="fr")
    await amina.send("/forget")
    assert "Effacer vos données personnelles" in (await amina.last()).text
    await amina.tap("Effacer mes données")
    assert "données personnelles sont effacées" in await _said(amina, "effacées")
    async with fieldbot.app.session_factory() as session:
        assert await get_user(session, 2002) is None


async def test_a_guest_or_a_forged_tap_erases_nothing(fieldbot: BotUnderTest) -> None:
    from bot.ui.callbacks import ForgetCB

    stranger = fieldbot.user(3001, "Stranger")
    await stranger.send("/forget")
    assert "I keep no personal data about you" in (await stranger.last()).text
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await stranger.press(ForgetCB(yes=True).pack(), forge=True)
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert await get_user(session, 2001) is not None  # a tap erases only who taps


async def test_someone_whose_roles_were_revoked_is_told_so_not_how_to_join(
    fieldbot: BotUnderTest,
) -> None:
    """Jean did join: after his last role is revoked, a message, /start or an old button says
    his role is gone (and how to be forgotten), not 'ask for an invitation link'."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")  # the form buttons stay in his chat
    picker = await jean.last()
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.revoke(session, 2001, None, actor_user_id=None)
        await session.commit()
    for text in ("hello", "/start", "/report"):
        await jean.send(text)
        answer = (await jean.last()).text
        assert "You no longer hold a role here." in answer
        assert "/forget" in answer
    await jean.tap("Training", message_id=picker.message_id)
    alert = (await jean.callback_answers())[-1]["text"]
    assert "You no longer hold a role here." in alert


async def test_someone_revoked_tapping_an_old_button_is_told_so_in_a_long_language(
    fieldbot: BotUnderTest,
) -> None:
    """In Malagasy the 'no role left' text is longer than an alert may be (200 characters):
    Telegram refused the alert, and the tap on an old button went unanswered."""
    from tests.e2e.test_issue_12_answers import translator

    t = translator("mg").gettext
    rasoa = await fieldbot.member(2002, "Rasoa", Role.FIELD_STAFF, ["MG"], language_code="mg")
    await rasoa.send("/report")
    picker = await rasoa.last()
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.revoke(session, 2002, None, actor_user_id=None)
        await session.commit()
    await rasoa.tap(t("Training"), message_id=picker.message_id)
    assert "/forget" in (await rasoa.last()).text


async def test_the_mini_app_button_goes_with_the_roles(
    sandbox: SandboxServer, db_url: str
) -> None:
    """Jean's chat had the Mini App under his menu button ('Open the form'); once he is
    forgotten it is the command list again, not a page that would only refuse him."""
    settings = bot_settings(sandbox, db_url)
    settings.webapp.public_url = "https://fieldbot.example.org/webapp/"
    fieldbot = BotUnderTest(settings, sandbox, "webhook")
    await fieldbot.start()
    try:
        assert fieldbot.app is not None
        jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"], language_code="fr")
        await jean.send("/start")
        button = await fieldbot.app.bot.get_chat_menu_button(chat_id=2001)
        assert isinstance(button, MenuButtonWebApp)
        await jean.send("/forget")
        await jean.tap("Effacer mes données")
        for _ in range(50):
            button = await fieldbot.app.bot.get_chat_menu_button(chat_id=2001)
            if not isinstance(button, MenuButtonWebApp):
                break
            await asyncio.sleep(0.1)
        assert isinstance(button, MenuButtonCommands)
    finally:
        await fieldbot.stop()
        await fieldbot.control.close()


async def test_a_mission_notice_still_waiting_does_not_name_the_erased_supervisor(
    fieldbot: BotUnderTest,
) -> None:
    """Lova's notice of her mission, supervised by Hery, was still in the outbox (Telegram
    was down) when Hery had himself erased; sent afterwards, it read 'Supervisor: Hery
    @hery_ibcr'. It comes without that line, the rest of the card as it was."""
    from bot.domain.clock import utcnow
    from bot.i18n import create_i18n
    from bot.usecases.missions import assign_volunteer
    from models.missions import get_mission
    from tests.e2e.test_missions import mission

    await fieldbot.member(1001, "Awa", Role.ADMIN, ["MG"])
    hery = await fieldbot.member(5001, "Hery", Role.FIELD_STAFF, ["MG"])
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    await lova.send("/start")  # her chat with the bot is open
    mission_id = await mission(fieldbot, "MG-2026-07", "Formation des policiers", 12)
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        view, volunteer = await get_mission(session, mission_id), await get_user(session, 4001)
        awa = await get_user(session, 1001)
        assert view is not None
        assert volunteer is not None
        assert awa is not None
        await assign_volunteer(
            session, view, volunteer, actor_user_id=awa.id, i18n=create_i18n(), now=utcnow()
        )
        await session.commit()

    await hery.send("/forget")
    await hery.tap("Erase my data")
    assert "your personal data is erased" in await _said(hery, "erased")
    await fieldbot.drain_outbox()
    notice = await lova.last()
    assert notice.text.startswith("You are assigned to a mission.")
    assert "Formation des policiers" in notice.text
    assert "Where: Toamasina, Madagascar" in notice.text
    assert "Hery" not in notice.text
    assert "hery_ibcr" not in notice.text
    assert "Open this mission" in notice.button_texts()

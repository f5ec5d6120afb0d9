"""Issue 13, observation 10: a forged button with an out-of-range number is refused.

Huge integers (beyond what SQLite or PostgreSQL can bind), negative numbers where none is
meaningful, and NaN-like text in a numeric field get the same answer as any other forged or
stale button ("no longer active"); nothing crashes and nothing is logged at ERROR.
"""

from __future__ import annotations

import logging

import pytest

from bot.domain.enums import Role
from bot.sandbox import SimUser
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_missions import assign, mission

HUGE = "9" * 30  # far beyond a 64-bit integer: SQLite raised OverflowError binding it
BEYOND_INT64 = str(2**63)
BEYOND_INT32 = str(2**31)  # PostgreSQL's integer columns (mission ids) stop below this

# A valid-looking report id, so only the page number is forged.
REPORT_HEX = "0" * 32


async def assert_refused(user: SimUser, callback_data: str) -> None:
    before = len(await user.messages())
    await user.press(callback_data, forge=True)
    answer = (await user.callback_answers())[-1]
    assert "no longer active" in answer["text"], (callback_data, answer)
    assert answer["show_alert"]
    assert len(await user.messages()) == before, f"{callback_data}: a message was sent"


@pytest.fixture
def errors_logged(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING)
    return caplog


def no_errors(caplog: pytest.LogCaptureFixture) -> None:
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


@pytest.mark.parametrize(
    "number",
    [HUGE, BEYOND_INT64, f"-{HUGE}", "-1", "nan", "NaN", "inf", "-inf", "1e400", "0x10", "1_0"],
)
async def test_a_volunteer_pressing_a_forged_mission_number_is_told_the_button_expired(
    fieldbot: BotUnderTest, errors_logged: pytest.LogCaptureFixture, number: str
) -> None:
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    mine = await mission(fieldbot, "MG-2026-07", "Formation des policiers", 12)
    await assign(fieldbot, mine, 4001)
    await lova.send("/missions")
    for forged in (
        f"ms:open:{number}:0",
        f"ms:ack:{number}:0",
        f"ms:page:0:{number}",
        f"ms:past:0:{number}",
    ):
        await assert_refused(lova, forged)
    no_errors(errors_logged)
    await lova.tap("Formation des policiers")  # the real button still works
    assert "Toamasina" in (await lova.last()).text


async def test_an_admin_pressing_forged_numbers_is_told_the_button_expired(
    fieldbot: BotUnderTest, errors_logged: pytest.LogCaptureFixture
) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)
    await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    await mission(fieldbot, "MG-2026-09", "Justice mission", 30)
    await amina.send("/assign")
    for forged in (
        f"as:mission:{HUGE}:0",
        f"as:mission:{BEYOND_INT32}:0",
        f"as:volunteer:1:{BEYOND_INT64}",
        "as:volunteer:-1:-1",
        f"as:umission:{HUGE}:0",
        f"as:uvolunteer:1:{HUGE}",
        f"dgt:{HUGE}:-1",
        f"dgt:1:{HUGE}",
        "dgt:-2:-1",
        "dgt:nan:-1",
        f"inv_exp:{HUGE}",
        "inv_exp:-7",
        "inv_exp:inf",
    ):
        await assert_refused(amina, forged)
    no_errors(errors_logged)
    await amina.tap("MG-2026-09")  # the flow the forged presses interrupted still works
    await amina.tap("Lova")
    assert "is assigned" in (await amina.last()).text


async def test_a_forged_page_of_the_report_list_is_told_the_button_expired(
    fieldbot: BotUnderTest, errors_logged: pytest.LogCaptureFixture
) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/myreports")
    for forged in (
        f"rv:page:m:{HUGE}:",
        f"rv:page:s:{BEYOND_INT64}:",
        "rv:page:m:-1:",
        "rv:page:m:nan:",
        f"rv:open:m:{HUGE}:{REPORT_HEX}",
    ):
        await assert_refused(jean, forged)
    no_errors(errors_logged)


async def test_a_button_pressed_in_a_group_shows_and_starts_nothing_there(
    fieldbot: BotUnderTest,
) -> None:
    """The bot puts no buttons in groups; forged ones get the private-chats answer: no list of
    reports posted in the group, no form started under the group's key."""
    from sqlalchemy import select

    from models.tables import FsmRecord
    from tests.e2e.test_reports import fill_training

    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Submit")
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    group = mona.in_chat(-100200, "group", "Team Haiti")
    await group.send("/help")
    for forged in ("rv:page:s:0:", "rv:page:m:0:", "rep:training"):
        await group.press(forged, forge=True)
        assert "only work in private chats" in (await group.callback_answers())[-1]["text"]
    texts = [m.text for m in await group.messages()]
    assert not any("Reports in your countries" in t or "Your reports" in t for t in texts)
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        keys = [r.key for r in (await session.scalars(select(FsmRecord))).all()]
    assert not any("-100200" in key for key in keys), keys


async def test_group_chatter_does_not_use_up_a_members_private_limit(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2002, "Jean", Role.FIELD_STAFF, ["HT"])
    group = jean.in_chat(-100201, "supergroup", "Team")
    for n in range(25):  # more than the limit a minute, all chatter the bot leaves alone
        await group.send(f"see you at {n}")
    assert not any("Too many" in m.text for m in await group.messages())
    await jean.send("/report")
    assert "What would you like to report?" in (await jean.last()).text

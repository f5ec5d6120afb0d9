"""/missions says how many missions there are, and of which kind, above the buttons."""

from __future__ import annotations

import datetime as dt

from bot.domain import clock
from bot.domain.enums import MissionStatus, Role
from models.queries import set_timezone
from tests.e2e.harness import BotUnderTest, members_today
from tests.e2e.test_missions import assign, mission
from tests.factories import stored_mission


async def test_the_heading_counts_the_missions_under_way_upcoming_and_to_acknowledge(
    fieldbot: BotUnderTest,
) -> None:
    """Six missions behind two pages of buttons and a heading that counted nothing: Lova had
    to page through to know she had two to acknowledge."""
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    for code, title, days in [
        ("MG-01", "Under way", -2),
        ("MG-02", "Next week", 7),
        ("MG-03", "Next month", 30),
        ("MG-04", "In two months", 60),
        ("MG-05", "In three months", 90),
        ("MG-06", "Last year", -400),
    ]:
        await assign(fieldbot, await mission(fieldbot, code, title, days), 4001)
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        start = members_today() + dt.timedelta(days=20)
        off = await stored_mission(
            session, "MG-07", start, 3, now=clock.utcnow(), status=MissionStatus.CANCELLED
        )
        await session.commit()
    await assign(fieldbot, off.id, 4001)
    await lova.send("/missions")
    await lova.tap("Next week")
    await lova.tap("✅")
    await lova.tap("Under way")
    await lova.tap("✅")
    await lova.tap("Next month")
    await lova.tap("✅")
    await lova.send("/missions")
    assert (await lova.last()).text == (
        "Your current and upcoming missions:\n"
        "1 mission under way, 4 upcoming missions, and 1 cancelled mission\n"
        "2 missions not yet acknowledged"
    )
    await lova.tap("Next ›")  # every page counts them all
    assert "4 upcoming missions" in (await lova.last()).text


async def test_a_mission_that_ended_yesterday_where_the_volunteer_is_is_not_counted(
    fieldbot: BotUnderTest,
) -> None:
    """In Kiritimati (UTC+14) it is already tomorrow: a mission ending on UTC's today ended
    yesterday there."""
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"])
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await set_timezone(session, 4001, "Pacific/Kiritimati")
        await session.commit()
    noon = dt.datetime.combine(members_today(), dt.time(12), tzinfo=dt.UTC)
    with clock.using(lambda: noon):
        await assign(fieldbot, await mission(fieldbot, "MG-01", "Ends today in UTC", -10), 4001)
        await assign(fieldbot, await mission(fieldbot, "MG-02", "Tomorrow", 2), 4001)
        await lova.send("/missions")
        listing = await lova.last()
    assert listing.text == (
        "Your current and upcoming missions:\n1 upcoming mission\n1 mission not yet acknowledged"
    )
    assert not any("Ends today in UTC" in text for text in listing.button_texts())


async def test_the_heading_reads_as_one_list_in_malagasy(fieldbot: BotUnderTest) -> None:
    """'iraka 1 efa an-dalana, iraka 1 ho avy': no Malagasy list in CLDR, and the two counts
    read as a list cut short; 'sy' (and) joins them now."""
    lova = await fieldbot.member(4001, "Lova", Role.VOLUNTEER, ["MG"], language_code="mg")
    await assign(fieldbot, await mission(fieldbot, "MG-01", "Fanofanana", -1), 4001)
    await assign(fieldbot, await mission(fieldbot, "MG-02", "Fivoriana", 10), 4001)
    await lova.send("/missions")
    assert "iraka 1 efa an-dalana sy iraka 1 ho avy" in (await lova.last()).text

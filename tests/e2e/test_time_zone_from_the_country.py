"""A newcomer who taps no time-zone button follows their country's clock, not UTC's: "UTC"
meant "not chosen", so Kalala in Kinshasa (UTC+1) had his "today" and his missions' days an
hour late, and a Nairobi officer three."""

from __future__ import annotations

import datetime as dt

from bot.domain import clock
from bot.domain.enums import Role
from models.queries import get_user
from tests.e2e.harness import BotUnderTest, members_today
from tests.e2e.test_missions import assign, mission


async def _zone(fieldbot: BotUnderTest, telegram_id: int) -> tuple[str, bool]:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        user = await get_user(session, telegram_id)
    assert user is not None
    return user.timezone, user.timezone_chosen


async def test_a_newcomer_who_taps_no_button_keeps_his_country_clock(
    fieldbot: BotUnderTest,
) -> None:
    code = await fieldbot.invite_code(Role.VOLUNTEER, countries=("CD",))
    kalala = fieldbot.user(2002, "Kalala", language_code="en")
    await kalala.send(f"/start {code}")
    offer = await kalala.last()
    assert offer.text == (
        "Which time zone are you in? Tap yours. Until you do, I use Kinshasa "
        "(Africa/Kinshasa), your country's main one (you can change it with /settings)."
    )
    assert await _zone(fieldbot, 2002) == ("Africa/Kinshasa", False)
    await kalala.send("/settings")
    assert (await kalala.last()).text.startswith(
        "Your time zone is Kinshasa (Africa/Kinshasa), taken from your country until you "
        "choose yours."
    )
    await kalala.send("/cancel")

    # 23:30 UTC is 00:30 tomorrow in Kinshasa: a mission ending on UTC's today is over there.
    late = dt.datetime.combine(members_today(), dt.time(23, 30), tzinfo=dt.UTC)
    with clock.using(lambda: late):
        await assign(fieldbot, await mission(fieldbot, "CD-01", "Ends today in UTC", -10), 2002)
        await assign(fieldbot, await mission(fieldbot, "CD-02", "Next week", 7), 2002)
        await kalala.send("/missions")
        listing = await kalala.last()
    assert any("Next week" in text for text in listing.button_texts())
    assert not any("Ends today in UTC" in text for text in listing.button_texts())


async def test_his_choice_wins_over_his_country(fieldbot: BotUnderTest) -> None:
    code = await fieldbot.invite_code(Role.FIELD_STAFF, countries=("CD",))
    kalala = fieldbot.user(2002, "Kalala", language_code="fr")
    await kalala.send(f"/start {code}")
    await kalala.tap("Africa/Lubumbashi")
    assert await _zone(fieldbot, 2002) == ("Africa/Lubumbashi", True)
    await kalala.send("/settings")
    assert (await kalala.last()).text.startswith(
        "Votre fuseau horaire est Lubumbashi (Africa/Lubumbashi)."
    )
    await kalala.send("UTC")  # a choice too: UTC, not Kinshasa's clock
    assert (await kalala.last()).text == "Votre fuseau horaire est désormais UTC."
    assert await _zone(fieldbot, 2002) == ("Etc/UTC", True)
    # A second invitation, for Haiti, neither asks again nor changes it.
    second = await fieldbot.invite_code(Role.VOLUNTEER, countries=("HT",))
    await kalala.send(f"/start {second}")
    assert "Bienvenue" in (await kalala.last()).text  # the last message: nothing of zones
    assert await _zone(fieldbot, 2002) == ("Etc/UTC", True)

"""A newcomer's time zone comes from their invitation: their country's clock until they choose,
the country's other clocks offered, or explained."""

from __future__ import annotations

import datetime as dt

from bot.domain import clock
from bot.domain.enums import AuditAction, Role
from bot.sandbox import SimUser
from models.queries import audit_entries, get_user, set_timezone
from tests.e2e.harness import BotUnderTest

JANUARY = dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC)
JULY = dt.datetime(2027, 7, 15, 12, tzinfo=dt.UTC)


async def _zone(fieldbot: BotUnderTest, telegram_id: int) -> str:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        user = await get_user(session, telegram_id)
    assert user is not None
    return user.timezone


async def test_a_country_with_one_zone_sets_it_without_asking(fieldbot: BotUnderTest) -> None:
    code = await fieldbot.invite_code(Role.FIELD_STAFF, countries=("NE",))
    amina = fieldbot.user(2001, "Amina", language_code="fr")
    await amina.send(f"/start {code}")
    told = (await amina.last()).text
    assert "Africa/Niamey" in told
    assert "/settings" in told
    assert await _zone(fieldbot, 2001) == "Africa/Niamey"
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:  # Niger's, not a choice of hers
        assert await audit_entries(session, action=AuditAction.TIMEZONE_SET) == []


async def test_a_country_with_several_zones_is_offered_as_buttons(fieldbot: BotUnderTest) -> None:
    code = await fieldbot.invite_code(Role.FIELD_STAFF, countries=("CD",))
    kalala = fieldbot.user(2002, "Kalala", language_code="en")
    await kalala.send(f"/start {code}")
    offer = await kalala.last()
    assert "Which time zone are you in?" in offer.text
    assert "Africa/Kinshasa" in str(offer.buttons)
    assert "Africa/Lubumbashi" in str(offer.buttons)
    assert await _zone(fieldbot, 2002) == "Africa/Kinshasa"  # the capital's until he taps
    await kalala.tap("Africa/Lubumbashi")
    assert await _zone(fieldbot, 2002) == "Africa/Lubumbashi"
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert len(await audit_entries(session, action=AuditAction.TIMEZONE_SET)) == 1


async def test_all_countries_or_a_chosen_zone_is_left_to_the_person(
    fieldbot: BotUnderTest,
) -> None:
    code = await fieldbot.invite_code(Role.MANAGER, countries=())  # all countries
    paul = fieldbot.user(3001, "Paul")
    await paul.send(f"/start {code}")
    assert "Set your time zone with /settings" in (await paul.last()).text
    assert await _zone(fieldbot, 3001) == "UTC"

    # Someone who already chose a zone keeps it when a second invitation names other countries.
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await set_timezone(session, 3001, "America/Port-au-Prince")
        await session.commit()
    second = await fieldbot.invite_code(Role.VOLUNTEER, countries=("NE",))
    await paul.send(f"/start {second}")
    assert "Welcome" in (await paul.last()).text  # the last message: nothing about zones
    assert await _zone(fieldbot, 3001) == "America/Port-au-Prince"


async def test_an_offset_is_confirmed_with_the_sign_the_person_typed(
    fieldbot: BotUnderTest,
) -> None:
    """ "GMT-5" was stored right (Etc/GMT+5, five hours behind) but confirmed as "Your time
    zone is now Etc/GMT+5": the sign the other way round from what was typed."""
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"], language_code="es")
    await mona.send("/settings")
    await mona.send("GMT-5")
    assert (await mona.last()).text == "Su zona horaria ahora es UTC-5."
    assert await _zone(fieldbot, 3001) == "Etc/GMT+5"
    await mona.send("/settings")
    assert "Su zona horaria es UTC-5." in (await mona.last()).text
    await mona.send("UTC+1")
    assert (await mona.last()).text == "Su zona horaria ahora es UTC+1."


async def test_a_country_is_known_by_its_usual_short_names_in_settings(
    fieldbot: BotUnderTest,
) -> None:
    """ "RDC" (as forms and /invite take it) was "I don't know this time zone"."""
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"], language_code="fr")
    await mona.send("/settings")
    await mona.send("RDC")
    offered = [b.text for row in (await mona.last()).buttons for b in row]
    assert any("Africa/Kinshasa" in label for label in offered)
    assert any("Africa/Lubumbashi" in label for label in offered)
    await mona.send("/settings")
    await mona.send("Ivory Coast")
    assert "Africa/Abidjan" in (await mona.last()).text


async def test_a_town_no_zone_is_named_after_points_to_the_country(
    fieldbot: BotUnderTest,
) -> None:
    """A volunteer in Mombasa typed her town in /settings: "I don't know this time zone. Type a
    city such as Niamey, Port-au-Prince or Montreal", cities of other countries, though her
    country's name sets her zone; the answer now says to type the country."""
    amani = await fieldbot.member(3002, "Amani", Role.VOLUNTEER, ["KE"], language_code="en")
    await amani.send("/settings")
    await amani.send("Mombasa")
    assert "Type your country, or a city such as" in (await amani.last()).text
    await amani.send("Kenya")
    assert "Africa/Nairobi" in (await amani.last()).text


async def test_a_country_with_many_zones_offers_each_of_its_clocks(
    fieldbot: BotUnderTest,
) -> None:
    """Canada's first eight zones in zone.tab were all Atlantic or Eastern: someone in
    Vancouver had no button, and staying on UTC made their "today" tomorrow every evening."""
    code = await fieldbot.invite_code(Role.FIELD_STAFF, countries=("CA",))
    layla = fieldbot.user(2003, "Layla", language_code="ar")
    await layla.send(f"/start {code}")
    offer = await layla.last()
    texts = [button.text for row in offer.buttons for button in row]
    assert len(texts) == 10  # Atikokan's and Blanc-Sablon's too (no summer time)
    for city, zone in (
        ("فانكوفر", "America/Vancouver"),
        ("ايدمونتون", "America/Edmonton"),
        ("وينيبيج", "America/Winnipeg"),
        ("تورونتو", "America/Toronto"),
        ("هاليفاكس", "America/Halifax"),
    ):
        assert f"{city} ({zone})" in texts
    await layla.tap("America/Vancouver")
    assert await _zone(fieldbot, 2003) == "America/Vancouver"

    # A manager of Canada and Haiti finds Haiti's capital next to Canada's clocks in /settings.
    marc = await fieldbot.member(3002, "Marc", Role.MANAGER, ["CA", "HT"], language_code="fr")
    await marc.send("/settings")
    texts = [button.text for row in (await marc.last()).buttons for button in row]
    assert "Port-au-Prince (America/Port-au-Prince)" in texts
    assert "Vancouver (America/Vancouver)" in texts
    assert "Saint-Jean de Terre-Neuve (America/St_Johns)" in texts


async def test_a_typed_country_offers_each_of_its_clocks(fieldbot: BotUnderTest) -> None:
    """Typing "Canada" in /settings offered zone.tab's first eight zones, none west of Ontario."""
    ines = await fieldbot.member(3003, "Inès", Role.MANAGER, ["HT"], language_code="ar")
    await ines.send("/settings")
    await ines.send("كندا")
    offer = await ines.last()
    texts = [button.text for row in offer.buttons for button in row]
    assert "فانكوفر (America/Vancouver)" in texts
    assert "وينيبيج (America/Winnipeg)" in texts
    await ines.tap("America/Winnipeg")
    assert await _zone(fieldbot, 3003) == "America/Winnipeg"


async def test_every_clock_of_russia_has_its_button(fieldbot: BotUnderTest) -> None:
    """Eight buttons for eleven clocks: a newcomer in Kamchatka (UTC+12) had to type their
    city, or stayed on UTC, their "today" yesterday every morning until noon."""
    code = await fieldbot.invite_code(Role.FIELD_STAFF, countries=("RU",))
    olga = fieldbot.user(2004, "Olga", language_code="fr")
    await olga.send(f"/start {code}")
    offer = await olga.last()
    assert [len(row) for row in offer.buttons] == [2, 2, 2, 2, 2, 1]
    texts = [button.text for row in offer.buttons for button in row]
    for zone in ("Europe/Kaliningrad", "Europe/Moscow", "Asia/Magadan", "Asia/Kamchatka"):
        assert any(f"({zone})" in text for text in texts), zone
    await olga.tap("Asia/Kamchatka")
    assert await _zone(fieldbot, 2004) == "Asia/Kamchatka"


async def test_the_buttons_keep_their_place_in_january_and_july(fieldbot: BotUnderTest) -> None:
    """The buttons were ordered by the day's offset: Whitehorse's (UTC-7 all year) came after
    Edmonton's in January and before it in July, Regina's and Winnipeg's too."""
    marc = await fieldbot.member(3004, "Marc", Role.MANAGER, ["CA"])
    texts = await _settings_buttons(marc, JANUARY)
    assert await _settings_buttons(marc, JULY) == texts
    assert texts.index("Edmonton (America/Edmonton)") < texts.index(
        "Whitehorse (America/Whitehorse)"
    )
    assert texts.index("Winnipeg (America/Winnipeg)") < texts.index("Regina (America/Regina)")


async def _settings_buttons(user: SimUser, moment: dt.datetime) -> list[str]:
    """The buttons /settings offers `user` at `moment`."""
    with clock.using(lambda: moment):
        await user.send("/settings")
        texts = [button.text for row in (await user.last()).buttons for button in row]
        await user.send("/cancel")
    return texts


async def test_a_manager_of_every_country_who_volunteers_in_one_is_offered_its_clock(
    fieldbot: BotUnderTest,
) -> None:
    """Paul manages every country and volunteers in Niger: /settings offered no button at all
    (every country names none, and it swallowed Niger); Niamey's clock is offered now."""
    paul = await fieldbot.member(3101, "Paul", Role.MANAGER)  # every country
    code = await fieldbot.invite_code(Role.VOLUNTEER, countries=("NE",))
    await paul.send(f"/start {code}")
    await paul.send("/settings")
    offer = await paul.last()
    assert "Africa/Niamey" in str(offer.buttons)
    await paul.tap("Africa/Niamey")
    assert await _zone(fieldbot, 3101) == "Africa/Niamey"


async def test_a_zone_is_named_in_replies_as_on_its_button(fieldbot: BotUnderTest) -> None:
    """The buttons and the welcome read 'نيامي (Africa/Niamey)', the replies to /settings
    'أصبحت منطقتك الزمنية Africa/Niamey': the city in the user's language, in both now."""
    layla = await fieldbot.member(3001, "Layla", Role.MANAGER, ["HT", "NE"], language_code="ar")
    await layla.send("/settings")
    label = "نيامي (Africa/Niamey)"
    assert label in (await layla.last()).button_texts()
    await layla.tap(label)
    assert (await layla.last()).text == "أصبحت منطقتك الزمنية \u2066نيامي (Africa/Niamey)\u2069."
    await layla.send("/settings")
    assert (await layla.last()).text.startswith(
        "منطقتك الزمنية هي \u2066نيامي (Africa/Niamey)\u2069."
    )
    await layla.send("Port-au-Prince")
    assert (await layla.last()).text == (
        "أصبحت منطقتك الزمنية \u2066بورت أو برنس (America/Port-au-Prince)\u2069."
    )

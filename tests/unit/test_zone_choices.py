"""The time zones offered for a person's countries: one button per clock the countries keep,
west to east, every clock of a country, named in the reader's language (bot.domain.timezones
.zones_for_countries). zone.tab's first eight were offered: all Atlantic or Eastern for
Canada, Indiana's for the United States, no Canary Islands for Spain."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import using
from bot.domain.timezones import (
    _zones_by_country,
    effective_zone,
    find_zones,
    provisional_zone,
    zones_for_countries,
)
from bot.ui.render import zone_keyboard

WINTER = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)
SUMMER = dt.datetime(2027, 7, 2, 12, tzinfo=dt.UTC)


def _clock(zone: str) -> tuple[dt.timedelta | None, ...]:
    """A zone's offsets in the coming winter and summer (enough to tell these clocks apart)."""
    return tuple(moment.astimezone(ZoneInfo(zone)).utcoffset() for moment in (WINTER, SUMMER))


def test_canada_offers_each_of_its_clocks_west_to_east() -> None:
    assert zones_for_countries(("CA",), now=WINTER) == [
        "America/Vancouver",
        "America/Edmonton",
        "America/Whitehorse",  # UTC-7 all year: Edmonton's in winter, Vancouver's in summer
        "America/Winnipeg",
        "America/Regina",  # UTC-6 all year
        "America/Toronto",
        "America/Atikokan",  # UTC-5 all year: it was merged into Toronto's, an hour off in summer
        "America/Halifax",
        "America/Blanc-Sablon",  # UTC-4 all year: it was merged into Halifax's
        "America/St_Johns",
    ]


def test_the_united_states_offer_each_of_their_clocks() -> None:
    assert zones_for_countries(("US",), now=WINTER) == [
        "Pacific/Honolulu",
        "America/Adak",
        "America/Anchorage",
        "America/Los_Angeles",
        "America/Denver",
        "America/Phoenix",
        "America/Chicago",
        "America/New_York",
    ]


@pytest.mark.parametrize(
    ("country", "offered"),
    [
        ("BR", ["America/Rio_Branco", "America/Manaus", "America/Sao_Paulo", "America/Noronha"]),
        (
            "AU",
            [
                "Australia/Perth",
                "Australia/Eucla",
                "Australia/Adelaide",  # UTC+9:30 in winter, as Darwin all year
                "Australia/Darwin",
                "Australia/Sydney",  # UTC+10 in winter, as Brisbane all year
                "Australia/Brisbane",
                "Australia/Lord_Howe",
            ],
        ),
        (
            "MX",
            [
                "America/Tijuana",
                "America/Ciudad_Juarez",
                "America/Mazatlan",
                "America/Mexico_City",
                "America/Matamoros",
                "America/Cancun",
            ],
        ),
        ("CD", ["Africa/Kinshasa", "Africa/Lubumbashi"]),
        ("ID", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]),
        ("MN", ["Asia/Hovd", "Asia/Ulaanbaatar"]),
        ("CL", ["Pacific/Easter", "America/Santiago", "America/Punta_Arenas"]),
        ("EC", ["Pacific/Galapagos", "America/Guayaquil"]),
        ("ES", ["Atlantic/Canary", "Europe/Madrid"]),
        ("PT", ["Atlantic/Azores", "Europe/Lisbon"]),
        ("KZ", ["Asia/Almaty"]),  # one clock (UTC+5) since 2024: set without asking
        ("AR", ["America/Argentina/Buenos_Aires"]),
        ("UZ", ["Asia/Tashkent"]),  # the capital, not Samarkand, zone.tab's first
    ],
)
def test_a_country_with_several_zones_offers_one_per_clock(
    country: str, offered: list[str]
) -> None:
    assert zones_for_countries((country,), now=WINTER) == offered
    clocks = {_clock(zone) for zone in _zones_by_country()[country]}
    assert {_clock(zone) for zone in offered} == clocks  # every clock, each once


JANUARY = dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC)
JULY = dt.datetime(2027, 7, 15, 12, tzinfo=dt.UTC)


def test_the_buttons_keep_their_order_all_year() -> None:
    """Ordered by the day's offset, Whitehorse (UTC-7 all year) came after Edmonton in January
    and before it in July, and Australia's, Chile's or Mexico's clocks swapped places with the
    seasons: they are ordered by standard time, the country's most peopled clock first."""
    for country in _zones_by_country():
        january = zones_for_countries((country,), now=JANUARY)
        assert zones_for_countries((country,), now=JULY) == january, country
    for countries in (("CA", "HT"), ("US", "MX"), ("AU", "NZ"), ("CL", "PY", "BR")):
        january = zones_for_countries(countries, now=JANUARY)
        assert zones_for_countries(countries, now=JULY) == january, countries
    in_july = zones_for_countries(("CA",), now=JULY)
    assert in_july.index("America/Edmonton") < in_july.index("America/Whitehorse")
    assert in_july.index("America/Winnipeg") < in_july.index("America/Regina")


def test_russia_offers_each_of_its_eleven_clocks() -> None:
    """Eight buttons: Kaliningrad, Magadan and Kamchatka had to type their city."""
    assert zones_for_countries(("RU",), now=WINTER) == [
        "Europe/Kaliningrad",
        "Europe/Moscow",
        "Europe/Samara",
        "Asia/Yekaterinburg",
        "Asia/Omsk",
        "Asia/Novosibirsk",
        "Asia/Irkutsk",
        "Asia/Yakutsk",
        "Asia/Vladivostok",
        "Asia/Magadan",
        "Asia/Kamchatka",
    ]
    markup = zone_keyboard(zones_for_countries(("RU",), now=WINTER), "ru")
    assert [len(row) for row in markup.inline_keyboard] == [2, 2, 2, 2, 2, 1]


def test_every_clock_of_every_country_has_its_button() -> None:
    for country, zones in _zones_by_country().items():
        offered = zones_for_countries((country,), now=WINTER)
        assert len({_clock(zone) for zone in offered}) == len(offered), country
        assert {_clock(zone) for zone in offered} == {_clock(zone) for zone in zones}, country
        markup = zone_keyboard(offered, "en")
        assert sum(map(len, markup.inline_keyboard)) == len(offered)
        assert len(markup.inline_keyboard) <= 8, country


def test_a_country_with_one_zone_is_offered_it_as_before() -> None:
    for country, zones in _zones_by_country().items():
        if len(zones) == 1:
            assert zones_for_countries((country,), now=WINTER) == list(zones)
    assert zones_for_countries(("HT", "NE"), now=WINTER) == [
        "America/Port-au-Prince",
        "Africa/Niamey",
    ]


def test_a_manager_of_canada_and_haiti_is_offered_both_countries_clocks() -> None:
    offered = zones_for_countries(("CA", "HT"), now=WINTER)
    assert len(offered) == 11
    assert "America/Port-au-Prince" in offered  # Toronto's clock, but Haiti's own city
    for zone in ("America/Vancouver", "America/Edmonton", "America/Winnipeg"):
        assert zone in offered
    for zone in ("America/Toronto", "America/Halifax", "America/St_Johns"):
        assert zone in offered
    offsets = [WINTER.astimezone(ZoneInfo(zone)).utcoffset() or dt.timedelta() for zone in offered]
    assert offsets == sorted(offsets)  # west to east
    assert "America/Port-au-Prince" in zones_for_countries(("HT", "CA", "US"), now=WINTER)
    assert "America/Los_Angeles" in zones_for_countries(("US", "CA"), now=WINTER)


@pytest.mark.parametrize(
    ("locale", "cities"),
    [
        ("en", ["Vancouver", "Edmonton", "Winnipeg", "Toronto", "Halifax", "St. John’s"]),
        ("fr", ["Vancouver", "Winnipeg", "Toronto", "Saint-Jean de Terre-Neuve"]),
        ("ar", ["فانكوفر", "ايدمونتون", "وينيبيج", "تورونتو", "هاليفاكس", "سانت جونس"]),
    ],
)
def test_the_buttons_name_the_cities_in_the_readers_language(
    locale: str, cities: list[str]
) -> None:
    markup = zone_keyboard(zones_for_countries(("CA",), now=WINTER), locale)
    texts = [button.text for row in markup.inline_keyboard for button in row]
    for city in cities:
        assert any(text.startswith(city + " (") for text in texts), (city, texts)


@pytest.mark.parametrize("typed", ["Canada", "canada", "كندا", "Kanada"])
def test_a_typed_country_offers_each_of_its_clocks(typed: str) -> None:
    """/settings: typing "Canada" offered zone.tab's first eight zones too, all Atlantic or
    Eastern; it offers the newcomer's buttons."""
    with using(lambda: WINTER):
        assert find_zones(typed) == zones_for_countries(("CA",), now=WINTER)


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("Espagne", ["Atlantic/Canary", "Europe/Madrid"]),
        ("إسبانيا", ["Atlantic/Canary", "Europe/Madrid"]),
        ("Portugal", ["Atlantic/Azores", "Europe/Lisbon"]),
        ("Équateur", ["Pacific/Galapagos", "America/Guayaquil"]),
        ("RDC", ["Africa/Kinshasa", "Africa/Lubumbashi"]),
        ("États-Unis", zones_for_countries(("US",), now=WINTER)),
        ("Mexique", zones_for_countries(("MX",), now=WINTER)),  # Mexico City among them
        ("Argentine", ["America/Argentina/Buenos_Aires"]),  # one clock: set at once
        ("Haïti", ["America/Port-au-Prince"]),
    ],
)
def test_a_typed_country_offers_its_clocks_in_any_language(typed: str, offered: list[str]) -> None:
    with using(lambda: WINTER):
        assert find_zones(typed) == offered


def test_several_big_countries_share_the_buttons_most_peopled_first() -> None:
    """Russia's, Canada's and the United States' 29 clocks: 24 buttons, two a row; Atikokan's
    merges into Toronto's (CLDR names both Eastern time), the least peopled are typed."""
    offered = zones_for_countries(("RU", "CA", "US"), now=WINTER)
    assert len(offered) == 24
    for zone in ("Europe/Moscow", "America/Toronto", "America/New_York", "Asia/Kamchatka"):
        assert zone in offered
    assert "America/Atikokan" not in offered
    assert len(zone_keyboard(offered, "en").inline_keyboard) == 12


@pytest.mark.parametrize("typed", ["Russie", "Rusia", "روسيا"])
def test_a_typed_russia_offers_its_eleven_clocks(typed: str) -> None:
    with using(lambda: WINTER):
        assert find_zones(typed) == zones_for_countries(("RU",), now=WINTER)
    assert "Europe/Kaliningrad" in find_zones(typed)


@pytest.mark.parametrize(
    ("countries", "zone"),
    [
        (("KE",), "Africa/Nairobi"),  # one clock
        (("RU",), "Europe/Moscow"),  # the most peopled of eleven
        (("CD",), "Africa/Kinshasa"),
        (("UA",), "Europe/Kyiv"),  # not Simferopol, zone.tab's first
        (("US",), "America/New_York"),
        (("BR",), "America/Sao_Paulo"),
        (("ML", "SN"), "Africa/Bamako"),  # two countries, one clock
        (("HT", "NE"), None),  # six hours apart: no guess
        ((), None),  # every country
    ],
)
def test_until_a_person_chooses_their_country_clock_is_theirs(
    countries: tuple[str, ...], zone: str | None
) -> None:
    assert provisional_zone(countries, now=JANUARY) == zone
    assert provisional_zone(countries, now=JULY) == zone
    assert effective_zone("UTC", False, countries) == (zone or "UTC")


def test_a_chosen_zone_always_wins() -> None:
    assert effective_zone("Africa/Lubumbashi", True, ("CD",)) == "Africa/Lubumbashi"
    assert effective_zone("UTC", True, ("KE",)) == "UTC"

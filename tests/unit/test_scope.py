from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.domain.scope import Scope, ScopeError, country_codes, parse_duration, parse_scope
from bot.domain.timezones import (
    find_zones,
    is_valid_zone,
    today_in,
    zone_or_utc,
    zones_for_countries,
)


def test_scope_accepts_codes_in_any_case_and_separator() -> None:
    assert parse_scope("ht, NE;cd  ht") == Scope(("HT", "NE", "CD"), False)
    assert parse_scope(" ALL ") == Scope((), True)


@pytest.mark.parametrize("text", ["", "   ", ",,"])
def test_an_empty_scope_is_an_error(text: str) -> None:
    with pytest.raises(ScopeError) as info:
        parse_scope(text)
    assert info.value.codes == ()


def test_unknown_codes_are_listed() -> None:
    with pytest.raises(ScopeError) as info:
        parse_scope("HT, XY, EU, 🙂, all")
    assert info.value.codes == ("XY", "EU", "🙂", "ALL")


def test_country_codes_are_countries_only() -> None:
    codes = country_codes()
    assert {"HT", "NE", "CA", "MG", "XK"} <= codes
    assert not {"EU", "UN", "ZZ", "001"} & codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", dt.timedelta(days=7)),
        ("12H", dt.timedelta(hours=12)),
        ("2w", dt.timedelta(weeks=2)),
        (" 30 m ", dt.timedelta(minutes=30)),
    ],
)
def test_durations(text: str, expected: dt.timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["0d", "91d", "7", "d", "-1d", "1y", "१d"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(text)):
        parse_duration(text)


def test_time_zones_come_from_the_users_countries() -> None:
    assert zones_for_countries(("HT", "NE")) == ["America/Port-au-Prince", "Africa/Niamey"]
    assert zones_for_countries(("XY",)) == []


def test_typed_time_zones() -> None:
    assert find_zones("niamey") == ["Africa/Niamey"]
    assert find_zones("Port au Prince") == ["America/Port-au-Prince"]
    assert find_zones("EUROPE/PARIS") == ["Europe/Paris"]
    assert "America/Argentina/Buenos_Aires" in find_zones("buenos")
    assert find_zones("") == []
    assert find_zones("atlantis") == []
    assert is_valid_zone("UTC")
    assert not is_valid_zone("../etc/passwd")


@pytest.mark.parametrize(
    "forged", ["localtime", "Factory", "posixrules", "posix/Europe/Paris", "right/UTC", "EST5EDT"]
)
def test_a_forged_button_names_no_zone_that_is_never_offered(forged: str) -> None:
    """A time-zone button's data is client-controlled: zoneinfo opens "localtime" (the
    server's own clock, whatever it is), "Factory" ("-00") or "right/UTC" (leap seconds), which
    no button and no typed city offers; the person was stored on it."""
    assert not is_valid_zone(forged)


@pytest.mark.parametrize(
    ("typed", "zones"),
    [
        ("Katmandou", ["Asia/Kathmandu"]),  # French
        ("القاهرة", ["Africa/Cairo"]),  # Arabic
        ("El Cairo", ["Africa/Cairo"]),  # Spanish
        ("Bogotá", ["America/Bogota"]),  # as written, with its accent
        ("São Paulo", ["America/Sao_Paulo"]),
        ("Tananarive", ["Indian/Antananarivo"]),  # the old name, still in use
        ("Haïti", ["America/Port-au-Prince"]),  # a country stands for its zones
        ("Madagasikara", ["Indian/Antananarivo"]),  # in Malagasy
        ("Niger", ["Africa/Niamey"]),  # not Nigeria's too
        ("Côte d’Ivoire", ["Africa/Abidjan"]),
        ("kinshasa", ["Africa/Kinshasa"]),  # not Lubumbashi for "Congo - Kinshasa"
        ("Kiev", ["Europe/Kyiv"]),  # an old zone name: its current one, once
        ("Europe/Kiev", ["Europe/Kyiv"]),
        ("Katmandu", ["Asia/Kathmandu"]),
        ("Montreal", ["America/Montreal"]),  # a link to Toronto's rules: kept, not "Toronto"
        ("Coral Harbour", ["America/Coral_Harbour"]),  # not Panama, nor Cayman
        ("Reykjavik", ["Atlantic/Reykjavik"]),  # a merged zone: its own name, not Abidjan
        # The country Samoa (UTC+13), not Pago Pago's old names "Pacific/Samoa", "US/Samoa"
        # (American Samoa, UTC-11): a volunteer in Apia would have been a day off.
        ("Samoa", ["Pacific/Apia"]),
        ("Samoa américaines", ["Pacific/Pago_Pago"]),
        ("Pago Pago", ["Pacific/Pago_Pago"]),
    ],
)
def test_a_city_or_a_country_as_people_write_it(typed: str, zones: list[str]) -> None:
    assert find_zones(typed) == zones
    assert all(is_valid_zone(zone) for zone in zones)


def test_a_country_of_many_zones_offers_one_zone_per_clock() -> None:
    offered = find_zones("Brésil")
    assert sorted(offered) == [
        "America/Manaus",
        "America/Noronha",
        "America/Rio_Branco",
        "America/Sao_Paulo",
    ]


@pytest.mark.parametrize(
    ("typed", "zone", "utc_offset_hours"),
    [
        ("GMT+3", "Etc/GMT-3", 3),  # Madagascar: three hours ahead, not behind
        ("gmt +3", "Etc/GMT-3", 3),
        ("UTC-5", "Etc/GMT+5", -5),
        ("+03:00", "Etc/GMT-3", 3),
        ("\u22124", "Etc/GMT+4", -4),  # a typographic minus
        ("UTC+14", "Etc/GMT-14", 14),
        ("UTC+0", "Etc/UTC", 0),
        ("GMT", "Etc/UTC", 0),
    ],
)
def test_an_offset_is_read_as_people_mean_it(typed: str, zone: str, utc_offset_hours: int) -> None:
    """IANA names its fixed offsets with the sign reversed: "GMT+3" matched Etc/GMT+3, which
    is UTC-3, and a Malagasy volunteer's 09:00 reminders would have come at 15:00."""
    assert find_zones(typed) == [zone]
    moment = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)
    offset = zone_or_utc(zone).utcoffset(moment)
    assert offset == dt.timedelta(hours=utc_offset_hours)


@pytest.mark.parametrize("typed", ["UTC+5:45", "+05:30", "UTC+15", "GMT-13"])
def test_an_offset_with_no_fixed_zone_is_not_guessed(typed: str) -> None:
    assert find_zones(typed) == []  # the bot asks for a city (Kathmandu, Kolkata...)


def test_today_depends_on_the_users_time_zone() -> None:
    late_evening_utc = dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.UTC)
    assert today_in("UTC", late_evening_utc) == dt.date(2026, 11, 28)
    assert today_in("Asia/Amman", late_evening_utc) == dt.date(2026, 11, 29)
    assert today_in("America/Port-au-Prince", late_evening_utc) == dt.date(2026, 11, 28)
    assert today_in("Not/AZone", late_evening_utc) == dt.date(2026, 11, 28)


@pytest.mark.parametrize("text", ["HT et NE", "ht and ne", "HT sy NE", "HT na NE", "HT و NE"])
def test_and_between_two_codes_is_a_word_not_a_country(text: str) -> None:
    """ "et" is Ethiopia's code, "na" Namibia's, "sy" Syria's: between two codes, lower case,
    they are "and" (Jean was given Ethiopia too)."""
    assert parse_scope(text) == Scope(("HT", "NE"), False)


def test_the_same_letters_alone_or_in_capitals_are_countries() -> None:
    assert parse_scope("ET") == Scope(("ET",), False)
    assert parse_scope("HT ET NE") == Scope(("HT", "ET", "NE"), False)
    assert parse_scope("na") == Scope(("NA",), False)


def test_names_refused_in_arabic_keep_their_direction_and_the_arabic_comma() -> None:
    """Arabic names echoed back were isolated left-to-right, joined by a Latin comma:
    "⁦المغرب, وهايتي⁩" read in the wrong order."""
    from bot.i18n import create_i18n
    from bot.ui.render import country_codes_error

    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("ar"):
        text = country_codes_error(ScopeError(("مغربستان", "هايتيستان")), "ar")
    assert "\u2068مغربستان، هايتيستان\u2069" in text
    with i18n.context(), i18n.use_locale("en"):
        assert "codes: XX, YY." in country_codes_error(ScopeError(("XX", "YY")), "en")


@pytest.mark.parametrize("typed", ["all", "ALL", "tous", "Todos", "الكل", "yote", "rehetra"])
def test_all_in_the_admins_own_language_is_every_country(typed: str) -> None:
    assert parse_scope(typed).all_countries


def test_all_among_codes_is_no_country() -> None:
    with pytest.raises(ScopeError):
        parse_scope("HT, tous")

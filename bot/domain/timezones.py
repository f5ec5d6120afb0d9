"""Time zones a user can pick: IANA names, suggested from their countries, found from what
people type (a city or a country in any of the bot's languages, an offset) (pure)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel import Locale
from babel.core import get_global

from bot.domain.clock import utcnow
from bot.domain.country_aliases import ALIASES
from bot.domain.languages import SUPPORTED_LOCALES, read_locales

# Names people still use that no time-zone database knows.
OLD_NAMES: dict[str, str] = {"Tananarive": "Indian/Antananarivo"}


@cache
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    """ISO country → its IANA zones, from tzdata's zone.tab (shipped as a dependency)."""
    table: dict[str, list[str]] = {}
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _coords, zone, *_ = line.split("\t")
        table.setdefault(country, []).append(zone)
    return {country: tuple(zones) for country, zones in table.items()}


# The zone each clock of a country is offered under, most people first, where zone.tab's
# order (geographic: Brazil's starts with Noronha's islands, Australia's with Lord Howe) would
# pick a small place (and the least peopled are left to typing when several countries' clocks
# outnumber the buttons). Elsewhere a clock is offered under its first zone in zone.tab.
_PREFERRED: dict[str, tuple[str, ...]] = {
    "AU": (
        "Australia/Sydney",
        "Australia/Brisbane",
        "Australia/Perth",
        "Australia/Adelaide",
        "Australia/Darwin",
        "Australia/Lord_Howe",
        "Australia/Eucla",
    ),
    "BR": ("America/Sao_Paulo", "America/Manaus", "America/Rio_Branco", "America/Noronha"),
    "CA": (
        "America/Toronto",
        "America/Vancouver",
        "America/Edmonton",
        "America/Winnipeg",
        "America/Halifax",
        "America/Regina",
        "America/St_Johns",
        "America/Whitehorse",
    ),
    "CL": ("America/Santiago", "America/Punta_Arenas", "Pacific/Easter"),
    "MX": (
        "America/Mexico_City",
        "America/Tijuana",
        "America/Ciudad_Juarez",
        "America/Mazatlan",
        "America/Cancun",
        "America/Matamoros",
    ),
    "RU": (
        "Europe/Moscow",
        "Asia/Yekaterinburg",
        "Asia/Novosibirsk",
        "Europe/Samara",
        "Asia/Irkutsk",
        "Asia/Vladivostok",
        "Asia/Yakutsk",
        "Asia/Omsk",
        "Europe/Kaliningrad",
        "Asia/Magadan",
        "Asia/Kamchatka",
    ),
    "US": (
        "America/New_York",
        "America/Chicago",
        "America/Los_Angeles",
        "America/Denver",
        "America/Phoenix",
        "Pacific/Honolulu",
        "America/Anchorage",
        "America/Adak",
    ),
    "UA": ("Europe/Kyiv",),  # zone.tab lists Simferopol (Moscow's time) first
    "UZ": ("Asia/Tashkent",),
}


# Time-zone buttons offered at most: every clock of any one country (Russia has eleven, Canada
# ten), in two columns beyond eight (bot.ui.render.zone_keyboard), far below Telegram's 100.
ZONE_BUTTONS = 24


def zones_for_countries(
    countries: tuple[str, ...], limit: int = ZONE_BUTTONS, now: dt.datetime | None = None
) -> list[str]:
    """One zone per clock the given countries keep, west to east, at most `limit`.

    zone.tab lists a country's zones by history, not by clock: Canada's first eight are all
    Atlantic or Eastern, so someone in Vancouver had no button. Zones that keep the same time
    from now on (every offset over the coming year) are one clock, shown under its best-known
    city. Every clock of any one country has its button (Kaliningrad's, Magadan's and
    Kamchatka's too); only when several countries' clocks outnumber the buttons does a small
    clock merge into a sibling that CLDR names alike (Atikokan's Eastern time without summer
    time into Toronto's), then the least peopled are left out (they can type their city). A
    country whose zones all keep one clock is offered that one zone (Argentina's twelve are
    Buenos Aires's time). Several countries' clocks are each offered under the country's own
    city (Port-au-Prince and Toronto).

    The order is the same all year: by standard time (a clock's lowest offset over the year),
    then the country's most peopled clock first. Ordered by the offset of the day, Whitehorse
    (UTC-7 all year) came after Edmonton in winter and before it in summer, and a button moved
    under the thumb of someone who had learnt where theirs was."""
    now = now or utcnow()
    day = now.astimezone(dt.UTC).date()
    known = list(dict.fromkeys(code.upper() for code in countries))
    clocks = [list(_clocks(code, day)) for code in known]
    while sum(map(len, clocks)) > limit and _merge_smallest(clocks):
        pass
    kept = sorted(
        ((rank, place) for place, country in enumerate(clocks) for rank in range(len(country))),
    )[:limit]
    kept.sort(key=lambda item: (clocks[item[1]][item[0]].standard, item[1], item[0]))
    return [clocks[place][rank].zone for rank, place in kept]


def provisional_zone(countries: tuple[str, ...], now: dt.datetime | None = None) -> str | None:
    """The zone a person is taken to keep until they choose one: their country's clock (its
    most peopled where it keeps several: Moscow's, Kinshasa's, New York's), or their countries'
    one clock (Dakar's for Senegal and Mali). None when their countries keep different clocks
    (Haiti's and Niger's: any one would be hours off for the others) or they name none.

    Read on every update (the sender's view): worked out once per process for a set of
    countries, from the clocks of the day it is first asked (a country's main clock does not
    move with the seasons; new tzdata comes with a restart)."""
    return _provisional(tuple(dict.fromkeys(code.upper() for code in countries)), now)


@lru_cache(maxsize=1024)
def _provisional(countries: tuple[str, ...], now: dt.datetime | None = None) -> str | None:
    day = (now or utcnow()).astimezone(dt.UTC).date()
    mains = [clocks[0] for clocks in (_clocks(code, day) for code in countries) if clocks]
    if not mains or len(mains) != len(countries):
        return None
    start = dt.datetime.combine(day, dt.time(), dt.UTC)
    if len({_changes(clock.zone, start) for clock in mains}) > 1:
        return None
    return mains[0].zone


def effective_zone(
    stored: str, chosen: bool, countries: tuple[str, ...], now: dt.datetime | None = None
) -> str:
    """The zone a person's dates, reminders and digest follow: the one they chose, always;
    until they choose, their country's (`provisional_zone`), else the stored one (UTC)."""
    if chosen:
        return stored
    return provisional_zone(countries, now) or stored


@dataclass(frozen=True)
class _Clock:
    """Zones of one country that keep the same time: `zone` is the one offered."""

    zone: str
    zones: tuple[str, ...]
    metazones: frozenset[str]  # CLDR's names for their time ("America_Central")
    # Their standard time: the lowest offset they keep over the year (summer time only adds).
    standard: dt.timedelta
    weight: tuple[int, int, int]  # smaller first: preferred, more zones, earlier in zone.tab


@lru_cache(maxsize=256)
def _clocks(country: str, day: dt.date) -> tuple[_Clock, ...]:
    """A country's clocks from `day` on, the most peopled first."""
    zones = _zones_by_country().get(country, ())
    start = dt.datetime.combine(day, dt.time(), dt.UTC)
    same: dict[tuple[object, ...], list[str]] = {}
    for zone in zones:
        same.setdefault(_changes(zone, start), []).append(zone)
    preferred = _PREFERRED.get(country, ())
    meta = get_global("meta_zones")
    clocks = []
    for changes, group in same.items():
        shown = next((zone for zone in preferred if zone in group), group[0])
        clocks.append(
            _Clock(
                zone=shown,
                zones=tuple(group),
                metazones=frozenset(meta[zone] for zone in group if zone in meta),
                standard=_standard(changes),
                weight=(
                    preferred.index(shown) if shown in preferred else len(preferred),
                    -len(group),
                    zones.index(group[0]),
                ),
            )
        )
    return tuple(sorted(clocks, key=lambda clock: clock.weight))


def _changes(zone: str, start: dt.datetime) -> tuple[object, ...]:
    """A zone's offset at `start` and each change over the year after it (to the minute):
    two zones with the same are one clock."""
    tz = ZoneInfo(zone)

    def offset(moment: dt.datetime) -> dt.timedelta | None:
        return moment.astimezone(tz).utcoffset()

    marks = [start + dt.timedelta(days=days) for days in range(0, 372, 7)]
    offsets = [offset(mark) for mark in marks]
    changes: list[object] = [offsets[0]]
    for index in range(1, len(marks)):  # no zone changes its clock twice within a week
        if offsets[index] == offsets[index - 1]:
            continue
        low, high = marks[index - 1], marks[index]
        while high - low > dt.timedelta(minutes=1):
            middle = low + (high - low) / 2
            low, high = (middle, high) if offset(middle) == offsets[index - 1] else (low, middle)
        changes.append((high.replace(second=0, microsecond=0), offsets[index]))
    return tuple(changes)


def _standard(changes: tuple[object, ...]) -> dt.timedelta:
    """The lowest offset in a zone's `_changes` (its offset, then each (moment, offset))."""
    offsets = [changes[0], *(change[1] for change in changes[1:] if isinstance(change, tuple))]
    return min(offset for offset in offsets if isinstance(offset, dt.timedelta))


def _merge_smallest(clocks: list[list[_Clock]]) -> bool:
    """Merge the least weighty clock that has a sibling of the same name in its country
    into the weightiest such sibling; False when no clock has one."""
    found: tuple[tuple[int, int, int], int, int, int] | None = None
    for place, country in enumerate(clocks):
        for index, clock in enumerate(country):
            sibling = next(
                (
                    i
                    for i, other in enumerate(country[:index])
                    if other.metazones & clock.metazones
                ),
                None,
            )
            if sibling is not None and (found is None or clock.weight > found[0]):
                found = (clock.weight, place, index, sibling)
    if found is None:
        return False
    _weight, place, index, sibling = found
    country = clocks[place]
    small, big = country[index], country[sibling]
    country[sibling] = replace(
        big, zones=big.zones + small.zones, metazones=big.metazones | small.metazones
    )
    del country[index]
    return True


def is_valid_zone(name: str) -> bool:
    """A zone a button may carry: one of those offered or typed (a region's, an "Etc/" offset,
    UTC). zoneinfo also opens "localtime" (the server's clock), "Factory" or "right/UTC",
    which a forged button would store."""
    return name in _all_zones()


@cache
def _all_zones() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


# An offset as people write it: "GMT+3", "UTC -5", "+03:00", "utc+5:45".
_OFFSET = re.compile(r"(?:gmt|utc)?\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


def find_zones(query: str, limit: int = 8) -> list[str]:
    """Zones matching what the user typed: an offset; a zone's name (any case); a city or a
    country as the bot's languages write it ("Katmandou", "القاهرة", "Haïti", "Bogota" for
    Bogotá); then zone names and city names that contain it.

    An offset ("GMT+3", "UTC-5", "+03:00") is read as people mean it: IANA's fixed-offset
    zones are named with the sign reversed (Etc/GMT+3 is three hours *behind* UTC), so a match
    on the name stored "GMT+3" as UTC-3, six hours off. An offset with minutes (+05:45) has no
    such zone: none is offered, and the user is asked for a city.
    """
    offset = _OFFSET.fullmatch(query.strip())
    if offset is not None:
        return _offset_zone(*offset.groups())
    needle = _normal(query)
    if not needle:
        return []
    if needle in ("gmt", "utc"):
        return ["Etc/UTC"]
    exact = [zone for zone in _all_zones() if _normal(zone) == needle]
    if exact:
        return [current_name(exact[0])]
    named = _named_places().get(needle)
    if named:
        codes = _country_codes().get(needle)
        if codes:  # a country: one zone per clock it keeps, as its newcomers are offered
            its = {current_name(zone) for code in codes for zone in _zones_by_country()[code]}
            also = [zone for zone in named if zone not in its]  # a city of that name elsewhere
            # Every clock of the country, as its newcomers are offered, whatever `limit`.
            clocks = zones_for_countries(codes)
            return [*also[: max(0, limit - len(clocks))], *clocks]
        return list(named[:limit])
    # Not the reversed-sign fixed offsets ("Etc/GMT+3" for "gmt"): offsets are read above.
    found = [
        zone
        for zone in _all_zones()
        if needle in _normal(zone) and not re.fullmatch(r"Etc/GMT[+-]\d+", zone)
    ]
    if len(needle) >= 3:
        for name, zones in _named_places().items():
            if needle in name:
                found.extend(zone for zone in zones if zone not in found)
    current: list[str] = []
    for zone in map(current_name, found):  # "Africa/Asmara", not "Africa/Asmera" too
        if zone not in current:
            current.append(zone)
    return current[:limit]


@cache
def _current_zones() -> frozenset[str]:
    return frozenset(zone for zones in _zones_by_country().values() for zone in zones)


@cache
def current_name(zone: str) -> str:
    """A renamed zone's current name: 'Europe/Kiev' → 'Europe/Kyiv', 'Asia/Katmandu' →
    'Asia/Kathmandu' (tzdata's link to a zone of the same area whose city starts alike).
    Other links stay as they are: 'America/Montreal' is Toronto's clock but not Toronto,
    'Asia/Calcutta' is Kolkata under its old name, 'America/Coral_Harbour' is not Panama."""
    target = _links().get(zone)
    if target is None or target.split("/", 1)[0] != zone.split("/", 1)[0]:
        return zone
    if target.rsplit("/", 1)[1][:1] != zone.rsplit("/", 1)[1][:1]:
        return zone
    return target if target in _current_zones() else zone


@cache
def _links() -> dict[str, str]:
    """tzdata's links (old or merged name → zone), from its compiled source tzdata.zi."""
    text = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text("utf-8")
    links: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("L "):
            _l, target, name = line.split()[:3]
            links[name] = target
    return links


def prepare_search() -> None:
    """Build the name index find_zones reads (a few tenths of a second, once per process):
    called in a thread at start, so that no user's update waits for it on the event loop."""
    _named_places()
    _country_codes()


@cache
def _named_places() -> dict[str, tuple[str, ...]]:
    """City and country names in the bot's languages (Babel's CLDR data), normalised → zones.
    Zone names already say a city in English; CLDR adds the cities other languages spell
    differently, and countries' names (and their usual short or former names) stand for their
    zones."""
    places: dict[str, list[str]] = {}

    def add(name: str, zones: tuple[str, ...]) -> None:
        listed = places.setdefault(_normal(name), [])
        listed.extend(current for current in map(current_name, zones) if current not in listed)

    known = set(_all_zones())
    countries = _country_zones()
    for zone in _all_zones():
        if zone.startswith("Etc/"):
            continue
        city = zone.rsplit("/", 1)[-1]
        target = _links().get(zone)
        named = countries.get(_normal(city))
        if target is not None and named is not None and target not in named:
            # An old name that says a country it is not the clock of: "Pacific/Samoa" is
            # American Samoa's (UTC-11), a day off Samoa's (UTC+13). The country wins.
            continue
        add(city, (zone,))  # "Kinshasa", not "Congo - Kinshasa"
    for name, zone in OLD_NAMES.items():
        add(name, (zone,))
    for cldr in (c for locale in SUPPORTED_LOCALES for c in read_locales(locale)):
        data = Locale.parse(cldr)
        for zone, names in data.time_zones.items():
            city = names.get("city")
            if city and zone in known:
                add(city, (zone,))
        for code, country in data.territories.items():
            zones = _zones_by_country().get(str(code))
            if zones:
                add(country, zones)
    for code, aliases in ALIASES.items():  # "RDC", "Ivory Coast": as forms and /invite take them
        for alias in aliases if code in _zones_by_country() else ():
            add(alias, _zones_by_country()[code])
    return {name: tuple(zones) for name, zones in places.items() if name}


@cache
def _country_codes() -> dict[str, tuple[str, ...]]:
    """Country names in the bot's languages and their usual short or former names, normalised
    → the countries (with zones) they name."""
    found: dict[str, list[str]] = {}

    def add(name: str, code: str) -> None:
        codes = found.setdefault(_normal(name), [])
        if code in _zones_by_country() and code not in codes:
            codes.append(code)

    for cldr in (c for locale in SUPPORTED_LOCALES for c in read_locales(locale)):
        for code, country in Locale.parse(cldr).territories.items():
            add(country, str(code))
    for code, aliases in ALIASES.items():
        for alias in aliases:
            add(alias, code)
    return {name: tuple(codes) for name, codes in found.items() if name and codes}


@cache
def _country_zones() -> dict[str, tuple[str, ...]]:
    """Country names in the bot's languages, normalised → the country's zones."""
    found: dict[str, tuple[str, ...]] = {}
    for cldr in (c for locale in SUPPORTED_LOCALES for c in read_locales(locale)):
        for code, country in Locale.parse(cldr).territories.items():
            zones = _zones_by_country().get(str(code))
            if zones:
                found[_normal(country)] = zones
    return found


def _offset_zone(sign: str, hours: str, minutes: str | None) -> list[str]:
    east = sign == "+"
    if (minutes and int(minutes)) or int(hours) > (14 if east else 12):
        return []
    if int(hours) == 0:
        return ["Etc/UTC"]
    return [f"Etc/GMT{'-' if east else '+'}{int(hours)}"]  # IANA: the sign is reversed


def zone_shown(zone: str) -> str:
    """A zone as people read it: a fixed offset with the sign they typed ("Etc/GMT+5", five
    hours behind UTC, is "UTC-5"); any other zone by its name."""
    offset = re.fullmatch(r"Etc/GMT([+-])(\d+)", zone)
    if offset is None:
        return zone
    return f"UTC{'-' if offset.group(1) == '+' else '+'}{offset.group(2)}"


def _normal(text: str) -> str:
    """'Port au Prince', 'port-au-prince' and 'Port_au_Prince' compare equal, as do 'Bogotá'
    and 'Bogota', 'São Paulo' and 'Sao_Paulo', 'Dumont-d’Urville' and 'DumontDUrville'."""
    folded = unicodedata.normalize("NFKD", text.strip().casefold())
    kept = (ch for ch in folded if not unicodedata.combining(ch) and ch not in "'’.")
    return "".join("_" if ch in " -_" else ch for ch in kept)


def zone_or_utc(name: str | None) -> dt.tzinfo:
    """A user's IANA zone; UTC when it is unset or unknown (never an exception)."""
    if not name:
        return dt.UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def today_in(zone: str, now: dt.datetime | None = None) -> dt.date:
    """Today's date in a time zone (an unknown zone counts as UTC): a user's "today"."""
    return (now or utcnow()).astimezone(zone_or_utc(zone)).date()


# The latest calendar on Earth (Kiribati's Line Islands, UTC+14), and the earliest (UTC−12).
_LATEST_ZONE = "Etc/GMT-14"
_EARLIEST_ZONE = "Etc/GMT+12"


def earliest_today(now: dt.datetime | None = None) -> dt.date:
    """The earliest date it is anywhere on Earth (UTC−12): a day no country has yet to reach,
    so a report dated on it is in the future nowhere (`latest_today`)."""
    return today_in(_EARLIEST_ZONE, now)


def latest_today(country: str | None, now: dt.datetime | None = None) -> dt.date:
    """The latest date it is anywhere in a country (the date in its easternmost time zone).

    A day after it is in the future for everyone there; the day itself is today somewhere in
    the country (Kinshasa and Lubumbashi are an hour apart). A country that zone.tab does not
    list counts as UTC+14: a date is then only "in the future" once it is everywhere.
    """
    zones = _zones_by_country().get((country or "").upper()) or (_LATEST_ZONE,)
    return max(today_in(zone, now) for zone in zones)
